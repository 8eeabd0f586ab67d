"""What the Law requires of the screens, driven by the keys an inspector presses.

Rule-excluded items keep «не застосовується» unless an answer is confirmed with a reason;
moving on skips them; a «Ні» about an official's conduct is «ознаки порушення» with the
24-hour notice recorded; the conclusion is drafted from the findings and required; the
header is asked on first run; objections after signing are attached without touching the hash.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static, TextArea
from tui_helpers import NOW, paste, test_app, type_text, wait_for

from inspect_tui import services
from inspect_tui.app import InspectApp
from inspect_tui.certificate.conclusion import draft_conclusion
from inspect_tui.demo import SIGNS_ITEM
from inspect_tui.domain.inspection import Answer, NoKind, Status
from inspect_tui.i18n import t
from inspect_tui.screens.checklist_run import ChecklistScreen
from inspect_tui.screens.dialogs import ConfirmDialog, LinesDialog, OverrideDialog
from inspect_tui.screens.home import HomeScreen
from inspect_tui.screens.review import ReviewScreen
from inspect_tui.screens.review_dialogs import ObjectionDialog
from inspect_tui.screens.settings import FirstRunDialog
from inspect_tui.store import Store
from inspect_tui.widgets.item_pane import ItemPane

Scenario = Callable[[InspectApp, Pilot[Any]], Awaitable[None]]


def drive(store: Store, scenario: Scenario, *, size: tuple[int, int] = (100, 30), home: bool = True) -> None:
    async def main() -> None:
        app = test_app(store)
        async with app.run_test(size=size) as pilot:
            if home:
                await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen) and bool(app.screen.summaries))
            await scenario(app, pilot)

    asyncio.run(main())


def _id(store: Store, number: str) -> Any:
    return next(s.id for s in store.list_summaries() if s.number == number)


def _text(screen: Any, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def _open(app: InspectApp, pilot: Pilot[Any], number: str, *, review: bool = False) -> None:
    home = app.screen
    assert isinstance(home, HomeScreen)
    home.query_one("#inspections", DataTable).move_cursor(row=[s.number for s in home.summaries].index(number))
    await pilot.press("v" if review else "enter")
    await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen if review else ChecklistScreen))


async def _jump(app: InspectApp, pilot: Pilot[Any], number: str) -> None:
    run = app.screen
    await pilot.press("g")
    await wait_for(pilot, lambda: bool(app.screen.query("#prompt-input")))
    await type_text(pilot, number)
    await pilot.press("enter")
    await wait_for(pilot, lambda: app.screen is run)


# --- rule-excluded items -------------------------------------------------------------------------


def test_answering_a_rule_excluded_item_needs_a_confirmed_reason(demo_store: Store) -> None:
    """3/2026 is a social-services institution: the programme items (section 2) do not bind it."""
    fresh = _id(demo_store, "3/2026")
    inspection = demo_store.get_inspection(fresh)
    programme = inspection.checklist.sections[1]
    first, rest = programme.items[0].id, [i.id for i in programme.items[1:]]
    assert all(inspection.findings[i.id].na_by_rule for i in programme.items)
    numbers = inspection.checklist.item_numbers()
    reason = "Програму затверджено з власної ініціативи"

    async def scenario(app: InspectApp, pilot: Pilot[Any]) -> None:
        await _open(app, pilot, "3/2026")
        run = app.screen
        assert isinstance(run, ChecklistScreen)
        await _jump(app, pilot, numbers[first])
        assert run.current == first
        assert _text(run, "#item-rule").startswith(t("tui.run.excluded", reason="")[:20])
        await pilot.press("y")  # not silently: a dialog asks
        await wait_for(pilot, lambda: isinstance(app.screen, OverrideDialog))
        await pilot.press("escape")  # cancelled: still N/A by the rule, and still on the item
        await wait_for(pilot, lambda: app.screen is run)
        assert run.inspection.findings[first].answer is Answer.NOT_APPLICABLE and run.current == first
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, OverrideDialog))
        await pilot.press("enter")  # no reason: refused inside the dialog
        assert _text(app.screen, "#override-error") == t("tui.override.required")
        await paste(pilot, reason)
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is run)
        assert isinstance(app.focused, TextArea) and app.focused.id == "note"  # a «Ні» opens its note
        assert t("tui.run.overridden") in _text(run, "#item-rule")
        assert t("tui.basis.shortcoming") in _text(run, "#item-answer")  # never «порушення» here
        assert run.query_one("#override_reason", Input).value == reason

    drive(demo_store, scenario)
    stored = demo_store.get_inspection(fresh)
    finding = stored.findings[first]
    assert (finding.answer, finding.override_reason) == (Answer.NO, reason)
    assert stored.no_kind(stored.checklist.item(first)) is NoKind.SHORTCOMING
    assert all(stored.findings[i].answer is Answer.NOT_APPLICABLE for i in rest)
    # answer and reason were one change: no history entry with the answer alone
    answers = [e for e in stored.history if e.field == f"findings.{first}.answer"]
    assert len(answers) == 1


def test_moving_on_after_an_answer_skips_rule_excluded_items(demo_store: Store) -> None:
    fresh = _id(demo_store, "3/2026")
    inspection = demo_store.get_inspection(fresh)
    last_of_first, programme, third = inspection.checklist.sections[0].items[-1], inspection.checklist.sections[1], inspection.checklist.sections[2]
    numbers = inspection.checklist.item_numbers()

    async def scenario(app: InspectApp, pilot: Pilot[Any]) -> None:
        await _open(app, pilot, "3/2026")
        run = app.screen
        assert isinstance(run, ChecklistScreen)
        await _jump(app, pilot, numbers[programme.items[0].id])
        await pilot.press("u")  # cleared: unanswered, but still excluded by the rule
        await _jump(app, pilot, numbers[last_of_first.id])
        await pilot.press("y")  # the next item to answer is past the whole excluded section
        assert run.current == third.items[0].id
        await _jump(app, pilot, numbers[last_of_first.id])
        await pilot.press("right_square_bracket")  # «next unanswered» passes the cleared excluded item too
        assert run.current == third.items[0].id

    drive(demo_store, scenario)
    stored = demo_store.get_inspection(fresh)
    assert stored.findings[last_of_first.id].answer is Answer.COMPLIES
    assert all(stored.findings[i.id].answer is Answer.NOT_APPLICABLE for i in programme.items[1:])


# --- signs of an official's breach ----------------------------------------------------------------


def test_signs_read_as_signs_and_the_notice_is_recorded(demo_store: Store) -> None:
    draft = _id(demo_store, "2/2026")
    inspection = demo_store.get_inspection(draft)
    item = inspection.checklist.item(SIGNS_ITEM)
    assert inspection.no_kind(item) is NoKind.SIGNS and inspection.findings[SIGNS_ITEM].answer is Answer.UNANSWERED

    async def scenario(app: InspectApp, pilot: Pilot[Any]) -> None:
        await _open(app, pilot, "2/2026")
        run = app.screen
        assert isinstance(run, ChecklistScreen)
        await _jump(app, pilot, inspection.checklist.item_numbers()[SIGNS_ITEM])
        assert not run.query_one("#notice-row").display
        await pilot.press("n")
        answer = _text(run, "#item-answer")
        assert t("tui.basis.signs") in answer and t("tui.basis.violation") not in answer
        assert "ч. 6 ст. 53" in answer and "24" in answer
        assert run.query_one("#notice-row").display
        await pilot.press("escape", "w")
        assert app.focused is run.query_one("#notice_sent_on", Input)
        await paste(pilot, "28.07.2026")
        await pilot.press("tab")
        assert app.focused is run.query_one("#notice_number", Input)
        await paste(pilot, "01-17/99")
        await pilot.press("enter", "escape")  # enter saves the line and stays in it; escape leaves the field
        await pilot.press("v")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen))
        signs = _text(app.screen, "#review-signs")
        assert signs.startswith(t("tui.review.signs", count=1))
        assert t("tui.review.notice_sent", date="28.07.2026") + t("tui.review.notice_number", number="01-17/99") in signs
        assert f"[{inspection.checklist.item_numbers()[SIGNS_ITEM]}]" not in _text(app.screen, "#review-violations")

    drive(demo_store, scenario)
    finding = demo_store.get_inspection(draft).findings[SIGNS_ITEM]
    assert (finding.notice_sent_on, finding.notice_number) == (date(2026, 7, 28), "01-17/99")


def test_why_no_notice_was_sent_is_typed_beside_it_and_shown_in_the_review(demo_store: Store) -> None:
    """Signs of an official's breach need the notice or the reason none was sent (sign-off asks for one of them)."""
    draft = _id(demo_store, "2/2026")
    inspection = demo_store.get_inspection(draft)
    reason = "повідомлення надіслав керівник суб'єкта перевірки"

    async def scenario(app: InspectApp, pilot: Pilot[Any]) -> None:
        await _open(app, pilot, "2/2026")
        run = app.screen
        assert isinstance(run, ChecklistScreen)
        await _jump(app, pilot, inspection.checklist.item_numbers()[SIGNS_ITEM])
        assert not run.query_one("#field-notice_reason").display
        await pilot.press("n")
        assert run.query_one("#field-notice_reason").display
        await pilot.press("escape")
        run.query_one(ItemPane).edit("notice_reason")
        await paste(pilot, reason)
        await pilot.press("escape")
        await pilot.press("v")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen))
        signs = _text(app.screen, "#review-signs")
        assert t("tui.review.notice_reason", reason=reason) in signs and t("tui.review.notice_missing") not in signs

    drive(demo_store, scenario)
    assert demo_store.get_inspection(draft).findings[SIGNS_ITEM].notice_reason == reason


