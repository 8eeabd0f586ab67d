"""No English left where a Ukrainian user reads: argparse's own words, Textual's own keys and palette."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Select
from tui_helpers import drive, wait_for

from inspect_tui.app import InspectApp
from inspect_tui.cli import main
from inspect_tui.commands.parser import translated_error
from inspect_tui.i18n import set_language
from inspect_tui.store import Store
from inspect_tui.widgets.footer import describe

ARGPARSE_ENGLISH = ("usage:", "positional arguments", "options:", "show this help", "error:", "required:", "invalid choice")


def _help(capsys: pytest.CaptureFixture[str], *words: str) -> str:
    with pytest.raises(SystemExit) as done:
        main([*words, "--help"])
    assert done.value.code == 0
    return capsys.readouterr().out


def _commands(help_text: str) -> list[str]:
    """The subcommands a parser's usage offers (``{list,show,…} ...``; an option's choices have no ``...``)."""
    found = re.search(r"\{([a-z0-9,-]+)\} \.\.\.", help_text)
    return found.group(1).split(",") if found else []


def test_every_commands_help_is_in_ukrainian(capsys: pytest.CaptureFixture[str]) -> None:
    seen = 0
    pending: list[tuple[str, ...]] = [()]
    top = _help(capsys)
    pending += [(name,) for name in re.findall(r"^    ([a-z-]+) ", top, flags=re.M)]
    while pending:
        words = pending.pop()
        text = _help(capsys, *words)
        seen += 1
        assert text.startswith("виклик: inspect-tui"), words
        assert not any(english in text for english in ARGPARSE_ENGLISH), (words, text)
        if words:
            pending += [(*words, name) for name in _commands(text.split("\n\n")[0]) if (*words, name) not in pending]
    assert seen > 30  # every command and subcommand was read


def test_usage_errors_are_in_ukrainian_and_aligned(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["plan", "import"], ["nosuch"], ["plan", "import", "x.csv", "--year"], ["demo", "--what"]):
        with pytest.raises(SystemExit) as done:
            main(argv)
        assert done.value.code == 2
        err = capsys.readouterr().err
        assert "помилка:" in err and not any(english in err for english in ARGPARSE_ENGLISH), err
        usage = err.split("\n")
        indent = len("виклик: inspect-tui ")
        assert all(line.startswith(" " * indent) for line in usage[1:] if line.startswith(" ")), err


def test_english_stays_argparse_english(capsys: pytest.CaptureFixture[str]) -> None:
    text = _help(capsys, "--lang", "en", "plan", "import")
    assert text.startswith("usage: inspect-tui") and "positional arguments:" in text and "show this help message and exit" in text
    set_language("en")
    assert translated_error("the following arguments are required: FILE") == "the following arguments are required: FILE"


def test_an_unknown_message_is_kept_as_it_is() -> None:
    assert translated_error("something argparse may say one day") == "something argparse may say one day"


def _screen_text(app: InspectApp) -> str:
    return unescape(re.sub(r"<[^>]+>", "", app.export_screenshot())).replace("\xa0", " ")


def test_the_palette_and_an_open_list_speak_ukrainian(demo_store: Store) -> None:
    assert describe("Dismiss menu") == "Закрити список"

    async def scenario(app: InspectApp, pilot: Pilot[Any]) -> None:
        await wait_for(pilot, lambda: bool(app.screen.query(Select)))
        app.screen.query(Select).first().focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Закрити список" in _screen_text(app))
        assert "Dismiss" not in _screen_text(app)
        await pilot.press("escape", "ctrl+p")
        await wait_for(pilot, lambda: "Пошук команд…" in _screen_text(app))
        assert "Search for commands" not in _screen_text(app)

    drive(demo_store, scenario)
