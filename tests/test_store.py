"""The file store's own: the lock, damaged files, the index, migrations of a data dir, transactions on disk.

The behaviour every store keeps (round trips, signed work, the trash, transactions) is tested on both
backends in tests/test_register_store.py."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import threading
from pathlib import Path
from uuid import UUID

import pytest
from factories import enterprise, inspection

from inspect_tui import services
from inspect_tui.cli import main
from inspect_tui.domain.inspection import Answer, InspectionLocked, Status
from inspect_tui.domain.settings import Settings
from inspect_tui.domain.summary import InspectionSummary
from inspect_tui.store import SCHEMA_VERSION, NotFound, Store, StoreCorrupt, StoreLocked, StoreVersionError, atomic
from inspect_tui.store import store as store_module


def test_a_second_writer_is_refused_with_a_clear_message(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with Store.open(data_dir):
        with pytest.raises(StoreLocked) as caught:
            Store.open(data_dir)
        assert f"PID {os.getpid()}" in caught.value.holder
        assert main(["--data-dir", str(data_dir), "demo"]) == 1
        err = capsys.readouterr().err
        assert "уже відкрите іншим екземпляром" in err and "Traceback" not in err
        with Store.open(data_dir, writer=False) as reader:  # readers need no lock
            assert reader.list_summaries() == []
    with Store.open(data_dir):
        pass


def test_a_lock_left_by_a_killed_process_does_not_block(data_dir: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", f"from inspect_tui.store import Store; s = Store.open({str(data_dir)!r}); print('ok', flush=True); input()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ok"
        with pytest.raises(StoreLocked):
            Store.open(data_dir)
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait()
    assert (data_dir / ".lock").exists()  # the stale lock file is still there...
    with Store.open(data_dir):  # ...but the OS released the lock with the process
        pass


def test_the_lock_file_is_private_and_a_closed_store_frees_it_at_once(data_dir: Path) -> None:
    first = Store.open(data_dir)
    assert stat.S_IMODE((data_dir / ".lock").stat().st_mode) == 0o600
    refused: list[BaseException] = []

    def second() -> None:  # another thread of the same process is refused as another process is
        try:
            Store.open(data_dir).close()
        except StoreLocked as exc:
            refused.append(exc)

    thread = threading.Thread(target=second)
    thread.start()
    thread.join()
    assert len(refused) == 1
    first.close()
    first.close()  # closing twice is harmless
    with Store.open(data_dir) as again:
        assert again.writable


def test_damaged_file_names_itself_and_the_last_good_backup(store: Store, data_dir: Path) -> None:
    insp = inspection()
    store.save_inspection(insp)
    services.record_finding(store, insp, "a", answer=Answer.COMPLIES)
    path = data_dir / "inspections" / f"{insp.id}.json"
    path.write_bytes(path.read_bytes()[:100])  # torn by a (hypothetical) non-atomic writer
    with pytest.raises(StoreCorrupt) as caught:
        store.get_inspection(insp.id)
    assert caught.value.path == path and caught.value.backup == path.with_name(path.name + ".bak")
    assert json.loads(caught.value.backup.read_text("utf-8"))  # the backup is whole
    assert path.read_bytes()[:100] == path.read_bytes()  # and nothing was "repaired" silently


def test_damaged_index_never_hides_or_blocks_inspections(demo_store: Store, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    expected = demo_store.list_summaries()
    shard = next((data_dir / "index").glob("*.json"))
    shard.write_bytes(b"\x00\x00garbage")
    assert main(["--data-dir", str(data_dir), "inspections", "list", "--json"]) == 0
    assert [row["id"] for row in json.loads(capsys.readouterr().out)] == [str(s.id) for s in expected]
    assert shard.read_bytes() == b"\x00\x00garbage"  # a reader writes nothing
    assert demo_store.list_summaries() == expected  # the writer reads around it and rebuilds it
    assert json.loads(shard.read_text("utf-8"))["summaries"]


@pytest.mark.parametrize("content", [b"", b"{not json", b"[1, 2]", json.dumps({"meta": {"1": {"schema_version": "x"}}}).encode()])
def test_damaged_metadata_is_reported_not_reset(data_dir: Path, content: bytes) -> None:
    with Store.open(data_dir):
        pass
    (data_dir / "meta.json").write_bytes(content)
    with pytest.raises(StoreCorrupt) as caught:
        Store.open(data_dir)
    assert caught.value.path == data_dir / "meta.json"
    assert (data_dir / "meta.json").read_bytes() == content


def _set_schema_version(data_dir: Path, version: int) -> None:
    meta = json.loads((data_dir / "meta.json").read_text("utf-8"))
    meta["meta"]["1"]["schema_version"] = version
    (data_dir / "meta.json").write_text(json.dumps(meta), encoding="utf-8")


def test_newer_schema_is_refused(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with Store.open(data_dir):
        pass
    _set_schema_version(data_dir, SCHEMA_VERSION + 1)
    with pytest.raises(StoreVersionError):
        Store.open(data_dir)
    assert main(["--data-dir", str(data_dir), "inspections", "list"]) == 1
    assert "новішою версією" in capsys.readouterr().err


def test_older_schema_is_migrated_by_the_hook(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Store.open(data_dir):
        pass
    old = SCHEMA_VERSION - 1
    _set_schema_version(data_dir, old)
    calls: list[Path] = []
    monkeypatch.setitem(store_module.MIGRATIONS, old, lambda s: calls.append(s.data_dir))
    with Store.open(data_dir):
        pass
    assert calls == [data_dir]
    assert json.loads((data_dir / "meta.json").read_text("utf-8"))["meta"]["1"]["schema_version"] == SCHEMA_VERSION


def test_transaction_rolls_back_on_error(store: Store, data_dir: Path) -> None:
    insp = inspection()
    with pytest.raises(RuntimeError):
        with store.transaction():
            store.save_inspection(insp)
            assert store.get_inspection(insp.id) == insp  # reads see staged writes
            raise RuntimeError("boom")
    assert not store.has_inspection(insp.id) and store.list_summaries() == []
    assert not list(data_dir.rglob("*.tmp"))


def test_a_crash_after_the_commit_point_is_rolled_forward_on_next_open(data_dir: Path) -> None:
    first, second = inspection(), inspection()
    with Store.open(data_dir) as store:
        store.save_inspection(first)
        txn = atomic.Transaction(data_dir)
        txn.stage(data_dir / "inspections" / f"{first.id}.json", b'{"inspection": {}}')
        txn.stage(data_dir / "inspections" / f"{second.id}.json", atomic.dump_json({"inspection": {"1": second.model_dump(mode="json")}}))
        txn.prepare()
        txn.write_journal()  # ...and the process dies here, before any file is replaced
    with Store.open(data_dir) as reopened:
        assert reopened.get_inspection(second.id) == second
        with pytest.raises(StoreCorrupt):  # the first file was replaced too, by the staged (empty) content
            reopened.get_inspection(first.id)
    assert not (data_dir / atomic.JOURNAL_NAME).exists()


def test_an_error_after_the_commit_point_still_completes_the_transaction(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    insp = inspection()
    real_replace = os.replace
    failed = {"once": False}

    def flaky(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        if str(dst).endswith(".json") and "index" in str(dst) and not failed["once"]:
            failed["once"] = True
            raise OSError(5, "I/O error")
        real_replace(src, dst)

    with Store.open(data_dir) as store:
        monkeypatch.setattr(atomic.os, "replace", flaky)
        with pytest.raises(OSError):
            store.save_inspection(insp)
        monkeypatch.setattr(atomic.os, "replace", real_replace)
    assert (data_dir / atomic.JOURNAL_NAME).exists()  # left for the next open to finish
    with Store.open(data_dir) as reopened:
        assert reopened.get_inspection(insp.id) == insp
        assert [s.id for s in reopened.list_summaries()] == [insp.id]


def test_stale_temp_files_are_cleaned_by_the_writer(data_dir: Path) -> None:
    with Store.open(data_dir):
        pass
    stale = data_dir / "inspections" / ".x.json.abc.tmp"
    stale.parent.mkdir(parents=True, exist_ok=True)
    stale.write_bytes(b"half")
    with Store.open(data_dir, writer=False):
        assert stale.exists()  # a reader never deletes
    with Store.open(data_dir):
        assert not stale.exists()


def test_reindex_rebuilds_summaries(demo_store: Store, data_dir: Path) -> None:
    before = demo_store.list_summaries()
    for shard in (data_dir / "index").glob("*.json"):
        shard.unlink()
    with Store.open(data_dir, writer=False) as reader:
        assert reader.list_summaries() == before  # the files are the truth
    assert not list((data_dir / "index").glob("*.json"))
    assert demo_store.reindex() == len(before)
    assert demo_store.list_summaries() == before
    assert len(list((data_dir / "index").glob("*.json"))) == len({s.id.hex[:2] for s in before})


def test_store_files_are_utf8_json_with_readable_cyrillic(store: Store, data_dir: Path) -> None:
    store.save_enterprise(enterprise())
    assert "Водоканал" in (data_dir / "enterprises.json").read_text("utf-8")


def test_demo_and_store_round_trip_without_network(no_network: None, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(data_dir), "demo"]) == 0
    capsys.readouterr()
    assert main(["--data-dir", str(data_dir), "inspections", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    with Store.open(data_dir) as store:
        for row in listed:
            inspection_ = store.get_inspection(UUID(row["id"]))
            store.save_inspection(inspection_)
            assert store.get_inspection(inspection_.id) == inspection_


def test_version_1_store_is_migrated_to_count_shortcomings(data_dir: Path) -> None:
    from inspect_tui.demo import DEMO_CHECKLIST
    from inspect_tui.services import available_checklists

    found, _ = available_checklists(data_dir)
    real = next(a.checklist for a in found if a.checklist.id == DEMO_CHECKLIST)
    practice = next(i for i in real.items if i.basis.value == "practice")
    with Store.open(data_dir) as store:
        insp = inspection(cl=real)
        store.save_inspection(insp)
        services.record_finding(store, insp, practice.id, answer=Answer.NO)
    shard = next((data_dir / "index").glob("*.json"))
    old = json.loads(shard.read_text("utf-8"))
    for doc in old["summaries"].values():
        doc.pop("shortcomings")
        doc["open_violations"] = 1  # version 1 counted every «Ні» as a violation
    shard.write_text(json.dumps(old), encoding="utf-8")
    _set_schema_version(data_dir, 1)
    with Store.open(data_dir) as store:
        [summary] = store.list_summaries()
    assert (summary.open_violations, summary.shortcomings) == (0, 1)


def test_version_2_store_is_migrated_to_keep_signs_and_plan_entries_in_the_index(data_dir: Path) -> None:
    """Version 2 kept one figure for violations and signs and no plan entry: until a writer migrates, a
    reader reads such shards around from the files (never «0 signs», never «not linked»)."""
    from inspect_tui.demo import DEMO_CHECKLIST
    from inspect_tui.services import available_checklists

    found, _ = available_checklists(data_dir)
    real = next(a.checklist for a in found if a.checklist.id == DEMO_CHECKLIST)
    sign = next(i for i in real.items if i.duty_holder.individual and i.basis.value == "law")
    entry = UUID(int=42)
    with Store.open(data_dir) as store:
        insp = inspection(cl=real, plan_entry=entry)
        store.save_inspection(insp)
        services.record_finding(store, insp, sign.id, answer=Answer.NO)
    for shard in (data_dir / "index").glob("*.json"):
        old = json.loads(shard.read_text("utf-8"))
        for doc in old["summaries"].values():
            del doc["signs"], doc["plan_entry"]
        shard.write_text(json.dumps(old), encoding="utf-8")
    _set_schema_version(data_dir, 2)
    with Store.open(data_dir, writer=False) as reader:
        [row] = reader.summary_rows()
        [summary] = reader.list_summaries()
    assert (row.violations, row.signs, row.plan_entry) == (0, 1, str(entry))
    assert (summary.open_violations, summary.signs, summary.plan_entry) == (1, 1, entry)
    with Store.open(data_dir) as store:
        assert store.stale_shards() == []
    [doc] = [d for s in (data_dir / "index").glob("*.json") for d in json.loads(s.read_text("utf-8"))["summaries"].values()]
    assert (doc["open_violations"], doc["signs"], doc["plan_entry"]) == (1, 1, str(entry))


def test_evidence_is_a_file_named_by_its_hash(store: Store) -> None:
    digest = store.save_evidence(b"\xff\xd8scan")
    assert store.evidence_path(digest).read_bytes() == b"\xff\xd8scan" and store.evidence_location(digest) == str(store.evidence_path(digest))