def test_the_review_says_when_the_notice_on_signs_is_missing(demo_store: Store) -> None:
    draft = _id(demo_store, "2/2026")
    services.record_finding(demo_store, demo_store.get_inspection(draft), SIGNS_ITEM, now=NOW, answer=Answer.NO)

    async def scenario(app: InspectApp, pilot: Pilot[Any]) -> None:
        await _open(app, pilot, "2/2026", review=True)
        signs = _text(app.screen, "#review-signs")
        assert t("tui.review.signs_intro")[:30] in signs and t("tui.review.notice_missing") in signs
        assert t("tui.review.noes", violations=1, signs=1, shortcomings=0) in _text(app.screen, "#review-counts")

    drive(demo_store, scenario)


# --- conclusion and sign-off ---------------------------------------------------------------------


def _complete_but_conclusion(store: Store, number: str) -> Any:
    """Answer every open item of ``number`` «Так» (set directly: typing is not what is tested)."""
    inspection = store.get_inspection(_id(store, number))
    for item in inspection.checklist.items:
        if inspection.findings[item.id].answer is Answer.UNANSWERED:
            inspection = services.record_finding(store, inspection, item.id, now=NOW, answer=Answer.COMPLIES)
    return inspection.id


def test_signoff_without_a_conclusion_is_refused_and_the_draft_key_fills_it(demo_store: Store) -> None:
    ready = _complete_but_conclusion(demo_store, "3/2026")
    typed = "Власний висновок"

    async def scenario(app: InspectApp, pilot: Pilot[Any]) -> None:
        await _open(app, pilot, "3/2026", review=True)
        review = app.screen
        assert isinstance(review, ReviewScreen)
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, LinesDialog))
        assert app.screen.lines == [t("tui.problem.no_conclusion")]  # type: ignore[attr-defined]
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is review)
        await pilot.press("g")  # empty: filled at once, and the editor takes the focus
        editor = review.query_one("#conclusion", TextArea)
        assert editor.text == draft_conclusion(review.inspection) and app.focused is editor
        assert t("tui.review.ready") in _text(review, "#review-state")
        editor.load_text(typed)  # the inspector's own words
        await pilot.press("escape")
        assert review.inspection.conclusion == typed
        await pilot.press("g")  # not empty: asks first
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen is review)
        assert review.inspection.conclusion == typed
        await pilot.press("g")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await wait_for(pilot, lambda: app.screen is review and review.inspection.conclusion != typed)

    drive(demo_store, scenario)
    stored = demo_store.get_inspection(ready)
    assert stored.conclusion == draft_conclusion(stored) and stored.status is Status.DRAFT


