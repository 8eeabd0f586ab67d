"""Where «Зберегти як…» may write (services.files) and the remembered folders (screens.ui_state.LastFolders)."""

from __future__ import annotations

import json
import os
import stat
import uuid
from pathlib import Path

import pytest

from inspect_tui.office.pgstore import PgStore
from inspect_tui.screens.ui_state import LastFolders, UiJournal
from inspect_tui.services.files import OutputRefused, check_output
from inspect_tui.store import Store
from inspect_tui.store_protocol import RegisterStore


def refused(path: Path, data_dir: Path) -> str:
    with pytest.raises(OutputRefused) as caught:
        check_output(path, data_dir)
    return caught.value.code


def test_a_new_or_regular_file_outside_the_data_dir_is_writable(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    assert check_output(tmp_path / "usb" / "new.pdf", data_dir) is False  # the writer makes the folder
    (tmp_path / "old.pdf").write_bytes(b"%PDF")
    assert check_output(tmp_path / "old.pdf", data_dir) is True  # there: ask before replacing


def test_the_data_dir_and_anything_but_a_regular_file_are_refused(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    (data_dir / "certificates").mkdir(parents=True)
    assert refused(data_dir / "certificates" / "x.pdf", data_dir) == "in_data_dir"
    assert refused(tmp_path / "usb" / ".." / "data" / "inspections.json", data_dir) == "in_data_dir"
    (tmp_path / "folder").mkdir()
    assert refused(tmp_path / "folder", data_dir) == "unusable"
    if os.name != "nt":
        os.mkfifo(tmp_path / "pipe")
        assert refused(tmp_path / "pipe", data_dir) == "unusable"
        (tmp_path / "link.pdf").symlink_to(tmp_path / "elsewhere.pdf")
        assert refused(tmp_path / "link.pdf", data_dir) == "unusable"
        (tmp_path / "into-store").symlink_to(data_dir)
        assert refused(tmp_path / "into-store" / "x.pdf", data_dir) == "in_data_dir"


def test_last_folders_survive_a_reopen_and_ignore_damage(register_store: RegisterStore, tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    LastFolders(register_store).remember("bundles", usb / "bundle.json")
    assert LastFolders(register_store).get("bundles", tmp_path) == usb
    assert LastFolders(register_store).get("plan", tmp_path) == tmp_path  # another kind: its own folder
    usb.rmdir()
    assert LastFolders(register_store).get("bundles", tmp_path) == tmp_path  # gone: the default again
    state = register_store.data_dir / LastFolders.RELATIVE
    for damaged in (b"\xff not json", b'{"bundles": 7, "plan": ["x"]}', b"[" * 100_000, b" " * (LastFolders.MAX_BYTES + 1)):
        state.write_bytes(damaged)
        assert LastFolders(register_store).get("bundles", tmp_path) == tmp_path


def test_last_folders_are_a_local_private_file_never_the_register(register_store: RegisterStore, tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    LastFolders(register_store).remember("plan", usb / "plan.csv")
    state = register_store.data_dir / LastFolders.RELATIVE
    assert json.loads(state.read_text("utf-8")) == {"plan": str(usb)}
    if os.name != "nt":
        assert stat.S_IMODE(state.stat().st_mode) == 0o600 and stat.S_IMODE(state.parent.stat().st_mode) == 0o700
    if isinstance(register_store, PgStore):  # the office's server holds the register only
        assert register_store.read_file(LastFolders.RELATIVE) is None and register_store.list_files("ui") == []


def test_unsaved_typing_is_journalled_locally_never_in_the_register(register_store: RegisterStore) -> None:
    """What an officer typed and has not saved is theirs until saved: a local private file, replayed on reopening."""
    inspection_id = uuid.uuid4()
    UiJournal(register_store, inspection_id).set_draft("1.2", "note", "Акт звірки від 03.12")
    journal = register_store.data_dir / "ui" / f"{inspection_id}.json"
    assert UiJournal(register_store, inspection_id).drafts() == {"1.2": {"note": "Акт звірки від 03.12"}}
    if os.name != "nt":
        assert stat.S_IMODE(journal.stat().st_mode) == 0o600
    if isinstance(register_store, PgStore):
        assert register_store.list_files("ui") == []
    journal.write_bytes(b"\xff{not json")  # damaged: the typing is lost, never the app
    assert UiJournal(register_store, inspection_id).drafts() == {}


@pytest.mark.skipif(os.name == "nt", reason="FIFOs and POSIX modes")
def test_a_state_file_that_is_not_a_file_never_stops_the_picker(data_dir: Path, tmp_path: Path) -> None:
    Store.open(data_dir).close()
    with Store.open(data_dir, writer=False) as reader:  # no lock: remembering writes no store file
        (data_dir / "ui").mkdir()
        os.mkfifo(data_dir / LastFolders.RELATIVE)
        folders = LastFolders(reader)  # never waits on the FIFO
        assert folders.get("bundles", tmp_path) == tmp_path
        folders.remember("bundles", tmp_path / "x.json")  # the FIFO is replaced by the file, atomically
        (data_dir / LastFolders.RELATIVE).unlink()
        (data_dir / LastFolders.RELATIVE).mkdir()
        folders.remember("plan", tmp_path / "x.csv")  # a folder in its place: not written, no error
