"""``import_bundles``: check every file, plan the merge, then write it all in one transaction.

Nothing is written unless every file is valid: the files are read and checked
first (the merge is planned along the way, from the store as it is), and only
then are the planned writes made; all of it inside one ``store.transaction()``,
so a crash leaves all of them or none, and no other writer lands in between.
"""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from uuid import UUID

from inspect_tui.bulk import bulk_validation
from inspect_tui.domain.actions import RemedyRecord, remedy_problem
from inspect_tui.domain.enterprise import Enterprise
from inspect_tui.domain.inspection import Inspection
from inspect_tui.domain.numbering import NumberHolder, find_conflicts, proposals
from inspect_tui.domain.plan import MAX_ENTRIES, PlanEntry
from inspect_tui.domain.revalidate import revalidate
from inspect_tui.domain.settings import Settings
from inspect_tui.i18n import t
from inspect_tui.store_protocol import RegisterStore
from inspect_tui.sync.conflicts import ConflictCopy, conflict_path, is_kept, keep
from inspect_tui.sync.council import PlanChange, PlanReason, merge_plan, merge_settings
from inspect_tui.sync.merge import Aside, Reason, decide, merge_remedy
from inspect_tui.sync.problems import BundleProblem, BundleRejected
from inspect_tui.sync.reader import DEFAULT_MAX_BYTES, InspectionEntry, ParsedBundle, path_problems, read_bundle
from inspect_tui.sync.report import EnterpriseDifference, ImportReport, Outcome, PlanOutcome, RemedyOutcome, SettingOutcome

Source = tuple[ParsedBundle, InspectionEntry] | None  # None: the store's own copy


@dataclass(frozen=True)
class _Aside:
    inspection_id: UUID
    sha256: str
    reason: Reason
    source: Source
    merging: ParsedBundle  # the bundle whose inspection met this copy


@dataclass
class _Plan:
    """The merge so far: which copy is current for each incoming id, and what to keep aside."""

    store: RegisterStore
    current: dict[UUID, tuple[ParsedBundle, InspectionEntry]] = field(default_factory=dict)
    asides: dict[tuple[UUID, str], _Aside] = field(default_factory=dict)
    outcomes: list[Outcome] = field(default_factory=list)
    holders: dict[UUID, NumberHolder] = field(default_factory=dict)  # the numbers of the copies that become current

    def _current(self, inspection_id: UUID) -> tuple[Inspection | None, Source]:
        planned = self.current.get(inspection_id)
        if planned is not None:
            return planned[0].inspection(planned[1]), planned
        if self.store.has_inspection(inspection_id):
            return self.store.get_inspection(inspection_id), None
        return None, None

    def visit(self, bundle: ParsedBundle, entry: InspectionEntry, incoming: Inspection) -> None:
        current, current_source = self._current(entry.id)
        decision = decide(current, incoming)
        kept = ""
        reason = decision.reason
        if decision.aside is not Aside.NONE:
            loser = incoming if decision.aside is Aside.INCOMING else current
            assert loser is not None
            sha = loser.content_hash()
            key = (entry.id, sha)
            if key not in self.asides and not is_kept(self.store, entry.id, sha):
                source = (bundle, entry) if decision.aside is Aside.INCOMING else current_source
                self.asides[key] = _Aside(entry.id, sha, decision.reason, source, bundle)
            if decision.aside is Aside.INCOMING and key not in self.asides:
                reason = Reason.ALREADY_KEPT  # kept aside by an earlier import: nothing new
            else:
                kept = conflict_path(entry.id, sha)
        if decision.incoming_wins:
            self.current[entry.id] = (bundle, entry)
            self.holders[entry.id] = NumberHolder.of(incoming)
        self.outcomes.append(
            Outcome(entry.id, entry.number, entry.enterprise, bundle.path, reason, decision.incoming_wins, kept)
        )


