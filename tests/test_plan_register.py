"""A plan CSV registers the enterprises it names that the registry lacks, from its own codes and names, only when
asked (issue 19): every other fact stays unknown, decides no duty, and is asked before an inspection starts."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from factories import enterprise
from pydantic import ValidationError
from store_helpers import Crash, dying_replace, store_bytes

from inspect_tui import services
from inspect_tui.cli import main
from inspect_tui.demo import DEMO_CHECKLIST
from inspect_tui.domain.checklist import Checklist
from inspect_tui.domain.edrpou import with_check_digit
from inspect_tui.domain.enterprise import UNKNOWN_FROM_PLAN, Enterprise
from inspect_tui.domain.inspection import Answer, LegalBasis, applicable_finding
from inspect_tui.domain.text import Person
from inspect_tui.register.registry_csv import RegistryRejected, parse_registry, registry_csv
from inspect_tui.store import Store, StoreWriteError, atomic
from inspect_tui.store_protocol import RegisterStore

KNP = "38451200"  # in the demo registry
BATHS, PARK = with_check_digit("4100001"), with_check_digit("4100002")
HEADER = "ЄДРПОУ;Підприємство;Місяць;Квартал;Підстава"
PLAN = f"{HEADER}\n{KNP};КНП;березень;;план\n{BATHS};КП «Лазні»;;III;\n{PARK};КП «Парк [культури]»;11;;\n{BATHS};;;IV;\n"


@pytest.fixture
def demo_dir(data_dir: Path, demo_template: Path) -> Path:
    shutil.copytree(demo_template, data_dir, ignore=shutil.ignore_patterns(".lock", ".lock.info"))
    return data_dir


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    path = tmp_path / "plan.csv"
    path.write_bytes(PLAN.encode("cp1251"))
    return path


def run(data_dir: Path, *args: str) -> int:
    return main(["--data-dir", str(data_dir), *args])


def test_without_the_flag_the_plan_is_refused_naming_the_missing_enterprises(
    demo_dir: Path, plan_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = store_bytes(demo_dir)
    assert run(demo_dir, "plan", "import", str(plan_file), "--year", "2026") == 1
    err = capsys.readouterr().err
    assert f"{BATHS} КП «Лазні»" in err and f"{PARK} КП «Парк [культури]»" in err and "(2)" in err
    assert "--register-missing" in err and "Traceback" not in err
    assert store_bytes(demo_dir) == before


def test_with_the_flag_plan_and_enterprises_are_saved_with_only_what_the_plan_knows(
    demo_dir: Path, plan_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(demo_dir, "plan", "import", str(plan_file), "--year", "2026", "--register-missing") == 0
    out = capsys.readouterr().out
    assert "записів — 4" in out and f"До реєстру додано з плану (2): {BATHS} КП «Лазні»; {PARK}" in out
    with Store.open(demo_dir, writer=False) as store:
        baths = store.get_enterprise(BATHS)
        assert baths is not None and (baths.name, baths.short_name) == ("КП «Лазні»", "КП «Лазні»")
        assert baths.missing_facts() == list(UNKNOWN_FROM_PLAN)  # nothing invented
        assert {e.edrpou for e in store.get_plan(2026)} == {KNP, BATHS, PARK}
    assert run(demo_dir, "registry", "list") == 0
    assert "бракує: організаційна форма, вид суб'єкта, сфера діяльності" in capsys.readouterr().out


def test_a_dry_run_says_what_would_be_registered_and_writes_nothing(
    demo_dir: Path, plan_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = store_bytes(demo_dir)
    assert run(demo_dir, "plan", "import", str(plan_file), "--year", "2026", "--dry-run") == 0
    out = capsys.readouterr().out
    assert "записів 4" in out and f"Було б додано до реєстру з плану (2): {BATHS} КП «Лазні»" in out and "--register-missing" in out
    assert run(demo_dir, "plan", "import", str(plan_file), "--year", "2026", "--dry-run", "--register-missing") == 0
    assert "--register-missing" not in capsys.readouterr().out
    assert store_bytes(demo_dir) == before


def test_an_invalid_code_or_a_nameless_unknown_code_is_refused_naming_the_row(
    demo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(f"{HEADER}\n{BATHS};КП «Лазні»;;III;\n12345670;КП «Хибний»;5;;\n{PARK};;5;;\n", encoding="utf-8")
    before = store_bytes(demo_dir)
    assert run(demo_dir, "plan", "import", str(path), "--year", "2026", "--register-missing") == 1
    err = capsys.readouterr().err
    assert "bad.csv, рядок 3" in err and "12345670" in err
    assert "bad.csv, рядок 4" in err and "назви його в рядку немає" in err
    assert store_bytes(demo_dir) == before


def test_a_failed_write_leaves_neither_the_plan_nor_the_enterprises(
    demo_dir: Path, plan_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = store_bytes(demo_dir)
    with Store.open(demo_dir) as store:
        def full_disk(*_: object) -> None:
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(store, "save_plan", full_disk)  # the enterprises are written first, in the same transaction
        with pytest.raises(StoreWriteError):
            services.import_plan(store, plan_file, year=2026, register_missing=True)
        assert store.get_enterprise(BATHS) is None
    assert store_bytes(demo_dir) == before


@pytest.mark.parametrize("moved", [0, 1])
def test_a_crash_while_committing_leaves_all_or_nothing(demo_dir: Path, plan_file: Path, monkeypatch: pytest.MonkeyPatch, moved: int) -> None:
    before = store_bytes(demo_dir)
    with Store.open(demo_dir) as store, monkeypatch.context() as patch:
        patch.setattr(atomic, "replace", dying_replace(moved))
        with pytest.raises(Crash):
            services.import_plan(store, plan_file, year=2026, register_missing=True)
    with Store.open(demo_dir) as reopened:  # a commit that passed its journal is finished on opening
        registered = reopened.get_enterprise(BATHS) is not None
        assert registered == bool(reopened.get_plan(2026))
        if not registered:
            assert store_bytes(demo_dir).keys() == before.keys()


def test_an_unknown_fact_never_excludes_a_duty(checklist: Checklist) -> None:
    """Every rule of the demo checklist that an answer could exclude stays applicable while the answers are unknown."""
    unknown = Enterprise.from_plan(BATHS, "КП «Лазні»")
    assert unknown.profile() == dict.fromkeys(unknown.profile())  # every profile fact unknown, none guessed
    assert any(item.applies_if is not None for item in checklist.items)
    assert all(applicable_finding(item, unknown).answer is not Answer.NOT_APPLICABLE for item in checklist.items)


def test_no_inspection_starts_on_an_enterprise_lacking_facts(demo_dir: Path, plan_file: Path) -> None:
    assert run(demo_dir, "plan", "import", str(plan_file), "--year", "2026", "--register-missing") == 0
    with Store.open(demo_dir) as store:
        baths = store.get_enterprise(BATHS)
        assert baths is not None
        checklist = next(a.checklist for a in services.available_checklists(demo_dir)[0] if a.checklist.id == DEMO_CHECKLIST)
        header = dict(
            checklist=checklist, basis=LegalBasis(order_number="1", order_date=date(2026, 7, 1), act="розпорядження"),
            period_from=date(2025, 1, 1), period_to=date(2025, 12, 31), start_date=date(2026, 7, 6), end_date=date(2026, 7, 6),
            inspectors=[Person(name="О. К", position="спеціаліст")],
        )
        with pytest.raises(ValidationError) as caught:
            services.create_inspection(store, enterprise=baths, **header)  # type: ignore[arg-type]
        assert caught.value.errors()[0]["type"] == "enterprise_incomplete"
        assert store.list_summaries() and all(s.edrpou != BATHS for s in store.list_summaries())
        complete = Enterprise.model_validate({
            **baths.model_dump(), "legal_form": "КП", "kind": "enterprise", "sector": "utilities", "reporting_year": 2025,
            "headcount": 12, "gross_revenue_uah": 1_000_000, "procurement_participant_20m": False,
        })
        created = services.create_inspection(store, enterprise=complete, **header)  # type: ignore[arg-type]
        assert created.enterprise == complete and store.get_enterprise(BATHS) == complete
        assert created.plan_entry is not None  # it carries out the plan's entry the enterprise came with


def test_the_dialog_lists_a_few_and_counts_the_rest() -> None:
    many = [Enterprise.from_plan(with_check_digit(f"41{n:05}"), f"КП № {n}") for n in range(9)]
    assert services.enterprise_list(many, limit=6).endswith("КП № 5 … і ще 3")
    assert services.enterprise_list(many[:6], limit=6).endswith("КП № 5")


def test_an_enterprise_from_the_plan_goes_through_the_registry_csv_as_it_is() -> None:
    """Exported with its unknowns as empty cells and imported back, it stays unknown: no «no» made up, no refusal."""
    baths = Enterprise.from_plan(BATHS, "КП «Лазні»")
    raw = registry_csv([baths])
    assert parse_registry(raw, registry={BATHS: baths}).unchanged == 1
    with pytest.raises(RegistryRejected):  # as a new entry it lacks what the registry requires of one
        parse_registry(raw, registry={})


def test_on_either_backend_the_plan_and_its_enterprises_land_together_or_not_at_all(
    register_store: RegisterStore, plan_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The office's PostgreSQL register keeps an enterprise from a plan, unknowns and all, as the laptop's does."""
    register_store.save_enterprise(enterprise(edrpou=KNP))
    with monkeypatch.context() as patch:
        patch.setattr(register_store, "save_plan", lambda *_: (_ for _ in ()).throw(RuntimeError("boom")))
        with pytest.raises(RuntimeError):
            services.import_plan(register_store, plan_file, year=2026, register_missing=True)
    assert [e.edrpou for e in register_store.list_enterprises()] == [KNP] and register_store.get_plan(2026) == []
    done = services.import_plan(register_store, plan_file, year=2026, register_missing=True)
    assert [e.edrpou for e in done.registered] == [BATHS, PARK]
    assert register_store.get_enterprise(BATHS) == Enterprise.from_plan(BATHS, "КП «Лазні»")
    assert len(register_store.get_plan(2026)) == 4
