"""Fault matrix of the store: privacy, a damaged index, interrupted commits, hostile journals, a full disk,
threads. Each case asserts the exact state after the fault: files and their bytes, modes, exit code, message."""

from __future__ import annotations

import errno
import json
import os
import stat
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from factories import enterprise, inspection
from store_helpers import Crash, assert_consistent, dying_replace, loose_modes, store_bytes

from inspect_tui import fsutil, services
from inspect_tui.cli import main
from inspect_tui.domain.inspection import Answer, Status
from inspect_tui.i18n import t
from inspect_tui.store import JournalRefused, Store, StoreWriteError, atomic
from inspect_tui.store.atomic import JOURNAL_NAME

POSIX_ONLY = pytest.mark.skipif(os.name == "nt", reason="POSIX modes, FIFOs and symlinks")


def _cli(capsys: pytest.CaptureFixture[str], data_dir: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data_dir), *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def _listed(capsys: pytest.CaptureFixture[str], data_dir: Path) -> list[str]:
    code, out, _ = _cli(capsys, data_dir, "inspections", "list", "--json")
    assert code == 0
    return sorted(row["id"] for row in json.loads(out))


# --- privacy -------------------------------------------------------------------------------------


@pytest.fixture(params=[0o022, 0o000], ids=["umask022", "umask000"])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    old = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(old)


@POSIX_ONLY
def test_every_store_file_is_owner_only_whatever_the_umask(umask: int, data_dir: Path, tmp_path: Path) -> None:
    scan = tmp_path / "scan.jpg"
    scan.write_bytes(b"\xff\xd8")
    with Store.open(data_dir) as store:
        insp = inspection()
        store.save_inspection(insp)
        insp = services.record_finding(store, insp, "a", answer=Answer.NO, note="Немає наказу")  # makes .bak files
        services.attach_evidence(store, insp, "a", scan)
        store.save_enterprise(enterprise())
        store.write_file("conflicts/x/y.json", b"{}")
        txn = atomic.Transaction(data_dir)  # a journal, caught before it is finished
        txn.stage(data_dir / "a.json", b"{}")
        txn.stage(data_dir / "b.json", b"{}")
        txn.prepare()
        txn.write_journal()
        assert loose_modes(data_dir) == []
        atomic.recover(data_dir)
    assert {p.name for p in data_dir.rglob("*.bak")} and (data_dir / "evidence").is_dir()
    assert loose_modes(data_dir) == []


