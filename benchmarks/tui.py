"""TUI responsiveness: start-up against a minimal Textual app, and key-press-to-repaint latency.

1. Start-up, against two floors timed the same way in the same run (from process start to
   the end of the first repaint): a minimal Textual app (one Static, one Footer), and the
   home's own widgets empty — the same header, search box, three selects, count lines,
   table with its seven columns and footer, in a plain Textual app with no data and no
   project code: what showing this screen costs in Textual alone. Medians of interleaved
   runs, each figure a ratio to a floor's median: ``first_rows`` — the home painted with
   its first page of rows, keys working (target <= 1.5 × the home's widgets empty, issue
   18); ``list_loaded`` — the whole list read, header counts and filter choices
   complete; ``home_painted`` (no target) — the home painted and its keys working while
   the list still loads (its status line counting the summaries read); ``command_first_rows``
   (no target) — the first page again, started the way users start it, through the console
   script's ``inspect_tui.cli.main`` (its argument parsing and imports included). The apps start
   once untimed first, allowed to write bytecode (``PYTHONDONTWRITEBYTECODE`` dropped):
   an installed package has its ``.pyc`` files, an editable checkout under that setting
   would otherwise compile the project's ~40 modules from source at every start (~0.1 s).
2. ``keypress_ms``: on the checklist screen of a 150-item checklist, with 10,000
   inspections stored, the time from a key press to the repaint after it (target: median
   under 50 ms). ``y`` answers (and autosaves, fsync included) and moves on; ``down``
   moves the cursor. Headless, in-process (Textual's pilot). ``pilot.press`` returns only
   once the app is idle, so in practice this is the last repaint the key caused: the
   time until the screen has settled, not just its first change.
3. ``keypress_floor``: the same measurement on a trivial app (a key changes one line of
   text) in the same run, for what Textual and the pilot cost by themselves (no target).

Set-up writes the 10,000 inspections through ``Store.save_inspection`` with fsync turned
off (set-up only; the measured key presses save durably). The 9,999 background
inspections use a 15-item checklist to keep the data dir small: what a key press costs
depends on the open inspection and its index shard, not on the others' size.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from inspect_tui.demo import HEAD, demo_enterprises
from inspect_tui.domain.checklist import Checklist
from inspect_tui.domain.inspection import Inspection, LegalBasis, new_inspection
from inspect_tui.domain.settings import Settings
from inspect_tui.store import Store

TINY = "--tiny" in sys.argv  # a few inspections, one start, a few presses: the test suite's smoke run
INSPECTIONS, STARTS, PRESSES = (30, 1, 4) if TINY else (10_000, 7, 100)

HEAVY = ("reportlab", "pypdf", "pyhanko", "cryptography", "pyuca", "docx")  # not needed to show the home

CHILD = r"""
import sys, time
kind, data_dir, heavy = sys.argv[1], sys.argv[2], sys.argv[3].split(",")
from textual.app import App
from textual.screen import Screen
if kind == "minimal":
    from textual.widgets import Footer, Static

    class Minimal(App):
        def compose(self):
            yield Static("hello")
            yield Footer()

    app = Minimal()
    stages = [("READY", lambda screen: True)]
elif kind == "widgets":
    from textual.containers import Horizontal
    from textual.widgets import DataTable, Footer, Header, Input, Select, Static

    class HomeWidgets(App):
        def compose(self):
            yield Header(icon="§")
            with Horizontal():
                yield Input(placeholder="/ пошук", compact=True)
                for prompt in ("Усі статуси", "Усі роки", "Усі підприємства"):
                    yield Select([], prompt=prompt, compact=True)
            yield Static("Перевірок: …")
            yield DataTable(cursor_type="row", zebra_stripes=True)
            yield Static("")
            yield Static("Завантаження…")
            yield Footer()

        def on_mount(self):
            table = self.query_one(DataTable)
            for label in ("№", "Підприємство", "Дати", "Статус", "%", "Пор./озн.", "Нед."):
                table.add_column(label)

    app = HomeWidgets()
    stages = [("EMPTY", lambda screen: bool(screen.query(DataTable)) and len(screen.query_one(DataTable).columns) == 7)]
elif kind == "cli":
    from textual.widgets import DataTable

    run = App.run
    App.run = lambda self, **kwargs: run(self, headless=True)  # the entry point's own path, headless
    home = lambda screen: type(screen).__name__ == "HomeScreen"
    app = None
    stages = [("COMMAND_ROWS", lambda screen: home(screen) and screen.query_one("#inspections", DataTable).row_count > 0)]
