"""Laptop → office is complete: a bundle carries the registry, the year plans and the council's settings.

The office's own plan entries and settings are never replaced (nothing marks which copy is newer):
what it lacks is added, what differs is reported, and a hostile bundle is refused whole.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import docx
import pytest
from annual_year import HYPHENED, YEAR, merged_year
from backends import open_backend
from factories import enterprise
from pydantic import ValidationError
from pypdf import PdfReader
from test_sync_support import dump, load, snapshot, state

from inspect_tui.cli import main
from inspect_tui.domain.edrpou import with_check_digit
from inspect_tui.domain.plan import PlanEntry, entry_id
from inspect_tui.domain.revalidate import revalidate
from inspect_tui.domain.settings import CouncilSettings
from inspect_tui.domain.text import Person
from inspect_tui.register.annual import annual_report
from inspect_tui.report import FORMATS, render
from inspect_tui.store import Store
from inspect_tui.store_protocol import RegisterStore
from inspect_tui.sync import BundleRejected, export_bundle, import_bundles
from inspect_tui.sync.council import PlanReason

pytestmark = pytest.mark.backends

TODAY = date(2024, 1, 15)
#: registered at the laptop, never inspected: the office's registry needs it all the same
NOT_INSPECTED = enterprise(edrpou=with_check_digit("2200114"), name="Комунальна установа «Міський архів»", short_name="КУ «Міський архів»")
COUNCIL = {
    "unit_regulation": "Положення про відділ, затверджене рішенням ради від 20.01.2022 № 5/12",
    "inspection_procedure": "Порядок проведення перевірок, затверджений рішенням ради від 03.03.2022 № 7/4",
    "objection_days": 5,
    "unit_head_position": "Начальник відділу з питань запобігання та виявлення корупції",
    "unit_head_name": "Олена КОВАЛЬ",
    "report_date_dash": "hyphen",
}


@pytest.fixture(scope="module")
def laptop_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A year of the council on one installation: inspections, remedies, follow-ups, the registry, the plan and the settings."""
    data_dir = merged_year(tmp_path_factory.mktemp("laptop"))
    with Store.open(data_dir) as store:
        store.save_enterprise(NOT_INSPECTED)
        personal = {"language": "en", "signing_pkcs12": "/home/officer/key.p12", "inspector": Person(name="Ірина БОНДАР", position="Головний спеціаліст")}
        store.save_settings(revalidate(store.get_settings(), **COUNCIL, **personal))
    return data_dir


def _pdf_text(raw: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(raw)).pages)


def _docx_text(raw: bytes) -> list[str]:
    document = docx.Document(io.BytesIO(raw))
    return [p.text for p in document.paragraphs] + [c.text for table in document.tables for row in table.rows for c in row.cells]


def _readable(fmt: str, raw: bytes) -> Any:
    """What a reader of the report sees: the text of a PDF or a DOCX, a CSV or JSON file whole."""
    if fmt == "pdf":
        return _pdf_text(raw)
    if fmt == "docx":
        return _docx_text(raw)
    return raw


def _reports(store: RegisterStore) -> dict[str, Any]:
    report = annual_report(store, YEAR, today=TODAY)
    return {fmt: _readable(fmt, render(report, fmt)) for fmt in FORMATS}


