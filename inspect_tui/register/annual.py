"""The annual report's facts: a year's inspections in the form of the council's report, and their totals.

A council's year-end report on its anti-corruption plan lists its inspections one per
line, e.g. «27–28.07.2023 року МКП “ПОКРОВВОДОКАНАЛ”, довідку підписано 31.07.2023 року;».
Everything here is read from the summary index and the register's actions (never from
whole inspections), so a year of thousands of inspections is reported in the time it
takes to list them; the PDF, DOCX, CSV and JSON renderings all print these same facts.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from enum import StrEnum
from functools import cache, lru_cache
from typing import TYPE_CHECKING
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from inspect_tui.bulk import bulk_validation
from inspect_tui.collation import sort_key
from inspect_tui.domain.actions import ActionKind, ActionState, PlainActions
from inspect_tui.domain.inspection import Status
from inspect_tui.domain.numbering import NumberConflict, NumberHolder, find_conflicts
from inspect_tui.domain.plan import ROMAN_QUARTERS
from inspect_tui.domain.settings import DateDash
from inspect_tui.domain.summary import InspectionSummary
from inspect_tui.i18n import translate
from inspect_tui.register.actions import ActionFacts, linked_action_facts, outcome
from inspect_tui.register.plan import PlanRow, PlanState, plan_execution

if TYPE_CHECKING:
    from inspect_tui.store_protocol import RegisterStore

#: The report is an official Ukrainian document whatever the interface language.
DOC_LANGUAGE = "uk"


def doc_text(key: str, /, **params: object) -> str:
    """A phrase of the report (``report.doc.<key>``) in the document language."""
    return translate(DOC_LANGUAGE, f"report.doc.{key}", **params)


@cache
def _phrase(key: str) -> str:
    """A phrase's template (``report.doc.<key>``), looked up once: a year's thousands of lines use three."""
    return doc_text(key)


@lru_cache(maxsize=4096)
def _day(day: date) -> str:
    """«DD.MM.YYYY»: a year's thousands of lines fall on a few hundred days, each formatted once."""
    return f"{day:%d.%m.%Y}"


#: the mark between the first and the last day of a range (``Settings.report_date_dash``)
DASHES: dict[DateDash, str] = {"en": "\u2013", "hyphen": "-"}


@lru_cache(maxsize=8192)  # a year's lines repeat a few thousand ranges
def date_range(start: date, end: date | None, dash: DateDash = "en") -> str:
    """The inspection's dates as the council's report writes them.

    One day «20.02.2023»; several days of one month «27–28.07.2023»; across months
    «30.06–03.07.2023»; across years (rare) both dates in full, «29.12.2023–02.01.2024»;
    a draft whose end is not set, «розпочато 20.02.2023».
    The range takes an en dash, or the hyphen of a council pasting into a document typed with it.
    """
    mark = DASHES[dash]
    if end is None:
        return _phrase("started").format(date=_day(start))
    if start == end:
        return _day(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start:%d}{mark}{end:%d.%m.%Y}"
    if start.year == end.year:
        return f"{start:%d.%m}{mark}{end:%d.%m.%Y}"
    return f"{_day(start)}{mark}{_day(end)}"


class Outcome(StrEnum):
    """What is recorded of a «Ні» after the certificate: the entity remedies its violations and shortcomings;
    signs of an official's breach are not the entity's to remedy, they are responded to (a conflict of interest
    settled, a disciplinary question considered, a notice sent), so the report says «вжито заходів реагування»."""

    REMEDY = "remedy"
    RESPONSE = "response"

    @classmethod
    def of(cls, kind: ActionKind) -> Outcome:
        return cls.RESPONSE if kind is ActionKind.SIGNS else cls.REMEDY