def refuse_unusable(paths: list[Path], max_bytes: int = DEFAULT_MAX_BYTES, passphrase: str | None = None) -> None:
    """``BundleRejected`` when a path cannot be a bundle (missing, a FIFO, a device, too big).

    Meant to run before the store is opened: a FIFO would otherwise block while holding
    the store's lock. The other files are checked too (they need no store), so the
    refusal lists every problem as an import would.
    """
    if not path_problems(paths, max_bytes):
        return
    bundles = [read_bundle(Path(p), max_bytes=max_bytes, passphrase=passphrase) for p in paths]
    _refuse_if_any(bundles, [])


def _refuse_if_any(bundles: list[ParsedBundle], extra: list[BundleProblem]) -> None:
    problems = [p for b in bundles for p in b.problems] + extra
    more = sum(b.more_problems for b in bundles)
    if problems or more:
        raise BundleRejected(problems, more, [b.path for b in bundles if b.stopped])


def import_bundles(
    store: RegisterStore, paths: list[Path], *, dry_run: bool = False, max_bytes: int = DEFAULT_MAX_BYTES, passphrase: str | None = None
) -> ImportReport:
    """Merge-import bundle files (sealed ones open with ``passphrase``); ``BundleRejected``
    (nothing written) if any of them is invalid.

    The merge is planned from the store as it is and written in one transaction that also holds the
    planning: no other writer (an officer of the same office register) lands between what the plan read and
    what it writes, so none of their writes is replaced by a merge made without it.
    """
    with nullcontext() if dry_run else store.transaction():
        return _import(store, paths, dry_run=dry_run, max_bytes=max_bytes, passphrase=passphrase)


def _import(store: RegisterStore, paths: list[Path], *, dry_run: bool, max_bytes: int, passphrase: str | None) -> ImportReport:
    plan = _Plan(store)
    with bulk_validation():
        bundles = [read_bundle(Path(p), max_bytes=max_bytes, visit=plan.visit, passphrase=passphrase) for p in paths]
    _refuse_if_any(bundles, _dangling_revisions(store, bundles))
    report = ImportReport(files=[b.path for b in bundles], dry_run=dry_run)
    remedies = _plan_remedies(store, bundles, plan, report)
    _refuse_if_any(bundles, remedies.problems)
    for outcome in plan.outcomes:
        report.record(outcome)
    _number_conflicts(store, plan, report)
    enterprises = _plan_enterprises(store, bundles, report)
    council = _plan_council(store, bundles, report)
    _refuse_if_any(bundles, council.problems)
    evidence = _plan_evidence(store, bundles, report)
    if not dry_run:
        with bulk_validation():  # inside the transaction import_bundles holds
            _apply(store, plan, enterprises, evidence)
            if council.settings is not None:  # first: a plan of the store's own council (None) is of these settings' council
                store.save_settings(council.settings)
            for (name, year), entries in council.plans.items():
                store.save_plan(year, entries, name)
            for record in remedies.records.values():
                store.save_remedy(record)
    return report


@dataclass
class _Remedies:
    records: dict[tuple[UUID, str], RemedyRecord] = field(default_factory=dict)  # the merged records to write
    problems: list[BundleProblem] = field(default_factory=list)


def _action_facts(store: RegisterStore, plan: _Plan, inspection_id: UUID) -> tuple[date | None, frozenset[str]]:
    """(signed on, items answered «Ні») of the inspection that will be current after the import."""
    planned = plan.current.get(inspection_id)
    if planned is not None:
        return planned[1].signed_on, planned[1].noes
    if store.has_inspection(inspection_id):
        inspection = store.get_inspection(inspection_id)
        signed_on = inspection.signoff.signed_on if inspection.signoff is not None and inspection.sha256 else None
        return signed_on, frozenset(item.id for item, _ in inspection.noes())
    return None, frozenset()


