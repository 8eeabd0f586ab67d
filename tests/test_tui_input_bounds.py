"""The TUI takes no more than the models keep, and an inspection it cannot read never takes the app down."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime
from typing import Any

from textual.pilot import Pilot
from textual.widgets import DataTable, Input
from tui_helpers import paste, test_app, wait_for

from inspect_tui.app import InspectApp
from inspect_tui.domain.actions import MAX_REMEDY_VERSIONS, PastRemedy, Remedy, RemedyRecord
from inspect_tui.domain.inspection import LegalBasis
from inspect_tui.domain.revalidate import max_length
from inspect_tui.domain.settings import Settings
from inspect_tui.i18n import t
from inspect_tui.screens.checklist_run import ChecklistScreen
from inspect_tui.screens.dialogs import LinesDialog
from inspect_tui.screens.follow_up import FollowUpOrderDialog, FollowUpScreen
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


def test_a_compacted_remedy_history_says_how_many_versions_it_left_out(demo_store: Store) -> None:
    signed = next(s for s in demo_store.list_summaries() if s.number == "1/2026")
    versions = [
        PastRemedy(remedied=False, on=date(2026, 4, 1), what=f"запис {n}", recorded_at=datetime(2026, 4, 1, 9, n % 60, n // 60, tzinfo=UTC))
        for n in range(MAX_REMEDY_VERSIONS)
    ]
    current = Remedy(remedied=True, on=date(2026, 4, 2), what="Проведено", recorded_at=datetime(2026, 4, 2, 9, tzinfo=UTC))
    demo_store.save_remedy(RemedyRecord(inspection_id=signed.id, item_id="risk-assessment", remedy=current, history=versions, dropped=3))

    async def scenario(app: InspectApp, pilot: Pilot[Any]) -> None:
        await pilot.press("f")
        await wait_for(pilot, lambda: isinstance(app.screen, FollowUpScreen) and bool(app.screen.shown))
        screen = app.screen
        assert isinstance(screen, FollowUpScreen)
        await pilot.press("a")  # the remedied action is listed too
        screen.query_one("#actions", DataTable).move_cursor(row=[a.item_number for a in screen.shown].index("1.2"))
        await pilot.press("h")
        await wait_for(pilot, lambda: isinstance(app.screen, LinesDialog))
        lines = app.screen.lines
        assert lines[-2] == t("actions.tui.history_dropped", count=3) and "запис 0" in lines[-1]
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen)
        screen.query_one("#actions", DataTable).move_cursor(row=0)
        await pilot.press("f")  # a follow-up's order: its input takes no more than the basis keeps
        await wait_for(pilot, lambda: isinstance(app.screen, FollowUpOrderDialog))
        assert app.screen.query_one("#order_number", Input).max_length == max_length(LegalBasis, "order_number") == 100

    _drive(demo_store, scenario)
