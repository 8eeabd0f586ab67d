"""«Кошик»: the deleted drafts, each restored after a confirmation, as ``inspect-tui inspections restore`` does.

The trash is read, and a draft restored, in workers (a trashed draft is a whole inspection file); their
results come back as typed messages tagged with the load they answer, so a slow read never puts an
older trash back on the screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from rich.markup import escape
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Static

from inspect_tui import services
from inspect_tui.domain.trash import Trashed
from inspect_tui.i18n import t
from inspect_tui.screens.base import AppScreen, Loaded
from inspect_tui.screens.dialogs import ConfirmDialog
from inspect_tui.store import StoreError
from inspect_tui.widgets.cells import cell
from inspect_tui.widgets.forms import format_period
from inspect_tui.widgets.keys import any_layout


@dataclass
class TrashLoaded(Loaded):
    """The deleted drafts, the last deleted first."""

    kept: list[Trashed]


@dataclass
class TrashFailed(Loaded):
    """The trash could not be read (a damaged file): the reason, shown in the status line."""

    reason: str


@dataclass
class RestoreDone(Message):
    """A restoring ended: ``text`` says how (the draft is back, or why not, as the CLI says it)."""

    text: str
    ok: bool


class TrashScreen(AppScreen):
    BINDINGS = [
        Binding(any_layout("r"), "restore", "tui.keys.restore", id="trash-restore"),
        Binding("enter", "restore", "tui.keys.restore", show=False, id="trash-restore-enter"),
        Binding("escape", "app.pop_screen", "tui.keys.back", id="trash-back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.kept: list[Trashed] = []
        self.restoring = False  # one restoring at a time: a second key press while the first is written does nothing

    def compose(self) -> ComposeResult:
        yield from self.header()
        # kept for ``selected``: the footer asks ``check_action`` even while the screen is being taken down
        self.table: DataTable[object] = DataTable(id="trash", cursor_type="row", zebra_stripes=True)
        yield self.table
        yield Static(t("drafts.tui.loading"), id="trash-status")
        yield from self.footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.labelled()

    def labelled(self) -> None:
        self.sub_title = t("drafts.tui.title")
        for key in ("number", "enterprise", "dates", "deleted"):
            self.table.add_column(t(f"drafts.tui.col.{key}"), key=key)
        self.table.focus()
        self.reload()

    def reload(self) -> None:
        self._load(self.begin_load())

    @work(thread=True, exclusive=True, group="trash", exit_on_error=False)
    def _load(self, load: int) -> None:
        try:
            kept = services.trashed(self.store)
        except StoreError as exc:
            self.post_message(TrashFailed(load, str(exc)))
            return
        self.stop_if_cancelled()
        self.post_message(TrashLoaded(load, kept))

    def on_trash_loaded(self, message: TrashLoaded) -> None:
        if not self.answers_latest(message):
            return  # an earlier read: the latest one's trash is (or will be) shown
        self.kept = message.kept
        table = self.table
        table.clear()
        for kept in self.kept:
            ins = kept.inspection
            deleted = kept.deleted_at.astimezone().strftime("%d.%m.%Y %H:%M")
            table.add_row(cell(ins.number), cell(ins.enterprise.short_name), format_period(ins.start_date, ins.end_date), deleted, key=str(ins.id))
        status = t("drafts.tui.count", count=len(self.kept)) if self.kept else t("drafts.trash_empty")
        self.query_one("#trash-status", Static).update(status)
        self.refresh_bindings()

    def on_trash_failed(self, message: TrashFailed) -> None:
        if self.answers_latest(message):
            self.query_one("#trash-status", Static).update(t("drafts.tui.load_failed", reason=message.reason))

    def selected(self) -> Trashed | None:
        row = self.table.cursor_row
        return self.kept[row] if self.kept and 0 <= row < len(self.kept) else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "restore" and self.selected() is None:
            return None  # shown greyed out: the trash is empty
        return True

    @on(DataTable.RowSelected, "#trash")
    def _row_chosen(self) -> None:
        self.action_restore()

    def action_restore(self) -> None:
        """Restore the selected draft once confirmed."""
        kept = self.selected()
        if kept is None or self.restoring:
            return
        ins = kept.inspection

        def done(confirmed: bool | None) -> None:
            if confirmed:
                self.restoring = True
                self._restore(ins.id)

        question = t("drafts.tui.confirm_restore", number=escape(ins.number), enterprise=escape(ins.enterprise.short_name))
        self.app.push_screen(ConfirmDialog(question), done)

    @work(thread=True, group="trash-restore", exit_on_error=False)
    def _restore(self, inspection_id: UUID) -> None:
        try:
            restored = services.restore_draft(self.store, inspection_id)
        except services.DraftRefused as exc:
            self.post_message(RestoreDone(t(f"drafts.refused.{exc.code}", **exc.params), ok=False))
        except StoreError as exc:
            self.post_message(RestoreDone(t("drafts.tui.restore_failed", reason=str(exc)), ok=False))
        else:
            self.post_message(RestoreDone(t("drafts.restored", number=restored.number, enterprise=restored.enterprise.short_name), ok=True))

    def on_restore_done(self, message: RestoreDone) -> None:
        self.restoring = False
        self.notify(message.text, severity="information" if message.ok else "warning", timeout=10 if message.ok else 20)
        self.reload()

    def worker_failed(self, error: BaseException | None) -> None:
        """A restoring that failed unexpectedly is said (``AppScreen``) and may be tried again; the trash is read anew."""
        super().worker_failed(error)
        self.restoring = False
        self.reload()
