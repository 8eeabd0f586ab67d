"""Export from one store and import into another through the TUI: dry run first, then apply."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from backends import open_backend
from textual.pilot import Pilot
from textual.widgets import Static
from tui_helpers import drive, paste, static_text, wait_for

from inspect_tui.app import InspectApp
from inspect_tui.i18n import t
from inspect_tui.screens.dialogs import ConfirmDialog
from inspect_tui.screens.settings import FirstRunDialog
from inspect_tui.screens.sync import ConflictsScreen, ExportScreen, ImportScreen
from inspect_tui.store import Store
from inspect_tui.store_protocol import RegisterStore


def _result(app: InspectApp) -> str:
    return static_text(app, "#sync-result")


@pytest.mark.backends
def test_export_then_import_into_another_store(demo_store: RegisterStore, tmp_path: Path, backend: str, request: pytest.FixtureRequest) -> None:
    bundle = tmp_path / "usb" / "bundle.json"

    async def export(app: InspectApp, pilot: Pilot[Any]) -> None:
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportScreen))
        await pilot.press("ctrl+u")
        await paste(pilot, str(bundle))
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: str(bundle) in _result(app))

    drive(demo_store, export, size=(100, 30))
    assert bundle.exists()

    with open_backend(backend, request, tmp_path / "office") as office:

        async def import_(app: InspectApp, pilot: Pilot[Any]) -> None:
            await wait_for(pilot, lambda: isinstance(app.screen, FirstRunDialog))  # a new store asks for the header first
            await pilot.press("escape")  # later: the certificates come from the other store
            await pilot.press("i")
            await wait_for(pilot, lambda: isinstance(app.screen, ImportScreen))
            screen = app.screen
            assert isinstance(screen, ImportScreen)
            await pilot.press("ctrl+s")  # not checked yet: disabled
            assert not isinstance(app.screen, ConfirmDialog)
            await paste(pilot, str(bundle))
            await pilot.press("ctrl+r")
            await wait_for(pilot, lambda: screen.checked is not None)
            assert _result(app).startswith(t("sync.dry_run_title", files=1))
            assert office.list_summaries() == []  # a dry run writes nothing
            await pilot.press("ctrl+s")
            await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
            await pilot.press("y")
            await wait_for(pilot, lambda: _result(app).startswith(t("sync.import_title", files=1)))
            await pilot.press("ctrl+k")
            await wait_for(pilot, lambda: isinstance(app.screen, ConflictsScreen))

        drive(office, import_, size=(100, 30))
        assert {s.number for s in office.list_summaries()} == {s.number for s in demo_store.list_summaries()}


def test_a_broken_bundle_is_refused_with_its_problems(demo_store: Store, tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"format_version": 1,', encoding="utf-8")
    before = demo_store.list_summaries()

    async def scenario(app: InspectApp, pilot: Pilot[Any]) -> None:
        await pilot.press("i")
        await wait_for(pilot, lambda: isinstance(app.screen, ImportScreen))
        await paste(pilot, str(broken))
        await pilot.press("ctrl+r")
        await wait_for(pilot, lambda: str(broken) in _result(app))
        assert app.screen.checked is None  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        assert not isinstance(app.screen, ConfirmDialog)

    drive(demo_store, scenario, size=(100, 30))
    assert demo_store.list_summaries() == before
