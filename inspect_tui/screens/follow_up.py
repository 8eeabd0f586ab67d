"""Follow-up: the register's actions by deadline (overdue marked), remedies, and follow-up inspections.

Actions come from ``list_actions`` in a worker (the store's small action index, never whole
inspections); filtering by enterprise, year and «open only» works on them in memory, and the
table shows them a page at a time (``Pager``), as the home does: 50,000 actions show at once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from operator import attrgetter
from pathlib import Path

from pydantic import ValidationError
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, DataTable, Input, Label, Select, Static, TextArea

from inspect_tui import services
from inspect_tui.collation import sort_key
from inspect_tui.domain.actions import Action, ActionKind, ActionState
from inspect_tui.domain.inspection import LegalBasis
from inspect_tui.domain.revalidate import max_length
from inspect_tui.i18n import t
from inspect_tui.i18n.errors import error_reason, first_reason
from inspect_tui.register.actions import list_actions
from inspect_tui.screens.base import AppScreen, Loaded
from inspect_tui.screens.dialogs import FormDialog, LinesDialog
from inspect_tui.store import StoreError
from inspect_tui.widgets.basis import SHORTCOMING_STYLE, SIGNS_STYLE, VIOLATION_STYLE
from inspect_tui.widgets.cells import cell
from inspect_tui.widgets.forms import FormError, FormField, format_date, lines, parse_date
from inspect_tui.widgets.paged_table import Pager

ALL = "*"
OPEN = "open"
STATE_STYLES = {
    ActionState.OVERDUE: "bold red",
    ActionState.NOT_REMEDIED: "red",
    ActionState.REMEDIED: "green",
    ActionState.CONFIRMED: "bold green",
}
KIND_STYLES = {ActionKind.VIOLATION: VIOLATION_STYLE, ActionKind.SIGNS: SIGNS_STYLE, ActionKind.SHORTCOMING: SHORTCOMING_STYLE}


@dataclass(frozen=True)
class RemedyInput:
    remedied: bool
    on: date
    what: str
    documents: list[str]
    evidence: list[Path]


#: tries to record; returns the reason it was refused, or None when it was recorded
AttemptRemedy = Callable[[RemedyInput], str | None]


class RemedyDialog(FormDialog[RemedyInput | None]):
    """Record the remedy of one action: remedied or not, the day, what was done, documents and scans received.

    The attempt runs in a worker (checking it reads the register's action index: 0.7 s at 50,000
    actions); the dialog stays up, its save disabled, until the store has answered.
    """

    BINDINGS = [Binding("ctrl+s", "save", "tui.keys.save", id="remedy-save")]

    def __init__(self, action: Action, today: date, attempt: AttemptRemedy) -> None:
        super().__init__()
        self.action = action
        self.today = today
        self.attempt = attempt
        self.saving = False

    def compose(self) -> ComposeResult:
        a = self.action
        outcome = [(t("actions.tui.remedied"), True), (t("actions.tui.not_remedied"), False)]
        with Vertical(classes="dialog dialog-wide", id="remedy"):
            yield Label(t("actions.tui.remedy_title", number=a.inspection_number, item=a.item_number), classes="dialog-title")
            yield Static(a.question, classes="dialog-hint", markup=False)
            with Horizontal(classes="form-row"):
                yield FormField("", Select(outcome, value=True, allow_blank=False, id="remedied", compact=True), name="remedied")
                yield FormField(t("actions.tui.on"), Input(format_date(self.today), id="on", compact=True), name="on")
            yield FormField(t("actions.tui.what"), TextArea(id="what", compact=True), name="what")
            yield FormField(t("actions.tui.documents"), TextArea(id="documents", compact=True), name="documents")
            yield FormField(t("actions.tui.evidence"), TextArea(id="evidence", compact=True), name="evidence")
            yield Static("", id="remedy-error", classes="field-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("tui.keys.save"), id="save", variant="primary", compact=True)
                yield Button(t("tui.dialog.cancel"), id="cancel", compact=True)

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#what", TextArea).focus()

    def action_save(self) -> None:
        if self.saving:
            return  # a second ctrl+s while the first is recorded would record it twice
        for name in ("on", "what"):
            self.query_one(f"#field-{name}", FormField).set_error("")
        try:
            on_day = parse_date(self.query_one("#on", Input).value)
        except FormError as exc:
            self.query_one("#field-on", FormField).set_error(str(exc))
            return
        what = self.query_one("#what", TextArea).text.strip()
        if not what:
            self.query_one("#field-what", FormField).set_error(t("tui.form.required"))
            return
        assert on_day is not None
        values = RemedyInput(
            remedied=bool(self.query_one("#remedied", Select).value),
            on=on_day,
            what=what,
            documents=lines(self.query_one("#documents", TextArea).text),
            evidence=[Path(p).expanduser() for p in lines(self.query_one("#evidence", TextArea).text)],
        )
        self.saving = True
        self.query_one("#save", Button).disabled = True
        self._record(values)

    @work(thread=True, group="remedy", exit_on_error=False)
    def _record(self, values: RemedyInput) -> None:
        self.app.call_from_thread(self._recorded, values, self.attempt(values))

    def _recorded(self, values: RemedyInput, problem: str | None) -> None:
        self.saving = False
        self.query_one("#save", Button).disabled = False
        if problem is None:
            self.dismiss(values)
        else:
            self.query_one("#remedy-error", Static).update(problem)


@dataclass(frozen=True)
class FollowUpOrder:
    """What the follow-up dialog asks: the order (number and date) and the days the inspection lasts."""

    number: str
    order_date: date
    start: date
    end: date


class FollowUpOrderDialog(FormDialog[FollowUpOrder | None]):
    """The order (number and date) of a follow-up inspection and its start and end dates: its certificate
    cites its own act, not the original's, and the days it was carried out (never before the signing)."""

    BINDINGS = [Binding("ctrl+s", "save", "tui.keys.save", id="order-save")]

    def __init__(self, number: str, today: date, signed_on: date | None = None) -> None:
        super().__init__()
        self.number = number
        self.today = today
        self.signed_on = signed_on

    def compose(self) -> ComposeResult:
        today = format_date(self.today)
        with Vertical(classes="dialog dialog-wide", id="follow-up-order"):
            yield Label(t("actions.tui.order_title", number=self.number), classes="dialog-title")
            yield FormField(t("actions.tui.order_number"), Input(id="order_number", compact=True, max_length=max_length(LegalBasis, "order_number") or 0), name="order_number")
            yield FormField(t("actions.tui.order_date"), Input(today, id="order_date", compact=True), name="order_date")
            with Horizontal(classes="form-row"):
                yield FormField(t("actions.tui.start_date"), Input(today, id="start_date", compact=True), name="start_date")
                yield FormField(t("actions.tui.end_date"), Input(today, id="end_date", compact=True), name="end_date")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("tui.keys.save"), id="save", variant="primary", compact=True)
                yield Button(t("tui.dialog.cancel"), id="cancel", compact=True)

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#order_number", Input).focus()

    def _date(self, name: str) -> date | None:
        """The date typed in field ``name``, or None with the field's error shown."""
        field = self.query_one(f"#field-{name}", FormField)
        try:
            day = parse_date(self.query_one(f"#{name}", Input).value)
        except FormError as exc:
            field.set_error(str(exc))
            return None
        field.set_error("")
        return day

    def action_save(self) -> None:
        number = self.query_one("#order_number", Input).value.strip()
        self.query_one("#field-order_number", FormField).set_error("" if number else t("tui.form.required"))
        order_date, start, end = (self._date(name) for name in ("order_date", "start_date", "end_date"))
        if start is not None and self.signed_on is not None and start < self.signed_on:
            self.query_one("#field-start_date", FormField).set_error(
                t("actions.tui.starts_before_signing", number=self.number, signed=format_date(self.signed_on))
            )
            start = None
        if start is not None and end is not None and end < start:
            self.query_one("#field-end_date", FormField).set_error(t("actions.tui.ends_before_start"))
            end = None
        if number and order_date is not None and start is not None and end is not None:
            self.dismiss(FollowUpOrder(number, order_date, start, end))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()


