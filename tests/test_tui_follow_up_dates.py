"""The follow-up dialog asks the start and end dates, checked on their fields, at 80×24 in Ukrainian; the
follow-up's checklist screen numbers its items as the original's certificate did."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Tree
from tui_helpers import drive, type_text, wait_for

from inspect_tui.app import InspectApp
from inspect_tui.screens.checklist_run import ChecklistScreen
from inspect_tui.screens.follow_up import FollowUpOrderDialog, FollowUpScreen
from inspect_tui.store import Store
from inspect_tui.widgets.forms import FormField

pytestmark = pytest.mark.backends

SIGNED_ON = "22.03.2026"  # the demo's 1/2026


async def _dialog(app: InspectApp, pilot: Pilot[Any]) -> FollowUpOrderDialog:
    await pilot.press("f")
    await wait_for(pilot, lambda: isinstance(app.screen, FollowUpScreen) and bool(app.screen.shown))
    await pilot.press("f")
    await wait_for(pilot, lambda: isinstance(app.screen, FollowUpOrderDialog))
    dialog = app.screen
    assert isinstance(dialog, FollowUpOrderDialog)
    return dialog


def _set(dialog: FollowUpOrderDialog, name: str, value: str) -> None:
    dialog.query_one(f"#{name}", Input).value = value


def _error(dialog: FollowUpOrderDialog, name: str) -> str:
    return dialog.query_one(f"#field-{name}", FormField).error


def test_the_dialog_asks_both_dates_and_checks_them_on_their_fields(demo_store: Store) -> None:
    before = set(demo_store.inspection_ids())

    async def scenario(app: InspectApp, pilot: Pilot[Any]) -> None:
        dialog = await _dialog(app, pilot)
        for name in ("order_number", "start_date", "end_date", "save"):  # all of it visible at 80×24
            widget = dialog.query_one(f"#{name}")
            assert widget.region.bottom <= 24 and widget.region.right <= 80 and widget.region.height > 0, name
        assert dialog.query_one("#start_date", Input).value == dialog.query_one("#end_date", Input).value == "24.11.2026"
        await type_text(pilot, "101-од")
        _set(dialog, "start_date", "21.03.2026")  # before 1/2026 was signed
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog and SIGNED_ON in _error(dialog, "start_date") and "1/2026" in _error(dialog, "start_date")
        _set(dialog, "start_date", "01.12.2026")
        _set(dialog, "end_date", "30.11.2026")  # before the start
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog and _error(dialog, "start_date") == "" and "початку" in _error(dialog, "end_date")
        _set(dialog, "end_date", "31.13.2026")  # not a date
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog and "31.13.2026" in _error(dialog, "end_date")
        assert set(demo_store.inspection_ids()) == before  # nothing saved while the dialog refuses

        _set(dialog, "end_date", "03.12.2026")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ChecklistScreen) and bool(app.screen.current))
        run = app.screen
        assert isinstance(run, ChecklistScreen)
        follow_up = demo_store.get_inspection(run.inspection.id)
        assert (follow_up.start_date, follow_up.end_date) == (date(2026, 12, 1), date(2026, 12, 3))
        assert follow_up.basis.order_number == "101-од"

    drive(demo_store, scenario)


def test_the_follow_ups_checklist_screen_keeps_the_original_numbers(demo_store: Store) -> None:
    async def scenario(app: InspectApp, pilot: Pilot[Any]) -> None:
        dialog = await _dialog(app, pilot)
        await type_text(pilot, "7-од")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ChecklistScreen) and bool(app.screen.current))
        run = app.screen
        assert isinstance(run, ChecklistScreen) and dialog is not run
        labels = [str(item.label) for section in run.query_one(Tree).root.children for item in section.children]
        assert [label.split(" ")[1] for label in labels] == ["1.2", "3.2", "3.3", "3.4"]  # after the answer mark
        await pilot.press("g")  # jump by the number the original certificate printed
        await wait_for(pilot, lambda: app.screen is not run)
        await type_text(pilot, "3.3")
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is run and run.numbers[run.current] == "3.3")

    drive(demo_store, scenario)
