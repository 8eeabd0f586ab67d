"""The TUI under store faults: a full disk while typing keeps the text and says so; a failed worker is shown."""

from __future__ import annotations

import asyncio
import errno
import os
from datetime import timedelta
from typing import Any

import pytest
from textual.widgets import Static, TextArea
from tui_helpers import NOW, test_app, type_text, wait_for

from inspect_tui import services
from inspect_tui.domain.inspection import Status
from inspect_tui.i18n import t
from inspect_tui.screens.checklist_run import ChecklistScreen
from inspect_tui.store import Store


def _notes(app: Any) -> list[str]:
    return [str(n.message) for n in app._notifications]  # noqa: SLF001 - what the user was shown


def test_a_full_disk_while_typing_keeps_the_text_and_says_so(demo_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    draft = next(s for s in demo_store.list_summaries() if s.status is Status.DRAFT and s.number == "2/2026")
    real_write = os.write

    def full(fd: int, data: Any) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    async def scenario() -> None:
        app = test_app(demo_store)
        async with app.run_test(size=(100, 30)) as pilot:
            app.push_screen(ChecklistScreen(draft.id))
            await wait_for(pilot, lambda: isinstance(app.screen, ChecklistScreen))
            run = app.screen
            assert isinstance(run, ChecklistScreen)
            monkeypatch.setattr(os, "write", full)
            await pilot.press("e")
            await type_text(pilot, "Акт звірки")
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert app.is_running and run.query_one("#note", TextArea).text == "Акт звірки"
            shown = _notes(app)
            assert sum(m.startswith(t("store.draft_not_saved", reason="")[:20]) for m in shown) == 1  # once, not per key
            item = run.current
            monkeypatch.setattr(os, "write", real_write)  # space freed: the next save takes it all
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert demo_store.get_inspection(draft.id).findings[item].note == "Акт звірки"

    asyncio.run(scenario())


def test_a_failing_worker_never_leaves_loading_on_screen(demo_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(demo_store, "summary_rows", lambda progress=None: (_ for _ in ()).throw(RuntimeError("index unreadable")))

    async def scenario() -> None:
        app = test_app(demo_store)
        async with app.run_test(size=(100, 30)) as pilot:
            status = lambda: str(app.screen.query_one("#home-status", Static).render())  # noqa: E731
            await wait_for(pilot, lambda: bool(app.screen.query("#home-status")) and "index unreadable" in status())
            assert status() == t("tui.home.load_failed", reason="index unreadable")
            assert t("store.worker_failed", reason="index unreadable") in _notes(app)

    asyncio.run(scenario())


def test_an_answer_on_a_copy_saved_again_elsewhere_is_refused_in_words_and_undoes_nothing(demo_store: Store) -> None:
    """Another officer of the office register saved this draft after the screen read it: the key press is refused
    with the reason, the app keeps running, and the other officer's answer stays as saved."""
    draft = next(s for s in demo_store.list_summaries() if s.status is Status.DRAFT and s.number == "2/2026")

    async def scenario() -> None:
        app = test_app(demo_store)
        async with app.run_test(size=(100, 30)) as pilot:
            app.push_screen(ChecklistScreen(draft.id))
            await wait_for(pilot, lambda: isinstance(app.screen, ChecklistScreen) and bool(app.screen.current))
            run = app.screen
            assert isinstance(run, ChecklistScreen)
            other = next(i for i in run.inspection.findings if i != run.current)
            saved = services.record_finding(demo_store, demo_store.get_inspection(draft.id), other, now=NOW + timedelta(hours=1), note="інший працівник")
            await pilot.press("y")
            await pilot.pause()
            assert app.is_running and isinstance(app.screen, ChecklistScreen)
            assert any(t("store.edit_conflict", number="2/2026") in m for m in _notes(app))
            assert demo_store.get_inspection(draft.id) == saved

    asyncio.run(scenario())
