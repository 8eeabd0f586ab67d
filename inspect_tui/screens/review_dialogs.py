"""Dialogs of the review screen: the act that ordered the inspection, the certificate number, and objections after signing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, Static, TextArea

from inspect_tui.domain.inspection import Inspection, LegalBasis
from inspect_tui.domain.revalidate import max_length
from inspect_tui.i18n import t
from inspect_tui.screens.dialogs import FormDialog
from inspect_tui.widgets.forms import FormError, FormField, format_date, parse_date

#: tries to save; returns the reason it was refused, or None when it was saved
AttemptBasis = Callable[[dict[str, str]], str | None]
AttemptObjection = Callable[[date, str], str | None]
AttemptNumber = Callable[[str], str | None]


class BasisDialog(FormDialog[dict[str, str] | None]):
    """The act that ordered the inspection and its issuer, the act's title, and for a company what empowers
    the council to inspect it (all printed in the basis)."""

    BINDINGS = [Binding("ctrl+s", "save", "tui.keys.save", id="basis-save")]

    def __init__(self, basis: LegalBasis, attempt: AttemptBasis, *, company: bool = False) -> None:
        super().__init__()
        self.basis = basis
        self.attempt = attempt
        self.company = company

    def compose(self) -> ComposeResult:
        b = self.basis
        with Vertical(classes="dialog dialog-wide", id="basis-dialog"):
            yield Label(t("tui.basis_dialog.title", number=b.order_number, date=format_date(b.order_date)), classes="dialog-title")
            yield FormField(t("tui.new.act"), Input(b.act or t("tui.new.act_default"), id="act", compact=True, max_length=max_length(LegalBasis, "act") or 0), name="act")
            yield FormField(t("tui.new.act_title"), Input(b.title or t("tui.new.act_title_default"), id="act_title", compact=True, max_length=max_length(LegalBasis, "title") or 0), name="act_title")
            if self.company:
                yield Static(t("tui.new.company_note"), id="company-note")
                yield FormField(
                    t("tui.new.company_power"),
                    Input(b.company_power, id="company_power", compact=True, max_length=max_length(LegalBasis, "company_power") or 0),
                    name="company_power",
                )
            yield Static(t("tui.basis_dialog.hint"), classes="dialog-hint")
            yield Static("", id="basis-error", classes="field-error")
            yield from self.buttons(t("tui.keys.save"))

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#act", Input).focus()

    def action_save(self) -> None:
        fields = {"act": "act", "title": "act_title", **({"company_power": "company_power"} if self.company else {})}
        values = {name: self.query_one(f"#{widget}", Input).value.strip() for name, widget in fields.items()}
        missing = [widget for name, widget in fields.items() if name != "title" and not values[name]]
        for widget in fields.values():
            self.query_one(f"#field-{widget}", FormField).set_error(t("tui.form.required") if widget in missing else "")
        if missing:
            return
        problem = self.attempt(values)
        if problem:
            self.query_one("#basis-error", Static).update(problem)
            return
        self.dismiss(values)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()


class NumberDialog(FormDialog[str | None]):
    """The number of an unsigned inspection: who else holds it, and the next free one of its year."""

    BINDINGS = [Binding("ctrl+s", "save", "tui.keys.save", id="number-save")]

    def __init__(self, number: str, year: int, free: str, held_by: list[str], attempt: AttemptNumber) -> None:
        super().__init__()
        self.number = number
        self.year = year
        self.free = free
        self.held_by = held_by
        self.attempt = attempt

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide", id="number-dialog"):
            yield Label(Text(t("numbering.tui.title", number=self.number)), classes="dialog-title")
            if self.held_by:
                yield Static(Text(t("numbering.tui.held_by", holders="; ".join(self.held_by)), style="yellow"), id="number-held")
            yield FormField(t("numbering.tui.number"), Input(self.number, id="number", compact=True, max_length=max_length(Inspection, "number") or 0), name="number")
            yield Static(Text(t("numbering.tui.free", year=self.year, free=self.free)), classes="dialog-hint", id="number-free")
            yield Static("", id="number-error", classes="field-error")
            yield from self.buttons(t("tui.keys.save"))

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#number", Input).focus()

    def action_save(self) -> None:
        number = self.query_one("#number", Input).value.strip()
        if not number:
            self.query_one("#field-number", FormField).set_error(t("tui.form.required"))
            return
        problem = self.attempt(number)
        if problem:
            self.query_one("#number-error", Static).update(Text(problem))
            return
        self.dismiss(number)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()


class ObjectionDialog(FormDialog[tuple[date, str] | None]):
    """The head's written objections received after signing: the day they came and their text."""

    BINDINGS = [Binding("ctrl+s", "save", "tui.keys.save", id="objection-save")]

    def __init__(self, number: str, today: date, attempt: AttemptObjection) -> None:
        super().__init__()
        self.number = number
        self.today = today
        self.attempt = attempt

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide", id="objection"):
            yield Label(t("tui.objection.title", number=self.number), classes="dialog-title")
            yield FormField(
                t("tui.objection.received_on"), Input(format_date(self.today), id="received_on", compact=True), name="received_on"
            )
            yield FormField(t("tui.objection.text"), TextArea(id="objection_text", compact=True), name="objection_text")
            yield Static(t("tui.objection.hint"), classes="dialog-hint")
            yield Static("", id="objection-error", classes="field-error")
            yield from self.buttons(t("tui.objection.attach"))

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#objection_text", TextArea).focus()

    def action_save(self) -> None:
        for name in ("received_on", "objection_text"):
            self.query_one(f"#field-{name}", FormField).set_error("")
        try:
            received_on = parse_date(self.query_one("#received_on", Input).value)
        except FormError as exc:
            self.query_one("#field-received_on", FormField).set_error(str(exc))
            return
        text = self.query_one("#objection_text", TextArea).text.strip()
        if not text:
            self.query_one("#field-objection_text", FormField).set_error(t("tui.form.required"))
            return
        assert received_on is not None
        problem = self.attempt(received_on, text)
        if problem:
            self.query_one("#objection-error", Static).update(problem)
            return
        self.dismiss((received_on, text))
