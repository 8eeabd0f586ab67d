"""Pilot: an inspection created with an empty end date shows an open range («20.11.2026–…») on the home, its review names the missing
end first among what blocks signing, and ctrl+e there opens the header that sets it (80×24, Ukrainian)."""

from __future__ import annotations

from datetime import date
from typing import Any

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select
from tui_helpers import choose, drive, static_text, type_text, wait_for

from inspect_tui.demo import DEMO_CHECKLIST, demo_enterprises
from inspect_tui.i18n import t
from inspect_tui.screens.checklist_run import ChecklistScreen
from inspect_tui.screens.header_edit import HeaderScreen
from inspect_tui.screens.home import HomeScreen
from inspect_tui.screens.new_inspection import NewInspectionScreen
from inspect_tui.screens.review import ReviewScreen
from inspect_tui.store import Store

TODAY = "24.11.2026"  # the tests' clock


def _dates_of(app: Any, number: str) -> str:
    table = app.screen.query_one(DataTable)
    return next((str(row[2]) for row in map(table.get_row_at, range(table.row_count)) if str(row[0]) == number), "")


def test_an_inspection_created_without_an_end_date_is_shown_as_started(demo_store: Store) -> None:
    before = {s.id for s in demo_store.list_summaries()}

    async def scenario(app: Any, pilot: Pilot[Any]) -> None:
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, NewInspectionScreen))
        form = app.screen
        assert form.query_one("#end_date", Input).value == ""  # not a fiction: empty until the inspection ends
        await choose(pilot, form.query_one("#enterprise", Select), demo_enterprises()[0].edrpou)
        await choose(pilot, form.query_one("#checklist", Select), DEMO_CHECKLIST)
        form.query_one("#order_number", Input).focus()
        await type_text(pilot, "77-од")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ChecklistScreen))
        (created,) = [s for s in demo_store.list_summaries() if s.id not in before]
        assert created.finished is None and demo_store.get_inspection(created.id).end_date is None

        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen) and _dates_of(app, created.number) == f"{TODAY}–…")

        table = app.screen.query_one(DataTable)
        table.move_cursor(row=next(n for n in range(table.row_count) if str(table.get_row_at(n)[0]) == created.number))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ChecklistScreen))
        await pilot.press("v")  # the review: the missing end is the first thing that blocks signing
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen))
        problem = f"• {t('tui.problem.no_end_date')}"
        assert problem in static_text(app, "#review-state")
        await pilot.press("ctrl+e")  # set where it is named
        await wait_for(pilot, lambda: isinstance(app.screen, HeaderScreen))
        assert app.screen.query_one("#end_date", Input).value == ""
        app.screen.query_one("#end_date", Input).focus()
        await type_text(pilot, "26.11.2026")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen) and problem not in static_text(app, "#review-state"))
        assert demo_store.get_inspection(created.id).end_date == date(2026, 11, 26)
        await pilot.press("escape", "escape")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen) and _dates_of(app, created.number) == "24.11–26.11.2026")

    drive(demo_store, scenario)
