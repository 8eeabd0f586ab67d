"""The annual report as a screen: the year's lines in the council's form, unfinished inspections,
totals by enterprise and by checklist section; ``[`` and ``]`` change the year, ``w`` writes the files.

In a register of several councils (a region's database) a select (``c``) chooses one council's report or the
whole register's; it starts on the settings' council when the register holds its certificates.

The facts are built in a worker from the summary index (``register.annual``), and the files
(PDF, DOCX, CSV, JSON: ``inspect_tui.report``) are written in another, so the screen stays
responsive with thousands of inspections.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Checkbox, DataTable, Input, Label, Select, Static

from inspect_tui import services
from inspect_tui.domain.bounds import FIRST_YEAR, LAST_YEAR
from inspect_tui.escaping import one_line
from inspect_tui.i18n import t
from inspect_tui.register.annual import AnnualReport, Outcome, listed
from inspect_tui.screens.base import AppScreen, Loaded
from inspect_tui.screens.dialogs import FormDialog
from inspect_tui.screens.files import SaveAsDialog
from inspect_tui.screens.ui_state import LastFolders
from inspect_tui.store import StoreError
from inspect_tui.widgets.cells import cell
from inspect_tui.widgets.forms import FormField

FORMATS = ("pdf", "docx", "csv", "json")
DEFAULT_FORMATS = ("pdf", "docx")
PAGE = 100  # rows added to a table at a time: a year may list 10,000 inspections
#: tables of the report's lines (numbered sentences): wrapped to the screen, never cut at its edge
LINE_TABLES = frozenset({"report-lines", "report-drafts", "report-follow-ups", "report-numbers"})
#: the room the number column, the table's padding and the scroll bar take beside a line
_LINE_MARGIN = 14
#: the screen's tables in the document's order: (id, heading key of the document)
TABLES = (
    ("lines", "inspections_heading"),
    ("drafts", "drafts_heading"),
    ("plan", "plan_heading"),
    ("follow-ups", "follow_ups_heading"),
    ("progress", "found_heading"),
    ("responses", "response_intro"),
    ("enterprises", "enterprises_heading"),
    ("sections", "sections_heading"),
    ("numbers", "numbers_heading"),
)


@dataclass
class ReportLoaded(Loaded):
    report: AnnualReport
    councils: list[str] | None = None  # the register's councils, when this load looked them up (the first)
    council: str | None = None  # whose report it is (None: the whole register's)


def default_council(councils: list[str], own: str) -> str | None:
    """The report a register of several councils opens on: the settings' council's when it holds its
    certificates, else the whole register's (None); a register of one council reports whole, as ever."""
    return own if len(councils) > 1 and own in councils else None


@dataclass
class ReportDone(Message):
    """A worker finished: ``text`` to show, ``ok`` whether it succeeded."""

    text: str
    ok: bool


def report_path(data_dir: Path, year: int) -> Path:
    """Where the report's files go by default: ``<data dir>/reports/richnyi-zvit-<year>.pdf`` (and .docx …)."""
    return data_dir / "reports" / f"richnyi-zvit-{year}.pdf"


class WriteReportDialog(FormDialog[tuple[Path, list[str]] | None]):
    """Where to write the report and in which formats (one file per format, the path's extension replaced)."""

    BINDINGS = [
        Binding("ctrl+s", "save", "tui.keys.save", id="report-save"),
        Binding("ctrl+o", "save_as", "tui.keys.save_as", id="report-save-as"),
    ]

    def __init__(self, path: Path, folders: LastFolders, data_dir: Path) -> None:
        super().__init__()
        self.path = path
        self.folders = folders
        self.data_dir = data_dir

    def action_save_as(self) -> None:
        """Choose the folder (a USB stick) and the name in the folder tree; the formats stay as ticked."""
        field = self.query_one("#report-path", Input)

        def chosen(path: Path | None) -> None:
            if path is not None:
                field.value = str(path)

        name = Path(field.value.strip() or self.path.name).name
        self.app.push_screen(SaveAsDialog(t("files.report_title"), self.folders, "reports", name=name, data_dir=self.data_dir), chosen)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide", id="report-dialog"):
            yield Label(t("report.screen.write_title"), classes="dialog-title")
            yield FormField(t("report.screen.path"), Input(str(self.path), id="report-path", compact=True), name="report-path")
            with Horizontal(id="report-formats"):
                for fmt in FORMATS:
                    yield Checkbox(fmt.upper(), fmt in DEFAULT_FORMATS, id=f"format-{fmt}", compact=True)
            yield Static(t("report.screen.write_hint"), classes="dialog-hint")
            yield Static(t("files.save_as_hint"), classes="dialog-hint")
            yield Static("", id="report-error", classes="field-error")
            yield from self.buttons(t("tui.keys.save"))

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#report-path", Input).focus()

    def action_save(self) -> None:
        raw = self.query_one("#report-path", Input).value.strip()
        chosen = [fmt for fmt in FORMATS if self.query_one(f"#format-{fmt}", Checkbox).value]
        if not raw:
            self.query_one("#field-report-path", FormField).set_error(t("tui.form.required"))
        elif not chosen:
            self.query_one("#report-error", Static).update(t("report.screen.no_format"))
        else:
            self.dismiss((Path(raw).expanduser(), chosen))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()


