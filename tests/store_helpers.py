"""Helpers shared by the store's fault tests: the store's visible state, and its consistency."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from factories import T0

from inspect_tui.domain.inspection import Inspection
from inspect_tui.domain.summary import InspectionSummary
from inspect_tui.store import Store, atomic
from inspect_tui.store_protocol import RegisterStore

LATER = T0 + timedelta(hours=1)


class Crash(BaseException):
    """The process dies at this instant (raised past every ``except Exception``)."""


def dying_replace(after: int) -> Callable[..., None]:
    """A stand-in for ``atomic.replace`` that moves ``after`` files into place, then dies (``Crash``)."""
    real = atomic.replace
    moved = 0

    def replace(tmp: Path, final: Path, **kw: bool) -> None:
        nonlocal moved
        if moved == after:
            raise Crash
        moved += 1
        real(tmp, final, **kw)

    return replace


def store_bytes(data_dir: Path) -> dict[str, bytes]:
    """Every regular file of a data dir but the lock's, by relative path: «exactly this state»."""
    return {
        p.relative_to(data_dir).as_posix(): p.read_bytes()
        for p in sorted(data_dir.rglob("*"))
        if p.is_file() and not p.name.startswith(".lock")
    }


def loose_modes(root: Path) -> list[str]:
    """Files and folders under ``root`` (itself included) that group or others may access."""
    paths = [root, *root.rglob("*")]
    return [f"{p} {stat.S_IMODE(os.lstat(p).st_mode):o}" for p in paths if stat.S_IMODE(os.lstat(p).st_mode) & 0o077]


def assert_consistent(store: RegisterStore) -> list[Inspection]:
    """Summaries equal to the inspections (and on the file store, the index equal to the files, every file
    whole); returns the inspections."""
    inspections = [store.get_inspection(i) for i in store.inspection_ids()]
    if isinstance(store, Store):
        assert store.index_differences(inspections) == []  # first: listing in a writer would repair the shards
    by_id = {s.id: s for s in store.list_summaries()}
    assert by_id == {i.id: InspectionSummary.of(i) for i in inspections}
    return inspections
