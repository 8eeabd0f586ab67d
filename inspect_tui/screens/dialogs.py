"""Small modal dialogs: confirm, ask for one line of text, show a list of lines."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from inspect_tui.i18n import t


class Dialog(ModalScreen[object]):
    """A centred box; escape cancels (returns None)."""

    BINDINGS = [Binding("escape", "cancel", "tui.keys.cancel", id="cancel")]

    def on_mount(self) -> None:
        if not getattr(self.app, "blink", True):
            for editor in self.query("Input, TextArea"):
                editor.cursor_blink = False  # type: ignore[attr-defined]

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmDialog(Dialog):
    """Yes / no; ``y`` and ``n`` answer from the keyboard."""

    BINDINGS = [
        Binding("y", "answer(True)", "tui.keys.yes", id="yes"),
        Binding("n", "answer(False)", "tui.keys.no", id="no"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, classes="dialog-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("tui.dialog.yes"), id="yes", variant="primary", compact=True)
                yield Button(t("tui.dialog.no"), id="no", compact=True)

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


class PromptDialog(Dialog):
    """One line of text; enter accepts, escape cancels. ``check`` may refuse with a message."""

    def __init__(self, title: str, value: str = "", *, hint: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Input(self.value, id="prompt-input")
            yield Static(self.hint, classes="dialog-hint")
            yield Static("", id="prompt-error", classes="field-error")

    def check(self, value: str) -> str | None:
        """A reason to refuse ``value`` (None accepts it)."""
        return None if value.strip() else t("tui.form.required")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        problem = self.check(event.value)
        if problem:
            self.query_one("#prompt-error", Static).update(problem)
            return
        self.dismiss(event.value.strip())


class LinesDialog(Dialog):
    """A read-only list (sign-off problems, an item's history, an import summary)."""

    BINDINGS = [Binding("enter", "cancel", "tui.keys.close", id="close")]

    def __init__(self, title: str, lines: list[str]) -> None:
        super().__init__()
        self.title_text = title
        self.lines = lines

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide"):
            yield Label(self.title_text, classes="dialog-title")
            with VerticalScroll(classes="dialog-lines", can_focus=True):
                yield Static("\n".join(self.lines) or t("tui.dialog.nothing"), markup=False)
