"""``PaintedTable``: work waiting for the first rows runs after a paint that showed rows, not at the screen's next
idle (which came before the table had painted them, so threads started then held the painting up); at once when
there are no rows to paint, and when the screen is covered before the paint."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from textual import work
from textual.app import App, ComposeResult
from textual.geometry import Region
from textual.message import Message
from textual.screen import Screen
from textual.strip import Strip
from textual.widgets import Static

from inspect_tui.widgets.painted_table import PaintedTable


class Filled(Message):
    """Rows to show, handled by the screen as the home handles its loaded list."""


class Listing(Screen[None]):
    def __init__(self, ran: list[list[int]], paints: list[int]) -> None:
        super().__init__()
        self.ran = ran
        self.paints = paints

    def compose(self) -> ComposeResult:
        yield PaintedTable()
        yield Static("loading", id="status")

    def on_mount(self) -> None:
        self.query_one(PaintedTable).add_column("n")

    @work(thread=True)
    def fill(self) -> None:
        self.post_message(Filled())  # from a thread, as the home's loading worker posts its rows

    def on_filled(self, message: Filled) -> None:
        table = self.query_one(PaintedTable)
        for n in range(30):
            table.add_row(str(n))
        self.query_one("#status", Static).update("30 rows")  # as the home's status line: a paint before the table's
        table.after_rows_painted(lambda: self.ran.append(list(self.paints)))


class Showing(App[None]):
    def __init__(self, ran: list[list[int]], paints: list[int]) -> None:
        super().__init__()
        self.listing = Listing(ran, paints)

    def on_mount(self) -> None:
        self.push_screen(self.listing)


def _painted_rows(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The row count of each paint of a PaintedTable."""
    paints: list[int] = []
    real = PaintedTable.render_lines

    def render_lines(table: PaintedTable, crop: Region) -> list[Strip]:
        paints.append(table.row_count)
        return real(table, crop)

    monkeypatch.setattr(PaintedTable, "render_lines", render_lines)
    return paints


def test_what_waits_for_the_rows_runs_after_they_are_painted(monkeypatch: pytest.MonkeyPatch) -> None:
    paints = _painted_rows(monkeypatch)
    ran: list[list[int]] = []

    async def run() -> None:
        app = Showing(ran, paints)
        async with app.run_test(size=(40, 20)) as pilot:
            await pilot.pause()
            app.listing.fill()
            for _ in range(50):
                await pilot.pause()
                if ran:
                    break

    asyncio.run(run())
    assert ran and ran[0] and ran[0][-1] == 30, ran  # it saw a paint with the rows


@pytest.mark.parametrize("covered", [False, True])
def test_what_waits_runs_at_once_without_rows_or_when_the_screen_is_covered(covered: bool) -> None:
    ran: list[str] = []

    async def run() -> None:
        app = Showing([], [])
        async with app.run_test(size=(40, 20)) as pilot:
            await pilot.pause()
            table = app.listing.query_one(PaintedTable)
            if covered:
                table.add_row("1")
                table.after_rows_painted(lambda: ran.append("ran"))
                await app.push_screen(Cover())  # before any paint of the row
                table.run_waiting()  # what the home does when it is suspended
            else:
                table.after_rows_painted(lambda: ran.append("ran"))
            await pilot.pause()

    asyncio.run(run())
    assert ran == ["ran"]


class Cover(Screen[Any]):
    def compose(self) -> ComposeResult:
        yield Static("over the table")