class ReportLine(BaseModel):
    """One inspection of the year: its facts, and its line in the report's own words (no final punctuation)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: UUID
    number: str
    revision: int
    edrpou: str
    enterprise: str
    started: date
    finished: date | None
    signed_on: date | None
    status: Status
    dates: str
    text: str

    @classmethod
    def of(cls, s: InspectionSummary, dash: DateDash) -> ReportLine:
        dates = date_range(s.started, s.finished, dash)
        if s.signed_at is not None:
            text = _phrase("line").format(dates=dates, enterprise=s.enterprise, signed=_day(s.signed_at))
        else:
            number = s.number if s.revision == 1 else _phrase("revision").format(number=s.number, revision=s.revision)
            text = _phrase("draft_line").format(dates=dates, enterprise=s.enterprise, number=number, status=_phrase(f"status.{s.status.value}"))
        return cls(  # validated: from a validated summary pydantic's checks cost less than its Python model_construct
            id=s.id, number=s.number, revision=s.revision, edrpou=s.edrpou, enterprise=s.enterprise, started=s.started,
            finished=s.finished, signed_on=s.signed_at, status=s.status, dates=dates, text=text,
        )


def listed(lines: Sequence[ReportLine | FollowUpLine | NumberConflictLine]) -> list[str]:
    """The lines as the report prints them: «;» after each, «.» after the last."""
    return [line.text + ("." if n == len(lines) else ";") for n, line in enumerate(lines, start=1)]


class Found(BaseModel):
    """The «Ні» of signed inspections, as the register counts them (``ActionKind``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    violations: int = 0  # violations of the Law by the entity
    signs: int = 0  # signs of an official's breach, never a violation: the offence and guilt are established as the law provides
    notified: int = 0  # of the signs, those whose written notice (ч. 6 ст. 53) the certificate records
    shortcomings: int = 0  # practice or permissive norms: recommendations


class Progress(BaseModel):
    """What became of the year's actions of one kind, as of the report's date.

    For signs (``Outcome.RESPONSE``) ``remedied`` counts measures of response taken and
    ``not_remedied`` those not taken: the keys stay, the report prints them as such.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)
    kind: ActionKind
    found: int = 0
    remedied: int = 0  # the remedy (for signs: the response) recorded, or confirmed by a signed follow-up inspection
    confirmed: int = 0  # of them, confirmed by a signed follow-up inspection («Так»)
    not_remedied: int = 0  # recorded as not remedied (not responded to), or a follow-up inspection found it still «Ні»
    overdue: int = 0  # open past its deadline
    open: int = 0  # open, its deadline not passed (or none)


class EnterpriseTotal(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    edrpou: str
    enterprise: str  # the short name of its latest inspection of the year
    inspections: int
    found: Found
    remedied: int  # violations and shortcomings remedied
    responded: int  # signs of breaches responded to
    overdue: int  # of every kind


class SectionTotal(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    number: int  # the section's number in its checklist (items are numbered «number.n»)
    title: str
    inspections: int  # signed inspections with at least one «Ні» in the section
    found: Found


class FollowUpLine(BaseModel):
    """A signed follow-up inspection of the year: which certificate's remedies it checked, and its verdicts."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: UUID
    number: str
    enterprise: str
    dates: str
    signed_on: date
    of_numbers: list[str]  # the certificates whose actions it checked
    confirmed: int  # violations and shortcomings whose remedy it confirmed
    not_remedied: int  # violations and shortcomings it found still there
    responses_confirmed: int  # signs of breaches whose response it confirmed
    not_responded: int  # signs it found still without a response
    text: str


class PlanLine(BaseModel):
    """One entry of the year's plan and what became of it."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    council: str  # whose plan it is: plans are kept by council and year
    edrpou: str
    enterprise: str
    period: str  # «березень», «II квартал»
    state: PlanState
    numbers: list[str]  # the certificates of the inspections carrying it out
    reason: str  # why it was not carried out, as the plan records it

    @classmethod
    def of(cls, row: PlanRow, today: date, council: str) -> PlanLine:
        entry = row.entry
        state = row.state(today)
        if entry.month is not None:
            period = translate(DOC_LANGUAGE, f"plan.month.{entry.month}")
        else:
            quarter = entry.quarter or 1
            period = translate(DOC_LANGUAGE, "plan.period_quarter", quarter=quarter, roman=ROMAN_QUARTERS[quarter - 1])
        return cls(
            council=council, edrpou=entry.edrpou, enterprise=entry.enterprise, period=period, state=state, numbers=row.numbers,
            reason=entry.not_done_reason,
        )


class NumberConflictLine(BaseModel):
    """A certificate number held by two or more inspections of the year (after merging laptops' stores)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    number: str
    inspection_ids: list[UUID]
    signed: int  # holders whose certificate is signed: their number never changes
    text: str

    @classmethod
    def of(cls, conflict: NumberConflict) -> NumberConflictLine:
        holders = []
        for chain in conflict.chains:
            h = chain[-1]  # the current revision
            state = doc_text("holder_signed", signed=f"{h.signed_on:%d.%m.%Y}") if h.signed_on else doc_text("holder_unsigned")
            holders.append(doc_text("holder", enterprise=h.enterprise, started=f"{h.started:%d.%m.%Y}", state=state))
        return cls(
            number=conflict.number, inspection_ids=conflict.inspection_ids, signed=len(conflict.signed),
            text=doc_text("number_conflict_line", number=conflict.number, holders="; ".join(holders)),
        )


class AnnualReport(BaseModel):
    """What the annual report states for ``year`` (inspections by their start date)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    year: int
    as_of: date
    council: str
    unit: str
    unit_head_position: str  # who signs the report; blank: a line to fill by hand
    unit_head_name: str
    date_dash: DateDash
    inspections: list[ReportLine]  # signed, current revisions, by start date
    drafts: list[ReportLine]  # not signed yet: unfinished
    by_enterprise: list[EnterpriseTotal]
    by_section: list[SectionTotal]
    found: Found
    progress: list[Progress]  # violations, signs of breaches, shortcomings
    plan: list[PlanLine]  # the year's plan in calendar order, council by council (empty: no plan saved)
    follow_ups: list[FollowUpLine]
    number_conflicts: list[NumberConflictLine]


def _ordered(summaries: Iterable[InspectionSummary]) -> list[InspectionSummary]:
    """By start date, then end date, enterprise, number («2/2023» before «10/2023») and revision.

    A year has thousands of inspections of a few dozen enterprises: each name is collated once.
    """
    name_key = cache(sort_key)

    def key(s: InspectionSummary) -> tuple[object, ...]:
        head, _, rest = s.number.partition("/")
        number = (0, int(head), rest) if head.isdigit() else (1, 0, s.number)
        return (s.started, s.finished or date.max, name_key(s.enterprise), number, s.revision)  # no end yet: last

    return sorted(summaries, key=key)


class _Tally:
    """Actions counted while they are read once, and those a store counted (``PlainActions``)."""

    def __init__(self) -> None:
        self.inspections: set[UUID] = set()
        self.counted = 0  # inspections the store counted: never the same as those in ``inspections``
        self.states: dict[ActionKind, dict[ActionState, int]] = {k: dict.fromkeys(ActionState, 0) for k in ActionKind}
        self.notified = 0

    def add(self, action: ActionFacts, state: ActionState) -> None:
        self.inspections.add(action.inspection_id)
        self.states[action.kind][state] += 1
        if action.kind is ActionKind.SIGNS and action.notice_sent_on is not None:
            self.notified += 1

    def add_counted(self, kind: ActionKind, state: ActionState, count: int, notified: int) -> None:
        self.states[kind][state] += count
        if kind is ActionKind.SIGNS:
            self.notified += notified

    def count(self, kind: ActionKind, *states: ActionState) -> int:
        by_state = self.states[kind]
        return sum(by_state[s] for s in states or ActionState)

    def all(self, *states: ActionState) -> int:
        return sum(self.count(kind, *states) for kind in ActionKind)

    def found(self) -> Found:
        return Found(
            violations=self.count(ActionKind.VIOLATION), signs=self.count(ActionKind.SIGNS), notified=self.notified,
            shortcomings=self.count(ActionKind.SHORTCOMING),
        )

    def progress(self, kind: ActionKind) -> Progress:
        s = ActionState
        return Progress(
            kind=kind, found=self.count(kind), remedied=self.count(kind, s.REMEDIED, s.CONFIRMED), confirmed=self.count(kind, s.CONFIRMED),
            not_remedied=self.count(kind, s.NOT_REMEDIED), overdue=self.count(kind, s.OVERDUE), open=self.count(kind, s.OPEN),
        )


def _section_number(item_number: str) -> int:
    head = item_number.partition(".")[0]
    return int(head) if head.isdigit() else 0


@bulk_validation()  # a region's year makes a few hundred thousand objects: the collector doubled the report's time
def annual_report(
    store: RegisterStore, year: int, *, today: date, dash: DateDash | None = None, council: str | None = None
) -> AnnualReport:
    """The year's report from the store's summaries, the register's actions and the plan (as of ``today``);
    date ranges with ``dash``, by default the settings' ``report_date_dash``.

    ``council``: one council's report out of a register holding several (a region's database): the signed
    inspections whose sign-off names it as the issuer, and its plan (``plan_lines``). Drafts name no council
    until they are signed, so that report lists none; its number conflicts are those among the council's
    inspections of the year.

    Only what the year needs is read: its summaries, the actions of its signed inspections and of those linked
    to them (a follow-up of this year may check an older certificate), the rows carrying out its plan.
    """
    settings = store.get_settings()
    dash = dash or settings.report_date_dash
    summaries = store.year_summaries(year, council)
    superseded = {s.supersedes for s in summaries if s.status is Status.SIGNED and s.supersedes is not None}
    signed = _ordered(s for s in summaries if s.status is Status.SIGNED and s.id not in superseded)
    drafts = _ordered(s for s in summaries if s.status is not Status.SIGNED)
    mine = {s.id for s in signed}
    plain = _plain(store, mine, today)
    actions = linked_action_facts(store, mine - plain.ids, today=today)
    holders = (NumberHolder.of(s) for s in (store.summary_rows() if council is None else summaries))

    total = _Tally()
    by_edrpou: defaultdict[str, _Tally] = defaultdict(_Tally)
    by_section: defaultdict[tuple[int, str], _Tally] = defaultdict(_Tally)
    checked: defaultdict[UUID, list[ActionFacts]] = defaultdict(list)  # follow-up id → the actions it checked
    for action in actions:
        if action.followed_up_by is not None:
            checked[action.followed_up_by].append(action)
    by_key = {(a.inspection_id, a.item_id): a for a in actions}
    for action in actions:
        # a follow-up's «Ні» are the violations it checked, still there: counted once, with the original,
        # as not remedied unless that follow-up's own action was remedied since (``outcome``)
        if action.started is None or action.started.year != year or action.inspection_id in checked or action.inspection_id not in mine:
            continue
        state = outcome(action, by_key)
        for tally in (total, by_edrpou[action.edrpou], by_section[(_section_number(action.item_number), action.section)]):
            tally.add(action, state)

    for counted in plain.tallies:  # open or overdue: nothing else decides a plain inspection's action
        state = ActionState.OVERDUE if counted.overdue else ActionState.OPEN
        for tally in (total, by_edrpou[counted.edrpou], by_section[(_section_number(counted.head), counted.section)]):
            tally.add_counted(counted.kind, state, counted.actions, counted.notified)
    for section in plain.sections:
        by_section[(_section_number(section.head), section.section)].counted += section.inspections

    names = {s.edrpou: s.enterprise for s in signed}  # the latest inspection's short name (signed is by date)
    inspections = Counter(s.edrpou for s in signed)
    enterprises = sorted((_enterprise(e, names[e], n, by_edrpou[e]) for e, n in inspections.items()),
        key=lambda e: (sort_key(e.enterprise), e.edrpou),
    )
    sections = [
        SectionTotal(number=number, title=title, inspections=len(t.inspections) + t.counted, found=t.found())
        for (number, title), t in sorted(by_section.items(), key=lambda kv: (kv[0][0], sort_key(kv[0][1])))
    ]
    return AnnualReport(
        year=year,
        as_of=today,
        council=settings.council_name if council is None else council,
        unit=settings.unit_name,
        unit_head_position=settings.unit_head_position,
        unit_head_name=settings.unit_head_name,
        date_dash=dash,
        inspections=[ReportLine.of(s, dash) for s in signed],
        drafts=[ReportLine.of(s, dash) for s in drafts],
        by_enterprise=enterprises,
        by_section=sections,
        found=total.found(),
        progress=[total.progress(kind) for kind in ActionKind],
        plan=plan_lines(store, year, today=today, council=council, own=settings.council_name),
        follow_ups=[_follow_up(s, checked[s.id], dash) for s in signed if s.id in checked],
        number_conflicts=[
            NumberConflictLine.of(c)
            for c in find_conflicts(holders)
            if c.year == year or any(chain[0].started.year == year for chain in c.chains)
        ],
    )


def plan_lines(store: RegisterStore, year: int, *, today: date, council: str | None, own: str) -> list[PlanLine]:
    """The plan part of the report: ``council``'s plan; for the whole register (None), the plan of the council
    the settings name (``own``) as before when it is the only one, else every council's plan, council by council,
    each carried out by that council's own inspections (an oblast's report states each council's plan)."""
    if council is not None:
        return [PlanLine.of(row, today, council) for row in plan_execution(store, year, council)]
    councils = store.plan_councils(year)
    if councils in ([], [own]):
        return [PlanLine.of(row, today, own) for row in plan_execution(store, year)]
    return [PlanLine.of(row, today, c) for c in councils for row in plan_execution(store, year, c)]


def _plain(store: RegisterStore, mine: set[UUID], today: date) -> PlainActions:
    """The store's count of the plain inspections' actions; none when two printed section numbers are one number
    («1» and «01»): a section's inspections counted under each would be counted twice, so all are derived one by one."""
    plain = store.plain_actions(mine, today)
    numbered = Counter((_section_number(s.head), s.section) for s in plain.sections)
    return plain if all(n == 1 for n in numbered.values()) else PlainActions(frozenset(), [], [])


def _enterprise(edrpou: str, name: str, inspections: int, tally: _Tally) -> EnterpriseTotal:
    s = ActionState
    done = (s.REMEDIED, s.CONFIRMED)
    return EnterpriseTotal(
        edrpou=edrpou, enterprise=name, inspections=inspections, found=tally.found(),
        remedied=tally.count(ActionKind.VIOLATION, *done) + tally.count(ActionKind.SHORTCOMING, *done),
        responded=tally.count(ActionKind.SIGNS, *done), overdue=tally.all(s.OVERDUE),
    )


def _follow_up(s: InspectionSummary, checked: list[ActionFacts], dash: DateDash) -> FollowUpLine:
    """The follow-up's line: remedies confirmed or not, and apart, responses to signs confirmed or not."""
    assert s.signed_at is not None
    dates = date_range(s.started, s.finished, dash)
    of_numbers = sorted({a.inspection_number for a in checked})
    verdicts: dict[Outcome, list[int]] = {o: [0, 0] for o in Outcome}  # outcome → [confirmed, not confirmed]
    for action in checked:
        verdicts[Outcome.of(action.kind)][0 if action.confirmed_by == s.id else 1] += 1
    said = [doc_text(f"follow_up_{o.value}", confirmed=yes, not_confirmed=no) for o, (yes, no) in verdicts.items() if yes + no]
    return FollowUpLine(
        id=s.id, number=s.number, enterprise=s.enterprise, dates=dates, signed_on=s.signed_at, of_numbers=of_numbers,
        confirmed=verdicts[Outcome.REMEDY][0], not_remedied=verdicts[Outcome.REMEDY][1],
        responses_confirmed=verdicts[Outcome.RESPONSE][0], not_responded=verdicts[Outcome.RESPONSE][1],
        text=doc_text(
            "follow_up_line", dates=dates, enterprise=s.enterprise, number=s.number, of=", ".join(of_numbers),
            signed=f"{s.signed_at:%d.%m.%Y}", verdicts=", ".join(said),
        ),
    )
