"""Helpers for TUI tests: a fixed clock, an app without cursor blink, typing, pasting, and waiting on conditions."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timezone
from pathlib import Path
from typing import Any
from uuid import UUID

from textual import events
from textual.pilot import Pilot
from textual.widgets import Select, Static

from inspect_tui.app import InspectApp, make_app
from inspect_tui.domain.checklist import Checklist
from inspect_tui.screens.checklist_run import ChecklistScreen
from inspect_tui.screens.files import FilePickerDialog
from inspect_tui.screens.settings import FirstRunDialog
from inspect_tui.screens.sync import ImportScreen
from inspect_tui.store import Store

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def fixed_clock() -> datetime:
    return NOW


def test_app(store: Store, *, language: str | None = None) -> InspectApp:
    """The app as users run it, with a fixed clock and no cursor blink (screens must not differ)."""
    return make_app(store, language=language, clock=fixed_clock, blink=False)


test_app.__test__ = False  # type: ignore[attr-defined]  # a factory, not a test


def drive(store: Store, scenario: Callable[[InspectApp, Pilot[Any]], Awaitable[None]], *, size: tuple[int, int] = (80, 24)) -> None:
    """Run ``scenario`` against the app on ``store`` in a terminal of ``size`` (Ukrainian, 80×24 unless told)."""

    async def main() -> None:
        app = test_app(store)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await scenario(app, pilot)

    asyncio.run(main())


def static_text(app: InspectApp, selector: str) -> str:
    """What a Static of the current screen shows."""
    return str(app.screen.query_one(selector, Static).render())


async def wait_for(pilot: Pilot[Any], condition: Callable[[], bool], *, steps: int = 400) -> None:
    """Let the app process messages until ``condition`` holds (no fixed sleeps)."""
    for _ in range(steps):
        if condition():
            return
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    raise AssertionError("condition never became true")


async def until(pilot: Pilot[Any], condition: Callable[[], bool]) -> None:
    """Like ``wait_for``, without waiting for the workers (for a test that holds one on purpose)."""
    for _ in range(400):
        if condition():
            return
        await pilot.pause(0.01)
    raise AssertionError("condition never became true")


_KEY_NAMES = {" ": "space", "/": "slash", ".": "full_stop", "-": "minus", ";": "semicolon", ",": "comma", "«": "«", "»": "»"}


async def open_checklist(app: InspectApp, pilot: Pilot[Any], inspection_id: UUID) -> ChecklistScreen:
    """Open an inspection's checklist screen over the loaded home and wait until it shows an item."""
    await wait_for(pilot, lambda: bool(app.screen.query("#inspections")))
    app.push_screen(ChecklistScreen(inspection_id))
    await wait_for(pilot, lambda: isinstance(app.screen, ChecklistScreen) and bool(app.screen.current))
    screen = app.screen
    assert isinstance(screen, ChecklistScreen)
    return screen


async def run_palette_command(pilot: Pilot[Any], label: str) -> None:
    """Open the command palette, type a command's label and run it, as a user does."""
    await pilot.press("ctrl+p")
    await type_text(pilot, label)
    await pilot.pause()
    await pilot.press("enter")


async def pick_file(pilot: Pilot[Any], key: str, path: Path) -> None:
    """Press ``key`` for a screen's file picker and give it ``path``, pasted, then Enter."""
    await pilot.press(key)
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, FilePickerDialog))
    await paste(pilot, str(path))
    await pilot.press("enter")


async def type_text(pilot: Pilot[Any], text: str) -> None:
    """Type ``text`` key by key, as a person does."""
    await pilot.press(*(_KEY_NAMES.get(ch, ch) for ch in text))


async def paste(pilot: Pilot[Any], text: str) -> None:
    """Paste ``text`` into the focused editor, as a terminal delivers a paste: one event, one edit.

    For tests where typing is not what they check (a key press costs ~90 ms); every editor kind keeps a test
    that types key by key (tests/test_tui_flow.py: an Input and the finding TextAreas).
    """
    driver = pilot.app._driver  # noqa: SLF001 - where Pilot.press delivers keys too
    assert driver is not None and pilot.app.focused is not None
    driver.send_message(events.Paste(text))
    await pilot.pause()


