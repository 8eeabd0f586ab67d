"""Store errors: each carries what a person needs to act on it."""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """Base class of every store failure the user must hear about."""


class StoreLocked(StoreError):
    """Another instance holds the data dir."""

    def __init__(self, data_dir: Path, holder: str) -> None:
        super().__init__(f"{data_dir} is in use by {holder or 'another instance'}")
        self.data_dir = data_dir
        self.holder = holder


class StoreCorrupt(StoreError):
    """A store file does not parse or does not hold valid data."""

    def __init__(self, path: Path, backup: Path | None, detail: str) -> None:
        super().__init__(f"{path} is damaged ({detail}); last good backup: {backup or 'none'}")
        self.path = path
        self.backup = backup
        self.detail = detail


class JournalRefused(StoreCorrupt):
    """The journal of an interrupted transaction is not one this program wrote: nothing was moved."""

    def __init__(self, path: Path, detail: str) -> None:
        super().__init__(path, None, f"journal refused: {detail}")


class StoreVersionError(StoreError):
    """The data dir (or the office's database, by its URL without the password) was written by a newer version of the program."""

    def __init__(self, data_dir: Path | str, found: int, supported: int) -> None:
        super().__init__(f"{data_dir} has schema version {found}; this program supports up to {supported}")
        self.data_dir = data_dir
        self.found = found
        self.supported = supported


class EditConflict(StoreError):
    """An edit was made on a copy of an inspection that was saved again since that copy was read (two officers on one
    draft in the office register): saving it would silently undo that change, so nothing is saved. ``trashed``: the
    draft was deleted to the trash meanwhile; saving would bring it back beside its copy in the trash."""

    def __init__(self, number: str, *, trashed: bool = False) -> None:
        from inspect_tui.i18n import t  # the message is the user's: the TUI and the CLI show it as it is

        super().__init__(t("store.edit_trashed" if trashed else "store.edit_conflict", number=number))
        self.number = number
        self.trashed = trashed


class NotFound(StoreError):
    """No inspection (or enterprise) with that id."""


class StoreWriteError(StoreError, OSError):
    """A write failed (disk full, a removed stick, no permission): nothing of it was kept.

    Also an ``OSError`` with the errno and the path of the file being written, so
    code that handles file errors handles this one too.
    """

    def __init__(self, exc: OSError) -> None:
        super().__init__(exc.errno, exc.strerror or str(exc), exc.filename)
