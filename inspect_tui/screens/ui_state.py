"""UI state under ``<data dir>/ui/``: per inspection, where the inspector was and text not yet saved; the last folders.

Text typed into an editor is journalled on every keystroke and committed to the
inspection (with history) on blur, after a pause, or when leaving; a crash between the
two loses nothing, because the journal is replayed when the inspection is reopened.

These are local files written atomically and durably (0600), never through the store: on the office's
server the register is shared, and one officer's cursor and unsaved typing are not part of it.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any
from uuid import UUID

from inspect_tui.fsutil import atomic_write_bytes, ensure_dir
from inspect_tui.store import StoreError, StoreWriteError
from inspect_tui.store_protocol import RegisterStore


class UiJournal:
    """``on_error`` hears once when writing the journal starts failing (a full disk while typing):
    the text stays in memory and on screen, and the next keystroke tries again."""

    MAX_BYTES = 64 * 1024 * 1024  # every field of every item of a checklist at its longest, with room to spare

    def __init__(self, store: RegisterStore, inspection_id: UUID, on_error: Callable[[StoreError], None] | None = None) -> None:
        self._path = store.data_dir / "ui" / f"{inspection_id}.json"
        self._on_error = on_error
        self._failing = False
        self._data = self._load()
        self._persisted_position = self._data.get("position")

    def _load(self) -> dict[str, Any]:
        raw = _read_small(self._path, self.MAX_BYTES)
        if raw is None:
            return {}
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            return {}  # a damaged journal only loses the cursor position; the inspection is intact
        return data if isinstance(data, dict) else {}

    def _save(self) -> None:
        try:
            ensure_dir(self._path.parent)
            atomic_write_bytes(self._path, json.dumps(self._data, ensure_ascii=False).encode("utf-8"), keep_backup=False)
        except OSError as exc:
            if not self._failing and self._on_error is not None:
                self._on_error(exc if isinstance(exc, StoreError) else StoreWriteError(exc))
            self._failing = True
            return
        self._failing = False
        self._persisted_position = self._data.get("position")

    @property
    def position(self) -> str | None:
        value = self._data.get("position")
        return value if isinstance(value, str) else None

    def set_position(self, item_id: str) -> None:
        """Remember the current item in memory; ``save_position`` writes it (losing it costs nothing)."""
        self._data["position"] = item_id

    def save_position(self) -> None:
        if self._data.get("position") != self._persisted_position:
            self._save()

    def drafts(self) -> dict[str, dict[str, str]]:
        """item id → field → text typed but not yet committed."""
        drafts = self._data.get("drafts")
        return drafts if isinstance(drafts, dict) else {}

    def set_draft(self, item_id: str, field: str, text: str) -> None:
        self._data.setdefault("drafts", {}).setdefault(item_id, {})[field] = text
        self._save()

    def clear_drafts(self, item_id: str, fields: list[str]) -> None:
        item = self.drafts().get(item_id)
        if not item:
            return
        for field in fields:
            item.pop(field, None)
        if not item:
            self._data["drafts"].pop(item_id, None)
        self._save()


def _read_small(path: Path, limit: int) -> bytes | None:
    """The bytes of a regular file of at most ``limit`` bytes; None for anything else (missing, a link,
    a FIFO, too big, unreadable). Opened without blocking or following a link."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    try:
        with open(os.open(path, flags), "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
                return None
            return handle.read(limit + 1)
    except OSError:
        return None


class LastFolders:
    """The folder each kind of file was last chosen in, so a picker opens there.

    Kept in ``<data dir>/ui/folders.json``, a local file written atomically (0600), never through the
    store: on the office's server the register is shared, and where one officer last looked is not part
    of it. Kinds are the app's own names ("bundles", "plan", "evidence", "certificates", "reports").
    Losing the file costs only a folder to find again: a damaged or unwritable one is ignored.
    """

    RELATIVE = "ui/folders.json"
    MAX_PATH = 4096
    MAX_BYTES = 256 * 1024  # a few kinds of paths of at most MAX_PATH: anything larger is not ours

    def __init__(self, store: RegisterStore) -> None:
        self._path = store.data_dir / self.RELATIVE
        raw = _read_small(self._path, self.MAX_BYTES)
        try:
            data = json.loads(raw.decode("utf-8")) if raw is not None else {}
        except (UnicodeDecodeError, ValueError, RecursionError):
            data = {}
        self._folders: dict[str, str] = (
            {k: v for k, v in data.items() if isinstance(v, str) and len(v) <= self.MAX_PATH} if isinstance(data, dict) else {}
        )

    def get(self, kind: str, default: Path) -> Path:
        """The last folder of ``kind`` while it still exists, else ``default``."""
        folder = self._folders.get(kind)
        return Path(folder) if folder and Path(folder).is_dir() else default

    def remember(self, kind: str, chosen: Path) -> None:
        """Remember the folder of ``chosen`` (a file, or a folder itself) for the next picker of ``kind``."""
        folder = str(chosen if chosen.is_dir() else chosen.parent)
        if self._folders.get(kind) == folder or len(folder) > self.MAX_PATH:
            return
        self._folders[kind] = folder
        try:
            ensure_dir(self._path.parent)
            atomic_write_bytes(self._path, json.dumps(self._folders, ensure_ascii=False).encode("utf-8"), keep_backup=False)
        except OSError:
            pass  # the choice itself went through; only the next picker opens elsewhere
