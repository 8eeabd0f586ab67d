"""Atomic, durable file writes and multi-file transactions.

A write goes to a temp file in the same directory, is flushed and fsynced, the
previous version is kept as ``<name>.bak`` (a hard link where the file system has
them, so it costs no copy), then ``os.replace`` swaps the new file in and the
directory is fsynced (on systems that can fsync a directory). A crash at any
instant leaves either the old or the new file, never a torn one.

Several files that must change together go through a ``Transaction``: their
data is staged in memory, written to durable temp files at commit, then a
journal naming them is written atomically, then they are swapped in. A crash
after the journal is rolled forward on next open; a crash before it leaves only
temp files, which are cleaned.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from pathlib import Path
from typing import Any

TMP_SUFFIX = ".tmp"
BACKUP_SUFFIX = ".bak"
JOURNAL_NAME = "journal.json"


def fsync_dir(directory: Path) -> None:
    """Persist a directory entry change; a no-op where the OS cannot open directories (Windows)."""
    if os.name == "nt":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _temp_path(final: Path) -> Path:
    return final.with_name(f".{final.name}.{uuid.uuid4().hex}{TMP_SUFFIX}")


def _write_temp(final: Path, data: bytes) -> Path:
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = _temp_path(final)
    with open(tmp, "xb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    return tmp


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + BACKUP_SUFFIX)


def _keep_backup(path: Path) -> None:
    """Make ``<path>.bak`` the current content of ``path`` (before it is replaced)."""
    if not path.exists():
        return
    staging = _temp_path(backup_path(path))
    try:
        os.link(path, staging)
    except OSError:  # no hard links here (e.g. FAT32 stick): copy instead
        shutil.copy2(path, staging)
    os.replace(staging, backup_path(path))


def atomic_write_bytes(path: Path, data: bytes, *, keep_backup: bool = True) -> None:
    """Replace ``path`` with ``data`` atomically and durably."""
    tmp = _write_temp(path, data)
    try:
        if keep_backup:
            _keep_backup(path)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def dump_json(data: object) -> bytes:
    """The stored form of JSON data: UTF-8 with readable Cyrillic, keys sorted.

    No indentation: with ``indent`` the json module falls back to its pure-Python
    encoder, which made serialising dominate the cost of a save.
    """
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


class Transaction:
    """Files that change together: all of them or none survive a crash.

    Staged data stays in memory until ``commit``, so a file staged many times
    (an index shard during an import) is written and fsynced once.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self._staged: dict[Path, bytes | dict[str, Any]] = {}
        self._temps: dict[Path, Path] = {}

    def stage(self, final: Path, data: bytes | dict[str, Any]) -> None:
        """Stage bytes, or a JSON document that is serialised only at commit (cheap to restage)."""
        self._staged[final] = data

    def freeze(self, final: Path) -> None:
        """Serialise a staged document now: bytes take far less memory than the objects.

        For files staged once in a long transaction (each inspection of an import),
        while often-restaged ones (index shards) stay cheap objects.
        """
        data = self._staged.get(final)
        if isinstance(data, dict):
            self._staged[final] = dump_json(data)

    def staged(self, final: Path) -> bytes | dict[str, Any] | None:
        """What this transaction will write to ``final`` (so reads see the transaction's writes)."""
        return self._staged.get(final)

    def commit(self) -> None:
        if not self._staged:
            return
        self.prepare()
        if len(self._temps) == 1:
            ((final, tmp),) = self._temps.items()
            self._temps.clear()
            _keep_backup(final)
            os.replace(tmp, final)
            fsync_dir(final.parent)
            return
        self.write_journal()
        # past this point the transaction has happened: finish it now, or on the next open
        self._temps.clear()
        recover(self.root)

    def prepare(self) -> None:
        """Write every staged file to a durable temp file beside its target (nothing replaced yet)."""
        try:
            for final, data in self._staged.items():
                self._temps[final] = _write_temp(final, data if isinstance(data, bytes) else dump_json(data))
        except BaseException:
            self.rollback()
            raise
        self._staged.clear()

    def write_journal(self) -> None:
        """Durably record which temp files replace which: the transaction's commit point."""
        rel = [[str(tmp.relative_to(self.root)), str(final.relative_to(self.root))] for final, tmp in self._temps.items()]
        atomic_write_bytes(self.root / JOURNAL_NAME, json.dumps({"replace": rel}).encode("utf-8"), keep_backup=False)

    def rollback(self) -> None:
        """Forget staged data and remove temp files not yet committed (after the commit point there are none)."""
        for tmp in self._temps.values():
            tmp.unlink(missing_ok=True)
        self._temps.clear()
        self._staged.clear()


def recover(root: Path) -> bool:
    """Finish a transaction a crash interrupted after its journal was written; True if one was."""
    journal = root / JOURNAL_NAME
    if not journal.exists():
        return False
    try:
        pairs = json.loads(journal.read_text("utf-8"))["replace"]
    except (ValueError, KeyError, TypeError):
        # the journal is written atomically, so an unreadable one was never committed
        journal.unlink()
        return False
    for tmp_rel, final_rel in pairs:
        tmp, final = root / tmp_rel, root / final_rel
        if tmp.exists():
            _keep_backup(final)
            os.replace(tmp, final)
            fsync_dir(final.parent)
    journal.unlink()
    fsync_dir(root)
    return True


def remove_stale_temps(root: Path) -> int:
    """Delete temp files left by writes a crash interrupted (only the lock holder may)."""
    removed = 0
    for tmp in root.rglob(f".*{TMP_SUFFIX}"):
        tmp.unlink(missing_ok=True)
        removed += 1
    return removed
