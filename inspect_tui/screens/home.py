"""Home: every inspection in the store, filtered and searched as you type.

The newest rows (``first_rows``: one small file, or one indexed query) are read before the
first paint, which shows them with the keys working; then a worker reads the store's small
index as plain rows (``summary_rows``), posting its progress, and the whole list replaces
that first page (the table shows a page of it). A filter set
before the whole list is in hides the first page and applies to the whole list when it
arrives: a first page filtered would look like the answer while it is not. Once the table has painted them, other workers count the list
(header counts, filter choices, numbers held twice) and the register, and the app checks
its settings: started sooner, they competed with that painting for the interpreter. Until
the rows are in, the status line says how many are read and the header counts say they
are loading, so nothing shows a number that is not yet true. Filtering works on the rows
in memory.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import astuple, dataclass
from datetime import date
from functools import partial
from operator import attrgetter
from uuid import UUID

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import DataTable, Input, Select, Static

from inspect_tui.domain.status import Status
from inspect_tui.domain.summary_row import SummaryRow
from inspect_tui.i18n import t
from inspect_tui.screens.base import AppScreen, Loaded
from inspect_tui.store import StoreError
from inspect_tui.widgets.cells import cell
from inspect_tui.widgets.debounce import Debounce
from inspect_tui.widgets.forms import format_period, replace_options
from inspect_tui.widgets.kind_styles import SHORTCOMING_STYLE, SIGNS_STYLE, VIOLATION_STYLE
from inspect_tui.widgets.paged_table import Pager
from inspect_tui.widgets.painted_table import PaintedTable

ALL = "*"
SEARCH_DEBOUNCE_ABOVE = 2000  # rows: above this, refilter only after a pause in typing


@dataclass
class Filters:
    text: str = ""
    status: str = ALL
    year: str = ALL
    enterprise: str = ALL

    @property
    def active(self) -> bool:
        return (self.text.strip(), self.status, self.year, self.enterprise) != ("", ALL, ALL, ALL)

    def accepts(self, s: SummaryRow) -> bool:
        if self.status != ALL and s.status.value != self.status:
            return False
        if self.year != ALL and str(s.started.year) != self.year:
            return False
        if self.enterprise != ALL and s.edrpou != self.enterprise:
            return False
        needle = self.text.strip().casefold()
        return not needle or needle in f"{s.number} {s.enterprise} {s.edrpou}".casefold()


class SummariesProgress(Loaded):
    """``read`` of ``total`` summaries are read: the rows follow once all are (their order needs every one)."""

    def __init__(self, load: int, read: int, total: int) -> None:
        super().__init__(load)
        self.read = read
        self.total = total

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, SummariesProgress)


@dataclass
class SummariesLoaded(Loaded):
    """Every summary, newest first: the table can show its first page."""

    summaries: list[SummaryRow]


@dataclass(frozen=True)
class HomeCounts:
    """The texts of the home's counts, each None while it is being read, "" when there is nothing to show.

    ``inspections`` is the counts line over the list, ``plan`` the year's plan line under it,
    ``actions`` the open and overdue follow-up actions in the title.
    """

    inspections: str | None = None
    plan: str | None = None
    actions: str | None = None

    def over(self, older: HomeCounts) -> HomeCounts:
        """These counts, with ``older``'s where these are not known yet."""
        return HomeCounts(*(new if new is not None else old for new, old in zip(astuple(self), astuple(older), strict=True)))

    @property
    def known(self) -> bool:
        return None not in astuple(self)


@dataclass
class CountsKnown(Loaded):
    """Some of the home's counts are known: the fields that are not None."""

    counts: HomeCounts


@dataclass
class ListComplete(Loaded):
    """The loaded list is counted: the year filter's and the enterprise filter's choices."""

    years: list[str]
    enterprises: set[tuple[str, str]]


@dataclass
class EnterpriseChoices(Message):
    """The enterprise filter's choices in Ukrainian alphabetical order.

    Sorted only once the filter is first focused: the collation table takes about 0.1 s
    to build, which the home's start-up does not wait for.
    """

    choices: list[tuple[str, str]]


@dataclass
class NumbersHeldTwice(Loaded):
    """The inspections whose number another inspection holds too (after the list is shown: it waits for nothing)."""

    ids: frozenset[str]


