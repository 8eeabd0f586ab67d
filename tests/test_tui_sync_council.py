"""The TUI's import screen says what a bundle brings of the registry, the plan and the settings, at 80×24 in Ukrainian."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from factories import enterprise
from textual.pilot import Pilot
from tui_helpers import check_bundle_in_new_office, drive, paste, static_text, wait_for

from inspect_tui.app import InspectApp
from inspect_tui.domain.edrpou import with_check_digit
from inspect_tui.domain.plan import PlanEntry, entry_id
from inspect_tui.domain.revalidate import revalidate
from inspect_tui.i18n import t
from inspect_tui.screens.dialogs import ConfirmDialog
from inspect_tui.screens.settings import FirstRunDialog
from inspect_tui.screens.sync import ImportScreen
from inspect_tui.store import Store
from inspect_tui.sync import export_bundle

WATER = enterprise()
ARCHIVE = enterprise(edrpou=with_check_digit("2200114"), name="КУ «Міський архів»", short_name="КУ «Міський архів»")


def test_the_import_screen_reports_the_plan_and_the_settings_and_takes_the_filled_settings(tmp_path: Path) -> None:
    bundle = tmp_path / "laptop.json"
    with Store.open(tmp_path / "laptop") as laptop:
        laptop.save_enterprises([WATER, ARCHIVE])
        laptop.save_plan(2026, [PlanEntry(id=entry_id(2026, ARCHIVE.edrpou, 5, None), year=2026, edrpou=ARCHIVE.edrpou, enterprise=ARCHIVE.short_name, month=5)])
        laptop.save_settings(revalidate(laptop.get_settings(), council_name="Покровська міська рада", unit_name="Відділ"))
        export_bundle(laptop, bundle)

    with Store.open(tmp_path / "office") as office:

        async def scenario(app: InspectApp, pilot: Pilot[Any]) -> None:
            screen = await check_bundle_in_new_office(app, pilot, bundle)
            await wait_for(pilot, lambda: screen.checked is not None)
            dry = static_text(app, "#sync-result")
            assert dry.startswith(t("sync.dry_run_title", files=1))
            assert "записи плану додано:\n  план на 2026 рік, КУ «Міський архів»" in dry
            assert "налаштування заповнено з пакета:\n  Рада (для заголовка довідки): було порожнє" in dry
            assert office.plan_years() == [] and app.settings.council_name == ""  # a dry run writes nothing
            await pilot.press("ctrl+s")
            await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
            await pilot.press("y")
            await wait_for(pilot, lambda: static_text(app, "#sync-result").startswith(t("sync.import_title", files=1)))
            # the settings screen starts from what the import filled in, never from the blank copy read at start
            assert (app.settings.council_name, app.settings.unit_name) == ("Покровська міська рада", "Відділ")

        drive(office, scenario)
        assert [e.edrpou for e in office.list_enterprises()] == [e.edrpou for e in sorted([WATER, ARCHIVE], key=lambda e: e.short_name)]
        assert office.plan_years() == [2026]
