"""A slow earlier load never overwrites a later one, on any screen that loads in workers (``AppScreen.begin_load``),
and a load a later one replaced stops reading, so returning to a screen again and again does not pile up threads."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable
from tui_helpers import test_app, wait_for

from inspect_tui import services
from inspect_tui.app import InspectApp
from inspect_tui.demo import demo_enterprises
from inspect_tui.domain.plan import PlanEntry, entry_id
from inspect_tui.register import annual
from inspect_tui.register.annual import AnnualReport
from inspect_tui.screens.annual_report import AnnualReportScreen
from inspect_tui.screens.follow_up import FollowUpScreen
from inspect_tui.screens.home import HomeScreen
from inspect_tui.screens.plan import PlanScreen
from inspect_tui.store import Store


class Gate:
    """Stands for a loader: the first call waits until ``release`` and returns a stale result, later calls the real one."""

    def __init__(self, real: Callable[..., Any], stale: Callable[[Any], Any]) -> None:
        self.real = real
        self.stale = stale
        self.release = threading.Event()
        self.finished = threading.Event()
        self.calls = 0

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        result = self.real(*args, **kwargs)
        if self.calls > 1:
            return result
        self.release.wait(timeout=30)
        self.finished.set()
        return self.stale(result)


async def settle(pilot: Pilot[Any], condition: Callable[[], bool], steps: int = 400) -> None:
    """Let the app run until ``condition`` holds, without waiting on workers (one of them is held)."""
    for _ in range(steps):
        if condition():
            return
        await pilot.pause()
    raise AssertionError("condition never became true")


async def let_the_stale_one_in(pilot: Pilot[Any], gate: Gate) -> None:
    """Release the held first load and give its result every chance to reach the screen."""
    gate.release.set()
    await settle(pilot, gate.finished.is_set)
    await pilot.app.workers.wait_for_complete()
    for _ in range(5):
        await pilot.pause()


def _run(store: Store, scenario: Callable[[InspectApp, Pilot[Any]], Any]) -> None:
    async def main() -> None:
        app = test_app(store)
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_for(pilot, lambda: bool(app.screen.query("#inspections")))
            await scenario(app, pilot)

    asyncio.run(main())


def test_the_follow_up_screen_shows_the_latest_load(demo_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    from inspect_tui.screens import follow_up

    gate = Gate(follow_up.list_actions, lambda actions: [])
    monkeypatch.setattr(follow_up, "list_actions", gate)

    async def scenario(app: InspectApp, pilot: Pilot[Any]) -> None:
        await pilot.press("f")
        await settle(pilot, lambda: isinstance(app.screen, FollowUpScreen) and gate.calls >= 1)
        screen = app.screen
        assert isinstance(screen, FollowUpScreen)
        screen.reload()  # as on coming back to it from a follow-up inspection
        table = screen.query_one("#actions", DataTable)
        await settle(pilot, lambda: table.row_count == 4)  # the demo's four open actions (1.2, 3.2-3.4)
        await let_the_stale_one_in(pilot, gate)
        assert table.row_count == 4 and len(screen.actions) == 4

    _run(demo_store, scenario)


def test_the_plan_screen_shows_the_latest_load_of_its_year(demo_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    from inspect_tui.screens import plan

    ent = demo_enterprises()[0]
    services.save_plan_entry(demo_store, PlanEntry(
        id=entry_id(2026, ent.edrpou, 12, None), year=2026, edrpou=ent.edrpou, enterprise=ent.short_name, month=12,
    ), new=True)
    gate = Gate(plan.plan_execution, lambda rows: [])
    monkeypatch.setattr(plan, "plan_execution", gate)

    async def scenario(app: InspectApp, pilot: Pilot[Any]) -> None:
        await pilot.press("p")
        await settle(pilot, lambda: isinstance(app.screen, PlanScreen) and gate.calls == 1)
        screen = app.screen
        assert isinstance(screen, PlanScreen)
        await pilot.press("right_square_bracket", "left_square_bracket")  # 2027, then back to 2026: loaded again
        table = screen.query_one("#plan", DataTable)
        await settle(pilot, lambda: screen.year == 2026 and table.row_count == 1)
        await let_the_stale_one_in(pilot, gate)
        assert table.row_count == 1 and len(screen.rows) == 1

    _run(demo_store, scenario)


def test_the_annual_report_screen_shows_and_writes_the_latest_build(demo_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    def emptied(report: AnnualReport) -> AnnualReport:
        return AnnualReport.model_validate({**report.model_dump(), "inspections": [], "drafts": []})

    gate = Gate(annual.annual_report, emptied)
    monkeypatch.setattr(annual, "annual_report", gate)

    async def scenario(app: InspectApp, pilot: Pilot[Any]) -> None:
        await pilot.press("z")
        await settle(pilot, lambda: isinstance(app.screen, AnnualReportScreen) and gate.calls == 1)
        screen = app.screen
        assert isinstance(screen, AnnualReportScreen)
        await pilot.press("right_square_bracket", "left_square_bracket")
        await settle(pilot, lambda: screen.report is not None and screen.report.year == 2026)
        await let_the_stale_one_in(pilot, gate)
        assert screen.report is not None and screen.report.year == 2026 and len(screen.report.inspections) == 1
        assert screen.query_one("#report-lines", DataTable).row_count == 1

    _run(demo_store, scenario)


def test_reloading_home_again_and_again_leaves_one_reading_thread(demo_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    release = threading.Event()
    reading: list[int] = []
    real = demo_store.summary_rows

    def slow(progress: Callable[[int, int], None] | None = None) -> Any:
        """A large store's index: progress after progress until released."""
        reading.append(1)
        try:
            while not release.wait(0.005):
                if progress is not None:
                    progress(0, 256)
            return real(progress)
        finally:
            reading.pop()

    async def scenario(app: InspectApp, pilot: Pilot[Any]) -> None:
        screen = app.screen
        assert isinstance(screen, HomeScreen)
        monkeypatch.setattr(demo_store, "summary_rows", slow)
        try:
            for _ in range(5):  # back home from five screens in a row
                screen.reload()
                await pilot.pause()
            await settle(pilot, lambda: len(reading) == 1)
        finally:
            release.set()  # a failure must not leave threads reading for good
        await wait_for(pilot, lambda: not reading and screen.query_one("#inspections", DataTable).row_count == 3)

    _run(demo_store, scenario)
    assert not reading

