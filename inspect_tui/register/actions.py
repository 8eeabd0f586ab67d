"""``list_actions``: every «Ні» of the current signed inspections, with what became of it.

Built from the store's small action index and the remedy records, never from whole
inspections, so 50,000 actions list in a fraction of a second.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from inspect_tui.domain.actions import Action, ActionState, RemedyRecord, SignedActions, action_state
from inspect_tui.store import Store

Key = tuple[UUID, str]


def _verdicts(entries: list[SignedActions]) -> dict[Key, tuple[date, bool, UUID]]:
    """(original id, item) → (signed on, complied, follow-up id) of the latest signed follow-up that checked it."""
    verdicts: dict[Key, tuple[date, bool, UUID]] = {}
    for entry in entries:
        if entry.follows_up is None:
            continue
        checked = [(i, True) for i in entry.complied] + [(row.item_id, False) for row in entry.rows]
        for item_id, complied in checked:
            key = (entry.follows_up, item_id)
            verdict = (entry.signed_on, complied, entry.id)
            if key not in verdicts or verdicts[key][0] < entry.signed_on:
                verdicts[key] = verdict
    return verdicts


def _earlier(entry: SignedActions, by_id: dict[UUID, SignedActions]) -> list[UUID]:
    """This inspection's id and the ids of the signed revisions it corrects, newest first."""
    chain = [entry.id]
    current: SignedActions | None = entry
    while current is not None and current.supersedes is not None and current.supersedes not in chain:
        chain.append(current.supersedes)
        current = by_id.get(current.supersedes)
    return chain


def list_actions(store: Store, *, today: date, year: int | None = None, edrpou: str | None = None) -> list[Action]:
    """The register's actions, by deadline (none last), then inspection number and item.

    ``year``: of the inspection's start (as the annual register counts inspections);
    ``edrpou``: one enterprise. A corrected (superseded) signed inspection has no actions of its
    own: its current revision has them, and a remedy or a follow-up recorded against the earlier
    revision still counts for the same item.
    """
    entries = store.signed_actions()
    by_id = {e.id: e for e in entries}
    superseded = {e.supersedes for e in entries if e.supersedes is not None}
    remedies: dict[Key, RemedyRecord] = {r.key: r for r in store.remedy_records()}
    verdicts = _verdicts(entries)
    actions: list[Action] = []
    for entry in entries:
        if entry.id in superseded or not entry.rows:
            continue
        if (year is not None and entry.started.year != year) or (edrpou is not None and entry.edrpou != edrpou):
            continue
        chain = _earlier(entry, by_id)
        for row in entry.rows:
            record = next((remedies[(i, row.item_id)] for i in chain if (i, row.item_id) in remedies), None)
            verdict = next((verdicts[(i, row.item_id)] for i in chain if (i, row.item_id) in verdicts), None)
            remedy = record.remedy if record is not None else None
            state = action_state(
                deadline=row.deadline, today=today, remedy=remedy, follow_up_complied=None if verdict is None else verdict[1]
            )
            actions.append(
                Action.model_construct(  # every part was validated where it was read
                    inspection_id=entry.id, inspection_number=entry.number, item_id=row.item_id, item_number=row.item_number,
                    section=row.section, question=row.question, edrpou=entry.edrpou, enterprise=entry.enterprise,
                    kind=row.kind, deadline=row.deadline, signed_on=entry.signed_on, started=entry.started, state=state, remedy=remedy,
                    confirmed_by=verdict[2] if verdict is not None and verdict[1] else None,
                    followed_up_by=None if verdict is None else verdict[2],
                )
            )
    actions.sort(key=lambda a: (a.deadline is None, a.deadline or date.max, a.inspection_number, _numeric(a.item_number)))
    return actions


def _numeric(number: str) -> tuple[int, ...]:
    """«3.10» after «3.2»."""
    return tuple(int(p) if p.isdigit() else 0 for p in number.split("."))


def action_counts(actions: list[Action]) -> tuple[int, int]:
    """(open, overdue) as the home header shows them."""
    open_ = sum(1 for a in actions if a.is_open)
    overdue = sum(1 for a in actions if a.state is ActionState.OVERDUE)
    return open_, overdue
