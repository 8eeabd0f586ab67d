"""What every full screen of the app shares: typed access to the app, the store and the clock."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Header
from textual.worker import Worker, WorkerState

from inspect_tui.i18n import t
from inspect_tui.widgets.footer import KeyFooter
from inspect_tui.widgets.forms import stop_blinking

if TYPE_CHECKING:
    from inspect_tui.app import InspectApp
    from inspect_tui.store import Store


class AppScreen(Screen[Any]):
    """A full screen with a header and a translated footer.

    ``rebuild`` makes a fresh copy (for a language switch); ``flush_edits`` saves text
    being typed (called before leaving and on quit).
    """

    @property
    def inspect_app(self) -> InspectApp:
        return self.app  # type: ignore[return-value]

    @property
    def store(self) -> Store:
        return self.inspect_app.store

    def rebuild(self) -> AppScreen:
        return type(self)()

    async def relabel(self) -> None:
        """Render again in the current language, in place (for the screen at the bottom of the stack)."""
        await self.recompose()
        self.labelled()

    def labelled(self) -> None:
        """Set what compose does not: titles, table columns. Called on mount and after ``relabel``."""

    def below(self) -> Screen[Any] | None:
        """The screen under this one, where going back leads."""
        stack = self.app.screen_stack
        return stack[-2] if len(stack) > 1 and stack[-1] is self else None

    def below_inspection(self) -> object:
        """The inspection the screen below shows, if it shows one."""
        return getattr(self.below(), "inspection_id", None)

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

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A worker that failed unexpectedly says so, so no screen stays «loading» for good."""
        if event.state is WorkerState.ERROR:
            self.worker_failed(event.worker.error)

    def worker_failed(self, error: BaseException | None) -> None:
        self.notify(t("store.worker_failed", reason=str(error)), severity="error", timeout=15)
