"""New inspection: enterprise, checklist, legal basis (the act, its issuer and title), period, dates and inspectors.

Items an applicability rule excludes for the chosen enterprise are listed with their
reason before the inspection is created (they start as "not applicable").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from pydantic import ValidationError
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Checkbox, Input, Select, Static, TextArea
from textual.worker import Worker, WorkerState

from inspect_tui import services
from inspect_tui.domain.checklist import Checklist
from inspect_tui.domain.enterprise import Enterprise
from inspect_tui.domain.inspection import Answer, Inspection, LegalBasis, applicable_finding
from inspect_tui.domain.numbering import NumberRefused
from inspect_tui.domain.plan import PlanEntry
from inspect_tui.domain.revalidate import max_length, revalidate
from inspect_tui.domain.rules import Kind
from inspect_tui.i18n import get_language, t
from inspect_tui.i18n.errors import error_reason
from inspect_tui.register.plan import open_entry, period_label
from inspect_tui.screens.form import FormScreen
from inspect_tui.screens.registry import EnterpriseForm
from inspect_tui.store import StoreError
from inspect_tui.widgets.forms import (
    FormError,
    FormField,
    field_value,
    format_date,
    format_people,
    parse_date,
    parse_end_date,
    parse_fields,
    parse_people_required,
)

DATE_FIELDS = ("order_date", "period_from", "period_to", "start_date", "end_date")
#: model-level refusals of the domain, shown beside the field a person would correct
DOMAIN_ERROR_FIELD = {"period_order": "period_to", "dates_order": "end_date"}


@dataclass
class Created(Message):
    inspection_id: UUID


@dataclass
class PlanLookedUp(Message):
    """The open plan entry (or None) an inspection of an enterprise starting on a day carries out, looked up off the UI thread."""

    edrpou: str
    start: date
    entry: PlanEntry | None


@dataclass
class CreateFailed(Message):
    field: str
    reason: str


class NewInspectionScreen(FormScreen):
    BINDINGS = [
        Binding("ctrl+s", "create", "tui.keys.create", id="create"),
        Binding("ctrl+n", "add_enterprise", "tui.keys.add_enterprise", id="add-enterprise"),
        Binding("escape", "cancel", "tui.keys.cancel", id="new-cancel"),
    ]

    #: True from the moment a create is sent to the worker until it failed (or the screen moved on): the form
    #: is disabled and a second ctrl+s does nothing, so one form never creates two inspections
    saving = False

    def compose(self) -> ComposeResult:
        app = self.inspect_app
        settings = app.settings
        today = app.today()
        self.checklists: dict[str, Checklist] = {a.checklist.id: a.checklist for a in services.available_checklists(self.store.data_dir)[0]}
        self.enterprises = {e.edrpou: e for e in self.store.list_enterprises()}
        inspectors = settings.inspectors or ([settings.inspector] if settings.inspector else [])
        lang = get_language()
        self.plan_entry: PlanEntry | None = None
        yield from self.header()
        with VerticalScroll(id="form"):
            yield FormField(t("tui.new.enterprise"), Select(self._enterprise_options(), prompt=t("tui.form.choose"), id="enterprise", compact=True), name="enterprise")
            link = Checkbox("", False, id="plan-link", compact=True)
            link.display = False  # shown when the enterprise has an open entry in the plan
            yield link
            checklist_options = [
                (t("tui.new.checklist_option", title=c.title.get(lang), version=c.version, count=len(c.items)), c.id)
                for c in self.checklists.values()
            ]
            first = checklist_options[0][1] if len(checklist_options) == 1 else Select.NULL
            yield FormField(t("tui.new.checklist"), Select(checklist_options, value=first, prompt=t("tui.form.choose"), id="checklist", compact=True), name="checklist")
            yield FormField(t("tui.new.number"), Input(placeholder=t("tui.new.number_auto"), id="number", compact=True, max_length=max_length(Inspection, "number") or 0), name="number")
            with Horizontal(classes="form-row"):
                yield FormField(t("tui.new.order_number"), Input(id="order_number", compact=True, max_length=max_length(LegalBasis, "order_number") or 0), name="order_number")
                yield FormField(
                    t("tui.new.order_date"), Input(format_date(today), id="order_date", compact=True), name="order_date"
                )
            with Horizontal(classes="form-row"):
                yield FormField(t("tui.new.act"), Input(t("tui.new.act_default"), id="act", compact=True, max_length=max_length(LegalBasis, "act") or 0), name="act")
                yield FormField(
                    t("tui.new.act_title"), Input(t("tui.new.act_title_default"), id="act_title", compact=True, max_length=max_length(LegalBasis, "title") or 0), name="act_title"
                )
            note = Static(t("tui.new.company_note"), id="company-note")
            power = FormField(t("tui.new.company_power"), Input(id="company_power", compact=True), name="company_power")
            note.display = power.display = False  # shown when the enterprise is a company
            yield note
            yield power
            yield Checkbox(t("tui.new.planned"), True, id="planned", compact=True)
            with Horizontal(classes="form-row"):
                yield FormField(
                    t("tui.new.period_from"), Input(format_date(date(today.year - 1, 1, 1)), id="period_from", compact=True),
                    name="period_from",
                )
                yield FormField(
                    t("tui.new.period_to"), Input(format_date(date(today.year - 1, 12, 31)), id="period_to", compact=True),
                    name="period_to",
                )
            with Horizontal(classes="form-row"):
                yield FormField(t("tui.new.start_date"), Input(format_date(today), id="start_date", compact=True), name="start_date")
                yield FormField(t("tui.new.end_date"), Input(id="end_date", placeholder=t("tui.new.end_date_open"), compact=True), name="end_date")
            yield FormField(t("tui.new.place"), Input(settings.place, id="place", compact=True, max_length=max_length(Inspection, "place") or 0), name="place")
            yield FormField(t("tui.new.inspectors"), TextArea(format_people(inspectors), id="inspectors", compact=True), name="inspectors")
            yield Static("", id="rule-preview")
        yield Static(t("tui.new.hint"), id="form-status")
        yield from self.footer()

    def on_mount(self) -> None:
        self.sub_title = t("tui.new.title")
        self._initial = self._raw()
        self.query_one("#enterprise", Select).focus()
        if not self.checklists:
            self.query_one("#form-status", Static).update(Text(t("tui.new.no_checklists"), style="red"))

    def _enterprise_options(self) -> list[tuple[str, str]]:
        return [(f"{e.short_name} ({e.edrpou})", e.edrpou) for e in self.enterprises.values()]

    def _raw(self) -> dict[str, Any]:
        return {str(w.id): field_value(w) for w in self.query("#form Input, #form TextArea, #form Select, #form Checkbox")}

    # --- preview of rule-excluded items -----------------------------------------------------------

    @on(Select.Changed)
    def _choice_changed(self) -> None:
        self._preview()
        self._look_up_plan()
        self._show_company_power()

    def _is_company(self) -> bool:
        enterprise = self.enterprises.get(str(self.query_one("#enterprise", Select).value))
        return enterprise is not None and enterprise.kind is Kind.COMPANY

    def _show_company_power(self) -> None:
        """A company is not plainly «підвідомче» (п. 6 ч. 6 ст. 13-1): say so and ask what gives the power."""
        company = self._is_company()
        self.query_one("#company-note", Static).display = company
        self.query_one("#field-company_power", FormField).display = company

    # --- the plan entry this inspection carries out ------------------------------------------------

    @on(Input.Changed, "#start_date")
    def _look_up_plan(self) -> None:
        """An inspection of a planned enterprise is linked to its open plan entry of the start date's period (``open_entry``)."""
        edrpou = self.query_one("#enterprise", Select).value
        try:
            start = parse_date(self.query_one("#start_date", Input).value)
        except FormError:
            return  # half-typed: the link stays as it was until the date is whole
        if edrpou is Select.NULL or start is None:
            self._show_plan_entry(None)
            return
        self._find_plan_entry(str(edrpou), start)

    @work(thread=True, exclusive=True, group="plan-lookup", exit_on_error=False)
    def _find_plan_entry(self, edrpou: str, start: date) -> None:
        try:
            entry = open_entry(self.store, edrpou, start)
        except StoreError:
            entry = None  # no link offered; creating still works (and reports a damaged store itself)
        self.post_message(PlanLookedUp(edrpou, start, entry))

    def on_plan_looked_up(self, message: PlanLookedUp) -> None:
        if self.query_one("#enterprise", Select).value == message.edrpou:
            self._show_plan_entry(message.entry)

    def _show_plan_entry(self, entry: PlanEntry | None) -> None:
        """Offer the link (checked). The plan's approving act is kept apart from the order's act
        (``LegalBasis.plan_basis``, filled on creating): the act field is never given the plan's text."""
        if entry == self.plan_entry:
            return
        self.plan_entry = entry
        box = self.query_one("#plan-link", Checkbox)
        box.display = entry is not None
        if entry is None:
            return
        box.label = t("plan.link.linked", year=entry.year, period=period_label(entry))
        box.value = True
        self.query_one("#planned", Checkbox).value = True

    def _preview(self) -> None:
        enterprise = self.enterprises.get(str(self.query_one("#enterprise", Select).value))
        checklist = self.checklists.get(str(self.query_one("#checklist", Select).value))
        widget = self.query_one("#rule-preview", Static)
        if enterprise is None or checklist is None:
            widget.update("")
            return
        lang = get_language()
        excluded = [
            item for item in checklist.items if applicable_finding(item, enterprise).answer is Answer.NOT_APPLICABLE
        ]
        text = Text(t("tui.new.by_rule", count=len(excluded), total=len(checklist.items)) + "\n", style="bold")
        for item in excluded:
            reason = item.na_reason.get(lang) if item.na_reason else ""
            text.append(f" – {item.question.get(lang)}\n", style="dim")
            text.append(f"   {reason}\n", style="italic dim")
        widget.update(text)

    # --- enterprise ------------------------------------------------------------------------------

    def action_add_enterprise(self) -> None:
        self.app.push_screen(EnterpriseForm(reporting_year=self.inspect_app.today().year - 1), self._enterprise_saved)

    def _enterprise_saved(self, result: Enterprise | None) -> None:
        if result is not None:
            self.enterprises[result.edrpou] = result
            select = self.query_one("#enterprise", Select)
            select.set_options(self._enterprise_options())
            select.value = result.edrpou

    @on(Select.Changed, "#enterprise")
    def _show_missing_facts(self) -> None:
        """Beside the enterprise: the facts it lacks (registered from a plan), which creating will ask first."""
        enterprise = self.enterprises.get(str(self.query_one("#enterprise", Select).value))
        needed = "" if enterprise is None or not enterprise.missing_facts() else t(
            "registry.incomplete.needed", enterprise=enterprise.short_name, edrpou=enterprise.edrpou, facts=services.missing_facts_text(enterprise)
        )
        self._error("enterprise", needed)

    def _complete_first(self, enterprise: Enterprise) -> None:
        """An enterprise registered from a plan lacks facts its duties depend on: ask them in the registry form,
        then create (the inspection would otherwise be refused); cancelled, the form says what is missing."""
        self._show_missing_facts()

        def done(result: Enterprise | None) -> None:
            self._enterprise_saved(result)
            if result is not None and not result.missing_facts():
                self.call_after_refresh(self.action_create)

        self.app.push_screen(EnterpriseForm(enterprise), done)

    # --- creating --------------------------------------------------------------------------------

    def _error(self, field: str, message: str) -> None:
        self.query_one(f"#field-{field}", FormField).set_error(message)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.saving and action in ("create", "add_enterprise", "cancel"):
            return None  # shown greyed out while the inspection is being created
        return True

    def _set_saving(self, saving: bool) -> None:
        self.saving = saving
        self.query_one("#form", VerticalScroll).disabled = saving
        self.refresh_bindings()

    def action_create(self) -> None:
        if self.saving:
            return  # the binding is disabled meanwhile; a call from elsewhere must not start a second create
        for field in self.query(FormField):
            field.set_error("")
        raw = self._raw()
        values: dict[str, Any] = {}
        ok = True
        enterprise = self.enterprises.get(str(raw["enterprise"]))
        checklist = self.checklists.get(str(raw["checklist"]))
        if enterprise is None:
            self._error("enterprise", t("tui.new.choose_enterprise"))
            ok = False
        if checklist is None:
            self._error("checklist", t("tui.new.choose_checklist"))
            ok = False
        company = enterprise is not None and enterprise.kind is Kind.COMPANY
        for name in ("order_number", "act", *(("company_power",) if company else ())):
            if not str(raw[name]).strip():
                self._error(name, t("tui.form.required"))
                ok = False
        parsed = parse_fields(
            raw, {**dict.fromkeys(DATE_FIELDS, parse_date), "end_date": parse_end_date, "inspectors": parse_people_required}, self._error
        )
        if parsed is None:
            ok = False
        else:
            values |= parsed
        if not ok or enterprise is None or checklist is None:
            self.query_one("#form-status", Static).update(Text(t("tui.form.fix_errors"), style="red"))
            return
        if enterprise.missing_facts():
            self._complete_first(enterprise)
            return
        try:
            basis = LegalBasis(
                order_number=raw["order_number"],
                order_date=values["order_date"],
                planned=raw["planned"],
                act=str(raw["act"]).strip(),
                title=str(raw["act_title"]).strip(),
                company_power=str(raw["company_power"]).strip() if company else "",
            )
        except ValidationError as exc:
            error = exc.errors(include_url=False)[0]
            name = {"act": "act", "title": "act_title", "company_power": "company_power"}.get(str(error["loc"][0]) if error["loc"] else "", "order_number")
            self._error(name, error_reason(error))
            return
        self._remember_inspectors(values["inspectors"])
        self.query_one("#form-status", Static).update(t("tui.new.creating"))
        self._set_saving(True)
        self._create_inspection(
            dict(
                enterprise=enterprise,
                checklist=checklist,
                basis=basis,
                period_from=values["period_from"],
                period_to=values["period_to"],
                start_date=values["start_date"],
                end_date=values["end_date"],
                inspectors=values["inspectors"],
                number=str(raw["number"]).strip() or None,
                place=str(raw["place"]).strip(),
                plan_entry=self.plan_entry.id if self.plan_entry is not None and raw["plan-link"] else None,
                now=self.inspect_app.now(),
            )
        )

    def _remember_inspectors(self, people: list[Any]) -> None:
        settings = self.inspect_app.settings
        if people != settings.inspectors:
            try:
                self.inspect_app.save_settings(revalidate(settings, inspectors=people))
            except (StoreError, ValidationError) as exc:  # only a convenience for the next form: say so and go on
                self.store_failed(exc)

    @work(thread=True, exclusive=True, group="create", exit_on_error=False)
    def _create_inspection(self, fields: dict[str, Any]) -> None:
        """Creating numbers the inspection by reading the index: off the UI thread."""
        try:
            inspection = services.create_inspection(self.store, **fields)
        except ValidationError as exc:
            error = exc.errors(include_url=False)[0]
            loc = [str(p) for p in error["loc"]]
            field = DOMAIN_ERROR_FIELD.get(error["type"], loc[0] if loc else "number")
            self.post_message(CreateFailed(field, error_reason(error)))
            return
        except NumberRefused as exc:
            self.post_message(CreateFailed("number", t(f"numbering.refused.{exc.code}", **exc.params)))
            return
        except StoreError as exc:
            self.post_message(CreateFailed("number", str(exc)))
            return
        self.post_message(Created(inspection.id))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A create that failed unexpectedly (``AppScreen`` says so) gives the form back."""
        if event.worker.group == "create" and event.state in (WorkerState.ERROR, WorkerState.CANCELLED):
            self._set_saving(False)

    def on_create_failed(self, message: CreateFailed) -> None:
        self._set_saving(False)
        field = message.field if self.query(f"#field-{message.field}") else "number"
        self._error(field, message.reason)
        self.query_one("#form-status", Static).update(Text(t("tui.form.fix_errors"), style="red"))

    def on_created(self, message: Created) -> None:
        from inspect_tui.screens.checklist_run import ChecklistScreen

        self._initial = self._raw()
        self.notify(t("tui.new.created"))
        self.open_inspection(ChecklistScreen(message.inspection_id), replace=True)

