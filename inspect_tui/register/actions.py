"""``list_actions``: every «Ні» of the current signed inspections, with what became of it.

Built from the store's small action index and the remedy records, never from whole
inspections, so 50,000 actions list in a fraction of a second.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date
from functools import cache
from typing import NamedTuple, TypeVar
from uuid import UUID

from pydantic import TypeAdapter

from inspect_tui.bulk import bulk_validation
from inspect_tui.domain.actions import Action, ActionIndex, ActionKind, ActionState, Remedy, RemedyRecord, SignedActions, action_state
from inspect_tui.store_protocol import RegisterStore

_T = TypeVar("_T")
_ACTIONS = TypeAdapter(list[Action])


class Verdict(NamedTuple):
    """A signed follow-up inspection's answer on one item of the inspection it followed up."""

    signed_on: date
    complied: bool
    follow_up: UUID
    number: str  # the follow-up's certificate number
    item_number: str  # the item's number in the follow-up («1.2»); "" when it complied (no action of its own)


def _verdicts(entries: list[SignedActions]) -> dict[UUID, dict[str, Verdict]]:
    """original id → item → the latest signed follow-up's verdict on it.

    Only the current revision of each follow-up votes: a corrected follow-up's earlier answer is not
    evidence any more. Of two signed the same day, the greater id decides, whatever the order read.
    """
    superseded = {e.supersedes for e in entries if e.supersedes is not None}
    verdicts: dict[UUID, dict[str, Verdict]] = {}
    for entry in entries:
        if entry.follows_up is None or entry.id in superseded:
            continue
        of_original = verdicts.setdefault(entry.follows_up, {})
        checked = [*((i, True, "") for i in entry.complied), *((row.item_id, False, row.item_number) for row in entry.rows)]
        for item_id, complied, item_number in checked:
            verdict = Verdict(entry.signed_on, complied, entry.id, entry.number, item_number)
            known = of_original.get(item_id)
            if known is None or (known.signed_on, str(known.follow_up)) < (verdict.signed_on, str(verdict.follow_up)):
                of_original[item_id] = verdict
    return verdicts


class ActionFacts(NamedTuple):
    """An action as ``Action`` states it (the same fields, in its order), before it is a model.

    Every value comes from the store's validated action index and remedy records, so the annual report,
    which only counts them (470,000 in a region's year), reads these tuples; ``list_actions`` makes them
    ``Action`` models for the screens and the CLI.
    """

    inspection_id: UUID
    inspection_number: str
    item_id: str
    item_number: str
    section: str
    question: str
    edrpou: str
    enterprise: str
    kind: ActionKind
    deadline: date | None
    notice_sent_on: date | None
    signed_on: date | None
    started: date | None
    state: ActionState
    remedy: Remedy | None
    confirmed_by: UUID | None
    followed_up_by: UUID | None

    @property
    def key(self) -> tuple[UUID, str]:
        return self.inspection_id, self.item_id


def verdict_on(index: ActionIndex, inspection_id: UUID, item_id: str) -> Verdict | None:
    """The signed follow-up's verdict that decides the action ``(inspection_id, item_id)``, if any: as
    ``list_actions`` finds it (follow-ups of the inspection or of the revisions it corrects)."""
    by_id = {e.id: e for e in index.entries}
    entry = by_id.get(inspection_id)
    chain = _earlier(entry, by_id) if entry is not None else [inspection_id]
    verdicts = _verdicts(index.entries)
    return _first([verdicts[i] for i in chain if i in verdicts], item_id)


def outcome(action: ActionFacts, by_key: Mapping[tuple[UUID, str], ActionFacts]) -> ActionState:
    """What finally became of an action, for the register's totals.

    A signed follow-up that found it not remedied carries it on as an action of its own (the same
    item): the remedy recorded on that one, or a later follow-up's confirmation of it, is this
    action's remedy too. Otherwise the follow-up's «not remedied» stands.
    """
    current, seen = action, {(action.inspection_id, action.item_id)}
    while current.state is ActionState.NOT_REMEDIED and current.followed_up_by is not None:
        key = (current.followed_up_by, current.item_id)
        carried = by_key.get(key)
        if carried is None or key in seen:
            break
        current = carried
        seen.add(key)
    return current.state if current.state in (ActionState.REMEDIED, ActionState.CONFIRMED) else action.state


