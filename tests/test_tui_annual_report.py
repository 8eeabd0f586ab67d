"""The annual report screen: reached from home by a key and from the palette, years switched with [ ],
files written through the dialog."""

from __future__ import annotations

import asyncio
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import docx
import pytest
from annual_year import EXPECTED, EXPECTED_CONFLICTS, EXPECTED_DRAFTS, EXPECTED_FOLLOW_UPS, merged_year
from textual.pilot import Pilot
from textual.widgets import Checkbox, DataTable, Input, Select
from tui_helpers import choose, paste, run_palette_command, test_app, type_text, wait_for

from inspect_tui.app import InspectApp
from inspect_tui.i18n import t
from inspect_tui.register.annual import annual_report, listed
from inspect_tui.screens.annual_report import AnnualReportScreen, WriteReportDialog
from inspect_tui.screens.settings import SettingsScreen
from inspect_tui.store import Store
from inspect_tui.widgets.forms import FormField


@pytest.fixture(scope="module")
def office_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return merged_year(tmp_path_factory.mktemp("year"))


@pytest.fixture
def office(office_template: Path, tmp_path: Path) -> Store:
    data_dir = shutil.copytree(office_template, tmp_path / "office", ignore=shutil.ignore_patterns(".lock", ".lock.info"))
    return Store.open(Path(data_dir))


def drive(store: Store, scenario: Any) -> None:
    async def main() -> None:
        app = test_app(store)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await scenario(app, pilot)

    try:
        asyncio.run(main())
    finally:
        store.close()


def _column(app: InspectApp, table: str, column: int) -> list[str]:
    """A column's texts, a report line wrapped to the screen read back as one line."""
    data = app.screen.query_one(table, DataTable)
    return [" ".join(str(data.get_row_at(n)[column]).split("\n")) for n in range(data.row_count)]


def test_the_report_lines_wrap_at_80_columns(office: Store) -> None:
    """A line of the report is a sentence the council pastes: on a small screen it wraps, never cut at the edge."""

    async def main() -> None:
        app = test_app(office)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("z")
            await wait_for(pilot, lambda: isinstance(app.screen, AnnualReportScreen) and app.screen.report is not None)
            await pilot.press("left_square_bracket", "left_square_bracket", "left_square_bracket")
            await wait_for(pilot, lambda: _report(app).report is not None and _report(app).report.year == 2023)  # type: ignore[union-attr]
            table = app.screen.query_one("#report-lines", DataTable)
            cells = [str(table.get_row_at(n)[1]) for n in range(table.row_count)]
            assert any("\n" in cell for cell in cells)
            assert all(len(part) <= 80 - 14 for cell in cells for part in cell.split("\n"))
            assert _column(app, "#report-lines", 1) == EXPECTED

    try:
        asyncio.run(main())
    finally:
        office.close()


def _report(app: InspectApp) -> AnnualReportScreen:
    screen = app.screen
    assert isinstance(screen, AnnualReportScreen)
    return screen


