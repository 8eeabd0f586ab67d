"""A DataTable filled a page at a time: lists of 10,000 inspections or 50,000 actions show at once.

Adding a row costs a measuring of its cells, so a screen that put every row of a long list in
its table froze for seconds (the follow-up screen: 50,000 rows, 8.7–10.7 s). ``Pager`` keeps
the whole list in memory, puts a page of it in the table, and adds the next page when the
cursor reaches the last row added.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Generic, TypeVar

from textual.widgets import DataTable

PAGE = 50  # rows added to the table at a time, at least

_T = TypeVar("_T")


class Pager(Generic[_T]):
    """The rows of ``table``: ``items`` in order, of which the first ``added`` are in the table.

    The screen calls ``more`` from its ``DataTable.RowHighlighted`` handler.
    """

    def __init__(self, table: DataTable[object], render: Callable[[_T], Iterable[object]], key: Callable[[_T], Hashable]) -> None:
        self.table = table
        self.render = render
        self.key = key
        self.items: Sequence[_T] = []
        self.added = 0

    def show(self, items: Sequence[_T]) -> None:
        """Show ``items`` instead, keeping the selected row selected where it is still listed."""
        selected = self.selected()
        self.items = items
        self.added = 0
        self.table.clear()
        wanted = None if selected is None else self.key(selected)
        at = next((n for n, item in enumerate(items) if self.key(item) == wanted), None) if wanted is not None else None
        self._add(max(self.page_size(), 0 if at is None else at + 1))
        if at is not None:
            self.table.move_cursor(row=at)

    def more(self, cursor_row: int) -> None:
        """The cursor is on ``cursor_row``: the next page when it is the last row added."""
        if cursor_row >= self.added - 1 and self.added < len(self.items):
            self._add(self.page_size())

    def selected(self) -> _T | None:
        row = self.table.cursor_row
        return self.items[row] if self.added and 0 <= row < self.added else None

    def page_size(self) -> int:
        """Rows to add at a time: a page, or more than a tall terminal shows at once."""
        return max(PAGE, self.table.size.height + 10)

    def _add(self, count: int) -> None:
        page = self.items[self.added : self.added + count]
        self.table.add_rows(tuple(self.render(item)) for item in page)
        self.added += len(page)
