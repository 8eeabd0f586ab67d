"""The small per-inspection summary that lists show without loading whole inspections."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from inspect_tui.domain.inspection import Inspection, NoKind, Status


class SectionNoes(BaseModel):
    """The «Ні» of one checklist section, by what they state.

    Kept in the summary so the annual report totals a year by section without
    loading thousands of whole inspections (each holds its checklist's copy).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)
    checklist: str
    section: str
    number: int  # the section's number in its checklist, from 1 (items are numbered «number.n»)
    title: str
    violations: int = 0
    signs: int = 0
    shortcomings: int = 0

    @classmethod
    def of(cls, inspection: Inspection) -> list[SectionNoes]:
        """Sections with at least one «Ні», in checklist order."""
        kinds = {item.id: kind for item, kind in inspection.noes()}
        result = []
        for number, section in enumerate(inspection.checklist.sections, start=1):
            found = [kinds[i.id] for i in section.items if i.id in kinds]
            if found:
                result.append(
                    cls(
                        checklist=inspection.checklist.id,
                        section=section.id,
                        number=number,
                        title=section.title.uk,
                        violations=found.count(NoKind.VIOLATION),
                        signs=found.count(NoKind.SIGNS),
                        shortcomings=found.count(NoKind.SHORTCOMING),
                    )
                )
        return result


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
    # None in summaries written before it was kept (a reader then loads the inspection)
    noes_by_section: list[SectionNoes] | None = None

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
            noes_by_section=SectionNoes.of(inspection),
        )
