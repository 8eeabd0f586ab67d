"""Export and import of bundles, and the conflicts view.

Both run in worker threads (a bundle of thousands of inspections takes seconds); the
import is checked with a dry run first and applied only when the inspector confirms.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING
from uuid import UUID

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Checkbox, DataTable, Input, ProgressBar, Select, Static, TextArea

from inspect_tui.i18n import t
from inspect_tui.screens.base import AppScreen
from inspect_tui.screens.dialogs import ConfirmDialog
from inspect_tui.screens.files import FilePickerDialog, SaveAsDialog
from inspect_tui.screens.passphrase import PassphraseDialog
from inspect_tui.screens.ui_state import LastFolders
from inspect_tui.store import StoreError
from inspect_tui.widgets.cells import cell
from inspect_tui.widgets.forms import FormError, FormField, format_date, lines, parse_date

if TYPE_CHECKING:
    from inspect_tui.sync.conflicts import ConflictCopy

SCOPES = ("all", "since", "selected")


@dataclass
class Progressed(Message):
    done: int
    total: int

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, Progressed)  # only the latest position matters


@dataclass
class SyncFailed(Message):
    """A worker was refused or failed: ``reason`` says why, in the user's language."""

    reason: str


@dataclass
class Exported(Message):
    """The bundle is written; ``text`` says what it holds and where."""

    text: str


@dataclass
class ImportDone(Message):
    """The bundles in ``paths`` were checked (``dry_run``) or imported; ``text`` is the report."""

    text: str
    paths: list[Path]
    dry_run: bool


@dataclass
class ConflictsLoaded(Message):
    copies: list[ConflictCopy]


