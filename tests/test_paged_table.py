"""``Pager``: a long list is put in its table a page at a time, the next page when the cursor reaches the
last row added, and the selected row stays selected when the list is shown again (filtered or reloaded)."""

from __future__ import annotations

import asyncio

from textual import on
from textual.app import App, ComposeResult
from textual.widgets import DataTable

from inspect_tui.widgets.paged_table import PAGE, Pager


class Listing(App[None]):
    def compose(self) -> ComposeResult:
        table: DataTable[object] = DataTable(cursor_type="row")
        self.pager: Pager[int] = Pager(table, lambda n: (str(n),), key=lambda n: n)
        yield table

    def on_mount(self) -> None:
        self.query_one(DataTable).add_column("n")

    @on(DataTable.RowHighlighted)
    def _more(self, event: DataTable.RowHighlighted) -> None:
        self.pager.more(event.cursor_row)


def test_rows_are_added_a_page_at_a_time_and_the_selection_is_kept() -> None:
    async def run() -> None:
        app = Listing()
        async with app.run_test(size=(40, 20)) as pilot:
            table = app.query_one(DataTable)
            app.pager.show(range(50_000))
            assert table.row_count == PAGE and app.pager.items[-1] == 49_999
            for _ in range(PAGE):
                await pilot.press("down")
            assert table.row_count == 2 * PAGE and app.pager.selected() == PAGE
            app.pager.show(range(PAGE - 10, 50_000))  # filtered: the selected row is further down than one page
            assert app.pager.selected() == PAGE and table.row_count >= 11
            app.pager.show([n for n in range(1000) if n % 2])  # the selected row is gone: the cursor starts at the top
            assert app.pager.selected() == 1
            app.pager.show([])
            assert app.pager.selected() is None and table.row_count == 0

    asyncio.run(run())
