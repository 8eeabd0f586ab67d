"""Operations on stored data that the TUI and the CLI share: each loads, changes through the
domain, and saves, so every user action has a function a test can call without a terminal."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Unpack
from uuid import UUID

from inspect_tui.checklists import Available, ChecklistProblem, discover
from inspect_tui.domain import inspection as ops
from inspect_tui.domain.actions import NothingToFollowUp, Remedy, RemedyRecord, new_follow_up, record_remedy, remedy_problem
from inspect_tui.domain.inspection import Inspection, InspectionHeader, SignOff, Status
from inspect_tui.paths import bundled_checklists_dir, user_checklists_dir
from inspect_tui.store import Store


def utcnow() -> datetime:
    return datetime.now(UTC)


def available_checklists(data_dir: Path) -> tuple[list[Available], list[ChecklistProblem]]:
    """Bundled checklists plus the council's own (in ``<data dir>/checklists``), which override by id."""
    return discover([bundled_checklists_dir(), user_checklists_dir(data_dir)])


def next_number(store: Store, year: int) -> str:
    """The next free inspection number of a year, in the usual «N/YYYY» form."""
    taken = [s.number for s in store.list_summaries()]
    n = 1
    while f"{n}/{year}" in taken:
        n += 1
    return f"{n}/{year}"


def create_inspection(
    store: Store, *, number: str | None = None, now: datetime | None = None, **header: Unpack[InspectionHeader]
) -> Inspection:
    """Create and save a draft (numbered «N/YYYY» unless given); the enterprise is (re)registered with the facts used."""
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
