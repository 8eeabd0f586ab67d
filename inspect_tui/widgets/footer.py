"""A footer whose key descriptions are catalog keys, translated when it is drawn.

Bindings carry a catalog key (``"tui.keys.new"``) as their description, so the same
binding reads in Ukrainian or English after a language switch without rebuilding classes.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from inspect_tui.i18n import t


def describe(description: str) -> str:
    """The text of a binding description: translated when it is one of our catalog keys."""
    return t(description) if description.startswith("tui.") else description


class KeyFooter(Footer):
    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                widget.description = describe(widget.description)
            yield widget
