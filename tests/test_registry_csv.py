"""The registry as CSV (issue 19, laptop → office): the office loads the council's list from Excel, all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from factories import enterprise
from hypothesis import given, settings
from hypothesis import strategies as st

from inspect_tui.cli import main
from inspect_tui.domain.edrpou import with_check_digit
from inspect_tui.i18n import set_language
from inspect_tui.register.registry_csv import RegistryRejected, parse_registry, registry_csv
from inspect_tui.store import Store

WATER = enterprise()
HEADER = ("ЄДРПОУ;Повне найменування;Скорочене найменування;Організаційно-правова форма;Вид суб'єкта;Сфера діяльності;"
          "Звітний рік;Середньооблікова чисельність;Валовий дохід, грн;Заклад охорони здоров'я міського чи вищого рівня")
CLINIC = with_check_digit("0003212")  # leading zeros, which Excel drops


def _row(code: str, *, kind: str = "установа", sector: str = "охорона здоров’я", city: str = "так", headcount: str = "40") -> str:
    return f"{code};Комунальне некомерційне підприємство «Клініка»;КНП «Клініка»;КНП;{kind};{sector};2025;{headcount};28 500 000;{city}"


def _problems(text: str, registry: dict | None = None) -> list[tuple[int | None, str | None, str]]:
    with pytest.raises(RegistryRejected) as caught:
        parse_registry(text.encode("utf-8"), registry=registry or {})
    return [(p.line, p.column, p.code) for p in caught.value.problems]


def test_a_registry_round_trips_through_its_csv(demo_store: Store, tmp_path: Path) -> None:
    registry = demo_store.list_enterprises()
    rows = parse_registry(registry_csv(registry), registry={})
    assert sorted(rows.added, key=lambda e: e.edrpou) == sorted(registry, key=lambda e: e.edrpou)
    again = parse_registry(registry_csv(registry), registry={e.edrpou: e for e in registry})
    assert (again.added, again.updated, again.unchanged) == ([], [], len(registry))


def test_an_excel_file_as_councils_keep_it() -> None:
    # cp1251, codes without their leading zeros, spaced numbers, «так», the kind and sector as people write them
    text = f"{HEADER}\r\n{_row(CLINIC.lstrip('0'))}\r\n"
    [clinic] = parse_registry(text.encode("cp1251"), registry={}).added
    assert clinic.edrpou == CLINIC and clinic.kind.value == "institution" and clinic.sector.value == "health"
    assert clinic.city_level is True and clinic.gross_revenue_uah == 28_500_000


def test_a_row_for_a_registered_code_updates_only_the_columns_the_file_has() -> None:
    text = f"ЄДРПОУ;Середньооблікова чисельність\n{WATER.edrpou};151\n"
    rows = parse_registry(text.encode(), registry={WATER.edrpou: WATER})
    [changed] = rows.updated
    assert changed.headcount == 151 and changed.model_dump(exclude={"headcount"}) == WATER.model_dump(exclude={"headcount"})


def test_every_bad_row_is_named_by_line_and_column() -> None:
    bad = "\n".join([
        _row("12345670"),  # a wrong check digit
        _row(CLINIC, kind="ТОВ-ка"),
        _row(with_check_digit("1111111"), headcount="сорок"),
        _row(with_check_digit("2222222"), city=""),  # a health facility's level decides who declares: required
        _row(with_check_digit("3333333"), city="можливо"),
        _row(CLINIC),  # the code of line 3 again, twice
        _row(CLINIC),
    ])
    assert _problems(f"{HEADER}\n{bad}\n") == [
        (2, "edrpou", "bad_edrpou"),
        (3, "kind", "bad_kind"),
        (4, "headcount", "bad_number"),
        (5, None, "invalid"),
        (6, "city_level", "bad_flag"),
        (7, "edrpou", "duplicate_row"),
        (8, "edrpou", "duplicate_row"),
    ]


def test_a_new_enterprise_needs_its_facts() -> None:
    assert _problems(f"ЄДРПОУ;Скорочене найменування\n{CLINIC};КНП «Клініка»\n") == [
        (2, column, "required") for column in ("name", "legal_form", "kind", "sector", "reporting_year", "headcount", "gross_revenue_uah")
    ]


def test_the_message_names_the_file_the_line_and_the_column_in_the_users_language() -> None:
    with pytest.raises(RegistryRejected) as caught:
        parse_registry(f"{HEADER}\n{_row(CLINIC, kind='ТОВ-ка')}\n".encode(), registry={}, file="реєстр.csv")
    assert str(caught.value.problems[0]).startswith("реєстр.csv, рядок 2, стовпець «Вид суб'єкта»: «ТОВ-ка» — невідомий вид суб’єкта")
    assert str(caught.value) == "Реєстр із файлу реєстр.csv не імпортовано: проблем — 1. Нічого не записано."
    set_language("en")
    assert str(caught.value.problems[0]).startswith("реєстр.csv, line 2, column «Вид суб'єкта»: «ТОВ-ка» is not a known kind")


def test_the_cli_imports_all_or_nothing_and_a_dry_run_writes_nothing(
    demo_store: Store, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = {e.edrpou: e for e in demo_store.list_enterprises()}
    demo_store.close()
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_text(f"{HEADER}\n{_row(CLINIC)}\n", "utf-8")
    bad.write_text(f"{HEADER}\n{_row(with_check_digit('4444444'))}\n{_row('12345670')}\n", "utf-8")
    assert main(["--data-dir", str(data_dir), "registry", "import", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "bad.csv, рядок 3, стовпець «ЄДРПОУ»" in err and "Нічого не записано" in err and "Traceback" not in err
    assert main(["--data-dir", str(data_dir), "registry", "import", str(good), "--dry-run"]) == 0
    assert "було б додано — 1" in capsys.readouterr().out
    with Store.open(data_dir, writer=False) as store:
        assert {e.edrpou: e for e in store.list_enterprises()} == before  # neither the refused file nor the dry run wrote
    assert main(["--data-dir", str(data_dir), "registry", "import", str(good)]) == 0
    assert "додано — 1, оновлено — 0" in capsys.readouterr().out
    with Store.open(data_dir, writer=False) as store:
        assert set(e.edrpou for e in store.list_enterprises()) == set(before) | {CLINIC}
    assert main(["--data-dir", str(data_dir), "registry", "import", str(tmp_path / "missing.csv")]) == 1
    assert "missing.csv" in capsys.readouterr().err


def test_the_cli_exports_for_excel(demo_store: Store, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    count = len(demo_store.list_enterprises())
    demo_store.close()
    out = tmp_path / "реєстр.csv"
    assert main(["--data-dir", str(data_dir), "registry", "export", "--out", str(out)]) == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw and raw.decode("utf-8-sig").count("\r\n") == count + 1
    assert f"({count})" in capsys.readouterr().out


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=400) | st.text(max_size=300).map(lambda s: (HEADER + "\n" + s).encode("utf-8")))
def test_any_file_is_read_or_refused_never_crashes(raw: bytes) -> None:
    try:
        parse_registry(raw, registry={WATER.edrpou: WATER})
    except RegistryRejected as exc:
        assert exc.problems and all(str(p) for p in exc.problems)
