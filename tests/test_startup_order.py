"""The start-up path to the home's first rows: what it imports and what waits until the rows are shown.

The services, the register and the Law's text are imported when a screen or a worker needs them; the law
check and the register counts start after the first rows are painted, so they never compete with them. The
settings' language is read alone at start; the settings are checked (with pydantic) after the first rows, and
settings the store cannot read still stop the app with the CLI's message.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.geometry import Region
from textual.pilot import Pilot
from textual.strip import Strip
from textual.widgets import DataTable
from tui_helpers import test_app, wait_for

from inspect_tui import cli
from inspect_tui.app import InspectApp
from inspect_tui.domain.revalidate import revalidate
from inspect_tui.domain.settings import Settings
from inspect_tui.i18n import get_language
from inspect_tui.screens.home import HomeScreen
from inspect_tui.store import Store, StoreCorrupt
from inspect_tui.widgets.painted_table import PaintedTable

IMPORT_APP = r"""
import json, sys
import inspect_tui.app, inspect_tui.screens.home
print(json.dumps(sorted(sys.modules)))
"""

NOT_AT_START = ("inspect_tui.services", "inspect_tui.register", "inspect_tui.law", "inspect_tui.sync", "inspect_tui.checklists")


def _run_home(store: Store, until: Callable[[InspectApp, HomeScreen], bool]) -> InspectApp:
    """Run the app on ``store`` until ``until`` holds of it and its home; the app, for what follows."""

    async def scenario() -> InspectApp:
        app = test_app(store)
        async with app.run_test(size=(100, 30)) as pilot:
            home = app.screen_stack[0]
            assert isinstance(home, HomeScreen)
            await wait_for(pilot, lambda: until(app, home))
        return app

    return asyncio.run(scenario())


def test_the_app_imports_no_services_register_or_law_to_start() -> None:
    done = subprocess.run([sys.executable, "-c", IMPORT_APP], capture_output=True, text=True, timeout=120, check=True)
    loaded = json.loads(done.stdout.strip().splitlines()[-1])
    assert "inspect_tui.screens.home" in loaded  # the check looks at a process that imported the home
    early = [m for m in loaded if m.startswith(tuple(f"{p}." for p in NOT_AT_START))]
    assert not early, early


def test_the_law_check_starts_once_after_the_homes_first_rows(demo_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    rows_when_checked: list[int] = []

    def check(app: InspectApp) -> None:
        rows_when_checked.append(app.screen_stack[0].query_one("#inspections", DataTable).row_count)

    monkeypatch.setattr(InspectApp, "check_law_reviews", check)

    async def scenario() -> None:
        app = test_app(demo_store)
        async with app.run_test(size=(100, 30)) as pilot:
            home = app.screen_stack[0]
            assert isinstance(home, HomeScreen)
            await wait_for(pilot, lambda: home.complete and bool(rows_when_checked))
            home.reload()  # coming back to the home reads the list again, and checks nothing again
            await wait_for(pilot, lambda: home.complete)
            await pilot.pause()

    asyncio.run(scenario())
    assert rows_when_checked == [3]


def _register_counted_after_rows(demo_store: Store, monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    seen: list[Any] = []
    real = HomeScreen._count_register

    def counting(home: HomeScreen, *args: Any) -> Any:
        seen.append(home.query_one("#inspections", DataTable).row_count)
        return real(home, *args)

    monkeypatch.setattr(HomeScreen, "_count_register", counting)
    return seen


def test_the_register_counts_start_after_the_rows_are_in_the_table(demo_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _register_counted_after_rows(demo_store, monkeypatch)
    _run_home(demo_store, lambda app, home: home.complete and home.counts.known)
    assert seen == [3]


# --- the settings: the language read alone at start, the rest checked after the first rows ----------

SHOW_ROWS_WITHOUT_PYDANTIC = r"""
import json, sys
from pathlib import Path
from inspect_tui.app import make_app
from inspect_tui.store import Store

