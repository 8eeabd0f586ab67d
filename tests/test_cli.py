"""The command-line contract of DESIGN.md, run as a user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from inspect_tui.cli import main
from inspect_tui.domain.edrpou import is_valid_edrpou
from inspect_tui.i18n import t


def test_demo_then_inspections_list_json(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(data_dir), "demo"]) == 0
    capsys.readouterr()
    assert main(["--data-dir", str(data_dir), "inspections", "list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 3
    for row in rows:
        assert {"id", "number", "enterprise", "edrpou", "status", "started", "finished", "signed_at", "progress"} <= set(row)
        assert is_valid_edrpou(row["edrpou"])
        date.fromisoformat(row["started"]) and date.fromisoformat(row["finished"])
    statuses = {r["status"] for r in rows}
    assert "signed" in statuses and "draft" in statuses
    signed = next(r for r in rows if r["status"] == "signed")
    assert date.fromisoformat(signed["signed_at"]) >= date.fromisoformat(signed["finished"])
    assert any(r["status"] == "draft" and r["open_violations"] >= 1 and 0 < r["progress"] < 100 for r in rows)


def test_demo_twice_adds_nothing(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["--data-dir", str(data_dir), "demo"])
    main(["--data-dir", str(data_dir), "demo"])
    capsys.readouterr()
    main(["--data-dir", str(data_dir), "inspections", "list", "--json"])
    assert len(json.loads(capsys.readouterr().out)) == 3


def test_data_dir_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("INSPECT_TUI_DATA_DIR", str(tmp_path / "env-dir"))
    assert main(["demo"]) == 0
    assert (tmp_path / "env-dir" / "meta.json").exists()


def test_empty_store_lists_a_hint(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(data_dir), "inspections", "list"]) == 0
    assert "inspect-tui demo" in capsys.readouterr().out


def test_checklists_list_and_show(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["checklists", "list"]) == 0
    assert "communal-enterprise-1700" in capsys.readouterr().out
    assert main(["checklists", "show", "communal-enterprise-1700"]) == 0
    out = capsys.readouterr().out
    assert "ст. 62" in out and "Закону" in out
    assert main(["checklists", "show", "no-such"]) == 1
    assert "no-such" in capsys.readouterr().err


def test_a_broken_user_checklist_is_reported_but_does_not_hide_the_others(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (data_dir / "checklists").mkdir(parents=True)
    (data_dir / "checklists" / "broken.toml").write_text("id = ", encoding="utf-8")
    assert main(["--data-dir", str(data_dir), "checklists", "list"]) == 0
    out, err = capsys.readouterr()
    assert "communal-enterprise-1700" in out and "broken.toml" in err


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["checklists", "frobnicate"])
    assert caught.value.code == 2


def test_real_process_utf8_and_exit_codes(tmp_path: Path) -> None:
    """The console script path: Cyrillic comes out as UTF-8 even under an ASCII locale."""
    env = {"PYTHONIOENCODING": "ascii", "LANG": "C", "LC_ALL": "C", "INSPECT_TUI_DATA_DIR": str(tmp_path / "d"), "PATH": ""}
    ok = subprocess.run([sys.executable, "-m", "inspect_tui", "checklists", "list"], capture_output=True, env=env)
    assert ok.returncode == 0 and "Перевірка".encode() in ok.stdout
    bad = subprocess.run([sys.executable, "-m", "inspect_tui", "checklists", "validate", str(tmp_path)], capture_output=True, env=env)
    assert bad.returncode == 1 and b"Traceback" not in bad.stderr and str(tmp_path).encode() in bad.stderr


# --- the TUI's start ---------------------------------------------------------------------------------

_BARE_START = """
import sys, types
seen = {}
app = types.ModuleType("inspect_tui.app")
def run_app(data_dir, language=None, *, store_url=None):
    seen.update(heavy=sorted(m for m in ("pydantic", "inspect_tui.commands", "inspect_tui.services", "inspect_tui.domain.inspection") if m in sys.modules),
                args=[str(data_dir), language, store_url])
    return 0
app.run_app = run_app
sys.modules["inspect_tui.app"] = app
from inspect_tui.cli import main
code = main(sys.argv[1:])
print(code, seen)
"""


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--data-dir", "{dir}"], ["{dir}", None, None]),
        (["--lang", "en", "--data-dir={dir}"], ["{dir}", "en", None]),
        (["--data", "{dir}"], ["{dir}", None, None]),  # an abbreviation: the full parser takes it, and starts the TUI too
    ],
)
def test_the_bare_command_starts_the_tui_without_the_commands_and_the_models(argv: list[str], expected: list[str | None], tmp_path: Path) -> None:
    expected = [None if a is None else a.format(dir=tmp_path) for a in expected]
    argv = [a.format(dir=tmp_path) for a in argv]
    env = {k: v for k, v in os.environ.items() if k != "INSPECT_TUI_STORE"}
    done = subprocess.run([sys.executable, "-c", _BARE_START, *argv], capture_output=True, text=True, env=env, timeout=60, check=True)
    code, seen = done.stdout.split(" ", 1)
    assert code == "0" and f"'args': {expected!r}" in seen
    if "--data" in argv:  # the full parser imported the commands: slower, still right
        return
    assert "'heavy': []" in seen


@pytest.mark.parametrize("argv", [["--lang", "xx"], ["--data-dir"], ["-x"], ["nonsense"]])
def test_a_bare_start_with_bad_options_is_refused_by_the_full_parser(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    err = capsys.readouterr().err
    assert exited.value.code == 2 and "COMMAND" in err and err.count(t("cli.argparse.usage").strip()) == 1
