"""The home paints its first page from ``first_rows`` before the whole list is read, on both backends; a filter
set meanwhile hides that page and applies to the whole list once it arrives; nothing acts on a half list."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Static
from tui_helpers import test_app, type_text, until

from inspect_tui.domain.summary_row import SummaryRow
from inspect_tui.i18n import t
from inspect_tui.screens.home import HomeScreen
from inspect_tui.store_protocol import RegisterStore

pytest_plugins = ["backends"]


def _numbers(home: HomeScreen) -> list[str]:
    table = home.query_one("#inspections", DataTable)
    return [str(table.get_row_at(n)[0]).removesuffix(" !") for n in range(table.row_count)]


def _status(home: HomeScreen) -> str:
    return str(home.query_one("#home-status", Static).render())


def _hold_the_whole_list(store: RegisterStore, monkeypatch: pytest.MonkeyPatch) -> tuple[list[SummaryRow], threading.Event]:
    truth = store.summary_rows()
    release = threading.Event()

    def held(progress: Callable[[int, int], None] | None = None) -> list[SummaryRow]:
        if progress is not None:
            progress(1, len(truth))
        release.wait(30)
        return truth

    monkeypatch.setattr(store, "summary_rows", held)
    return truth, release


def test_the_first_page_shows_before_the_whole_list_and_a_filter_waits_for_it(demo_register_store: RegisterStore, monkeypatch: pytest.MonkeyPatch) -> None:
    truth, release = _hold_the_whole_list(demo_register_store, monkeypatch)
    numbers = [row.number for row in truth]

    async def scenario() -> None:
        app = test_app(demo_register_store)  # type: ignore[arg-type]
        async with app.run_test(size=(100, 30)) as pilot:
            home = app.screen
            assert isinstance(home, HomeScreen)
            await until(pilot, lambda: _numbers(home) == numbers)  # the first page, in the list's order
            assert not home.complete and home.summaries == []
            await until(pilot, lambda: _status(home) == t("tui.home.loading_of", read=1, total=len(truth)))  # still reading
            assert home.pager.selected() == truth[0]  # a true row to open: the keys act on it
            await pilot.press("slash")
            await type_text(pilot, numbers[-1])
            assert _numbers(home) == []  # the first page is not the filter's answer: it waits for the whole list
            release.set()
            await until(pilot, lambda: home.complete)
            await pilot.pause()
            assert _numbers(home) == [numbers[-1]]
            assert _status(home) == t("tui.home.shown", shown=1, total=len(truth))

    try:
        asyncio.run(scenario())
    finally:
        release.set()


def test_the_whole_list_replaces_the_first_page_keeping_the_selected_row(demo_register_store: RegisterStore, monkeypatch: pytest.MonkeyPatch) -> None:
    truth, release = _hold_the_whole_list(demo_register_store, monkeypatch)

    async def scenario() -> None:
        app = test_app(demo_register_store)  # type: ignore[arg-type]
        async with app.run_test(size=(100, 30)) as pilot:
            home = app.screen
            assert isinstance(home, HomeScreen)
            await until(pilot, lambda: home.query_one("#inspections", DataTable).row_count == len(truth))
            await pilot.press("down")
            chosen = home.pager.selected()
            release.set()
            await until(pilot, lambda: home.complete)
            assert home.pager.selected() == chosen == truth[1]
            assert _status(home) == t("tui.home.shown", shown=len(truth), total=len(truth))

    try:
        asyncio.run(scenario())
    finally:
        release.set()
