"""Two copies of one inspection side by side, and a person's choice between them.

An import keeps the copy that lost a merge aside (``sync.conflicts``); here a person
decides. Taking the copy is an edit like any other: each header field and finding
field it changes becomes a history entry, then one ``conflict`` entry names the copy
(by its content sha256) and the choice, so the current copy's own values stay in the
history as the ``old`` side. Keeping the current copy records only that entry. A signed
inspection is never changed, on either side of the choice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from inspect_tui.domain.inspection import (
    FINDING_FIELDS,
    HEADER_FIELDS,
    Finding,
    HistoryEntry,
    Inspection,
    InspectionLocked,
    Status,
    _json,
)

#: the history field that records a person's choice between two copies
CONFLICT_FIELD = "conflict"


class Keep(StrEnum):
    """Which copy stands after the choice."""

    CURRENT = "current"
    COPY = "copy"


class ChecklistDiffers(ValueError):
    """The copies pin different checklists: the copy's answers do not belong to the current one's items."""


@dataclass(frozen=True)
class ItemDifference:
    """One checklist item whose finding differs between the current inspection and the copy."""

    item_id: str
    current: Finding
    copy: Finding

    @property
    def fields(self) -> list[str]:
        """The finding's fields that differ, in the order a finding lists them."""
        return [name for name in FINDING_FIELDS if getattr(self.current, name) != getattr(self.copy, name)]


def item_differences(current: Inspection, copy: Inspection) -> list[ItemDifference]:
    """The items whose findings differ, in the current checklist's order (items only one copy has are left out)."""
    return [
        ItemDifference(item.id, current.findings[item.id], copy.findings[item.id])
        for item in current.checklist.items
        if item.id in copy.findings and current.findings[item.id] != copy.findings[item.id]
    ]


def header_differences(current: Inspection, copy: Inspection) -> list[str]:
    """The header fields (number, dates, inspectors, basis, conclusion…) that differ, sorted by name."""
    return [name for name in sorted(HEADER_FIELDS) if getattr(current, name) != getattr(copy, name)]


def _choice(copy: Inspection, keep: Keep, now: datetime) -> HistoryEntry:
    return HistoryEntry(at=now, field=CONFLICT_FIELD, old=copy.content_hash(), new=keep.value)


def keep_current(current: Inspection, copy: Inspection, now: datetime) -> Inspection | None:
    """The current inspection with the choice recorded in its history; None when it is signed (never changed)."""
    if current.status is Status.SIGNED:
        return None
    data = current.model_dump()
    data.update(history=[*current.history, _choice(copy, Keep.CURRENT, now)], updated_at=max(now, current.updated_at))
    return Inspection.model_validate(data)


def take_copy(current: Inspection, copy: Inspection, now: datetime) -> Inspection:
    """The current inspection with the copy's header and findings, every change in its history.

    ``InspectionLocked`` when either copy is signed; ``ChecklistDiffers`` when they pin
    different checklists. The whole result is validated once, so dates and deadlines are
    checked together (one at a time, a later end date could refuse a later deadline).
    """
    if current.status is Status.SIGNED or copy.status is Status.SIGNED:
        raise InspectionLocked(f"inspection {current.number} or its conflict copy is signed: a signed inspection is never overwritten")
    if current.checklist_sha256 != copy.checklist_sha256:
        raise ChecklistDiffers(f"the conflict copy of {current.number} pins another checklist")
    header = header_differences(current, copy)
    entries = [HistoryEntry(at=now, field=name, old=_json(getattr(current, name)), new=_json(getattr(copy, name))) for name in header]
    findings = dict(current.findings)
    for difference in item_differences(current, copy):
        entries += [
            HistoryEntry(
                at=now,
                field=f"findings.{difference.item_id}.{name}",
                old=_json(getattr(difference.current, name)),
                new=_json(getattr(difference.copy, name)),
            )
            for name in difference.fields
        ]
        findings[difference.item_id] = difference.copy
    status = current.status
    if entries and status is Status.COMPLETED:  # changed content is reviewed again, as after any edit
        entries.append(HistoryEntry(at=now, field="status", old=status.value, new=Status.DRAFT.value))
        status = Status.DRAFT
    entries.append(_choice(copy, Keep.COPY, now))
    data = current.model_dump()
    data.update(copy.model_dump(include=set(header)))
    data.update(
        findings={item_id: finding.model_dump() for item_id, finding in findings.items()},
        status=status,
        history=[*current.history, *(e.model_dump() for e in entries)],
        updated_at=max(now, current.updated_at),
    )
    return Inspection.model_validate(data)
