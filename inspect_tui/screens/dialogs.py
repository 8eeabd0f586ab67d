"""Small modal dialogs: confirm, ask for one line of text, show a list of lines, confirm an override."""

from __future__ import annotations

from typing import TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static
from textual.widgets.button import ButtonVariant

from inspect_tui.i18n import t
from inspect_tui.widgets.forms import stop_blinking

ResultT = TypeVar("ResultT")


class Dialog(ModalScreen[ResultT]):
    """A centred box; escape cancels (returns None). Subclasses say what they return: ``Dialog[str | None]``."""

    BINDINGS = [Binding("escape", "cancel", "tui.keys.cancel", id="cancel")]

    def on_mount(self) -> None:
        if not getattr(self.app, "blink", True):
            stop_blinking(self)

    def action_cancel(self) -> None:
        self.dismiss(None)  # every dialog's result type admits None (cancelled)

    def buttons(self, ok: str, *, ok_id: str = "save", variant: ButtonVariant = "primary", cancel: str = "") -> ComposeResult:
        """The row of buttons under a form: ``ok`` (id ``ok_id``) and «Скасувати» (or ``cancel``), id ``cancel``."""
        with Horizontal(classes="dialog-buttons"):
            yield Button(ok, id=ok_id, variant=variant, compact=True)
            yield Button(cancel or t("tui.dialog.cancel"), id="cancel", compact=True)


class FormDialog(Dialog[ResultT]):
    """A dialog with fields, a «save» button (id ``save``) that runs the dialog's ``save`` action, and a cancel button."""

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            await self.app.run_action("save", self)
        else:
            self.dismiss(None)


class ConfirmDialog(Dialog[bool]):
    """Yes / no; ``y`` and ``n`` answer from the keyboard, escape is no."""

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

    def action_cancel(self) -> None:
        self.dismiss(False)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


class PromptDialog(Dialog[str | None]):
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


class LinesDialog(Dialog[None]):
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


class OverrideDialog(Dialog[str | None]):
    """Answering an item its applicability rule excludes: an explicit confirmation with a reason.

    Returns the reason, or None (escape, «Скасувати»): the item keeps «не застосовується».
    """

    def __init__(self, question: str, rule_reason: str, answer: str) -> None:
        super().__init__()
        self.question = question
        self.rule_reason = rule_reason
        self.answer = answer

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide", id="override"):
            yield Label(t("tui.override.title"), classes="dialog-title")
            yield Static(self.question, classes="dialog-text", markup=False)
            yield Static(t("tui.override.rule", reason=self.rule_reason or "—"), classes="dialog-hint", markup=False)
            yield Static(t("tui.override.question", answer=self.answer), classes="dialog-text", markup=False)
            yield Label(t("tui.override.reason"), classes="field-label")
            yield Input(id="override-reason", compact=True)
            yield Static("", id="override-error", classes="field-error")
            yield from self.buttons(t("tui.override.confirm"), ok_id="confirm", variant="warning")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#override-reason", Input).focus()

    def _confirm(self) -> None:
        reason = self.query_one("#override-reason", Input).value.strip()
        if not reason:
            self.query_one("#override-error", Static).update(t("tui.override.required"))
            return
        self.dismiss(reason)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._confirm()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "confirm":
            self._confirm()
        else:
            self.dismiss(None)
