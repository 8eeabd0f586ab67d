"""The Follow-up screen driven by keys: record a remedy, start a follow-up inspection, sign it, see the action closed."""

from __future__ import annotations

import asyncio
import threading
from datetime import date
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, TextArea
from tui_helpers import paste, test_app, type_text, wait_for

from inspect_tui import services
from inspect_tui.app import InspectApp
from inspect_tui.domain.actions import ActionState
from inspect_tui.domain.inspection import Answer, Status
from inspect_tui.register.actions import list_actions
from inspect_tui.screens.checklist_run import ChecklistScreen
from inspect_tui.screens.dialogs import LinesDialog
from inspect_tui.screens.follow_up import FollowUpOrderDialog, FollowUpScreen, RemedyDialog
from inspect_tui.screens.home import HomeScreen
from inspect_tui.screens.review import ReviewScreen
from inspect_tui.screens.signoff import SignOffDialog
from inspect_tui.store import Store

TODAY = date(2026, 11, 24)  # tui_helpers.NOW
#: the demo's signed 1/2026: the entity's violation in 1.2 and the deputy's contract, signs in 3.2-3.4
NOES = ("risk-assessment", "coi-notified", "coi-no-acts-under-conflict", "coi-settled")


def _row(screen: FollowUpScreen, item_number: str) -> int:
    return next(n for n, a in enumerate(screen.shown) if a.item_number == item_number)


@pytest.mark.backends
def test_remedy_follow_up_inspection_and_its_signing_close_the_actions(demo_store: Store) -> None:
    asyncio.run(_flow(demo_store))


async def _flow(store: Store) -> None:
    app = test_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        home = app.screen
        assert isinstance(home, HomeScreen)
        await wait_for(pilot, lambda: "заходів відкрито: 4" in str(home.sub_title))
        await pilot.press("f")
        await wait_for(pilot, lambda: isinstance(app.screen, FollowUpScreen) and len(app.screen.shown) == 4)
        screen = app.screen
        assert isinstance(screen, FollowUpScreen)
        table = screen.query_one("#actions", DataTable)
        assert [a.item_number for a in screen.shown] == ["1.2", "3.2", "3.3", "3.4"]
        # «Вид»: 3.2-3.4 are an official's conduct (ст. 22–52): signs of a breach, never «порушення»
        assert [str(table.get_row_at(n)[5]) for n in range(4)] == ["порушення", *["ознаки порушення"] * 3]

        # record the remedy of 1.2: typed, saved with ctrl+s; the action leaves the open list
        table.move_cursor(row=_row(screen, "1.2"))
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, RemedyDialog))
        assert isinstance(app.focused, TextArea) and app.focused.id == "what"
        await type_text(pilot, "Оцінку ризиків проведено")
        app.screen.query_one("#documents", TextArea).focus()
        await paste(pilot, "Звіт про оцінку корупційних ризиків")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is screen and [a.item_number for a in screen.shown] == ["3.2", "3.3", "3.4"])
        record = store.remedy_records()[0]
        assert (record.remedy.what, record.remedy.documents, record.remedy.on) == (
            "Оцінку ризиків проведено", ["Звіт про оцінку корупційних ризиків"], TODAY
        )
        await pilot.press("a")  # all actions: the remedied one is listed with its state
        assert [(a.item_number, a.state) for a in screen.shown] == [
            ("1.2", ActionState.REMEDIED), ("3.2", ActionState.OPEN), ("3.3", ActionState.OPEN), ("3.4", ActionState.OPEN)
        ]
        table.move_cursor(row=_row(screen, "1.2"))
        await pilot.press("h")
        await wait_for(pilot, lambda: isinstance(app.screen, LinesDialog))
        await pilot.press("escape")

        # a follow-up inspection of the signed one: exactly its four «Ні», answered «Так» by key
        await pilot.press("f")
        await wait_for(pilot, lambda: isinstance(app.screen, FollowUpOrderDialog))
        await type_text(pilot, "101-од")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ChecklistScreen))
        run = app.screen
        assert isinstance(run, ChecklistScreen)
        follow_up_id = run.inspection.id
        assert [i.id for i in run.inspection.checklist.items] == list(NOES)
        for _ in range(2 * len(NOES)):
            if run.inspection.findings[run.current].answer is Answer.UNANSWERED:
                await pilot.press("y")
            else:
                await pilot.press("right_square_bracket")
        await wait_for(pilot, lambda: run.inspection.counts()[Answer.COMPLIES] == len(NOES))
        await pilot.press("v")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen))
        await pilot.press("g", "escape", "s")
        await wait_for(pilot, lambda: isinstance(app.screen, SignOffDialog))
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen))
        signed = store.get_inspection(follow_up_id)
        assert signed.status is Status.SIGNED and (signed.basis.order_number, signed.basis.order_date, signed.basis.planned) == ("101-од", TODAY, False)

        # back on the follow-up screen: every action closed, confirmed by the signed follow-up
        while app.screen is not screen:
            await pilot.press("escape")
            await pilot.pause()
        await wait_for(pilot, lambda: [a.state for a in screen.shown] == [ActionState.CONFIRMED] * len(NOES))
        assert {a.confirmed_by for a in screen.shown} == {follow_up_id}
        await pilot.press("a")
        assert screen.shown == [] and "лише відкриті" in str(screen.query_one("#actions-status").render())
    assert [(a.item_id, a.state) for a in list_actions(store, today=TODAY)] == [(i, ActionState.CONFIRMED) for i in NOES]


