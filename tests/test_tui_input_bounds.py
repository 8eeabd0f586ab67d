"""The TUI takes no more than the models keep, and an inspection it cannot read never takes the app down."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input
from tui_helpers import paste, test_app, wait_for

from inspect_tui.app import InspectApp
from inspect_tui.domain.revalidate import max_length
from inspect_tui.domain.settings import Settings
from inspect_tui.i18n import t
from inspect_tui.screens.checklist_run import ChecklistScreen
from inspect_tui.screens.dialogs import LinesDialog
from inspect_tui.screens.home import HomeScreen
from inspect_tui.screens.review import ReviewScreen
from inspect_tui.screens.settings import SettingsScreen
from inspect_tui.store import Store

Scenario = Callable[[InspectApp, Pilot[Any]], Awaitable[None]]


def _drive(store: Store, scenario: Scenario) -> None:
    async def main() -> None:
        app = test_app(store)
        async with app.run_test(size=(110, 32)) as pilot:
            await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen) and app.screen.summaries != [])
            await scenario(app, pilot)
            assert app.is_running  # never exits over one inspection

    asyncio.run(main())


def _damage(store: Store, app: InspectApp) -> None:
    """Give the selected inspection an order number over its limit, as the old save path wrote it."""
    home = app.screen
    assert isinstance(home, HomeScreen)
    inspection_id = home.selected_id()
    path = store.data_dir / "inspections" / f"{inspection_id}.json"
    data = json.loads(path.read_text("utf-8"))
    data["inspection"]["1"]["basis"]["order_number"] = "№" * 101
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")


def _notified(app: InspectApp, text: str) -> bool:
    return any(text in str(n.message) for n in app._notifications)  # noqa: SLF001 - no public list of shown toasts


def test_an_inspection_that_cannot_be_read_is_named_and_the_home_stays(demo_store: Store) -> None:
    async def scenario(app: InspectApp, pilot: Pilot[Any]) -> None:
        _damage(demo_store, app)
        for key in ("enter", "v"):  # the checklist and the review
            await pilot.press(key)
            await wait_for(pilot, lambda: _notified(app, t("store.unreadable", reason="")[:25]))
            assert isinstance(app.screen, HomeScreen)
            app.clear_notifications()

    _drive(demo_store, scenario)


def test_an_inspection_damaged_while_open_closes_its_screen_with_a_message(demo_store: Store) -> None:
    async def scenario(app: InspectApp, pilot: Pilot[Any]) -> None:
        home = app.screen
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, (ChecklistScreen, ReviewScreen)))
        app.pop_screen()
        await wait_for(pilot, lambda: app.screen is home)
        await pilot.press("v")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen))
        review = app.screen
        assert isinstance(review, ReviewScreen)
        app.push_screen(LinesDialog("—", ["—"]))
        await wait_for(pilot, lambda: isinstance(app.screen, LinesDialog))
        path = demo_store.data_dir / "inspections" / f"{review.inspection_id}.json"
        path.write_text("{}", "utf-8")
        app.pop_screen()  # back to the review, whose inspection is gone from its file
        await wait_for(pilot, lambda: app.screen is home)
        assert _notified(app, t("store.unreadable", reason="")[:25])

    _drive(demo_store, scenario)


def test_settings_inputs_take_no_more_than_the_settings_keep(demo_store: Store) -> None:
    limit = max_length(Settings, "council_name")
    assert limit == 300

    async def scenario(app: InspectApp, pilot: Pilot[Any]) -> None:
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, SettingsScreen))
        field = app.screen.query_one("#council_name", Input)
        assert field.max_length == limit
        field.focus()
        field.value = ""
        await paste(pilot, "р" * (limit + 1))
        assert field.value == ""  # refused whole, as Textual refuses a paste past max_length
        await paste(pilot, "р" * limit)
        await pilot.press("x")
        assert field.value == "р" * limit
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: _notified(app, t("tui.settings.saved")))

    _drive(demo_store, scenario)
    assert demo_store.get_settings().council_name == "р" * limit
