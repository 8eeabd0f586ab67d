"""A screen holding a form: leaving it with unsaved changes asks before discarding them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from inspect_tui.i18n import t
from inspect_tui.screens.base import AppScreen
from inspect_tui.screens.dialogs import ConfirmDialog


class FormScreen(AppScreen):
    """Subclasses return the form's current values from ``_raw`` and set ``_initial`` when saved."""

    _initial: dict[str, Any]
    _raw: Callable[[], dict[str, Any]]  # each form defines what its fields hold

    def action_cancel(self) -> None:
        if self._raw() == self._initial:
            self.dismiss(None)
            return

        def done(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmDialog(t("tui.form.discard")), done)
