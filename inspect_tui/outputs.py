"""Files the user names for output (``--out``, the TUI's save paths): written so that nothing else is destroyed.

``os.replace`` swaps whatever node has the name: a FIFO, a device (as root, ``--out /dev/full`` replaced
the device), a symlink (the link, not its file), so every writer of a user-named file goes through
``write_output``. It refuses any existing target that is not a regular file, and any target inside the
data dir (an export named ``meta.json`` there would replace the store's metadata) but for the folders
the program keeps its own outputs in (``OUTPUT_FOLDERS``: the TUI's default save paths), before any
work and again just before the rename. The data goes to a temp file beside the target (fsynced), which then
replaces the regular file or takes the free name: the same primitive as the store (``fsutil``), so a new
file is owner-only (0600: certificates and bundles hold personal data) and a replaced one keeps its mode.

A refusal is an ``OSError`` naming the file, with the reason in the user's language: every caller that
reports a failed write already shows it.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from inspect_tui import fsutil
from inspect_tui.i18n import t

#: folders of the data dir that hold outputs, not data: the TUI saves certificates, reports and exports there
OUTPUT_FOLDERS = frozenset({"certificates", "reports", "exports"})
_KINDS = ((stat.S_ISLNK, "symlink"), (stat.S_ISDIR, "directory"), (stat.S_ISFIFO, "fifo"), (stat.S_ISCHR, "device"),
          (stat.S_ISBLK, "device"), (stat.S_ISSOCK, "socket"))


class OutputRefused(OSError):
    """An output target that is not a regular file, or lies in the data dir: nothing was written."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(errno.EPERM, reason, str(path))


def check_output(out: Path, *, data_dir: Path | None) -> Path:
    """``out`` if writing it can replace nothing but a regular file outside ``data_dir``, else ``OutputRefused``.

    Call it before expensive work (rendering) so a refusal is quick; ``write_output`` checks again.
    """
    out = Path(out)
    try:
        mode = os.lstat(out).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise fsutil.named_error(exc, out) from None
    if mode is not None and not stat.S_ISREG(mode):
        kind = next((name for test, name in _KINDS if test(mode)), "other")
        raise OutputRefused(out, t(f"output.{kind}"))
    if data_dir is not None:
        home = Path(os.path.realpath(data_dir))
        where = Path(os.path.realpath(out.parent)) / out.name
        inside = where == home or where.is_relative_to(home)
        if inside and not (where.parent.parent == home and where.parent.name in OUTPUT_FOLDERS):
            raise OutputRefused(out, t("output.data_dir", data_dir=str(data_dir)))
    return out


def write_output(out: Path, data: bytes, *, data_dir: Path | None) -> Path:
    """Write ``data`` to the user-named ``out`` atomically and durably, never over anything but a regular file."""
    out = check_output(out, data_dir=data_dir)
    tmp = fsutil.write_temp(out, data)
    try:
        check_output(out, data_dir=data_dir)  # the name may have become a FIFO or a link while we wrote
    except OSError:
        tmp.unlink(missing_ok=True)
        raise
    fsutil.replace(tmp, out, keep_backup_copy=False)
    return out