class ExportScreen(AppScreen):
    BINDINGS = [
        Binding("ctrl+s", "export", "tui.keys.run_export", id="export-run"),
        Binding("ctrl+o", "save_as", "tui.keys.save_as", id="export-save-as"),
        Binding("escape", "app.pop_screen", "tui.keys.back", id="export-back"),
    ]

    def __init__(self, selected: UUID | None = None) -> None:
        super().__init__()
        self.selected = selected

    def rebuild(self) -> AppScreen:
        return ExportScreen(self.selected)

    def compose(self) -> ComposeResult:
        today = self.inspect_app.today()
        default = self.store.data_dir / "exports" / f"inspect-tui-{today.isoformat()}.json"
        scopes = [(t(f"tui.sync.scope_{s}"), s) for s in SCOPES if s != "selected" or self.selected]
        yield from self.header()
        with VerticalScroll(id="form"):
            yield FormField(t("tui.sync.out"), Input(str(default), id="out", compact=True), name="out")
            yield FormField(t("tui.sync.scope"), Select(scopes, value="all", allow_blank=False, id="scope", compact=True), name="scope")
            yield FormField(t("tui.sync.since"), Input(format_date(today.replace(day=1)), id="since", compact=True), name="since")
            yield Checkbox(t("tui.sync.attachments"), True, id="attachments", compact=True)
            yield Checkbox(t("tui.sync.encrypt"), False, id="encrypt", compact=True)
            yield ProgressBar(id="progress", show_eta=False)
            yield Static("", id="sync-result")
        yield Static(t("tui.sync.export_hint"), id="form-status")
        yield from self.footer()

    def on_mount(self) -> None:
        self.sub_title = t("tui.sync.export_title")
        self.query_one("#out", Input).focus()

    def action_export(self) -> None:
        for field in self.query(FormField):
            field.set_error("")
        scope = self.query_one("#scope", Select).value
        since = None
        if scope == "since":
            try:
                since = parse_date(self.query_one("#since", Input).value)
            except FormError as exc:
                self.query_one("#field-since", FormField).set_error(str(exc))
                return
        raw_out = self.query_one("#out", Input).value.strip()
        if not raw_out:
            self.query_one("#field-out", FormField).set_error(t("tui.form.required"))
            return
        out = Path(raw_out).expanduser()
        ids = [self.selected] if scope == "selected" and self.selected else None
        attachments = self.query_one("#attachments", Checkbox).value

        def run(passphrase: str | None) -> None:
            self.query_one("#sync-result", Static).update(t("tui.sync.exporting"))
            self._export_bundle(out, ids, since, attachments, passphrase)

        if not self.query_one("#encrypt", Checkbox).value:
            run(None)
            return
        self.app.push_screen(PassphraseDialog(confirm=True), lambda given: run(given) if given is not None else None)

    def action_save_as(self) -> None:
        """Choose where the bundle goes (a USB stick): the folder tree and a file name."""
        out = Path(self.query_one("#out", Input).value.strip() or "inspect-tui.json").expanduser()

        def chosen(path: Path | None) -> None:
            if path is not None:
                self.query_one("#out", Input).value = str(path)

        self.app.push_screen(
            SaveAsDialog(t("files.bundle_title"), LastFolders(self.store), "bundles", name=out.name, data_dir=self.store.data_dir), chosen
        )

    def _progressed(self, done: int, total: int) -> None:
        """Export progress, from the worker thread to the screen."""
        self.post_message(Progressed(done, total))

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def _export_bundle(self, out: Path, ids: list[UUID] | None, since: date | None, attachments: bool, passphrase: str | None) -> None:
        from inspect_tui.sync import ExportRefused, export_bundle

        try:  # the writer makes a missing folder owner-only, as the data dir's own (exports/)
            report = export_bundle(
                self.store, out, inspection_ids=ids, since=since, attachments=attachments,
                progress=self._progressed, passphrase=passphrase,
            )
        except ExportRefused as exc:
            self.post_message(SyncFailed(str(exc)))
            return
        except (OSError, StoreError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            self.post_message(SyncFailed(t("tui.sync.write_failed", path=str(out), reason=reason)))
            return
        self.post_message(Exported(report.summary()))

    def on_progressed(self, message: Progressed) -> None:
        self.query_one("#progress", ProgressBar).update(total=max(message.total, 1), progress=message.done)

    def on_exported(self, message: Exported) -> None:
        bar = self.query_one("#progress", ProgressBar)
        bar.update(total=bar.total or 1, progress=bar.total or 1)
        self.query_one("#sync-result", Static).update(Text(message.text, style="green"))
        self.notify(message.text, timeout=8)

    def on_sync_failed(self, message: SyncFailed) -> None:
        self.query_one("#sync-result", Static).update(Text(message.reason, style="red"))
        self.notify(message.reason, severity="error", timeout=8)


class ImportScreen(AppScreen):
    BINDINGS = [
        Binding("ctrl+o", "choose_file", "tui.keys.choose_file", id="import-choose"),
        Binding("ctrl+r", "check", "tui.keys.check", id="import-check"),
        Binding("ctrl+s", "apply", "tui.keys.apply", id="import-apply"),
        Binding("ctrl+k", "conflicts", "tui.keys.conflicts", priority=True, id="import-conflicts"),
        Binding("escape", "app.pop_screen", "tui.keys.back", id="import-back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.checked: list[Path] | None = None  # the files a dry run accepted; apply only imports these
        self.passphrase: str | None = None  # for sealed files: asked at the check, kept in memory for the apply

    def compose(self) -> ComposeResult:
        yield from self.header()
        with VerticalScroll(id="form"):
            yield FormField(t("tui.sync.files"), TextArea(id="files", compact=True), name="files")
            yield Static("", id="sync-result")
        yield Static(t("tui.sync.import_hint"), id="form-status")
        yield from self.footer()

    def on_mount(self) -> None:
        self.sub_title = t("tui.sync.import_title")
        self.query_one("#files", TextArea).focus()

    def _paths(self) -> list[Path] | None:
        paths = [Path(p).expanduser() for p in lines(self.query_one("#files", TextArea).text)]
        if not paths:
            self.query_one("#field-files", FormField).set_error(t("tui.form.required"))
            return None
        self.query_one("#field-files", FormField).set_error("")
        return paths

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "apply" and self.checked is None:
            return None
        return True

    def action_choose_file(self) -> None:
        """Add a bundle file chosen in the folder tree to the list (typing paths still works)."""
        files = self.query_one("#files", TextArea)

        def chosen(path: Path | None) -> None:
            if path is not None:
                files.text = "\n".join([*lines(files.text), str(path)])
                files.focus()

        folders = LastFolders(self.store)
        self.app.push_screen(FilePickerDialog(t("files.bundle_open_title"), folders, "bundles", suffixes=(".json", ".itui")), chosen)

    def action_check(self) -> None:
        from inspect_tui.sync.sealed import PASSPHRASE_ENV, sealed_file

        paths = self._paths()
        if paths is None:
            return
        self.checked = None
        self.passphrase = os.environ.get(PASSPHRASE_ENV)
        self.refresh_bindings()
        sealed = [p.name for p in paths if sealed_file(p)]

        def check(passphrase: str | None) -> None:
            self.passphrase = passphrase
            self.query_one("#sync-result", Static).update(t("tui.sync.checking"))
            self._import_bundles(paths, dry_run=True, passphrase=passphrase)

        if not sealed or self.passphrase is not None:
            check(self.passphrase)
            return
        dialog = PassphraseDialog(confirm=False, files=", ".join(sealed))
        self.app.push_screen(dialog, lambda given: check(given) if given is not None else None)

    def action_apply(self) -> None:
        paths = self._paths()
        if paths is None:
            return
        if paths != self.checked:
            self.notify(t("tui.sync.check_first"), severity="warning")
            return

        def done(yes: bool | None) -> None:
            if yes:
                self.query_one("#sync-result", Static).update(t("tui.sync.importing"))
                self._import_bundles(paths, dry_run=False, passphrase=self.passphrase)

        self.app.push_screen(ConfirmDialog(t("tui.sync.confirm", files=len(paths))), done)

    @work(thread=True, exclusive=True, group="import", exit_on_error=False)
    def _import_bundles(self, paths: list[Path], dry_run: bool, passphrase: str | None) -> None:
        from inspect_tui.sync import BundleRejected, import_bundles

        try:
            report = import_bundles(self.store, paths, dry_run=dry_run, passphrase=passphrase)
        except BundleRejected as exc:
            problems = [*(str(p) for p in exc.problems), *exc.tail()]
            self.post_message(SyncFailed("\n".join([str(exc), *problems])))
            return
        except (OSError, StoreError) as exc:
            self.post_message(SyncFailed(t("tui.sync.import_failed", reason=str(exc))))
            return
        text = "\n".join([report.summary_table(), *report.details()])
        self.post_message(ImportDone(text, paths, dry_run))

    def on_import_done(self, message: ImportDone) -> None:
        if not message.dry_run:
            self.inspect_app.reload_settings()
        self.query_one("#sync-result", Static).update(Text(message.text))
        self.checked = message.paths if message.dry_run else None
        self.query_one("#form-status", Static).update(t("tui.sync.apply_hint" if message.dry_run else "tui.sync.import_hint"))
        self.refresh_bindings()

    def on_sync_failed(self, message: SyncFailed) -> None:
        self.query_one("#sync-result", Static).update(Text(message.reason, style="red"))
        self.checked = None
        self.refresh_bindings()

    def action_conflicts(self) -> None:
        self.app.push_screen(ConflictsScreen())


class ConflictsScreen(AppScreen):
    """Copies kept aside by imports that wait for a choice: which inspection, why, from which installation and file.

    Enter opens one beside the current inspection (``ConflictViewScreen``), where the officer chooses.
    """

    BINDINGS = [
        Binding("enter", "open_copy", "tui.keys.open_copy", id="conflicts-open"),
        Binding("escape", "app.pop_screen", "tui.keys.back", id="conflicts-back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.copies: list[ConflictCopy] = []

    def compose(self) -> ComposeResult:
        yield from self.header()
        yield DataTable(id="conflicts", cursor_type="row", zebra_stripes=True)
        yield Static("", id="form-status")
        yield from self.footer()

    def on_mount(self) -> None:
        self.sub_title = t("tui.sync.conflicts_title")
        table = self.query_one("#conflicts", DataTable)
        for key in ("number", "enterprise", "kept_at", "source", "reason"):
            table.add_column(t(f"tui.sync.col.{key}"), key=key)
        self._load_conflicts()
        table.focus()

    @work(thread=True, exclusive=True, group="conflicts", exit_on_error=False)
    def _load_conflicts(self) -> None:
        from inspect_tui.sync import list_conflicts

        try:
            copies = list_conflicts(self.store)
        except StoreError as exc:
            self.post_message(SyncFailed(str(exc)))
            return
        self.post_message(ConflictsLoaded(copies))

    def on_sync_failed(self, message: SyncFailed) -> None:
        self.query_one("#form-status", Static).update(Text(message.reason, style="red"))

    def on_screen_resume(self) -> None:
        if self.copies:  # back from the viewer: a copy chosen leaves the list
            self._load_conflicts()

    def action_open_copy(self) -> None:
        from inspect_tui.screens.conflict_view import ConflictViewScreen

        row = self.query_one("#conflicts", DataTable).cursor_row
        if 0 <= row < len(self.copies):
            self.app.push_screen(ConflictViewScreen(self.copies[row]))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_copy()

    def on_conflicts_loaded(self, message: ConflictsLoaded) -> None:
        table = self.query_one("#conflicts", DataTable)
        table.clear()
        self.copies = message.copies
        for copy in message.copies:
            table.add_row(
                cell(copy.inspection.number),
                cell(copy.inspection.enterprise.short_name),
                copy.kept_at.astimezone().strftime("%Y-%m-%d %H:%M"),
                cell(copy.source),
                t(f"sync.reason.{copy.reason.value}"),
            )
        hint = f" {t('conflict.tui.open_hint')}" if message.copies else ""
        self.query_one("#form-status", Static).update(t("tui.sync.conflicts_count", count=len(message.copies)) + hint)
