"""`inspect-tui plan import|export|show`: refusals name the file, line and column, exit 1 and leave the store as it was."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from inspect_tui import services
from inspect_tui.cli import main
from inspect_tui.demo import DEMO_CHECKLIST
from inspect_tui.domain.inspection import LegalBasis
from inspect_tui.domain.text import Person
from inspect_tui.store import Store

KNP, WATER, HOUSING, SOCIAL = "38451200", "32145678", "35129470", "41025833"
PLAN = f"ЄДРПОУ;Місяць;Квартал;Підстава\n{KNP};березень;;план\n{WATER};;III;\n{SOCIAL};11;;\n"


@pytest.fixture
def demo_dir(data_dir: Path, demo_template: Path) -> Path:
    shutil.copytree(demo_template, data_dir, ignore=shutil.ignore_patterns(".lock", ".lock.info"))
    return data_dir


def run(data_dir: Path, *args: str) -> int:
    return main(["--data-dir", str(data_dir), *args])


def test_import_show_and_export(demo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "plan.csv"
    source.write_bytes(PLAN.encode("cp1251"))
    assert run(demo_dir, "plan", "import", str(source), "--year", "2026") == 0
    assert "записів — 3" in capsys.readouterr().out
    with Store.open(demo_dir) as store:  # an inspection of the planned КНП: linked to its entry
        created = services.create_inspection(
            store, enterprise=store.get_enterprise(KNP), checklist=next(a.checklist for a in services.available_checklists(demo_dir)[0] if a.checklist.id == DEMO_CHECKLIST),
            basis=LegalBasis(order_number="1", order_date=date(2026, 3, 1), act="план"), period_from=date(2025, 1, 1),
            period_to=date(2025, 12, 31), start_date=date(2026, 3, 30), end_date=date(2026, 3, 30),
            inspectors=[Person(name="О. К", position="спеціаліст")],
        )
    assert run(demo_dir, "plan", "show", "--year", "2026", "--json") == 0
    shown = json.loads(capsys.readouterr().out)
    assert (shown["planned"], shown["started"], shown["signed"]) == (3, 1, 0)
    assert [(e["entry"]["edrpou"], e["status"], e["inspection_ids"]) for e in shown["entries"]] == [
        (KNP, "started", [str(created.id)]), (WATER, "planned", []), (SOCIAL, "planned", []),
    ]
    assert run(demo_dir, "plan", "show", "--year", "2026") == 0
    out = capsys.readouterr().out
    assert "заплановано 3 · розпочато 1 · підписано 0" in out and "III квартал" in out
    exported = tmp_path / "out" / "plan.csv"
    exported.parent.mkdir()
    assert run(demo_dir, "plan", "export", "--year", "2026", "--out", str(exported)) == 0
    assert exported.read_bytes().startswith(b"\xef\xbb\xbf")
    assert run(demo_dir, "plan", "import", str(exported), "--year", "2026", "--replace") == 0


def test_a_bad_row_is_named_and_nothing_is_imported(demo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "plan.csv"
    source.write_text(PLAN + f"{HOUSING};червнень;;\n", "utf-8")
    assert run(demo_dir, "plan", "import", str(source), "--year", "2026") == 1
    err = capsys.readouterr().err
    assert "plan.csv, рядок 5, стовпець «Місяць»: «червнень» — не місяць" in err
    assert "Нічого не записано" in err and "Traceback" not in err
    assert not (demo_dir / "plans.json").exists()
    assert run(demo_dir, "--lang", "en", "plan", "import", str(source), "--year", "2026") == 1
    assert "plan.csv, line 5, column «Місяць»" in capsys.readouterr().err


def test_refusals_exit_1_without_changing_the_store(demo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "plan.csv"
    source.write_text(PLAN, "utf-8")
    assert run(demo_dir, "plan", "import", str(source), "--year", "2026") == 0
    stored = (demo_dir / "plans.json").read_bytes()
    capsys.readouterr()
    assert run(demo_dir, "plan", "import", str(source), "--year", "2026") == 1  # a plan exists: --replace
    assert "--replace" in capsys.readouterr().err
    assert run(demo_dir, "plan", "import", str(tmp_path / "missing.csv"), "--year", "2026") == 1
    assert "missing.csv" in capsys.readouterr().err
    (tmp_path / "utf16.csv").write_text(PLAN, "utf-16")
    assert run(demo_dir, "plan", "import", str(tmp_path / "utf16.csv"), "--year", "2026", "--replace") == 1
    assert "UTF-16" in capsys.readouterr().err
    assert (demo_dir / "plans.json").read_bytes() == stored
    with pytest.raises(SystemExit) as usage:
        run(demo_dir, "plan", "show", "--year", "20x6")
    assert usage.value.code == 2


def test_an_empty_year(demo_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(demo_dir, "plan", "show", "--year", "2030") == 0
    assert "Плану перевірок на 2030 рік немає" in capsys.readouterr().out