async def _remedy_dialog(app: InspectApp, pilot: Pilot[Any]) -> RemedyDialog:
    """From the home: the follow-up screen, the first open action's remedy dialog, «Зроблено» typed."""
    await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen) and bool(app.screen.summaries))
    await pilot.press("f")
    await wait_for(pilot, lambda: isinstance(app.screen, FollowUpScreen) and len(app.screen.shown) == 4)
    await pilot.press("r")
    await wait_for(pilot, lambda: isinstance(app.screen, RemedyDialog))
    dialog = app.screen
    assert isinstance(dialog, RemedyDialog)
    await paste(pilot, "Зроблено")
    return dialog


def test_a_refused_remedy_keeps_the_dialog_open_with_the_reason(demo_store: Store) -> None:
    asyncio.run(_refused(demo_store))


async def _refused(store: Store) -> None:
    from textual.widgets import Input, Static

    app = test_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = await _remedy_dialog(app, pilot)
        dialog.query_one("#evidence", TextArea).focus()
        await paste(pilot, "/no/such/scan.pdf")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "не знайдено" in str(dialog.query_one("#remedy-error", Static).render()))
        assert app.screen is dialog
        dialog.query_one("#evidence", TextArea).clear()
        dialog.query_one("#on", Input).value = "01.03.2026"  # before the certificate was signed (22.03.2026)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "раніша за підписання" in str(dialog.query_one("#remedy-error", Static).render()))
        assert app.screen is dialog
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, FollowUpScreen))
    assert store.remedy_records() == []


def test_a_remedy_is_recorded_off_the_ui_thread_and_once(demo_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """Checking a remedy reads the whole action index (0.7 s at 50,000 actions): a worker records it, the
    screen stays responsive, and a second ctrl+s meanwhile does not record it twice."""
    real = services.record_action_remedy
    release = threading.Event()
    threads: list[threading.Thread] = []

    def slow(*args: Any, **kwargs: Any) -> Any:
        threads.append(threading.current_thread())
        release.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "record_action_remedy", slow)

    async def run() -> None:
        app = test_app(demo_store)
        async with app.run_test(size=(120, 40)) as pilot:
            dialog = await _remedy_dialog(app, pilot)
            await pilot.press("ctrl+s")
            await pilot.press("ctrl+s")  # handled while the first is being recorded: the UI thread is free
            assert dialog.saving and app.screen is dialog
            release.set()
            await wait_for(pilot, lambda: isinstance(app.screen, FollowUpScreen))

    asyncio.run(run())
    assert len(threads) == 1 and threads[0] is not threading.main_thread()
    assert len(demo_store.remedy_records()) == 1
