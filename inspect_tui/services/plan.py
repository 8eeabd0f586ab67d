"""The yearly inspection plan: importing and exporting it as CSV, adding, editing and removing entries."""

from __future__ import annotations

import uuid
from pathlib import Path

from inspect_tui.domain.plan import PlanEntry
from inspect_tui.domain.revalidate import revalidate
from inspect_tui.fsutil import atomic_write_bytes
from inspect_tui.i18n import t
from inspect_tui.register import plan_csv
from inspect_tui.register.plan import PlanRefused, period_label, plan_execution, plan_order
from inspect_tui.store import Store


def read_plan_file(path: Path) -> bytes:
    """A plan file's bytes, refused unread when it is not a regular file or is bigger than any plan."""
    if not path.is_file():
        raise PlanRefused(t("plan.cli.not_file", path=str(path)))
    with path.open("rb") as handle:
        return handle.read(plan_csv.MAX_BYTES + 1)  # parse_plan refuses what is over the limit


def check_plan_file(store: Store, path: Path, *, year: int) -> list[PlanEntry]:
    """The entries a plan file holds for ``year`` (``PlanRejected`` naming every bad row); nothing is written."""
    registry = {e.edrpou: e for e in store.list_enterprises()}
    return plan_csv.parse_plan(read_plan_file(path), year=year, registry=registry, file=path.name)


def import_plan(store: Store, path: Path, *, year: int, replace: bool = False) -> list[PlanEntry]:
    """Import the year's plan from a CSV file, all or nothing.

    A year that has a plan is only replaced when asked. The new plan keeps the ids of the entries it
    repeats (same enterprise, same period), so the inspections linked to them stay linked; it is refused
    when it would drop an entry that an inspection carries out.
    """
    entries = check_plan_file(store, path, year=year)
    with store.transaction():
        rows = plan_execution(store, year)
        if rows and not replace:
            raise PlanRefused(t("plan.cli.exists", year=year, count=len(rows)))
        old = {row.entry.key(): row.entry.id for row in rows}
        entries = [revalidate(e, id=old[e.key()]) if e.key() in old else e for e in entries]
        kept = {e.id for e in entries}
        dropped = [row for row in rows if row.inspection_ids and row.entry.id not in kept]
        if dropped:
            names = "; ".join(f"{row.entry.enterprise} ({period_label(row.entry)}: {', '.join(row.numbers)})" for row in dropped)
            raise PlanRefused(t("plan.cli.drops_linked", entries=names))
        store.save_plan(year, plan_order(entries))
    return entries


def export_plan(store: Store, year: int, path: Path) -> int:
    """Write the year's plan as CSV (atomically); the number of entries written."""
    entries = plan_order(store.get_plan(year))
    atomic_write_bytes(path, plan_csv.plan_csv(entries), keep_backup=False)
    return len(entries)


def save_plan_entry(store: Store, entry: PlanEntry) -> None:
    """Add an entry to its year's plan, or replace the entry with the same id; one entry per enterprise and period."""
    with store.transaction():
        plan = store.get_plan(entry.year)
        if any(e.id == entry.id and e.edrpou != entry.edrpou for e in plan):
            raise ValueError("an entry's enterprise is fixed: its inspections are of that enterprise")
        others = [e for e in plan if e.id != entry.id]
        if any(e.key() == entry.key() for e in others):
            raise PlanRefused(t("plan.tui.duplicate", enterprise=entry.enterprise, period=period_label(entry)))
        store.save_plan(entry.year, plan_order([*others, entry]))


def remove_plan_entry(store: Store, year: int, entry_id: uuid.UUID) -> None:
    """Remove an entry no inspection carries out (an inspection's link to its plan is never left dangling)."""
    with store.transaction():
        row = next((r for r in plan_execution(store, year) if r.entry.id == entry_id), None)
        if row is None:
            return
        if row.inspection_ids:
            raise PlanRefused(t("plan.tui.remove_linked", numbers=", ".join(row.numbers)))
        store.save_plan(year, [e for e in store.get_plan(year) if e.id != entry_id])
