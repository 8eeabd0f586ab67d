"""The office register's operations (``inspect-tui office …``): its schema, moving a register in and out
of it, and a local server to try it on.

A move is verified before it is kept (``store_copy``): into the office, the copy and its check run in
one transaction of the database, so a difference leaves nothing behind; out of it, into a new folder
that takes the register's name only once the copy in it is checked.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from inspect_tui.fsutil import fsync_dir
from inspect_tui.i18n import t
from inspect_tui.office import server
from inspect_tui.services.store_copy import CopyRefused, CopyReport, Progress, copy_register, occupied, verify_copy
from inspect_tui.store import Store
from inspect_tui.store_protocol import RegisterStore
from inspect_tui.stores import is_office_url, office_driver, open_office, redact


class OfficeRefused(Exception):
    """An office operation refused before it changed anything; the message says why, in the user's language."""


def _office_url(url: str) -> str:
    if not is_office_url(url):
        raise OfficeRefused(t("office.not_a_url", url=redact(url)))
    return url


def init_office(url: str) -> tuple[int, int]:
    """Create the register's schema at ``url``, or bring it up to this program's version (a newer one is
    refused: ``SchemaTooNew``); returns the version and how many migrations were applied now."""
    with office_driver(_office_url(url)):
        from inspect_tui.office.connect import connect  # the office extra: only when an office command runs
        from inspect_tui.office.migrate import migrate, recorded

        with connect(url) as conn:
            applied = migrate(conn)
            return recorded(conn), len(applied)


def move_into(source: RegisterStore, target: RegisterStore, *, progress: Progress | None = None) -> CopyReport:
    """Copy ``source``'s register into the empty ``target`` and check it, in one transaction of the target:
    a non-empty target (``CopyRefused``) or a difference (``CopyMismatch``) leaves the target as it was."""
    with target.transaction():
        found = occupied(target)
        if found:
            raise CopyRefused(found)
        report = copy_register(source, target, progress=progress)
        verify_copy(source, target)
    return report


def _refuse_unless_store(folder: Path) -> None:
    if not (folder / "meta.json").is_file():
        raise OfficeRefused(t("office.not_a_store", path=str(folder)))


def import_store(folder: Path, url: str, *, data_dir: Path, progress: Progress | None = None) -> CopyReport:
    """Copy the file store in ``folder`` into the office register at ``url`` (which must hold none yet), verified.

    The laptop's store is only read (close the app on it first: a change made during the copy
    makes the check fail, and nothing is kept).
    """
    _refuse_unless_store(folder)
    with Store.open(folder, writer=False) as source, open_office(_office_url(url), data_dir) as target:
        return move_into(source, target, progress=progress)


def _refuse_unless_empty(folder: Path) -> None:
    if folder.is_symlink() or (folder.exists() and (not folder.is_dir() or any(folder.iterdir()))):
        raise OfficeRefused(t("office.folder_not_empty", path=str(folder)))


def copy_into_folder(source: RegisterStore, folder: Path, *, progress: Progress | None = None) -> CopyReport:
    """Copy ``source``'s register into a new file store at ``folder`` (absent or empty), verified.

    The copy is made in a hidden folder beside it and renamed into place once checked, so ``folder``
    never holds half a register; on any failure the hidden folder goes and ``folder`` is as it was.
    """
    folder = folder.absolute()
    _refuse_unless_empty(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    partial = Path(tempfile.mkdtemp(prefix=f".{folder.name}.partial-", dir=folder.parent))  # 0700
    try:
        with Store.open(partial) as target:
            report = copy_register(source, target, progress=progress)
            verify_copy(source, target)
        _refuse_unless_empty(folder)  # nothing appeared there while we copied
        if folder.exists():
            folder.rmdir()
        os.replace(partial, folder)
        fsync_dir(folder.parent)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return report


def export_store(url: str, folder: Path, *, data_dir: Path, progress: Progress | None = None) -> CopyReport:
    """Copy the office register at ``url`` into a new file store at ``folder``, verified."""
    _refuse_unless_empty(folder)  # before the server is asked anything
    with open_office(_office_url(url), data_dir, writer=False) as source:
        return copy_into_folder(source, folder, progress=progress)


def start_demo_server(folder: Path) -> tuple[server.LocalServer, int]:
    """Start (creating it the first time) a local server in ``folder`` and give its database the register's
    schema; returns the server and the schema's version."""
    try:
        started = server.start(folder)
    except server.ServerError as exc:
        raise OfficeRefused(t("office.server_failed", path=str(folder), detail=str(exc))) from None
    return started, init_office(started.url)[0]


def stop_demo_server(folder: Path) -> None:
    if not (folder / "data" / "postmaster.pid").exists():
        raise OfficeRefused(t("office.server_not_running", path=str(folder)))
    try:
        server.stop(folder)
    except server.ServerError as exc:
        raise OfficeRefused(t("office.server_failed", path=str(folder), detail=str(exc))) from None