@POSIX_ONLY
def test_temp_files_are_private_while_they_are_written(umask: int, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    modes: list[int] = []
    real_fsync = os.fsync

    def spy(fd: int) -> None:
        modes.append(os.fstat(fd).st_mode)
        real_fsync(fd)

    with Store.open(data_dir) as store:
        monkeypatch.setattr(os, "fsync", spy)
        store.save_inspection(inspection())
    files = [m for m in modes if not m & 0o040000]  # directories are fsynced too
    assert files and all(m & 0o777 == 0o600 for m in files)


@POSIX_ONLY
@pytest.mark.parametrize("mode", [0o600, 0o640, 0o400 | 0o200])
def test_a_saved_file_keeps_the_mode_its_user_gave_it(umask: int, store: Store, data_dir: Path, mode: int) -> None:
    insp = inspection()
    store.save_inspection(insp)
    path = data_dir / "inspections" / f"{insp.id}.json"
    path.chmod(mode)
    services.record_finding(store, insp, "a", answer=Answer.COMPLIES)
    assert path.stat().st_mode & 0o777 == mode
    assert (path.with_name(path.name + ".bak").stat().st_mode & 0o777) == mode


@POSIX_ONLY
def test_exports_and_certificates_are_owner_only(umask: int, demo_store: Store, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    demo_store.close()
    out = tmp_path / "stick" / "new folder" / "bundle.json"
    assert _cli(capsys, data_dir, "export", "--out", str(out))[0] == 0
    pdf = tmp_path / "cert.pdf"
    assert _cli(capsys, data_dir, "certificate", "1/2026", "--out", str(pdf))[0] == 0
    assert out.stat().st_mode & 0o777 == 0o600 and pdf.stat().st_mode & 0o777 == 0o600
    assert (out.parent.stat().st_mode & 0o777, out.parent.parent.stat().st_mode & 0o777) == (0o700, 0o700)


def test_the_atomic_write_is_a_leaf_that_needs_neither_tinydb_nor_the_store(tmp_path: Path) -> None:
    code = (
        "import sys; from pathlib import Path; from inspect_tui.fsutil import atomic_write_bytes; "
        f"atomic_write_bytes(Path({str(tmp_path / 'x.json')!r}), b'1'); "
        "assert not {'tinydb', 'pydantic', 'inspect_tui.store'} & set(sys.modules), sorted(sys.modules)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
    assert (tmp_path / "x.json").read_bytes() == b"1"


# --- the index never hides or blocks data --------------------------------------------------------


def _shard_of(data_dir: Path, inspection_id: str) -> Path:
    return data_dir / "index" / f"{inspection_id.replace('-', '')[:2]}.json"


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda p: p.write_bytes(b"\x00\x00garbage"), id="garbage"),
        pytest.param(lambda p: p.write_bytes(b""), id="empty"),
        pytest.param(lambda p: p.write_bytes(b"[1, 2]"), id="not-tinydb"),
        pytest.param(lambda p: p.write_text('{"summaries": {"1": 5}}'), id="doc-not-object"),
        pytest.param(lambda p: p.write_text('{"summaries": {"1": {"id": "x"}}}'), id="bad-id"),
        pytest.param(lambda p: p.unlink(), id="deleted"),
        pytest.param(lambda p: p.write_text('{"summaries": {}}'), id="emptied"),
        pytest.param(
            lambda p: p.write_text(p.read_text("utf-8").replace('"progress":', '"progress":"x","was":')), id="invalid-values"
        ),
    ],
)
def test_a_damaged_shard_never_hides_or_blocks_an_inspection(
    demo_store: Store, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], damage: Callable[[Path], None]
) -> None:
    expected = demo_store.list_summaries()
    ids = sorted(str(s.id) for s in expected)
    demo_store.close()
    damage(_shard_of(data_dir, ids[0]))
    before = store_bytes(data_dir)
    assert _listed(capsys, data_dir) == ids
    bundle = tmp_path / "all.json"
    assert _cli(capsys, data_dir, "export", "--all", "--out", str(bundle))[0] == 0
    assert sorted(i["id"] for i in json.loads(bundle.read_text("utf-8"))["inspections"]) == ids
    assert _cli(capsys, data_dir, "certificate", ids[0], "--out", str(tmp_path / "c.pdf"))[0] == 0
    assert store_bytes(data_dir) == before  # readers never write
    with Store.open(data_dir) as writer:  # a writer rebuilds on open
        assert writer.stale_shards() == []
        assert writer.list_summaries() == expected
        assert_consistent(writer)


def test_an_index_entry_without_its_file_is_not_listed(demo_store: Store, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ids = sorted(str(s.id) for s in demo_store.list_summaries())
    demo_store.close()
    (data_dir / "inspections" / f"{ids[1]}.json").unlink()
    assert _listed(capsys, data_dir) == [ids[0], ids[2]]


def test_the_writer_rebuilds_a_stale_shard_it_meets_while_listing(store: Store, data_dir: Path) -> None:
    first = inspection()
    store.save_inspection(first)
    _shard_of(data_dir, str(first.id)).write_text('{"summaries": {}}')
    assert [s.id for s in store.list_summaries()] == [first.id]
    assert json.loads(_shard_of(data_dir, str(first.id)).read_text("utf-8"))["summaries"]["1"]["id"] == str(first.id)


# --- readers see committed states only -----------------------------------------------------------


def _crash_after_replacing(data_dir: Path, replaced: int, monkeypatch: pytest.MonkeyPatch) -> tuple[list[Any], list[Any]]:
    """Commit a two-inspection change that dies after ``replaced`` files; the summaries before and after it."""
    with Store.open(data_dir) as store:
        first = inspection()
        store.save_inspection(first)
        before = store.list_summaries()
        monkeypatch.setattr(atomic, "replace", dying_replace(replaced))
        with pytest.raises(Crash), store.transaction():
            services.record_finding(store, first, "a", answer=Answer.NO, note="Порушення")
            store.save_inspection(inspection(number="2/2026"))
            staged = sorted(store.list_summaries(), key=lambda s: s.number)
        monkeypatch.undo()
    assert (data_dir / JOURNAL_NAME).exists()
    return before, staged


@pytest.mark.parametrize("replaced", [0, 1, 2, 3])
def test_a_reader_sees_an_interrupted_commit_rolled_forward(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], replaced: int
) -> None:
    _, after = _crash_after_replacing(data_dir, replaced, monkeypatch)
    before = store_bytes(data_dir)
    with Store.open(data_dir, writer=False) as reader:
        assert sorted(reader.list_summaries(), key=lambda s: s.number) == after
        assert_consistent(reader)
    code, out, _ = _cli(capsys, data_dir, "inspections", "list", "--json")
    assert code == 0 and sorted(r["number"] for r in json.loads(out)) == ["1/2026", "2/2026"]
    bundle = tmp_path / "b.json"
    assert _cli(capsys, data_dir, "export", "--all", "--out", str(bundle))[0] == 0
    exported = {i["number"]: i for i in json.loads(bundle.read_text("utf-8"))["inspections"]}
    assert exported["1/2026"]["findings"]["a"]["note"] == "Порушення" and "2/2026" in exported
    assert store_bytes(data_dir) == before  # the reader moved nothing
    with Store.open(data_dir) as writer:
        assert sorted(writer.list_summaries(), key=lambda s: s.number) == after
    assert not (data_dir / JOURNAL_NAME).exists() and not list(data_dir.rglob("*.tmp"))


