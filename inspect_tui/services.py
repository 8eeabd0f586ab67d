"""Operations on stored data that the TUI and the CLI share: each loads, changes through the
domain, and saves, so every user action has a function a test can call without a terminal."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Unpack
from uuid import UUID

from inspect_tui.checklists import Available, ChecklistProblem, check_file, discover
from inspect_tui.domain import inspection as ops
from inspect_tui.domain.actions import NothingToFollowUp, Remedy, RemedyRecord, new_follow_up, record_remedy, remedy_problem
from inspect_tui.domain.checklist import Checklist
from inspect_tui.domain.inspection import Inspection, InspectionHeader, SignOff, Status
from inspect_tui.domain.numbering import NumberHolder, check_free, check_renumber, holders_of, next_free, taken_numbers
from inspect_tui.domain.plan import PlanEntry
from inspect_tui.fsutil import atomic_write_bytes
from inspect_tui.i18n import t
from inspect_tui.law import sources as law_sources
from inspect_tui.law import store as law_store
from inspect_tui.law.model import LawText
from inspect_tui.law.review import ChecklistCheck, check_checklist
from inspect_tui.paths import bundled_checklists_dir, user_checklists_dir
from inspect_tui.register import plan_csv
from inspect_tui.register.numbering import number_holders
from inspect_tui.register.plan import PlanRefused, open_entry, period_label, plan_execution, plan_order
from inspect_tui.store import Store


def utcnow() -> datetime:
    return datetime.now(UTC)


def available_checklists(data_dir: Path) -> tuple[list[Available], list[ChecklistProblem]]:
    """Bundled checklists plus the council's own (in ``<data dir>/checklists``), which override by id."""
    return discover([bundled_checklists_dir(), user_checklists_dir(data_dir)])


def next_number(store: Store, year: int) -> str:
    """The next free inspection number of a year, in the usual «N/YYYY» form."""
    return next_free(taken_numbers(number_holders(store)), year)


def number_taken(store: Store, inspection: Inspection) -> list[NumberHolder]:
    """Other inspections (not revisions of this one) holding this inspection's number: signing warns of them."""
    return holders_of(number_holders(store), inspection.number, besides=inspection.id)


def renumber(store: Store, inspection_id: UUID, number: str, *, now: datetime | None = None) -> Inspection:
    """Give an unsigned inspection a new number, free in its year (``NumberRefused`` says why not).

    A signed certificate's number never changes, nor a correction's; the change is a header edit, in the history.
    """
    inspection = store.get_inspection(inspection_id)
    new = check_renumber(inspection, number, number_holders(store))
    return update_header(store, inspection, now=now, number=str(new))


def create_inspection(
    store: Store, *, number: str | None = None, now: datetime | None = None, **header: Unpack[InspectionHeader]
) -> Inspection:
    """Create and save a draft (numbered «N/YYYY» unless given); the enterprise is (re)registered with the facts used.

    A number given must be free (``NumberRefused``): a store never issues one number twice itself.
    Unless ``plan_entry`` is given (None: not linked), the inspection carries out the open entry of its
    enterprise in the plan of its start date's year, if there is one.
    """
    if number:
        check_free(number, number_holders(store))
    if "plan_entry" not in header:
        entry = open_entry(store, header["enterprise"].edrpou, header["start_date"].year)
        header["plan_entry"] = entry.id if entry else None
    inspection = ops.new_inspection(
        id=uuid.uuid4(),
        number=number or next_number(store, header["start_date"].year),
        now=now or utcnow(),
        **header,
    )
    with store.transaction():
        store.save_enterprise(header["enterprise"])
        store.save_inspection(inspection)
    return inspection


def record_finding(store: Store, inspection: Inspection, item_id: str, *, now: datetime | None = None, **changes: Any) -> Inspection:
    """Change one finding and save at once (autosave after every change)."""
    updated = ops.update_finding(inspection, item_id, now or utcnow(), **changes)
    if updated is not inspection:
        store.save_inspection(updated)
    return updated


