"""The checklist's section/item tree, tuned so a cursor move is one repaint.

Textual's tree tells its screen about a new cursor line by a message, handled after
the tree has already been repainted, and scrolls to the cursor only after the next
refresh; each costs a frame (about 17 ms at 60 fps) before the whole change shows.
This tree calls ``on_cursor`` at once and scrolls at once, so the moved cursor, the
scrolled list and the screen's reaction to it reach the terminal in one frame.

Every layout of the screen (the item pane changes height on each item) also tells each
scrolling widget its size; Textual's scroll view compares the compositor's idea of its
virtual size with its own, which always differ, so it repaints its scrollbar a frame
later each time. This tree skips that when neither its size nor its content changed.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.geometry import Region, Size
from textual.widgets import Tree


class ItemTree(Tree[str]):
    def __init__(self, on_cursor: Callable[[str], None], *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__("", id=id)
        self._on_cursor = on_cursor
        self._sized_for: tuple[Size, Size, Size] | None = None

    def watch_cursor_line(self, previous_line: int, line: int) -> None:
        super().watch_cursor_line(previous_line, line)
        node = self.cursor_node
        if previous_line != line and node is not None and node.data is not None:
            self._on_cursor(node.data)

    def scroll_to_line(self, line: int, animate: bool = True) -> None:
        if not 0 <= line < self.last_line + 1:
            return
        # a tree line is one row; only the vertical position matters (x_axis=False)
        self.scroll_to_region(
            Region(0, line, max(self.size.width, 1), 1),
            animate=animate, force=True, center=self.center_scroll, origin_visible=False, x_axis=False, immediate=True,
        )

    # Textual has no public hook for this; tests/test_textual_private.py fails loudly if it goes away
    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        sized_for = (size, container_size, self.virtual_size)
        if sized_for == self._sized_for:
            return False  # nothing to resize or repaint
        self._sized_for = sized_for
        return super()._size_updated(size, virtual_size, container_size, layout)