class AnnualReportScreen(AppScreen):
    BINDINGS = [
        Binding("left_square_bracket", "year(-1)", "tui.keys.prev_year", id="prev-year"),
        Binding("right_square_bracket", "year(1)", "tui.keys.next_year", id="next-year"),
        Binding("w", "write", "tui.keys.write_report", id="write-report"),
        Binding("c", "council", "tui.keys.report_council", id="report-council"),
        Binding("escape", "app.pop_screen", "tui.keys.back", id="report-back"),
    ]

    def __init__(self, year: int | None = None) -> None:
        super().__init__()
        self.year = year
        self.report: AnnualReport | None = None
        self.councils: list[str] | None = None  # looked up by the first load
        self.council: str | None = None  # whose report is shown (None: the whole register's)
        self._rows: dict[str, list[list[str]]] = {}  # table id → all its rows (added a page at a time)

    def rebuild(self) -> AppScreen:
        return AnnualReportScreen(self.year)

    def compose(self) -> ComposeResult:
        if self.year is None:
            self.year = self.inspect_app.today().year
        yield from self.header()
        yield Select([], prompt=t("report.screen.whole_register"), id="report-council", compact=True)
        with VerticalScroll(id="report"):
            yield Static(t("report.screen.loading"), id="report-summary")
            for name, heading in TABLES:
                yield Label(t(f"report.doc.{heading}"), classes="report-heading")
                yield DataTable(id=f"report-{name}", cursor_type="row", zebra_stripes=True)
        yield Static(t("report.screen.hint"), id="form-status")
        yield from self.footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.labelled()
        self.load()

    def labelled(self) -> None:
        self.sub_title = t("report.screen.title", year=self.year)

    # --- loading ---------------------------------------------------------------------------------

    def load(self) -> None:
        assert self.year is not None
        self.report = None
        self.sub_title = t("report.screen.title", year=self.year)
        self.query_one("#report-summary", Static).update(t("report.screen.loading"))
        self._build(self.begin_load(), self.year, self.inspect_app.today(), self.council, first=self.councils is None)

    @work(thread=True, exclusive=True, group="annual-report", exit_on_error=False)
    def _build(self, load: int, year: int, today: date, council: str | None, *, first: bool) -> None:
        """The report of ``council`` (the first load: of the council the register opens on, ``default_council``)."""
        from inspect_tui.register.annual import annual_report

        try:
            councils = services.report_councils(self.store) if first else None
            if councils is not None:
                council = default_council(councils, self.store.get_settings().council_name)
            report = annual_report(self.store, year, today=today, council=council)
        except StoreError as exc:
            self.stop_if_cancelled()
            self.post_message(ReportDone(t("report.screen.failed", reason=str(exc)), ok=False))
            return
        self.stop_if_cancelled()
        self.post_message(ReportLoaded(load, report, councils, council))

    def on_report_loaded(self, message: ReportLoaded) -> None:
        """The report's own tables (in the document's language: this is what the files will say)."""
        from inspect_tui.report import rows

        if not self.answers_latest(message):
            return  # an earlier build (another year) finished after the latest: never shown, never written
        r = self.report = message.report
        if message.councils is not None:
            self._councils(message.councils, message.council)
        f = r.found
        self.query_one("#report-summary", Static).update(
            t("report.screen.summary", year=r.year, signed=len(r.inspections), drafts=len(r.drafts), follow_ups=len(r.follow_ups),
              violations=f.violations, signs=f.signs, shortcomings=f.shortcomings)
        )
        numbered = [t("report.doc.col.no"), t("report.doc.col.line")]
        self._fill("lines", numbered, [[str(n), text] for n, text in enumerate(listed(r.inspections), 1)])
        self._fill("drafts", numbered, [[str(n), text] for n, text in enumerate(listed(r.drafts), 1)])
        self._fill("follow-ups", numbered, [[str(n), text] for n, text in enumerate(listed(r.follow_ups), 1)])
        self._fill("numbers", numbered, [[str(n), text] for n, text in enumerate(listed(r.number_conflicts), 1)])
        plan = rows.plan(r)
        self._fill("plan", plan[0], plan[1:])
        totalled = (("progress", rows.progress(r, Outcome.REMEDY)), ("enterprises", rows.enterprises(r)), ("sections", rows.sections(r)))
        for name, table in totalled:
            self._fill(name, table[0], table[1:] if len(table) > 2 else [])  # a total alone says nothing
        responses = rows.progress(r, Outcome.RESPONSE)  # one kind, no total
        self._fill("responses", responses[0], responses[1:])

    def _councils(self, councils: list[str], council: str | None) -> None:
        """Show the select of councils when the register holds several (blank: the whole register)."""
        self.councils, self.council = councils, council
        select = self.query_one("#report-council", Select)
        with select.prevent(Select.Changed):
            select.set_options((one_line(c), c) for c in councils)
            select.value = Select.NULL if council is None else council
        select.set_class(len(councils) > 1, "-shown")
        self.refresh_bindings()

    @on(Select.Changed, "#report-council")
    def _council_changed(self, event: Select.Changed) -> None:
        council = None if event.value is Select.NULL else str(event.value)
        if council != self.council:
            self.council = council
            self.load()

    def _fill(self, name: str, columns: list[str], rows: list[list[str]]) -> None:
        """Columns and the first page of rows; the rest follow as the cursor reaches the end (``_more``)."""
        table = self.query_one(f"#report-{name}", DataTable)
        table.clear(columns=True)
        table.add_columns(*columns)
        self._rows[f"report-{name}"] = rows
        if rows:
            self._add(table, rows[:PAGE])
        else:
            table.add_row(t("report.screen.none"), *[""] * (len(columns) - 1))

    def _add(self, table: DataTable, rows: list[list[str]]) -> None:
        """Rows at the end of ``table``; a report line is wrapped to the screen's width, its row as tall as it needs."""
        if str(table.id) not in LINE_TABLES:
            table.add_rows(_cells(rows))
            return
        width = max(20, self.size.width - _LINE_MARGIN)
        for number, line in rows:
            # wrapped after the escaping: a line break typed into a name is shown, never breaks the line
            table.add_row(cell(number), Text(textwrap.fill(one_line(line), width)), height=None)

    def on_resize(self) -> None:
        """Lines wrapped for the old width are wrapped again for the new one (the rows shown so far)."""
        for name in LINE_TABLES:
            rows = self._rows.get(name)
            if rows:
                table = self.query_one(f"#{name}", DataTable)
                shown = table.row_count
                table.clear()
                self._add(table, rows[:shown])

    @on(DataTable.RowHighlighted)
    def _more(self, event: DataTable.RowHighlighted) -> None:
        table = event.data_table
        rows = self._rows.get(str(table.id), [])
        if event.cursor_row >= table.row_count - 1 and table.row_count < len(rows):
            self._add(table, rows[table.row_count : table.row_count + PAGE])

    def on_report_done(self, message: ReportDone) -> None:
        self.query_one("#form-status", Static).update(Text(message.text, style="green" if message.ok else "red"))
        self.notify(message.text, severity="information" if message.ok else "error", timeout=8)

    # --- actions ---------------------------------------------------------------------------------

    def action_year(self, step: int) -> None:
        assert self.year is not None
        year = self.year + step
        if FIRST_YEAR <= year <= LAST_YEAR:
            self.year = year
            self.load()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "write" and (self.report is None or self.report.year != self.year):
            return None  # shown greyed out until the year's report is built
        if action == "council":
            return len(self.councils or ()) > 1  # a register of one council has nothing to choose
        return True

    def action_council(self) -> None:
        select = self.query_one("#report-council", Select)
        select.focus()
        select.expanded = True

    def action_write(self) -> None:
        report = self.report
        if report is None:
            return

        def chosen(result: tuple[Path, list[str]] | None) -> None:
            if result is not None:
                path, formats = result
                self.query_one("#form-status", Static).update(t("report.screen.writing"))
                self._write(report, path, formats)

        self.app.push_screen(WriteReportDialog(report_path(self.store.data_dir, report.year), LastFolders(self.store), self.store.data_dir), chosen)

    @work(thread=True, exclusive=True, group="annual-report-files", exit_on_error=False)
    def _write(self, report: AnnualReport, path: Path, formats: list[str]) -> None:
        from inspect_tui.report import write_report

        written = []
        for fmt in formats:
            out = path.with_suffix(f".{fmt}")
            try:
                write_report(report, out, fmt, data_dir=self.store.data_dir)
            except OSError as exc:
                self.post_message(ReportDone(t("report.screen.write_failed", path=str(out), reason=exc.strerror or str(exc)), ok=False))
                return
            written.append(str(out))
        text = t("report.screen.written", paths=", ".join(written))
        if not (report.council.strip() and report.unit.strip()):
            text += " " + t("report.no_header")
        self.post_message(ReportDone(text, ok=True))


def _cells(rows: list[list[str]]) -> list[list[Text]]:
    """A page of the report's rows as cells (names from the register are text, never markup)."""
    return [[cell(c) for c in row] for row in rows]
