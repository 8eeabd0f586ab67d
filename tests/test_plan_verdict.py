"""One verdict for the plan: the plan screen, the CLI and the annual report call an entry «не проведено» on
the same day — the day after its month or quarter ends with no inspection linked."""

from __future__ import annotations

import json
import uuid
from datetime import date
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Static
from tui_helpers import drive, wait_for

from inspect_tui.app import InspectApp
from inspect_tui.cli import main
from inspect_tui.domain.plan import PlanEntry
from inspect_tui.i18n import translate
from inspect_tui.register.annual import annual_report
from inspect_tui.register.plan import PlanRow, PlanState, PlanStatus, plan_execution
from inspect_tui.screens.plan import PlanScreen
from inspect_tui.store import Store

pytestmark = pytest.mark.backends

YEAR = 2026  # the test clock's year (24.11.2026)
TODAY = date(2026, 11, 24)
WATER, SOCIAL = "32145678", "41025833"


def _entry(edrpou: str = WATER, **period: int) -> PlanEntry:
    return PlanEntry(id=uuid.uuid4(), year=YEAR, edrpou=edrpou, enterprise="МКП «ПОКРОВВОДОКАНАЛ»", **period)


def _row(entry: PlanEntry, status: PlanStatus = PlanStatus.PLANNED) -> PlanRow:
    return PlanRow(entry=entry, status=status, inspection_ids=[])


@pytest.mark.parametrize(
    ("period", "last_day"),
    [({"month": 2}, date(2026, 2, 28)), ({"quarter": 3}, date(2026, 9, 30)), ({"month": 12}, date(2026, 12, 31)), ({"quarter": 4}, date(2026, 12, 31))],
)
def test_an_entry_is_not_done_from_the_day_after_its_period(period: dict[str, int], last_day: date) -> None:
    row = _row(_entry(**period))
    assert row.state(last_day) is PlanState.AHEAD
    assert row.state(date.fromordinal(last_day.toordinal() + 1)) is PlanState.NOT_DONE
    assert _row(row.entry, PlanStatus.STARTED).state(date(2030, 1, 1)) is PlanState.STARTED
    assert _row(row.entry, PlanStatus.SIGNED).state(date(2030, 1, 1)) is PlanState.DONE


def _with_entries(store: Store) -> list[PlanEntry]:
    """The demo's plan plus one entry whose quarter is over, unstarted, and one still ahead."""
    added = [_entry(quarter=1), _entry(SOCIAL, month=12)]
    store.save_plan(YEAR, [*store.get_plan(YEAR), *added])
    return added


def test_the_plan_screen_says_what_the_annual_report_says(demo_store: Store) -> None:
    _with_entries(demo_store)
    report = annual_report(demo_store, YEAR, today=TODAY)
    expected = [translate("uk", f"plan.state.{line.state.value}") for line in report.plan]
    assert {line.state for line in report.plan} >= {PlanState.NOT_DONE, PlanState.AHEAD}

    async def scenario(app: InspectApp, pilot: Pilot[Any]) -> None:
        await pilot.press("p")
        await wait_for(pilot, lambda: isinstance(app.screen, PlanScreen) and app.screen.query_one("#plan", DataTable).row_count == len(expected))
        table = app.screen.query_one("#plan", DataTable)
        shown = [str(table.get_row_at(n)[2]) for n in range(table.row_count)]
        assert shown == expected and "не проведено" in shown
        assert str(YEAR) in str(app.screen.query_one("#plan-progress", Static).render())

    drive(demo_store, scenario)


def test_the_cli_shows_the_same_verdict(demo_store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    _with_entries(demo_store)
    states = [row.state(date.today()).value for row in plan_execution(demo_store, YEAR)]
    demo_store.close()
    assert main(["--data-dir", str(demo_store.data_dir), "plan", "show", "--year", str(YEAR), "--json"]) == 0
    assert [e["state"] for e in json.loads(capsys.readouterr().out)["entries"]] == states
    assert main(["--data-dir", str(demo_store.data_dir), "plan", "show", "--year", str(YEAR)]) == 0
    out = capsys.readouterr().out
    assert out.count("не проведено") == states.count("not_done")
