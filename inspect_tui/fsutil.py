"""Atomic, durable, owner-only file writes: the one primitive every writer of the program uses.

A write goes to a temp file in the same directory, is flushed and fsynced, the
previous version is kept as ``<name>.bak`` (a hard link where the file system has
them, so it costs no copy), then ``os.replace`` swaps the new file in and the
directory is fsynced (on systems that can fsync a directory). A crash at any
instant leaves either the old or the new file, never a torn one.

Findings are legal evidence and personal data: new files are created ``0600`` and
new directories ``0700`` whatever the umask (on POSIX; on Windows the per-user
profile already is private), and a replaced file keeps the mode it had, so a
user's ``chmod`` is never undone. A failed write removes its temp file and raises
an ``OSError`` whose ``filename`` is the file that was being written.

This module is a leaf (standard library only): exports and certificates use it
without loading the store.
"""

from __future__ import annotations

import os
import shutil
import stat
import uuid
from pathlib import Path

TMP_SUFFIX = ".tmp"
BACKUP_SUFFIX = ".bak"
PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700
POSIX = os.name != "nt"


def fsync_dir(directory: Path) -> None:
    """Persist a directory entry change; a no-op where the OS cannot open directories (Windows)."""
    if not POSIX:
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _chmod(path: Path | int, mode: int) -> None:
    """Set a mode where the file system keeps modes (a FAT stick refuses: nothing to protect there)."""
    if not POSIX:
        return
    try:
        if isinstance(path, int):
            os.fchmod(path, mode)
        else:
            os.chmod(path, mode)
    except OSError:
        pass


def ensure_dir(directory: Path, mode: int = PRIVATE_DIR) -> None:
    """Create ``directory`` and missing parents with ``mode`` despite the umask; existing ones are left as they are."""
    missing: list[Path] = []
    current = Path(directory)
    while not current.is_dir():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=mode)
        except FileExistsError:
            continue  # made meanwhile by another thread or process: keep its mode
        _chmod(folder, mode)


def named_error(exc: OSError, path: Path, temp: Path | None = None) -> OSError:
    """The same failure, naming the file being written where it named none or only its temp file.

    ``os.write`` and ``fsync`` name no file, and a temp file's name means nothing to a person.
    """
    if exc.filename is not None and (temp is None or os.fspath(exc.filename) != str(temp)):
        return exc
    return OSError(exc.errno, exc.strerror or str(exc), str(path))


def temp_path(final: Path) -> Path:
    return final.with_name(f".{final.name}.{uuid.uuid4().hex}{TMP_SUFFIX}")


def target_mode(final: Path, mode: int) -> int:
    """The mode the new version of ``final`` gets: the current file's (never changed by a save), else ``mode``."""
    try:
        return stat.S_IMODE(os.stat(final).st_mode)
    except OSError:
        return mode


def write_temp(final: Path, data: bytes, mode: int = PRIVATE_FILE, *, durable: bool = True) -> Path:
    """Write ``data`` durably (unless told) to a new temp file beside ``final``; on failure nothing is left behind."""
    try:
        ensure_dir(final.parent)
    except OSError as exc:
        raise named_error(exc, final) from None
    tmp = temp_path(final)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), PRIVATE_FILE)
    except OSError as exc:
        raise named_error(exc, final, tmp) from None
    try:
        try:
            _chmod(fd, target_mode(final, mode))
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise named_error(exc, final, tmp) from None
        raise
    return tmp


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + BACKUP_SUFFIX)


def keep_backup(path: Path) -> None:
    """Make ``<path>.bak`` the current content of ``path`` (before it is replaced); same mode as the file."""
    if not path.exists():
        return
    staging = temp_path(backup_path(path))
    try:
        try:
            os.link(path, staging)
        except OSError:  # no hard links here (e.g. FAT32 stick): copy instead (mode included)
            shutil.copy2(path, staging)
        os.replace(staging, backup_path(path))
    except OSError as exc:
        staging.unlink(missing_ok=True)
        raise named_error(exc, backup_path(path), staging) from None


def replace(tmp: Path, final: Path, *, keep_backup_copy: bool = True, durable: bool = True) -> None:
    """Swap a durable temp file in for ``final`` (and sync the folder, unless told); on failure the temp file is removed."""
    try:
        if keep_backup_copy:
            keep_backup(final)
        os.replace(tmp, final)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise named_error(exc, final, tmp) from None
        raise
    if not durable:
        return
    try:
        fsync_dir(final.parent)
    except OSError as exc:
        raise named_error(exc, final) from None


def atomic_write_bytes(path: Path, data: bytes, *, keep_backup: bool = True, mode: int = PRIVATE_FILE, durable: bool = True) -> None:
    """Replace ``path`` with ``data`` atomically and durably; a new file gets ``mode`` (owner-only by default).

    ``durable=False`` skips the fsyncs, for a note that means nothing after a crash (the lock holder's)."""
    path = Path(path)
    replace(write_temp(path, data, mode, durable=durable), path, keep_backup_copy=keep_backup, durable=durable)


def is_private(mode: int) -> bool:
    """True when neither group nor others have any access (POSIX)."""
    return not mode & 0o077
