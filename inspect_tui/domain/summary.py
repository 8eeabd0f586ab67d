"""The small per-inspection summary that lists show without loading whole inspections."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from inspect_tui.domain.inspection import Inspection, Status


class InspectionSummary(BaseModel):
    """What the home screen and ``inspections list --json`` show for one inspection."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: UUID
    number: str
    revision: int
    supersedes: UUID | None
    enterprise: str
    edrpou: str
    checklist: str
    status: Status
    started: date
    finished: date
    signed_at: date | None
    progress: int
    items: int
    open_violations: int
    shortcomings: int = 0
    updated_at: datetime
    sha256: str | None

    @classmethod
    def of(cls, inspection: Inspection) -> InspectionSummary:
        return cls(
            id=inspection.id,
            number=inspection.number,
            revision=inspection.revision,
            supersedes=inspection.supersedes,
            enterprise=inspection.enterprise.short_name,
            edrpou=inspection.enterprise.edrpou,
            checklist=inspection.checklist.id,
            status=inspection.status,
            started=inspection.start_date,
            finished=inspection.end_date,
            signed_at=inspection.signoff.signed_on if inspection.signoff else None,
            progress=inspection.progress,
            items=len(inspection.findings),
            open_violations=inspection.open_violations,
            shortcomings=inspection.shortcomings,
            updated_at=inspection.updated_at,
            sha256=inspection.sha256,
        )