@dataclass
class LoadFailed(Message):
    reason: str


class HomeScreen(AppScreen):
    BINDINGS = [
        Binding("n", "new", "tui.keys.new", id="new"),
        Binding("enter", "open", "tui.keys.open", id="open"),
        Binding("v", "review", "tui.keys.review", show=False, id="review"),
        Binding("c", "certificate", "tui.keys.certificate", id="certificate"),
        Binding("e", "export", "tui.keys.export", id="export"),
        Binding("i", "import", "tui.keys.import", id="import"),
        Binding("r", "registry", "tui.keys.registry", id="registry"),
        Binding("z", "annual_report", "tui.keys.annual_report", id="annual-report"),
        Binding("f", "follow_up", "tui.keys.follow_up", id="follow-up"),
        Binding("p", "plan", "tui.keys.plan", id="plan"),
        Binding("s", "settings", "tui.keys.settings", id="settings"),
        Binding("t", "trash", "tui.keys.trash", id="trash"),
        Binding("ctrl+e", "edit_header", "tui.keys.edit_header", show=False, id="edit-header"),
        Binding("delete", "delete_draft", "tui.keys.delete_draft", show=False, id="delete-draft"),
        Binding("slash", "search", "tui.keys.search", show=False, id="search"),
        Binding("escape", "focus_list", "tui.keys.to_list", show=False, id="to-list"),
        Binding("q", "app.quit", "tui.keys.quit", id="home-quit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.summaries: list[SummaryRow] = []
        self.first_page: list[SummaryRow] = []  # the newest rows, shown until the whole list is in
        self.filters = Filters()
        self.complete = False  # the counts and filter choices match the rows shown
        self._loaded_once = False
        self.counts = HomeCounts()  # what is known of this load's counts
        self._last_counts = HomeCounts()  # the previous load's, shown marked while a reload reads
        self._read: tuple[int, int] | None = None  # summaries read, of how many (while the list loads)
        self._enterprises: set[tuple[str, str]] = set()
        self._enterprises_wanted = False
        self._search_pause = Debounce(self, 0.15, self.refill)  # let a fast typist finish the word
        self.duplicates: frozenset[str] = frozenset()  # ids of the inspections whose number another holds too

    def compose(self) -> ComposeResult:
        yield from self.header()
        with Horizontal(id="filters"):
            yield Input(placeholder=t("tui.home.search"), id="search", compact=True)
            yield Select([], prompt=t("tui.home.any_status"), id="status", compact=True)
            yield Select([], prompt=t("tui.home.any_year"), id="year", compact=True)
            yield Select([], prompt=t("tui.home.any_enterprise"), id="enterprise", compact=True)
        yield Static(self._counts_text(), id="home-counts")
        table = PaintedTable(id="inspections", cursor_type="row", zebra_stripes=True)
        self.pager = Pager(table, self._cells, key=attrgetter("id"))  # a fresh table (a language switch): a fresh pager
        yield table
        yield Static(self._plan_text(), id="home-plan", classes="-shown")
        yield Static(t("tui.home.loading"), id="home-status")
        yield from self.footer()

    def on_mount(self) -> None:
        self.labelled()

    def labelled(self) -> None:
        self.show_counts()
        table = self.query_one("#inspections", DataTable)
        for key in ("number", "enterprise", "dates", "status", "progress", "violations", "shortcomings"):
            table.add_column(t(f"tui.home.col.{key}"), key=key)
        self.query_one("#status", Select).set_options(
            [(t(f"status.{s.value}"), s.value) for s in Status]
        )
        table.focus()
        # the first page is read here, before the first paint (``_first_rows_now``); the whole list waits for
        # that page's paint
        self.reload()

    def on_screen_resume(self) -> None:
        if self._loaded_once:  # back from another screen: show what changed there
            self.reload()

    # --- loading ---------------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the list and every count again; until each is known it shows marked as loading."""
        self.complete = False
        self._last_counts = self.counts.over(self._last_counts)
        self.counts = HomeCounts()
        self._read = None
        self.show_counts()
        load = self.begin_load()
        if self._loaded_once:  # a reload keeps the whole list shown until the fresh one is in
            self._load_summaries(load)
        else:
            self._first_rows_now(load, self.app.size.height)  # no more rows than a screen shows (each is measured)

    def _first_rows_now(self, load: int, limit: int) -> None:
        """The newest rows, read on the UI thread before the first paint, which then shows them: a bounded read (one
        small file, or one indexed query under the pool's timeouts) cheaper than a paint of the empty table and a
        second one with rows (~50 ms at start). The whole list is read in a worker once these are painted."""
        try:
            rows = self.store.first_rows(limit)
        except StoreError as exc:
            self.post_message(LoadFailed(str(exc)))
            return
        self.first_page = rows
        self.refill()
        # the whole list once the first page is painted: read sooner, it held that painting up (one interpreter)
        self.query_one("#inspections", PaintedTable).after_rows_painted(partial(self._load_summaries, load))

    @work(thread=True, exclusive=True, group="summaries", exit_on_error=False)
    def _load_summaries(self, load: int) -> None:
        def progress(read: int, total: int) -> None:
            self.stop_if_cancelled()  # a later reload replaced this one: stop reading
            self.post_message(SummariesProgress(load, read, total))

        try:
            rows = self.store.summary_rows(progress)
        except StoreError as exc:
            self.post_message(LoadFailed(str(exc)))
            return
        self.post_message(SummariesLoaded(load, rows))

    @work(thread=True, exclusive=True, group="list-counts", exit_on_error=False, description="count the list")  # not repr(rows)
    def _count_list(self, load: int, rows: list[SummaryRow]) -> None:
        """The list's numbers held twice, counts and filter choices, once its first rows are painted (started
        earlier, this work would compete with the painting for the interpreter)."""
        self.post_message(NumbersHeldTwice(load, _numbers_held_twice(rows)))
        self.stop_if_cancelled()
        years = sorted({str(s.started.year) for s in rows}, reverse=True)
        enterprises = {(s.enterprise, s.edrpou) for s in rows}
        self.post_message(CountsKnown(load, HomeCounts(inspections=" · ".join(self.header_counts(rows)))))
        self.post_message(ListComplete(load, years, enterprises))

    def header_counts(self, rows: list[SummaryRow]) -> list[str]:
        """The counts over the list, each a translated «label: N», from the summaries.

        Runs in the loading worker, off the UI thread: a count may read the store too.
        """
        signed = sum(1 for s in rows if s.status is Status.SIGNED)
        return [
            t("tui.home.count.inspections", n=len(rows)),
            t("tui.home.count.in_progress", n=len(rows) - signed),
            t("tui.home.count.signed", n=signed),
        ]

    @work(thread=True, exclusive=True, group="register-counts", exit_on_error=False)
    def _count_register(self, load: int, today: date) -> None:
        """The year's plan and the open and overdue actions (after the list: it comes first).

        A count the store refuses shows nothing: the list's own loading and the plan and
        follow-up screens say what failed.
        """
        from inspect_tui.register.actions import action_counts, list_actions
        from inspect_tui.register.plan import plan_progress

        try:
            progress = plan_progress(self.store, today.year)
        except StoreError:
            plan = ""
        else:
            plan = t("plan.progress", **progress.model_dump()) if progress.planned else ""
        self.post_message(CountsKnown(load, HomeCounts(plan=plan)))
        self.stop_if_cancelled()
        try:
            open_, overdue = action_counts(list_actions(self.store, today=today))
        except StoreError:
            actions = ""
        else:
            actions = t("actions.tui.header", open=open_, overdue=overdue)
        self.post_message(CountsKnown(load, HomeCounts(actions=actions)))

    def on_counts_known(self, message: CountsKnown) -> None:
        if not self.answers_latest(message):
            return  # the last load's: labelled() loads again once the widgets are back
        self.counts = message.counts.over(self.counts)
        self.show_counts()

    def show_counts(self) -> None:
        """The counts line, the plan line and the title, from what is known of the counts."""
        self.query_one("#home-counts", Static).update(self._counts_text())
        plan = self._plan_text()
        line = self.query_one("#home-plan", Static)
        line.update(plan)
        line.set_class(bool(plan), "-shown")
        self.sub_title = self._title()

    def _counts_text(self) -> str:
        """The counts line: the counts once known, else a loading mark (never a count that is not yet true)."""
        if self.counts.inspections is not None:
            return self.counts.inspections
        if self._last_counts.inspections:  # a reload: the last counts, marked as being brought up to date
            return t("tui.home.counts_updating", counts=self._last_counts.inspections)
        if self._read is not None and self._read[1]:
            return t("tui.home.counts_loading_of", read=self._read[0], total=self._read[1])
        return t("tui.home.counts_loading")

    def _plan_text(self) -> str:
        """The year's plan line ("" hides it: the year has no plan)."""
        plan = self.counts.over(self._last_counts).plan
        return t("plan.progress_loading", year=self.inspect_app.today().year) if plan is None else plan

    def _title(self) -> str:
        """«Перевірки», with the open and overdue actions once they are counted."""
        actions = self.counts.over(self._last_counts).actions
        if actions is None:
            actions = t("actions.tui.header_loading")
        return f"{t('tui.home.title')} · {actions}" if actions else t("tui.home.title")

    def on_summaries_progress(self, message: SummariesProgress) -> None:
        if not self.answers_latest(message):
            return  # the last load's: labelled() loads again once the widgets are back
        if not self._loaded_once:  # a reload keeps the rows already shown until the fresh ones are in
            self.query_one("#home-status", Static).update(t("tui.home.loading_of", read=message.read, total=message.total))
        self._read = (message.read, message.total)
        self.query_one("#home-counts", Static).update(self._counts_text())

    def on_summaries_loaded(self, message: SummariesLoaded) -> None:
        if not self.answers_latest(message):
            return  # the last load's: labelled() loads again once the widgets are back
        self._loaded_once = True
        self.summaries = message.summaries
        self.refill()
        # after the first rows are painted: these workers would compete with the painting for the interpreter
        self.query_one("#inspections", PaintedTable).after_rows_painted(partial(self._after_rows_painted, message))

    def on_screen_suspend(self) -> None:
        self.query_one("#inspections", PaintedTable).run_waiting()  # covered: no paint to wait for

    def _after_rows_painted(self, message: SummariesLoaded) -> None:
        """The list's counts, the register's counts and the app's settings and checks, once the first rows are painted
        (started sooner, threads importing the models and the settings' pydantic held up that painting)."""
        self._count_list(message.load, message.summaries)
        self._count_register(message.load, self.inspect_app.today())
        self.inspect_app.home_listed()

    def on_list_complete(self, message: ListComplete) -> None:
        if not self.answers_latest(message):
            return  # the last load's: labelled() loads again once the widgets are back
        self._enterprises = message.enterprises
        self.complete = True
        replace_options(self.query_one("#year", Select), [(y, y) for y in message.years])
        if self._enterprises_wanted:
            self._sort_enterprises(message.enterprises)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if event.widget.id == "enterprise" and not self._enterprises_wanted:
            self._enterprises_wanted = True
            self._sort_enterprises(self._enterprises)

    @work(thread=True, exclusive=True, group="enterprises", exit_on_error=False)
    def _sort_enterprises(self, enterprises: set[tuple[str, str]]) -> None:
        self.post_message(EnterpriseChoices(_alphabetical(enterprises)))

    def on_enterprise_choices(self, message: EnterpriseChoices) -> None:
        if self.rebuilding:
            return  # the last load's: labelled() loads again once the widgets are back
        replace_options(self.query_one("#enterprise", Select), message.choices)

    def on_numbers_held_twice(self, message: NumbersHeldTwice) -> None:
        if not self.answers_latest(message):
            return  # the last load's: labelled() loads again once the widgets are back
        if message.ids != self.duplicates:
            self.duplicates = message.ids
            self.refill()

    def worker_failed(self, error: BaseException | None) -> None:
        super().worker_failed(error)
        self.post_message(LoadFailed(str(error)))

    def on_load_failed(self, message: LoadFailed) -> None:
        if self.rebuilding:
            return  # the last load's: labelled() loads again once the widgets are back
        self.query_one("#home-status", Static).update(t("tui.home.load_failed", reason=message.reason))
        self.call_after_refresh(self.inspect_app.home_listed)  # the list failed: the settings and checks still follow

    def refill(self) -> None:
        """Show the summaries that pass the filters, keeping the selected row where possible.

        Rows are added a page at a time (``Pager``), so a store of 10,000 inspections shows at
        once. Before the whole list is in, the first page shows while no filter is set; a filter
        typed or chosen hides it and waits for the whole list: the status line keeps saying what
        is being read.
        """
        if not self._loaded_once:
            self.pager.show([] if self.filters.active else self.first_page)
            self.refresh_bindings()
            return
        shown = [s for s in self.summaries if self.filters.accepts(s)] if self.filters.active else self.summaries
        self.pager.show(shown)
        status = t("tui.home.shown", shown=len(shown), total=len(self.summaries))
        if self.duplicates:
            status += " " + t("numbering.tui.home_duplicates", count=len(self.duplicates))
        if not self.summaries:
            status = t("tui.home.empty")
        self.query_one("#home-status", Static).update(status)
        self.refresh_bindings()  # open, review and certificate need a selected row

    def _cells(self, s: SummaryRow) -> tuple[object, ...]:
        return (
            self._number(s),
            cell(s.enterprise),
            format_period(s.started, s.finished),
            t(f"status.{s.status.value}"),
            f"{s.progress}%",
            _violations_and_signs(s),
            _count(s.shortcomings, SHORTCOMING_STYLE),
        )

    def _number(self, s: SummaryRow) -> Text:
        """The number cell: «r2» for a revision, and a red «!» when another inspection holds the number too."""
        number = s.number if s.revision == 1 else f"{s.number} r{s.revision}"
        return cell(f"{number} !", style="bold red") if s.id in self.duplicates else cell(number)

    @on(DataTable.RowHighlighted, "#inspections")
    def _near_the_end(self, event: DataTable.RowHighlighted) -> None:
        self.pager.more(event.cursor_row)

    def selected_id(self) -> UUID | None:
        selected = self.pager.selected()
        return None if selected is None else selected.inspection_id

    # --- filters ---------------------------------------------------------------------------------

    @on(Input.Changed, "#search")
    def _search_changed(self, event: Input.Changed) -> None:
        self.filters.text = event.value
        if len(self.summaries) > SEARCH_DEBOUNCE_ABOVE:
            self._search_pause.poke()
        else:
            self._search_pause.cancel()
            self.refill()

    @on(Input.Submitted, "#search")
    def _search_done(self) -> None:
        self.query_one("#inspections", DataTable).focus()

    @on(Select.Changed)
    def _filter_changed(self, event: Select.Changed) -> None:
        value = ALL if event.value is Select.NULL else str(event.value)
        setattr(self.filters, str(event.select.id), value)
        self.refill()

    @on(DataTable.RowSelected, "#inspections")
    def _row_chosen(self) -> None:
        self.action_open()

    # --- actions ---------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("open", "review", "certificate", "edit_header", "delete_draft") and self.selected_id() is None:
            return None  # shown greyed out: nothing selected
        return True

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_focus_list(self) -> None:
        self.query_one("#inspections", DataTable).focus()

    def action_new(self) -> None:
        from inspect_tui.screens.new_inspection import NewInspectionScreen

        self.app.push_screen(NewInspectionScreen())

    def action_open(self) -> None:
        summary = self.pager.selected()
        if summary is None:
            return
        if summary.status is Status.SIGNED:
            self.action_review()
            return
        from inspect_tui.screens.checklist_run import ChecklistScreen

        self.open_inspection(ChecklistScreen(summary.inspection_id))

    def _selected_draft(self) -> SummaryRow | None:
        """The selected inspection when it is unsigned; a signed one is refused with the reason."""
        summary = self.pager.selected()
        if summary is not None and summary.status is Status.SIGNED:
            self.notify(t("drafts.refused.signed", number=summary.number), severity="warning", timeout=10)
            return None
        return summary

    def action_edit_header(self) -> None:
        summary = self._selected_draft()
        if summary is not None:
            from inspect_tui.screens.header_edit import HeaderScreen

            self.app.push_screen(HeaderScreen(summary.inspection_id))

    def action_delete_draft(self) -> None:
        """Move the selected draft to the trash, once confirmed (the trash screen, ``t``, brings it back)."""
        summary = self._selected_draft()
        if summary is None:
            return
        from inspect_tui import services
        from inspect_tui.screens.dialogs import ConfirmDialog

        def done(confirmed: bool | None) -> None:
            if not confirmed:
                return
            try:
                services.delete_draft(self.store, summary.inspection_id, now=self.inspect_app.now())
            except services.DraftRefused as exc:
                self.notify(t(f"drafts.refused.{exc.code}", **exc.params), severity="warning", timeout=10)
                return
            except StoreError as exc:
                self.store_failed(exc)
                return
            self.notify(t("drafts.tui.deleted", number=summary.number, enterprise=summary.enterprise), timeout=10)
            self.reload()

        self.app.push_screen(ConfirmDialog(t("drafts.tui.confirm_delete", number=summary.number, enterprise=summary.enterprise)), done)

    def action_review(self, certificate: bool = False) -> None:
        inspection_id = self.selected_id()
        if inspection_id is None:
            return
        from inspect_tui.screens.review import ReviewScreen

        self.open_inspection(ReviewScreen(inspection_id, render_now=certificate))

    def action_certificate(self) -> None:
        self.action_review(certificate=True)

    def action_export(self) -> None:
        from inspect_tui.screens.sync import ExportScreen

        self.app.push_screen(ExportScreen(self.selected_id()))

    def action_import(self) -> None:
        from inspect_tui.screens.sync import ImportScreen

        self.app.push_screen(ImportScreen())

    def action_registry(self) -> None:
        from inspect_tui.screens.registry import RegistryScreen

        self.app.push_screen(RegistryScreen())

    def action_annual_report(self) -> None:
        from inspect_tui.screens.annual_report import AnnualReportScreen

        year = self.filters.year  # the year the list is filtered to, else this year
        self.app.push_screen(AnnualReportScreen(int(year) if year.isdigit() else None))

    def action_follow_up(self) -> None:
        from inspect_tui.screens.follow_up import FollowUpScreen

        self.app.push_screen(FollowUpScreen())

    def action_plan(self) -> None:
        from inspect_tui.screens.plan import PlanScreen

        self.app.push_screen(PlanScreen())

    def action_settings(self) -> None:
        from inspect_tui.screens.settings import SettingsScreen

        self.app.push_screen(SettingsScreen())

    def action_trash(self) -> None:
        from inspect_tui.screens.trash import TrashScreen

        self.app.push_screen(TrashScreen())


def _numbers_held_twice(rows: list[SummaryRow]) -> frozenset[str]:
    """Ids of the inspections whose number another inspection holds too: ``find_conflicts`` over the rows that can be
    in a conflict (a number written more than once) and the older revisions their chains run through, not all 10,000."""
    from inspect_tui.domain.numbering import NumberHolder, find_conflicts, number_key

    keys = [number_key(s.number) for s in rows]
    seen = Counter(keys)
    by_id = {s.id: s for s in rows}
    wanted = {s.id for s, key in zip(rows, keys, strict=True) if seen[key] > 1}
    for start in list(wanted):  # a chain's root is found through its older revisions, whatever their numbers
        current = by_id[start].supersedes
        while current is not None and current in by_id and current not in wanted:
            wanted.add(current)
            current = by_id[current].supersedes
    conflicts = find_conflicts(NumberHolder.of(by_id[i]) for i in wanted)
    return frozenset(str(i) for c in conflicts for i in c.inspection_ids)


def _alphabetical(enterprises: set[tuple[str, str]]) -> list[tuple[str, str]]:
    """(name, ЄДРПОУ) in Ukrainian alphabetical order of the name (imports the collation on first use)."""
    from inspect_tui.collation import sort_key

    return sorted(enterprises, key=lambda e: (sort_key(e[0]), e[1]))


def _count(value: int, style: str) -> Text | str:
    """A shortcomings cell: the number in its colour, «–» for none."""
    return Text(str(value), style=style) if value else "–"


def _violations_and_signs(s: SummaryRow) -> Text | str:
    """«2/1»: violations of the Law, then signs of an official's breach, each in its colour (never one figure for both)."""
    if not s.open_violations:
        return "–"
    return Text.assemble(_count(s.violations, VIOLATION_STYLE), "/", _count(s.signs, SIGNS_STYLE))