def test_an_empty_office_reports_the_laptops_year_from_one_bundle(
    laptop_dir: Path, tmp_path: Path, backend: str, request: pytest.FixtureRequest
) -> None:
    bundle = tmp_path / "laptop.json"
    with Store.open(laptop_dir) as laptop:
        exported = export_bundle(laptop, bundle)
        mine = _reports(laptop)
        registry, plan, council = laptop.list_enterprises(), laptop.get_plan(YEAR), laptop.get_settings().council()
    assert exported.plan_years == (YEAR,) and exported.enterprises == len(registry)
    with open_backend(backend, request, tmp_path / "office") as office:
        report = import_bundles(office, [bundle])
        theirs = _reports(office)
        assert office.list_enterprises() == registry
        assert office.get_plan(YEAR) == plan
        settings = office.get_settings()
    assert settings.council() == council
    assert (settings.language, settings.signing_pkcs12, settings.inspector) == ("uk", "", None)  # personal ones stay home
    assert len(report.enterprises_added) == len(registry) and len(report.plan_added) == len(plan)
    assert {s.change.name for s in report.settings_filled} == {n for n in CouncilSettings.model_fields if not council.unset(n)}
    assert not (report.plan_conflicts or report.settings_conflicts or report.enterprise_differences)
    assert theirs == mine
    text = " ".join(theirs["pdf"].split())
    assert all(line in text for line in HYPHENED) and "Олена КОВАЛЬ" in text and "ПОКРОВСЬКА МІСЬКА РАДА" in text
    assert "За планом перевірок на 2023 рік заплановано 5" in text


# --- the merge rules ---------------------------------------------------------------------------------

WATER = enterprise()
PARK = enterprise(edrpou=with_check_digit("3390021"), name="КП «Парк»", short_name="КП «Парк»")
HEAT = enterprise(edrpou=with_check_digit("3512950"), name="КП «Тепло»", short_name="КП «Тепло»")


def _entry(ent: Any, month: int, year: int = 2026, **changes: Any) -> PlanEntry:
    return PlanEntry(id=entry_id(year, ent.edrpou, month, None), year=year, edrpou=ent.edrpou, enterprise=ent.short_name, month=month, **changes)


@pytest.fixture
def stores(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Store, RegisterStore]]:
    """A laptop's file store and the office's, of the test's backend."""
    with Store.open(tmp_path / "laptop") as laptop, open_backend(backend, request, tmp_path / "office") as office:
        yield laptop, office


def test_the_office_keeps_its_own_and_adds_what_it_lacks(stores: tuple[Store, RegisterStore], tmp_path: Path) -> None:
    laptop, office = stores
    laptop.save_enterprises([WATER, PARK, HEAT])
    laptop.save_plan(2026, [_entry(WATER, 3, basis="план, розпорядження № 12"), _entry(PARK, 4), _entry(HEAT, 5)])
    laptop.save_plan(2027, [_entry(WATER, 2, year=2027)])
    laptop.save_settings(revalidate(laptop.get_settings(), council_name="Покровська міська рада", unit_name="Відділ", objection_days=5))
    office.save_enterprises([revalidate(WATER, head_name="Інший КЕРІВНИК"), PARK])
    taken = _entry(PARK, 4).with_id(entry_id(2026, PARK.edrpou, 4, None, {_entry(PARK, 4).id}))  # PARK in April, another entry
    office.save_plan(2026, [_entry(WATER, 3), taken])
    office.save_settings(revalidate(office.get_settings(), council_name="Покровська міська рада", objection_days=3))
    before = (office.get_plan(2026), office.get_enterprise(WATER.edrpou))
    export_bundle(laptop, tmp_path / "b.json")

    report = import_bundles(office, [tmp_path / "b.json"])

    reasons = sorted((o.change.reason.value, o.change.incoming.year, o.change.incoming.edrpou) for o in report.plan)
    assert reasons == sorted([
        (PlanReason.DIFFERS.value, 2026, WATER.edrpou), (PlanReason.PERIOD_TAKEN.value, 2026, PARK.edrpou),
        (PlanReason.ADDED.value, 2026, HEAT.edrpou), (PlanReason.ADDED.value, 2027, WATER.edrpou),
    ])
    assert office.get_plan(2026) == [*before[0], _entry(HEAT, 5)] and office.get_plan(2027) == laptop.get_plan(2027)
    assert office.get_enterprise(WATER.edrpou) == before[1] and office.get_enterprise(HEAT.edrpou) == HEAT
    settings = office.get_settings()
    assert (settings.council_name, settings.unit_name, settings.objection_days) == ("Покровська міська рада", "Відділ", 3)
    assert [(s.change.name, s.change.filled) for s in report.settings] == [("unit_name", True), ("objection_days", False)]
    again = import_bundles(office, [tmp_path / "b.json"])  # the same bundle again: only the conflicts are left to say
    assert not (again.plan_added or again.settings_filled or again.enterprises_added)
    assert len(again.plan_conflicts) == 2 and len(again.settings_conflicts) == 1


