"""Settings: who inspects, for which council (certificate headers), in which language."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Input, Select, Static, TextArea

from inspect_tui.domain.text import Person
from inspect_tui.i18n import t
from inspect_tui.i18n.errors import error_reason
from inspect_tui.screens.form import FormScreen
from inspect_tui.widgets.forms import FormError, FormField, format_people, parse_people

TEXT_FIELDS = ("inspector_name", "inspector_position", "council_name", "unit_name", "place")


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
        }
        yield from self.header()
        with VerticalScroll(id="form"):
            for name in TEXT_FIELDS:
                yield FormField(t(f"tui.settings.{name}"), Input(values[name], id=name, compact=True), name=name)
            yield FormField(
                t("tui.settings.inspectors"), TextArea(format_people(s.inspectors), id="inspectors", compact=True), name="inspectors"
            )
            languages = [(t("tui.settings.lang_uk"), "uk"), (t("tui.settings.lang_en"), "en")]
            yield FormField(
                t("tui.settings.language"), Select(languages, value=s.language, allow_blank=False, id="language", compact=True),
                name="language",
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
        inspector = None
        if raw["inspector_name"] or raw["inspector_position"]:
            try:
                inspector = Person(name=raw["inspector_name"], position=raw["inspector_position"])
            except ValidationError as exc:
                error = exc.errors(include_url=False)[0]
                field = "inspector_name" if error["loc"][0] == "name" else "inspector_position"
                self.query_one(f"#field-{field}", FormField).set_error(error_reason(error))
                return
        settings = self.inspect_app.settings.model_copy(
            update={
                "inspector": inspector,
                "inspectors": inspectors,
                "council_name": raw["council_name"],
                "unit_name": raw["unit_name"],
                "place": raw["place"],
                "language": raw["language"],
            }
        )
        self._initial = raw
        self.inspect_app.save_settings(settings)
        self.notify(t("tui.settings.saved"))

