"""Files the officer names for the app to write (Save as…): where writing is safe.

A certificate or a report goes onto a USB stick or into a shared folder, never into the
data dir (it could replace the store's own files), and never over anything but a regular
file: the writers rename a temp file over the target, which would replace a device, a
pipe, a link or a folder instead of writing into it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from inspect_tui import outputs


class OutputRefused(Exception):
    """The file cannot be written there; ``code`` is a catalog key under ``files.refused``."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def check_output(path: Path, data_dir: Path) -> bool:
    """``OutputRefused`` unless ``path`` can be written; True when a regular file is already there (ask first).

    The node rules are ``outputs.check_output``'s (only a regular file is ever replaced); a place the officer
    chooses is moreover never in the data dir at all, not even its output folders. A missing folder is made
    by the writer, owner-only (``fsutil.ensure_dir``).
    """
    target, store = path.resolve(), data_dir.resolve()
    if target == store or store in target.parents:
        raise OutputRefused("in_data_dir", path=str(path), data_dir=str(data_dir))
    try:
        outputs.check_output(path, data_dir=data_dir)
    except OSError as exc:
        raise OutputRefused("unusable", path=str(path), reason=exc.strerror or str(exc)) from None
    return path.is_file()