store = Store.open(Path(sys.argv[1]), check_index=False)
store.summary_rows()
make_app(store)
print(json.dumps(sorted(m for m in sys.modules if m.startswith(("pydantic", "inspect_tui.domain")))))
"""


def test_the_app_is_made_and_the_homes_rows_read_without_pydantic(demo_store: Store, data_dir: Path) -> None:
    demo_store.close()
    done = subprocess.run([sys.executable, "-c", SHOW_ROWS_WITHOUT_PYDANTIC, str(data_dir)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    loaded = json.loads(done.stdout.strip().splitlines()[-1])
    assert loaded == ["inspect_tui.domain", "inspect_tui.domain.status", "inspect_tui.domain.summary_row"]


def test_the_saved_language_is_read_alone_and_only_as_text(store: Store) -> None:
    assert store.settings_language() is None  # nothing saved yet
    store.save_settings(Settings(language="en"))
    assert store.settings_language() == "en"
    meta = store.data_dir / "meta.json"
    doc = json.loads(meta.read_text("utf-8"))
    doc["settings"]["1"]["language"] = ["en"]
    meta.write_text(json.dumps(doc), "utf-8")
    assert store.settings_language() is None


def test_the_app_starts_in_the_saved_language(demo_store: Store) -> None:
    demo_store.save_settings(revalidate(demo_store.get_settings(), language="en"))
    app = _run_home(demo_store, lambda app, home: home.complete)
    assert get_language() == "en" and app.settings.language == "en"


def _damage_settings(data_dir: Path) -> None:
    meta = data_dir / "meta.json"
    doc = json.loads(meta.read_text("utf-8"))
    doc["settings"]["1"]["council_name"] = "р" * 5000  # over the field's limit
    meta.write_text(json.dumps(doc), "utf-8")


def test_settings_the_store_cannot_read_stop_the_app_after_the_first_rows(demo_store: Store, data_dir: Path) -> None:
    _damage_settings(data_dir)
    rows: list[int] = []

    def stopped(app: InspectApp, home: HomeScreen) -> bool:
        rows.append(home.query_one("#inspections", DataTable).row_count)
        return app.failure is not None

    app = _run_home(demo_store, stopped)
    assert isinstance(app.failure, StoreCorrupt) and app.return_value == 1
    assert rows[-1] == 3  # the rows were shown first


def test_the_command_says_which_file_holds_the_settings_it_cannot_read(
    demo_store: Store, data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    demo_store.close()
    _damage_settings(data_dir)
    run = InspectApp.run

    def headless(app: InspectApp, **kwargs: Any) -> Any:
        async def wait(pilot: Pilot[Any]) -> None:
            await wait_for(pilot, lambda: not app.is_running)

        return run(app, headless=True, auto_pilot=wait)

    monkeypatch.setattr(InspectApp, "run", headless)
    assert cli.main(["--data-dir", str(data_dir)]) == 1
    err = capsys.readouterr().err
    assert str(data_dir / "meta.json") in err and "Traceback" not in err


def test_the_follow_ups_start_after_a_paint_of_the_first_rows(demo_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """Started at the screen's next idle, they ran before the table had painted its rows (threads importing the
    models then held that painting up by about 100 ms at 10,000 inspections)."""
    paints: list[int] = []
    seen: list[list[int]] = []
    real_render = PaintedTable.render_lines
    real_listed = InspectApp.home_listed

    def render_lines(table: PaintedTable, crop: Region) -> list[Strip]:
        paints.append(table.row_count)
        return real_render(table, crop)

    def home_listed(app: InspectApp) -> None:
        seen.append(list(paints))
        real_listed(app)

    monkeypatch.setattr(PaintedTable, "render_lines", render_lines)
    monkeypatch.setattr(InspectApp, "home_listed", home_listed)
    _run_home(demo_store, lambda app, home: home.complete and bool(seen))
    assert seen[0] and seen[0][-1] == 3, seen
