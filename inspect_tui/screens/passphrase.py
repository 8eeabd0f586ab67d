"""The bundle passphrase, asked in the TUI as ``export --encrypt`` / ``import`` ask in a terminal: never echoed.

For a new bundle it is asked twice and a weak one (``passphrase_problem``) is refused here,
before anything is read or written; to open a bundle it is asked once.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Button, Input, Label, Static

from inspect_tui.i18n import t
from inspect_tui.screens.dialogs import Dialog
from inspect_tui.sync.passphrase import MIN_PASSPHRASE, passphrase_problem


class PassphraseDialog(Dialog[str | None]):
    """Returns the passphrase, or None (escape, «Скасувати»)."""

    DEFAULT_CSS = "#passphrase-dialog Input { background: $boost; }"

    def __init__(self, *, confirm: bool, files: str = "") -> None:
        super().__init__()
        self.confirm = confirm
        self.files = files

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="passphrase-dialog"):
            yield Label(t("tui.sync.passphrase_new" if self.confirm else "tui.sync.passphrase_open", files=self.files), classes="dialog-title")
            yield Label(t("tui.sync.passphrase"), classes="field-label")
            yield Input(id="passphrase", password=True, compact=True)
            if self.confirm:
                yield Label(t("tui.sync.passphrase_again"), classes="field-label")
                yield Input(id="passphrase-again", password=True, compact=True)
                yield Static(t("tui.sync.passphrase_hint", least=MIN_PASSPHRASE), classes="dialog-hint")
            yield Static("", id="passphrase-error", classes="field-error")
            yield from self.buttons(t("tui.sync.passphrase_ok"), ok_id="passphrase-ok")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#passphrase", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "passphrase" and self.confirm:
            self.query_one("#passphrase-again", Input).focus()
            return
        self._accept()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "passphrase-ok":
            self._accept()
        else:
            self.dismiss(None)

    def _accept(self) -> None:
        first = self.query_one("#passphrase", Input).value
        problem: str | None = None
        if self.confirm:
            problem = passphrase_problem(first)
            if problem is None and self.query_one("#passphrase-again", Input).value != first:
                problem = t("tui.sync.passphrase_mismatch")
        elif not first:
            problem = t("tui.form.required")
        if problem is not None:
            self.query_one("#passphrase-error", Static).update(problem)
            return
        self.dismiss(first)