def _earlier(entry: SignedActions, by_id: dict[UUID, SignedActions]) -> list[UUID]:
    """This inspection's id and the ids of the signed revisions it corrects, newest first."""
    chain = [entry.id]
    current: SignedActions | None = entry
    while current is not None and current.supersedes is not None and current.supersedes not in chain:
        chain.append(current.supersedes)
        current = by_id.get(current.supersedes)
    return chain


def _first(maps: list[dict[str, _T]], item_id: str) -> _T | None:
    """The value for ``item_id`` in the first map that has it (the newest revision first)."""
    for found in maps:
        if item_id in found:
            return found[item_id]
    return None


def list_actions(store: RegisterStore, *, today: date, year: int | None = None, edrpou: str | None = None) -> list[Action]:
    """The register's actions, by deadline (none last), then inspection number and item.

    ``year``: of the inspection's start (as the annual register counts inspections);
    ``edrpou``: one enterprise. A corrected (superseded) signed inspection has no actions of its
    own: its current revision has them, and a remedy or a follow-up recorded against the earlier
    revision still counts for the same item.
    """
    with bulk_validation():  # 50,000 actions: the collector would otherwise walk the growing heap again and again
        facts = _actions(store.action_index(), store.remedy_records(), today=today, year=year, edrpou=edrpou)
        return _ACTIONS.validate_python([f._asdict() for f in facts])


def linked_actions(store: RegisterStore, inspection_ids: Collection[UUID], *, today: date) -> list[Action]:
    """The actions of these inspections and of every one linked to them by revisions and follow-ups, exactly as
    ``list_actions`` lists them, read from the store's narrow queries (not the whole register)."""
    with bulk_validation():
        return _ACTIONS.validate_python([f._asdict() for f in linked_action_facts(store, inspection_ids, today=today)])


def linked_action_facts(store: RegisterStore, inspection_ids: Collection[UUID], *, today: date) -> list[ActionFacts]:
    """``linked_actions`` as plain tuples: what the annual report counts."""
    index = store.linked_actions(inspection_ids)
    chains = {e.id for e in index.entries} | {e.supersedes for e in index.entries if e.supersedes is not None}
    with bulk_validation():
        return _actions(index, store.remedy_records_of(chains), today=today, year=None, edrpou=None)


def _actions(index: ActionIndex, records: list[RemedyRecord], *, today: date, year: int | None, edrpou: str | None) -> list[ActionFacts]:
    entries, texts = index.entries, index.texts
    by_id = {e.id: e for e in entries}
    superseded = {e.supersedes for e in entries if e.supersedes is not None}
    remedies: dict[UUID, dict[str, Remedy]] = {}
    for record in records:
        remedies.setdefault(record.inspection_id, {})[record.item_id] = record.remedy
    verdicts = _verdicts(entries)
    rows: list[ActionFacts] = []
    for entry in entries:
        if entry.id in superseded or not entry.rows:
            continue
        if (year is not None and entry.started.year != year) or (edrpou is not None and entry.edrpou != edrpou):
            continue
        chain = _earlier(entry, by_id)
        remedy_maps = [remedies[i] for i in chain if i in remedies]
        verdict_maps = [verdicts[i] for i in chain if i in verdicts]
        for row in entry.rows:
            text = texts[row.text]
            remedy = _first(remedy_maps, row.item_id) if remedy_maps else None
            verdict = _first(verdict_maps, row.item_id) if verdict_maps else None
            rows.append(
                ActionFacts(
                    entry.id, entry.number, row.item_id, row.item_number, text.section, text.question, entry.edrpou,
                    entry.enterprise, row.kind, row.deadline, row.notice_sent_on, entry.signed_on, entry.started,
                    action_state(
                        deadline=row.deadline, today=today, remedy=remedy, follow_up_complied=None if verdict is None else verdict.complied
                    ),
                    remedy,
                    verdict.follow_up if verdict is not None and verdict.complied else None,
                    None if verdict is None else verdict.follow_up,
                )
            )
    rows.sort(key=lambda r: (r.deadline is None, r.deadline or date.max, r.inspection_number, _numeric(r.item_number)))
    return rows


@cache
def _numeric(number: str) -> tuple[int, ...]:
    """«3.10» after «3.2»."""
    return tuple(int(p) if p.isdigit() else 0 for p in number.split("."))


def action_counts(actions: list[Action]) -> tuple[int, int]:
    """(open, overdue) as the home header shows them."""
    open_ = sum(1 for a in actions if a.is_open)
    overdue = sum(1 for a in actions if a.state is ActionState.OVERDUE)
    return open_, overdue
