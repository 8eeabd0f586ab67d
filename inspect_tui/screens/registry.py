"""The enterprise registry: list, add, edit; the form checks the ЄДРПОУ check digit as you type."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Input, Select, Static

from inspect_tui.domain.edrpou import is_valid_edrpou
from inspect_tui.domain.enterprise import REQUIRED_BY_SECTOR, Enterprise
from inspect_tui.domain.revalidate import max_length
from inspect_tui.domain.rules import Kind, Sector
from inspect_tui.i18n import t
from inspect_tui.i18n.errors import error_reason
from inspect_tui.screens.base import AppScreen
from inspect_tui.screens.form import FormScreen
from inspect_tui.store import StoreError
from inspect_tui.widgets.cells import cell
from inspect_tui.widgets.forms import FormError, FormField, parse_int
from inspect_tui.widgets.keys import any_layout

TEXT_FIELDS = ("edrpou", "name", "short_name", "legal_form", "address", "head_name", "head_position", "responsible_person")
NUMBER_FIELDS = ("reporting_year", "headcount", "gross_revenue_uah")
#: Yes/no questions asked as a select because "not answered yet" must differ from "no": each decides who
#: declares in its sector (ч. 5 ст. 45), and the domain refuses it unanswered there (``REQUIRED_BY_SECTOR``).
ANSWER_FIELDS = tuple(REQUIRED_BY_SECTOR.values())
#: Yes/no facts every enterprise has; unknown only when it was registered from a plan (then it must be answered here).
FLAG_FIELDS = ("procurement_participant_20m",)
CHOICE_FIELDS = ("kind", "sector", *ANSWER_FIELDS, *FLAG_FIELDS)


def edrpou_problem(code: str) -> str:
    """The reason a typed ЄДРПОУ code is wrong, or "" when it is valid."""
    code = code.strip()
    if not code:
        return t("tui.form.required")
    if len(code) != 8 or not code.isascii() or not code.isdigit():
        return t("tui.registry.edrpou_digits")
    return "" if is_valid_edrpou(code) else t("tui.registry.edrpou_check")


def _text(values: dict[str, Any], name: str) -> str:
    """A text field's value as the form shows it ("" for an unknown fact of an enterprise registered from a plan)."""
    value = values.get(name)
    return "" if value is None else str(value)


def _shown_answer(name: str, values: dict[str, Any]) -> bool | None:
    """The answer the form starts from: a university's «no» may be the old unticked checkbox, so it is asked again."""
    answer = values.get(name)
    if name == "higher_education" and answer is False and values.get("sector") == Sector.EDUCATION.value:
        return None
    return answer if isinstance(answer, bool) else None


