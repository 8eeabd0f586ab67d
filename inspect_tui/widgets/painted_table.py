"""A DataTable that tells when it has painted rows, so work that would compete with that painting can wait for it.

Textual's ``call_after_refresh`` runs at the screen's next idle, which may come before the table has worked out
its new size (on its own idle) and painted the rows just added: threads started then (importing the models) held
up the home's first rows by about 100 ms. A paint of the table with rows is the moment that matters.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import DataTable


class PaintedTable(DataTable[object]):
    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._waiting: list[Callable[[], object]] = []

    def after_rows_painted(self, callback: Callable[[], object]) -> None:
        """Call ``callback`` once the table has painted rows (at once when it has none to paint, or is not shown)."""
        if self.row_count and self.screen.is_current:
            self._waiting.append(callback)
        else:
            self.call_later(callback)

    def run_waiting(self) -> None:
        """Call what waits for a paint that will not come now (the screen is covered by another)."""
        waiting, self._waiting = self._waiting, []
        for callback in waiting:
            self.call_later(callback)

    def render_lines(self, crop: Region) -> list[Strip]:
        lines = super().render_lines(crop)
        if self._waiting and self.row_count:
            self.run_waiting()  # called after this paint: the callbacks are messages to the table
        return lines
