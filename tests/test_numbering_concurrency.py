"""A store never issues one number twice, however many creates run at once: the next free number is
chosen and the inspection saved in one transaction, under the store's lock (threads of the app) and
the data dir's lock (processes), or the office register's writer lock (its officers). Nor is a remedy
recorded at once by two officers lost."""

from __future__ import annotations

import multiprocessing
import threading
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import pytest
from factories import INSPECTOR, checklist, enterprise
from test_sync_support import at, by_number

from inspect_tui import services
from inspect_tui.domain.actions import RemedyRecord
from inspect_tui.domain.inspection import Inspection, LegalBasis
from inspect_tui.domain.numbering import NumberRefused
from inspect_tui.office.pgstore import PgStore
from inspect_tui.store import Store, StoreLocked
from inspect_tui.store_protocol import RegisterStore

pytestmark = pytest.mark.backends

DAY = date(2026, 3, 2)
APRIL = date(2026, 4, 1)  # after the demo's signed inspection was signed
CREATES_PER_PROCESS = 3
_R = TypeVar("_R")


def _create(store: RegisterStore, **extra: Any) -> Inspection:
    return services.create_inspection(
        store, now=at(DAY, 9), enterprise=enterprise(), checklist=checklist(),
        basis=LegalBasis(order_number="12-од", order_date=date(2026, 2, 20), act="розпорядження міського голови"),
        period_from=date(2025, 1, 1), period_to=date(2025, 12, 31), start_date=DAY, end_date=DAY, inspectors=[INSPECTOR], **extra,
    )


def _slowed(monkeypatch: pytest.MonkeyPatch, module: str, name: str) -> None:
    """Widen the gap between choosing a number and saving it, where two creates used to interleave."""
    target = __import__(module, fromlist=[name])
    original: Callable[..., Any] = getattr(target, name)

    def slow(*args: Any, **kwargs: Any) -> Any:
        time.sleep(0.05)
        return original(*args, **kwargs)

    monkeypatch.setattr(target, name, slow)


def _in_threads(*works: Callable[[], _R]) -> list[_R | BaseException]:
    """Run each of ``works`` in a thread of its own, all released at once; what each returned or raised."""
    start = threading.Barrier(len(works))
    results: list[_R | BaseException] = [RuntimeError("not run")] * len(works)

    def run(n: int) -> None:
        start.wait()
        try:
            results[n] = works[n]()
        except Exception as exc:  # noqa: BLE001 - the test looks at what each got
            results[n] = exc

    threads = [threading.Thread(target=run, args=(n,)) for n in range(len(works))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def _numbers(store: RegisterStore) -> list[str]:
    return sorted(s.number for s in store.list_summaries())


def test_two_creates_in_threads_of_one_app_get_distinct_numbers(store: RegisterStore, monkeypatch: pytest.MonkeyPatch) -> None:
    _slowed(monkeypatch, "inspect_tui.domain.inspection", "new_inspection")
    created = _in_threads(lambda: _create(store), lambda: _create(store))
    assert sorted(i.number for i in created if isinstance(i, Inspection)) == ["1/2026", "2/2026"]
    assert _numbers(store) == ["1/2026", "2/2026"]


def test_two_follow_ups_started_at_once_get_distinct_numbers(demo_store: RegisterStore, monkeypatch: pytest.MonkeyPatch) -> None:
    before = _numbers(demo_store)
    signed = by_number(demo_store, "1/2026")  # the demo's signed inspection, with two «Ні»

    def start() -> Inspection:
        return services.start_follow_up(demo_store, signed.id, order_number="13-од", order_date=APRIL, now=at(APRIL), start_date=APRIL)

    _slowed(monkeypatch, "inspect_tui.services.actions", "new_follow_up")
    started = _in_threads(start, start)
    numbers = [i.number for i in started if isinstance(i, Inspection)]
    assert len(numbers) == 2 and len(set(numbers)) == 2 and not set(numbers) & set(before)


def test_a_number_asked_for_and_a_number_chosen_at_once_never_collide(store: RegisterStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """One create asks for «1/2026» while another takes the next free one: whichever comes second moves on or is refused."""
    _slowed(monkeypatch, "inspect_tui.domain.inspection", "new_inspection")
    results = _in_threads(lambda: _create(store, number="1/2026"), lambda: _create(store))
    asked, chosen = results
    assert isinstance(chosen, Inspection)
    assert isinstance(asked, Inspection) or (isinstance(asked, NumberRefused) and asked.code == "taken")
    numbers = _numbers(store)
    assert len(numbers) == len(set(numbers)) == sum(isinstance(r, Inspection) for r in results)


def test_renumbering_and_creating_at_once_never_collide(store: RegisterStore, monkeypatch: pytest.MonkeyPatch) -> None:
    draft = _create(store)  # 1/2026
    _slowed(monkeypatch, "inspect_tui.domain.inspection", "new_inspection")
    _slowed(monkeypatch, "inspect_tui.services.inspections", "update_header")  # between renumber's check and its save
    results = _in_threads(lambda: services.renumber(store, draft.id, "2/2026", now=at(DAY, 10)), lambda: _create(store))
    numbers = _numbers(store)
    assert len(numbers) == len(set(numbers)) == 2, results


def _open_writer(data_dir: Path, url: str | None) -> RegisterStore:
    """The register a second program opens: the data dir's (waiting for its writer's lock), or the office's."""
    if url is not None:
        return PgStore.open(url, data_dir)
    for _attempt in range(3000):
        try:
            return Store.open(data_dir, check_index=False)
        except StoreLocked:
            time.sleep(0.01)
    raise AssertionError("the data dir's lock was never free")


def _create_in_process(data_dir: str, url: str | None, start: Any, numbers: Any) -> None:
    """A second program (officer) on the same register: creates, a few times over."""
    start.wait()
    for _ in range(CREATES_PER_PROCESS):
        with _open_writer(Path(data_dir), url) as store:
            numbers.put(_create(store).number)


def test_two_processes_creating_at_once_get_distinct_numbers(store: RegisterStore, data_dir: Path) -> None:
    url = store.where if isinstance(store, PgStore) else None  # the test server's URLs carry no password
    store.close()
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(2)
    numbers = context.Queue()
    processes = [context.Process(target=_create_in_process, args=(str(data_dir), url, start, numbers)) for _ in range(2)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=120)
    assert [p.exitcode for p in processes] == [0, 0]
    issued = sorted(numbers.get(timeout=10) for _ in range(2 * CREATES_PER_PROCESS))
    assert len(set(issued)) == len(issued) == 2 * CREATES_PER_PROCESS
    with _open_writer(data_dir, url) as reopened:
        assert sorted(s.number for s in reopened.list_summaries()) == issued


def test_two_remedies_recorded_at_once_on_one_action_are_both_kept(demo_store: RegisterStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading the stored remedy and writing it with a new version is one transaction: neither officer's
    version is lost (one is current, the other in its history)."""
    signed = by_number(demo_store, "1/2026")

    def record(what: str, hour: int) -> RemedyRecord:
        return services.record_action_remedy(
            demo_store, signed.id, "risk-assessment", remedied=True, on=APRIL, what=what, evidence=[], now=at(APRIL, hour)
        )

    _slowed(monkeypatch, "inspect_tui.services.actions", "record_remedy")  # between reading the stored one and saving
    results = _in_threads(lambda: record("Перший", 9), lambda: record("Другий", 10))
    assert all(isinstance(r, RemedyRecord) for r in results), results
    kept = demo_store.get_remedy(signed.id, "risk-assessment")
    assert kept is not None and sorted(v.what for v in kept.versions()) == ["Другий", "Перший"]