def test_a_crash_before_the_journal_leaves_the_state_before(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Store.open(data_dir) as store:
        first = inspection()
        store.save_inspection(first)
        before_state = store_bytes(data_dir)
        monkeypatch.setattr(atomic.Transaction, "write_journal", lambda self: (_ for _ in ()).throw(Crash()))
        with pytest.raises(Crash), store.transaction():
            services.record_finding(store, first, "a", note="ніколи")
            store.save_inspection(inspection(number="2/2026"))
    assert store_bytes(data_dir) == before_state and not list(data_dir.rglob("*.tmp"))


# --- the journal is data, not commands -----------------------------------------------------------

HEX = "0" * 32


def _journal(pairs: Any) -> Callable[[Path, Path], None]:
    def write(data_dir: Path, outside: Path) -> None:
        text = json.dumps(pairs).replace("OUTSIDE", outside.as_posix())
        (data_dir / JOURNAL_NAME).write_text(text, encoding="utf-8")

    return write


def _raw(content: bytes) -> Callable[[Path, Path], None]:
    return lambda data_dir, outside: (data_dir / JOURNAL_NAME).write_bytes(content)


def _via_link(link_target: str, pairs: Any) -> Callable[[Path, Path], None]:
    def write(data_dir: Path, outside: Path) -> None:
        (data_dir / "linked").symlink_to(outside if link_target == "dir" else outside / "victim.json")
        _journal(pairs)(data_dir, outside)

    return write


def _special_journal(kind: str) -> Callable[[Path, Path], None]:
    def write(data_dir: Path, outside: Path) -> None:
        if kind == "dir":
            (data_dir / JOURNAL_NAME).mkdir()
        else:
            os.mkfifo(data_dir / JOURNAL_NAME)

    return write


def _tmp_fifo(data_dir: Path, outside: Path) -> None:
    os.mkfifo(data_dir / f".meta.json.{HEX}.tmp")
    _journal({"replace": [[f".meta.json.{HEX}.tmp", "meta.json"]]})(data_dir, outside)


HOSTILE_JOURNALS = {
    "not-json": _raw(b"{not json"),
    "not-utf8": _raw(b"\xff\xfe{}"),
    "deep-nesting": _raw(b"[" * 200_000),
    "a-list": _journal([]),
    "replace-not-list": _journal({"replace": "meta.json"}),
    "numbers": _journal({"replace": [[1, 2]]}),
    "one-path": _journal({"replace": [["meta.json"]]}),
    "extra-key": _journal({"replace": [], "run": "rm -rf"}),
    "dot-dot": _journal({"replace": [[f"../.victim.json.{HEX}.tmp", "../victim.json"]]}),
    "dot-dot-inside": _journal({"replace": [[f"index/../../.victim.json.{HEX}.tmp", "index/../../victim.json"]]}),
    "absolute": _journal({"replace": [[f"OUTSIDE/.victim.json.{HEX}.tmp", "OUTSIDE/victim.json"]]}),
    "backslash": _journal({"replace": [[f"..\\.victim.json.{HEX}.tmp", "..\\victim.json"]]}),
    "empty-path": _journal({"replace": [["", "meta.json"]]}),
    "foreign-temp": _journal({"replace": [[f"inspections/.x.json.{HEX}.tmp", "meta.json"]]}),
    "temp-elsewhere": _journal({"replace": [[f"index/.meta.json.{HEX}.tmp", "meta.json"]]}),
    "lock": _journal({"replace": [[f"..lock.{HEX}.tmp", ".lock"]]}),
    "journal-itself": _journal({"replace": [[f".journal.json.{HEX}.tmp", "journal.json"]]}),
    "a-backup": _journal({"replace": [[f".meta.json.bak.{HEX}.tmp", "meta.json.bak"]]}),
    "linked-dir": _via_link("dir", {"replace": [[f"linked/.victim.json.{HEX}.tmp", "linked/victim.json"]]}),
    "linked-file": _via_link("file", {"replace": [[f".linked.{HEX}.tmp", "linked"]]}),
    "journal-is-dir": _special_journal("dir"),
    "journal-is-fifo": _special_journal("fifo"),
    "temp-is-fifo": _tmp_fifo,
}


@POSIX_ONLY
@pytest.mark.parametrize("hostile", list(HOSTILE_JOURNALS.values()), ids=list(HOSTILE_JOURNALS))
def test_a_hostile_journal_is_refused_and_moves_nothing(
    demo_store: Store, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], hostile: Callable[[Path, Path], None]
) -> None:
    demo_store.close()
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "victim.json").write_text("victim")
    (outside / f".victim.json.{HEX}.tmp").write_text("attacker")
    hostile(data_dir, outside)
    before = {p: (p.read_bytes() if p.is_file() and not p.is_fifo() else None) for p in [*data_dir.rglob("*"), *outside.rglob("*")]}
    for writer in (True, False):
        with pytest.raises(JournalRefused) as caught:
            Store.open(data_dir, writer=writer)
        assert caught.value.path == data_dir / JOURNAL_NAME
    for command in (["inspections", "list"], ["demo"], ["doctor"]):
        code, _, err = _cli(capsys, data_dir, *command)
        assert code == 1 and str(data_dir / JOURNAL_NAME) in err, command
    after = {p: (p.read_bytes() if p.is_file() and not p.is_fifo() else None) for p in [*data_dir.rglob("*"), *outside.rglob("*")]}
    after = {p: v for p, v in after.items() if not p.name.startswith(".lock")}
    assert after == {p: v for p, v in before.items() if not p.name.startswith(".lock")}


