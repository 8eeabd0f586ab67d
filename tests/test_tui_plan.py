"""The plan screen driven by keys: import with a bad row, add, edit, remove, export; the home's counts; the link
a new inspection of a planned enterprise gets."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Checkbox, DataTable, Input, Select, Static, TextArea
from tui_helpers import choose, paste, run_palette_command, test_app, type_text, wait_for

from inspect_tui.app import InspectApp
from inspect_tui.demo import DEMO_CHECKLIST
from inspect_tui.domain.plan import PlanEntry
from inspect_tui.i18n import t
from inspect_tui.register.plan import PlanStatus, plan_execution
from inspect_tui.screens.checklist_run import ChecklistScreen
from inspect_tui.screens.dialogs import ConfirmDialog, LinesDialog
from inspect_tui.screens.files import FilePickerDialog, SaveAsDialog
from inspect_tui.screens.home import HomeScreen
from inspect_tui.screens.new_inspection import NewInspectionScreen
from inspect_tui.screens.plan import PlanEntryDialog, PlanScreen
from inspect_tui.store import Store

KNP, WATER, HOUSING, SOCIAL = "38451200", "32145678", "35129470", "41025833"
YEAR = 2026  # the test clock's year


def drive(store: Store, scenario: Any) -> None:
    async def main() -> None:
        app = test_app(store)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await scenario(app, pilot)

    asyncio.run(main())


def text_of(app: InspectApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def open_plan(app: InspectApp, pilot: Pilot[Any]) -> PlanScreen:
    await pilot.press("p")
    await wait_for(pilot, lambda: isinstance(app.screen, PlanScreen))
    screen = app.screen
    assert isinstance(screen, PlanScreen)
    await wait_for(pilot, lambda: str(YEAR) in text_of(app, "#plan-progress"))
    return screen


def entry(edrpou: str, name: str, **kw: Any) -> PlanEntry:
    return PlanEntry(**{"id": uuid.uuid4(), "year": YEAR, "edrpou": edrpou, "enterprise": name, "month": 3, **kw})


def test_a_plan_with_a_bad_row_is_refused_naming_the_row(demo_store: Store, tmp_path: Path) -> None:
    source = tmp_path / "plan.csv"
    source.write_bytes(f"ЄДРПОУ;Місяць;Квартал\n{KNP};березень;\n{WATER};;III\n{HOUSING};тринадцятий;\n".encode("cp1251"))

    async def scenario(app: InspectApp, pilot: Pilot[Any]) -> None:
        screen = await open_plan(app, pilot)
        assert t("plan.tui.empty", year=YEAR) in text_of(app, "#plan-progress")
        await pilot.press("i")
        await wait_for(pilot, lambda: isinstance(app.screen, FilePickerDialog))
        await paste(pilot, str(source))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, LinesDialog))
        dialog = app.screen
        assert isinstance(dialog, LinesDialog)
        assert dialog.lines == ["plan.csv, рядок 4, стовпець «Місяць»: «тринадцятий» — не місяць плану (1–12 або назва: «вересень», «вересня», «вер.», «вересень 2026»)"]
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is screen)
        assert "Нічого не записано" in text_of(app, "#plan-status")
        assert screen.query_one("#plan", DataTable).row_count == 0

    drive(demo_store, scenario)
    assert demo_store.get_plan(YEAR) == []


@pytest.mark.backends
def test_import_then_replace_after_confirming(demo_store: Store, tmp_path: Path) -> None:
    source = tmp_path / "plan.csv"
    source.write_text(f"ЄДРПОУ;Місяць;Квартал\n{KNP};березень;\n{WATER};;III\n", "utf-8")
    demo_store.save_plan(YEAR, [entry(SOCIAL, "ЦСС ПМР ДО")])

    bad = tmp_path / "bad.csv"
    bad.write_text(f"ЄДРПОУ;Місяць\n{KNP};березень\n{KNP};3\n", "utf-8")

    async def scenario(app: InspectApp, pilot: Pilot[Any]) -> None:
        screen = await open_plan(app, pilot)
        await wait_for(pilot, lambda: screen.query_one("#plan", DataTable).row_count == 1)
        await pilot.press("i")  # a bad file is refused before replacing is asked
        await wait_for(pilot, lambda: isinstance(app.screen, FilePickerDialog))
        await paste(pilot, str(bad))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, LinesDialog))
        assert app.screen.lines == ["bad.csv, рядок 3: повторює рядок 2 (те саме підприємство в тому самому періоді)"]  # type: ignore[attr-defined]
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is screen)
        await pilot.press("i")
        await wait_for(pilot, lambda: isinstance(app.screen, FilePickerDialog))
        await paste(pilot, str(source))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await wait_for(pilot, lambda: screen.query_one("#plan", DataTable).row_count == 2)
        assert "заплановано 2 · розпочато 0 · підписано 0" in text_of(app, "#plan-progress")

    drive(demo_store, scenario)
    assert [e.edrpou for e in demo_store.get_plan(YEAR)] == [KNP, WATER]


@pytest.mark.backends
def test_add_edit_remove_and_export_an_entry(demo_store: Store, tmp_path: Path) -> None:
    out = tmp_path / "export" / "plan.csv"

    async def scenario(app: InspectApp, pilot: Pilot[Any]) -> None:
        screen = await open_plan(app, pilot)
        table = screen.query_one("#plan", DataTable)
        # add: the enterprise, a quarter, an inspector
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(app.screen, PlanEntryDialog))
        dialog = app.screen
        await choose(pilot, dialog.query_one("#edrpou", Select), WATER)
        await pilot.press("ctrl+s")  # neither month nor quarter yet
        assert isinstance(app.screen, PlanEntryDialog)
        assert t("plan.tui.need_period") in str(dialog.query_one("#field-month").query_one(".field-error", Static).render())
        await choose(pilot, dialog.query_one("#quarter", Select), 3)
        dialog.query_one("#inspectors", TextArea).focus()
        await type_text(pilot, "Олена КОВАЛЬЧУК")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: table.row_count == 1)
        # the III quarter is over on 24.11.2026 with no inspection: «не проведено», as the annual report says
        assert [str(c) for c in table.get_row_at(0)[:3]] == ["III квартал", "МКП «ПОКРОВВОДОКАНАЛ»", "не проведено"]
        # edit: a month instead of the quarter, and why it was not done
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PlanEntryDialog))
        dialog = app.screen
        await choose(pilot, dialog.query_one("#month", Select), 9)
        await pilot.press("ctrl+s")  # a month and a quarter: one of them
        assert t("plan.tui.one_period") in str(dialog.query_one("#field-month").query_one(".field-error", Static).render())
        dialog.query_one("#quarter", Select).clear()
        dialog.query_one("#reason", Input).focus()
        await type_text(pilot, "аварія")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: str(table.get_row_at(0)[0]) == "вересень")
        assert str(table.get_row_at(0)[-1]) == "аварія"
        # export
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, SaveAsDialog))
        await pilot.press("ctrl+u")
        await paste(pilot, str(out))
        await pilot.press("enter")
        await wait_for(pilot, lambda: str(out) in text_of(app, "#plan-status"))
        # remove, after confirming
        await pilot.press("delete")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await wait_for(pilot, lambda: table.row_count == 0)

    drive(demo_store, scenario)
    assert demo_store.get_plan(YEAR) == []
    lines = out.read_bytes().decode("utf-8-sig").splitlines()
    assert lines[1] == f"{WATER};МКП «ПОКРОВВОДОКАНАЛ»;вересень;;план перевірок на {YEAR} рік;Олена КОВАЛЬЧУК;аварія"


def test_the_year_switcher_shows_each_years_plan(demo_store: Store) -> None:
    demo_store.save_plan(YEAR + 1, [entry(SOCIAL, "ЦСС ПМР ДО", year=YEAR + 1), entry(KNP, "КНП «ЦПМСД ПМР»", year=YEAR + 1)])

    async def scenario(app: InspectApp, pilot: Pilot[Any]) -> None:
        screen = await open_plan(app, pilot)
        await pilot.press("right_square_bracket")
        await wait_for(pilot, lambda: screen.query_one("#plan", DataTable).row_count == 2)
        assert f"План на {YEAR + 1} рік" in text_of(app, "#plan-progress")
        await pilot.press("left_square_bracket", "left_square_bracket")
        await wait_for(pilot, lambda: str(YEAR - 1) in text_of(app, "#plan-progress"))
        assert screen.query_one("#plan", DataTable).row_count == 0

    drive(demo_store, scenario)


def test_the_plan_is_in_the_command_palette(demo_store: Store) -> None:
    async def scenario(app: InspectApp, pilot: Pilot[Any]) -> None:
        await run_palette_command(pilot, t("tui.keys.plan"))
        await wait_for(pilot, lambda: isinstance(app.screen, PlanScreen))
        council = demo_store.get_settings().council_name
        assert council and app.screen.sub_title == f"План перевірок — {council}"  # whose plan, in a region's register

    drive(demo_store, scenario)


def test_a_new_inspection_of_a_planned_enterprise_is_linked_and_counted(demo_store: Store) -> None:
    demo_store.save_plan(YEAR, [entry(SOCIAL, "ЦСС ПМР ДО", month=11, basis="план перевірок на 2026 рік, затверджений розпорядженням № 3-р"), entry(HOUSING, "ПМКП «ЖИТЛКОМСЕРВІС»", quarter=4, month=None)])

    async def create(app: InspectApp, pilot: Pilot[Any], edrpou: str, *, unlink: bool) -> None:
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, NewInspectionScreen))
        form = app.screen
        box = form.query_one("#plan-link", Checkbox)
        assert not box.display
        await choose(pilot, form.query_one("#enterprise", Select), edrpou)
        await wait_for(pilot, lambda: box.display)
        assert box.value
        await choose(pilot, form.query_one("#checklist", Select), DEMO_CHECKLIST)
        form.query_one("#order_number", Input).focus()
        await type_text(pilot, "5-од")
        if unlink:
            box.focus()
            await pilot.press("space")
            assert not box.value
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ChecklistScreen))
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))

    async def scenario(app: InspectApp, pilot: Pilot[Any]) -> None:
        await wait_for(pilot, lambda: "заплановано 2 · розпочато 0" in text_of(app, "#home-plan"))
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, NewInspectionScreen))
        form = app.screen
        await choose(pilot, form.query_one("#enterprise", Select), SOCIAL)
        box = form.query_one("#plan-link", Checkbox)
        await wait_for(pilot, lambda: box.display)
        assert str(box.label) == "За планом на 2026 рік: листопад"
        # the plan's approving act is kept apart from the order's act (LegalBasis.plan_basis): the act is left alone
        assert form.query_one("#act", Input).value == t("tui.new.act_default")
        await choose(pilot, form.query_one("#enterprise", Select), KNP)  # not planned: no link, the act as it was
        await wait_for(pilot, lambda: not box.display)
        assert form.query_one("#act", Input).value == t("tui.new.act_default")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        await create(app, pilot, SOCIAL, unlink=False)
        await wait_for(pilot, lambda: "заплановано 2 · розпочато 1" in text_of(app, "#home-plan"))
        await create(app, pilot, HOUSING, unlink=True)
        screen = await open_plan(app, pilot)
        await wait_for(pilot, lambda: screen.query_one("#plan", DataTable).row_count == 2)
        assert "розпочато 1" in text_of(app, "#plan-progress")

    drive(demo_store, scenario)
    housing, social = plan_execution(demo_store, YEAR)  # a quarter's undated entry first
    assert (social.entry.edrpou, social.status, len(social.inspection_ids)) == (SOCIAL, PlanStatus.STARTED, 1)
    linked = demo_store.get_inspection(social.inspection_ids[0])
    assert linked.plan_entry == social.entry.id and linked.basis.plan_basis.startswith("план перевірок на 2026 рік")
    assert housing.status is PlanStatus.PLANNED


def test_export_onto_a_fifo_or_into_the_data_dir_is_refused_and_leaves_them(demo_store: Store, tmp_path: Path) -> None:
    import os
    import stat

    fifo = tmp_path / "plan.csv"
    os.mkfifo(fifo)
    meta = demo_store.data_dir / "meta.json"
    before = meta.read_bytes()

    async def scenario(app: InspectApp, pilot: Pilot[Any]) -> None:
        await open_plan(app, pilot)
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, SaveAsDialog))
        dialog = app.screen
        for target in (fifo, meta):
            await pilot.press("ctrl+u")
            await paste(pilot, str(target))
            await pilot.press("enter")
            await wait_for(pilot, lambda: text_of(app, "#picker-error") != "")
            assert app.screen is dialog  # the dialog stays up and says why; nothing is written
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, PlanScreen))

    drive(demo_store, scenario)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode) and meta.read_bytes() == before
