"""The merge rules for what a council shares beyond inspections: its year plans and its settings.

Neither carries a marker of when it was changed, so neither is ever replaced by an import: what the
office has stands. A plan entry or a setting the office lacks is added (a plan year it has no plan
for, an entry of another enterprise or period, a setting left blank); an entry or a setting the
bundle gives differently is a conflict, reported for a person to settle in the app.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from inspect_tui.domain.plan import PlanEntry, YearPlan
from inspect_tui.domain.settings import CouncilSettings


class PlanReason(StrEnum):
    """What became of an incoming plan entry (catalog ``sync.plan_reason.<value>``)."""

    ADDED = "added"
    DIFFERS = "differs"  # the same entry (id) reads otherwise at the office: the office's stands
    PERIOD_TAKEN = "period_taken"  # the office plans that enterprise for that period in another entry
    OTHER_COUNCIL = "other_council"  # another council's plan, which a laptop's store (its own council's plans) does not keep


@dataclass(frozen=True)
class PlanChange:
    """An incoming entry that was added or met a conflict; ``kept`` is the office's entry it met."""

    reason: PlanReason
    incoming: PlanEntry
    kept: PlanEntry | None = None


@dataclass
class PlanMerge:
    """A year's plan after merging an incoming one into it, and what the merge did."""

    entries: list[PlanEntry]
    changes: list[PlanChange] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(c.reason is PlanReason.ADDED for c in self.changes)


def merge_plan(current: list[PlanEntry], incoming: YearPlan) -> PlanMerge:
    """``incoming`` merged by id into the office's entries of its year: entries are only ever added.

    An entry is added when its id and its enterprise-and-period are both new to the office (the same
    plan entered at both places has the same ids, see ``plan.entry_id``); the office's entries are all kept.
    """
    by_id = {e.id: e for e in current}
    by_key = {e.key(): e for e in current}
    merge = PlanMerge(list(current))
    for entry in incoming.entries:
        known = by_id.get(entry.id)
        if known is not None:
            if known != entry:
                merge.changes.append(PlanChange(PlanReason.DIFFERS, entry, known))
            continue
        taken = by_key.get(entry.key())
        if taken is not None:
            merge.changes.append(PlanChange(PlanReason.PERIOD_TAKEN, entry, taken))
            continue
        merge.entries.append(entry)
        by_id[entry.id] = by_key[entry.key()] = entry
        merge.changes.append(PlanChange(PlanReason.ADDED, entry))
    return merge


@dataclass(frozen=True)
class SettingChange:
    """A council setting the bundle gives: ``filled`` into a blank one, or differing from the office's (kept)."""

    name: str
    kept: Any
    incoming: Any
    filled: bool


def merge_settings(current: CouncilSettings, incoming: CouncilSettings) -> tuple[dict[str, Any], list[SettingChange]]:
    """The changes that fill the office's blank settings from ``incoming``, and every setting the bundle gives differently.

    A blank incoming setting says nothing and changes nothing.
    """
    changes: dict[str, Any] = {}
    found: list[SettingChange] = []
    for name in CouncilSettings.model_fields:
        ours, theirs = getattr(current, name), getattr(incoming, name)
        if incoming.unset(name) or ours == theirs:
            continue
        filled = current.unset(name)
        if filled:
            changes[name] = theirs
        found.append(SettingChange(name, ours, theirs, filled))
    return changes, found
