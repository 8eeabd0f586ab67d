"""What every full screen of the app shares: typed access to the app, the store and the clock, and
the tagging of what its workers load."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from uuid import UUID

from textual.app import ComposeResult
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header
from textual.worker import Worker, WorkerState, get_current_worker

from inspect_tui.domain.status import Status
from inspect_tui.i18n import t
from inspect_tui.screens.ui_state import UiJournal
from inspect_tui.store import NotFound, StoreCorrupt, StoreError
from inspect_tui.widgets.footer import KeyFooter
from inspect_tui.widgets.forms import stop_blinking

if TYPE_CHECKING:
    from inspect_tui.app import InspectApp
    from inspect_tui.domain.inspection import Inspection
    from inspect_tui.store_protocol import RegisterStore
    from inspect_tui.widgets.finding_editor import FindingEditor


@dataclass
class Loaded(Message):
    """A worker's result for one load of its screen: ``load`` is what ``AppScreen.begin_load`` gave it."""

    load: int


class LoadCancelled(Exception):
    """Raised in a worker (``AppScreen.stop_if_cancelled``) whose load is no longer wanted, to stop its reading."""


class AppScreen(Screen[Any]):
    """A full screen with a header and a translated footer.

    ``rebuild`` makes a fresh copy (for a language switch); ``flush_edits`` saves text
    being typed (called before leaving and on quit).

    A screen that reads the store in workers tags each load (``begin_load``) and shows a result only
    when it ``answers_latest``: a slower earlier load's result, arriving after a later one's, would
    otherwise put old data back on the screen for good. Its workers are exclusive in their group, so a
    new load cancels the last one (as leaving the screen cancels them all), and they check
    ``stop_if_cancelled`` between steps, so returning to a screen again and again does not pile up threads.
    """

    _generation = 0  # the latest load's number

    @property
    def inspect_app(self) -> InspectApp:
        return self.app  # type: ignore[return-value]

    @property
    def store(self) -> RegisterStore:
        return self.inspect_app.store

    def rebuild(self) -> AppScreen:
        return type(self)()

    #: True while ``relabel`` rebuilds the widgets: a worker's message handled meanwhile finds none
    rebuilding = False

    async def relabel(self) -> None:
        """Render again in the current language, in place (for the screen at the bottom of the stack)."""
        self.rebuilding = True
        try:
            await self.recompose()
        finally:
            self.rebuilding = False
        self.labelled()

    def labelled(self) -> None:
        """Set what compose does not: titles, table columns. Called on mount and after ``relabel``."""

    def below(self) -> Screen[Any] | None:
        """The screen under this one, where going back leads."""
        stack = self.app.screen_stack
        return stack[-2] if len(stack) > 1 and stack[-1] is self else None


    def flush_edits(self) -> None:
        """Screens with text editors save pending text here."""

    def before_exit(self) -> None:
        """The app is quitting: save everything this screen holds."""
        self.flush_edits()

    def header(self) -> ComposeResult:
        yield Header(icon="§")

    def footer(self) -> ComposeResult:
        yield KeyFooter(show_command_palette=False)

    def on_mount(self) -> None:
        if not self.inspect_app.blink:
            stop_blinking(self)

    def on_screen_suspend(self) -> None:
        self.flush_edits()

    def store_failed(self, error: Exception) -> None:
        """A write was refused (a full disk): say so; what was typed stays where it is."""
        self.notify(t("store.draft_not_saved", reason=str(error)), severity="error", timeout=15)

    def begin_load(self) -> int:
        """Start a new load of what the screen shows: the number its workers' results carry (``Loaded.load``)."""
        self._generation += 1
        return self._generation

    def answers_latest(self, message: Loaded) -> bool:
        """Whether ``message`` answers the latest load, with the widgets there to show it (not mid-``relabel``)."""
        return not self.rebuilding and message.load == self._generation

    @staticmethod
    def stop_if_cancelled() -> None:
        """In a worker: ``LoadCancelled`` once a later load or leaving the screen cancelled it."""
        if get_current_worker().is_cancelled:
            raise LoadCancelled

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A worker that failed unexpectedly says so, so no screen stays «loading» for good (one that stopped
        because its load was cancelled did not fail)."""
        if event.state is WorkerState.ERROR and not isinstance(event.worker.error, LoadCancelled):
            self.worker_failed(event.worker.error)

    def worker_failed(self, error: BaseException | None) -> None:
        self.notify(t("store.worker_failed", reason=str(error)), severity="error", timeout=15)

    def unreadable(self, error: StoreError) -> None:
        """An inspection's file is damaged or gone: say so; the app and this screen stay up."""
        self.notify(t("store.unreadable", reason=str(error)), severity="error", timeout=20)

    def open_inspection(self, screen: InspectionScreen, *, replace: bool = False) -> bool:
        """Show ``screen`` once its inspection has been read; if it cannot be, say so and stay here."""
        try:
            screen.load()
        except (StoreCorrupt, NotFound) as exc:
            self.unreadable(exc)
            return False
        if replace:
            self.app.switch_screen(screen)
        else:
            self.app.push_screen(screen)
        return True


class InspectionScreen(AppScreen):
    """A screen of one inspection: its checklist or its review, which lead to each other.

    ``load`` (from ``compose``) reads the inspection and its UI journal; the screen's ``editor``
    keeps what is typed (``flush_edits`` commits it).
    """

    def __init__(self, inspection_id: UUID) -> None:
        super().__init__()
        self.inspection_id = inspection_id
        self.inspection: Inspection
        self.journal: UiJournal
        self.editor: FindingEditor

    def rebuild(self) -> AppScreen:
        return type(self)(self.inspection_id)

    def load(self) -> None:
        """Read the inspection (once: ``open_inspection`` reads it before the screen is shown)."""
        if not hasattr(self, "journal"):
            self.inspection = self.store.get_inspection(self.inspection_id)
            self.journal = UiJournal(self.store, self.inspection_id, on_error=self.store_failed)

    def reread(self) -> bool:
        """The stored state, back on this screen; if it can no longer be read, say so and leave the screen."""
        try:
            self.inspection = self.store.get_inspection(self.inspection_id)
        except (StoreCorrupt, NotFound) as exc:
            self.unreadable(exc)
            self.app.pop_screen()
            return False
        return True

    @property
    def read_only(self) -> bool:
        """Signed: immutable, shown for reading."""
        return self.inspection.status is Status.SIGNED

    def flush_edits(self) -> None:
        self.editor.flush()

    def action_edit_header(self) -> None:
        """The header's form (ctrl+e: a draft's dates, the end among them); back here, ``on_screen_resume`` shows
        the header as saved."""
        if self.read_only:
            self.notify(t("drafts.refused.signed", number=self.inspection.number), severity="warning", timeout=10)
            return
        from inspect_tui.screens.header_edit import HeaderScreen

        self.flush_edits()
        self.app.push_screen(HeaderScreen(self.inspection_id))

    def open_sibling(self, kind: type[InspectionScreen], *, replace: bool) -> None:
        """Go to this inspection's ``kind`` screen: back to it when it is just below (never a second copy
        on the stack), else open it on top, or in place of this one with ``replace``."""
        self.flush_edits()
        below = self.below()
        if isinstance(below, kind) and below.inspection_id == self.inspection_id:
            self.app.pop_screen()
        else:
            self.open_inspection(kind(self.inspection_id), replace=replace)
