"""The new-inspection form creates one inspection however often ctrl+s is pressed: it is disabled while it saves."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest
from textual.containers import VerticalScroll
from textual.pilot import Pilot
from textual.widgets import Input, Select
from tui_helpers import choose, test_app, type_text, wait_for

from inspect_tui import services
from inspect_tui.app import InspectApp
from inspect_tui.demo import DEMO_CHECKLIST, demo_enterprises
from inspect_tui.domain.inspection import Inspection
from inspect_tui.screens.checklist_run import ChecklistScreen
from inspect_tui.screens.new_inspection import NewInspectionScreen
from inspect_tui.store import Store
from inspect_tui.widgets.forms import FormField

pytestmark = pytest.mark.backends


def test_pressing_ctrl_s_twice_creates_one_inspection(demo_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    release = threading.Event()
    calls: list[int] = []
    create = services.create_inspection

    def held(store: Store, **fields: Any) -> Inspection:
        """The first save waits until the test has pressed ctrl+s again (a slow disk, a large store)."""
        calls.append(1)
        release.wait(timeout=30)
        return create(store, **fields)

    monkeypatch.setattr(services, "create_inspection", held)
    before = {s.id for s in demo_store.list_summaries()}
    asyncio.run(_press_twice(demo_store, release))
    assert len(calls) == 1
    assert len({s.id for s in demo_store.list_summaries()} - before) == 1


async def _filled_form(app: InspectApp, pilot: Pilot[Any]) -> NewInspectionScreen:
    """The new-inspection form opened from the home with «n» and filled as far as creating needs."""
    await pilot.press("n")
    await wait_for(pilot, lambda: isinstance(app.screen, NewInspectionScreen))
    screen = app.screen
    assert isinstance(screen, NewInspectionScreen)
    await choose(pilot, screen.query_one("#enterprise", Select), demo_enterprises()[0].edrpou)
    await choose(pilot, screen.query_one("#checklist", Select), DEMO_CHECKLIST)
    screen.query_one("#order_number", Input).focus()
    await type_text(pilot, "77-од")
    return screen


async def _press_twice(store: Store, release: threading.Event) -> None:
    app = test_app(store)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _filled_form(app, pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert screen.saving and screen.query_one("#form", VerticalScroll).disabled
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert screen.check_action("create", ()) is None  # greyed out in the footer
        release.set()
        # the checklist is shown whole (its item too) before the test ends the app
        await wait_for(pilot, lambda: isinstance(app.screen, ChecklistScreen) and bool(app.screen.current))
        # one more turn of the app: the new screen's Header, as it mounts, queues setting its title on the app
        # (``call_next``); an app ended before running it removes the header's children first, and Textual's
        # ``Header.set_title`` then raises NoMatches (it catches NoScreen only): the failure seen under load
        await pilot.pause()


def test_a_refused_create_gives_the_form_back(demo_store: Store) -> None:
    async def scenario() -> None:
        app = test_app(demo_store)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await _filled_form(app, pilot)
            screen.query_one("#number", Input).focus()
            await type_text(pilot, "1/2026")  # held by the demo's signed inspection
            await pilot.press("ctrl+s")
            await wait_for(pilot, lambda: not screen.saving)
            assert not screen.query_one("#form", VerticalScroll).disabled
            assert "1/2026" in screen.query_one("#field-number", FormField).error
            assert isinstance(app.screen, NewInspectionScreen)

    asyncio.run(scenario())