else:
    from pathlib import Path
    from textual.widgets import DataTable
    from inspect_tui.app import make_app
    from inspect_tui.screens.home import HomeScreen
    from inspect_tui.store import Store

    from inspect_tui import collection

    collection.pause()  # as run_app does, until the home has listed
    store = Store.open(Path(data_dir), check_index=False)  # as run_app opens it: the home's listing checks the index
    app = make_app(store)
    home = lambda screen: isinstance(screen, HomeScreen)
    stages = [
        ("PAINTED", home),
        ("ROWS", lambda screen: home(screen) and screen.query_one("#inspections", DataTable).row_count > 0),
        ("LOADED", lambda screen: home(screen) and screen.complete),
    ]

paint = Screen._compositor_refresh

def painted(screen):
    # each stage's line at the end of the first repaint that shows it
    paint(screen)
    while stages and stages[0][1](screen):
        stage = stages.pop(0)[0]
        loaded = ",".join(m for m in heavy if m in sys.modules) or "none"
        print(stage, time.process_time(), loaded, flush=True)
    if not stages:
        screen.app.exit()

Screen._compositor_refresh = painted
if app is None:
    from inspect_tui.cli import main

    main(["--data-dir", data_dir])
else:
    app.run(headless=True)
"""


def checklist_of(items: int) -> Checklist:
    """A synthetic checklist: sections of 15 items, each with a reference and guidance."""
    sections = []
    for s in range(max(1, items // 15)):
        sections.append(
            {
                "id": f"s{s}",
                "title": {"uk": f"Розділ {s + 1}: вимоги Закону"},
                "items": [
                    {
                        "id": f"s{s}-i{i}",
                        "question": {"uk": f"Чи виконано вимогу {s + 1}.{i + 1} щодо запобігання корупції на підприємстві?"},
                        "refs": [{"article": str(50 + s), "part": str(i % 4 + 1)}],
                        "guidance": {"uk": "Запросити накази, журнали та звіти за період, що перевіряється."},
                        "documents": ["Наказ", "Журнал обліку"],
                    }
                    for i in range(15)
                ],
            }
        )
    return Checklist.model_validate(
        {"id": f"bench-{items}", "version": "1.0.0", "title": {"uk": "Бенчмарк"}, "legal_basis": {"uk": "Закон № 1700-VII"}, "sections": sections}
    )


def inspection_of(checklist: Checklist, number: str) -> Inspection:
    return new_inspection(
        id=uuid.uuid4(), number=number, enterprise=demo_enterprises()[0], checklist=checklist,
        basis=LegalBasis(order_number="1-од", order_date=date(2026, 1, 2), act="розпорядження міського голови"),
        period_from=date(2025, 1, 1), period_to=date(2025, 12, 31), start_date=date(2026, 1, 5), end_date=date(2026, 1, 5),
        inspectors=[HEAD], now=datetime(2026, 1, 5, 9, tzinfo=UTC),
    )


@contextmanager
def no_fsync() -> Iterator[None]:
    real = os.fsync
    os.fsync = lambda fd: None  # set-up only: durability is not what is measured here
    try:
        yield
    finally:
        os.fsync = real


def seed(data_dir: Path) -> Inspection:
    """10,000 inspections; returns the 150-item one the latency is measured on."""
    small = inspection_of(checklist_of(15), "0/2026")
    big = inspection_of(checklist_of(150), "big/2026")
    with no_fsync(), Store.open(data_dir) as store:
        # a store in use has its certificate header (else the first-run dialog asks for it first)
        store.save_settings(Settings(council_name="Покровська міська рада", unit_name="Відділ", place="м. Покровськ"))
        for n in range(INSPECTIONS - 1):
            store.save_inspection(small.model_copy(update={"id": uuid.uuid4(), "number": f"{n + 1}/2026"}))
        store.save_inspection(big)
    return big


STAGES = {"minimal": ["READY"], "widgets": ["EMPTY"], "app": ["PAINTED", "ROWS", "LOADED"], "cli": ["COMMAND_ROWS"]}


def startup(data_dir: Path) -> dict[str, Any]:
    """Per stage, all samples of the seconds from process start to its line, and of the process's CPU seconds then
    (all threads: on a shared machine the wall clock also counts others' work); and the heavy modules loaded."""
    samples: dict[str, list[float]] = {stage: [] for stages in STAGES.values() for stage in stages}
    cpu: dict[str, list[float]] = {stage: [] for stage in samples}
    heavy = ""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    for kind in STAGES:  # untimed: writes the bytecode an installed package has
        subprocess.run([sys.executable, "-c", CHILD, kind, str(data_dir), ",".join(HEAVY)], env=env, capture_output=True, timeout=120, check=True)
    for _ in range(STARTS):
        for kind, stages in STAGES.items():
            started = time.perf_counter()
            args = [sys.executable, "-c", CHILD, kind, str(data_dir), ",".join(HEAVY)]
            proc = subprocess.Popen(args, stdout=subprocess.PIPE, text=True, env=env)
            assert proc.stdout is not None
            for stage in stages:
                line = proc.stdout.readline()
                if not line.startswith(stage):
                    raise SystemExit(f"{kind} did not reach {stage}: {line!r}")
                samples[stage].append(time.perf_counter() - started)
                cpu[stage].append(float(line.split()[1]))
                if stage == "ROWS":
                    heavy = line.split()[2]
            proc.wait(timeout=60)
    return {"samples": samples, "cpu": cpu, "heavy_imports": heavy}


class Painted:
    """Times of the end of every screen repaint (patched into Textual's compositor refresh)."""

    def __init__(self) -> None:
        self.times: list[float] = []

    @contextmanager
    def recording(self) -> Iterator[None]:
        from textual.screen import Screen

        real_refresh = Screen._compositor_refresh

        def timed_refresh(screen: Screen[Any]) -> None:
            real_refresh(screen)
            self.times.append(time.perf_counter())

        Screen._compositor_refresh = timed_refresh  # type: ignore[method-assign]
        try:
            yield
        finally:
            Screen._compositor_refresh = real_refresh  # type: ignore[method-assign]

    async def press(self, pilot: Any, key: str) -> float:
        """Key press → the end of the first repaint after the key was handled, in ms."""
        started = time.perf_counter()
        await pilot.press(key)  # returns once the key is handled and the app is idle
        handled = time.perf_counter()
        await pilot.pause(0.1)  # a repaint still pending lands in this window
        after = [p for p in self.times if p > handled]
        before = [p for p in self.times if started < p <= handled]
        if not after and not before:
            raise SystemExit(f"key {key!r} caused no repaint")
        return ((after[0] if after else before[-1]) - started) * 1000


async def keypresses(data_dir: Path, big: Inspection) -> dict[str, list[float]]:
    """Per key, the latency of each press on the checklist screen of ``big``."""
    from inspect_tui.app import make_app
    from inspect_tui.screens.checklist_run import ChecklistScreen
    from inspect_tui.screens.home import HomeScreen

    painted = Painted()
    samples: dict[str, list[float]] = {"y": [], "down": []}
    with painted.recording(), Store.open(data_dir) as store:
        app = make_app(store, blink=False)
        async with app.run_test(size=(80, 24)) as pilot:
            while not (isinstance(app.screen, HomeScreen) and app.screen.summaries):
                await pilot.pause(0.01)
            app.push_screen(ChecklistScreen(big.id))
            while not isinstance(app.screen, ChecklistScreen):
                await pilot.pause(0.01)
            await pilot.pause(0.2)
            for n in range(PRESSES):
                key = "y" if n % 2 == 0 else "down"
                samples[key].append(await painted.press(pilot, key))
        answered = sum(1 for f in store.get_inspection(big.id).findings.values() if f.answer.value == "complies")
        if answered != PRESSES // 2:
            raise SystemExit(f"expected {PRESSES // 2} saved answers, found {answered}")
    return samples


async def floor_keypresses() -> list[float]:
    """The same measurement on a trivial app (a key changes one line of text): what Textual and the pilot cost."""
    from textual.app import App, ComposeResult
    from textual.binding import Binding
    from textual.widgets import Footer, Static

    class Trivial(App[None]):
        BINDINGS = [Binding("y", "bump", "bump"), Binding("down", "bump", "bump")]

        def __init__(self) -> None:
            super().__init__()
            self.count = 0

        def compose(self) -> ComposeResult:
            yield Static("0", id="count")
            yield Footer()

        def action_bump(self) -> None:
            self.count += 1
            self.query_one("#count", Static).update(str(self.count))

    painted = Painted()
    samples: list[float] = []
    with painted.recording():
        app = Trivial()
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause(0.2)
            for n in range(PRESSES):
                samples.append(await painted.press(pilot, "y" if n % 2 == 0 else "down"))
    return samples


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        t0 = time.perf_counter()
        big = seed(data_dir)
        print(f"seeded {INSPECTIONS} inspections in {time.perf_counter() - t0:.1f} s")
        start = startup(data_dir)
        ms = {stage: statistics.median(xs) * 1000 for stage, xs in start["samples"].items()}
        cpu_ms = {stage: statistics.median(xs) * 1000 for stage, xs in start["cpu"].items()}
        spread = {stage: f"{min(xs) * 1000:.0f}-{max(xs) * 1000:.0f}" for stage, xs in start["samples"].items()}
        print(f"start-up with {INSPECTIONS} inspections, medians of {STARTS} (wall range; CPU): minimal Textual app "
              f"{ms['READY']:.0f} ms ({spread['READY']}; CPU {cpu_ms['READY']:.0f} ms); the home's widgets empty "
              f"{ms['EMPTY']:.0f} ms ({spread['EMPTY']}; CPU {cpu_ms['EMPTY']:.0f} ms)")
        for stage, what in (
            ("PAINTED", "home painted, list loading"),
            ("ROWS", "first page of rows"),
            ("LOADED", "whole list loaded"),
            ("COMMAND_ROWS", "first page of rows, started as `inspect-tui --data-dir DIR`"),
        ):
            print(f"  {what}: {ms[stage]:.0f} ms ({spread[stage]}), {ms[stage] / ms['READY']:.2f}x minimal, "
                  f"{ms[stage] / ms['EMPTY']:.2f}x the home's widgets empty; "
                  f"CPU {cpu_ms[stage]:.0f} ms, {cpu_ms[stage] / cpu_ms['READY']:.2f}x")
        print(f"heavy modules loaded at the home: {start['heavy_imports']}")
        keys = asyncio.run(keypresses(data_dir, big))
    floor = asyncio.run(floor_keypresses())
    ys, downs = keys["y"], keys["down"]
    p95 = lambda xs: sorted(xs)[int(len(xs) * 0.95) - 1]  # noqa: E731
    print(f"key 'y' (answer + autosave + repaint): median {statistics.median(ys):.1f} ms, p95 {p95(ys):.1f} ms")
    print(f"key 'down' (move + repaint): median {statistics.median(downs):.1f} ms, p95 {p95(downs):.1f} ms")
    print(f"floor, a trivial Textual app measured the same way: median {statistics.median(floor):.1f} ms, p95 {p95(floor):.1f} ms")
    ratio = lambda stage, floor="READY": round(ms[stage] / ms[floor], 2)  # noqa: E731
    figures = [
        {"name": "startup_first_rows_ratio_vs_home_widgets_empty", "value": ratio("ROWS", "EMPTY"), "unit": "x", "target": 1.5, "better": "lower"},
        {"name": "startup_first_rows_ratio_vs_minimal_textual", "value": ratio("ROWS"), "unit": "x", "better": "lower"},
        {"name": "startup_home_widgets_empty_ratio_vs_minimal_textual", "value": ratio("EMPTY"), "unit": "x", "better": "lower"},
        {"name": "startup_list_loaded_ratio_vs_minimal_textual", "value": ratio("LOADED"), "unit": "x", "better": "lower"},
        {"name": "startup_home_painted_ratio_vs_minimal_textual", "value": ratio("PAINTED"), "unit": "x", "better": "lower"},
        {"name": "startup_first_rows_ms", "value": round(ms["ROWS"]), "unit": "ms", "better": "lower"},
        {"name": "startup_command_first_rows_ratio_vs_home_widgets_empty", "value": ratio("COMMAND_ROWS", "EMPTY"), "unit": "x", "better": "lower"},
        {"name": "startup_minimal_textual_ms", "value": round(ms["READY"]), "unit": "ms", "better": "lower"},
        {"name": "startup_first_rows_cpu_ratio_vs_home_widgets_empty", "value": round(cpu_ms["ROWS"] / cpu_ms["EMPTY"], 2), "unit": "x", "better": "lower"},
        {"name": "keypress_answer_median_ms", "value": round(statistics.median(ys), 1), "unit": "ms", "target": 50, "better": "lower"},
        {"name": "keypress_answer_p95_ms", "value": round(p95(ys), 1), "unit": "ms", "better": "lower"},
        {"name": "keypress_move_median_ms", "value": round(statistics.median(downs), 1), "unit": "ms", "target": 50, "better": "lower"},
        {"name": "keypress_floor_trivial_app_median_ms", "value": round(statistics.median(floor), 1), "unit": "ms", "better": "lower"},
    ]
    print(json.dumps({"benchmark": "tui", "figures": figures}, ensure_ascii=False))


if __name__ == "__main__":
    main()
