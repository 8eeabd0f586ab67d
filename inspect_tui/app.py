"""The Textual application: one store, one language, screens pushed over the home list.

``run_app`` is what ``inspect-tui`` (no command) calls; ``make_app`` builds the same app
around an already open store, so tests drive exactly what users run.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import App
from textual.binding import Binding
from textual.message import Message

from inspect_tui import collection
from inspect_tui.clock import utcnow
from inspect_tui.i18n import LANGUAGES, get_language, set_language, t
from inspect_tui.screens.base import AppScreen
from inspect_tui.screens.home import HomeScreen
from inspect_tui.store import StoreCorrupt, StoreError, StoreWriteError
from inspect_tui.store_protocol import RegisterStore
from inspect_tui.stores import open_store
from inspect_tui.widgets.palette import InspectCommands

if TYPE_CHECKING:
    from inspect_tui.domain.settings import Settings

Clock = Callable[[], datetime]


class LawNotice(Message):
    """What the start-up check of checklists against the Law's text found (worked out off the UI thread)."""

    def __init__(self, text: str, severity: str = "warning") -> None:
        super().__init__()
        self.text = text
        self.severity = severity


#: seconds after which the collector is back on even if the home never listed (an error, a hung server)
COLLECTION_FALLBACK_S = 10.0


