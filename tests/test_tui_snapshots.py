"""Snapshots of the main screens at 80x24 (the inspectors' laptops) and 120x40.

The data is fixed (a small checklist that never changes, demo inspections with fixed
times, a fixed clock, no cursor blink), so a screen differs only when the UI does.
Update only after looking: ``pytest tests/test_tui_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import pytest
from rich.cells import cell_len
from textual.pilot import Pilot
from textual.widgets import DataTable
from tui_helpers import NOW, fixed_checklist, test_app, wait_for

from inspect_tui import services
from inspect_tui.demo import install_demo
from inspect_tui.domain.inspection import Answer
from inspect_tui.screens.checklist_run import ChecklistScreen
from inspect_tui.screens.help import HelpScreen
from inspect_tui.screens.home import HomeScreen
from inspect_tui.screens.registry import RegistryScreen
from inspect_tui.screens.review import ReviewScreen
from inspect_tui.screens.trash import TrashScreen
from inspect_tui.store import Store

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


@pytest.fixture
def snapshot_store(store: Store) -> Store:
    """The demo over the fixed checklist, plus a «Ні» on its practice item: a shortcoming beside the violation."""
    made = install_demo(store, fixed_checklist())
    in_progress = next(i for i in made if i.number == "2/2026")
    services.record_finding(
        store, in_progress, "coi-mechanism", now=NOW, answer=Answer.NO,
        note="Порядок не затверджено", recommendation="Затвердити порядок врегулювання конфлікту інтересів",
    )
    return store


async def _home_loaded(pilot: Pilot[Any]) -> None:
    """The home with its counts known and its rows in the table (the snapshot store has three inspections)."""
    await wait_for(
        pilot,
        lambda: isinstance(pilot.app.screen, HomeScreen) and pilot.app.screen.complete and pilot.app.screen.counts.known
        and pilot.app.screen.query_one("#inspections", DataTable).row_count == 3,
    )


def _tables_laid_out(app: Any) -> bool:
    """Whether every table's columns are as wide as their cells (the widths a table computes when idle)."""
    for table in app.screen.query(DataTable):
        for index in range(table.row_count):
            for column, value in zip(table.ordered_columns, table.get_row_at(index), strict=False):
                if max(map(cell_len, str(value).split("\n"))) > column.content_width:
                    return False
    return True


def _keys_then(keys: list[str], screen: type, then: list[str]) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """Press ``keys`` on the home screen, wait for ``screen``, then press ``then`` on it."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await _home_loaded(pilot)
        await pilot.press(*keys)
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, screen))
        await pilot.pause()
        await pilot.press(*then)
        await pilot.pause()
        # a DataTable sizes its columns when it is next idle after its rows arrive: under load the picture
        # was taken with the widths of the headers alone
        await wait_for(pilot, lambda: _tables_laid_out(pilot.app))
        await pilot.pause()  # and the refresh that paints the new widths
        await pilot.wait_for_scheduled_animations()
        await pilot.pause()

    return run_before


SCREENS: dict[str, tuple[list[str], type, list[str]]] = {
    "home": ([], HomeScreen, []),
    "checklist": (["down", "enter"], ChecklistScreen, ["up", "up"]),  # on the practice item, answered «Ні»
    "review_signed": (["down", "down", "enter"], ReviewScreen, []),
    "review_draft": (["v"], ReviewScreen, []),
    "review_findings": (["down", "v"], ReviewScreen, []),  # a violation and a shortcoming
    "registry": (["r"], RegistryScreen, []),
    "help": (["down", "enter", "f1"], HelpScreen, []),
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", list(SCREENS))
def test_screen(name: str, size: tuple[int, int], snapshot_store: Store, snap_compare: Any) -> None:
    keys, screen, then = SCREENS[name]
    assert snap_compare(test_app(snapshot_store), terminal_size=size, run_before=_keys_then(keys, screen, then))


@pytest.fixture
def utc_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Local time is UTC for the test (a screen showing a moment in local time looks the same on every machine)."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("utc_zone")
def test_trash_screen(snapshot_store: Store, snap_compare: Any) -> None:
    """The trash holding the fresh draft, deleted from the home (issue 19), with when it was deleted."""
    draft = next(s for s in snapshot_store.list_summaries() if s.number == "3/2026")
    services.delete_draft(snapshot_store, draft.id, now=NOW)

    async def run_before(pilot: Pilot[Any]) -> None:
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, HomeScreen) and pilot.app.screen.complete)
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, TrashScreen) and pilot.app.screen.query_one(DataTable).row_count == 1)
        await wait_for(pilot, lambda: _tables_laid_out(pilot.app))
        await pilot.pause()

    assert snap_compare(test_app(snapshot_store), terminal_size=(80, 24), run_before=run_before)
