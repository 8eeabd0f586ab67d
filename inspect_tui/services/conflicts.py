"""Choosing between an inspection and a conflict copy an import kept aside (``inspections resolve``, the conflict viewer).

The choice and the changes it makes are saved in one transaction: the current inspection
(its history records the choice) and the copy's file (it records the choice and stays,
as evidence), so a crash leaves both or neither.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from inspect_tui.domain.conflict import ChecklistDiffers, Keep, keep_current, take_copy
from inspect_tui.domain.inspection import Inspection, Status
from inspect_tui.i18n import t
from inspect_tui.services.inspections import utcnow
from inspect_tui.store_protocol import RegisterStore

if TYPE_CHECKING:  # loading sync loads cryptography, which the home screen never needs (services load with it)
    from inspect_tui.sync.conflicts import ConflictCopy


class ConflictRefused(Exception):
    """The choice cannot be made; ``code`` is a catalog key under ``conflict.refused``."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Resolved:
    """The inspection after the choice; ``recorded`` is False when it is signed and so was left as it was."""

    inspection: Inspection
    kept: Keep
    recorded: bool

    @property
    def text(self) -> str:
        """What the choice did, in the officer's words (the CLI and the conflict viewer say the same)."""
        kept = "signed" if not self.recorded else self.kept.value
        return t(f"conflict.kept_{kept}", number=self.inspection.number)


def open_conflicts(store: RegisterStore, inspection_id: UUID | None = None) -> list[ConflictCopy]:
    """The conflict copies still waiting for a choice (of one inspection, or all), oldest first; ``N`` counts from 1."""
    from inspect_tui.sync.conflicts import list_conflicts

    return [c for c in list_conflicts(store) if inspection_id is None or c.inspection.id == inspection_id]


def resolve_conflict(store: RegisterStore, inspection_id: UUID, number: int, keep: Keep, *, now: datetime | None = None) -> Resolved:
    """Let copy ``number`` (1-based, of ``open_conflicts(store, inspection_id)``) or the current inspection stand.

    A signed inspection is never overwritten: taking a copy over a signed one (or a signed copy)
    is refused, and keeping a signed one records the choice in the copy's file only.
    """
    from inspect_tui.sync.conflicts import Resolution, mark_resolved

    copies = open_conflicts(store, inspection_id)
    if not 1 <= number <= len(copies):
        raise ConflictRefused("no_copy", number=number, count=len(copies))
    copy = copies[number - 1]
    current = store.get_inspection(inspection_id)
    now = now or utcnow()
    if keep is Keep.COPY:
        if current.status is Status.SIGNED:
            raise ConflictRefused("signed_current", number=current.number)
        if copy.inspection.status is Status.SIGNED:
            raise ConflictRefused("signed_copy", number=current.number)
        try:
            updated: Inspection | None = take_copy(current, copy.inspection, now)
        except ChecklistDiffers:
            raise ConflictRefused("checklist_differs", number=current.number) from None
    else:
        updated = keep_current(current, copy.inspection, now)
    with store.transaction():
        if updated is not None:
            store.save_inspection(updated)
        mark_resolved(store, copy, Resolution(at=now, kept=keep))
    return Resolved(updated or current, keep, recorded=updated is not None)
