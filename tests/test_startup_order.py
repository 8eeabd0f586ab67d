"""The start-up path to the home's first rows: what it imports and what waits until the rows are shown.

The services, the register and the Law's text are imported when a screen or a worker needs them; the law
check and the register counts start after the first rows are painted, so they never compete with them.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from typing import Any

import pytest
from textual.widgets import DataTable
from tui_helpers import test_app, wait_for

from inspect_tui.app import InspectApp
from inspect_tui.screens.home import HomeScreen
from inspect_tui.store import Store

IMPORT_APP = r"""
import json, sys
import inspect_tui.app, inspect_tui.screens.home
print(json.dumps(sorted(sys.modules)))
"""

NOT_AT_START = ("inspect_tui.services", "inspect_tui.register", "inspect_tui.law", "inspect_tui.sync", "inspect_tui.checklists")


def test_the_app_imports_no_services_register_or_law_to_start() -> None:
    done = subprocess.run([sys.executable, "-c", IMPORT_APP], capture_output=True, text=True, timeout=120, check=True)
    loaded = json.loads(done.stdout.strip().splitlines()[-1])
    assert "inspect_tui.screens.home" in loaded  # the check looks at a process that imported the home
    early = [m for m in loaded if m.startswith(tuple(f"{p}." for p in NOT_AT_START))]
    assert not early, early


def test_the_law_check_starts_once_after_the_homes_first_rows(demo_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    rows_when_checked: list[int] = []

    def check(app: InspectApp) -> None:
        rows_when_checked.append(app.screen_stack[0].query_one("#inspections", DataTable).row_count)

    monkeypatch.setattr(InspectApp, "check_law_reviews", check)

    async def scenario() -> None:
        app = test_app(demo_store)
        async with app.run_test(size=(100, 30)) as pilot:
            home = app.screen_stack[0]
            assert isinstance(home, HomeScreen)
            await wait_for(pilot, lambda: home.complete and bool(rows_when_checked))
            home.reload()  # coming back to the home reads the list again, and checks nothing again
            await wait_for(pilot, lambda: home.complete)
            await pilot.pause()

    asyncio.run(scenario())
    assert rows_when_checked == [3]


def _register_counted_after_rows(demo_store: Store, monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    seen: list[Any] = []
    real = HomeScreen._count_register

    def counting(home: HomeScreen, *args: Any) -> Any:
        seen.append(home.query_one("#inspections", DataTable).row_count)
        return real(home, *args)

    monkeypatch.setattr(HomeScreen, "_count_register", counting)
    return seen


def test_the_register_counts_start_after_the_rows_are_in_the_table(demo_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _register_counted_after_rows(demo_store, monkeypatch)

    async def scenario() -> None:
        app = test_app(demo_store)
        async with app.run_test(size=(100, 30)) as pilot:
            home = app.screen_stack[0]
            assert isinstance(home, HomeScreen)
            await wait_for(pilot, lambda: home.complete and home.counts.known)

    asyncio.run(scenario())
    assert seen == [3]