class EnterpriseForm(FormScreen):
    """Add (``enterprise=None``) or edit a registry entry; dismisses with the saved Enterprise."""

    BINDINGS = [
        Binding("ctrl+s", "save", "tui.keys.save", id="form-save"),
        Binding("escape", "cancel", "tui.keys.cancel", id="form-cancel"),
    ]

    def __init__(self, enterprise: Enterprise | None = None, *, reporting_year: int = 2025) -> None:
        super().__init__()
        self.enterprise = enterprise
        self.reporting_year = reporting_year

    def rebuild(self) -> AppScreen:
        return EnterpriseForm(self.enterprise, reporting_year=self.reporting_year)

    def compose(self) -> ComposeResult:
        e = self.enterprise
        values: dict[str, Any] = e.model_dump(mode="json") if e else {"reporting_year": self.reporting_year, "procurement_participant_20m": False}
        yield from self.header()
        with VerticalScroll(id="form"):
            for name in TEXT_FIELDS[:4]:
                editor = Input(_text(values, name), id=name, compact=True, disabled=(name == "edrpou" and e is not None), max_length=max_length(Enterprise, name) or 0)
                yield FormField(t(f"tui.enterprise.{name}"), editor, name=name)
            kinds = [(t(f"tui.kind.{k.value}"), k.value) for k in Kind]
            sectors = [(t(f"tui.sector.{s.value}"), s.value) for s in Sector]
            yield FormField(t("tui.enterprise.kind"), Select(kinds, value=values.get("kind") or Select.NULL, prompt=t("tui.form.choose"), id="kind", compact=True), name="kind")
            yield FormField(
                t("tui.enterprise.sector"), Select(sectors, value=values.get("sector") or Select.NULL, prompt=t("tui.form.choose"), id="sector", compact=True), name="sector"
            )
            for name in TEXT_FIELDS[4:]:
                editor = Input(_text(values, name), id=name, compact=True, max_length=max_length(Enterprise, name) or 0)
                yield FormField(t(f"tui.enterprise.{name}"), editor, name=name)
            for name in NUMBER_FIELDS:
                yield FormField(t(f"tui.enterprise.{name}"), Input(_text(values, name), id=name, compact=True), name=name)
            for name in (*ANSWER_FIELDS, *FLAG_FIELDS):
                options = [(t(f"tui.enterprise.{name}_yes"), True), (t(f"tui.enterprise.{name}_no"), False)]
                answer = _shown_answer(name, values)
                select = Select(options, value=Select.NULL if answer is None else answer, prompt=t("tui.form.choose"), id=name, compact=True)
                yield FormField(t(f"tui.enterprise.{name}"), select, name=name)
        yield Static("", id="form-status")
        yield from self.footer()

    def on_mount(self) -> None:
        self.sub_title = t("tui.registry.edit" if self.enterprise else "tui.registry.add")
        self._initial = self._raw()
        missing = self.enterprise.missing_facts() if self.enterprise else []
        if missing:  # registered from a plan: the facts it lacks, each marked, asked first
            for name in missing:
                self.query_one(f"#field-{name}", FormField).set_error(t("registry.incomplete.field"))
            self.query_one("#form-status", Static).update(t("registry.incomplete.form", count=len(missing)))
        self.query_one(f"#{missing[0]}" if missing else "#edrpou" if self.enterprise is None else "#name").focus()

    def _raw(self) -> dict[str, Any]:
        raw: dict[str, Any] = {name: self.query_one(f"#{name}", Input).value for name in (*TEXT_FIELDS, *NUMBER_FIELDS)}
        raw.update({name: self.query_one(f"#{name}", Select).value for name in CHOICE_FIELDS})
        return raw

    @on(Input.Changed, "#edrpou")
    def _edrpou_typed(self, event: Input.Changed) -> None:
        code = event.value.strip()
        problem = edrpou_problem(code) if len(code) >= 8 else ""
        self.query_one("#field-edrpou", FormField).set_error(problem)

    def _fail(self, field: str, message: str) -> None:
        self.query_one(f"#field-{field}", FormField).set_error(message)
        self.query_one("#form-status", Static).update(t("tui.form.fix_errors"))

    def action_save(self) -> None:
        raw = self._raw()
        for field in (*TEXT_FIELDS, *NUMBER_FIELDS, *CHOICE_FIELDS):
            self.query_one(f"#field-{field}", FormField).set_error("")
        problem = edrpou_problem(raw["edrpou"])
        if problem:
            self._fail("edrpou", problem)
            return
        if self.enterprise is None and self.store.get_enterprise(raw["edrpou"].strip()) is not None:
            self._fail("edrpou", t("tui.registry.duplicate"))
            return
        data: dict[str, Any] = {k: v for k, v in raw.items() if v is not Select.NULL}
        problems: dict[str, str] = {name: t("tui.form.required") for name in FLAG_FIELDS if name not in data}  # no default: asked
        for name in NUMBER_FIELDS:
            try:
                data[name] = parse_int(raw[name])
            except FormError as exc:
                problems[name] = str(exc)
                data.pop(name)
        try:
            enterprise = Enterprise.model_validate({**data, "edrpou": raw["edrpou"].strip()})
        except ValidationError as exc:
            unanswered = {f"{name}_required": name for name in ANSWER_FIELDS}
            for error in exc.errors(include_url=False):
                name = unanswered.get(error["type"]) or (str(error["loc"][0]) if error["loc"] else "")
                problems.setdefault(name if name in raw else "edrpou", error_reason(error))
        if problems:
            for name, reason in problems.items():
                self._fail(name, reason)
            return
        try:
            self.store.save_enterprise(enterprise)
        except StoreError as exc:  # a full disk: the form stays open with what was typed
            self.store_failed(exc)
            return
        self._initial = self._raw()
        self.notify(t("tui.registry.saved", name=enterprise.short_name))
        self.dismiss(enterprise)



class RegistryScreen(AppScreen):
    BINDINGS = [
        Binding(any_layout("a"), "add", "tui.keys.add", id="registry-add"),
        Binding("enter", "edit", "tui.keys.edit", id="registry-edit"),
        Binding("escape", "app.pop_screen", "tui.keys.back", id="registry-back"),
    ]

    def compose(self) -> ComposeResult:
        yield from self.header()
        yield DataTable(id="enterprises", cursor_type="row", zebra_stripes=True)
        yield Static("", id="registry-status")
        yield from self.footer()

    def on_mount(self) -> None:
        self.sub_title = t("tui.registry.title")
        table = self.query_one("#enterprises", DataTable)
        for key in ("edrpou", "short_name", "sector", "headcount", "gross_revenue_uah", "procurement_participant_20m"):
            table.add_column(t(f"tui.registry.col.{key}"), key=key)
        self.refill()
        table.focus()

    def refill(self, select: str | None = None) -> None:
        table = self.query_one("#enterprises", DataTable)
        table.clear()
        self.enterprises = self.store.list_enterprises()
        for e in self.enterprises:
            unknown = t("registry.incomplete.unknown")  # registered from a plan: asked for before an inspection starts
            table.add_row(
                cell(e.edrpou),
                cell(e.short_name),
                unknown if e.sector is None else t(f"tui.sector.{e.sector.value}"),
                unknown if e.headcount is None else str(e.headcount),
                unknown if e.gross_revenue_uah is None else f"{e.gross_revenue_uah:,}".replace(",", " "),
                unknown if e.procurement_participant_20m is None else "✓" if e.procurement_participant_20m else "",
                key=e.edrpou,
            )
        codes = [e.edrpou for e in self.enterprises]
        if select in codes:
            table.move_cursor(row=codes.index(select))
        self.query_one("#registry-status", Static).update(t("tui.registry.count", count=len(codes)))

    def _reopened(self, result: Enterprise | None) -> None:
        self.refill(result.edrpou if result is not None else None)

    def action_add(self) -> None:
        self.app.push_screen(EnterpriseForm(reporting_year=self.inspect_app.today().year - 1), self._reopened)

    @on(DataTable.RowSelected, "#enterprises")
    def action_edit(self) -> None:
        table = self.query_one("#enterprises", DataTable)
        if not self.enterprises:
            return
        self.app.push_screen(EnterpriseForm(self.enterprises[table.cursor_row]), self._reopened)
