"""The yearly inspection plan: its entries with what became of them, edited here or imported from CSV.

Each row says whether the entry is still planned, started (an inspection is linked to it) or signed;
the line above the table counts them. The plan is read in a worker (it reads the linked inspections).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any
from uuid import UUID

from pydantic import ValidationError
from rich.markup import escape
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Input, Label, Select, Static, TextArea

from inspect_tui import services
from inspect_tui.domain.bounds import FIRST_YEAR, LAST_YEAR
from inspect_tui.domain.enterprise import Enterprise
from inspect_tui.domain.plan import ROMAN_QUARTERS, PlanEntry, entry_id
from inspect_tui.domain.revalidate import max_length
from inspect_tui.escaping import one_line
from inspect_tui.i18n import t
from inspect_tui.i18n.errors import error_reason, os_error_text
from inspect_tui.register.plan import PlanProgress, PlanRefused, PlanRow, PlanState, period_label, plan_execution
from inspect_tui.register.plan_csv import PlanRejected
from inspect_tui.screens.base import AppScreen, Loaded
from inspect_tui.screens.dialogs import ConfirmDialog, FormDialog, LinesDialog
from inspect_tui.screens.files import FilePickerDialog, SaveAsDialog
from inspect_tui.screens.ui_state import LastFolders
from inspect_tui.store import StoreError
from inspect_tui.widgets.cells import cell
from inspect_tui.widgets.forms import FormField, lines
from inspect_tui.widgets.keys import any_layout

STATE_STYLE = {PlanState.AHEAD: "", PlanState.STARTED: "yellow", PlanState.DONE: "green", PlanState.NOT_DONE: "bold red"}
#: tries to save an entry; returns the reason it was refused, or None when it was saved
AttemptEntry = Callable[[PlanEntry], str | None]


@dataclass
class PlanLoaded(Loaded):
    year: int
    rows: list[PlanRow]


@dataclass
class PlanDone(Message):
    """An import or export finished: ``text`` for the status line, ``details`` (a refused file's problems) for a dialog."""

    text: str
    ok: bool
    details: list[str] = field(default_factory=list)


@dataclass
class ReplaceAsked(Message):
    """A sound plan file for a year that already has a plan (``register``: its missing enterprises are to be registered)."""

    path: Path
    year: int
    count: int
    register: bool = False


#: enterprises named in the dialog that asks to register them (it stays within 80×24; the rest are counted)
DIALOG_LIST = 6


@dataclass
class RegisterAsked(Message):
    """A sound plan file naming enterprises the registry lacks: register them from the plan only when the inspector says so."""

    path: Path
    year: int
    enterprises: list[Enterprise]


class PlanEntryDialog(FormDialog[PlanEntry | None]):
    """Add or edit one entry: the enterprise, a month or a quarter, the basis, inspectors and why it was not done."""

    BINDINGS = [Binding("ctrl+s", "save", "tui.keys.save", id="plan-entry-save")]

    def __init__(self, year: int, enterprises: list[Enterprise], attempt: AttemptEntry, entry: PlanEntry | None = None) -> None:
        super().__init__()
        self.year = year
        self.enterprises = {e.edrpou: e for e in enterprises}
        self.attempt = attempt
        self.entry = entry

    def compose(self) -> ComposeResult:
        e = self.entry
        enterprises = [(f"{x.short_name} ({x.edrpou})", x.edrpou) for x in self.enterprises.values()]
        months = [(t(f"plan.month.{m}"), m) for m in range(1, 13)]
        quarters = [(label, q) for q, label in enumerate(ROMAN_QUARTERS, start=1)]
        with Vertical(classes="dialog dialog-wide", id="plan-entry"):
            yield Label(t("plan.tui.edit_title" if e else "plan.tui.add_title", year=self.year), classes="dialog-title")
            with VerticalScroll():
                yield FormField(
                    t("plan.tui.enterprise"),
                    Select(
                        enterprises, value=e.edrpou if e and e.edrpou in self.enterprises else Select.NULL, prompt=t("tui.form.choose"),
                        id="edrpou", compact=True, disabled=e is not None,  # an entry's inspections are of its enterprise
                    ),
                    name="edrpou",
                )
                with Horizontal(classes="form-row"):
                    yield FormField(
                        t("plan.tui.month"),
                        Select(months, value=e.month if e and e.month else Select.NULL, prompt=t("plan.tui.no_month"), id="month", compact=True),
                        name="month",
                    )
                    yield FormField(
                        t("plan.tui.quarter"),
                        Select(quarters, value=e.quarter if e and e.quarter else Select.NULL, prompt=t("plan.tui.no_month"), id="quarter", compact=True),
                        name="quarter",
                    )
                yield FormField(t("plan.tui.basis"), Input(e.basis if e else t("plan.default_basis", year=self.year), id="basis", compact=True, max_length=max_length(PlanEntry, "basis") or 0), name="basis")
                yield FormField(t("plan.tui.inspectors"), TextArea("\n".join(e.inspectors) if e else "", id="inspectors", compact=True), name="inspectors")
                yield FormField(t("plan.tui.reason"), Input(e.not_done_reason if e else "", id="reason", compact=True, max_length=max_length(PlanEntry, "not_done_reason") or 0), name="reason")
            yield Static("", id="plan-entry-error", classes="field-error")
            yield from self.buttons(t("tui.keys.save"))

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#edrpou" if self.entry is None else "#month", Select).focus()

    def _value(self, name: str) -> Any:
        value = self.query_one(f"#{name}", Select).value
        return None if value is Select.NULL else value

    def action_save(self) -> None:
        for form_field in self.query(FormField):
            form_field.set_error("")
        edrpou, month, quarter = self._value("edrpou"), self._value("month"), self._value("quarter")
        enterprise = self.enterprises.get(str(edrpou)) if edrpou else None
        if enterprise is None:
            self.query_one("#field-edrpou", FormField).set_error(t("tui.form.required"))
            return
        if (month is None) == (quarter is None):
            self.query_one("#field-month", FormField).set_error(t("plan.tui.need_period" if month is None else "plan.tui.one_period"))
            return
        try:
            entry = PlanEntry(
                id=self.entry.id if self.entry else entry_id(self.year, enterprise.edrpou, month, quarter),
                year=self.year,
                edrpou=enterprise.edrpou,
                enterprise=enterprise.short_name,
                month=month,
                quarter=quarter,
                basis=self.query_one("#basis", Input).value.strip(),
                inspectors=lines(self.query_one("#inspectors", TextArea).text),
                not_done_reason=self.query_one("#reason", Input).value.strip(),
            )
        except ValidationError as exc:
            error = exc.errors(include_url=False)[0]
            name = {"not_done_reason": "reason"}.get(str(error["loc"][0]) if error["loc"] else "", str(error["loc"][0]) if error["loc"] else "")
            target = f"#field-{name}" if self.query(f"#field-{name}") else "#field-edrpou"
            self.query_one(target, FormField).set_error(error_reason(error))
            return
        problem = self.attempt(entry)
        if problem:
            self.query_one("#plan-entry-error", Static).update(problem)
            return
        self.dismiss(entry)


class PlanScreen(AppScreen):
    BINDINGS = [
        Binding(any_layout("a"), "add", "tui.keys.add", id="plan-add"),
        Binding("enter", "edit", "tui.keys.edit", id="plan-edit"),
        Binding("delete", "remove", "tui.keys.plan_remove", id="plan-remove"),
        Binding("left_square_bracket", "year(-1)", "tui.keys.plan_prev_year", id="plan-prev-year"),
        Binding("right_square_bracket", "year(1)", "tui.keys.plan_next_year", id="plan-next-year"),
        Binding(any_layout("i"), "import", "tui.keys.import", id="plan-import"),
        Binding(any_layout("e"), "export", "tui.keys.export", id="plan-export"),
        Binding("escape", "app.pop_screen", "tui.keys.back", id="plan-back"),
    ]

    def __init__(self, year: int | None = None) -> None:
        super().__init__()
        self.year = year
        self.rows: list[PlanRow] = []

    def rebuild(self) -> AppScreen:
        return PlanScreen(self.year)

    def compose(self) -> ComposeResult:
        yield from self.header()
        yield Static("", id="plan-progress")
        yield DataTable(id="plan", cursor_type="row", zebra_stripes=True)
        yield Static("", id="plan-status")
        yield from self.footer()

    def on_mount(self) -> None:
        if self.year is None:
            self.year = self.inspect_app.today().year
        council = self.inspect_app.settings.council_name  # whose plan: a region's register holds several councils'
        self.sub_title = t("plan.tui.title_of", council=one_line(council)) if council else t("plan.tui.title")
        table = self.query_one("#plan", DataTable)
        for key in ("period", "enterprise", "status", "inspections", "basis", "inspectors", "reason"):
            table.add_column(t(f"plan.tui.col_{key}"), key=key)
        table.focus()
        self.reload()

    @property
    def shown_year(self) -> int:
        assert self.year is not None  # set on mount
        return self.year

    # --- loading ---------------------------------------------------------------------------------

    def reload(self) -> None:
        self.query_one("#plan-progress", Static).update(t("plan.tui.year", year=self.shown_year))
        self._load(self.begin_load(), self.shown_year)

    @work(thread=True, exclusive=True, group="plan", exit_on_error=False)
    def _load(self, load: int, year: int) -> None:
        try:
            rows = plan_execution(self.store, year)
        except StoreError as exc:
            self.stop_if_cancelled()
            self.post_message(PlanDone(str(exc), ok=False))
            return
        self.stop_if_cancelled()
        self.post_message(PlanLoaded(load, year, rows))

    def on_plan_loaded(self, message: PlanLoaded) -> None:
        if not self.answers_latest(message):
            return  # an earlier load (another year, or before an edit) finished after the latest
        selected = self.selected()
        self.rows = message.rows
        table = self.query_one("#plan", DataTable)
        table.clear()
        today = self.inspect_app.today()
        for row in self.rows:
            e, state = row.entry, row.state(today)  # the annual report's verdict: «не проведено» once the period is over
            table.add_row(
                period_label(e),
                cell(e.enterprise),
                Text(t(f"plan.state.{state.value}"), style=STATE_STYLE[state]),
                cell(", ".join(row.numbers)),
                cell(e.basis),
                cell(", ".join(e.inspectors)),
                cell(e.not_done_reason),
            )
        ids = [row.entry.id for row in self.rows]
        if selected is not None and selected.entry.id in ids:
            table.move_cursor(row=ids.index(selected.entry.id))
        progress = PlanProgress.of(message.year, self.rows)
        self.query_one("#plan-progress", Static).update(
            t("plan.progress", **progress.model_dump()) if self.rows else t("plan.tui.empty", year=message.year)
        )
        self.refresh_bindings()

    def selected(self) -> PlanRow | None:
        table = self.query_one("#plan", DataTable)
        row = table.cursor_row
        return self.rows[row] if self.rows and 0 <= row < len(self.rows) else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit", "remove") and self.selected() is None:
            return None
        return True

    # --- entries ---------------------------------------------------------------------------------

    def _attempt(self, entry: PlanEntry, *, new: bool) -> str | None:
        try:
            services.save_plan_entry(self.store, entry, new=new)
        except (PlanRefused, StoreError) as exc:
            return str(exc)
        return None

    def _open_dialog(self, entry: PlanEntry | None) -> None:
        enterprises = self.store.list_enterprises()
        if not enterprises:
            self.notify(t("plan.tui.no_enterprises"), severity="warning")
            return

        def done(saved: PlanEntry | None) -> None:
            if saved is not None:
                self.notify(t("plan.tui.saved"))
                self.reload()

        self.app.push_screen(PlanEntryDialog(self.shown_year, enterprises, partial(self._attempt, new=entry is None), entry), done)

    def action_add(self) -> None:
        self._open_dialog(None)

    @on(DataTable.RowSelected, "#plan")
    def action_edit(self) -> None:
        row = self.selected()
        if row is not None:
            self._open_dialog(row.entry)

    def action_remove(self) -> None:
        row = self.selected()
        if row is None:
            return
        if row.inspection_ids:
            self.notify(t("plan.tui.remove_linked", numbers=", ".join(row.numbers)), severity="warning")
            return

        def done(yes: bool | None) -> None:
            if yes and row is not None:
                self._remove(self.shown_year, row.entry.id)

        self.app.push_screen(ConfirmDialog(t("plan.tui.remove_confirm", enterprise=escape(one_line(row.entry.enterprise)), period=period_label(row.entry))), done)

    @work(thread=True, group="plan-remove", exit_on_error=False)
    def _remove(self, year: int, entry: UUID) -> None:
        """In a worker: whether an inspection carries the entry out is read from the whole index."""
        try:
            services.remove_plan_entry(self.store, year, entry)
        except (PlanRefused, StoreError) as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error")
            return
        self.app.call_from_thread(self._removed)

    def _removed(self) -> None:
        self.notify(t("plan.tui.removed"))
        self.reload()

    def action_year(self, step: int) -> None:
        self.year = min(max(self.shown_year + step, FIRST_YEAR), LAST_YEAR)
        self.rows = []
        self.query_one("#plan", DataTable).clear()
        self.reload()

    # --- import and export -----------------------------------------------------------------------

    def action_import(self) -> None:
        year = self.shown_year

        def chosen(path: Path | None) -> None:
            if path is not None:
                self._import(path, year, replace=False)

        title = t("plan.tui.import_path", year=year)
        self.app.push_screen(FilePickerDialog(title, LastFolders(self.store), "plan", suffixes=(".csv", ".txt")), chosen)

    def on_register_asked(self, message: RegisterAsked) -> None:
        """The file is sound but names enterprises the registry lacks: register them from it only when confirmed."""

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._import(message.path, message.year, replace=False, register=True)

        listed = escape(services.enterprise_list(message.enterprises, limit=DIALOG_LIST))
        self.app.push_screen(ConfirmDialog(t("plan.missing.confirm", count=len(message.enterprises), enterprises=listed)), confirmed)

    def on_replace_asked(self, message: ReplaceAsked) -> None:
        """The file is sound and the year has a plan: replace it only when the inspector says so."""

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._import(message.path, message.year, replace=True, register=message.register)

        self.app.push_screen(ConfirmDialog(t("plan.tui.replace_confirm", year=message.year, count=message.count)), confirmed)

    def action_export(self) -> None:
        year = self.shown_year

        def chosen(path: Path | None) -> None:
            if path is not None:
                self._export(path, year)

        dialog = SaveAsDialog(
            t("plan.tui.export_path", year=year), LastFolders(self.store), "plan", name=f"plan-{year}.csv", data_dir=self.store.data_dir
        )
        self.app.push_screen(dialog, chosen)

    @work(thread=True, exclusive=True, group="plan-file", exit_on_error=False)
    def _import(self, path: Path, year: int, replace: bool, register: bool = False) -> None:
        """Check the file first; enterprises it names that are not registered are registered from it only after
        asking (``RegisterAsked``), and a year that has a plan is replaced only after asking (``ReplaceAsked``)."""
        try:
            if not replace:
                unregistered = services.check_plan_file(self.store, path, year=year).unregistered
                if unregistered and not register:
                    self.post_message(RegisterAsked(path, year, unregistered))
                    return
                existing = len(self.store.get_plan(year))
                if existing:
                    self.post_message(ReplaceAsked(path, year, existing, register))
                    return
            done = services.import_plan(self.store, path, year=year, replace=replace, register_missing=register)
        except PlanRejected as exc:
            self.post_message(PlanDone(str(exc), ok=False, details=exc.lines()))
            return
        except (PlanRefused, StoreError) as exc:
            self.post_message(PlanDone(str(exc), ok=False))
            return
        except OSError as exc:
            self.post_message(PlanDone(os_error_text(exc, path), ok=False))
            return
        text = t("plan.cli.imported", year=year, count=len(done.entries), path=str(path))
        if done.registered:
            text += " " + t("plan.missing.registered", count=len(done.registered), enterprises=services.enterprise_list(done.registered))
        self.post_message(PlanDone(text, ok=True))

    @work(thread=True, exclusive=True, group="plan-file", exit_on_error=False)
    def _export(self, path: Path, year: int) -> None:
        try:  # the writer makes a missing folder, owner-only
            count = services.export_plan(self.store, year, path)
        except StoreError as exc:
            self.post_message(PlanDone(str(exc), ok=False))
            return
        except OSError as exc:
            self.post_message(PlanDone(os_error_text(exc, path), ok=False))
            return
        self.post_message(PlanDone(t("plan.cli.exported", year=year, count=count, path=str(path)), ok=True))

    def on_plan_done(self, message: PlanDone) -> None:
        self.query_one("#plan-status", Static).update(Text(message.text, style="green" if message.ok else "red"))
        self.notify(message.text, severity="information" if message.ok else "error", timeout=8)
        if message.details:
            self.app.push_screen(LinesDialog(message.text, message.details))
        if message.ok:
            self.reload()