def test_signoff_refuses_while_the_header_is_empty(demo_store: Store) -> None:
    ready = _complete_but_conclusion(demo_store, "3/2026")
    inspection = demo_store.get_inspection(ready)
    services.update_header(demo_store, inspection, now=NOW, conclusion=draft_conclusion(inspection))
    demo_store.save_settings(demo_store.get_settings().model_copy(update={"council_name": "", "unit_name": ""}))

    async def scenario(app: InspectApp, pilot: Pilot[Any]) -> None:
        await wait_for(pilot, lambda: isinstance(app.screen, FirstRunDialog))
        await pilot.press("escape")  # later
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen) and bool(app.screen.summaries))
        await _open(app, pilot, "3/2026", review=True)
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, LinesDialog))
        assert app.screen.lines == [t("tui.problem.no_council_name"), t("tui.problem.no_unit_name")]  # type: ignore[attr-defined]

    drive(demo_store, scenario, home=False)
    assert demo_store.get_inspection(ready).status is Status.DRAFT


def test_first_run_asks_for_the_header_before_anything_else(store: Store) -> None:
    async def scenario(app: InspectApp, pilot: Pilot[Any]) -> None:
        await wait_for(pilot, lambda: isinstance(app.screen, FirstRunDialog))
        await pilot.press("enter")  # the council is required
        await pilot.press("ctrl+s")
        assert str(app.screen.query_one("#field-council_name .field-error", Static).render()) == t("tui.form.required")
        app.screen.query_one("#council_name", Input).value = "Покровська міська рада"
        await pilot.press("enter")  # on to the unit
        assert app.focused is app.screen.query_one("#unit_name", Input)
        await type_text(pilot, "Відділ")
        await pilot.press("enter")
        await paste(pilot, "м. Покровськ")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))

    drive(store, scenario, home=False)
    settings = store.get_settings()
    assert (settings.council_name, settings.unit_name, settings.place) == ("Покровська міська рада", "Відділ", "м. Покровськ")


