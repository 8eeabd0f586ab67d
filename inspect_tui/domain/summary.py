"""The small per-inspection summary that lists show without loading whole inspections (its plain row for the home is
``summary_row.SummaryRow``, re-exported here)."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from inspect_tui.domain.inspection import Inspection, Status
from inspect_tui.domain.summary_row import SummaryRow

__all__ = ["InspectionSummary", "SummaryRow"]


class InspectionSummary(BaseModel):
    """What the home screen, ``inspections list --json`` and the register's plan show for one inspection.

    ``signs`` and ``plan_entry`` have no defaults: a summary stored before they were kept fails
    validation, so its shard is read around from the inspection files and rebuilt (never read as 0 or
    «not linked»).
    """

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
    finished: date | None  # None: a draft whose end date is not set yet
    signed_at: date | None
    progress: int
    items: int
    open_violations: int  # violations of the Law and signs of an official's breach together, as the certificate numbers them
    signs: int  # of ``open_violations``, the signs of an official's breach (only the law's procedure establishes a breach)
    shortcomings: int = 0
    plan_entry: UUID | None  # the entry of the yearly plan the inspection carries out
    updated_at: datetime
    sha256: str | None
    #: the council the sign-off names as the certificate's issuer ("" unsigned, or signed before issuers were kept):
    #: one council's register in a region's database; no default, so an index from before it is rebuilt, never read as ""
    council: str

    @property
    def violations(self) -> int:
        """Violations of the Law by the entity, without the signs of an official's breach."""
        return self.open_violations - self.signs

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
            signs=len(inspection.signs_found),
            shortcomings=inspection.shortcomings,
            plan_entry=inspection.plan_entry,
            updated_at=inspection.updated_at,
            sha256=inspection.sha256,
            council=inspection.signoff.issuer.council_name if inspection.signoff and inspection.signoff.issuer else "",
        )