def update_header(store: Store, inspection: Inspection, *, now: datetime | None = None, **changes: Any) -> Inspection:
    updated = ops.update_header(inspection, now or utcnow(), **changes)
    if updated is not inspection:
        store.save_inspection(updated)
    return updated


def attach_evidence(store: Store, inspection: Inspection, item_id: str, source: Path, *, now: datetime | None = None) -> Inspection:
    """Copy a scan into the store and list it on the finding."""
    evidence = store.add_evidence(source)
    current = inspection.findings[item_id].evidence
    if any(e.sha256 == evidence.sha256 for e in current):
        return inspection
    return record_finding(store, inspection, item_id, now=now, evidence=[*current, evidence])


def complete(store: Store, inspection: Inspection, *, now: datetime | None = None) -> Inspection:
    updated = ops.complete(inspection, now or utcnow())
    if updated is not inspection:
        store.save_inspection(updated)
    return updated


def sign_off(store: Store, inspection: Inspection, signoff: SignOff, *, now: datetime | None = None) -> Inspection:
    """Freeze the inspection under its sha256 (refused with the exact reasons while incomplete).

    The council, unit and acts of the settings are frozen into the sign-off unless given.
    """
    if signoff.issuer is None:
        signoff = signoff.model_copy(update={"issuer": store.get_settings().issuer()})
    signed = ops.sign(inspection, signoff, now or utcnow())
    store.save_inspection(signed)
    return signed


def attach_objection(store: Store, signed: Inspection, *, received_on: date, text: str, now: datetime | None = None) -> Inspection:
    """Attach the head's written objections received after signing (the signed content stays as it was)."""
    updated = ops.attach_objection(signed, received_on=received_on, text=text, now=now or utcnow())
    store.save_inspection(updated)
    return updated


def correct(store: Store, signed: Inspection, *, now: datetime | None = None) -> Inspection:
    """Start a correction of a signed inspection: a new draft revision pointing to it."""
    revision = ops.new_revision(signed, id=uuid.uuid4(), now=now or utcnow())
    store.save_inspection(revision)
    return revision


# --- the Law's text ------------------------------------------------------------------------------


def law_in_force(data_dir: Path) -> LawText:
    """The text of the Law in force here (the shipped one, or a newer one the council loaded)."""
    return law_store.in_force(data_dir)


def load_law(data_dir: Path, source: Path, *, edition: date | None = None) -> LawText:
    """Parse a consolidated text (portal TXT/HTML or JSON) and make it the text in force; a refused file
    (``LawParseError``, ``LawRefused``) leaves the text in force as it was."""
    law = law_sources.parse_file(source, edition=edition)
    law_store.accept(data_dir, law)
    return law


def checklist_files(data_dir: Path) -> list[Path]:
    """Every checklist file, bundled and the council's (an overridden bundled one is still checked)."""
    return [p for folder in (bundled_checklists_dir(), user_checklists_dir(data_dir)) if folder.is_dir() for p in sorted(folder.glob("*.toml"))]


def check_law(data_dir: Path, paths: list[Path]) -> tuple[LawText, list[ChecklistCheck], list[ChecklistProblem]]:
    """Every reference of the checklists in ``paths`` against the text in force (see ``law.review``)."""
    law = law_in_force(data_dir)
    checks: list[ChecklistCheck] = []
    problems: list[ChecklistProblem] = []
    old_texts: dict[date, LawText | None] = {}
    for path in paths:
        checklist, found = check_file(path)
        if checklist is None:
            problems.extend(found)
            continue
        for when in checklist.reviewed_editions():
            if when not in old_texts:
                old_texts[when] = law_store.edition_text(data_dir, when)
        checks.append(check_checklist(path, checklist, law, old_texts))
    return law, checks, problems


