"""The yearly inspection plan: importing and exporting it as CSV, adding, editing and removing entries."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

from inspect_tui.domain.enterprise import Enterprise
from inspect_tui.domain.plan import MAX_ENTRIES, PlanEntry, entry_id
from inspect_tui.escaping import one_line
from inspect_tui.i18n import t
from inspect_tui.outputs import write_output
from inspect_tui.register import plan_csv
from inspect_tui.register.plan import PlanRefused, period_label, plan_execution, plan_order
from inspect_tui.register.plan_csv import PlanRows
from inspect_tui.store_protocol import RegisterStore


def read_plan_file(path: Path) -> bytes:
    """A plan file's bytes, refused unread when it is not a regular file or is bigger than any plan."""
    if not path.is_file():
        raise PlanRefused(t("plan.cli.not_file", path=str(path)))
    with path.open("rb") as handle:
        return handle.read(plan_csv.MAX_BYTES + 1)  # parse_plan refuses what is over the limit


class MissingEnterprises(PlanRefused):
    """The plan names enterprises the registry lacks, and registering them from the plan was not asked for."""

    def __init__(self, enterprises: list[Enterprise]) -> None:
        super().__init__(t("plan.missing.cli", count=len(enterprises), enterprises=enterprise_list(enterprises)))
        self.enterprises = enterprises


@dataclass(frozen=True)
class PlanImport:
    """What a plan import wrote (or, dry, would write): the year's entries and the enterprises registered from it."""

    entries: list[PlanEntry]
    registered: list[Enterprise]


def enterprise_list(enterprises: list[Enterprise], *, limit: int | None = None) -> str:
    """«12345678 КП «Вода»; …»: enterprises as a message lists them; past ``limit`` (a dialog's room), «… і ще N»."""
    shown = enterprises if limit is None else enterprises[:limit]
    listed = "; ".join(f"{e.edrpou} {one_line(e.short_name)}" for e in shown)
    return listed + t("plan.missing.more", count=len(enterprises) - len(shown)) if len(shown) < len(enterprises) else listed


def check_plan_file(store: RegisterStore, path: Path, *, year: int) -> PlanRows:
    """The entries a plan file holds for ``year`` and the enterprises it names that are not registered
    (``PlanRejected`` naming every bad row); nothing is written."""
    registry = {e.edrpou: e for e in store.list_enterprises()}
    return plan_csv.parse_plan(read_plan_file(path), year=year, registry=registry, file=path.name)


def import_plan(
    store: RegisterStore, path: Path, *, year: int, replace: bool = False, register_missing: bool = False, dry_run: bool = False
) -> PlanImport:
    """Import the year's plan from a CSV file, all or nothing.

    A year that has a plan is only replaced when asked. The new plan keeps the ids of the entries it
    repeats (same enterprise, same period), so the inspections linked to them stay linked; its other
    entries get ids no kept entry holds (``entry_id``: an edited entry keeps the id of its first period).
    It is refused when it would drop an entry that an inspection carries out.

    Enterprises the plan names that are not registered are registered from its rows (their code and name,
    every other fact unknown until asked) with ``register_missing``, in the same transaction as the plan;
    without it the plan is refused (``MissingEnterprises``, listing them). ``dry_run`` writes nothing and
    says what would be written, the enterprises that would be registered included.
    """
    if dry_run:
        return _prepared(store, path, year=year, replace=replace, register_missing=True)
    with store.transaction():  # read and written under one lock: no other writer's change lands in between
        prepared = _prepared(store, path, year=year, replace=replace, register_missing=register_missing)
        store.save_enterprises(prepared.registered)
        store.save_plan(year, prepared.entries)
    return prepared


def _prepared(store: RegisterStore, path: Path, *, year: int, replace: bool, register_missing: bool) -> PlanImport:
    """The plan and the enterprises to register, as ``import_plan`` would write them, or its refusal."""
    parsed = check_plan_file(store, path, year=year)
    if parsed.unregistered and not register_missing:
        raise MissingEnterprises(parsed.unregistered)
    rows = plan_execution(store, year)
    if rows and not replace:
        raise PlanRefused(t("plan.cli.exists", year=year, count=len(rows)))
    entries = _with_ids(parsed.entries, {row.entry.key(): row.entry.id for row in rows})
    kept = {e.id for e in entries}
    dropped = [row for row in rows if row.inspection_ids and row.entry.id not in kept]
    if dropped:
        names = "; ".join(f"{row.entry.enterprise} ({period_label(row.entry)}: {', '.join(row.numbers)})" for row in dropped)
        raise PlanRefused(t("plan.cli.drops_linked", entries=names))
    return PlanImport(plan_order(entries), parsed.unregistered)


def _with_ids(entries: list[PlanEntry], old: dict[tuple[str, int | None, int | None], uuid.UUID]) -> list[PlanEntry]:
    """The entries with distinct ids: the old id of each one repeating an old entry, a free one for the others."""
    taken = {old[e.key()] for e in entries if e.key() in old}
    result = []
    for e in entries:
        if e.key() in old:
            result.append(e.with_id(old[e.key()]))
        else:
            result.append(e.with_id(entry_id(e.year, e.edrpou, e.month, e.quarter, taken)))
            taken.add(result[-1].id)
    return result


def export_plan(store: RegisterStore, year: int, path: Path) -> int:
    """Write the year's plan as CSV (atomically, never over a non-regular file or into the data dir); the number of entries written."""
    entries = plan_order(store.get_plan(year))
    write_output(path, plan_csv.plan_csv(entries), data_dir=store.data_dir)
    return len(entries)


def save_plan_entry(store: RegisterStore, entry: PlanEntry, *, new: bool) -> PlanEntry:
    """Add an entry to its year's plan (``new``), or edit the entry with its id; one entry per enterprise and period.

    A new entry never replaces another: it gets an id no entry holds (an edited entry keeps the id of
    its first period, which a new entry of that period would otherwise be given). An edit keeps the id
    and the enterprise (the inspections linked to it are of that enterprise). The entry as saved.
    """
    with store.transaction():
        plan = store.get_plan(entry.year)
        ids = {e.id for e in plan}
        if new:
            if len(plan) >= MAX_ENTRIES:
                raise PlanRefused(t("plan.tui.full", year=entry.year, limit=MAX_ENTRIES))
            if entry.id in ids:
                entry = entry.with_id(entry_id(entry.year, entry.edrpou, entry.month, entry.quarter, ids))
        else:
            edited = next((e for e in plan if e.id == entry.id), None)
            if edited is None:
                raise PlanRefused(t("plan.tui.entry_gone", year=entry.year))
            if edited.edrpou != entry.edrpou:
                raise PlanRefused(t("plan.tui.enterprise_fixed"))
        others = [e for e in plan if e.id != entry.id]
        if any(e.key() == entry.key() for e in others):
            raise PlanRefused(t("plan.tui.duplicate", enterprise=entry.enterprise, period=period_label(entry)))
        store.save_plan(entry.year, plan_order([*others, entry]))
    return entry


def remove_plan_entry(store: RegisterStore, year: int, entry_id: uuid.UUID) -> None:
    """Remove an entry no inspection carries out (an inspection's link to its plan is never left dangling)."""
    with store.transaction():
        row = next((r for r in plan_execution(store, year) if r.entry.id == entry_id), None)
        if row is None:
            return
        if row.inspection_ids:
            raise PlanRefused(t("plan.tui.remove_linked", numbers=", ".join(row.numbers)))
        store.save_plan(year, [e for e in store.get_plan(year) if e.id != entry_id])
