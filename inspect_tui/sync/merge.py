"""The merge rules: what happens when an incoming copy of an inspection meets the current one.

Histories decide first: every change is an entry in an inspection's history, so a
copy whose history is a prefix of the other's is simply an earlier state of it
(nothing in it is lost by keeping the later one). Copies that diverged from a
common base are a real conflict: signed beats draft, the later ``updated_at``
beats the earlier among drafts (the greater content hash on a tie, so the result does
not depend on the order of import), and the losing copy is always kept aside.
A signed inspection that is current is never replaced.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from inspect_tui.domain.actions import PastRemedy, Remedy, RemedyRecord, compact_history, recency
from inspect_tui.domain.inspection import Inspection, Status
from inspect_tui.domain.revalidate import revalidate


class Reason(StrEnum):
    """Why an incoming copy was added, taken, skipped or kept aside (catalog ``sync.reason.<value>``)."""

    NEW = "new"
    SAME = "same"
    OLDER = "older"
    NEWER = "newer"
    ALREADY_KEPT = "already_kept"
    DRAFTS_DIVERGED = "drafts_diverged"
    SIGNED_OVER_DRAFT = "signed_over_draft"
    DRAFT_VS_SIGNED = "draft_vs_signed"
    SIGNED_DIFFERS = "signed_differs"
    OBJECTIONS_ADDED = "objections_added"
    OBJECTIONS_DIVERGED = "objections_diverged"


class Aside(StrEnum):
    """Which copy is kept aside as a conflict copy."""

    NONE = "none"
    INCOMING = "incoming"
    CURRENT = "current"


@dataclass(frozen=True)
class Decision:
    reason: Reason
    incoming_wins: bool
    aside: Aside = Aside.NONE


def _earlier_state(a: Inspection, b: Inspection) -> bool:
    """True when ``a`` is an earlier state of ``b``: its history is a proper prefix of ``b``'s."""
    return len(a.history) < len(b.history) and b.history[: len(a.history)] == a.history


def _recency(inspection: Inspection) -> tuple[datetime, str]:
    """Later ``updated_at`` wins; on a tie the content hash decides, so the import order does not."""
    return inspection.updated_at, inspection.content_hash()


def _same_content(current: Inspection, incoming: Inspection) -> Decision:
    """Same signed content: objections attached after signing (``addenda``) are only ever appended."""
    mine, theirs = current.addenda, incoming.addenda
    if theirs[: len(mine)] == mine and len(theirs) > len(mine):
        return Decision(Reason.OBJECTIONS_ADDED, incoming_wins=True)
    if mine[: len(theirs)] == theirs:
        return Decision(Reason.SAME, incoming_wins=False)
    # objections attached on two computers: keep ours, set theirs aside, so none is lost
    return Decision(Reason.OBJECTIONS_DIVERGED, incoming_wins=False, aside=Aside.INCOMING)


def decide(current: Inspection | None, incoming: Inspection) -> Decision:
    """Apply the merge rules to one inspection id."""
    if current is None:
        return Decision(Reason.NEW, incoming_wins=True)
    if current.content_hash() == incoming.content_hash():
        return _same_content(current, incoming)
    current_signed = current.status is Status.SIGNED
    incoming_signed = incoming.status is Status.SIGNED
    if _earlier_state(incoming, current) and (current_signed or not incoming_signed):
        return Decision(Reason.OLDER, incoming_wins=False)
    if _earlier_state(current, incoming) and not current_signed:
        return Decision(Reason.NEWER, incoming_wins=True)
    if current_signed:
        reason = Reason.SIGNED_DIFFERS if incoming_signed else Reason.DRAFT_VS_SIGNED
        return Decision(reason, incoming_wins=False, aside=Aside.INCOMING)
    if incoming_signed:
        return Decision(Reason.SIGNED_OVER_DRAFT, incoming_wins=True, aside=Aside.CURRENT)
    if _recency(incoming) > _recency(current):
        return Decision(Reason.DRAFTS_DIVERGED, incoming_wins=True, aside=Aside.CURRENT)
    return Decision(Reason.DRAFTS_DIVERGED, incoming_wins=False, aside=Aside.INCOMING)


class RemedyReason(StrEnum):
    """What became of an incoming remedy record (catalog ``sync.remedy_reason.<value>``)."""

    NEW = "new"
    SAME = "same"
    OLDER = "older"
    NEWER = "newer"
    HISTORY = "history"  # the same current remedy; the incoming copy knew earlier versions this one lacked
    DIVERGED = "diverged"  # recorded differently on two laptops: the later is current, the other kept as a conflict copy


def merge_remedy(current: RemedyRecord | None, incoming: RemedyRecord) -> tuple[RemedyRecord, RemedyReason]:
    """The remedy record after merging ``incoming`` into ``current``: no version of either is lost.

    As with drafts: a copy whose current remedy the other already has in its history is an
    earlier state; copies that diverged keep the later ``recorded_at`` (the greater digest on a
    tie, so the import order does not matter) and keep the other in the history, marked as a
    conflict copy.
    """
    if current is None:
        return incoming, RemedyReason.NEW
    mine = {v.digest() for v in current.versions()}
    theirs = {v.digest() for v in incoming.versions()}
    conflict_copy: Remedy | None = None
    if incoming.remedy.digest() in mine:
        winner = current.remedy
        reason = RemedyReason.SAME if incoming.remedy == current.remedy else RemedyReason.OLDER
    elif current.remedy.digest() in theirs:
        winner, reason = incoming.remedy, RemedyReason.NEWER
    else:
        winner, conflict_copy = sorted((current.remedy, incoming.remedy), key=recency, reverse=True)
        reason = RemedyReason.DIVERGED
    versions: dict[str, PastRemedy] = {}
    for version in (*current.history, *incoming.history, current.remedy, incoming.remedy):
        digest = version.digest()
        flagged = isinstance(version, PastRemedy) and version.conflict or version is conflict_copy
        known = versions.get(digest)
        if known is None or (flagged and not known.conflict):
            versions[digest] = PastRemedy.model_validate({**version.model_dump(exclude={"conflict"}), "conflict": flagged})
    versions.pop(winner.digest(), None)
    # versions from two laptops: compacted to the bound again (what either had dropped stays counted)
    history, dropped = compact_history(sorted(versions.values(), key=recency))
    merged = revalidate(current, remedy=winner, history=history, dropped=max(current.dropped, incoming.dropped) + dropped)
    if (merged.remedy, merged.history) == (current.remedy, current.history) and reason is not RemedyReason.DIVERGED:
        return current, reason
    if reason in (RemedyReason.SAME, RemedyReason.OLDER):
        reason = RemedyReason.HISTORY
    return merged, reason