def law_newer_than_reviews(data_dir: Path) -> list[tuple[Checklist, date | None]]:
    """Checklists whose review is older than the text in force (``None``: never reviewed), for a notice on start."""
    law = law_in_force(data_dir)
    found, _ = available_checklists(data_dir)
    stale: list[tuple[Checklist, date | None]] = []
    for available in found:
        editions = available.checklist.reviewed_editions()
        if not editions or editions[0] < law.edition:
            stale.append((available.checklist, editions[0] if editions else None))
    return stale
class ActionRefused(Exception):
    """A remedy or a follow-up inspection refused; ``code`` is a catalog key under ``actions.refused``."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def record_action_remedy(
    store: Store,
    inspection_id: UUID,
    item_id: str,
    *,
    remedied: bool,
    on: date,
    what: str,
    documents: Sequence[str] = (),
    evidence: Sequence[Path] = (),
    now: datetime | None = None,
) -> RemedyRecord:
    """Record that an action was remedied (when, what was done, documents and scans received) or that
    it was not; the previous record stays in the history. Refused before anything is written when the
    action does not exist, the day is before the signing or in the future, or a signed follow-up
    inspection already confirmed the remedy."""
    now = now or utcnow()
    inspection = store.get_inspection(inspection_id)
    if on > now.astimezone().date():
        raise ActionRefused("future", on=on)
    signed_on = inspection.signoff.signed_on if inspection.signoff is not None else None
    noes = {item.id for item, _ in inspection.noes()} if inspection.status is Status.SIGNED else set()
    confirmed = [s.number for s in store.action_index().entries if s.follows_up == inspection_id and item_id in s.complied]
    if confirmed:
        raise ActionRefused("confirmed", number=confirmed[0])
    probe = Remedy(remedied=remedied, on=on, what=what, documents=[d.strip() for d in documents if d.strip()], recorded_at=now)
    problem = remedy_problem(signed_on, noes, RemedyRecord(inspection_id=inspection_id, item_id=item_id, remedy=probe))
    if problem is not None:
        raise ActionRefused(problem.value, number=inspection.number, item=item_id, signed=signed_on)
    with store.transaction():
        remedy = probe.model_copy(update={"evidence": [store.add_evidence(p) for p in evidence]})
        record = record_remedy(store.get_remedy(inspection_id, item_id), inspection_id, item_id, remedy)
        store.save_remedy(record)
    return record


def start_follow_up(
    store: Store,
    signed_id: UUID,
    *,
    order_number: str,
    order_date: date,
    now: datetime | None = None,
    start_date: date | None = None,
) -> Inspection:
    """Start a follow-up inspection of a signed one: a draft of exactly its «Ні» items, linked to it,
    for the enterprise as the registry has it now, numbered as the next of its year, under its own
    (unplanned) order: the act and issuer are the original's."""
    now = now or utcnow()
    original = store.get_inspection(signed_id)
    if original.status is not Status.SIGNED:
        raise ActionRefused("follow_up_not_signed", number=original.number)
    start = start_date or now.astimezone().date()
    assert original.signoff is not None
    if start < original.signoff.signed_on:
        raise ActionRefused("follow_up_before_signing", number=original.number, signed=original.signoff.signed_on)
    try:
        follow_up = new_follow_up(
            original, id=uuid.uuid4(), number=next_number(store, start.year), now=now, start_date=start,
            enterprise=store.get_enterprise(original.enterprise.edrpou),
            basis=original.basis.model_copy(update={"order_number": order_number.strip(), "order_date": order_date, "planned": False}),
        )
    except NothingToFollowUp:
        raise ActionRefused("follow_up_nothing", number=original.number) from None
    store.save_inspection(follow_up)
    return follow_up


# --- the yearly inspection plan --------------------------------------------------------------------


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
        entries = [e.model_copy(update={"id": old[e.key()]}) if e.key() in old else e for e in entries]
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
