"""Where «Зберегти як…» may write (services.files) and the remembered folders (screens.ui_state.LastFolders)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from inspect_tui.screens.ui_state import LastFolders
from inspect_tui.services.files import OutputRefused, check_output
from inspect_tui.store import Store


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


def test_last_folders_survive_a_reopen_and_ignore_damage(store: Store, tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    LastFolders(store).remember("bundles", usb / "bundle.json")
    assert LastFolders(store).get("bundles", tmp_path) == usb
    assert LastFolders(store).get("plan", tmp_path) == tmp_path  # another kind: its own folder
    usb.rmdir()
    assert LastFolders(store).get("bundles", tmp_path) == tmp_path  # gone: the default again
    store.write_file(LastFolders.RELATIVE, b"\xff not json")
    assert LastFolders(store).get("bundles", tmp_path) == tmp_path
    store.write_file(LastFolders.RELATIVE, b'{"bundles": 7, "plan": ["x"]}')
    assert LastFolders(store).get("bundles", tmp_path) == tmp_path
