"""«Редагувати заголовок»: the header of an unsigned inspection (dates, period, place, basis, inspectors),
saved through the inspection's history by ``services.edit_header``, as the CLI's ``inspections edit`` does."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from pydantic import ValidationError
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Checkbox, Input, Static, TextArea

from inspect_tui import services
from inspect_tui.domain.inspection import Inspection
from inspect_tui.i18n import t
from inspect_tui.i18n.errors import error_reason
from inspect_tui.screens.form import FormScreen
from inspect_tui.services.drafts import refused_field
from inspect_tui.store import StoreError
from inspect_tui.widgets.forms import (
    FormField,
    field_value,
    format_date,
    format_people,
    parse_date,
    parse_end_date,
    parse_fields,
    parse_people,
)

DATES = ("start_date", "end_date", "period_from", "period_to", "order_date")
#: a refusal of two fields' order is shown beside the second
SHOWN_AT = {"dates": "end_date", "period": "period_to"}


class HeaderScreen(FormScreen):
    """The new-inspection form's fields of the header, filled with the draft's values; ctrl+s saves the changed ones."""

    BINDINGS = [
        Binding("ctrl+s", "save", "tui.keys.save", id="header-save"),
        Binding("escape", "cancel", "tui.keys.cancel", id="header-cancel"),
    ]

    def __init__(self, inspection_id: UUID) -> None:
        super().__init__()
        self.inspection_id = inspection_id

    def rebuild(self) -> HeaderScreen:
        return HeaderScreen(self.inspection_id)

    def _field(self, name: str, label: str, value: str, placeholder: str = "") -> FormField:
        return FormField(label, Input(value, id=name, placeholder=placeholder, compact=True), name=name)

    def compose(self) -> ComposeResult:
        ins: Inspection = self.store.get_inspection(self.inspection_id)
        self.inspection = ins
        yield from self.header()
        with VerticalScroll(id="form"):
            yield Static(t("tui.header.intro", number=ins.number, enterprise=ins.enterprise.short_name), id="header-intro", markup=False)
            with Horizontal(classes="form-row"):
                yield self._field("order_number", t("tui.new.order_number"), ins.basis.order_number)
                yield self._field("order_date", t("tui.new.order_date"), format_date(ins.basis.order_date))
            with Horizontal(classes="form-row"):
                yield self._field("act", t("tui.new.act"), ins.basis.act)
                yield self._field("title", t("tui.new.act_title"), ins.basis.title)
            yield Checkbox(t("tui.new.planned"), ins.basis.planned, id="planned", compact=True)
            with Horizontal(classes="form-row"):
                yield self._field("period_from", t("tui.new.period_from"), format_date(ins.period_from))
                yield self._field("period_to", t("tui.new.period_to"), format_date(ins.period_to))
            with Horizontal(classes="form-row"):
                yield self._field("start_date", t("tui.new.start_date"), format_date(ins.start_date))
                yield self._field("end_date", t("tui.new.end_date"), format_date(ins.end_date), t("tui.new.end_date_open"))
            yield self._field("place", t("tui.new.place"), ins.place)
            yield FormField(t("tui.new.inspectors"), TextArea(format_people(ins.inspectors), id="inspectors", compact=True), name="inspectors")
        yield Static(t("tui.header.hint"), id="form-status")
        yield from self.footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.sub_title = t("tui.header.title")
        self._initial = self._raw()
        self.query_one("#order_number", Input).focus()

    def _raw(self) -> dict[str, Any]:
        return {str(w.id): field_value(w) for w in self.query("#form Input, #form TextArea, #form Checkbox")}

    def _error(self, field: str, message: str) -> None:
        self.query_one(f"#field-{SHOWN_AT.get(field, field)}", FormField).set_error(message)

    def _values(self, raw: dict[str, Any]) -> dict[str, Any] | None:
        """The typed values, parsed; None (the reasons beside their fields) when one cannot be."""
        values: dict[str, Any] = {name: str(raw[name]).strip() for name in ("order_number", "act", "title", "place")}
        values["planned"] = bool(raw["planned"])
        parsed = parse_fields(
            raw, {**dict.fromkeys(DATES, parse_date), "end_date": parse_end_date, "inspectors": parse_people}, self._error
        )
        return None if parsed is None else values | parsed

    def action_save(self) -> None:
        for field in self.query(FormField):
            field.set_error("")
        raw = self._raw()
        values = self._values(raw)
        status = self.query_one("#form-status", Static)
        if values is None:
            status.update(Text(t("tui.form.fix_errors"), style="red"))
            return
        changed = {name: value for name, value in values.items() if services.header_value(self.inspection, name) != value}
        try:
            self.inspection = services.edit_header(self.store, self.inspection_id, now=self.inspect_app.now(), **changed)
        except ValidationError as exc:
            error = exc.errors(include_url=False)[0]
            self._error(refused_field(error), error_reason(error))
            status.update(Text(t("tui.form.fix_errors"), style="red"))
            return
        except services.DraftRefused as exc:
            status.update(Text(t(f"drafts.refused.{exc.code}", **exc.params), style="red"))
            return
        except StoreError as exc:
            self.store_failed(exc)
            return
        self._initial = raw
        self.notify(t("tui.header.saved") if changed else t("drafts.unchanged", number=self.inspection.number))
        self.dismiss(None)
