"""A TinyDB storage that never writes in place (TinyDB's own JSONStorage truncates and rewrites)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from inspect_tui.store.atomic import Transaction, atomic_write_bytes, backup_path, dump_json
from inspect_tui.store.errors import StoreCorrupt


def good_backup(path: Path) -> Path | None:
    """``<path>.bak`` if it exists and parses as JSON."""
    backup = backup_path(path)
    try:
        json.loads(backup.read_bytes().decode("utf-8"))
    except (OSError, ValueError):
        return None
    return backup


def parse_store_file(path: Path, raw: bytes) -> dict[str, Any]:
    """Parse a TinyDB file; anything unexpected is a ``StoreCorrupt`` naming the file and its backup."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise StoreCorrupt(path, good_backup(path), str(exc)) from None
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise StoreCorrupt(path, good_backup(path), "not a TinyDB document")
    return data


class AtomicJSONStorage(Storage):
    """Reads open-parse-close (no handle kept, so Windows can replace the file); writes are atomic.

    When ``transaction()`` returns a transaction, writes are staged in it instead,
    and reads see what was staged. ``resolve`` names the file that holds the
    committed content (a reader's roll-forward of an interrupted transaction).
    """

    def __init__(
        self,
        path: str | Path,
        transaction: Callable[[], Transaction | None] = lambda: None,
        resolve: Callable[[Path], Path] = lambda p: p,
    ) -> None:
        self.path = Path(path)
        self._transaction = transaction
        self._resolve = resolve

    def read(self) -> dict[str, Any] | None:
        txn = self._transaction()
        if txn is not None and txn.removes(self.path):
            return None
        staged = txn.staged(self.path) if txn else None
        if isinstance(staged, dict):
            return staged  # TinyDB changes it and writes it back: no copy, no re-parse
        if staged is not None:
            return parse_store_file(self.path, staged)
        try:
            raw = self._resolve(self.path).read_bytes()
        except FileNotFoundError:
            return None
        if not raw:
            raise StoreCorrupt(self.path, good_backup(self.path), "empty file")
        return parse_store_file(self.path, raw)

    def write(self, data: dict[str, Any]) -> None:
        txn = self._transaction()
        if txn is not None:
            txn.stage(self.path, data)  # serialised once, at commit
        else:
            atomic_write_bytes(self.path, dump_json(data))

    def close(self) -> None:
        """Nothing to release: no file handle is kept open."""
