"""Terminal injection: names from an imported bundle reach the screen only escaped, in every command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from inspect_tui.cli import main
from inspect_tui.commands.context import terminal_safe

#: retitles the window (OSC), turns the text red (CSI), rewinds the line, reverses the text, hides a tag
HOSTILE = "\x1b]0;pwned\x07\x1b[31mЗЛО\r\u202eдоп\x9b2J\u200b\U000e0041"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("КП «Водоканал» ʼ № ₴ — \n\tтабуляція", "КП «Водоканал» ʼ № ₴ — \n\tтабуляція"),
        ("\x1b[2J", "\\u001b[2J"),
        ("a\rb\x7f\x00", "a\\u000db\\u007f\\u0000"),
        ("\u202eabc\u2066", "\\u202eabc\\u2066"),
        ("\x9b31m", "\\u009b31m"),
        ("\U000e0041", "\\udb40\\udc41"),
    ],
)
def test_terminal_safe_escapes_only_what_a_terminal_acts_on(text: str, shown: str) -> None:
    assert terminal_safe(text) == shown


def test_escaped_json_is_still_the_same_json() -> None:
    value = {"name": HOSTILE}
    assert json.loads(terminal_safe(json.dumps(value, ensure_ascii=False))) == value


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _assert_inert(text: str) -> None:
    for raw in ("\x1b", "\x07", "\r", "\u202e", "\x9b", "\u200b", "\U000e0041"):
        assert raw not in text


def test_import_list_and_errors_escape_hostile_names(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    field, office, bundle = tmp_path / "field", tmp_path / "office", tmp_path / "b.json"
    assert _run(capsys, "--data-dir", str(field), "demo")[0] == 0
    assert _run(capsys, "--data-dir", str(field), "export", "--out", str(bundle))[0] == 0
    data = json.loads(bundle.read_text("utf-8"))
    draft = next(i for i in data["inspections"] if i["status"] == "draft")
    draft["enterprise"]["short_name"] = draft["enterprise"]["name"] = HOSTILE
    draft["number"] = HOSTILE
    data["enterprises"][0]["name"] = HOSTILE
    bundle.write_text(json.dumps(data, ensure_ascii=False), "utf-8")

    code, out, err = _run(capsys, "--data-dir", str(office), "import", str(bundle))
    assert code == 0, err
    _assert_inert(out + err)
    assert "\\u001b]0;pwned" in out

    code, out, err = _run(capsys, "--data-dir", str(office), "inspections", "list")
    assert code == 0 and "\\u001b[31mЗЛО\\u000d\\u202eдоп" in out
    _assert_inert(out + err)

    code, out, _ = _run(capsys, "--data-dir", str(office), "inspections", "list", "--json")
    _assert_inert(out)
    assert HOSTILE in {row["enterprise"] for row in json.loads(out)}

    code, out, err = _run(capsys, "--data-dir", str(office), "certificate", HOSTILE + "?", "--out", str(tmp_path / "c.pdf"))
    assert code == 1 and "\\u001b]0;pwned" in err
    _assert_inert(out + err)
