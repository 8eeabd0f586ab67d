"""``inspect-tui export / import / schema``: exit codes, messages without tracebacks, the schema file."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from pathlib import Path

import pytest
from test_sync_support import snapshot

from inspect_tui.cli import main
from inspect_tui.i18n import set_language
from inspect_tui.sync import bundle_schema_text

SCHEMA_FILE = Path(__file__).resolve().parents[1] / "docs" / "bundle.schema.json"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.fixture(scope="module")
def field_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``inspect-tui demo`` run once for the module; each test gets its own copy."""
    data = tmp_path_factory.mktemp("field") / "field"
    with pytest.MonkeyPatch.context() as env, contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        env.delenv("INSPECT_TUI_LANG", raising=False)
        set_language("uk")
        assert main(["--data-dir", str(data), "demo"]) == 0
    return data


@pytest.fixture
def field(tmp_path: Path, field_template: Path) -> Path:
    data = tmp_path / "field"
    shutil.copytree(field_template, data, ignore=shutil.ignore_patterns(".lock", ".lock.info"))
    return data


def test_checked_in_schema_matches_the_models() -> None:
    assert SCHEMA_FILE.read_text("utf-8") == bundle_schema_text(), "regenerate: inspect-tui schema > docs/bundle.schema.json"


def test_schema_command_prints_the_schema(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "schema")
    assert code == 0 and json.loads(out)["title"] == "inspect-tui export bundle"


def test_export_then_import_exits_0_and_prints_the_summary(field: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bundle = tmp_path / "b.json"
    code, out, _ = run(capsys, "--data-dir", str(field), "export", "--out", str(bundle))
    assert code == 0 and "Експортовано перевірок: 3" in out
    office = str(tmp_path / "office")
    code, out, _ = run(capsys, "--data-dir", office, "import", "--dry-run", str(bundle))
    assert code == 0 and "Пробний запуск" in out
    code, out, _ = run(capsys, "--lang", "en", "--data-dir", office, "import", str(bundle))
    assert code == 0 and "Import finished" in out and "added" in out
    code, out, _ = run(capsys, "--data-dir", office, "inspections", "list", "--json")
    assert len(json.loads(out)) == 3


def test_a_refused_import_exits_1_listing_problems_and_changes_nothing(
    field: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"format_version": 99}', "utf-8")
    before = snapshot(field)
    code, out, err = run(capsys, "--data-dir", str(field), "import", str(broken), str(tmp_path / "missing.json"))
    assert code == 1 and out == ""
    assert "новішою версією" in err and "файл не знайдено" in err and "Імпорт відхилено: проблем — 2" in err
    assert snapshot(field) == before


def test_the_size_limit_comes_from_the_option_or_the_environment(
    field: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    bundle = tmp_path / "b.json"
    run(capsys, "--data-dir", str(field), "export", "--out", str(bundle))
    office = str(tmp_path / "office")
    code, _, err = run(capsys, "--data-dir", office, "import", "--max-size", "1K", str(bundle))
    assert code == 1 and "файл завеликий" in err
    monkeypatch.setenv("INSPECT_TUI_MAX_BUNDLE_BYTES", "2K")
    code, _, err = run(capsys, "--data-dir", office, "import", str(bundle))
    assert code == 1 and "не більше 0.002 МБ" in err
    assert run(capsys, "--data-dir", office, "import", "--max-size", "1G", str(bundle))[0] == 0


def test_export_of_an_unknown_inspection_exits_1(field: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    unknown = "00000000-0000-4000-8000-000000000009"
    code, _, err = run(capsys, "--data-dir", str(field), "export", "--out", str(tmp_path / "x.json"), "--inspection", unknown)
    assert code == 1 and unknown in err
    assert not (tmp_path / "x.json").exists()


@pytest.mark.parametrize("argv", [["export", "--out", "x.json", "--since", "23.11.2026"], ["import", "--max-size", "lots", "x.json"]])
def test_bad_usage_exits_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    assert "Traceback" not in capsys.readouterr().err