def test_an_oversized_journal_is_refused_before_it_is_read(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Store.open(data_dir):
        pass
    (data_dir / JOURNAL_NAME).write_text(json.dumps({"replace": []}) + " " * 200)
    monkeypatch.setattr(atomic, "MAX_JOURNAL_BYTES", 100)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read"))
    with pytest.raises(JournalRefused, match="more than 100"):
        Store.open(data_dir)


def test_the_cli_explains_a_refused_journal_in_both_languages(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with Store.open(data_dir):
        pass
    (data_dir / JOURNAL_NAME).write_text("{")
    assert _cli(capsys, data_dir, "inspections", "list")[2].startswith("Журнал незавершеної транзакції")
    assert _cli(capsys, data_dir, "--lang", "en", "inspections", "list")[2].startswith("The journal of an unfinished transaction")


# --- a full disk ---------------------------------------------------------------------------------


def _disk_full_at(monkeypatch: pytest.MonkeyPatch, call: str, nth: int = 1) -> dict[str, int]:
    """From the ``nth`` call on, ``os.<call>`` fails with ENOSPC (as on a full USB stick)."""
    real = getattr(os, call)
    calls = {"n": 0}

    def full(*args: Any) -> Any:
        calls["n"] += 1
        if calls["n"] >= nth:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(*args)

    monkeypatch.setattr(os, call, full)
    return calls


@pytest.mark.parametrize("call", ["write", "fsync"])
@pytest.mark.parametrize("nth", [1, 2, 3, 4])
def test_a_full_disk_keeps_the_state_before_and_names_the_file(
    store: Store, data_dir: Path, monkeypatch: pytest.MonkeyPatch, call: str, nth: int
) -> None:
    """A create writes three files and a journal: whichever write fails, nothing changes and no temp is left."""
    first = inspection()
    store.save_inspection(first)
    before = store_bytes(data_dir)
    with monkeypatch.context() as patch:
        _disk_full_at(patch, call, nth)
        with pytest.raises(StoreWriteError) as caught:
            with store.transaction():
                store.save_enterprise(enterprise())
                services.record_finding(store, first, "a", note="нова примітка")
                store.save_inspection(inspection(number="2/2026"))
    assert caught.value.errno == errno.ENOSPC
    assert Path(caught.value.filename).parent.parent == data_dir or Path(caught.value.filename).parent == data_dir
    assert caught.value.filename in str(caught.value)
    assert store_bytes(data_dir) == before and not list(data_dir.rglob("*.tmp"))
    assert_consistent(store)


def test_a_failed_backup_copy_leaves_no_temp(store: Store, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store.save_enterprise(enterprise())
    before = store_bytes(data_dir)
    monkeypatch.setattr(os, "link", lambda *a: (_ for _ in ()).throw(OSError(errno.EPERM, "no links")))
    monkeypatch.setattr(fsutil.shutil, "copy2", lambda *a: (_ for _ in ()).throw(OSError(errno.ENOSPC, "No space left on device")))
    with pytest.raises(StoreWriteError) as caught:
        store.save_enterprise(enterprise(headcount=7))
    assert caught.value.filename == str(data_dir / "enterprises.json.bak")
    assert store_bytes(data_dir) == before and not list(data_dir.rglob("*.tmp"))


def test_the_cli_names_the_file_a_full_disk_refused(data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    _disk_full_at(monkeypatch, "write", 2)  # the lock note is written first
    code, _, err = _cli(capsys, data_dir, "demo")
    assert code == 1 and err.startswith("Не вдалося записати " + str(data_dir)) and "No space left on device" in err
    monkeypatch.undo()
    assert not list(data_dir.rglob("*.tmp"))


def test_an_export_to_a_full_stick_leaves_no_temp_and_names_the_bundle(
    demo_store: Store, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    demo_store.close()
    stick = tmp_path / "stick"
    stick.mkdir()
    (stick / "bundle.json").write_bytes(b"old bundle")
    _disk_full_at(monkeypatch, "write")
    code, _, err = _cli(capsys, data_dir, "export", "--out", str(stick / "bundle.json"))
    monkeypatch.undo()
    assert code == 1 and str(stick / "bundle.json") in err
    assert sorted(p.name for p in stick.iterdir()) == ["bundle.json"] and (stick / "bundle.json").read_bytes() == b"old bundle"


# --- the app's own threads -----------------------------------------------------------------------


def test_a_save_during_a_workers_failing_import_is_not_rolled_back_with_it(store: Store) -> None:
    typed = inspection(number="1/2026")
    store.save_inspection(typed)
    inside, go = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def importing() -> None:
        try:
            with store.transaction():
                store.save_inspection(inspection(number="99/2026"))
                inside.set()
                assert go.wait(10)
                raise RuntimeError("the bundle turned out bad")
        except RuntimeError:
            pass
        except BaseException as exc:  # noqa: BLE001 - reported to the test thread
            errors.append(exc)

    def typing() -> None:
        try:
            services.record_finding(store, typed, "a", note="набране під час імпорту")
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    worker = threading.Thread(target=importing)
    worker.start()
    assert inside.wait(10)
    ui = threading.Thread(target=typing)
    ui.start()
    ui.join(0.2)  # the UI save waits for the worker's transaction, it does not join it
    assert store._txn is None  # noqa: SLF001 - this thread has no transaction while the worker has one
    go.set()
    worker.join(10)
    ui.join(10)
    assert not errors and not worker.is_alive() and not ui.is_alive()
    assert store.get_inspection(typed.id).findings["a"].note == "набране під час імпорту"
    assert [s.number for s in store.list_summaries()] == ["1/2026"]
    assert_consistent(store)


def test_threads_saving_side_by_side_lose_nothing(store: Store) -> None:
    drafts = [inspection(number=f"{n}/2026") for n in range(1, 5)]
    for draft in drafts:
        store.save_inspection(draft)
    start = threading.Barrier(len(drafts))

    def edit(draft: Any) -> None:
        start.wait(10)
        current = draft
        for n in range(10):
            current = services.record_finding(store, current, "a", note=f"{draft.number} #{n}")

    threads = [threading.Thread(target=edit, args=(d,)) for d in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    for draft in drafts:
        notes = [h.new for h in store.get_inspection(draft.id).history if h.field.endswith(".note")]
        assert notes == [f"{draft.number} #{n}" for n in range(10)]
    assert_consistent(store)


# --- doctor --------------------------------------------------------------------------------------


def test_doctor_on_a_sound_store(demo_store: Store, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    demo_store.close()
    before = store_bytes(data_dir)
    code, out, err = _cli(capsys, data_dir, "doctor")
    assert (code, err) == (0, "") and out.strip() == t("doctor.summary_ok", repaired=0, inspections=3, data_dir=str(data_dir))
    assert store_bytes(data_dir) == before


@POSIX_ONLY
def test_doctor_repairs_what_is_safe(demo_store: Store, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    expected = demo_store.list_summaries()
    demo_store.close()
    shard = _shard_of(data_dir, str(expected[0].id))
    shard.write_text(shard.read_text("utf-8").replace('"progress":', '"progress":1,"x":'))  # parses, but wrong
    (data_dir / "index" / "ff.json").write_bytes(b"garbage")
    temp = data_dir / "inspections" / f".{expected[0].id}.json.{HEX}.tmp"
    temp.write_bytes(b"half")
    for path in (data_dir, data_dir / "meta.json"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    code, out, err = _cli(capsys, data_dir, "--lang", "en", "doctor")
    assert code == 0 and err == ""
    assert t("doctor.stale_temp", path=str(temp)) in out
    assert t("doctor.index_rebuilt", path=str(shard)) in out and t("doctor.index_rebuilt", path=str(data_dir / "index" / "ff.json")) in out
    assert t("doctor.mode_fixed", path=str(data_dir / "meta.json"), detail="644 → 600") in out
    assert loose_modes(data_dir) == [] and not temp.exists()
    with Store.open(data_dir) as store:
        assert store.list_summaries() == expected
        assert_consistent(store)
    assert _cli(capsys, data_dir, "doctor")[0] == 0


def test_doctor_reports_what_only_a_person_can_decide(demo_store: Store, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    summaries = {s.status: s for s in demo_store.list_summaries()}
    demo_store.close()
    signed_path = data_dir / "inspections" / f"{summaries[Status.SIGNED].id}.json"
    signed_path.write_text(signed_path.read_text("utf-8").replace('"conclusion":"', '"conclusion":"Змінено. ', 1))
    draft_path = data_dir / "inspections" / f"{summaries[Status.DRAFT].id}.json"
    draft_path.write_bytes(draft_path.read_bytes()[:50])
    (data_dir / "inspections" / "notes.json").write_text("{}")
    (data_dir / "inspections" / "notes.json").chmod(0o600)
    code, out, err = _cli(capsys, data_dir, "doctor")
    lines = err.strip().splitlines()
    assert code == 1 and lines[-1] == t("doctor.summary_left", left=4, repaired=0, data_dir=str(data_dir))
    assert any(str(signed_path) in line and "sha256" in line for line in lines)
    assert any(str(draft_path) in line and ".bak" in line for line in lines)
    assert any(str(data_dir / "inspections" / "notes.json") in line for line in lines)
    assert draft_path.read_bytes() and (data_dir / "inspections" / "notes.json").exists()  # nothing deleted
    assert _cli(capsys, data_dir, "doctor")[0] == 1  # still there until a person acts


def test_doctor_reindex_rebuilds_the_whole_index_by_command(demo_store: Store, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    expected = demo_store.list_summaries()
    demo_store.close()
    code, out, _ = _cli(capsys, data_dir, "doctor", "--reindex")
    assert code == 0 and t("doctor.index_rebuilt_all", path=str(data_dir / "index"), detail="3") in out
    with Store.open(data_dir, writer=False) as reader:
        assert reader.list_summaries() == expected


def test_doctor_while_the_app_runs_is_refused_with_the_usual_message(store: Store, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _cli(capsys, data_dir, "doctor")
    assert code == 1 and "уже відкрите іншим екземпляром" in err


def test_opening_syncs_nothing_but_the_lock_holders_note_is_written_whole_and_private(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The note only names who holds the lock (after a crash the lock is free and the note moot): the app's start
    does not wait for two fsyncs to write it. Opening an existing store syncs nothing else either."""
    Store.open(data_dir).close()
    synced: list[int] = []
    real = os.fsync

    def counting(fd: int) -> None:
        synced.append(fd)
        real(fd)

    monkeypatch.setattr(os, "fsync", counting)
    with Store.open(data_dir):
        note = data_dir / ".lock.info"
        assert note.read_text("utf-8").startswith(f"PID {os.getpid()} @ ")
        if fsutil.POSIX:
            assert not stat.S_IMODE(note.stat().st_mode) & 0o077
    assert synced == []
    fsutil.atomic_write_bytes(data_dir / "x.json", b"{}")  # the default stays durable
    assert len(synced) == 2