def _plan_remedies(store: RegisterStore, bundles: list[ParsedBundle], plan: _Plan, report: ImportReport) -> _Remedies:
    """Merge every incoming remedy record into the store's (or an earlier file's) record of its action.

    A record must name an action of a signed inspection that is in the store or arrives in this
    import, and no version may be dated before that signing: the rules the app itself keeps.
    """
    result = _Remedies()
    now = datetime.now(UTC)
    facts: dict[UUID, tuple[date | None, frozenset[str]]] = {}
    for bundle in bundles:
        for entry in bundle.remedies:
            record = entry.record
            if record.inspection_id not in facts:
                facts[record.inspection_id] = _action_facts(store, plan, record.inspection_id)
            signed_on, noes = facts[record.inspection_id]
            problem = remedy_problem(signed_on, noes, record, now)
            if problem is not None:
                number = next((e.number for b in bundles for e in b.inspections if e.id == record.inspection_id), str(record.inspection_id))
                result.problems.append(
                    BundleProblem(bundle.path, entry.json_path, t(f"actions.refused.{problem.value}", number=number, item=record.item_id, signed=signed_on))
                )
                continue
            current = result.records.get(record.key) or store.get_remedy(*record.key)
            merged, reason = merge_remedy(current, record)  # compacted to the bound: never too many versions
            if merged is not current:
                result.records[record.key] = merged
            report.remedies.append(RemedyOutcome(record.inspection_id, record.item_id, bundle.path, reason))
    return result


def _number_conflicts(store: RegisterStore, plan: _Plan, report: ImportReport) -> None:
    """Numbers held by two different inspections once the import is in, where an incoming copy is one of them.

    Both are kept (each is evidence): the report names them with a free number for each unsigned one to take.
    """
    merged = {s.id: NumberHolder.of(s) for s in store.list_summaries()}
    merged.update(plan.holders)
    report.number_conflicts = [c for c in find_conflicts(merged.values()) if any(i in plan.holders for i in c.inspection_ids)]
    report.number_proposals = proposals(report.number_conflicts, merged.values())


def _dangling_revisions(store: RegisterStore, bundles: list[ParsedBundle]) -> list[BundleProblem]:
    """A revision must come with the inspection it supersedes, or find it in the store."""
    incoming = {e.id for b in bundles for e in b.inspections}
    return [
        BundleProblem(b.path, f"{e.json_path}.supersedes", t("sync.dangling_supersedes", id=str(e.supersedes), number=e.number))
        for b in bundles
        for e in b.inspections
        if e.supersedes is not None and e.supersedes not in incoming and not store.has_inspection(e.supersedes)
    ]


def _plan_enterprises(store: RegisterStore, bundles: list[ParsedBundle], report: ImportReport) -> list[Enterprise]:
    """Registry entries to write: those of an unknown ЄДРПОУ, and known ones whose unknown (null) facts a
    bundle knows (an enterprise registered from a plan, completed on a laptop). A fact the store knows
    stays; where the bundle gives it otherwise, the difference is reported."""
    kept = {e.edrpou: e for e in store.list_enterprises()}  # read once: a bundle carries the whole registry
    changed: dict[str, Enterprise] = {}
    for bundle in bundles:
        for _, incoming in bundle.enterprises:
            known = kept.get(incoming.edrpou)
            if known is None:
                report.enterprises_added.append(f"{incoming.short_name} ({incoming.edrpou})")
                known = changed[incoming.edrpou] = incoming
            filled = {name: getattr(incoming, name) for name in known.unknown_facts() if getattr(incoming, name) is not None}
            if filled:
                # through validation, as any change: a bundle's facts met the same rules when it was read
                known = changed[incoming.edrpou] = revalidate(known, **filled)
            kept[incoming.edrpou] = known
            for name in Enterprise.model_fields:
                ours, theirs = getattr(known, name), getattr(incoming, name)
                if name in filled:
                    report.enterprises_filled.append(
                        EnterpriseDifference(known.edrpou, known.short_name, name, None, theirs, bundle.path, filled=True)
                    )
                elif ours != theirs:
                    report.enterprise_differences.append(
                        EnterpriseDifference(known.edrpou, known.short_name, name, ours, theirs, bundle.path)
                    )
    return list(changed.values())


