"""The home's first page (``first_rows``): on both backends the newest rows of ``summary_rows``, in its order; on the
file store from ``first_rows.json``, which is never trusted over the truth (crashes, stale or damaged copies, files
deleted or added by hand)."""

from __future__ import annotations

import json
import os
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
from factories import T0, inspection
from store_helpers import Crash, dying_replace

from inspect_tui.store import Store, atomic
from inspect_tui.store.first_page import FILE, KEPT, Head
from inspect_tui.store_protocol import RegisterStore

pytest_plugins = ["backends"]


def _fill(store: RegisterStore, count: int, *, number: str | None = None) -> None:
    """``count`` inspections on different days (some days twice, and a number held twice: ties broken by the id)."""
    for n in range(count):
        store.save_inspection(inspection(number=number or f"{n % 7}/2026", **_on(date(2026, 1, 1) + timedelta(days=n // 2))))


def _on(day: date) -> dict[str, date]:
    return {"start_date": day, "end_date": day}


def _first_page_is_the_truth(store: RegisterStore) -> None:
    truth = store.summary_rows()
    for limit in (1, 3, 50, len(truth) + 5):
        assert store.first_rows(limit) == truth[:limit]


def test_first_rows_are_the_newest_rows_of_the_list_in_its_order(register_store: RegisterStore) -> None:
    assert register_store.first_rows(50) == []
    _fill(register_store, 12)
    _fill(register_store, 3, number="7/2026")  # same day, same number: the id decides, on both backends
    _first_page_is_the_truth(register_store)


def _rows_file(data_dir: Path) -> dict[str, object]:
    return json.loads((data_dir / FILE).read_text("utf-8"))


def _count_full_reads(store: Store, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = store.summary_rows
    monkeypatch.setattr(store, "summary_rows", lambda *a, **k: calls.append(1) or real(*a, **k))
    return calls


def test_first_rows_come_from_their_file_and_follow_every_change(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Store.open(data_dir) as store:
        _fill(store, 10)
        draft = inspection(**_on(date(2027, 1, 1)))
        store.save_inspection(draft)  # the newest
        full_reads = _count_full_reads(store, monkeypatch)
        assert store.first_rows(3)[0].id == str(draft.id)
        store.trash_inspection(draft.id, T0)
        assert str(draft.id) not in {r.id for r in store.first_rows(50)}
        store.restore_trashed(draft.id)
        assert store.first_rows(1)[0].id == str(draft.id)
        assert full_reads == []  # all from the file
        _first_page_is_the_truth(store)
        moved = store.get_inspection(draft.id)
        store.save_inspection(inspection(id=draft.id, number=draft.number, **_on(date(2025, 1, 1))))  # now the oldest
        assert moved.id != store.first_rows(1)[0].inspection_id
        _first_page_is_the_truth(store)


def test_an_autosave_that_moves_no_row_does_not_write_the_file(data_dir: Path) -> None:
    with Store.open(data_dir) as store:
        _fill(store, 3)
        newest = store.get_inspection(store.first_rows(1)[0].inspection_id)
        before = os.stat(data_dir / FILE)
        store.save_inspection(newest.model_copy(update={"updated_at": T0 + timedelta(hours=1)}))  # test data, not user input
        after = os.stat(data_dir / FILE)
        assert (before.st_ino, before.st_mtime_ns) == (after.st_ino, after.st_mtime_ns)
        _first_page_is_the_truth(store)


def test_a_store_of_more_rows_than_kept_keeps_the_newest(data_dir: Path) -> None:
    with Store.open(data_dir) as store:
        _fill(store, KEPT + 20)
        _first_page_is_the_truth(store)
        assert len(_rows_file(data_dir)["first_rows"]["rows"]) == KEPT  # type: ignore[index]
        newest = store.first_rows(1)[0]
        store.trash_inspection(newest.inspection_id, T0)  # the file now holds one fewer: still the newest ones
        _first_page_is_the_truth(store)


def test_a_hand_deleted_or_added_inspection_file_is_never_hidden_or_shown(data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Store.open(data_dir) as store:
        _fill(store, 6)
        newest = store.first_rows(1)[0]
    kept = tmp_path / "kept.json"
    shutil.move(data_dir / "inspections" / f"{newest.id}.json", kept)
    with Store.open(data_dir, check_index=False) as store:
        assert newest.id not in {r.id for r in store.first_rows(50)}
        _first_page_is_the_truth(store)  # and the whole read wrote the file anew
        full_reads = _count_full_reads(store, monkeypatch)
        assert store.first_rows(50) == store.summary_rows()[:50] and len(full_reads) == 1  # first_rows: the file again
    shutil.move(kept, data_dir / "inspections" / f"{newest.id}.json")  # back by hand: the file does not list it
    with Store.open(data_dir, writer=False) as reader:
        assert reader.first_rows(1)[0].id == newest.id


@pytest.mark.parametrize(
    "damage",
    [
        lambda doc: "{not json",
        lambda doc: json.dumps({"first_rows": {**doc, "rows": [[1]]}}),
        lambda doc: json.dumps({"first_rows": {**doc, "rows": doc["rows"][::-1]}}),  # out of order
        lambda doc: json.dumps({"first_rows": {**doc, "rows": doc["rows"][:1] * 2}}),  # repeated
        lambda doc: json.dumps({"first_rows": {**doc, "rows": [[doc["rows"][0][0], "forged", *doc["rows"][0][2:]], *doc["rows"][1:]]}}),
        lambda doc: json.dumps({"first_rows": {**doc, "count": doc["count"] + 1}}),
        lambda doc: json.dumps({"first_rows": {**doc, "format": 99}}),
    ],
    ids=["unparsable", "bad-row", "out-of-order", "repeated", "stale-row", "stale-count", "other-format"],
)
def test_a_damaged_or_stale_file_falls_back_to_the_truth_and_is_mended(data_dir: Path, damage: object) -> None:
    with Store.open(data_dir) as store:
        _fill(store, 5)
        truth = store.summary_rows()
    doc = _rows_file(data_dir)["first_rows"]
    (data_dir / FILE).write_text(damage(doc), "utf-8")  # type: ignore[operator]
    with Store.open(data_dir, check_index=False) as store:
        assert store.first_rows(5) == truth[:5]
        store.summary_rows()
        assert Head.from_stored(_rows_file(data_dir)) == Head.of(truth, {r.id for r in truth})  # mended
        assert store.first_rows(5) == truth[:5]
        store.save_inspection(inspection(**_on(date(2030, 1, 1))))  # changes follow the mended file
        _first_page_is_the_truth(store)


def test_a_copy_from_before_a_change_is_not_trusted(data_dir: Path) -> None:
    with Store.open(data_dir) as store:
        _fill(store, 4)
        old = (data_dir / FILE).read_bytes()
        store.save_inspection(inspection(**_on(date(2030, 1, 1))))  # a new file: its ids differ
        (data_dir / FILE).write_bytes(old)
        _first_page_is_the_truth(store)
        newest = store.get_inspection(store.first_rows(1)[0].inspection_id)
        old = (data_dir / FILE).read_bytes()
        store.save_inspection(inspection(id=newest.id, number="renumbered/2030", **_on(date(2030, 1, 1))))
        (data_dir / FILE).write_bytes(old)  # same files, an older row: its shard tells
        assert store.first_rows(1)[0].number == "renumbered/2030"


@pytest.mark.parametrize("after", [0, 1, 2])
def test_a_crash_between_the_writes_of_a_save_leaves_the_truth(data_dir: Path, monkeypatch: pytest.MonkeyPatch, after: int) -> None:
    with Store.open(data_dir) as store:
        _fill(store, 4)
        monkeypatch.setattr(atomic, "replace", dying_replace(after))
        with pytest.raises(Crash):
            store.save_inspection(inspection(**_on(date(2030, 1, 1))))
        monkeypatch.undo()
    with Store.open(data_dir, writer=False) as reader:  # reads an interrupted commit as finished
        _first_page_is_the_truth(reader)
    with Store.open(data_dir, check_index=False) as store:  # finishes it
        _first_page_is_the_truth(store)
        assert store.first_rows(1)[0].started == date(2030, 1, 1)


def test_a_crash_between_trashing_and_removing_the_file_shows_the_draft_still(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Store.open(data_dir) as store:
        _fill(store, 3)
        newest = store.first_rows(1)[0]

        def crash(txn: atomic.Transaction) -> None:
            raise Crash

        with monkeypatch.context() as patch, pytest.raises(Crash):
            patch.setattr(atomic.Transaction, "_remove_files", crash)  # the commit's last step: the draft's file
            store.trash_inspection(newest.inspection_id, T0)
    with Store.open(data_dir, check_index=False) as store:
        assert store.first_rows(1)[0].id == newest.id  # its file is there: the list shows it
        _first_page_is_the_truth(store)


def test_a_store_of_schema_3_gets_its_first_rows_by_migration(data_dir: Path) -> None:
    with Store.open(data_dir) as store:
        _fill(store, 3)
    (data_dir / FILE).unlink()
    meta = json.loads((data_dir / "meta.json").read_text("utf-8"))
    meta["meta"]["1"]["schema_version"] = 3
    (data_dir / "meta.json").write_text(json.dumps(meta), "utf-8")
    with Store.open(data_dir) as store:
        assert (data_dir / FILE).exists()
        _first_page_is_the_truth(store)
