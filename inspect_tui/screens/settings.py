"""Settings: who inspects, for which council (certificate headers), under which acts, in which language.

``FirstRunDialog`` asks for the certificate header (council, unit, place) when it is missing.
"""

from __future__ import annotations

from typing import Any, get_args

from pydantic import ValidationError
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Input, Label, Select, Static, TextArea

from inspect_tui.domain.revalidate import max_length, revalidate
from inspect_tui.domain.settings import DateDash, Settings
from inspect_tui.domain.text import Person
from inspect_tui.i18n import t
from inspect_tui.i18n.errors import error_reason
from inspect_tui.screens.dialogs import FormDialog
from inspect_tui.screens.form import FormScreen
from inspect_tui.store import StoreError
from inspect_tui.widgets.forms import (
    FormError,
    FormField,
    errors_by_field,
    format_overrides,
    format_people,
    parse_int,
    parse_overrides,
    parse_people,
)

TEXT_FIELDS = (
    "inspector_name",
    "inspector_position",
    "council_name",
    "unit_name",
    "place",
    "unit_regulation",
    "inspection_procedure",
    "objection_days",
    "unit_head_position",
    "unit_head_name",
    "signing_pkcs12",
    "subsistence_minimum",
)
#: what a certificate cannot be issued without: asked on first run
HEADER_FIELDS = ("council_name", "unit_name", "place")
#: the most characters each input takes: what the settings keep (more would be refused on saving)
LIMITS: dict[str, int | None] = {
    "inspector_name": max_length(Person, "name"),
    "inspector_position": max_length(Person, "position"),
    **{name: max_length(Settings, name) for name in TEXT_FIELDS if name in Settings.model_fields},
}
MAX_OBJECTION_DAYS = 60


class SettingsScreen(FormScreen):
    BINDINGS = [
        Binding("ctrl+s", "save", "tui.keys.save", id="settings-save"),
        Binding("escape", "cancel", "tui.keys.back", id="settings-back"),
    ]

    def compose(self) -> ComposeResult:
        s = self.inspect_app.settings
        values = {
            "inspector_name": s.inspector.name if s.inspector else "",
            "inspector_position": s.inspector.position if s.inspector else "",
            "council_name": s.council_name,
            "unit_name": s.unit_name,
            "place": s.place,
            "unit_regulation": s.unit_regulation,
            "inspection_procedure": s.inspection_procedure,
            "objection_days": str(s.objection_days) if s.objection_days else "",
            "unit_head_position": s.unit_head_position,
            "unit_head_name": s.unit_head_name,
            "signing_pkcs12": s.signing_pkcs12,
            "subsistence_minimum": format_overrides(s.subsistence_minimum),
        }
        yield from self.header()
        with VerticalScroll(id="form"):
            for name in TEXT_FIELDS:
                yield FormField(t(f"tui.settings.{name}"), _input(values[name], name), name=name)
            yield FormField(
                t("tui.settings.inspectors"), TextArea(format_people(s.inspectors), id="inspectors", compact=True), name="inspectors"
            )
            languages = [(t("tui.settings.lang_uk"), "uk"), (t("tui.settings.lang_en"), "en")]
            yield FormField(
                t("tui.settings.language"), Select(languages, value=s.language, allow_blank=False, id="language", compact=True),
                name="language",
            )
            dashes = [(t(f"tui.settings.dash_{dash}"), dash) for dash in get_args(DateDash)]
            yield FormField(
                t("tui.settings.report_date_dash"),
                Select(dashes, value=s.report_date_dash, allow_blank=False, id="report_date_dash", compact=True),
                name="report_date_dash",
            )
            yield Static(Text(t("tui.settings.data_dir", path=str(self.store.data_dir)), style="dim"), id="data-dir")
        yield Static("", id="form-status")
        yield from self.footer()

    def on_mount(self) -> None:
        self.sub_title = t("tui.settings.title")
        self._initial = self._raw()
        self.query_one("#inspector_name", Input).focus()

    def _raw(self) -> dict[str, Any]:
        raw: dict[str, Any] = {name: self.query_one(f"#{name}", Input).value.strip() for name in TEXT_FIELDS}
        raw["inspectors"] = self.query_one("#inspectors", TextArea).text
        raw["language"] = self.query_one("#language", Select).value
        raw["report_date_dash"] = self.query_one("#report_date_dash", Select).value
        return raw

    def action_save(self) -> None:
        for field in self.query(FormField):
            field.set_error("")
        raw = self._raw()
        try:
            inspectors = parse_people(raw["inspectors"])
        except FormError as exc:
            self.query_one("#field-inspectors", FormField).set_error(str(exc))
            return
        try:
            objection_days = parse_int(raw["objection_days"]) if raw["objection_days"] else 0
            if objection_days > MAX_OBJECTION_DAYS:
                raise FormError(t("tui.settings.objection_days_max", max=MAX_OBJECTION_DAYS))
        except FormError as exc:
            self.query_one("#field-objection_days", FormField).set_error(str(exc))
            return
        try:
            overrides = parse_overrides(raw["subsistence_minimum"])
        except FormError as exc:
            self.query_one("#field-subsistence_minimum", FormField).set_error(str(exc))
            return
        inspector = None
        if raw["inspector_name"] or raw["inspector_position"]:
            try:
                inspector = Person(name=raw["inspector_name"], position=raw["inspector_position"])
            except ValidationError as exc:
                error = exc.errors(include_url=False)[0]
                name = "inspector_name" if error["loc"][0] == "name" else "inspector_position"
                self.query_one(f"#field-{name}", FormField).set_error(error_reason(error))
                return
        try:
            settings = revalidate(
                self.inspect_app.settings,
                inspector=inspector,
                inspectors=inspectors,
                council_name=raw["council_name"],
                unit_name=raw["unit_name"],
                place=raw["place"],
                unit_regulation=raw["unit_regulation"],
                inspection_procedure=raw["inspection_procedure"],
                objection_days=objection_days,
                signing_pkcs12=raw["signing_pkcs12"],
                subsistence_minimum=overrides,
                language=raw["language"],
                unit_head_position=raw["unit_head_position"],
                unit_head_name=raw["unit_head_name"],
                report_date_dash=raw["report_date_dash"],
            )
        except ValidationError as exc:  # the field that breaks a rule says so; nothing is saved
            fields = {field.id: field for field in self.query(FormField)}
            for name, reason in errors_by_field(exc).items():
                if f"field-{name}" in fields:
                    fields[f"field-{name}"].set_error(reason)
                else:
                    self.notify(f"{name}: {reason}", severity="error")
            return
        try:
            self.inspect_app.save_settings(settings)
        except StoreError as exc:  # a full disk: the form stays open with what was typed
            self.store_failed(exc)
            return
        self._initial = raw
        self.notify(t("tui.settings.saved"))



