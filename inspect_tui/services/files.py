"""Files the officer names for the app to write (Save as…): where writing is safe.

A certificate or a report goes onto a USB stick or into a shared folder, never into the
data dir (it could replace the store's own files), and never over anything but a regular
file: the writers rename a temp file over the target, which would replace a device, a
pipe, a link or a folder instead of writing into it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any


class OutputRefused(Exception):
    """The file cannot be written there; ``code`` is a catalog key under ``files.refused``."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def check_output(path: Path, data_dir: Path) -> bool:
    """``OutputRefused`` unless ``path`` can be written; True when a regular file is already there (ask first).

    A missing folder is made by the writer, owner-only (``fsutil.ensure_dir``).
    """
    target, store = path.resolve(), data_dir.resolve()
    if target == store or store in target.parents:
        raise OutputRefused("in_data_dir", path=str(path), data_dir=str(data_dir))
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise OutputRefused("unusable", path=str(path), reason=exc.strerror or str(exc)) from None
    if not stat.S_ISREG(mode):
        raise OutputRefused("not_file", path=str(path))
    return True