@dataclass
class ActionsLoaded(Loaded):
    actions: list[Action]


@dataclass
class ActionsFailed(Loaded):
    reason: str


class FollowUpScreen(AppScreen):
    BINDINGS = [
        Binding("r", "remedy", "tui.keys.remedy", id="follow-up-remedy"),
        Binding("f", "follow_up", "tui.keys.start_follow_up", id="follow-up-start"),
        Binding("h", "history", "tui.keys.history", id="follow-up-history"),
        Binding("a", "toggle_all", "tui.keys.all_actions", id="follow-up-all"),
        Binding("escape", "app.pop_screen", "tui.keys.back", id="follow-up-back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.actions: list[Action] = []
        self.year = ALL
        self.enterprise = ALL
        self.only_open = True

    def compose(self) -> ComposeResult:
        yield from self.header()
        with Horizontal(id="filters"):
            yield Select([], prompt=t("actions.tui.any_year"), id="action-year", compact=True)
            yield Select([], prompt=t("actions.tui.any_enterprise"), id="action-enterprise", compact=True)
        table: DataTable[object] = DataTable(id="actions", cursor_type="row", zebra_stripes=True)
        self.pager = Pager(table, self._row, key=attrgetter("key"))  # a fresh table (a language switch): a fresh pager
        yield table
        yield Static(t("actions.tui.loading"), id="actions-status")
        yield from self.footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.labelled()

    def labelled(self) -> None:
        self.sub_title = t("actions.tui.title")
        table = self.query_one("#actions", DataTable)
        for key in ("deadline", "state", "number", "item", "enterprise", "kind", "question"):
            table.add_column(t(f"actions.tui.col.{key}"), key=key)
        table.focus()

    def on_screen_resume(self) -> None:
        self.reload()  # shown first, or back from a follow-up inspection: it may have been signed

    def reload(self) -> None:
        self._load_actions(self.begin_load(), self.inspect_app.today())

    @work(thread=True, exclusive=True, group="actions", exit_on_error=False)
    def _load_actions(self, load: int, today: date) -> None:
        try:
            actions = list_actions(self.store, today=today)
        except StoreError as exc:
            self.post_message(ActionsFailed(load, str(exc)))
            return
        self.stop_if_cancelled()
        self.post_message(ActionsLoaded(load, actions))

    def on_actions_loaded(self, message: ActionsLoaded) -> None:
        if not self.answers_latest(message):
            return  # a slower earlier load: the latest one's actions are (or will be) shown
        self.actions = message.actions
        years = sorted({str(a.started.year) for a in self.actions if a.started}, reverse=True)
        enterprises = sorted({(a.enterprise, a.edrpou) for a in self.actions}, key=lambda e: (sort_key(e[0]), e[1]))
        self._set_options("#action-year", [(y, y) for y in years])
        self._set_options("#action-enterprise", enterprises)
        self.refill()

    def on_actions_failed(self, message: ActionsFailed) -> None:
        if not self.answers_latest(message):
            return
        self.query_one("#actions-status", Static).update(t("actions.tui.load_failed", reason=message.reason))

    def _set_options(self, selector: str, options: list[tuple[str, str]]) -> None:
        select = self.query_one(selector, Select)
        current = select.value
        with select.prevent(Select.Changed):
            select.set_options(options)
            if any(value == current for _, value in options):
                select.value = current

    def _accepts(self, a: Action) -> bool:
        return (
            (not self.only_open or a.is_open)
            and (self.year == ALL or (a.started is not None and str(a.started.year) == self.year))
            and (self.enterprise == ALL or a.edrpou == self.enterprise)
        )

    @property
    def shown(self) -> Sequence[Action]:
        """The actions that pass the filters, in the table's order (the table holds the first pages of them)."""
        return self.pager.items

    def refill(self) -> None:
        self.pager.show([a for a in self.actions if self._accepts(a)])
        status = t("actions.tui.shown", shown=len(self.shown), total=len(self.actions))
        scope = t("actions.tui.only_open" if self.only_open else "actions.tui.all")
        self.query_one("#actions-status", Static).update(f"{status} ({scope})" if self.actions else t("actions.tui.empty"))

    @staticmethod
    def _row(a: Action) -> tuple[object, ...]:
        deadline: Text | str = format_date(a.deadline) or "—"
        if a.state is ActionState.OVERDUE:
            deadline = Text(t("actions.tui.overdue_mark", date=deadline), style=STATE_STYLES[a.state])
        state = Text(t(f"actions.state.{a.state.value}"), style=STATE_STYLES.get(a.state, ""))
        kind = Text(t(f"actions.kind.{a.kind.value}"), style=KIND_STYLES[a.kind])
        return (deadline, state, cell(a.inspection_number), cell(a.item_number), cell(a.enterprise), kind, cell(a.question))

    def selected(self) -> Action | None:
        return self.pager.selected()

    @on(DataTable.RowHighlighted, "#actions")
    def _near_the_end(self, event: DataTable.RowHighlighted) -> None:
        self.pager.more(event.cursor_row)

    @on(Select.Changed)
    def _filter_changed(self, event: Select.Changed) -> None:
        value = ALL if event.value is Select.NULL else str(event.value)
        if event.select.id == "action-year":
            self.year = value
        else:
            self.enterprise = value
        self.refill()

    # --- actions ---------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("remedy", "follow_up", "history") and self.selected() is None:
            return None
        return True

    def action_toggle_all(self) -> None:
        self.only_open = not self.only_open
        self.refill()

    def action_remedy(self) -> None:
        action = self.selected()
        if action is None:
            return

        def attempt(values: RemedyInput) -> str | None:
            missing = [str(p) for p in values.evidence if not p.is_file()]
            if missing:
                return t("actions.cli.evidence_not_file", path=missing[0])
            try:
                services.record_action_remedy(
                    self.store, action.inspection_id, action.item_id, remedied=values.remedied, on=values.on,
                    what=values.what, documents=values.documents, evidence=values.evidence, now=self.inspect_app.now(),
                )
            except services.ActionRefused as exc:
                return t(f"actions.refused.{exc.code}", **exc.params)
            except ValidationError as exc:
                return error_reason(exc.errors(include_url=False)[0])
            except (StoreError, OSError) as exc:
                return str(exc)
            return None

        def done(values: RemedyInput | None) -> None:
            if values is not None:
                self.notify(t("actions.tui.saved", number=action.inspection_number, item=action.item_number))
                self.reload()

        self.app.push_screen(RemedyDialog(action, self.inspect_app.today(), attempt), done)

    def action_history(self) -> None:
        action = self.selected()
        if action is None:
            return
        record = self.store.get_remedy(action.inspection_id, action.item_id)
        versions = [] if record is None else [record.remedy, *reversed(record.history)]
        rendered = [
            t(
                "actions.tui.history_line", recorded=v.recorded_at.astimezone().strftime("%d.%m.%Y %H:%M"),
                state=t("actions.state.remedied" if v.remedied else "actions.state.not_remedied"), on=format_date(v.on), what=v.what,
            )
            + (t("actions.tui.conflict") if getattr(v, "conflict", False) else "")
            for v in versions
        ]
        if record is not None and record.dropped:  # compacted: say that the list is not the whole story
            rendered.insert(len(rendered) - 1, t("actions.tui.history_dropped", count=record.dropped))
        self.app.push_screen(LinesDialog(t("actions.tui.history_title", number=action.inspection_number, item=action.item_number), rendered))

    def action_follow_up(self) -> None:
        action = self.selected()
        if action is None:
            return

        def ordered(order: FollowUpOrder | None) -> None:
            if order is not None:
                self._start_follow_up(action, order)

        self.app.push_screen(FollowUpOrderDialog(action.inspection_number, self.inspect_app.today(), action.signed_on), ordered)

    def _start_follow_up(self, action: Action, order: FollowUpOrder) -> None:
        try:
            follow_up = services.start_follow_up(
                self.store, action.inspection_id, order_number=order.number, order_date=order.order_date,
                now=self.inspect_app.now(), start_date=order.start, end_date=order.end,
            )
        except services.ActionRefused as exc:
            self.notify(t(f"actions.refused.{exc.code}", **exc.params), severity="error", timeout=10)
            return
        except ValidationError as exc:  # the order as typed breaks a rule of the basis: nothing was saved
            self.notify(first_reason(exc), severity="error", timeout=10)
            return
        except StoreError as exc:
            self.store_failed(exc)
            return
        self.notify(t("actions.tui.follow_up_started", number=follow_up.number))
        from inspect_tui.screens.checklist_run import ChecklistScreen

        self.open_inspection(ChecklistScreen(follow_up.id))
