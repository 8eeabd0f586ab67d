"""The data dir's writer lock: one process writes a store at a time; the OS frees the lock with the process.

The operating system's own locks through the standard library (``fcntl.flock``; ``msvcrt.locking`` on Windows)
instead of the ``filelock`` package: taking one lock, never waiting, is all the store asks, and importing
``filelock`` 4 cost the app's start about 25 ms (a tenth of a minimal Textual app's start).
``flock`` locks belong to an open file, not to the process: a second ``acquire`` in the same process on a
fresh lock object is refused too, as a second window on the same data dir must be.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from inspect_tui.fsutil import PRIVATE_FILE


class LockHeld(Exception):
    """Another open of the data dir (this process or another) holds its lock."""


class WriterLock:
    """An exclusive, non-blocking lock on ``path`` (a file created private to the user when missing)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    @property
    def is_locked(self) -> bool:
        return self._fd is not None

    def acquire(self) -> None:
        """Take the lock now, or raise ``LockHeld``."""
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), PRIVATE_FILE)
        try:
            _lock(fd)
        except OSError:
            os.close(fd)
            raise LockHeld(str(self.path)) from None
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            fd, self._fd = self._fd, None
            try:
                _unlock(fd)
            finally:
                os.close(fd)


if sys.platform == "win32":  # pragma: no cover - CI runs on Linux; the kit carries Windows wheels
    import msvcrt

    def _lock(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # the file's first byte, as filelock did

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
