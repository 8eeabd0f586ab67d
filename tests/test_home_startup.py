"""The home's start-up path: the index read as checked plain rows, the app's writer checking the index at its first
listing or save instead of at open, the screen usable (and showing nothing untrue) while the list loads, the enterprise
filter sorted only when wanted, and no heavy module loaded to show it."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import threading
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from factories import inspection
from textual.pilot import Pilot
from textual.widgets import DataTable, Select, Static
from tui_helpers import test_app, type_text, until, wait_for

from inspect_tui.collation import sort_key
from inspect_tui.domain.summary import InspectionSummary, SummaryRow
from inspect_tui.i18n import t
from inspect_tui.screens.home import CountsKnown, HomeCounts, HomeScreen, SummariesLoaded
from inspect_tui.screens.settings import SettingsScreen
from inspect_tui.store import Store
from inspect_tui.store import store as store_module


def _shard_of(data_dir: Path, inspection_id: str) -> Path:
    return data_dir / "index" / f"{inspection_id.replace('-', '')[:2]}.json"


# --- the store's plain rows ----------------------------------------------------------------------


def test_summary_rows_are_the_summaries_in_the_same_order(demo_store: Store) -> None:
    rows = demo_store.summary_rows()
    assert len(rows) == 3
    assert rows == [SummaryRow.of(s) for s in demo_store.list_summaries()]


def _stored_summary() -> dict[str, Any]:
    return InspectionSummary.of(inspection()).model_dump(mode="json")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("status", "archived"),
        ("progress", 101),
        ("progress", "50"),
        ("revision", 0),
        ("open_violations", -1),
        ("shortcomings", True),
        ("number", 7),
        ("enterprise", None),
        ("started", "2026-13-01"),
        ("finished", 20260101),
        ("supersedes", "not-an-id"),
        ("signed_at", 5),
        ("edrpou", ...),  # missing
    ],
)
def test_a_stored_summary_the_screen_cannot_rely_on_is_refused(field: str, value: object) -> None:
    doc = _stored_summary()
    SummaryRow.from_stored(doc)  # the untouched one passes
    if value is ...:
        del doc[field]
    else:
        doc[field] = value
    with pytest.raises(ValueError):
        SummaryRow.from_stored(doc)


def test_a_shard_with_a_bad_row_is_read_around_by_a_reader_and_rebuilt_by_the_writer(demo_store: Store, data_dir: Path) -> None:
    expected = demo_store.summary_rows()
    shard = _shard_of(data_dir, expected[0].id)
    doc = json.loads(shard.read_text("utf-8"))
    next(iter(doc["summaries"].values()))["progress"] = 250
    shard.write_text(json.dumps(doc), "utf-8")
    damaged = shard.read_bytes()
    with Store.open(data_dir, writer=False) as reader:
        assert reader.summary_rows() == expected
    assert shard.read_bytes() == damaged  # a reader writes nothing
    assert demo_store.summary_rows() == expected
    assert all(row["progress"] <= 100 for row in json.loads(shard.read_text("utf-8"))["summaries"].values())


def test_progress_is_reported_up_to_the_total(demo_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_module, "_PROGRESS_EVERY", 1)
    seen: list[tuple[int, int]] = []
    demo_store.summary_rows(lambda read, total: seen.append((read, total)))
    assert seen == [(1, 3), (2, 3), (3, 3)]  # the demo's three inspections fall in three shards


# --- the app's writer checks the index lazily ----------------------------------------------------


def _garbage_in_a_shard(demo_store: Store, data_dir: Path) -> tuple[list[str], Path]:
    ids = sorted(row.id for row in demo_store.summary_rows())
    demo_store.close()
    shard = _shard_of(data_dir, ids[0])
    shard.write_bytes(b"\x00garbage")
    return ids, shard


def test_the_apps_writer_checks_the_index_at_its_first_listing_not_at_open(demo_store: Store, data_dir: Path) -> None:
    ids, shard = _garbage_in_a_shard(demo_store, data_dir)
    with Store.open(data_dir, check_index=False) as store:
        assert shard.read_bytes() == b"\x00garbage"  # opening did not read the index
        assert sorted(row.id for row in store.summary_rows()) == ids
        assert [s["id"] for s in json.loads(shard.read_text("utf-8"))["summaries"].values()] == [ids[0]]


def test_a_save_before_any_listing_checks_the_index_first(demo_store: Store, data_dir: Path) -> None:
    ids, shard = _garbage_in_a_shard(demo_store, data_dir)
    neighbour = inspection(id=uuid.UUID(ids[0][:2] + uuid.uuid4().hex[2:]), number="77/2026")  # lands in the damaged shard
    with Store.open(data_dir, check_index=False) as store:
        store.save_inspection(neighbour)
        assert sorted(s["id"] for s in json.loads(shard.read_text("utf-8"))["summaries"].values()) == sorted([ids[0], str(neighbour.id)])
        assert sorted(row.id for row in store.summary_rows()) == sorted([*ids, str(neighbour.id)])


# --- the home while its list loads ---------------------------------------------------------------


def _text(home: HomeScreen, selector: str) -> str:
    return str(home.query_one(selector, Static).render())


def test_the_home_works_while_its_list_loads_and_counts_nothing_untrue(demo_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    read = demo_store.summary_rows
    release = threading.Event()

    def held(progress: Callable[[int, int], None] | None = None) -> list[SummaryRow]:
        rows = read()
        if progress is not None:
            progress(1, len(rows))
        release.wait(30)
        return rows

    monkeypatch.setattr(demo_store, "summary_rows", held)

    async def scenario() -> None:
        app = test_app(demo_store)
        async with app.run_test(size=(100, 30)) as pilot:
            home = app.screen
            assert isinstance(home, HomeScreen)
            await until(pilot, lambda: _text(home, "#home-status") == t("tui.home.loading_of", read=1, total=3))
            assert _text(home, "#home-counts") == t("tui.home.counts_loading_of", read=1, total=3)
            # the plan line and the actions in the title wait for the list, and say so
            year = app.today().year
            assert _text(home, "#home-plan") == t("plan.progress_loading", year=year)
            assert home.sub_title == f"{t('tui.home.title')} · {t('actions.tui.header_loading')}"
            await pilot.press("slash")
            await type_text(pilot, "2/2026")  # a search typed meanwhile waits for the rows
            assert _text(home, "#home-status") == t("tui.home.loading_of", read=1, total=3)
            await pilot.press("enter", "s")  # and the keys work: settings open and close
            await until(pilot, lambda: isinstance(app.screen, SettingsScreen))
            await pilot.press("escape")
            await until(pilot, lambda: app.screen is home)
            assert home.query_one("#inspections", DataTable).row_count == 0 and not home.complete
            release.set()
            await until(pilot, lambda: home.complete)
            await pilot.pause()
            assert _text(home, "#home-counts") == " · ".join(
                [t("tui.home.count.inspections", n=3), t("tui.home.count.in_progress", n=2), t("tui.home.count.signed", n=1)]
            )
            table = home.query_one("#inspections", DataTable)
            assert table.row_count == 1 and str(table.get_row_at(0)[0]) == "2/2026"
            assert _text(home, "#home-status") == t("tui.home.shown", shown=1, total=3)
            await until(pilot, lambda: home.counts.known)
            await pilot.pause()
            assert home.sub_title == f"{t('tui.home.title')} · {t('actions.tui.header', open=4, overdue=0)}"
            assert _text(home, "#home-plan") == "" and not home.query_one("#home-plan").has_class("-shown")  # no plan this year

    try:
        asyncio.run(scenario())
    finally:
        release.set()


def test_the_enterprise_filter_is_sorted_alphabetically_once_focused(demo_store: Store) -> None:
    async def scenario() -> None:
        app = test_app(demo_store)
        async with app.run_test(size=(100, 30)) as pilot:
            home = app.screen
            assert isinstance(home, HomeScreen)
            await wait_for(pilot, lambda: home.complete)
            select = home.query_one("#enterprise", Select)
            assert [v for _, v in select._options if v is not Select.NULL] == []  # noqa: SLF001 - not sorted until wanted
            select.focus()
            await wait_for(pilot, lambda: len(select._options) > 1)  # noqa: SLF001
            names = [str(label) for label, v in select._options if v is not Select.NULL]  # noqa: SLF001
            assert len(names) == 3 and names == sorted(names, key=sort_key)

    asyncio.run(scenario())


def test_an_earlier_loads_late_message_never_overwrites_a_later_loads_counts(demo_store: Store) -> None:
    """Two loads overlap (a language switch, a return from another screen): the slower earlier one may post last."""

    async def scenario() -> None:
        app = test_app(demo_store)
        async with app.run_test(size=(100, 30)) as pilot:
            home = app.screen
            assert isinstance(home, HomeScreen)
            await wait_for(pilot, lambda: home.counts.known)
            title, counts_line = home.sub_title, str(home.query_one("#home-counts", Static).render())
            stale = home._generation - 1  # noqa: SLF001 - the load a late message answers
            home.post_message(CountsKnown(stale, HomeCounts(inspections="стара кількість", actions="старі заходи")))
            home.post_message(SummariesLoaded(stale, []))
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert home.sub_title == title and "старі заходи" not in home.sub_title
            assert str(home.query_one("#home-counts", Static).render()) == counts_line
            assert home.query_one("#inspections", DataTable).row_count == 3

    asyncio.run(scenario())


# --- no heavy module to show the home ------------------------------------------------------------

HEAVY = ("reportlab", "pypdf", "pyhanko", "cryptography", "pyuca", "docx")

SHOW_HOME = r"""
import json, sys
from pathlib import Path
from textual.widgets import DataTable
from inspect_tui.app import make_app
from inspect_tui.store import Store

