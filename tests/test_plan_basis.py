"""The plan's approving act and the inspection's own order are separate facts: a plan-linked inspection keeps
the plan's basis in ``LegalBasis.plan_basis`` and its certificate prints it as its own sentence."""

from __future__ import annotations

import re
import uuid
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from textual.pilot import Pilot
from textual.widgets import Checkbox, Input, Select
from tui_helpers import choose, drive, type_text, wait_for

from inspect_tui import services
from inspect_tui.certificate import render_certificate
from inspect_tui.demo import DEMO_CHECKLIST
from inspect_tui.domain.inspection import LegalBasis
from inspect_tui.domain.plan import PlanEntry
from inspect_tui.i18n import t
from inspect_tui.screens.checklist_run import ChecklistScreen
from inspect_tui.screens.new_inspection import NewInspectionScreen
from inspect_tui.store import Store

pytestmark = pytest.mark.backends

YEAR = 2026
SOCIAL = "41025833"
PLAN_ACT = "розпорядження міського голови від 15.01.2026 № 12-р"


def _plan(store: Store) -> PlanEntry:
    entry = PlanEntry(id=uuid.uuid4(), year=YEAR, edrpou=SOCIAL, enterprise="ЦСС ПМР ДО", month=11, basis=PLAN_ACT)
    store.save_plan(YEAR, [entry])
    return entry


def test_an_unlinked_basis_is_stored_and_hashed_as_before() -> None:
    basis = LegalBasis(order_number="118-р", order_date=date(2026, 5, 25), act="Розпорядження міського голови")
    assert "plan_basis" not in basis.model_dump() and "plan_basis" not in basis.model_dump(mode="json", exclude_defaults=True)


def test_a_plan_linked_inspection_keeps_the_plans_act_apart_and_prints_it_as_its_own_sentence(demo_store: Store, tmp_path: Path) -> None:
    _plan(demo_store)
    day = date(2026, 11, 20)

    async def scenario(app: Any, pilot: Pilot[Any]) -> None:
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, NewInspectionScreen))
        form = app.screen
        await choose(pilot, form.query_one("#enterprise", Select), SOCIAL)
        box = form.query_one("#plan-link", Checkbox)
        await wait_for(pilot, lambda: box.display and box.value)
        assert form.query_one("#act", Input).value == t("tui.new.act_default")  # never the plan's text
        await choose(pilot, form.query_one("#checklist", Select), DEMO_CHECKLIST)
        form.query_one("#order_number", Input).value = "118-р"
        form.query_one("#order_date", Input).value = "25.05.2026"
        form.query_one("#start_date", Input).value = form.query_one("#end_date", Input).value = day.strftime("%d.%m.%Y")
        form.query_one("#place", Input).focus()
        await type_text(pilot, " ")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ChecklistScreen))

    drive(demo_store, scenario)
    (created,) = [i for i in map(demo_store.get_inspection, demo_store.inspection_ids()) if i.basis.order_number == "118-р"]
    assert created.basis.plan_basis == PLAN_ACT and PLAN_ACT not in created.basis.act
    pdf = render_certificate(created, demo_store.get_settings(), tmp_path / "c.pdf")
    flat = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(pdf).pages))
    assert f"Перевірку передбачено планом перевірок: {PLAN_ACT}." in flat
    assert "№ 12-р від 25.05.2026" not in flat and "12-р від" not in flat  # two facts never glued


def test_the_service_fills_the_plan_basis_for_the_cli_too(demo_store: Store) -> None:
    entry = _plan(demo_store)
    inspection = next(i for i in map(demo_store.get_inspection, demo_store.inspection_ids()))
    created = services.create_inspection(
        demo_store, enterprise=demo_store.get_enterprise(SOCIAL) or inspection.enterprise, checklist=inspection.checklist,
        basis=LegalBasis(order_number="9", order_date=date(2026, 11, 1), act="Розпорядження міського голови"),
        period_from=date(2025, 1, 1), period_to=date(2025, 12, 31), start_date=date(2026, 11, 2), end_date=date(2026, 11, 3),
        inspectors=inspection.inspectors,
    )
    assert created.plan_entry == entry.id and created.basis.plan_basis == PLAN_ACT
    assert created.basis.act == "Розпорядження міського голови"