@dataclass
class _Council:
    #: the merged plans of the (council, year)s that change; council None: the store's settings' council
    plans: dict[tuple[str | None, int], list[PlanEntry]] = field(default_factory=dict)
    settings: Settings | None = None  # the merged settings, when any blank one was filled
    problems: list[BundleProblem] = field(default_factory=list)


def _plan_council(store: RegisterStore, bundles: list[ParsedBundle], report: ImportReport) -> _Council:
    """Merge every incoming year plan and the council's settings into the store's (``sync.council``'s rules), file by file.

    A bundle's plans are its council's (the council its settings name; without one, the store's): a region's
    database keeps them under that council, never merged into another council's plan; a store that keeps one
    council's plans (a laptop) leaves another council's out, reported. A merged plan is held to the bound a
    stored plan keeps: over it, the import is refused.
    """
    result = _Council()
    settings = store.get_settings()
    for bundle in bundles:
        incoming_settings = bundle.header.settings if bundle.header is not None else None
        if incoming_settings is not None:
            changes, found = merge_settings(settings, incoming_settings)
            report.settings.extend(SettingOutcome(change, bundle.path) for change in found)
            if changes:
                settings = result.settings = revalidate(settings, **changes)
    for bundle in bundles:
        named = bundle.header.settings.council_name if bundle.header is not None and bundle.header.settings is not None else ""
        council = named if named and named != settings.council_name else None
        for index, incoming in bundle.plans:
            if council is not None and store.one_councils_plans:
                report.plan.extend(PlanOutcome(PlanChange(PlanReason.OTHER_COUNCIL, entry), bundle.path) for entry in incoming.entries)
                continue
            current = result.plans.get((council, incoming.year))
            merge = merge_plan(store.get_plan(incoming.year, council) if current is None else current, incoming)
            report.plan.extend(PlanOutcome(change, bundle.path) for change in merge.changes)
            if len(merge.entries) > MAX_ENTRIES:
                result.problems.append(
                    BundleProblem(bundle.path, f"plans[{index}]", t("sync.council.plan_too_long", year=incoming.year, count=len(merge.entries), limit=MAX_ENTRIES))
                )
            elif merge.changed:
                result.plans[(council, incoming.year)] = merge.entries
    return result


def _plan_evidence(store: RegisterStore, bundles: list[ParsedBundle], report: ImportReport) -> list[tuple[ParsedBundle, str]]:
    """Attachments the store lacks; references to files neither carried nor stored are reported."""
    wanted: dict[str, ParsedBundle] = {}
    for bundle in bundles:
        for sha in bundle.evidence:
            if sha not in wanted and not store.has_evidence(sha):
                wanted[sha] = bundle
    for bundle in bundles:
        for entry in bundle.inspections:
            for ref in entry.evidence:
                if ref.sha256 not in wanted and not store.has_evidence(ref.sha256):
                    report.evidence_missing.append(f"№ {entry.number}: {ref.filename} ({ref.sha256})")
    report.evidence_added = len(wanted)
    return [(bundle, sha) for sha, bundle in wanted.items()]


def _apply(store: RegisterStore, plan: _Plan, enterprises: list[Enterprise], evidence: list[tuple[ParsedBundle, str]]) -> None:
    if enterprises:
        store.save_enterprises(enterprises)
    for bundle, sha in evidence:
        store.save_evidence(bundle.evidence_bytes(sha))
    now = datetime.now(UTC)
    for aside in plan.asides.values():  # before any save: a store copy set aside is read first
        inspection = store.get_inspection(aside.inspection_id) if aside.source is None else aside.source[0].inspection(aside.source[1])
        origin = aside.merging if aside.source is None else aside.source[0]
        header = origin.header
        assert header is not None
        keep(
            store,
            ConflictCopy(
                reason=aside.reason, kept_at=now, from_store=aside.source is None, file=str(origin.path),
                installation_id=header.installation_id, installation_name=header.installation_name, inspection=inspection,
            ),
        )
    for bundle, entry in plan.current.values():
        store.save_inspection(bundle.inspection(entry))
