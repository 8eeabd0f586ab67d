"""Follow-up actions: every «Ні» of a signed inspection is something the enterprise must remedy.

An action is derived, never stored: it exists for each «Ні» of a signed inspection (the
current revision only), keyed by ``(inspection id, item id)``. What is stored is the
inspector's record of the remedy (``RemedyRecord``: the current ``Remedy`` and every
earlier version), and signed follow-up inspections, whose «Так» confirm the remedy.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Annotated, Any, NamedTuple
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, SerializerFunctionWrapHandler, StringConstraints, model_serializer, model_validator
from pydantic_core import PydanticCustomError

from inspect_tui.domain.bounds import Day, Moment
from inspect_tui.domain.canonical import sha256_of
from inspect_tui.domain.checklist import Checklist, Slug
from inspect_tui.domain.enterprise import Enterprise
from inspect_tui.domain.inspection import (
    Answer,
    Evidence,
    Finding,
    FollowUpOf,
    HistoryEntry,
    Inspection,
    LegalBasis,
    NoKind,
    Status,
    new_inspection,
)
from inspect_tui.domain.revalidate import revalidate
from inspect_tui.domain.text import Person

#: versions of one remedy kept in its history: a person records a handful, a hostile bundle millions
MAX_REMEDY_VERSIONS = 200
MAX_REMEDY_DOCUMENTS = 100
#: appended to the checklist version of a follow-up inspection's checklist
FOLLOW_UP_SUFFIX = "+follow-up"


class ActionKind(StrEnum):
    """What a «Ні» states, as the register names it: the entity's violation of the Law, signs of an
    official's breach (established only in the procedure the law sets: never called a violation), or a shortcoming."""

    VIOLATION = "violation"
    SIGNS = "signs"
    SHORTCOMING = "shortcoming"

    @classmethod
    def of(cls, kind: NoKind) -> ActionKind:
        return {NoKind.VIOLATION: cls.VIOLATION, NoKind.SIGNS: cls.SIGNS, NoKind.SHORTCOMING: cls.SHORTCOMING}[kind]


class ActionState(StrEnum):
    OPEN = "open"
    OVERDUE = "overdue"  # open and its deadline has passed
    REMEDIED = "remedied"  # the inspector recorded the remedy (date, what was done, documents)
    NOT_REMEDIED = "not_remedied"  # recorded as not remedied, or a follow-up inspection found it still «Ні»
    CONFIRMED = "confirmed"  # a signed follow-up inspection answered «Так»


