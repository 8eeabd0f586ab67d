"""The plan screen registers a plan's missing enterprises only after a dialog says which; the new-inspection
form asks such an enterprise's missing facts before the inspection starts (issue 19, 80×24, Ukrainian)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select
from tui_helpers import choose, drive, pick_file, static_text, type_text, wait_for

from inspect_tui.app import InspectApp
from inspect_tui.demo import DEMO_CHECKLIST
from inspect_tui.domain.edrpou import with_check_digit
from inspect_tui.domain.enterprise import Enterprise
from inspect_tui.domain.plan import PlanEntry, entry_id
from inspect_tui.screens.checklist_run import ChecklistScreen
from inspect_tui.screens.dialogs import ConfirmDialog
from inspect_tui.screens.new_inspection import NewInspectionScreen
from inspect_tui.screens.plan import PlanScreen
from inspect_tui.screens.registry import EnterpriseForm
from inspect_tui.store import Store

KNP = "38451200"
BATHS, PARK = with_check_digit("4100001"), with_check_digit("4100002")
YEAR = 2026  # the test clock's year


def test_the_plan_screen_asks_before_registering_the_plans_enterprises(demo_store: Store, tmp_path: Path) -> None:
    source = tmp_path / "plan.csv"
    source.write_bytes(f"ЄДРПОУ;Підприємство;Місяць;Квартал\n{KNP};КНП;березень;\n{BATHS};КП «Лазні»;;III\n{PARK};КП «Парк»;11;\n".encode("cp1251"))
    registry = demo_store.list_enterprises()

    async def import_file(app: InspectApp, pilot: Pilot[Any]) -> ConfirmDialog:
        await pick_file(pilot, "i", source)
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        return dialog

    async def scenario(app: InspectApp, pilot: Pilot[Any]) -> None:
        await pilot.press("p")
        await wait_for(pilot, lambda: isinstance(app.screen, PlanScreen))
        screen = app.screen
        dialog = await import_file(app, pilot)
        assert dialog.question.startswith(f"У реєстрі немає 2 підприємств: {BATHS} КП «Лазні»; {PARK} КП «Парк». Додати їх до реєстру?")
        await pilot.press("n")  # not confirmed: nothing is written
        await wait_for(pilot, lambda: app.screen is screen)
        await pilot.pause()
        assert demo_store.list_enterprises() == registry and demo_store.get_plan(YEAR) == []
        await import_file(app, pilot)
        await pilot.press("y")
        await wait_for(pilot, lambda: app.screen is screen and screen.query_one("#plan", DataTable).row_count == 3)
        assert "До реєстру додано з плану (2)" in static_text(app, "#plan-status")

    drive(demo_store, scenario)
    baths = demo_store.get_enterprise(BATHS)
    assert baths is not None and baths.short_name == "КП «Лазні»" and baths.kind is None and baths.headcount is None
    assert {e.edrpou for e in demo_store.get_plan(YEAR)} == {KNP, BATHS, PARK}


def test_a_new_inspection_asks_the_facts_an_enterprise_from_the_plan_lacks(demo_store: Store) -> None:
    baths = Enterprise.from_plan(BATHS, "КП «Лазні»")
    demo_store.save_enterprise(baths)
    demo_store.save_plan(YEAR, [PlanEntry(id=entry_id(YEAR, BATHS, 11, None), year=YEAR, edrpou=BATHS, enterprise=baths.short_name, month=11)])

    async def scenario(app: InspectApp, pilot: Pilot[Any]) -> None:
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, NewInspectionScreen))
        form = app.screen
        await choose(pilot, form.query_one("#enterprise", Select), BATHS)
        assert "бракує відомостей" in str(form.query_one("#field-enterprise .field-error").render())  # said on choosing
        await choose(pilot, form.query_one("#checklist", Select), DEMO_CHECKLIST)
        form.query_one("#order_number", Input).focus()
        await type_text(pilot, "7-од")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, EnterpriseForm))
        facts = app.screen
        assert static_text(app, "#form-status") == "Бракує відомостей, без яких перевірку не розпочати: 7; їх позначено нижче."
        assert "додано з плану" in static_text(app, "#field-headcount .field-error")
        assert app.focused is facts.query_one("#legal_form", Input)  # the first missing fact
        await pilot.press("escape")  # not answered: no inspection, the form says why
        await wait_for(pilot, lambda: app.screen is form)
        assert "бракує відомостей" in str(form.query_one("#field-enterprise .field-error").render())
        assert all(s.edrpou != BATHS for s in demo_store.list_summaries())
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, EnterpriseForm))
        facts = app.screen
        await type_text(pilot, "КП")
        await choose(pilot, facts.query_one("#kind", Select), "enterprise")
        await choose(pilot, facts.query_one("#sector", Select), "utilities")
        for name, value in (("reporting_year", "2025"), ("headcount", "14"), ("gross_revenue_uah", "1200000")):
            facts.query_one(f"#{name}", Input).focus()
            await type_text(pilot, value)
        await pilot.press("ctrl+s")  # the tenderer question is not answered yet: asked, never taken as «no»
        await pilot.pause()
        assert isinstance(app.screen, EnterpriseForm)
        assert static_text(app, "#field-procurement_participant_20m .field-error")
        await choose(pilot, facts.query_one("#procurement_participant_20m", Select), False)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ChecklistScreen))  # created once the facts are in

    drive(demo_store, scenario)
    saved = demo_store.get_enterprise(BATHS)
    assert saved is not None and saved.missing_facts() == [] and (saved.headcount, saved.procurement_participant_20m) == (14, False)
    (created,) = [demo_store.get_inspection(s.id) for s in demo_store.list_summaries() if s.edrpou == BATHS]
    assert created.enterprise == saved and created.plan_entry is not None
