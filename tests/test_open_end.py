"""Drafts without an end date (issue 19): the end is set when the inspection ends, and signing needs it.

Stored and bundled documents with an end date dump byte for byte as before; a draft without one omits the key,
as an empty ``notice_reason`` is omitted; a signed inspection without one is refused wherever it comes from.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from backends import reopen
from factories import inspection
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader
from test_inspection import LATER, answered, signoff
from test_sync_hostile import refused, run
from test_sync_support import at, dump, load, signed_of
from test_sync_support import sign as sign_in_store

from inspect_tui import services
from inspect_tui.certificate import render_certificate
from inspect_tui.domain.inspection import (
    Answer,
    Inspection,
    LegalBasis,
    SignOffRefused,
    complete,
    sign,
    signoff_problems,
    update_finding,
    update_header,
)
from inspect_tui.domain.plan import PlanEntry
from inspect_tui.i18n import set_language, translate
from inspect_tui.register.annual import PlanState, annual_report, date_range
from inspect_tui.report import render
from inspect_tui.screens.conflict_view import header_text
from inspect_tui.store import Store
from inspect_tui.sync import export_bundle
from inspect_tui.widgets.forms import FormError, format_period, parse_end_date

pytestmark = pytest.mark.backends

DATA = Path(__file__).parent / "data"
SOCIAL = "41025833"  # ЦСС ПМР ДО, registered by the demo
START = date(2026, 11, 20)
#: sha256 of ``model_dump_json()`` of the stored signed inspections, computed by the code before this change
DUMPED_BEFORE = {
    ("signed-1.x.json", 0): "028b3798fdeb2536a7f504449ddd2110816c63e28b8d1e198d8754da7f21df93",
    ("signed-1.x.json", 1): "d2c6c49ed03a5a0a9dc93f590854faf468e7ef8fbe88de7a011692a4fcd22534",
    ("signed-1.x.json", 2): "e0b5e521578a6fa44932414510ed461b6ca7f9e99854b5df24c7607dd3001790",
    ("signed-demo.json", 0): "b2d7f7a530bf9e3ed90472bde33b20c54b52f5117d9b38387a215d3e5079c612",
}


# --- the domain ------------------------------------------------------------------------------------


def test_a_draft_has_no_end_until_it_is_set_and_its_dumps_leave_the_key_out() -> None:
    draft = inspection(end_date=None)
    assert draft.end_date is None
    assert "end_date" not in draft.model_dump() and "end_date" not in json.loads(draft.model_dump_json())
    assert Inspection.model_validate_json(draft.model_dump_json()) == draft
    ended = update_header(draft, LATER, end_date=date(2026, 3, 23))
    assert ended.end_date == date(2026, 3, 23) and json.loads(ended.model_dump_json())["end_date"] == "2026-03-23"
    assert (ended.history[-1].field, ended.history[-1].old, ended.history[-1].new) == ("end_date", None, "2026-03-23")
    assert update_header(ended, LATER, end_date=None).end_date is None  # cleared again while a draft


@pytest.mark.parametrize(("name", "index"), sorted(DUMPED_BEFORE))
def test_stored_signed_inspections_dump_and_hash_exactly_as_before(name: str, index: int) -> None:
    raw = json.loads((DATA / name).read_text("utf-8"))
    stored = (raw if isinstance(raw, list) else [raw])[index]
    signed = Inspection.model_validate(stored)
    assert signed.end_date is not None and signed.content_hash() == signed.sha256 == stored["sha256"]
    assert hashlib.sha256(signed.model_dump_json().encode()).hexdigest() == DUMPED_BEFORE[(name, index)]


def test_signing_needs_the_end_date_and_names_it() -> None:
    draft = answered(end_date=None)
    assert [p.code for p in signoff_problems(draft)] == ["no_end_date"]
    for attempt in (lambda: sign(draft, signoff(), LATER), lambda: complete(draft, LATER)):
        with pytest.raises(SignOffRefused) as caught:
            attempt()
        assert [p.code for p in caught.value.problems] == ["no_end_date"]
    signed = sign(update_header(draft, LATER, end_date=date(2026, 3, 22)), signoff(), LATER)
    assert signed.sha256 == signed.content_hash() and signed.end_date == date(2026, 3, 22)
    assert translate("uk", "tui.problem.no_end_date").startswith("не зазначено дату завершення")
    assert translate("en", "tui.problem.no_end_date").startswith("the inspection's end date is not set")


def test_a_signed_inspection_without_an_end_date_is_not_a_valid_inspection() -> None:
    data = json.loads(sign(answered(), signoff(), LATER).model_dump_json())
    del data["end_date"]
    with pytest.raises(ValueError, match="signed inspection has an end date") as caught:
        Inspection.model_validate(data)
    assert "signed_without_end" in str(caught.value)


def test_remedy_deadlines_follow_the_start_until_the_end_is_set() -> None:
    draft = update_finding(inspection(end_date=None), "a", LATER, answer=Answer.NO)
    with pytest.raises(ValueError, match="deadline_after_start"):
        update_finding(draft, "a", LATER, deadline=draft.start_date)
    with_deadline = update_finding(draft, "a", LATER, deadline=date(2026, 3, 25))
    with pytest.raises(ValueError, match="deadline_after_end"):  # checked again once the end is set
        update_header(with_deadline, LATER, end_date=date(2026, 3, 25))
    assert update_header(with_deadline, LATER, end_date=date(2026, 3, 24)).end_date == date(2026, 3, 24)


@pytest.mark.parametrize(("lang", "shown"), [("uk", "20.11.2026–…"), ("en", "2026-11-20/..")])
def test_a_list_shows_an_open_end_as_an_open_range_no_wider_than_a_closed_one(lang: str, shown: str) -> None:
    set_language(lang)
    assert format_period(START, None) == shown
    assert len(shown) <= len(format_period(START, date(2026, 11, 27)))  # the home's column keeps its width at 80


def test_the_report_writes_a_draft_without_an_end_as_started() -> None:
    assert date_range(START, None) == "розпочато 20.11.2026"
    assert date_range(START, START) == "20.11.2026"


@given(st.text(max_size=30))
def test_an_end_date_typed_is_a_date_nothing_or_a_refusal_in_words(text: str) -> None:
    try:
        value = parse_end_date(text)
    except FormError as exc:
        assert text.strip() and str(exc)
        return
    assert (value is None) == (not text.strip())


# --- the store, the CLI, the documents -------------------------------------------------------------


def _open_draft(store: Store, *, plan: bool = False, end: date | None = None) -> Inspection:
    """A draft of ЦСС ПМР ДО started on 20.11.2026 with no end date unless ``end`` (carrying out its plan entry if ``plan``)."""
    if plan:
        store.save_plan(2026, [PlanEntry(id=uuid.uuid4(), year=2026, edrpou=SOCIAL, enterprise="ЦСС ПМР ДО", month=11, basis="план")])
    model = store.get_inspection(store.inspection_ids()[0])
    enterprise = store.get_enterprise(SOCIAL)
    assert enterprise is not None
    return services.create_inspection(
        store, enterprise=enterprise, checklist=model.checklist,
        basis=LegalBasis(order_number="9-од", order_date=date(2026, 11, 19), act="розпорядження міського голови"),
        period_from=date(2025, 1, 1), period_to=date(2025, 12, 31), start_date=START, end_date=end,
        inspectors=model.inspectors, now=at(START, 9),
    )


def test_the_cli_lists_sets_and_clears_the_end_date(demo_store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    draft = _open_draft(demo_store)
    data = str(demo_store.data_dir)
    demo_store.close()
    code, out, _ = run(capsys, "--data-dir", data, "inspections", "list")
    (line,) = [ln for ln in out.splitlines() if ln.startswith(str(draft.id))]
    assert code == 0 and line.endswith("— розпочато 20.11.2026, дату завершення не зазначено")
    assert sum("розпочато" in ln for ln in out.splitlines()) == 1  # only the draft without an end says so
    code, out, _ = run(capsys, "--data-dir", data, "inspections", "list", "--json")
    row = next(r for r in json.loads(out) if r["id"] == str(draft.id))
    assert (row["started"], row["finished"]) == ("2026-11-20", None)
    assert run(capsys, "--data-dir", data, "inspections", "edit", str(draft.id), "--end", "21.11.2026")[0] == 0
    with reopen(Path(data), writer=False) as store:
        assert store.get_inspection(draft.id).end_date == date(2026, 11, 21)
    assert run(capsys, "--data-dir", data, "inspections", "edit", str(draft.id), "--no-end")[0] == 0
    with reopen(Path(data), writer=False) as store:
        assert store.get_inspection(draft.id).end_date is None
        assert next(r for r in store.summary_rows() if r.id == str(draft.id)).finished is None
    with pytest.raises(SystemExit) as usage:
        run(capsys, "--data-dir", data, "inspections", "edit", str(draft.id), "--end", "21.11.2026", "--no-end")
    assert usage.value.code == 2


def test_signing_in_the_store_is_refused_until_the_end_is_set(demo_store: Store) -> None:
    draft = services.record_finding(demo_store, _open_draft(demo_store), "coi-mechanism", now=at(START), note="")
    with pytest.raises(SignOffRefused) as caught:
        sign_in_store(demo_store, draft, date(2026, 11, 25))
    assert "no_end_date" in {p.code for p in caught.value.problems}
    assert demo_store.get_inspection(draft.id).signoff is None


def test_the_annual_report_the_plan_and_the_certificate_say_started(demo_store: Store, tmp_path: Path) -> None:
    draft = _open_draft(demo_store, plan=True)
    ended = _open_draft(demo_store, end=START)  # the same start: the one with no end yet is listed after it
    report = annual_report(demo_store, 2026, today=date(2026, 12, 1))
    assert [d.id for d in report.drafts if d.started == START] == [ended.id, draft.id]
    (line,) = [d for d in report.drafts if d.id == draft.id]
    assert line.finished is None
    assert line.text == f"розпочато 20.11.2026 року ЦСС ПМР ДО — довідку не підписано (№ {draft.number}, чернетка)"
    assert line.text in render(report, "csv").decode("utf-8-sig")
    assert [d["finished"] for d in json.loads(render(report, "json"))["drafts"] if d["id"] == str(draft.id)] == [None]
    (planned,) = [p for p in report.plan if p.edrpou == SOCIAL]
    assert planned.state is PlanState.STARTED and draft.number in planned.numbers
    pdf = render_certificate(draft, demo_store.get_settings(), tmp_path / "draft.pdf")
    flat = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(pdf).pages))
    assert "Перевірку розпочато 20.11.2026, дату її завершення ще не зазначено." in flat
    assert "Перевірку проведено 20.11.2026" not in flat and "Перевірку проведено з 20.11.2026" not in flat


# --- bundles ---------------------------------------------------------------------------------------


@pytest.mark.backends("file")  # the command imports into a second register named by its data dir
def test_a_draft_without_an_end_travels_in_a_bundle(demo_store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    draft = _open_draft(demo_store)
    out = export_bundle(demo_store, tmp_path / "bundle.json").path
    carried = next(i for i in load(out)["inspections"] if i["id"] == str(draft.id))
    assert "end_date" not in carried
    office = tmp_path / "office"
    assert run(capsys, "--data-dir", str(office), "import", str(out))[0] == 0
    with Store.open(office, writer=False) as store:
        assert store.get_inspection(draft.id) == demo_store.get_inspection(draft.id)


@pytest.mark.backends("file")  # «unchanged» proved on the data dir's bytes (test_sync_hostile's helper)
def test_a_signed_inspection_without_an_end_date_is_refused_from_a_bundle(
    demo_store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bundle = load(export_bundle(demo_store, tmp_path / "bundle.json").path)
    signed = signed_of(bundle)
    del signed["end_date"]
    hostile = dump(bundle, tmp_path / "hostile.json")
    err = refused(capsys, demo_store, hostile)
    assert str(hostile) in err and translate("uk", "errors.signed_without_end") in err


def test_the_conflict_view_shows_an_unset_end_date_as_empty() -> None:
    assert header_text(inspection(end_date=None), "end_date") == ""
    assert header_text(inspection(), "end_date") == "21.03.2026"