# --- objections after signing --------------------------------------------------------------------


def test_objections_after_signing_are_attached_and_shown(demo_store: Store) -> None:
    signed_id = _id(demo_store, "1/2026")
    before = demo_store.get_inspection(signed_id)
    text = "Не погоджуюся з висновком щодо п. 3.2"

    async def scenario(app: InspectApp, pilot: Pilot[Any]) -> None:
        await _open(app, pilot, "1/2026", review=True)
        review = app.screen
        assert isinstance(review, ReviewScreen)
        assert not review.query_one("#review-addenda").display
        await pilot.press("z")
        await wait_for(pilot, lambda: isinstance(app.screen, ObjectionDialog))
        await pilot.press("ctrl+s")  # no text: refused in the dialog
        assert isinstance(app.screen, ObjectionDialog)
        app.screen.query_one("#objection_text", TextArea).load_text(text)
        await pilot.click("#save")  # the dialog's button, as a mouse user saves
        await wait_for(pilot, lambda: app.screen is review)
        shown = _text(review, "#review-addenda")
        assert shown.startswith(t("tui.review.addenda", count=1)) and text in shown and "24.11.2026" in shown

    drive(demo_store, scenario)
    after = demo_store.get_inspection(signed_id)
    assert [(a.received_on, a.text) for a in after.addenda] == [(date(2026, 11, 24), text)]
    assert after.sha256 == before.sha256 == after.content_hash()


# --- basis and settings --------------------------------------------------------------------------


def test_new_inspection_suggests_the_act_and_requires_it(demo_store: Store) -> None:
    async def scenario(app: InspectApp, pilot: Pilot[Any]) -> None:
        await pilot.press("n")
        await wait_for(pilot, lambda: bool(app.screen.query("#act")))
        screen = app.screen
        assert screen.query_one("#act", Input).value == t("tui.new.act_default") == "розпорядження міського голови"
        assert screen.query_one("#act_title", Input).value == "Про проведення перевірки"
        screen.query_one("#act", Input).value = ""
        await pilot.press("ctrl+s")
        assert str(screen.query_one("#field-act .field-error", Static).render()) == t("tui.form.required")

    drive(demo_store, scenario)


def test_settings_keep_the_regulation_procedure_and_objection_term(demo_store: Store) -> None:
    from inspect_tui.screens.settings import SettingsScreen

    async def scenario(app: InspectApp, pilot: Pilot[Any]) -> None:
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, SettingsScreen))
        screen = app.screen
        screen.query_one("#objection_days", Input).value = "99"
        await pilot.press("ctrl+s")
        assert str(screen.query_one("#field-objection_days .field-error", Static).render()) == t(
            "tui.settings.objection_days_max", max=60
        )
        screen.query_one("#objection_days", Input).value = "5"
        screen.query_one("#inspection_procedure", Input).value = "Порядок № 7-р"
        await pilot.press("ctrl+s")

    drive(demo_store, scenario)
    settings = demo_store.get_settings()
    assert (settings.objection_days, settings.inspection_procedure) == (5, "Порядок № 7-р")
    assert settings.issuer().objection_days == 5


def test_the_act_of_an_older_draft_is_added_in_the_review(demo_store: Store) -> None:
    """A draft made before the act was asked: the review says so, and b fills it in."""
    from inspect_tui.screens.review_dialogs import BasisDialog

    draft = _id(demo_store, "2/2026")
    inspection = demo_store.get_inspection(draft)
    services.update_header(demo_store, inspection, now=NOW, basis=inspection.basis.model_copy(update={"act": "", "title": ""}))

    async def scenario(app: InspectApp, pilot: Pilot[Any]) -> None:
        await _open(app, pilot, "2/2026", review=True)
        review = app.screen
        assert t("tui.problem.basis_no_act") in _text(review, "#review-state")
        await pilot.press("b")
        await wait_for(pilot, lambda: isinstance(app.screen, BasisDialog))
        dialog = app.screen
        assert dialog.query_one("#act", Input).value == "розпорядження міського голови"
        dialog.query_one("#act", Input).value = "наказ начальника відділу"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is review)
        assert "наказ начальника відділу" in _text(review, "#review-basis")
        assert t("tui.problem.basis_no_act") not in _text(review, "#review-state")

    drive(demo_store, scenario)
    basis = demo_store.get_inspection(draft).basis
    assert (basis.act, basis.title, basis.order_number) == ("наказ начальника відділу", "Про проведення перевірки", "47-од")