@pytest.mark.backends("file")  # commands on two data dirs (the office register's commands: test_office_pg)
def test_the_cli_names_what_was_added_and_what_conflicts(stores: tuple[Store, RegisterStore], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    laptop, office = stores
    laptop.save_enterprises([WATER, HEAT])
    laptop.save_plan(2026, [_entry(WATER, 3, basis="план № 12"), _entry(HEAT, 5)])
    laptop.save_settings(revalidate(laptop.get_settings(), council_name="Покровська міська рада", unit_name="Відділ", objection_days=5))
    office.save_enterprises([WATER])
    office.save_plan(2026, [_entry(WATER, 3)])
    office.save_settings(revalidate(office.get_settings(), council_name="Покровська міська рада", objection_days=3))
    data_dirs = laptop.data_dir, office.data_dir
    laptop.close()
    office.close()
    bundle = tmp_path / "b.json"
    assert main(["--data-dir", str(data_dirs[0]), "export", "--out", str(bundle)]) == 0
    assert "плани на роки — 2026; налаштування ради: так" in capsys.readouterr().out
    assert main(["--data-dir", str(data_dirs[1]), "import", str(bundle)]) == 0
    out = capsys.readouterr().out
    assert "записи плану додано:\n  план на 2026 рік, КП «Тепло» (35129507), травень (пакет b.json): додано" in out
    assert "план на 2026 рік, МКП «Водоканал» (32145678), березень (пакет b.json): цей запис плану у сховищі інший" in out
    assert "Підрозділ: було порожнє, заповнено з пакета b.json: «Відділ»" in out
    assert "у налаштуваннях «3», у пакеті b.json «5» (лишено значення налаштувань)" in out
    assert "налаштування з розбіжністю" in out and "записи плану з конфліктом" in out


# --- hostile bundles ---------------------------------------------------------------------------------

Bundle = dict[str, Any]


def _bad_enterprise(b: Bundle) -> None:
    code = b["enterprises"][0]["edrpou"]
    b["enterprises"][0]["edrpou"] = code[:-1] + str((int(code[-1]) + 1) % 10)  # the check digit wrong


def _unknown_enterprise(b: Bundle) -> None:
    b["plans"][0]["entries"][0]["edrpou"] = with_check_digit("1234567")


def _long_setting(b: Bundle) -> None:
    b["settings"]["council_name"] = "р" * 301


def _personal_setting(b: Bundle) -> None:
    b["settings"]["signing_pkcs12"] = "/tmp/key.p12"


def _twice_a_year(b: Bundle) -> None:
    b["plans"].append(b["plans"][0])


def _other_year(b: Bundle) -> None:
    b["plans"][0]["entries"][0]["year"] = 2027


def _twice_a_period(b: Bundle) -> None:
    second = dict(b["plans"][0]["entries"][0], id="00000000-0000-4000-8000-000000000001")
    b["plans"][0]["entries"].append(second)


def _not_a_plan(b: Bundle) -> None:
    b["plans"][0] = {"year": 2026, "entries": "усі"}


@pytest.mark.backends("file")  # a command on the office's data dir, «unchanged» on its bytes
@pytest.mark.parametrize(
    ("change", "place", "reason"),
    [
        (_bad_enterprise, "enterprises[0].edrpou", "недійсний код ЄДРПОУ"),
        (_unknown_enterprise, "plans[0].entries[0].edrpou", "якого немає в реєстрі пакета"),
        (_long_setting, "settings.council_name", "300"),
        (_personal_setting, "settings.signing_pkcs12", ""),
        (_twice_a_year, "plans[1]", "план на 2026 рік уже є в пакеті (plans[0])"),
        (_other_year, "plans[0]", "запис плану на 2027 рік у плані на 2026 рік"),
        (_twice_a_period, "plans[0]", "заплановано двічі на той самий період"),
        (_not_a_plan, "plans[0].entries", ""),
    ],
    ids=lambda v: v.__name__ if callable(v) else None,
)
def test_a_hostile_bundle_is_refused_naming_the_file_and_the_place(
    stores: tuple[Store, RegisterStore], tmp_path: Path, capsys: pytest.CaptureFixture[str], change: Any, place: str, reason: str
) -> None:
    laptop, office = stores
    laptop.save_enterprises([WATER, HEAT])
    laptop.save_plan(2026, [_entry(WATER, 3), _entry(HEAT, 5)])
    laptop.save_settings(revalidate(laptop.get_settings(), council_name="Покровська міська рада"))
    export_bundle(laptop, tmp_path / "good.json")
    bundle = load(tmp_path / "good.json")
    change(bundle)
    hostile = dump(bundle, tmp_path / "hostile.json")
    office_dir = office.data_dir
    office.close()
    before = snapshot(office_dir)
    assert main(["--data-dir", str(office_dir), "import", str(hostile)]) == 1
    err = capsys.readouterr().err
    assert f"hostile.json: {place}:" in err and reason in err and "Traceback" not in err
    assert snapshot(office_dir) == before


def test_a_merged_plan_over_the_bound_is_refused(stores: tuple[Store, RegisterStore], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    laptop, office = stores
    laptop.save_enterprises([WATER, HEAT])
    laptop.save_plan(2026, [_entry(HEAT, 5)])
    export_bundle(laptop, tmp_path / "b.json")
    office.save_enterprises([WATER])
    office.save_plan(2026, [_entry(WATER, 3), _entry(WATER, 4)])
    monkeypatch.setattr("inspect_tui.sync.importer.MAX_ENTRIES", 2)
    before = state(office)
    with pytest.raises(BundleRejected) as refused:
        import_bundles(office, [tmp_path / "b.json"])
    assert [(p.place, "3" in p.reason) for p in refused.value.problems] == [("plans[0]", True)]
    assert state(office) == before


def test_the_store_keeps_a_plan_to_one_year_and_one_entry_a_period(stores: tuple[Store, RegisterStore]) -> None:
    laptop, _ = stores
    laptop.save_enterprises([WATER])
    for entries in ([_entry(WATER, 3), _entry(WATER, 3).with_id(entry_id(2026, WATER.edrpou, 3, None, {_entry(WATER, 3).id}))], [_entry(WATER, 3, year=2027)]):
        with pytest.raises(ValidationError):
            laptop.save_plan(2026, entries)
    assert laptop.get_plan(2026) == []


def test_an_older_bundle_still_imports(stores: tuple[Store, RegisterStore], tmp_path: Path) -> None:
    """A format 2 bundle has neither plans nor settings, and only the enterprises inspected: that is all it adds."""
    laptop, office = stores
    laptop.save_enterprises([WATER])
    export_bundle(laptop, tmp_path / "new.json")
    bundle = load(tmp_path / "new.json")
    del bundle["plans"], bundle["settings"]
    bundle["format_version"] = 2
    report = import_bundles(office, [dump(bundle, tmp_path / "old.json")])
    assert report.enterprises_added == [f"{WATER.short_name} ({WATER.edrpou})"] and not (report.plan or report.settings)
    assert office.plan_years() == [] and office.get_settings().council() == CouncilSettings()


def test_the_schema_on_disk_is_the_generated_one() -> None:
    from inspect_tui.sync import bundle_schema_text

    schema = Path(__file__).parent.parent / "docs" / "bundle.schema.json"
    assert schema.read_text("utf-8") == bundle_schema_text()
    assert {"plans", "settings"} <= set(json.loads(bundle_schema_text())["properties"])
