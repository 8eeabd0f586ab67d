"""Multi-file transactions over the atomic writes of ``inspect_tui.fsutil``.

Several files that must change together go through a ``Transaction``: their
data is staged in memory, written to durable temp files at commit, then a
journal naming them is written atomically, then they are swapped in. A crash
after the journal is rolled forward on next open (a reader sees the rolled
forward state in memory, see ``pending``); a crash before it leaves only temp
files, which are cleaned. Files a transaction removes go after its commit point,
once the files that keep their content elsewhere are in place: a crash in
between leaves them where they were (the content twice, never nowhere).

The journal is data read back from disk, never trusted as commands: it must be a
small regular file of the exact shape written here, and every path it names must
be a store file inside the data dir with its temp file beside it (``read_journal``).
"""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path, PurePosixPath
from typing import Any

from inspect_tui.fsutil import (
    BACKUP_SUFFIX,
    TMP_SUFFIX,
    atomic_write_bytes,
    backup_path,
    fsync_dir,
    replace,
    write_temp,
)
from inspect_tui.store.errors import JournalRefused

__all__ = ["Transaction", "atomic_write_bytes", "backup_path", "dump_json", "fsync_dir", "pending", "read_journal", "recover"]

JOURNAL_NAME = "journal.json"
#: a journal names two short paths per file of one transaction: far below this even for a 10,000-inspection import
MAX_JOURNAL_BYTES = 64 * 1024 * 1024
#: files a journal may never replace (the lock, the journal itself)
_RESERVED = {JOURNAL_NAME, ".lock", ".lock.info"}
_TEMP_NAME = re.compile(r"\.(?P<final>.+)\.[0-9a-f]{32}" + re.escape(TMP_SUFFIX))


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
        self._removed: set[Path] = set()

    def stage(self, final: Path, data: bytes | dict[str, Any]) -> None:
        """Stage bytes, or a JSON document that is serialised only at commit (cheap to restage)."""
        self._removed.discard(final)
        self._staged[final] = data

    def remove(self, final: Path) -> None:
        """Remove ``final`` (and its backup) once the rest of the transaction is in place; reads see it gone now."""
        self._staged.pop(final, None)
        self._removed.add(final)

    def removes(self, final: Path) -> bool:
        """Whether this transaction removes ``final`` (so reads see it gone before the commit)."""
        return final in self._removed

    def removed_paths(self) -> set[Path]:
        return set(self._removed)

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

    def staged_paths(self) -> list[Path]:
        return list(self._staged)

    def commit(self) -> None:
        if self._staged:
            self.prepare()
        if len(self._temps) == 1:
            ((final, tmp),) = self._temps.items()
            self._temps.clear()
            replace(tmp, final)
        elif self._temps:
            self.write_journal()
            # past this point the transaction has happened: finish it now, or on the next open
            self._temps.clear()
            recover(self.root)
        self._remove_files()

    def _remove_files(self) -> None:
        """Remove what the transaction removes, durably: last, after what keeps their content is in place."""
        removed, self._removed = self._removed, set()
        touched: set[Path] = set()
        for final in sorted(removed):
            for gone in (final, backup_path(final)):
                try:
                    gone.unlink()
                except FileNotFoundError:
                    continue  # never written (staged, then removed, in this transaction)
                touched.add(gone.parent)
        for folder in sorted(touched):
            fsync_dir(folder)

    def prepare(self) -> None:
        """Write every staged file to a durable temp file beside its target (nothing replaced yet)."""
        try:
            for final, data in self._staged.items():
                self._temps[final] = write_temp(final, data if isinstance(data, bytes) else dump_json(data))
        except BaseException:
            self.rollback()
            raise
        self._staged.clear()

    def write_journal(self) -> None:
        """Durably record which temp files replace which: the transaction's commit point."""
        rel = [[tmp.relative_to(self.root).as_posix(), final.relative_to(self.root).as_posix()] for final, tmp in self._temps.items()]
        atomic_write_bytes(self.root / JOURNAL_NAME, json.dumps({"replace": rel}).encode("utf-8"), keep_backup=False)

    def rollback(self) -> None:
        """Forget staged data and remove temp files not yet committed (after the commit point there are none)."""
        for tmp in self._temps.values():
            tmp.unlink(missing_ok=True)
        self._temps.clear()
        self._staged.clear()
        self._removed.clear()


