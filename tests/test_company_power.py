"""A господарське товариство is not plainly «підвідомче»: the power to inspect it is named and printed.

The council's control «на підвідомчих підприємствах» (п. 6 ч. 6 ст. 13-1) does not plainly reach a
company where the council only holds shares, so the new-inspection form says so, asks for the act or
charter provision that gives the power, sign-off refuses a company inspection without it, and the
certificate's basis prints it. Inspections of other kinds are untouched.
"""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any

import pytest
from factories import ISSUER, enterprise, inspection
from pydantic import ValidationError
from pypdf import PdfReader
from textual.widgets import Input, Select, Static
from tui_helpers import choose, paste, test_app, wait_for

from inspect_tui.certificate import render_certificate
from inspect_tui.demo import DEMO_CHECKLIST
from inspect_tui.domain.inspection import Inspection, LegalBasis, Status, sealed_problems, signoff_problems
from inspect_tui.domain.settings import Settings
from inspect_tui.i18n import t
from inspect_tui.screens.checklist_run import ChecklistScreen
from inspect_tui.screens.new_inspection import NewInspectionScreen
from inspect_tui.store import Store

pytestmark = pytest.mark.backends

POWER = "п. 9.3 Статуту ТОВ «Міськсвітло», затвердженого рішенням міської ради від 01.02.2024 № 5/12"
COMPANY = enterprise(kind="company", legal_form="ТОВ", name="ТОВ «Міськсвітло»", short_name="ТОВ «Міськсвітло»")


def _codes(ins: Any) -> set[str]:
    return {p.code for p in signoff_problems(ins)}


def test_a_company_inspection_needs_the_power_named_other_kinds_do_not() -> None:
    assert "basis_no_company_power" in _codes(inspection(COMPANY))
    basis = LegalBasis(order_number="12-од", order_date=inspection().basis.order_date, act="розпорядження", company_power=POWER)
    assert "basis_no_company_power" not in _codes(inspection(COMPANY, basis=basis))
    assert "basis_no_company_power" not in _codes(inspection(enterprise(kind="enterprise")))
    assert t("tui.problem.basis_no_company_power")  # the refusal is worded in the catalog


def test_the_power_is_bounded() -> None:
    with pytest.raises(ValidationError, match="company_power"):
        LegalBasis(order_number="1", order_date=inspection().basis.order_date, company_power="x" * 301)


def test_signed_inspections_of_other_kinds_stay_sealed(demo_store: Store) -> None:
    signed = [demo_store.get_inspection(s.id) for s in demo_store.list_summaries() if s.status is Status.SIGNED]
    assert signed and all(sealed_problems(s) == [] for s in signed)


def test_the_certificate_basis_prints_the_power(tmp_path: Path) -> None:
    basis = LegalBasis(order_number="12-од", order_date=inspection().basis.order_date, act="розпорядження", company_power=POWER + ".")
    settings = Settings(council_name=ISSUER.council_name, unit_name=ISSUER.unit_name)
    pdf = render_certificate(inspection(COMPANY, basis=basis), settings, tmp_path / "c.pdf")
    flat = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(pdf).pages))
    assert f"Повноваження ради на перевірку господарського товариства: {POWER}." in flat
    plain = render_certificate(inspection(), settings, tmp_path / "p.pdf")
    assert "Повноваження ради" not in " ".join(page.extract_text() for page in PdfReader(plain).pages)


def test_the_new_inspection_form_warns_and_asks_for_the_power(demo_store: Store) -> None:
    demo_store.save_enterprise(COMPANY)

    async def main() -> None:
        app = test_app(demo_store)
        async with app.run_test(size=(100, 40)) as pilot:
            await wait_for(pilot, lambda: bool(app.screen.query("#inspections")))
            await pilot.press("n")
            await wait_for(pilot, lambda: isinstance(app.screen, NewInspectionScreen))
            screen = app.screen
            note = screen.query_one("#company-note", Static)
            assert not note.display
            await choose(pilot, screen.query_one("#enterprise", Select), COMPANY.edrpou)
            await choose(pilot, screen.query_one("#checklist", Select), DEMO_CHECKLIST)
            assert note.display and "п. 6 ч. 6 ст. 13-1" in str(note.render())
            screen.query_one("#order_number", Input).focus()
            await paste(pilot, "77-од")
            await pilot.press("ctrl+s")
            error = screen.query_one("#field-company_power .field-error", Static)
            assert str(error.render()) == t("tui.form.required") and isinstance(app.screen, NewInspectionScreen)
            screen.query_one("#company_power", Input).focus()
            await paste(pilot, POWER)
            await pilot.press("ctrl+s")
            # settled (its first item shown) before the app closes, so teardown never races the screen's mount
            await wait_for(pilot, lambda: isinstance(app.screen, ChecklistScreen) and bool(app.screen.current))

    asyncio.run(main())
    created = [demo_store.get_inspection(s.id) for s in demo_store.list_summaries() if s.enterprise == COMPANY.short_name]
    assert [c.basis.company_power for c in created] == [POWER]


def _signed_company_without_power(demo_store: Store, recorded: str) -> Inspection:
    """A demo signed inspection as a company's, with no power named, recorded on ``recorded`` (signed on its demo date)."""
    signed = next(demo_store.get_inspection(s.id) for s in demo_store.list_summaries() if s.status is Status.SIGNED)
    data = signed.model_dump(mode="json")
    data["enterprise"].update(COMPANY.model_dump(mode="json"))
    data["basis"]["company_power"] = ""
    data["signoff"]["recorded_at"] = f"{recorded}T09:00:00Z"
    data["sha256"] = Inspection.model_validate({**data, "sha256": None, "status": "completed", "signoff": None}).content_hash()
    return Inspection.model_validate(data)


def test_a_company_inspection_signed_before_the_power_was_asked_stays_sealed(demo_store: Store) -> None:
    """A laptop on the release before the rule signed it lawfully: the office imports it as it was signed."""
    before = _signed_company_without_power(demo_store, "2026-12-03")
    assert "basis_no_company_power" not in {p.code for p in sealed_problems(before)}
    since = _signed_company_without_power(demo_store, "2026-12-05")
    assert "basis_no_company_power" in {p.code for p in sealed_problems(since)}
