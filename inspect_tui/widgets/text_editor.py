"""A text area with select-all and clear on keys shown in the footer and the help (Textual hides its own)."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import TextArea


class TextEditor(TextArea):
    """Free text of a finding or a conclusion: F7 selects all of it, F8 clears it (Ctrl+Z brings it back)."""

    BINDINGS = [
        Binding("f7", "select_all", "tui.keys.select_all", id="select-all"),
        Binding("f8", "clear_text", "tui.keys.clear_field", id="clear-field"),
    ]

    def action_clear_text(self) -> None:
        """An edit like any other: undone by Ctrl+Z, journalled and committed as typing is."""
        if self.text:
            self.select_all()
            self.delete(*self.selection)
