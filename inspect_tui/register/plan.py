"""How the yearly plan is being carried out: each entry planned, started or signed, from the inspections linked to it."""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from inspect_tui.collation import sort_key
from inspect_tui.domain.inspection import Status
from inspect_tui.domain.plan import ROMAN_QUARTERS, PlanEntry
from inspect_tui.i18n import t
from inspect_tui.store_protocol import RegisterStore


class PlanStatus(StrEnum):
    PLANNED = "planned"  # no inspection linked yet
    STARTED = "started"  # an inspection is linked, none of them signed
    SIGNED = "signed"  # a linked inspection's certificate is signed


class PlanState(StrEnum):
    """The one verdict on an entry that the plan screen, the CLI and the annual report all show."""

    DONE = "done"  # an inspection of the entry is signed
    STARTED = "started"  # an inspection of it is under way
    NOT_DONE = "not_done"  # its month or quarter is over, and no inspection was started
    AHEAD = "ahead"  # its month or quarter is not over yet


def period_end(entry: PlanEntry) -> date:
    """The last day of the entry's month or quarter."""
    last_month = entry.month if entry.month is not None else 3 * (entry.quarter or 1)
    return date(entry.year + last_month // 12, last_month % 12 + 1, 1) - timedelta(days=1)


class PlanRow(BaseModel):
    """One entry of the plan with what became of it."""

    model_config = ConfigDict(frozen=True)
    entry: PlanEntry
    status: PlanStatus
    inspection_ids: list[UUID]
    numbers: list[str] = []  # the linked inspections' numbers, as ``inspection_ids``

    def state(self, today: date) -> PlanState:
        """Signed is done, linked is started; unlinked is «не проведено» once its period is over, else ahead."""
        if self.status is PlanStatus.SIGNED:
            return PlanState.DONE
        if self.status is PlanStatus.STARTED:
            return PlanState.STARTED
        return PlanState.NOT_DONE if period_end(self.entry) < today else PlanState.AHEAD


class PlanProgress(BaseModel):
    """The counts the home and the plan screen show: entries planned, of them started (signed included), of them signed."""

    model_config = ConfigDict(frozen=True)
    year: int
    planned: int
    started: int
    signed: int

    @classmethod
    def of(cls, year: int, rows: list[PlanRow]) -> PlanProgress:
        return cls(
            year=year,
            planned=len(rows),
            started=sum(1 for r in rows if r.status is not PlanStatus.PLANNED),
            signed=sum(1 for r in rows if r.status is PlanStatus.SIGNED),
        )


def plan_order(entries: list[PlanEntry]) -> list[PlanEntry]:
    """Entries in calendar order: by quarter, a quarter's undated entries first, then by month and name."""
    return sorted(entries, key=lambda e: (e.in_quarter, e.month or 0, sort_key(e.enterprise), e.edrpou))


def plan_execution(store: RegisterStore, year: int, council: str | None = None) -> list[PlanRow]:
    """Every entry of the year's plan, in calendar order, with the inspections linked to it and its status.

    ``council``: that council's plan, carried out by its own signed inspections (and by unsigned ones, which
    name no council until signed); None: the plan of the council the settings name, by any inspection.
    The links come from the summary index (each summary keeps its inspection's plan entry): no
    inspection is read whole, and only the rows of the plan's entries are read (``plan_rows``).
    """
    entries = plan_order(store.get_plan(year, council))
    linked: dict[UUID, list[tuple[UUID, str, Status]]] = {e.id: [] for e in entries}
    if entries:
        by_text = {str(e.id): e.id for e in entries}
        for row in reversed(store.plan_rows(list(linked), council)):  # oldest first
            entry_id = by_text.get(row.plan_entry) if row.plan_entry is not None else None
            if entry_id is not None:
                linked[entry_id].append((row.inspection_id, row.number, row.status))
    rows = []
    for entry in entries:
        found = linked[entry.id]
        if any(status is Status.SIGNED for _, _, status in found):
            status = PlanStatus.SIGNED
        else:
            status = PlanStatus.STARTED if found else PlanStatus.PLANNED
        rows.append(PlanRow(entry=entry, status=status, inspection_ids=[i for i, _, _ in found], numbers=[n for _, n, _ in found]))
    return rows


class PlanRefused(Exception):
    """A change of the plan that would lose something (an entry an inspection carries out); the message is translated."""


def period_label(entry: PlanEntry) -> str:
    """«березень» or «II квартал», as the plan screen and the new-inspection form show the planned period."""
    if entry.month is not None:
        return t(f"plan.month.{entry.month}")
    return t("plan.period_quarter", roman=ROMAN_QUARTERS[(entry.quarter or 1) - 1])


def plan_progress(store: RegisterStore, year: int) -> PlanProgress:
    return PlanProgress.of(year, plan_execution(store, year))


def open_entry(store: RegisterStore, edrpou: str, start: date) -> PlanEntry | None:
    """The entry of the plan that an inspection of this enterprise starting on ``start`` carries out (to link it to).

    Only entries of ``start``'s year that no inspection carries out yet: the one whose period holds
    ``start`` (a month's before its quarter's), else the one whose period is nearest (an inspection
    late or early for its plan), the earlier on a tie; never simply the year's first.
    """
    candidates = [
        row.entry for row in plan_execution(store, start.year) if row.entry.edrpou == edrpou and row.status is PlanStatus.PLANNED
    ]
    return min(
        candidates, key=lambda e: (e.months_from(start.month), len(e.months), e.months[0]), default=None
    )
