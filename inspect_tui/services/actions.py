"""Follow-up of the «Ні» answers of signed inspections: recording remedies and starting follow-up inspections."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

from inspect_tui.domain.actions import NothingToFollowUp, Remedy, RemedyRecord, new_follow_up, record_remedy, remedy_problem
from inspect_tui.domain.inspection import Inspection, Status
from inspect_tui.domain.revalidate import revalidate
from inspect_tui.register.actions import verdict_on
from inspect_tui.services.inspections import utcnow
from inspect_tui.services.numbering import next_number
from inspect_tui.store_protocol import RegisterStore


class ActionRefused(Exception):
    """A remedy or a follow-up inspection refused; ``code`` is a catalog key under ``actions.refused``."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def record_action_remedy(
    store: RegisterStore,
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
    inspection already gave its verdict on it: its «Так» confirmed the remedy, or its «Ні» found it not
    remedied and carries it on as its own action, where the remedy is recorded (the verdict decides the
    original action, so a remedy recorded there would change nothing)."""
    now = now or utcnow()
    inspection = store.get_inspection(inspection_id)
    if on > now.astimezone().date():
        raise ActionRefused("future", on=on)
    signed_on = inspection.signoff.signed_on if inspection.signoff is not None else None
    noes = {item.id for item, _ in inspection.noes()} if inspection.status is Status.SIGNED else set()
    verdict = verdict_on(store.action_index(), inspection_id, item_id)
    if verdict is not None and verdict.complied:
        raise ActionRefused("confirmed", number=verdict.number)
    if verdict is not None:
        raise ActionRefused("carried_on", number=verdict.number, signed=verdict.signed_on, item=verdict.item_number)
    probe = Remedy(remedied=remedied, on=on, what=what, documents=[d.strip() for d in documents if d.strip()], recorded_at=now)
    problem = remedy_problem(signed_on, noes, RemedyRecord(inspection_id=inspection_id, item_id=item_id, remedy=probe), now)
    if problem is not None:
        raise ActionRefused(problem.value, number=inspection.number, item=item_id, signed=signed_on)
    with store.transaction():
        remedy = revalidate(probe, evidence=[store.add_evidence(p) for p in evidence])
        record = record_remedy(store.get_remedy(inspection_id, item_id), inspection_id, item_id, remedy)
        store.save_remedy(record)
    return record


def start_follow_up(
    store: RegisterStore,
    signed_id: UUID,
    *,
    order_number: str,
    order_date: date,
    now: datetime | None = None,
    start_date: date | None = None,
    end_date: date | None = None,
) -> Inspection:
    """Start a follow-up inspection of a signed one: a draft of exactly its «Ні» items, linked to it,
    for the enterprise as the registry has it now, numbered as the next of its year, under its own
    (unplanned) order: the act and issuer are the original's. It lasts from ``start_date`` (today
    unless given) to ``end_date`` (the start unless given), never ending before it starts."""
    now = now or utcnow()
    original = store.get_inspection(signed_id)
    if original.status is not Status.SIGNED:
        raise ActionRefused("follow_up_not_signed", number=original.number)
    start = start_date or now.astimezone().date()
    assert original.signoff is not None
    if start < original.signoff.signed_on:
        raise ActionRefused("follow_up_before_signing", number=original.number, signed=original.signoff.signed_on)
    end = end_date or start
    if end < start:
        raise ActionRefused("follow_up_ends_before_start", start=start, end=end)
    with store.transaction():  # numbered and saved under the store's lock, as ``create_inspection``
        try:
            follow_up = new_follow_up(
                original, id=uuid.uuid4(), number=next_number(store, start.year), now=now, start_date=start, end_date=end,
                enterprise=store.get_enterprise(original.enterprise.edrpou),
                basis=revalidate(original.basis, order_number=order_number.strip(), order_date=order_date, planned=False),
            )
        except NothingToFollowUp:
            raise ActionRefused("follow_up_nothing", number=original.number) from None
        store.save_inspection(follow_up)
    return follow_up