async def choose(pilot: Pilot[Any], select: Select[Any], value: object) -> None:
    """Pick ``value`` in a Select with the keyboard: open it, move down to the option, enter."""
    values = [v for _, v in select._options]  # noqa: SLF001 - the option order as shown
    select.focus()
    await pilot.press("enter")
    steps = values.index(value) - (values.index(select.value) if select.value in values else 0)
    await pilot.press(*(["down"] * steps if steps > 0 else ["up"] * -steps), "enter")
    await pilot.pause()
    assert select.value == value


def fixed_checklist() -> Checklist:
    """A small checklist that never changes, so snapshots do not follow edits of the bundled ones."""
    programme_rule = {"any": [{"field": "headcount", "op": "gt", "value": 50}, {"field": "procurement_participant_20m", "op": "eq", "value": True}]}
    return Checklist.model_validate(
        {
            "id": "snapshot-checklist",
            "version": "1.0.0",
            "title": {"uk": "Перевірка для знімків екрана", "en": "Snapshot checklist"},
            "legal_basis": {"uk": "Закон України № 1700-VII", "en": "Law No. 1700-VII"},
            "sections": [
                {
                    "id": "measures",
                    "title": {"uk": "Антикорупційні заходи", "en": "Anti-corruption measures"},
                    "items": [
                        {
                            "id": "measures-adopted",
                            "question": {"uk": "Чи затверджено заходи щодо запобігання корупції?", "en": "Were measures adopted?"},
                            "refs": [{"article": "61", "part": "1"}],
                            "guidance": {"uk": "Запросити наказ і звіт про виконання.", "en": "Request the order and the report."},
                            "documents": ["Наказ про заходи"],
                        },
                        {
                            "id": "risk-assessment",
                            "question": {"uk": "Чи оцінено корупційні ризики?", "en": "Were corruption risks assessed?"},
                            "refs": [{"article": "61", "part": "2"}],
                        },
                    ],
                },
                {
                    "id": "conflict",
                    "title": {"uk": "Конфлікт інтересів", "en": "Conflict of interest"},
                    "items": [
                        {
                            "id": "coi-mechanism",
                            "question": {"uk": "Чи запроваджено порядок врегулювання конфлікту інтересів?", "en": "Is there a conflict-of-interest procedure?"},
                            "refs": [{"article": "28", "part": "1", "point": "1"}],
                            "basis": "practice",
                        },
                        {
                            "id": "programme-approved",
                            "question": {"uk": "Чи затверджено антикорупційну програму?", "en": "Was a programme approved?"},
                            "refs": [{"article": "62", "part": "2"}],
                            "applies_if": programme_rule,
                            "na_reason": {"uk": "Не досягнуто порогів ч. 2 ст. 62", "en": "Art. 62(2) thresholds not met"},
                        },
                        {
                            "id": "gifts",
                            "question": {"uk": "Чи дотримано обмежень щодо подарунків?", "en": "Were gift limits respected?"},
                            "refs": [{"article": "23", "part": "2"}],
                        },
                    ],
                },
            ],
        }
    )


async def check_bundle_in_new_office(app: InspectApp, pilot: Pilot[Any], bundle: Any) -> ImportScreen:
    """In an office app with no settings yet: skip the first-run header, open the import screen (``i``),
    name ``bundle`` and run the dry run (ctrl+r); the screen, for what follows."""
    await wait_for(pilot, lambda: isinstance(app.screen, FirstRunDialog))
    await pilot.press("escape")
    await pilot.press("i")
    await wait_for(pilot, lambda: isinstance(app.screen, ImportScreen))
    screen = app.screen
    assert isinstance(screen, ImportScreen)
    await paste(pilot, str(bundle))
    await pilot.press("ctrl+r")
    return screen