class Remedy(BaseModel):
    """What the inspector recorded about one action: remedied on a day (what, documents, scans) or not."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    remedied: bool
    on: Day = Field(description="the day it was remedied, or the day it was found not remedied")
    what: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20_000)]
    documents: list[Annotated[str, StringConstraints(max_length=1000)]] = Field([], max_length=MAX_REMEDY_DOCUMENTS)
    evidence: list[Evidence] = Field([], max_length=MAX_REMEDY_DOCUMENTS)
    recorded_at: Moment

    @model_validator(mode="after")
    def _not_recorded_before_it_happened(self) -> Remedy:
        # one day of slack: the day is the inspector's local date, the moment is kept in UTC
        if self.on > self.recorded_at.date() + timedelta(days=1):
            raise PydanticCustomError("remedy_future", "the remedy's date is after the moment it was recorded")
        return self

    def digest(self) -> str:
        """The version's identity (the merge's tie-breaker): sha256 of its canonical JSON."""
        return sha256_of(self.model_dump(mode="json", exclude={"conflict"}))

    def bare(self) -> Remedy:
        """This version as a plain ``Remedy`` (a ``PastRemedy`` without its conflict mark)."""
        return self if type(self) is Remedy else Remedy.model_validate(self.model_dump(exclude={"conflict"}))


class PastRemedy(Remedy):
    """An earlier version of a remedy; ``conflict`` marks one recorded on another laptop that lost a merge."""

    conflict: bool = False


class RemedyRecord(BaseModel):
    """The stored remedy of one action key, with its earlier versions (oldest first).

    The history is bounded: past ``MAX_REMEDY_VERSIONS`` it is compacted (``compact_history``),
    and ``dropped`` counts the versions left out, so a list never says it is complete when it is not.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)
    inspection_id: UUID
    item_id: Slug
    remedy: Remedy
    history: list[PastRemedy] = Field([], max_length=MAX_REMEDY_VERSIONS)
    dropped: int = Field(0, ge=0, description="earlier versions left out of the history to keep it bounded")

    @model_serializer(mode="wrap")
    def _without_zero_dropped(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        # left out while nothing was dropped: records are stored and exported as before the bound
        data: dict[str, Any] = handler(self)
        if data.get("dropped", None) == 0:
            del data["dropped"]
        return data

    @property
    def key(self) -> tuple[UUID, str]:
        return self.inspection_id, self.item_id

    def versions(self) -> list[Remedy]:
        """Every version as a plain remedy: the current one and the history."""
        return [self.remedy, *(p.bare() for p in self.history)]


def recency(remedy: Remedy) -> tuple[object, str]:
    """Later ``recorded_at`` wins; on a tie the greater digest, so the order of merging never matters."""
    return remedy.recorded_at, remedy.digest()


def compact_history(history: Sequence[PastRemedy], limit: int = MAX_REMEDY_VERSIONS) -> tuple[list[PastRemedy], int]:
    """``history`` (oldest first) cut to ``limit`` versions, and how many were left out.

    Kept: the first version (what was first recorded), the last, the conflict copies (what
    another laptop recorded and lost a merge with), then the most recent; the order is kept.
    """
    if len(history) <= limit:
        return list(history), 0
    last = len(history) - 1
    middle = sorted(range(1, last), key=lambda i: (not history[i].conflict, -i))
    kept = sorted([0, last, *middle[: max(limit - 2, 0)]][:limit])
    return [history[i] for i in kept], len(history) - len(kept)


def record_remedy(record: RemedyRecord | None, inspection_id: UUID, item_id: str, remedy: Remedy) -> RemedyRecord:
    """A new current remedy; the previous one goes to the history (compacted past its bound, counted in ``dropped``)."""
    if record is None:
        return RemedyRecord(inspection_id=inspection_id, item_id=item_id, remedy=remedy)
    past = PastRemedy.model_validate(record.remedy.model_dump(exclude={"conflict"}))
    history, dropped = compact_history([*record.history, past])
    return revalidate(record, remedy=remedy, history=history, dropped=record.dropped + dropped)


class RemedyProblem(StrEnum):
    """Why a remedy cannot be recorded for an action key (catalog ``actions.problem.<value>``)."""

    NOT_SIGNED = "not_signed"
    NOT_AN_ACTION = "not_an_action"
    BEFORE_SIGNING = "before_signing"
    RECORDED_LATER = "recorded_later"


#: how far a laptop's clock may run ahead of this one's (the same day of slack as ``Remedy``'s own rule)
CLOCK_SLACK = timedelta(days=1)


def remedy_problem(
    signed_on: date | None, noes: frozenset[str] | set[str], record: RemedyRecord, now: datetime
) -> RemedyProblem | None:
    """The rule for every version of a remedy, made in the app or imported: an action of a signed
    inspection (a «Ні» of it), no version dated before the signing, none recorded after ``now``
    (a version from the future would win every later merge)."""
    if signed_on is None:
        return RemedyProblem.NOT_SIGNED
    if record.item_id not in noes:
        return RemedyProblem.NOT_AN_ACTION
    versions = record.versions()
    if any(v.on < signed_on for v in versions):
        return RemedyProblem.BEFORE_SIGNING
    if any(v.recorded_at > now + CLOCK_SLACK for v in versions):
        return RemedyProblem.RECORDED_LATER
    return None


class ActionText(BaseModel):
    """A requirement's section title and question, kept once per shard of the action index (not per action)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    section: str = Field(max_length=20_000)
    question: str = Field(max_length=20_000)

    @property
    def key(self) -> str:
        return sha256_of([self.section, self.question])[:16]


class ActionRow(BaseModel):
    """One «Ні» of a signed inspection as the action index keeps it (its text by ``ActionText.key``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    item_id: Slug
    item_number: str = Field(max_length=20)
    text: str = Field(max_length=16)
    kind: ActionKind
    deadline: Day | None = None
    notice_sent_on: Day | None = None  # signs of an official's breach: the written notice (ч. 6 ст. 53)


class SignedActions(BaseModel):
    """What list_actions needs of one signed inspection, kept in a small index beside the summaries."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: UUID
    number: str
    supersedes: UUID | None = None
    follows_up: UUID | None = None
    edrpou: str
    enterprise: str
    started: Day
    signed_on: Day
    rows: list[ActionRow] = []
    complied: list[str] = Field([], description="a follow-up's items answered «Так»: the actions it confirms")

    @classmethod
    def of(cls, inspection: Inspection) -> tuple[SignedActions, dict[str, ActionText]]:
        """The index entry of a signed inspection, and the texts its rows refer to."""
        assert inspection.signoff is not None
        numbers = inspection.checklist.item_numbers()
        titles = {item.id: section.title.uk for section in inspection.checklist.sections for item in section.items}
        texts: dict[str, ActionText] = {}
        rows = []
        for item, kind in inspection.noes():
            text = ActionText(section=titles[item.id], question=item.question.uk)
            texts[text.key] = text
            rows.append(
                ActionRow(
                    item_id=item.id, item_number=numbers[item.id], text=text.key, kind=ActionKind.of(kind),
                    deadline=inspection.findings[item.id].deadline,
                    notice_sent_on=inspection.findings[item.id].notice_sent_on if kind is NoKind.SIGNS else None,
                )
            )
        complied = (
            [i for i, f in inspection.findings.items() if f.answer is Answer.COMPLIES] if inspection.follows_up is not None else []
        )
        entry = cls(
            id=inspection.id, number=inspection.number, supersedes=inspection.supersedes, follows_up=inspection.follows_up,
            edrpou=inspection.enterprise.edrpou, enterprise=inspection.enterprise.short_name, started=inspection.start_date,
            signed_on=inspection.signoff.signed_on, rows=rows, complied=complied,
        )
        return entry, texts


@dataclass(frozen=True)
class ActionIndex:
    """The store's action index: the entries of the signed inspections and the texts their rows refer to."""

    entries: list[SignedActions]
    texts: dict[str, ActionText]

    def linked(self, inspection_ids: Collection[UUID]) -> ActionIndex:
        """The entries linked to these inspections by revisions and follow-ups, either way, at any depth.

        What ``list_actions`` derives for an inspection depends only on these (its corrections, the
        revisions it corrects, their follow-ups and what those follow up), so the register's actions of
        a few inspections come out of this part exactly as out of the whole index.
        """
        linked = linked_ids([(e.id, e.supersedes, e.follows_up) for e in self.entries], inspection_ids)
        entries = [e for e in self.entries if e.id in linked]
        used = {row.text for e in entries for row in e.rows}
        return ActionIndex(entries, {k: v for k, v in self.texts.items() if k in used})


class ActionTally(NamedTuple):
    """How many actions of plain inspections (``PlainActions``) share these facts, and of them with a notice sent."""

    edrpou: str
    head: str  # the item number up to its first «.»: the section's number as the checklist prints it
    section: str
    kind: ActionKind
    overdue: bool  # its deadline is before the day asked about (open otherwise: nothing else decides a plain one)
    actions: int
    notified: int


class SectionInspections(NamedTuple):
    """How many plain inspections have actions in one section (by its printed number and title)."""

    head: str
    section: str
    inspections: int


@dataclass(frozen=True)
class PlainActions:
    """The actions of the plain inspections among some, counted rather than listed.

    Plain: signed, neither correcting nor corrected, neither following up nor followed up, no remedy recorded.
    Each of their actions is open, or overdue past its deadline, and nothing links them to another
    inspection's, so a register counts them (``ActionTally``) instead of deriving 470,000 actions one by one.
    Both stores give the same (``of``: the definition over the action index and the remedies), sorted.
    """

    ids: frozenset[UUID]
    tallies: list[ActionTally]
    sections: list[SectionInspections]

    @classmethod
    def of(cls, index: ActionIndex, remedied: Collection[UUID], inspection_ids: Collection[UUID], today: date) -> PlainActions:
        """The plain ones of ``inspection_ids`` in ``index``; ``remedied``: the inspections with a remedy recorded."""
        wanted, touched = set(inspection_ids), set(remedied)
        for entry in index.entries:
            touched.update(i for i in (entry.supersedes, entry.follows_up) if i is not None)
        plain = [
            e for e in index.entries if e.id in wanted and e.id not in touched and e.supersedes is None and e.follows_up is None
        ]
        counts: Counter[tuple[str, str, str, ActionKind, bool]] = Counter()
        notified: Counter[tuple[str, str, str, ActionKind, bool]] = Counter()
        sections: defaultdict[tuple[str, str], set[UUID]] = defaultdict(set)
        for entry in plain:
            for row in entry.rows:
                head, section = row.item_number.partition(".")[0], index.texts[row.text].section
                key = (entry.edrpou, head, section, row.kind, row.deadline is not None and row.deadline < today)
                counts[key] += 1
                notified[key] += row.notice_sent_on is not None
                sections[(head, section)].add(entry.id)
        return cls(
            frozenset(e.id for e in plain),
            sorted(ActionTally(*key, n, notified[key]) for key, n in counts.items()),
            sorted(SectionInspections(*key, len(ids)) for key, ids in sections.items()),
        )


def linked_ids(links: Iterable[tuple[UUID, UUID | None, UUID | None]], start: Collection[UUID]) -> set[UUID]:
    """The ids reachable from ``start`` through (id, supersedes, follows_up) links, either way: ``ActionIndex.linked``."""
    neighbours: dict[UUID, set[UUID]] = {}
    for node, *others in links:
        for other in others:
            if other is not None:
                neighbours.setdefault(node, set()).add(other)
                neighbours.setdefault(other, set()).add(node)
    found, todo = set(start), list(start)
    while todo:
        for other in neighbours.get(todo.pop(), ()):
            if other not in found:
                found.add(other)
                todo.append(other)
    return found


class Action(BaseModel):
    """One action of the register, derived from a signed inspection, its remedy and its follow-ups."""

    model_config = ConfigDict(extra="forbid", frozen=True)
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
    notice_sent_on: date | None = Field(None, description="signs of an official's breach: when the written notice was sent (ч. 6 ст. 53)")
    signed_on: date | None
    started: date | None = Field(None, description="the inspection's start: the year the register counts it in")
    state: ActionState
    remedy: Remedy | None = None
    confirmed_by: UUID | None = None
    followed_up_by: UUID | None = Field(None, description="the signed follow-up inspection that checked this item")

    @property
    def key(self) -> tuple[UUID, str]:
        return self.inspection_id, self.item_id

    @property
    def is_open(self) -> bool:
        """Still to be controlled: open, overdue, or not remedied and not carried on by a follow-up's own action."""
        if self.state is ActionState.NOT_REMEDIED:
            return self.followed_up_by is None
        return self.state in (ActionState.OPEN, ActionState.OVERDUE)


def action_state(
    *, deadline: date | None, today: date, remedy: Remedy | None, follow_up_complied: bool | None
) -> ActionState:
    """A signed follow-up's answer decides first (it is signed evidence), then the recorded remedy, then the deadline."""
    if follow_up_complied is not None:
        return ActionState.CONFIRMED if follow_up_complied else ActionState.NOT_REMEDIED
    if remedy is not None:
        return ActionState.REMEDIED if remedy.remedied else ActionState.NOT_REMEDIED
    if deadline is not None and deadline < today:
        return ActionState.OVERDUE
    return ActionState.OPEN


def follow_up_checklist(checklist: Checklist, item_ids: set[str]) -> Checklist:
    """The pinned checklist restricted to ``item_ids`` (sections and order kept), versioned as a follow-up's.

    Its items keep the numbers they had in the original (3.2 stays 3.2, in its screen, certificate and
    actions; a follow-up of a follow-up keeps them too). Its own canonical form, so it gets its own
    sha256; the original's is unchanged.
    """
    kept = checklist.item_numbers()
    sections = [
        {**s.model_dump(), "items": [i.model_dump() for i in s.items if i.id in item_ids]} for s in checklist.sections
    ]
    version = checklist.version
    if not version.endswith(FOLLOW_UP_SUFFIX):
        version = version[: 32 - len(FOLLOW_UP_SUFFIX)] + FOLLOW_UP_SUFFIX
    numbers = {item_id: number for item_id, number in kept.items() if item_id in item_ids}
    return revalidate(checklist, version=version, sections=[s for s in sections if s["items"]], numbers=numbers)


def follow_up_items(original: Inspection) -> set[str]:
    """The items a follow-up inspection of ``original`` checks: its «Ні»."""
    if original.status is not Status.SIGNED:
        raise ValueError("a follow-up inspection starts from a signed inspection")
    return {item.id for item, _ in original.noes()}


class NothingToFollowUp(ValueError):
    """The signed inspection has no «Ні»: there is nothing a follow-up inspection could check."""


def new_follow_up(
    original: Inspection,
    *,
    id: UUID,
    number: str,
    now: datetime,
    start_date: date,
    end_date: date | None = None,
    enterprise: Enterprise | None = None,
    basis: LegalBasis | None = None,
    inspectors: list[Person] | None = None,
) -> Inspection:
    """A draft follow-up inspection of a signed one: exactly its «Ні» items, linked by ``follows_up``.

    It covers the time since the signing, and lasts from ``start_date`` to ``end_date`` (the same day
    unless given). The basis, inspectors and enterprise are the
    original's unless given (a follow-up is unplanned: its basis says so); the inspector
    edits the order in the header before signing, as for any inspection.
    """
    items = follow_up_items(original)
    if not items:
        raise NothingToFollowUp(original.number)
    assert original.signoff is not None
    signed_on = original.signoff.signed_on
    if start_date < signed_on:
        raise ValueError("a follow-up inspection starts after the inspection it follows up was signed")
    draft = new_inspection(
        id=id,
        number=number,
        now=now,
        enterprise=enterprise or original.enterprise,
        checklist=follow_up_checklist(original.checklist, items),
        basis=basis or revalidate(original.basis, planned=False),
        period_from=signed_on,
        period_to=start_date,
        start_date=start_date,
        end_date=end_date or start_date,
        inspectors=inspectors or original.inspectors,
        place=original.place,
    )
    # an item the original answered over its rule starts unanswered with the reason stated then, not as
    # «не застосовується»: the follow-up checks whether that «Ні» was remedied
    findings = {
        item_id: Finding(override_reason=original.findings[item_id].override_reason) if original.findings[item_id].override_reason else f
        for item_id, f in draft.findings.items()
    }
    entry = HistoryEntry(at=now, field="follows_up", new={"id": str(original.id), "number": original.number})
    return Inspection.model_validate(
        {**{name: getattr(draft, name) for name in Inspection.model_fields}, "findings": findings,
         "follows_up": original.id, "follows_up_of": FollowUpOf(number=original.number, signed_on=signed_on),
         "history": [*draft.history, entry]}
    )