def _input(value: str, name: str, placeholder: str = "") -> Input:
    return Input(value, placeholder=placeholder, id=name, compact=True, max_length=LIMITS.get(name) or 0)


def header_missing(settings: Settings) -> bool:
    """Whether the certificate header (council, unit, place) is still to be given."""
    return not all(str(getattr(settings, name)).strip() for name in HEADER_FIELDS)


class FirstRunDialog(FormDialog[dict[str, str] | None]):
    """Asked before anything else while the settings lack the council, the unit or the place.

    Returns the three values (all required); escape postpones (asked again on the next start,
    and sign-off refuses meanwhile).
    """

    BINDINGS = [Binding("ctrl+s", "save", "tui.keys.save", id="first-run-save")]

    def __init__(self, settings: Settings) -> None:
        super().__init__()
        self.settings = settings

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide", id="first-run"):
            yield Label(t("tui.first_run.title"), classes="dialog-title")
            yield Static(t("tui.first_run.intro"), classes="dialog-hint")
            for name in HEADER_FIELDS:
                value = str(getattr(self.settings, name))
                yield FormField(
                    t(f"tui.settings.{name}"),
                    _input(value, name, placeholder=t(f"tui.first_run.{name}_example")),
                    name=name,
                )
            yield from self.buttons(t("tui.keys.save"), cancel=t("tui.first_run.later"))

    def on_mount(self) -> None:
        super().on_mount()
        first = next((n for n in HEADER_FIELDS if not str(getattr(self.settings, n)).strip()), HEADER_FIELDS[0])
        self.query_one(f"#{first}", Input).focus()

    def action_save(self) -> None:
        values = {name: self.query_one(f"#{name}", Input).value.strip() for name in HEADER_FIELDS}
        missing = [name for name, value in values.items() if not value]
        for name in HEADER_FIELDS:
            self.query_one(f"#field-{name}", FormField).set_error(t("tui.form.required") if name in missing else "")
        if missing:
            self.query_one(f"#{missing[0]}", Input).focus()
            return
        self.dismiss(values)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        following = HEADER_FIELDS.index(str(event.input.id)) + 1
        if following < len(HEADER_FIELDS) and not self.query_one(f"#{HEADER_FIELDS[following]}", Input).value.strip():
            self.query_one(f"#{HEADER_FIELDS[following]}", Input).focus()
        else:
            self.action_save()

