"""Outputs never destroy: every writer of a user-named file refuses a FIFO, device, socket, directory or symlink and any
place inside the data dir (but its own output folders), names the file, exits 1 and leaves the node as it was; a regular
file is replaced atomically (mode kept), a new one is owner-only."""

from __future__ import annotations

import os
import shutil
import socket
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from inspect_tui import fsutil, outputs
from inspect_tui.cli import main
from inspect_tui.outputs import OutputRefused, check_output, write_output
from inspect_tui.store import Store

POSIX_ONLY = pytest.mark.skipif(os.name == "nt", reason="FIFOs, sockets and modes are POSIX")


@pytest.fixture
def demo_dir(data_dir: Path, demo_template: Path) -> Path:
    shutil.copytree(demo_template, data_dir, ignore=shutil.ignore_patterns(".lock", ".lock.info"))
    return data_dir


def _signed_id(data_dir: Path) -> str:
    with Store.open(data_dir, writer=False) as store:
        return str(next(s.id for s in store.list_summaries() if s.status.value == "signed"))


#: each command that writes a user-named file, as arguments before the target
COMMANDS: dict[str, Callable[[Path], list[str]]] = {
    "certificate": lambda d: ["certificate", _signed_id(d), "--out"],
    "export": lambda d: ["export", "--all", "--out"],
    "report": lambda d: ["report", "annual", "--year", "2026", "--format", "csv", "--out"],
    "plan": lambda d: ["plan", "export", "--year", "2026", "--out"],
    "registry": lambda d: ["registry", "export", "--out"],
}


def _node(path: Path) -> tuple[int, bytes | str | None]:
    """What is at ``path``, to compare before and after: its type, and its content or link target."""
    info = os.lstat(path)
    if stat.S_ISLNK(info.st_mode):
        return info.st_mode, os.readlink(path)
    if stat.S_ISREG(info.st_mode):
        return info.st_mode, path.read_bytes()
    return info.st_mode, None


def _targets(tmp_path: Path, data_dir: Path) -> dict[str, Path]:
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    elsewhere = tmp_path / "precious.txt"
    elsewhere.write_text("not to be replaced", "utf-8")
    link = tmp_path / "link.pdf"
    link.symlink_to(elsewhere)
    folder = tmp_path / "folder.pdf"
    folder.mkdir()
    inspection = next((data_dir / "inspections").glob("*.json"))
    return {"fifo": fifo, "symlink": link, "directory": folder, "meta": data_dir / "meta.json", "inspection": inspection,
            "new_in_data_dir": data_dir / "index" / "new.csv"}


@POSIX_ONLY
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_output_command_refuses_what_is_not_a_regular_file_outside_the_data_dir(
    command: str, demo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for kind, target in _targets(tmp_path, demo_dir).items():
        before = _node(target) if os.path.lexists(target) else None
        stored = {p: p.read_bytes() for p in demo_dir.rglob("*.json")}
        assert main(["--data-dir", str(demo_dir), *COMMANDS[command](demo_dir), str(target)]) == 1, (command, kind)
        err = capsys.readouterr().err
        assert str(target) in err and "Traceback" not in err, (command, kind, err)
        assert (_node(target) if os.path.lexists(target) else None) == before, (command, kind)
        assert {p: p.read_bytes() for p in demo_dir.rglob("*.json")} == stored, (command, kind)
    assert (tmp_path / "precious.txt").read_text("utf-8") == "not to be replaced"
    assert not list(tmp_path.glob(".*.tmp")) and not list(demo_dir.rglob(".*.tmp"))


@POSIX_ONLY
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_output_command_writes_a_new_file_private_and_replaces_a_regular_one_keeping_its_mode(
    command: str, demo_dir: Path, tmp_path: Path
) -> None:
    fresh = tmp_path / "out" / "fresh.bin"
    assert main(["--data-dir", str(demo_dir), *COMMANDS[command](demo_dir), str(fresh)]) == 0
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o600 and fresh.stat().st_size > 0
    shared = tmp_path / "shared.bin"
    shared.write_bytes(b"old")
    shared.chmod(0o644)  # the user's choice for a file they share: a save never undoes it
    assert main(["--data-dir", str(demo_dir), *COMMANDS[command](demo_dir), str(shared)]) == 0
    assert shared.read_bytes() != b"old" and stat.S_IMODE(shared.stat().st_mode) == 0o644


def test_the_programs_own_output_folders_in_the_data_dir_are_allowed(data_dir: Path) -> None:
    for folder in sorted(outputs.OUTPUT_FOLDERS):
        assert check_output(data_dir / folder / "file.pdf", data_dir=data_dir) == data_dir / folder / "file.pdf"
    for refused in (data_dir / "meta.json", data_dir / "certificates" / "sub" / "x.pdf", data_dir, data_dir / "law" / "x.json"):
        with pytest.raises(OutputRefused) as caught:
            check_output(refused, data_dir=data_dir)
        assert caught.value.filename == str(refused) and "каталозі даних" in str(caught.value.strerror)


@POSIX_ONLY
def test_the_data_dir_is_found_through_links_and_dots(tmp_path: Path, data_dir: Path) -> None:
    data_dir.mkdir()
    alias = tmp_path / "alias"
    alias.symlink_to(data_dir)
    for sneaky in (alias / "meta.json", data_dir / "exports" / ".." / "meta.json", tmp_path / "." / "data" / "enterprises.json"):
        with pytest.raises(OutputRefused):
            check_output(sneaky, data_dir=data_dir)


@POSIX_ONLY
def test_devices_and_sockets_are_refused_by_kind(tmp_path: Path) -> None:
    with pytest.raises(OutputRefused) as caught:
        check_output(Path("/dev/null"), data_dir=None)  # checked only: never written, even as root
    assert "пристрій" in str(caught.value.strerror)
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(tmp_path / "s.sock"))
        with pytest.raises(OutputRefused) as caught:
            write_output(tmp_path / "s.sock", b"x", data_dir=None)
        assert "сокет" in str(caught.value.strerror) and stat.S_ISSOCK(os.lstat(tmp_path / "s.sock").st_mode)


@POSIX_ONLY
def test_a_target_that_becomes_a_fifo_while_writing_is_not_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "report.csv"
    real_write_temp = fsutil.write_temp

    def racing(final: Path, data: bytes, mode: int = fsutil.PRIVATE_FILE) -> Path:
        tmp = real_write_temp(final, data, mode)
        os.mkfifo(final)  # another process makes the name a FIFO after the first check
        return tmp

    monkeypatch.setattr(fsutil, "write_temp", racing)
    with pytest.raises(OutputRefused):
        write_output(target, b"data", data_dir=None)
    assert stat.S_ISFIFO(os.lstat(target).st_mode) and not list(tmp_path.glob(".*.tmp"))