def test_the_report_screen_shows_the_year_and_writes_its_files(office: Store, tmp_path: Path) -> None:
    out = tmp_path / "звіти" / "zvit.pdf"

    async def scenario(app: InspectApp, pilot: Pilot[Any]) -> None:
        await pilot.press("z")
        await wait_for(pilot, lambda: isinstance(app.screen, AnnualReportScreen) and app.screen.report is not None)
        assert _report(app).year == 2026  # the app's clock: this year, with nothing signed
        assert _column(app, "#report-lines", 0) == [t("report.screen.none")]
        await pilot.press("left_square_bracket", "left_square_bracket", "left_square_bracket")
        await wait_for(pilot, lambda: _report(app).report is not None and _report(app).report.year == 2023)  # type: ignore[union-attr]
        assert _column(app, "#report-lines", 1) == EXPECTED
        assert _column(app, "#report-drafts", 1) == EXPECTED_DRAFTS
        assert _column(app, "#report-sections", 0) == ["1. Розділ 1", "2. Розділ 2", "Разом"]
        # an official's conduct (ст. 28) is counted as signs of a breach, apart from the entity's violations
        assert _column(app, "#report-progress", 0) == ["Порушення вимог Закону", "Недоліки (рекомендації)", "Разом"]
        assert _column(app, "#report-progress", 1) == ["2", "0", "2"]
        # signs of an official's breach apart, under «Вжито заходів реагування / Не вжито», never «Усунено»
        responses = app.screen.query_one("#report-responses", DataTable)
        assert [str(c.label) for c in responses.columns.values()][2:5] == [
            "Вжито заходів реагування", "З них підтверджено повторною перевіркою", "Не вжито",
        ]
        assert _column(app, "#report-responses", 0) == ["Ознаки порушень посадовими особами"]
        assert _column(app, "#report-responses", 4) == ["1"]
        summary = str(app.screen.query_one("#report-summary").render())
        assert "Виявлено порушень — 2, ознак порушень посадовими особами — 1, недоліків — 0." in summary
        assert _column(app, "#report-follow-ups", 1) == EXPECTED_FOLLOW_UPS
        assert _column(app, "#report-plan", 3)[1] == "не проведено"
        assert _column(app, "#report-numbers", 1) == EXPECTED_CONFLICTS
        assert app.screen.sub_title == "Річний звіт за 2023 рік"
        await pilot.press("w")
        await wait_for(pilot, lambda: isinstance(app.screen, WriteReportDialog))
        app.screen.query_one("#format-csv", Checkbox).value = True
        await pilot.press("ctrl+u")
        await paste(pilot, str(out))
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, AnnualReportScreen) and out.with_suffix(".csv").exists())
        await app.workers.wait_for_complete()

    drive(office, scenario)
    assert sorted(p.name for p in out.parent.iterdir()) == ["zvit.csv", "zvit.docx", "zvit.pdf"]
    bullets = [p.text for p in docx.Document(str(out.with_suffix(".docx"))).paragraphs if p.style is not None and p.style.name == "List Bullet"]
    assert bullets == EXPECTED + EXPECTED_DRAFTS + EXPECTED_FOLLOW_UPS + EXPECTED_CONFLICTS


def test_the_report_is_in_the_command_palette(office: Store) -> None:
    async def scenario(app: InspectApp, pilot: Pilot[Any]) -> None:
        await run_palette_command(pilot, t("tui.keys.annual_report"))
        await wait_for(pilot, lambda: isinstance(app.screen, AnnualReportScreen))

    drive(office, scenario)


def test_settings_name_the_unit_head_and_the_dash_and_refuse_what_is_too_long(office: Store) -> None:
    """The report's signer and its date dash are set on the settings screen, bounded as the model says:
    an over-long name is not taken and nothing invalid is saved."""

    async def scenario(app: InspectApp, pilot: Pilot[Any]) -> None:
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, SettingsScreen))
        app.screen.query_one("#unit_head_position", Input).focus()
        await type_text(pilot, "Начальник відділу")
        app.screen.query_one("#unit_head_name", Input).focus()
        await type_text(pilot, "Олена КОВАЛЬ")
        await choose(pilot, app.screen.query_one("#report_date_dash", Select), "hyphen")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: office.get_settings().unit_head_name == "Олена КОВАЛЬ")
        app.screen.query_one("#unit_head_name", Input).focus()
        await paste(pilot, "Я" * 201)  # over the model's 200: the input refuses the paste as a whole
        assert app.screen.query_one("#unit_head_name", Input).value == "Олена КОВАЛЬ"
        await pilot.press("ctrl+s")
        await pilot.pause()

    drive(office, scenario)
    with Store.open(office.data_dir, writer=False) as store:
        settings = store.get_settings()
        assert (settings.unit_head_position, settings.unit_head_name, settings.report_date_dash) == ("Начальник відділу", "Олена КОВАЛЬ", "hyphen")
        assert listed(annual_report(store, 2023, today=date(2024, 1, 15)).inspections)[1].startswith("27-28.07.2023 року")
