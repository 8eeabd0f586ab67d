"""A footer whose key descriptions are catalog keys, translated when it is drawn.

Bindings carry a catalog key (``"tui.keys.new"``) as their description, so the same
binding reads in Ukrainian or English after a language switch without rebuilding classes.

Textual's footer rebuilds all its keys whenever the screen's bindings *may* have changed
(every focus change, screen push, action); that rebuild costs milliseconds of styling on
every key press. This one rebuilds only when the keys it would show differ.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widgets import Footer

from inspect_tui.i18n import t

#: descriptions Textual's own widgets give the keys they show (the Select's list, the command palette)
TEXTUAL_DESCRIPTIONS = {"Dismiss menu": "tui.keys.dismiss_menu", "Exit the command palette": "tui.keys.exit_palette"}


def describe(description: str) -> str:
    """The text of a binding description: translated when it is one of our catalog keys or one of Textual's own."""
    description = TEXTUAL_DESCRIPTIONS.get(description, description)
    return t(description) if description.startswith("tui.") else description


class KeyFooter(Footer):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._composed_for: tuple[tuple[str, str, str, bool, str], ...] | None = None

    def _shown_keys(self) -> tuple[tuple[str, str, str, bool, str], ...]:
        """What compose would draw: the shown bindings with their enabled state."""
        return tuple(
            (binding.key, binding.action, binding.description, enabled, tooltip)
            for (_, binding, enabled, tooltip) in self.screen.active_bindings.values()
            if binding.show
        )

    async def recompose(self) -> None:
        if not self.is_attached:
            return  # the screen went away before this scheduled rebuild ran
        shown = self._shown_keys() if self._bindings_ready else None
        if shown is not None and shown == self._composed_for:
            return
        self._composed_for = shown
        await super().recompose()

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            # Footer's key widgets (textual.widgets._footer.FooterKey, not public) carry a description
            description = getattr(widget, "description", None)
            if isinstance(description, str):
                widget.description = describe(description)  # type: ignore[attr-defined]  # a FooterKey
            yield widget
