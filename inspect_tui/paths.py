"""Where things live: the data dir (platformdirs, overridable) and the bundled checklists."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path

APP_NAME = "inspect-tui"
DATA_DIR_ENV = "INSPECT_TUI_DATA_DIR"


def default_data_dir() -> Path:
    """``$INSPECT_TUI_DATA_DIR`` if set, else the platform's per-user data dir."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override).expanduser()
    return user_data_path(APP_NAME, appauthor=False)


def bundled_checklists_dir() -> Path:
    """The checklists shipped with the program.

    A wheel carries them inside the package (``_bundled_checklists``); a source
    checkout or an editable install reads the repository's ``checklists/``.
    """
    packaged = Path(__file__).resolve().parent / "_bundled_checklists"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "checklists"


def user_checklists_dir(data_dir: Path) -> Path:
    """Checklists the council adds itself, kept beside its data."""
    return data_dir / "checklists"
