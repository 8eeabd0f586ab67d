"""Help: the keys of the screen it was opened from, then the keys that work everywhere."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widgets import Label, Static

from inspect_tui.i18n import t
from inspect_tui.screens.dialogs import Dialog
from inspect_tui.widgets.footer import describe


def binding_rows(screen: DOMNode) -> list[tuple[str, str]]:
    """(keys, what they do) for every translated binding of ``screen`` (or the app), grouped by action."""
    rows: dict[str, tuple[list[str], str]] = {}
    for binding in screen.BINDINGS:
        if isinstance(binding, Binding) and binding.description.startswith("tui."):
            keys, _ = rows.setdefault(binding.action, ([], describe(binding.description)))
            keys.extend(screen.app.get_key_display(Binding(k.strip(), binding.action)) for k in binding.key.split(","))
    return [(" / ".join(dict.fromkeys(keys)), text) for keys, text in rows.values()]


class HelpScreen(Dialog):
    BINDINGS = [Binding("f1,question_mark", "cancel", "tui.keys.close", id="help-close")]

    def __init__(self, under: Screen[object]) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        table = Table(box=None, show_header=False, padding=(0, 2, 0, 0))
        table.add_column(style="bold cyan", no_wrap=True)
        table.add_column()
        self.rows = [*binding_rows(self.under), ("", ""), *binding_rows(self.app), ("ctrl+p", t("tui.help.palette"))]
        for keys, text in self.rows:
            table.add_row(keys, text)
        with Vertical(classes="dialog dialog-wide", id="help"):
            yield Label(t("tui.help.title", screen=self.under.sub_title or ""), classes="dialog-title")
            with VerticalScroll(can_focus=True):
                yield Static(table)
                yield Static(Text(t("tui.help.layouts"), style="dim"))
