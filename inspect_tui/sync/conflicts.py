"""Conflict copies: the copies of an inspection that lost a merge, kept for a person to decide.

Each is a file ``conflicts/<inspection id>/<content sha256>.json`` under the data
dir, written inside the import's transaction. The name makes keeping the same copy
twice a no-op, so importing a bundle again changes nothing. When a person has chosen
which copy stands, the file stays (it is evidence) and records the choice (``resolved``).
"""

from __future__ import annotations

from pathlib import PurePath
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from inspect_tui.domain.bounds import Moment
from inspect_tui.domain.conflict import Keep
from inspect_tui.domain.inspection import Inspection
from inspect_tui.i18n import t
from inspect_tui.store import StoreCorrupt
from inspect_tui.store_protocol import RegisterStore
from inspect_tui.sync.merge import Reason

CONFLICTS_DIR = "conflicts"


class Resolution(BaseModel):
    """Which copy a person chose to stand, and when."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    at: Moment
    kept: Keep


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
    resolved: Resolution | None = Field(None, description="the person's choice; None while the copy waits for one")

    @property
    def source(self) -> str:
        """Where the copy came from, as the officer knows it: this store, or a laptop and its bundle file."""
        return t("tui.sync.from_store") if self.from_store else f"{self.installation_name} · {PurePath(self.file).name}"

    @property
    def sha256(self) -> str:
        return self.inspection.content_hash()


def conflict_path(inspection_id: UUID, sha256: str) -> str:
    """The copy's file, relative to the data dir."""
    return f"{CONFLICTS_DIR}/{inspection_id}/{sha256}.json"


def is_kept(store: RegisterStore, inspection_id: UUID, sha256: str) -> bool:
    return store.read_file(conflict_path(inspection_id, sha256)) is not None


def keep(store: RegisterStore, copy: ConflictCopy) -> str:
    """Write a conflict copy (in the store's open transaction); returns its relative path."""
    relative = conflict_path(copy.inspection.id, copy.sha256)
    store.write_file(relative, copy.model_dump_json(indent=1).encode("utf-8"))
    return relative


def mark_resolved(store: RegisterStore, copy: ConflictCopy, resolution: Resolution) -> None:
    """Record the choice in the copy's file (in the store's open transaction); the copy itself stays."""
    data = copy.model_dump()
    data["resolved"] = resolution.model_dump()
    keep(store, ConflictCopy.model_validate(data))


def list_conflicts(store: RegisterStore, *, resolved: bool = False) -> list[ConflictCopy]:
    """The kept-aside copies still waiting for a choice (``resolved``: every one), oldest first."""
    copies = []
    for relative in store.list_files(CONFLICTS_DIR):
        raw = store.read_file(relative) if relative.endswith(".json") else None
        if raw is None:
            continue
        try:
            copy = ConflictCopy.model_validate_json(raw)
        except ValidationError as exc:
            raise StoreCorrupt(store.data_dir / relative, None, f"{exc.error_count()} invalid value(s)") from None
        if resolved or copy.resolved is None:
            copies.append(copy)
    return sorted(copies, key=lambda c: (c.kept_at, c.inspection.number))