store = Store.open(Path(sys.argv[1]), check_index=False)
app = make_app(store)

async def shown(pilot):
    home = app.screen_stack[0]
    while not (home.complete and home.query_one("#inspections", DataTable).row_count):
        await pilot.pause(0.01)
    await pilot.pause()
    print(json.dumps(sorted(m.split(".")[0] for m in sys.modules)))
    app.exit()

app.run(headless=True, auto_pilot=shown)
"""


def test_the_home_shows_without_loading_a_heavy_module(demo_store: Store, data_dir: Path) -> None:
    demo_store.close()
    done = subprocess.run([sys.executable, "-c", SHOW_HOME, str(data_dir)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    loaded = set(json.loads(done.stdout.strip().splitlines()[-1]))
    assert "textual" in loaded and "inspect_tui" in loaded  # the check looks at a process that showed the home
    assert loaded.isdisjoint(HEAVY), sorted(loaded & set(HEAVY))


# --- numbers held twice, found among the rows that can hold one ----------------------------------


def test_numbers_held_twice_are_found_as_among_all_rows() -> None:
    from datetime import date

    from inspect_tui.domain.inspection import Status
    from inspect_tui.domain.numbering import NumberHolder, find_conflicts
    from inspect_tui.screens.home import _numbers_held_twice

    def row(number: str, *, revision: int = 1, supersedes: str | None = None, signed: bool = False, day: int = 1) -> SummaryRow:
        started = date(2026, 3, day)
        return SummaryRow(
            str(uuid.uuid4()), number, revision, "КП «Тест»", "12345678", Status.SIGNED if signed else Status.DRAFT,
            started, started, 100 if signed else 10, 0, 0, supersedes, started if signed else None, 0, None,
        )

    taken_twice, signed_twice = row("3/2026"), row("03/2026", signed=True, day=2)  # the same number written two ways
    first = row("5/2026", signed=True)
    correction = row("5/2026", revision=2, supersedes=first.id)  # one chain: not a conflict
    old = row("7/2026", signed=True)
    renumbered = row("8/2026", revision=2, supersedes=old.id)  # its chain's root has another number
    other = row("8/2026", day=3)
    back = row("11/2026", signed=True)  # renumbered, then back: one chain through a revision of another number
    away = row("12/2026", revision=2, supersedes=back.id, signed=True)
    again = row("11/2026", revision=3, supersedes=away.id)
    rows = [taken_twice, signed_twice, first, correction, old, renumbered, other, row("9/2026"), back, away, again]
    everyone = {str(i) for c in find_conflicts(NumberHolder.of(r) for r in rows) for i in c.inspection_ids}
    assert everyone == {taken_twice.id, signed_twice.id, renumbered.id, other.id}
    assert _numbers_held_twice(rows) == everyone
