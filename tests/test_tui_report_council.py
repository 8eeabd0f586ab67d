"""The annual report screen of a register of several councils: a select (``c``) of its councils, opening on the
settings' council; each choice builds that council's report (or the whole register's) with the CLI's function."""

from __future__ import annotations

from typing import Any

from annual_year import CSS, YEAR, laptop_a, laptop_b
from factories import ISSUER
from test_council_plans import _entry
from test_register_council import OTHER, _other_councils
from textual.pilot import Pilot
from textual.widgets import Select
from tui_helpers import drive, wait_for

from inspect_tui.app import InspectApp
from inspect_tui.domain.revalidate import revalidate
from inspect_tui.screens.annual_report import AnnualReportScreen
from inspect_tui.store_protocol import RegisterStore


def _screen(app: InspectApp) -> AnnualReportScreen:
    screen = app.screen
    assert isinstance(screen, AnnualReportScreen)
    return screen


def _council_of(app: InspectApp, council: str | None) -> bool:
    report = _screen(app).report
    return report is not None and report.year == YEAR and _screen(app).council == council


def _named(store: RegisterStore) -> None:
    store.save_settings(revalidate(store.get_settings(), council_name=ISSUER.council_name, unit_name=ISSUER.unit_name, place="м. Покровськ"))


def test_the_council_select_opens_on_the_settings_council_and_switches_reports(register_store: RegisterStore) -> None:
    _named(register_store)
    laptop_a(register_store)
    laptop_b(register_store)
    _other_councils(register_store)
    register_store.save_plan(YEAR, [_entry(CSS, 2)])

    async def scenario(app: InspectApp, pilot: Pilot[Any]) -> None:
        await pilot.press("z")
        await wait_for(pilot, lambda: isinstance(app.screen, AnnualReportScreen) and app.screen.report is not None)
        select = app.screen.query_one("#report-council", Select)
        assert select.has_class("-shown") and select.value == ISSUER.council_name
        await pilot.press("left_square_bracket", "left_square_bracket", "left_square_bracket")
        await wait_for(pilot, lambda: _council_of(app, ISSUER.council_name))
        mine = _screen(app).report
        assert mine is not None and mine.council == ISSUER.council_name and len(mine.inspections) == 4 and mine.drafts == []
        assert [line.numbers for line in mine.plan] == [["1/2023"]]  # its own «1/2023», not the other council's

        await pilot.press("c")
        assert select.expanded  # its list open, for the arrows and Enter
        await pilot.press("up", "enter")  # the other council, listed before it
        await wait_for(pilot, lambda: _council_of(app, OTHER.council_name))
        theirs = _screen(app).report
        assert theirs is not None and [line.number for line in theirs.inspections] == ["1/2023"] and theirs.plan == []

        await pilot.press("c", "up", "enter")  # the whole register, the blank at the top
        await wait_for(pilot, lambda: _council_of(app, None))
        whole = _screen(app).report
        assert whole is not None and len(whole.inspections) == 5 and len(whole.drafts) == 2 and select.value is Select.NULL

    drive(register_store, scenario, size=(100, 30))  # type: ignore[arg-type]


def test_a_register_of_one_council_has_no_select(register_store: RegisterStore) -> None:
    _named(register_store)
    laptop_a(register_store)

    async def scenario(app: InspectApp, pilot: Pilot[Any]) -> None:
        await pilot.press("z")
        await wait_for(pilot, lambda: isinstance(app.screen, AnnualReportScreen) and app.screen.report is not None)
        assert not app.screen.query_one("#report-council", Select).has_class("-shown")
        assert _screen(app).council is None and _screen(app).check_action("council", ()) is False

    drive(register_store, scenario)  # type: ignore[arg-type]
