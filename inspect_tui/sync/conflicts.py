"""Conflict copies: the copies of an inspection that lost a merge, kept for a person to decide.

Each is a file ``conflicts/<inspection id>/<content sha256>.json`` under the data
dir, written inside the import's transaction. The name makes keeping the same copy
twice a no-op, so importing a bundle again changes nothing.
"""

from __future__ import annotations

from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from inspect_tui.domain.bounds import Moment
from inspect_tui.domain.inspection import Inspection
from inspect_tui.store import Store, StoreCorrupt
from inspect_tui.sync.merge import Reason

CONFLICTS_DIR = "conflicts"


class ConflictCopy(BaseModel):
    """A kept-aside copy: which inspection, why, where it came from, and the copy itself."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    reason: Reason
    kept_at: Moment
    from_store: bool = Field(description="true when the store's own copy was set aside for an incoming one")
    file: str = Field(description="the bundle the copy came from; for the store's own copy, the bundle that replaced it")
    installation_id: UUID
    installation_name: str = Field(max_length=200)
    inspection: Inspection

    @property
    def sha256(self) -> str:
        return self.inspection.content_hash()


def conflict_path(inspection_id: UUID, sha256: str) -> str:
    """The copy's file, relative to the data dir."""
    return f"{CONFLICTS_DIR}/{inspection_id}/{sha256}.json"


def is_kept(store: Store, inspection_id: UUID, sha256: str) -> bool:
    return store.read_file(conflict_path(inspection_id, sha256)) is not None


def keep(store: Store, copy: ConflictCopy) -> str:
    """Write a conflict copy (in the store's open transaction); returns its relative path."""
    relative = conflict_path(copy.inspection.id, copy.sha256)
    store.write_file(relative, copy.model_dump_json(indent=1).encode("utf-8"))
    return relative


def list_conflicts(store: Store) -> list[ConflictCopy]:
    """Every kept-aside copy, oldest first, for the conflicts view."""
    folder = store.data_dir / CONFLICTS_DIR
    copies = []
    for path in sorted(folder.glob("*/*.json")) if folder.is_dir() else []:
        raw = store.read_file(path.relative_to(store.data_dir).as_posix())
        if raw is None:
            continue
        try:
            copies.append(ConflictCopy.model_validate_json(raw))
        except ValidationError as exc:
            raise StoreCorrupt(path, None, f"{exc.error_count()} invalid value(s)") from None
    return sorted(copies, key=lambda c: (c.kept_at, c.inspection.number))

