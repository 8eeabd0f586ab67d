"""The sign-off dialog: who signs, when, and the head's acknowledgement (or refusal)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from pydantic import ValidationError
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Button, Checkbox, Input, Label, Static, TextArea

from inspect_tui.domain.inspection import HeadAcknowledgement, Inspection, SignOff
from inspect_tui.domain.revalidate import max_length
from inspect_tui.domain.settings import Issuer
from inspect_tui.i18n import t
from inspect_tui.screens.dialogs import Dialog
from inspect_tui.widgets.forms import (
    FormError,
    FormField,
    errors_by_field,
    field_value,
    format_date,
    format_people,
    parse_date,
    parse_people,
)

#: tries a sign-off; returns the reason it was refused, or None when it was saved
Attempt = Callable[[SignOff], str | None]


class SignOffDialog(Dialog):
    BINDINGS = [Binding("ctrl+s", "sign", "tui.keys.sign", id="sign-confirm")]

    def __init__(self, inspection: Inspection, today: date, now: datetime, attempt: Attempt, issuer: Issuer | None = None) -> None:
        super().__init__()
        self.inspection = inspection
        self.issuer = issuer
        self.today = today
        self.now = now
        self.attempt = attempt

    def compose(self) -> ComposeResult:
        ins = self.inspection
        signed_on = max(self.today, ins.end_date or self.today)
        with Vertical(classes="dialog dialog-wide", id="signoff"):
            yield Label(t("tui.signoff.title", number=ins.number), classes="dialog-title")
            if self.issuer is not None:  # frozen into the sign-off: later settings never change the certificate
                yield Static(
                    t("tui.signoff.issuer", council=self.issuer.council_name, unit=self.issuer.unit_name),
                    classes="dialog-hint", markup=False,
                )
            with VerticalScroll():
                yield FormField(t("tui.signoff.signed_on"), Input(format_date(signed_on), id="signed_on", compact=True), name="signed_on")
                yield FormField(t("tui.signoff.signers"), TextArea(format_people(ins.inspectors), id="signers", compact=True), name="signers")
                yield FormField(t("tui.signoff.head_name"), Input(ins.enterprise.head_name, id="head_name", compact=True, max_length=max_length(HeadAcknowledgement, "name") or 0), name="head_name")
                yield FormField(
                    t("tui.signoff.head_position"), Input(ins.enterprise.head_position, id="head_position", compact=True, max_length=max_length(HeadAcknowledgement, "position") or 0),
                    name="head_position",
                )
                yield FormField(
                    t("tui.signoff.acknowledged_on"), Input(format_date(signed_on), id="acknowledged_on", compact=True),
                    name="acknowledged_on",
                )
                yield Checkbox(t("tui.signoff.refused"), id="refused", compact=True)
                yield FormField(t("tui.signoff.remarks"), TextArea(id="remarks", compact=True), name="remarks")
            yield Static("", id="signoff-error", classes="field-error")
            yield from self.buttons(t("tui.signoff.sign"), ok_id="sign")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#signed_on", Input).focus()  # typing starts in the first field, not on a button

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "sign":
            self.action_sign()
        else:
            self.dismiss(None)

    def _value(self, selector: str) -> str:
        return str(field_value(self.query_one(selector)))

    def _error(self, field: str, message: str) -> None:
        self.query_one(f"#field-{field}", FormField).set_error(message)

    def action_sign(self) -> None:
        for field in ("signed_on", "signers", "head_name", "head_position", "acknowledged_on", "remarks"):
            self._error(field, "")
        refused = self.query_one("#refused", Checkbox).value
        values: dict[str, Any] = {}
        for field, parse in (
            ("signed_on", lambda s: parse_date(s)),
            ("acknowledged_on", lambda s: parse_date(s, required=not refused)),
            ("signers", parse_people),
        ):
            try:
                values[field] = parse(self._value(f"#{field}"))
            except FormError as exc:
                self._error(field, str(exc))
        if len(values) < 3:
            return
        try:
            head = HeadAcknowledgement(
                name=self._value("#head_name"),
                position=self._value("#head_position"),
                acknowledged_on=values["acknowledged_on"],
                remarks=self._value("#remarks"),
                refused=refused,
            )
        except ValidationError as exc:
            for name, reason in errors_by_field(exc).items():
                self._error({"name": "head_name", "position": "head_position"}.get(name, "acknowledged_on"), reason)
            return
        if not values["signers"]:
            self._error("signers", t("tui.form.required"))
            return
        signoff = SignOff(signed_on=values["signed_on"], signers=values["signers"], head=head, recorded_at=self.now)
        problem = self.attempt(signoff)
        if problem:
            self.query_one("#signoff-error", Static).update(problem)
            return
        self.dismiss(signoff)
