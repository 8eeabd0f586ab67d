"""``export_bundle``: write the chosen inspections, with their revision chains, as a bundle.

Whatever inspections are chosen, the bundle carries the whole registry, every year's plan and the
council's settings: what the office needs to print the same certificates and reports.

Inspections are serialised one at a time (the store is never loaded whole), and the
file is replaced atomically, so a reader never sees half a bundle.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from uuid import UUID

from pydantic import ValidationError

from inspect_tui.domain.enterprise import Enterprise
from inspect_tui.domain.inspection import Inspection, sealed_problems
from inspect_tui.domain.plan import YearPlan
from inspect_tui.domain.summary import InspectionSummary
from inspect_tui.i18n import t
from inspect_tui.i18n.errors import first_reason
from inspect_tui.outputs import check_output, write_output
from inspect_tui.store_protocol import RegisterStore
from inspect_tui.sync.bundle import FORMAT_VERSION, BundleEvidence, BundleHeader
from inspect_tui.sync.sealed import SealError, seal

Progress = Callable[[int, int], None]


class ExportRefused(Exception):
    """The export cannot be made as asked (message in the user's language); nothing was written."""


@dataclass(frozen=True)
class ExportReport:
    path: Path
    inspections: int
    enterprises: int
    attachments: int
    size: int
    remedies: int = 0
    plan_years: tuple[int, ...] = ()
    settings: bool = False  # whether any council setting is set (they always travel; blank ones fill nothing)

    def summary(self) -> str:
        """What was written, in the user's language (the CLI prints it, the sync screen shows it)."""
        exported = t(
            "sync.exported", inspections=self.inspections, enterprises=self.enterprises,
            attachments=self.attachments, path=str(self.path), size=f"{self.size / 1_000_000:.1f}",
        )
        years = ", ".join(map(str, self.plan_years)) or "—"
        return f"{exported}\n{t('sync.council.exported_council', years=years, settings=t('sync.council.yes' if self.settings else 'sync.council.no'))}"


def _chains(summaries: list[InspectionSummary], chosen: Iterable[UUID]) -> set[UUID]:
    """``chosen`` plus every revision before and after each of them."""
    links: dict[UUID, set[UUID]] = {}
    for s in summaries:
        if s.supersedes is not None:
            links.setdefault(s.id, set()).add(s.supersedes)
            links.setdefault(s.supersedes, set()).add(s.id)
    result: set[UUID] = set()
    todo = list(chosen)
    while todo:
        current = todo.pop()
        if current not in result:
            result.add(current)
            todo.extend(links.get(current, ()))
    return result


def select(store: RegisterStore, inspection_ids: list[UUID] | None, since: date | None) -> list[InspectionSummary]:
    """The summaries to export, oldest first: all, those changed since a day, or the ids named."""
    summaries = store.list_summaries()
    known = {s.id for s in summaries}
    if inspection_ids is not None:
        unknown = [str(i) for i in inspection_ids if i not in known]
        if unknown:
            raise ExportRefused(t("sync.export_unknown", ids=", ".join(unknown)))
        chosen = _chains(summaries, inspection_ids)
    elif since is not None:
        chosen = _chains(summaries, (s.id for s in summaries if s.updated_at.date() >= since))
    else:
        chosen = known
    return [s for s in reversed(summaries) if s.id in chosen]


def export_bundle(
    store: RegisterStore,
    out: Path,
    *,
    inspection_ids: list[UUID] | None = None,
    since: date | None = None,
    attachments: bool = True,
    progress: Progress | None = None,
    passphrase: str | None = None,
) -> ExportReport:
    """Write a bundle of the chosen inspections (all by default) to ``out``, atomically;
    sealed under ``passphrase`` when one is given.

    An inspection whose stored file no longer matches its hashes, or a signed one that
    breaks the sign-off rules, is refused by name: exported, it would
    travel as signed evidence it is not. ``out`` is never anything but a regular file outside the data dir
    (``outputs``): refused before any inspection is read.
    """
    check_output(out, data_dir=store.data_dir)
    chosen = select(store, inspection_ids, since)
    enterprises: dict[str, Enterprise] = {e.edrpou: e for e in store.list_enterprises()}
    evidence: dict[str, str] = {}  # sha256 → where it is first listed, for messages
    chunks: list[bytes] = []
    for done, summary in enumerate(chosen, start=1):
        inspection = store.get_inspection(summary.id)
        _refuse_if_damaged(inspection)
        chunks.append(inspection.model_dump_json().encode("utf-8"))
        edrpou = inspection.enterprise.edrpou
        if edrpou not in enterprises:
            enterprises[edrpou] = inspection.enterprise  # inspected, then removed from the registry
        for finding in inspection.findings.values():
            for e in finding.evidence:
                evidence.setdefault(e.sha256, t("sync.evidence_where", number=inspection.number, filename=e.filename))
        if progress is not None:
            progress(done, len(chosen))
    numbers = {s.id: s.number for s in chosen}
    remedies = [r for r in store.remedy_records() if r.inspection_id in numbers]
    for record in remedies:
        for version in record.versions():
            for e in version.evidence:
                evidence.setdefault(e.sha256, t("sync.evidence_where", number=numbers[record.inspection_id], filename=e.filename))
    attached = [_attachment(store, sha, where) for sha, where in evidence.items()] if attachments else []
    plans = [_year_plan(store, year) for year in store.plan_years()]
    settings = store.get_settings().council()
    header = BundleHeader(
        format_version=FORMAT_VERSION,
        installation_id=store.installation_id,
        installation_name=store.installation_name[:200],
        exported_at=datetime.now(UTC),
        attachments=attachments,
        settings=settings,
    )
    data = b"".join(
        [
            header.model_dump_json().encode("utf-8")[:-1],
            _array("enterprises", [e.model_dump_json().encode("utf-8") for e in enterprises.values()]),
            _array("inspections", chunks),
            _array("evidence", attached),
            _array("remedies", [r.model_dump_json().encode("utf-8") for r in remedies]),
            _array("plans", [p.model_dump_json().encode("utf-8") for p in plans if p.entries]),
            b"}\n",
        ]
    )
    del chunks, attached
    if passphrase is not None:
        try:
            data = seal(data, passphrase)
        except SealError as exc:
            raise ExportRefused(str(exc)) from None
    write_output(out, data, data_dir=store.data_dir)
    return ExportReport(
        out, len(chosen), len(enterprises), len(evidence) if attachments else 0, len(data), len(remedies),
        plan_years=tuple(p.year for p in plans if p.entries), settings=any(not settings.unset(n) for n in type(settings).model_fields),
    )


def _year_plan(store: RegisterStore, year: int) -> YearPlan:
    """The year's stored plan, held to the rules an importing office will check it against."""
    try:
        return YearPlan(year=year, entries=store.get_plan(year))
    except ValidationError as exc:
        raise ExportRefused(t("sync.council.export_plan_invalid", year=year, reason=first_reason(exc))) from None


def _refuse_if_damaged(inspection: Inspection) -> None:
    """Refuse a stored inspection edited outside the app (hashes) or relabelled (sign-off rules)."""
    if inspection.integrity_problems() or sealed_problems(inspection):
        raise ExportRefused(
            t("sync.export_damaged", number=inspection.number, id=str(inspection.id), status=t(f"status.{inspection.status.value}"))
        )


def _array(key: str, elements: list[bytes]) -> bytes:
    """``,"key":[...]`` with one element per line, so a bundle diffs and greps well."""
    return b',\n"' + key.encode() + b'":[\n' + b",\n".join(elements) + b"\n]"


def _attachment(store: RegisterStore, sha256: str, where: str) -> bytes:
    data = store.read_evidence(sha256)
    if data is None:
        raise ExportRefused(t("sync.export_evidence_missing", where=where, path=store.evidence_location(sha256)))
    if hashlib.sha256(data).hexdigest() != sha256:
        raise ExportRefused(t("sync.export_evidence_damaged", where=where, path=store.evidence_location(sha256)))
    item = BundleEvidence(sha256=sha256, size=len(data), data=base64.b64encode(data).decode("ascii"))
    return item.model_dump_json().encode("utf-8")