def _refuse(journal: Path, detail: str) -> JournalRefused:
    return JournalRefused(journal, detail)


def _confined(root: Path, relative: str, journal: Path) -> Path:
    """``root / relative`` if it is a plain relative path whose folders are real folders inside ``root``."""
    parts = PurePosixPath(relative).parts
    if not relative or PurePosixPath(relative).is_absolute() or "\\" in relative or any(p in ("", ".", "..") for p in parts):
        raise _refuse(journal, f"path {relative[:200]!r} leaves the data dir")
    path = root.joinpath(*parts)
    folder = root
    for part in parts[:-1]:
        folder = folder / part
        if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
            raise _refuse(journal, f"path {relative[:200]!r} goes through a link")
    if path.is_symlink():
        raise _refuse(journal, f"path {relative[:200]!r} is a link")
    return path


def read_journal(root: Path) -> list[tuple[Path, Path]] | None:
    """The (temp, final) pairs of an interrupted transaction, None without one.

    Anything but the exact shape ``write_journal`` makes, naming store files inside
    the data dir each with its own temp file beside it, is refused with a
    ``JournalRefused`` naming the journal: the files it would move stay untouched.
    """
    journal = root / JOURNAL_NAME
    try:
        info = os.lstat(journal)
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(info.st_mode):
        raise _refuse(journal, "not a regular file")
    if info.st_size > MAX_JOURNAL_BYTES:
        raise _refuse(journal, f"{info.st_size} bytes, more than {MAX_JOURNAL_BYTES}")
    try:
        data = json.loads(journal.read_bytes()[: MAX_JOURNAL_BYTES + 1].decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise _refuse(journal, f"not JSON ({str(exc)[:200]})") from None
    entries = data.get("replace") if isinstance(data, dict) and set(data) == {"replace"} else None
    if not isinstance(entries, list):
        raise _refuse(journal, 'expected {"replace": [[temp, file], ...]}')
    pairs = []
    for entry in entries:
        if not (isinstance(entry, list) and len(entry) == 2 and all(isinstance(p, str) for p in entry)):
            raise _refuse(journal, f"bad entry {str(entry)[:200]}")
        tmp, final = (_confined(root, p, journal) for p in entry)
        named = _TEMP_NAME.fullmatch(tmp.name)
        if tmp.parent != final.parent or named is None or named["final"] != final.name:
            raise _refuse(journal, f"{entry[0][:200]!r} is not a temp file of {entry[1][:200]!r}")
        if final.name in _RESERVED or final.name.endswith((TMP_SUFFIX, BACKUP_SUFFIX)):
            raise _refuse(journal, f"{entry[1][:200]!r} is not a store file")
        if tmp.exists() and not stat.S_ISREG(os.lstat(tmp).st_mode):
            raise _refuse(journal, f"{entry[0][:200]!r} is not a regular file")
        pairs.append((tmp, final))
    return pairs


def pending(root: Path) -> dict[Path, Path]:
    """For a reader: final file → temp file still to replace it, of a transaction past its commit point.

    Reading the temp file where it still exists gives the rolled-forward state
    without writing anything (a reader holds no lock).
    """
    return {final: tmp for tmp, final in read_journal(root) or [] if tmp.exists()}


def recover(root: Path) -> bool:
    """Finish a transaction a crash interrupted after its journal was written; True if one was."""
    pairs = read_journal(root)
    if pairs is None:
        return False
    for tmp, final in pairs:
        if tmp.exists():
            replace(tmp, final)
    (root / JOURNAL_NAME).unlink()
    fsync_dir(root)
    return True


def stale_temps(root: Path) -> list[Path]:
    """Temp files left by writes a crash interrupted (links are not followed)."""
    found: list[Path] = []
    for folder, _, files in os.walk(root):
        found.extend(Path(folder) / name for name in files if name.startswith(".") and name.endswith(TMP_SUFFIX))
    return sorted(found)


def remove_stale_temps(root: Path) -> int:
    """Delete temp files left by writes a crash interrupted (only the lock holder may, after ``recover``)."""
    found = stale_temps(root)
    for tmp in found:
        tmp.unlink(missing_ok=True)
    return len(found)
