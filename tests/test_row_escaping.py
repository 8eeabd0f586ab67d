"""A name with a line break or markup from an imported bundle stays one cell: in every table, CSV and TUI row."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from textual.widgets import DataTable
from tui_helpers import test_app, wait_for

from inspect_tui.cli import main
from inspect_tui.escaping import one_line, terminal_safe
from inspect_tui.screens.home import HomeScreen
from inspect_tui.store import Store
from inspect_tui.widgets.cells import cell

#: a line break that forges a row of `inspections list`, a tab that shifts columns, a Textual action link
FORGED = "КП «Вода»\n00000000-0000-0000-0000-000000000000  9/2026     2026-01-01  підписана\t[@click=app.quit]X[/]"


@given(st.text())
def test_one_line_is_one_line_and_terminal_safe(text: str) -> None:
    shown = one_line(text)
    assert len(shown.splitlines()) <= 1 and "\t" not in shown
    assert terminal_safe(shown) == shown


def test_one_line_shows_what_it_escaped() -> None:
    assert one_line("a\nb\tc\rd\u2028e") == "a\\u000ab\\u0009c\\u000dd\\u2028e"
    assert one_line("КП «Водоканал» ʼ № ₴") == "КП «Водоканал» ʼ № ₴"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(list(argv)) == 0
    out, err = capsys.readouterr()
    return out + err


@pytest.fixture
def office(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A store that imported a bundle whose draft names its enterprise with ``FORGED``."""
    field, office, bundle = tmp_path / "field", tmp_path / "office", tmp_path / "b.json"
    _run(capsys, "--data-dir", str(field), "demo")
    _run(capsys, "--data-dir", str(field), "export", "--out", str(bundle))
    data = json.loads(bundle.read_text("utf-8"))
    draft = next(i for i in data["inspections"] if i["status"] == "draft")
    draft["enterprise"]["short_name"] = FORGED
    bundle.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    _run(capsys, "--data-dir", str(office), "import", str(bundle))
    return office


def test_a_name_with_a_line_break_forges_no_row_of_the_cli_tables(office: Path, capsys: pytest.CaptureFixture[str]) -> None:
    listing = _run(capsys, "--data-dir", str(office), "inspections", "list")
    with Store.open(office, writer=False) as store:
        assert len(listing.splitlines()) == len(store.inspection_ids())
    assert one_line(FORGED) in listing
    conflicts = _run(capsys, "--data-dir", str(office), "inspections", "conflicts")
    assert "\n00000000-0000" not in conflicts


def test_a_name_with_a_line_break_stays_in_its_csv_cell(office: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "report.csv"
    _run(capsys, "--data-dir", str(office), "report", "annual", "--year", "2026", "--format", "csv", "--out", str(out))
    text = out.read_bytes().decode("utf-8-sig")
    cells = [c for row in csv.reader(io.StringIO(text, newline=""), delimiter=";") for c in row]
    assert any(one_line(FORGED) in c for c in cells)
    assert not any("\n" in c or "\r" in c for c in cells)


def test_the_home_shows_the_name_as_text_on_one_line(office: Path) -> None:
    async def main_() -> None:
        with Store.open(office) as store:
            app = test_app(store)
            async with app.run_test(size=(120, 30)) as pilot:
                home = app.screen_stack[0]  # the first-run dialog asks for the header above it
                assert isinstance(home, HomeScreen)
                await wait_for(pilot, lambda: home.summaries != [] and home.query_one("#inspections", DataTable).row_count > 0)
                table = home.query_one("#inspections", DataTable)
                names = [table.get_row_at(n)[1] for n in range(table.row_count)]
                assert cell(FORGED) in names  # plain text: the [@click] is shown, never a link
                assert app.is_running

    asyncio.run(main_())