class InspectApp(App[int]):
    """Keyboard-first inspections; every screen reads and writes through the services."""

    CSS_PATH = [Path(__file__).parent / "styles" / "app.tcss"]
    TITLE = "inspect-tui"
    COMMANDS = {InspectCommands}
    BINDINGS = [
        Binding("f1", "help", "tui.keys.help", id="help"),
        Binding("question_mark", "help", "tui.keys.help", show=False, id="help-alt"),
        Binding("ctrl+q", "quit", "tui.keys.quit", show=False, priority=True, id="quit"),
        Binding("ctrl+p", "command_palette", "tui.keys.palette", show=False, priority=True, id="palette"),
    ]

    def __init__(self, store: RegisterStore, *, clock: Clock = utcnow, blink: bool = True) -> None:
        super().__init__()
        self.store = store
        self.clock = clock
        self.blink = blink
        self._settings: Settings | None = None
        self.failure: StoreError | None = None  # what stopped the app: ``run_app`` raises it for the CLI to word
        self._checks_started = False  # by ``home_listed``, once
        self.title = t("tui.app.title")

    # --- time and settings -----------------------------------------------------------------------

    def now(self) -> datetime:
        return self.clock()

    def today(self) -> date:
        return self.clock().astimezone().date()

    @property
    def settings(self) -> Settings:
        """The store's settings, read and checked (with pydantic) when first needed: after the home's first rows, or
        sooner by a screen opened before them (``home_listed``)."""
        if self._settings is None:
            self._settings = self.store.get_settings()
        return self._settings

    @settings.setter
    def settings(self, settings: Settings) -> None:
        self._settings = settings

    def reload_settings(self) -> None:
        """Take the store's settings again after an import filled blank ones: a later save from the
        settings screen starts from them, never from the copy read before the import."""
        self.settings = self.store.get_settings()

    def save_settings(self, settings: Settings) -> None:
        """Persist settings; a new language re-renders every screen in it."""
        self.store.save_settings(settings)
        language_changed = settings.language != get_language()
        self.settings = settings
        if language_changed:
            set_language(settings.language)
            self.rebuild_screens()

    def rebuild_screens(self) -> None:
        """Replace the stack with fresh screens of the same kinds: every text comes from the catalog again.

        Dialogs are dropped; the screens keep their state in the store, so nothing is lost.
        """
        base, *above = self.screen_stack
        fresh = [screen.rebuild() for screen in above if isinstance(screen, AppScreen)]
        while len(self.screen_stack) > 1:
            self.pop_screen()
        if isinstance(base, AppScreen):  # the bottom screen cannot be replaced: it renders itself again
            self.call_later(base.relabel)
        for screen in fresh:
            self.push_screen(screen)

    # --- lifecycle -------------------------------------------------------------------------------

    def on_mount(self) -> None:
        # the collector, held off by ``run_app`` until the home has listed, is back on by this time whatever happens
        self.set_timer(COLLECTION_FALLBACK_S, collection.resume)

    def get_default_screen(self) -> HomeScreen:
        """The home is the bottom of the stack: going back from any screen ends there, never on a blank one."""
        return HomeScreen()

    def home_listed(self) -> None:
        """The home has shown its first rows: read the settings, ask for the certificate header if it is missing and
        start the checks that only notify, once (before, they would compete with the list for the interpreter).

        Settings the store cannot read stop the app as they did before it showed: ``run_app`` raises the error."""
        if self._checks_started:
            return
        self._checks_started = True
        collection.resume()
        try:
            self.ask_header_if_missing()  # reads and checks the settings
        except StoreCorrupt as exc:
            self.failure = exc
            self.exit(1)
            return
        self.check_law_reviews()

    @work(thread=True, exclusive=True, group="law", exit_on_error=False)
    def check_law_reviews(self) -> None:
        """Tell when the Law's text in force is newer than a checklist's review (or one was never reviewed)."""
        from inspect_tui import services
        from inspect_tui.law.parse import LawParseError

        for damaged in services.damaged_law_texts(self.store.data_dir):
            self.post_message(LawNotice(t("tui.law.passed_over", where=damaged.where, problem=damaged.problem)))
        try:
            law = services.law_in_force(self.store.data_dir)
            stale = services.law_newer_than_reviews(self.store.data_dir)
        except LawParseError as exc:
            self.post_message(LawNotice(t("tui.law.damaged", where=exc.where, problem=exc.problem), "error"))
            return
        if stale:
            listed = "; ".join(
                t("tui.law.reviewed_on", id=c.id, date=when.strftime("%d.%m.%Y")) if when else t("tui.law.never_reviewed", id=c.id)
                for c, when in stale
            )
            self.post_message(LawNotice(t("tui.law.newer", edition=law.edition.strftime("%d.%m.%Y"), checklists=listed)))

    def on_law_notice(self, message: LawNotice) -> None:
        self.notify(message.text, severity="error" if message.severity == "error" else "warning", timeout=20)

    def ask_header_if_missing(self) -> None:
        """First run: the certificate header (council, unit, place) is asked before anything else."""
        from pydantic import ValidationError

        from inspect_tui.domain.revalidate import revalidate
        from inspect_tui.i18n.errors import first_reason
        from inspect_tui.screens.settings import FirstRunDialog, header_missing

        if not header_missing(self.settings):
            return

        def done(values: dict[str, str] | None) -> None:
            if values is None:
                self.notify(t("tui.first_run.postponed"), severity="warning", timeout=10)
                return
            try:
                self.save_settings(revalidate(self.settings, **values))
            except StoreWriteError as exc:  # a full disk: asked again on the next start
                self.notify(t("store.write_failed", path=str(exc.filename or ""), reason=exc.strerror or str(exc)), severity="error")
                return
            except ValidationError as exc:  # the inputs take no more than the settings keep; asked again on the next start
                self.notify(first_reason(exc), severity="error")
                return
            self.notify(t("tui.settings.saved"))

        self.push_screen(FirstRunDialog(self.settings), done)

    async def action_quit(self) -> None:
        """Save what is being typed on every open screen, then leave."""
        for screen in reversed(self.screen_stack):
            if isinstance(screen, AppScreen):
                screen.before_exit()
        self.exit(0)

    def action_command_palette(self) -> None:
        """Textual's palette, with its search line in the user's language."""
        from textual.command import CommandPalette

        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            self.push_screen(CommandPalette(id="--command-palette", placeholder=t("tui.help.palette_placeholder")))

    def action_help(self) -> None:
        from inspect_tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))


def make_app(
    store: RegisterStore, *, language: str | None = None, clock: Clock = utcnow, blink: bool = True
) -> InspectApp:
    """The app over an open writer store; the language is ``language``, else the one in Settings (read alone:
    the rest of the settings is checked after the home's first rows)."""
    lang = language or store.settings_language()
    if lang in LANGUAGES:
        set_language(lang)
    return InspectApp(store, clock=clock, blink=blink)


def run_app(data_dir: Path, language: str | None = None, *, store_url: str | None = None) -> int:
    """Run the TUI on ``data_dir``'s store, or the office register at ``store_url``. Store errors (locked,
    damaged, unreachable) propagate to the CLI's messages.

    The index is checked by the home screen's first listing, in a worker, not before the app shows.
    """
    collection.pause()  # until the home has listed (``InspectApp.home_listed``): see ``collection``
    try:
        with open_store(data_dir, url=store_url, writer=True, check_index=False) as store:
            app = make_app(store, language=language)
            code = app.run()
    finally:
        collection.resume()
    if app.failure is not None:
        raise app.failure
    return int(code or 0)
