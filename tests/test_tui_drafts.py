"""Correcting and deleting drafts in the TUI (issue 19), at 80×24 in Ukrainian, by key presses."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input
from tui_helpers import drive, open_checklist, run_palette_command, static_text, test_app, type_text, wait_for

from inspect_tui import services
from inspect_tui.app import InspectApp
from inspect_tui.domain.inspection import Status
from inspect_tui.screens.checklist_run import ChecklistScreen
from inspect_tui.screens.dialogs import ConfirmDialog
from inspect_tui.screens.header_edit import HeaderScreen
from inspect_tui.screens.home import HomeScreen
from inspect_tui.screens.trash import TrashScreen
from inspect_tui.store import Store


def _draft_id(store: Store) -> str:
    return next(str(s.id) for s in store.list_summaries() if s.status is Status.DRAFT)


@pytest.mark.backends
def test_the_header_is_edited_from_the_checklist_and_saved_in_the_history(demo_store: Store) -> None:
    asyncio.run(_edit_header(demo_store))


async def _edit_header(store: Store) -> None:
    draft = store.get_inspection(next(s.id for s in store.list_summaries() if s.status is Status.DRAFT))
    app = test_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_checklist(app, pilot, draft.id)
        await pilot.press("ctrl+e")
        await wait_for(pilot, lambda: isinstance(app.screen, HeaderScreen))
        place = app.screen.query_one("#place", Input)
        place.focus()
        place.value = ""
        await type_text(pilot, "вул. Нова, 1")
        end = app.screen.query_one("#end_date", Input)
        end.value = ""
        end.focus()
        await type_text(pilot, "01.01.2020")  # before the start: refused, beside its field, nothing saved
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, HeaderScreen)
        assert "завершення" in str(app.screen.query_one("#field-end_date .field-error").render())
        assert store.get_inspection(draft.id) == draft
        end.value = ""
        await type_text(pilot, draft.end_date.strftime("%d.%m.%Y"))
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ChecklistScreen))
        saved = store.get_inspection(draft.id)
        assert saved.place == "вул. Нова, 1" and saved.end_date == draft.end_date
        assert saved.history[-1].field == "place"
        assert app.screen.inspection.place == "вул. Нова, 1"  # the checklist shows the header as saved


@pytest.mark.backends
def test_a_draft_is_deleted_from_the_home_after_confirming(demo_store: Store) -> None:
    asyncio.run(_delete(demo_store))


async def _delete(store: Store) -> None:
    draft_id = _draft_id(store)
    app = test_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen) and app.screen.query_one(DataTable).row_count == 3)
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert str(home.selected_id()) == draft_id  # the newest, a draft
        await pilot.press("delete")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("n")  # not confirmed: nothing happens
        assert store.has_inspection(home.selected_id())  # type: ignore[arg-type]
        await run_palette_command(pilot, "Видалити чернетку")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen) and app.screen.query_one(DataTable).row_count == 2)
        assert draft_id not in {str(s.id) for s in store.list_summaries()}
        assert [str(k.inspection.id) for k in services.trashed(store)] == [draft_id]
        # a signed inspection is refused with the reason, and no dialog opens
        table = home.query_one(DataTable)
        table.move_cursor(row=1)
        await pilot.pause()
        assert home.selected_id() is not None and store.get_inspection(home.selected_id()).status is Status.SIGNED  # type: ignore[arg-type]
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert store.has_inspection(home.selected_id())  # type: ignore[arg-type]


@pytest.mark.backends
def test_a_deleted_draft_is_restored_from_the_trash_screen(demo_store: Store) -> None:
    asyncio.run(_restore(demo_store))


def _rows(app: object, selector: str) -> int:
    screen = app.screen  # type: ignore[attr-defined]
    return screen.query_one(selector, DataTable).row_count if screen.query(selector) else -1


async def _restore(store: Store) -> None:
    draft_id = _draft_id(store)
    app = test_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen) and _rows(app, "#inspections") == 3)
        await pilot.press("delete")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen) and _rows(app, "#inspections") == 2)
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(app.screen, TrashScreen) and _rows(app, "#trash") == 1)
        assert "У кошику: 1" in static_text(app, "#trash-status")
        assert app.screen.query_one(DataTable).get_row_at(0)[0].plain == "3/2026"
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("n")  # not confirmed: the draft stays in the trash
        await wait_for(pilot, lambda: isinstance(app.screen, TrashScreen))
        assert [str(k.inspection.id) for k in services.trashed(store)] == [draft_id]
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, TrashScreen) and _rows(app, "#trash") == 0)
        assert static_text(app, "#trash-status") == "Кошик порожній."
        assert store.has_inspection(UUID(draft_id)) and services.trashed(store) == []
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen) and _rows(app, "#inspections") == 3)
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert draft_id in {s.id for s in home.summaries}


REFUSED = {"uk": ("Кошик", "Номер {number} тепер має інша перевірка"), "en": ("Trash", "Number {number} is now held by another inspection")}


@pytest.mark.parametrize("language", list(REFUSED))
def test_restoring_a_draft_whose_number_is_taken_says_why_in_the_trash_screen(demo_store: Store, language: str) -> None:
    draft = demo_store.get_inspection(UUID(_draft_id(demo_store)))
    services.delete_draft(demo_store, draft.id)
    services.create_inspection(
        demo_store, number=draft.number, enterprise=draft.enterprise, checklist=draft.checklist, basis=draft.basis,
        period_from=draft.period_from, period_to=draft.period_to, start_date=draft.start_date, end_date=draft.end_date,
        inspectors=draft.inspectors,
    )
    asyncio.run(_refused(demo_store, draft.number, language))


async def _refused(store: Store, number: str, language: str) -> None:
    command, refusal = REFUSED[language]
    app = test_app(store, language=language)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen) and _rows(app, "#inspections") == 3)
        await run_palette_command(pilot, command)
        await wait_for(pilot, lambda: isinstance(app.screen, TrashScreen) and _rows(app, "#trash") == 1)
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await wait_for(pilot, lambda: any(refusal.format(number=number) in n.message for n in app._notifications))  # noqa: SLF001
        assert isinstance(app.screen, TrashScreen) and len(services.trashed(store)) == 1


async def _open_trash(app: InspectApp, pilot: Pilot[Any], *, home_rows: int, shown: Callable[[], bool]) -> None:
    """Open the trash from the loaded home with ``t`` and wait until it shows what ``shown`` checks."""
    await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen) and _rows(app, "#inspections") == home_rows)
    await pilot.press("t")
    await wait_for(pilot, lambda: isinstance(app.screen, TrashScreen) and shown())


def test_an_empty_trash_says_so(demo_store: Store) -> None:
    async def scenario(app: InspectApp, pilot: Pilot[Any]) -> None:
        await _open_trash(app, pilot, home_rows=3, shown=lambda: static_text(app, "#trash-status") == "Кошик порожній.")
        await pilot.press("r")  # nothing to restore: no dialog
        await pilot.pause()
        assert isinstance(app.screen, TrashScreen)

    drive(demo_store, scenario)


def test_a_damaged_trash_file_is_reported_on_the_trash_screen(demo_store: Store, data_dir: Path) -> None:
    draft_id = UUID(_draft_id(demo_store))
    services.delete_draft(demo_store, draft_id)
    (data_dir / "trash" / f"{draft_id}.json").write_text("{not json", encoding="utf-8")

    async def scenario(app: InspectApp, pilot: Pilot[Any]) -> None:
        await _open_trash(app, pilot, home_rows=2, shown=lambda: "Кошик не вдалося прочитати" in static_text(app, "#trash-status"))
        assert _rows(app, "#trash") == 0
        await pilot.press("escape")  # the app stays up
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))

    drive(demo_store, scenario)


def test_a_restoring_that_fails_unexpectedly_is_said_and_can_be_tried_again(demo_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    draft_id = UUID(_draft_id(demo_store))
    services.delete_draft(demo_store, draft_id)
    real = services.restore_draft
    calls: list[UUID] = []

    def failing_once(store: Store, inspection_id: UUID) -> object:
        calls.append(inspection_id)
        if len(calls) == 1:
            raise RuntimeError("disk went away")
        return real(store, inspection_id)

    monkeypatch.setattr(services, "restore_draft", failing_once)

    async def scenario(app: InspectApp, pilot: Pilot[Any]) -> None:
        await _open_trash(app, pilot, home_rows=2, shown=lambda: _rows(app, "#trash") == 1)
        for _ in range(2):
            await pilot.press("r")
            await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
            await pilot.press("y")
            await wait_for(pilot, lambda: isinstance(app.screen, TrashScreen) and not app.screen.restoring)
        assert any("disk went away" in str(n.message) for n in app._notifications)  # noqa: SLF001 - what the user was shown

    drive(demo_store, scenario)
    assert demo_store.has_inspection(draft_id)
