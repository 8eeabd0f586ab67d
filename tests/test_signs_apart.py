"""Violations of the Law and signs of an official's breach are counted apart in the summary index and shown apart
in every list: the home's «Пор./озн.» column and ``inspections list`` (``--json``: ``signs`` beside ``open_violations``)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable
from tui_helpers import test_app, wait_for

from inspect_tui import services
from inspect_tui.app import InspectApp
from inspect_tui.cli import main
from inspect_tui.domain.inspection import Answer, NoKind, Status
from inspect_tui.screens.home import HomeScreen
from inspect_tui.store import Store

pytestmark = pytest.mark.backends


def _with_signs(store: Store) -> str:
    """The demo's draft with one violation, given one sign of an official's breach too; its id."""
    draft = next(s for s in store.list_summaries() if s.status is Status.DRAFT and s.open_violations)
    inspection = store.get_inspection(draft.id)
    conduct = next(
        i for i in inspection.checklist.items
        if inspection.no_kind(i) is NoKind.SIGNS and inspection.findings[i.id].answer is Answer.UNANSWERED
    )
    services.record_finding(store, inspection, conduct.id, answer=Answer.NO)
    return str(draft.id)


def test_the_index_and_inspections_list_keep_signs_apart(demo_store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    inspection_id = _with_signs(demo_store)
    [summary] = [s for s in demo_store.list_summaries() if str(s.id) == inspection_id]
    assert (summary.open_violations, summary.violations, summary.signs) == (2, 1, 1)
    data_dir = str(demo_store.data_dir)
    assert main(["--data-dir", data_dir, "inspections", "list", "--json"]) == 0
    [row] = [r for r in json.loads(capsys.readouterr().out) if r["id"] == inspection_id]
    assert (row["open_violations"], row["signs"]) == (2, 1)  # open_violations keeps its meaning: both together
    assert main(["--data-dir", data_dir, "inspections", "list"]) == 0
    [line] = [line for line in capsys.readouterr().out.splitlines() if line.startswith(inspection_id)]
    assert "порушень: 1, ознак порушень: 1" in line


def test_the_home_shows_violations_and_signs_apart(demo_store: Store) -> None:
    inspection_id = _with_signs(demo_store)

    async def scenario(app: InspectApp, pilot: Pilot[Any]) -> None:
        home = app.screen
        assert isinstance(home, HomeScreen)
        await wait_for(pilot, lambda: bool(home.summaries))
        table = home.query_one("#inspections", DataTable)
        row = home.summaries.index(next(s for s in home.summaries if s.id == inspection_id))
        assert str(table.get_cell_at((row, 5))) == "1/1"
        assert [str(c.label) for c in table.columns.values()][5] == "Пор./озн."

    async def run() -> None:
        app = test_app(demo_store)
        async with app.run_test(size=(120, 40)) as pilot:
            await scenario(app, pilot)

    asyncio.run(run())


def test_every_summary_counts_what_its_inspection_states(demo_store: Store) -> None:
    for summary in demo_store.list_summaries():
        inspection = demo_store.get_inspection(summary.id)
        assert summary.signs == len(inspection.signs_found)
        assert summary.violations == inspection.open_violations - len(inspection.signs_found)
