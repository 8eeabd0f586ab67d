"""Moving a whole register from one store to another (a laptop's files into the office's PostgreSQL, and
back), verified: what arrived is compared with what was there, kind by kind, before it is kept.

Written over ``RegisterStore`` alone, so the same copy runs between any two backends. What a register
holds: the settings, the registry, the plans, every inspection (each revision is an inspection of its
own), the remedies, the trash of deleted drafts, the import conflict copies (files) and the attachments
the inspections and remedies name. Nothing is derived again from anything else: every model is read
through the source's validation and written through the target's, which checks it as an import would.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from uuid import UUID

from pydantic import BaseModel

from inspect_tui.domain.inspection import Inspection, Status
from inspect_tui.domain.plan import PlanEntry
from inspect_tui.escaping import one_line
from inspect_tui.i18n import t
from inspect_tui.store_protocol import RegisterStore
from inspect_tui.sync.conflicts import CONFLICTS_DIR

Progress = Callable[[int, int], None]

#: the kinds of a register, in the order a report lists them
KINDS = ("settings", "enterprises", "plans", "inspections", "signed", "remedies", "trash", "conflicts", "attachments")
_SHOWN = 10  # inspections named in a message before «and N more»
_BATCH = 200  # inspections written at once: a few statements for all of them instead of ten for each (~5 MB)


class CopyRefused(Exception):
    """The target already holds a register: a copy would mix two, so nothing was written."""

    def __init__(self, found: dict[str, int]) -> None:
        super().__init__(", ".join(f"{kind}: {n}" for kind, n in found.items()))
        self.found = found


class PlanRefused(Exception):
    """A plan would be replaced or lost by the copy (another plan of that council and year in the target, or
    councils' plans the target cannot keep): nothing was written; the message is translated."""


class CopyMismatch(Exception):
    """What arrived differs from what was there (each line names a kind or an inspection): nothing was kept."""

    def __init__(self, differences: list[str]) -> None:
        super().__init__("; ".join(differences))
        self.differences = differences


@dataclass
class Fingerprint:
    """How many of each kind a register holds, a digest of each kind's content, and each inspection's hash."""

    counts: dict[str, int] = field(default_factory=dict)
    digests: dict[str, str] = field(default_factory=dict)
    inspections: dict[UUID, tuple[str, str]] = field(default_factory=dict)  # id → (number, content sha256)
    signed: dict[UUID, str] = field(default_factory=dict)  # id → the sha256 recorded at signing


@dataclass
class CopyReport:
    """What was copied, and the attachments named by an inspection that the source does not have whole."""

    counts: dict[str, int]
    missing_attachments: list[str] = field(default_factory=list)


def _digest(parts: Iterable[bytes]) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(hashlib.sha256(part).digest())
    return h.hexdigest()


def _json(models: Iterable[BaseModel]) -> Iterator[bytes]:
    return (m.model_dump_json().encode("utf-8") for m in models)


def _attachments(inspection: Inspection) -> Iterator[str]:
    for finding in inspection.findings.values():
        yield from (e.sha256 for e in finding.evidence)


def fingerprint(store: RegisterStore) -> Fingerprint:
    """Read the whole register once (inspections one at a time) into counts and digests to compare.

    An attachment counts when its bytes match its hash: one missing or damaged is left out on both
    sides (the copy names it), one the target lost or changed is a difference."""
    found = Fingerprint()
    enterprises = sorted(store.list_enterprises(), key=lambda e: e.edrpou)
    plans = _plans(store)
    remedies = sorted(store.remedy_records(), key=lambda r: (str(r.inspection_id), r.item_id))
    trash = sorted(store.trashed(), key=lambda x: str(x.inspection.id))
    conflicts = store.list_files(CONFLICTS_DIR)
    attachments: set[str] = {e.sha256 for r in remedies for v in r.versions() for e in v.evidence}
    for inspection_id in store.inspection_ids():
        inspection = store.get_inspection(inspection_id)
        found.inspections[inspection_id] = (inspection.number, hashlib.sha256(inspection.model_dump_json().encode("utf-8")).hexdigest())
        if inspection.status is Status.SIGNED and inspection.sha256:
            found.signed[inspection_id] = inspection.sha256
        attachments.update(_attachments(inspection))
    for trashed in trash:
        attachments.update(_attachments(trashed.inspection))
    present = sorted(sha for sha in attachments if _whole(store, sha) is not None)
    found.counts = {
        "settings": 1,
        "enterprises": len(enterprises),
        "plans": sum(len(entries) for _, _, entries in plans),
        "inspections": len(found.inspections),
        "signed": len(found.signed),
        "remedies": len(remedies),
        "trash": len(trash),
        "conflicts": len(conflicts),
        "attachments": len(present),
    }
    found.digests = {
        "settings": _digest(_json([store.get_settings()])),
        "enterprises": _digest(_json(enterprises)),
        "plans": _digest(council.encode() + b"\0%d" % year + b"".join(_json(entries)) for council, year, entries in plans),
        "inspections": _digest(f"{i}:{h}".encode() for i, (_, h) in sorted(found.inspections.items())),
        "signed": _digest(f"{i}:{h}".encode() for i, h in sorted(found.signed.items())),
        "remedies": _digest(_json(remedies)),
        "trash": _digest(_json(trash)),
        "conflicts": _digest(name.encode() + b"\0" + (store.read_file(name) or b"") for name in conflicts),
        "attachments": _digest(sha.encode() for sha in present),
    }
    return found


def _plans(store: RegisterStore) -> list[tuple[str, int, list[PlanEntry]]]:
    """Every council's plan of every year: (council, year, entries), by year and council."""
    return [(council, year, store.get_plan(year, council)) for year in store.plan_years() for council in store.plan_councils(year)]


def differences(source: Fingerprint, target: Fingerprint) -> list[str]:
    """Every way the target's register differs from the source's, one line each, in the user's language."""
    lines = []
    for kind in KINDS:
        if source.counts.get(kind) != target.counts.get(kind):
            lines.append(t("office.differs_count", kind=t(f"office.kind.{kind}"), source=source.counts.get(kind), target=target.counts.get(kind)))
        elif source.digests.get(kind) != target.digests.get(kind):
            lines.append(t("office.differs_content", kind=t(f"office.kind.{kind}")))
    changed = sorted(
        number for i, (number, h) in source.inspections.items() if target.inspections.get(i, ("", ""))[1] != h
    )
    changed_signed = sorted(source.inspections[i][0] for i, h in source.signed.items() if target.signed.get(i) != h)
    for key, numbers in (("office.differs_signed", changed_signed), ("office.differs_inspections", changed)):
        if numbers:
            more = len(numbers) - _SHOWN
            shown = ", ".join(numbers[:_SHOWN]) + (t("office.and_more", count=more) if more > 0 else "")
            lines.append(t(key, count=len(numbers), numbers=shown))
    return lines


def occupied(store: RegisterStore) -> dict[str, int]:
    """What the store already holds of a register (the settings aside): empty when a copy may go into it."""
    found = {
        "enterprises": len(store.list_enterprises()),
        "plans": len(store.plan_years()),
        "inspections": len(store.inspection_ids()),
        "remedies": len(store.remedy_records()),
        "trash": len(store.trashed()),
        "conflicts": len(store.list_files(CONFLICTS_DIR)),
    }
    return {kind: n for kind, n in found.items() if n}


def _whole(store: RegisterStore, sha256: str) -> bytes | None:
    """The attachment's bytes when the store has them as they were attached (they match their hash), else None."""
    data = store.read_evidence(sha256)
    return data if data is not None and hashlib.sha256(data).hexdigest() == sha256 else None


def _copy_attachments(source: RegisterStore, target: RegisterStore, hashes: Iterable[str], report: CopyReport) -> None:
    for sha in hashes:
        if target.has_evidence(sha):
            continue
        data = _whole(source, sha)
        if data is None:  # missing or damaged in the source: named in the report, never copied under another hash
            if sha not in report.missing_attachments:
                report.missing_attachments.append(sha)
            continue
        target.save_evidence(data)


def copy_register(source: RegisterStore, target: RegisterStore, *, progress: Progress | None = None) -> CopyReport:
    """Copy every part of ``source``'s register into ``target`` (which the caller has checked is empty).

    Everything is written in one transaction of the target; a deleted draft is copied as it was made
    (saved, then deleted). ``progress(done, total)`` is called for each inspection (as its batch is written).
    """
    report = CopyReport(counts={})
    ids = source.inspection_ids()
    with target.transaction():
        target.save_settings(source.get_settings())
        enterprises = source.list_enterprises()
        target.save_enterprises(enterprises)
        plans = _copy_plans(source, target)
        signed = 0
        for start in range(0, len(ids), _BATCH):
            batch = [source.get_inspection(i) for i in ids[start : start + _BATCH]]
            for inspection in batch:
                _copy_attachments(source, target, _attachments(inspection), report)
            target.save_inspections(batch)
            signed += sum(i.status is Status.SIGNED for i in batch)
            if progress is not None:
                for done in range(start + 1, start + len(batch) + 1):
                    progress(done, len(ids))
        remedies = source.remedy_records()
        for record in remedies:
            _copy_attachments(source, target, (e.sha256 for v in record.versions() for e in v.evidence), report)
            target.save_remedy(record)
        conflicts = source.list_files(CONFLICTS_DIR)
        for name in conflicts:
            data = source.read_file(name)
            if data is not None:
                target.write_file(name, data)
        trash = source.trashed()
        for trashed in reversed(trash):  # the oldest first, as they were deleted
            _copy_attachments(source, target, _attachments(trashed.inspection), report)
            target.save_inspection(trashed.inspection)
            target.trash_inspection(trashed.inspection.id, trashed.deleted_at)
    report.counts = {
        "enterprises": len(enterprises), "plans": plans, "inspections": len(ids), "signed": signed,
        "remedies": len(remedies), "trash": len(trash), "conflicts": len(conflicts),
    }
    return report


def _copy_plans(source: RegisterStore, target: RegisterStore) -> int:
    """Each council's plans under that council; how many entries. Refused (``PlanRefused``, before any plan is
    written) when the target holds another plan of a council and year, or keeps one council's plans (a laptop:
    its settings', as the source's settings now say) and the source holds other councils' too."""
    plans = _plans(source)
    own = target.get_settings().council_name
    others = sorted({council for council, _, _ in plans if council != own}) if target.one_councils_plans else []
    if others:
        raise PlanRefused(t("office.plans_not_kept", own=one_line(own), councils=", ".join(f"«{one_line(c)}»" for c in others)))
    for council, year, entries in plans:
        if target.get_plan(year, council) not in ([], entries):
            raise PlanRefused(t("office.plan_clash", council=one_line(council), year=year))
    for council, year, entries in plans:
        target.save_plan(year, entries, council)
    return sum(len(entries) for _, _, entries in plans)


def verify_copy(source: RegisterStore, target: RegisterStore) -> Fingerprint:
    """Compare the two registers; ``CopyMismatch`` naming every difference, else the target's fingerprint."""
    arrived = fingerprint(target)
    found = differences(fingerprint(source), arrived)
    if found:
        raise CopyMismatch(found)
    return arrived
