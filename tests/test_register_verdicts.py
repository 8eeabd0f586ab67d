"""What a signed follow-up inspection decides about an action, and what stays to be recorded after it:
the remedy of a «Ні» it carried on reaches the report, a remedy recorded over its verdict is refused
with what stands, and only the current revision of a corrected follow-up votes."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

import pytest
from test_sync_support import at, by_number, sign

from inspect_tui import services
from inspect_tui.domain.actions import ActionIndex, ActionKind, ActionRow, ActionState, SignedActions
from inspect_tui.domain.inspection import Answer, Inspection
from inspect_tui.i18n import t
from inspect_tui.register.actions import list_actions, verdict_on
from inspect_tui.register.annual import Progress, annual_report
from inspect_tui.store import Store

pytestmark = pytest.mark.backends

SIGNED = "1/2026"  # the demo's signed inspection: «Ні» on 1.2 risk-assessment (a violation) and 3.2-3.4 (signs)
#: the deputy director's contract with his brother's company: signs of an official's breach in 3.2, 3.3 and 3.4
COI = ("coi-notified", "coi-no-acts-under-conflict", "coi-settled")
#: a follow-up of the demo that finds the conflict of interests settled
COI_SETTLED = dict.fromkeys(COI, Answer.COMPLIES)
FOLLOW_UP_DAY = date(2027, 1, 20)
LATER = date(2027, 2, 10)


def _follow_up(store: Store, answers: dict[str, Answer], day: date = FOLLOW_UP_DAY, *, of: Inspection | None = None) -> Inspection:
    """A signed follow-up of ``of`` (the demo's signed inspection) with these answers."""
    original = of or by_number(store, SIGNED)
    draft = services.start_follow_up(store, original.id, order_number="101-од", order_date=day, now=at(day), start_date=day)
    return _answered_and_signed(store, draft, answers, day)


def _answered_and_signed(store: Store, draft: Inspection, answers: dict[str, Answer], day: date) -> Inspection:
    assert set(answers) == {i.id for i in draft.checklist.items}, "a follow-up is signed with every item answered"
    for item_id, answer in answers.items():
        changes: dict[str, object] = {"answer": answer}
        if answer is Answer.NO:
            changes.update(note="Не усунуто", recommendation="Усунути", deadline=date(2027, 6, 30))
            if draft.checklist.item(item_id).needs_notice:
                changes.update(notice_reason="повідомлення надіслано за первинною перевіркою")
        draft = services.record_finding(store, draft, item_id, now=at(day), **changes)
    return sign(store, draft, day)


def _violations(store: Store, today: date) -> Progress:
    report = annual_report(store, 2026, today=today)
    return next(p for p in report.progress if p.kind is ActionKind.VIOLATION)


def test_a_remedy_recorded_on_a_follow_ups_own_no_reaches_the_annual_report(demo_store: Store) -> None:
    follow_up = _follow_up(demo_store, {"risk-assessment": Answer.NO, **COI_SETTLED})
    assert _violations(demo_store, LATER) == Progress(kind=ActionKind.VIOLATION, found=1, not_remedied=1)
    services.record_action_remedy(demo_store, follow_up.id, "risk-assessment", remedied=True, on=LATER, what="Оцінку проведено", now=at(LATER))
    assert _violations(demo_store, LATER) == Progress(kind=ActionKind.VIOLATION, found=1, remedied=1)  # counted once, with 2026
    report = annual_report(demo_store, 2027, today=LATER)
    assert report.found.violations == 0  # the follow-up's «Ні» is the 2026 violation carried on, not a new one


def test_a_second_follow_up_confirming_a_carried_on_no_reaches_the_annual_report(demo_store: Store) -> None:
    first = _follow_up(demo_store, {"risk-assessment": Answer.NO, **COI_SETTLED})
    _follow_up(demo_store, {"risk-assessment": Answer.COMPLIES}, LATER, of=first)
    assert _violations(demo_store, LATER) == Progress(kind=ActionKind.VIOLATION, found=1, remedied=1, confirmed=1)


def test_a_follow_up_that_found_no_remedy_keeps_its_verdict_when_nothing_was_done_since(demo_store: Store) -> None:
    follow_up = _follow_up(demo_store, {"risk-assessment": Answer.NO, **COI_SETTLED})
    services.record_action_remedy(demo_store, follow_up.id, "risk-assessment", remedied=False, on=LATER, what="Не надано", now=at(LATER))
    assert _violations(demo_store, date(2027, 12, 1)) == Progress(kind=ActionKind.VIOLATION, found=1, not_remedied=1)


def test_a_remedy_recorded_over_a_follow_ups_no_is_refused_naming_where_it_belongs(demo_store: Store) -> None:
    follow_up = _follow_up(demo_store, {"risk-assessment": Answer.NO, **COI_SETTLED})
    original = by_number(demo_store, SIGNED)
    with pytest.raises(services.ActionRefused) as refused:
        services.record_action_remedy(demo_store, original.id, "risk-assessment", remedied=True, on=LATER, what="Проведено", now=at(LATER))
    assert refused.value.code == "carried_on"
    message = t("actions.refused.carried_on", **refused.value.params)
    assert follow_up.number in message and "20.01.2027" in message and "пункт 1.2" in message  # the follow-up keeps the original's numbers
    assert demo_store.remedy_records() == []
    for item_id in COI:  # and its «Так» stands too, as before
        with pytest.raises(services.ActionRefused, match="confirmed"):
            services.record_action_remedy(demo_store, original.id, item_id, remedied=True, on=LATER, what="Повідомлено", now=at(LATER))


@pytest.mark.parametrize(("first", "corrected", "state"), [
    (Answer.NO, Answer.COMPLIES, ActionState.CONFIRMED),
    (Answer.COMPLIES, Answer.NO, ActionState.NOT_REMEDIED),
])
def test_only_the_current_revision_of_a_corrected_follow_up_decides(demo_store: Store, first: Answer, corrected: Answer, state: ActionState) -> None:
    follow_up = _follow_up(demo_store, {"risk-assessment": first, **COI_SETTLED})
    correction = services.correct(demo_store, follow_up, now=at(FOLLOW_UP_DAY, 15))
    changes: dict[str, object] = {"answer": corrected}
    if corrected is Answer.NO:
        changes.update(note="Не усунуто", recommendation="Усунути", deadline=date(2027, 6, 30))
    correction = services.record_finding(demo_store, correction, "risk-assessment", now=at(FOLLOW_UP_DAY, 15), **changes)
    correction = sign(demo_store, correction, FOLLOW_UP_DAY)  # signed the same day as the revision it corrects
    (action,) = [a for a in list_actions(demo_store, today=LATER) if a.inspection_number == SIGNED and a.item_id == "risk-assessment"]
    assert action.state is state and action.followed_up_by == correction.id


def _entry(id: UUID, signed_on: date, *, follows_up: UUID | None = None, supersedes: UUID | None = None, no: bool) -> SignedActions:
    rows = [ActionRow(item_id="a", item_number="1.1", text="0" * 16, kind=ActionKind.VIOLATION)] if no else []
    return SignedActions(
        id=id, number=f"{str(id)[:4]}/2027", supersedes=supersedes, follows_up=follows_up, edrpou="32145678", enterprise="КП",
        started=signed_on, signed_on=signed_on, rows=rows, complied=[] if no else ["a"],
    )


def test_a_superseded_follow_up_never_votes_whatever_the_order_or_the_dates() -> None:
    original = _entry(uuid4(), date(2026, 3, 1), no=True)
    old = _entry(uuid4(), date(2027, 2, 1), follows_up=original.id, no=False)  # said remedied, and was signed later
    current = _entry(uuid4(), date(2027, 1, 20), follows_up=original.id, supersedes=old.id, no=True)
    for entries in ([original, old, current], [current, old, original]):
        verdict = verdict_on(ActionIndex(entries, {}), original.id, "a")
        assert verdict is not None and verdict.follow_up == current.id and not verdict.complied and verdict.item_number == "1.1"


def test_two_follow_ups_signed_the_same_day_decide_the_same_whatever_the_order() -> None:
    original = _entry(uuid4(), date(2026, 3, 1), no=True)
    one, two = (_entry(uuid4(), date(2027, 1, 20), follows_up=original.id, no=no) for no in (True, False))
    found = {verdict_on(ActionIndex(order, {}), original.id, "a") for order in ([original, one, two], [two, one, original])}
    assert len(found) == 1
