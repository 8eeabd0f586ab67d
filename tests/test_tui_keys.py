"""Keys and focus of the checklist and the sign-off (issue 19), by key presses at 80×24 in Ukrainian."""

from __future__ import annotations

import asyncio

from textual.widgets import Input, TextArea, Tree
from tui_helpers import open_checklist, test_app, type_text, wait_for

from inspect_tui.domain.inspection import Answer, Inspection, Status
from inspect_tui.screens.checklist_run import ChecklistScreen
from inspect_tui.screens.dialogs import PromptDialog
from inspect_tui.screens.signoff import SignOffDialog
from inspect_tui.store import Store
from inspect_tui.widgets.footer import KeyFooter


def _draft(store: Store) -> Inspection:
    return store.get_inspection(next(s.id for s in store.list_summaries() if s.status is Status.DRAFT))


def run(coroutine: object) -> None:
    asyncio.run(coroutine)  # type: ignore[arg-type]


def test_e_right_after_an_answer_edits_the_answered_items_note(demo_store: Store) -> None:
    async def go() -> None:
        draft = _draft(demo_store)
        app = test_app(demo_store)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_checklist(app, pilot, draft.id)
            answered = screen.current
            await pilot.press("y")
            assert screen.current != answered  # auto-advance moved on
            await pilot.press("e")
            assert screen.current == answered and isinstance(app.focused, TextArea) and app.focused.id == "note"
            await type_text(pilot, "Наказ від 01.02.2026")
            await pilot.press("escape")
            await wait_for(pilot, lambda: demo_store.get_inspection(draft.id).findings[answered].note == "Наказ від 01.02.2026")
            # a move of the cursor after the answer: e is the note of the item moved to
            await pilot.press("y", "down")
            moved_to = screen.current
            await pilot.press("e")
            assert screen.current == moved_to

    run(go())


def test_escape_after_enter_in_the_deadline_leaves_the_field_not_the_checklist(demo_store: Store) -> None:
    async def go() -> None:
        draft = _draft(demo_store)
        app = test_app(demo_store)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_checklist(app, pilot, draft.id)
            await pilot.press("n")
            await pilot.press("escape", "t")
            assert isinstance(app.focused, Input) and app.focused.id == "deadline"
            await type_text(pilot, "31.03.2027")
            await pilot.press("enter")
            await wait_for(pilot, lambda: demo_store.get_inspection(draft.id).findings[screen.current].deadline is not None)
            await pilot.press("escape")
            assert app.screen is screen and isinstance(app.focused, Tree)
            await pilot.press("escape")
            assert not isinstance(app.screen, ChecklistScreen)

    run(go())


def test_the_sign_off_dialog_opens_in_its_first_field(demo_store: Store) -> None:
    async def go() -> None:
        draft = _draft(demo_store)
        app = test_app(demo_store)
        async with app.run_test(size=(80, 24)) as pilot:
            await open_checklist(app, pilot, draft.id)
            app.push_screen(SignOffDialog(draft, app.today(), app.now(), lambda signoff: None))
            await wait_for(pilot, lambda: isinstance(app.screen, SignOffDialog) and app.focused is not None)
            assert isinstance(app.focused, Input) and app.focused.id == "signed_on"

    run(go())


def test_a_text_area_selects_all_and_clears_with_keys_in_the_footer(demo_store: Store) -> None:
    async def go() -> None:
        draft = _draft(demo_store)
        app = test_app(demo_store)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_checklist(app, pilot, draft.id)
            await pilot.press("e")
            await type_text(pilot, "чернетка")
            note = app.focused
            assert isinstance(note, TextArea)
            shown = {key[2] for key in app.screen.query_one(KeyFooter)._shown_keys()}  # noqa: SLF001 - what the footer draws
            assert {"tui.keys.select_all", "tui.keys.clear_field"} <= shown
            await pilot.press("f7")
            assert note.selected_text == "чернетка"
            await pilot.press("f8")
            assert note.text == ""
            await pilot.press("ctrl+z")
            assert note.text == "чернетка"
            await pilot.press("f8", "escape")
            await wait_for(pilot, lambda: demo_store.get_inspection(draft.id).findings[screen.current].note == "")

    run(go())


def test_not_examined_asks_a_reason_and_keeps_it(demo_store: Store) -> None:
    async def go() -> None:
        draft = _draft(demo_store)
        app = test_app(demo_store)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_checklist(app, pilot, draft.id)
            item = screen.current
            await pilot.press("x")
            await wait_for(pilot, lambda: isinstance(app.screen, PromptDialog))
            await pilot.press("escape")  # cancelled: nothing recorded
            assert demo_store.get_inspection(draft.id).findings[item].answer is not Answer.NOT_EXAMINED
            await pilot.press("x")
            await wait_for(pilot, lambda: isinstance(app.screen, PromptDialog))
            await type_text(pilot, "Документи в архіві")
            await pilot.press("enter")
            await wait_for(pilot, lambda: demo_store.get_inspection(draft.id).findings[item].answer is Answer.NOT_EXAMINED)
            assert demo_store.get_inspection(draft.id).findings[item].na_reason == "Документи в архіві"

    run(go())
