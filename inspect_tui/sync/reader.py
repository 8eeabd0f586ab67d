"""Checking one bundle file completely: size, encoding, JSON, format version, every element.

Problems are collected, not raised, so an import can list every problem of every
file. A valid inspection is handed to a visitor (the merge planner) while its
model is at hand and then dropped: the bundle keeps only the text and where each
element lies in it, and gives the element back on request.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import stat
from array import array
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar
from uuid import UUID

from pydantic import BaseModel, ValidationError

from inspect_tui.domain.actions import RemedyRecord
from inspect_tui.domain.checklist import Checklist
from inspect_tui.domain.enterprise import Enterprise
from inspect_tui.domain.inspection import Inspection, Problem, Status, sealed_problems
from inspect_tui.domain.plan import YearPlan
from inspect_tui.i18n import t
from inspect_tui.i18n.errors import dotted, error_reason
from inspect_tui.sync.bundle import ADDED_IN, FORMAT_VERSION, LIST_KEYS, BundleEvidence, BundleHeader
from inspect_tui.sync.jsontext import ARRAY_START, MalformedJson, TopValue, decode_at, line_column, walk_object
from inspect_tui.sync.migrations import can_upgrade, elements_unchanged, upgrade_element, upgrade_header
from inspect_tui.sync.problems import MAX_PROBLEMS, BundleProblem
from inspect_tui.sync.sealed import PASSPHRASE_ENV, SealError, is_sealed, unseal
from inspect_tui.sync.unknown_keys import unknown_keys

DEFAULT_MAX_BYTES = 1_000_000_000
MAX_BYTES_ENV = "INSPECT_TUI_MAX_BUNDLE_BYTES"

M = TypeVar("M", bound=BaseModel)
#: the model of each list's elements
_ELEMENT_MODELS: dict[str, type[BaseModel]] = {
    "enterprises": Enterprise, "inspections": Inspection, "remedies": RemedyRecord, "evidence": BundleEvidence, "plans": YearPlan,
}


@dataclass(frozen=True)
class EvidenceRef:
    """A finding's reference to an evidence file, with where it is in the bundle."""

    json_path: str
    sha256: str
    filename: str


@dataclass(frozen=True)
class InspectionEntry:
    """What the planner needs of a bundle inspection without keeping the inspection itself."""

    index: int
    start: int
    end: int
    id: UUID
    number: str
    enterprise: str
    edrpou: str
    status: Status
    updated_at: datetime
    supersedes: UUID | None
    evidence: tuple[EvidenceRef, ...]
    signed_on: date | None = None
    noes: frozenset[str] = frozenset()  # the items answered «Ні»: the actions remedies may be recorded for

    @property
    def json_path(self) -> str:
        return f"inspections[{self.index}]"


@dataclass(frozen=True)
class RemedyEntry:
    """A bundle's remedy record (small: kept whole) with where it is and the evidence it lists."""

    index: int
    record: RemedyRecord
    evidence: tuple[EvidenceRef, ...]

    @property
    def json_path(self) -> str:
        return f"remedies[{self.index}]"


@dataclass
class ParsedBundle:
    """A bundle file read and checked; ``problems`` is empty when it may be imported."""

    path: Path
    text: str = ""
    version: int = FORMAT_VERSION
    header: BundleHeader | None = None
    enterprises: list[tuple[int, Enterprise]] = field(default_factory=list)
    inspections: list[InspectionEntry] = field(default_factory=list)
    evidence: dict[str, tuple[int, int]] = field(default_factory=dict)
    remedies: list[RemedyEntry] = field(default_factory=list)
    plans: list[tuple[int, YearPlan]] = field(default_factory=list)  # (index in the array, the year's plan)
    problems: list[BundleProblem] = field(default_factory=list)
    more_problems: int = 0  # found after the first MAX_PROBLEMS: counted, not kept
    stopped: bool = False  # checking stopped once MAX_PROBLEMS were found: the rest is not read

    def problem(self, json_path: str, reason: str) -> None:
        if self.full:
            self.more_problems += 1
        else:
            self.problems.append(BundleProblem(self.path, json_path, reason))

    @property
    def full(self) -> bool:
        """True once MAX_PROBLEMS are kept: later ones are only counted (a hostile file has millions)."""
        return len(self.problems) >= MAX_PROBLEMS


    def inspection(self, entry: InspectionEntry) -> Inspection:
        """The inspection of ``entry``, validated again from the text (it was valid when read)."""
        if elements_unchanged(self.version, FORMAT_VERSION):
            return Inspection.model_validate_json(self.text[entry.start : entry.end])
        value, _ = decode_at(self.text, entry.start)
        return Inspection.model_validate(upgrade_element(self.version, "inspections", value, FORMAT_VERSION))

    def evidence_bytes(self, sha256: str) -> bytes:
        start, _ = self.evidence[sha256]
        value, _ = decode_at(self.text, start)
        return base64.b64decode(value["data"], validate=True)


#: called with each valid inspection while its model is at hand
Visitor = Callable[[ParsedBundle, InspectionEntry, Inspection], None]


def path_problem(path: Path, max_bytes: int) -> str | None:
    """Why ``path`` cannot be a bundle, from its metadata alone (never opens it, so never blocks).

    Called before the store lock is taken: a FIFO or a device would block or never end.
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        return t("sync.not_found")
    except OSError as exc:
        return t("sync.unreadable", reason=exc.strerror or str(exc))
    return _kind_problem(info, max_bytes)


def _kind_problem(info: os.stat_result, max_bytes: int) -> str | None:
    if stat.S_ISDIR(info.st_mode):
        return t("sync.is_directory")
    if not stat.S_ISREG(info.st_mode):
        return t("sync.not_regular")
    if info.st_size > max_bytes:
        return t("sync.too_big", size=_mb(info.st_size), limit=_mb(max_bytes), env=MAX_BYTES_ENV)
    return None


def path_problems(paths: list[Path], max_bytes: int) -> list[BundleProblem]:
    """``path_problem`` of every path that has one."""
    found = ((p, path_problem(p, max_bytes)) for p in paths)
    return [BundleProblem(p, "", reason) for p, reason in found if reason is not None]


def read_file(path: Path, max_bytes: int) -> bytes | str:
    """The bytes of a regular file of at most ``max_bytes``, or why they cannot be had.

    Reads what the file holds (its size, plus one byte to notice growth), never
    ``max_bytes`` up front; opens without blocking, so a file swapped for a FIFO
    after the check is refused rather than waited on.
    """
    reason = path_problem(path, max_bytes)
    if reason is not None:
        return reason
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with open(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            reason = _kind_problem(info, max_bytes)
            if reason is not None:
                return reason
            data = handle.read(info.st_size + 1)
    except FileNotFoundError:
        return t("sync.not_found")
    except OSError as exc:
        return t("sync.unreadable", reason=exc.strerror or str(exc))
    if len(data) > info.st_size:
        return t("sync.changing")
    return data


def read_bundle(
    path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES, visit: Visitor | None = None, passphrase: str | None = None
) -> ParsedBundle:
    """Read and check the bundle file at ``path``, sealed or not (never raises for bad input: see ``problems``)."""
    bundle = ParsedBundle(path)
    data = read_file(path, max_bytes)
    if isinstance(data, bytes) and is_sealed(data):
        data = _unsealed(data, passphrase)
    if isinstance(data, str):
        bundle.problem("", data)
        return bundle
    text = _text(data, bundle)
    del data  # the bytes go before the checking starts: the text is all that is kept
    if text is not None:
        bundle.text = text
        _Checker(bundle, visit).run()
    return bundle


def _unsealed(data: bytes, passphrase: str | None) -> bytes | str:
    """A sealed bundle's bytes, or why they cannot be had."""
    if passphrase is None:
        return t("sync.seal.needs_passphrase", env=PASSPHRASE_ENV)
    try:
        return unseal(data, passphrase)
    except SealError as exc:
        return str(exc)


def _listed(problems: list[Problem], shown: int = 5) -> str:
    """The first few sign-off problems («item: reason»), and how many more."""
    parts = [f"{p.item_id}: {t(f'tui.problem.{p.code}')}" if p.item_id else t(f"tui.problem.{p.code}") for p in problems[:shown]]
    if len(problems) > shown:
        parts.append(t("sync.and_more", count=len(problems) - shown))
    return "; ".join(parts)


def _mb(size: int) -> str:
    """Megabytes with up to three decimals (so a small test limit does not show as 0)."""
    return f"{size / 1_000_000:.3f}".rstrip("0").rstrip(".")


def _text(data: bytes, bundle: ParsedBundle) -> str | None:
    """The file's text, or None with the reason recorded (empty, not UTF-8)."""
    if not data or data.isspace():
        bundle.problem("", t("sync.empty"))
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.end == len(data) and exc.reason == "unexpected end of data":
            bundle.problem("", t("sync.truncated", size=len(data)))  # cut inside a multi-byte letter
        else:
            bundle.problem("", t("sync.not_utf8", offset=exc.start))
        return None


class _Checker:
    """One pass over a bundle's text; elements met before ``format_version`` wait for it."""

    def __init__(self, bundle: ParsedBundle, visit: Visitor | None) -> None:
        self.bundle = bundle
        self.visit = visit
        self.header: dict[str, Any] = {}
        self.seen: dict[str, int] = {}
        self.waiting: dict[str, array[int]] = {}  # element offsets met before format_version (8 bytes each)
        self.version: int | None = None
        self.ids: dict[UUID, int] = {}
        self.edrpous: dict[str, int] = {}
        self.checklists: dict[str, Checklist] = {}
        self.remedy_keys: dict[tuple[UUID, str], int] = {}
        self.plan_years: dict[int, int] = {}

    def run(self) -> None:
        b = self.bundle
        try:
            for top in walk_object(b.text, LIST_KEYS):
                if not self._take(top):
                    return
        except MalformedJson as exc:
            line, column = line_column(b.text, exc.pos)
            b.problem("", t("sync.json_error", line=line, column=column, reason=exc.reason))
            return
        if self.version is None:
            b.problem("format_version", t("errors.missing"))
            return
        for key in LIST_KEYS:
            if key not in self.seen and self.version >= ADDED_IN.get(key, 0):
                b.problem(key, t("errors.missing"))
        self._check_header()
        self._check_references()

    # --- members as they come ------------------------------------------------------------------

    def _take(self, top: TopValue) -> bool:
        """Handle one member or element; False stops reading (a format this program cannot read)."""
        b = self.bundle
        if top.index is None:
            if top.key in self.seen:
                b.problem(top.key, t("sync.duplicate_key"))
                return True
            self.seen[top.key] = top.start
            if top.value is ARRAY_START:
                return True
            if top.key in LIST_KEYS:
                b.problem(top.key, t("errors.list_type"))
            else:
                self.header[top.key] = top.value
            if top.key == "format_version":
                return self._set_version(top.value)
            return True
        if b.full:  # refused already: reading on would only cost time and memory
            b.stopped = True
            return False
        if self.version is None:
            self.waiting.setdefault(top.key, array("q")).append(top.start)
        else:
            self._element(top)
        return True

    def _set_version(self, value: Any) -> bool:
        b = self.bundle
        if type(value) is not int:
            b.problem("format_version", t("errors.int_type"))
            return False
        if value > FORMAT_VERSION:
            b.problem("format_version", t("sync.newer_version", found=value, supported=FORMAT_VERSION))
            return False
        if not can_upgrade(value, FORMAT_VERSION):
            b.problem("format_version", t("sync.unknown_version", found=value, supported=FORMAT_VERSION))
            return False
        self.version = b.version = value
        for key, starts in self.waiting.items():
            for index, start in enumerate(starts):
                if b.full:
                    b.stopped = True
                    return False
                element, end = decode_at(b.text, start)
                self._element(TopValue(key, index, start, end, element))
        self.waiting.clear()
        return True

    def _element(self, top: TopValue) -> None:
        assert self.version is not None and top.index is not None
        value = upgrade_element(self.version, top.key, top.value, FORMAT_VERSION)
        path = f"{top.key}[{top.index}]"
        if self._unknown_keys(_ELEMENT_MODELS[top.key], value, path):
            return
        if top.key == "enterprises":
            enterprise = self._validate(Enterprise, value, path)
            if enterprise is not None:
                self._enterprise(top.index, enterprise, path)
        elif top.key == "inspections":
            if elements_unchanged(self.version, FORMAT_VERSION):  # the same fast path the import takes later
                inspection = self._validate_json(self.bundle.text[top.start : top.end], path)
            else:
                inspection = self._validate(Inspection, value, path)
            if inspection is not None:
                self._inspection(top, inspection, path)
        elif top.key == "remedies":
            record = self._validate(RemedyRecord, value, path)
            if record is not None:
                self._remedy(top.index, record, path)
        elif top.key == "plans":
            plan = self._validate(YearPlan, value, path)
            if plan is not None:
                self._plan(top.index, plan, path)
        else:
            evidence = self._validate(BundleEvidence, value, path)
            if evidence is not None:
                self._evidence(top, evidence, path)

    def _unknown_keys(self, model: type[BaseModel], value: Any, path: str) -> bool:
        """Report the keys ``model`` does not know, each toward the problem bound (counted, not validated)."""
        b = self.bundle
        named, count = unknown_keys(model, value, max(MAX_PROBLEMS - len(b.problems), 0))
        for loc in named:
            b.problem(dotted((path, *loc)), t("errors.extra_forbidden"))
        b.more_problems += count - len(named)
        return count > 0

    def _validate(self, model: type[M], value: Any, path: str) -> M | None:
        try:
            return model.model_validate(value)
        except ValidationError as exc:
            self._report(exc, path)
            return None

    def _validate_json(self, text: str, path: str) -> Inspection | None:
        try:
            return Inspection.model_validate_json(text)
        except ValidationError as exc:
            self._report(exc, path)
            return None

    def _report(self, exc: ValidationError, path: str) -> None:
        if self.bundle.full:  # only counted: formatting millions of messages is what costs
            self.bundle.more_problems += exc.error_count()
            return
        for error in exc.errors(include_url=False):
            where = dotted((path, *error["loc"])) if path else dotted(error["loc"])
            self.bundle.problem(where, error_reason(error))

    def _enterprise(self, index: int, enterprise: Enterprise, path: str) -> None:
        first = self.edrpous.setdefault(enterprise.edrpou, index)
        if first != index:
            self.bundle.problem(path, t("sync.duplicate_enterprise", edrpou=enterprise.edrpou, first=f"enterprises[{first}]"))
            return
        self.bundle.enterprises.append((index, enterprise))

    def _inspection(self, top: TopValue, inspection: Inspection, path: str) -> None:
        b = self.bundle
        assert top.index is not None
        first = self.ids.setdefault(inspection.id, top.index)
        if first != top.index:
            b.problem(path, t("sync.duplicate_inspection", id=str(inspection.id), first=f"inspections[{first}]"))
            return
        if not self._checklist_intact(inspection):
            b.problem(path, t("sync.checklist_tampered", number=inspection.number, id=str(inspection.id)))
            return
        sealed = sealed_problems(inspection)
        if any(p.code == "hash_mismatch" for p in sealed):
            b.problem(path, t("sync.signed_tampered", number=inspection.number, id=str(inspection.id)))
            return
        if sealed:
            status = t(f"status.{inspection.status.value}")
            b.problem(path, t("sync.not_signable", number=inspection.number, status=status, problems=_listed(sealed)))
            return
        refs = tuple(
            EvidenceRef(f"{path}.findings.{item_id}.evidence[{k}]", e.sha256, e.filename)
            for item_id, finding in inspection.findings.items()
            for k, e in enumerate(finding.evidence)
        )
        entry = InspectionEntry(
            index=top.index, start=top.start, end=top.end, id=inspection.id, number=inspection.number,
            enterprise=inspection.enterprise.short_name, edrpou=inspection.enterprise.edrpou, status=inspection.status,
            updated_at=inspection.updated_at, supersedes=inspection.supersedes, evidence=refs,
            signed_on=inspection.signoff.signed_on if inspection.status is Status.SIGNED and inspection.signoff else None,
            noes=frozenset(item.id for item, _ in inspection.noes()),
        )
        b.inspections.append(entry)
        if self.visit is not None:
            self.visit(b, entry, inspection)

    def _remedy(self, index: int, record: RemedyRecord, path: str) -> None:
        first = self.remedy_keys.setdefault(record.key, index)
        if first != index:
            self.bundle.problem(path, t("sync.duplicate_remedy", id=str(record.inspection_id), item=record.item_id, first=f"remedies[{first}]"))
            return
        refs = tuple(
            EvidenceRef(f"{path}.{'remedy' if v == 0 else f'history[{v - 1}]'}.evidence[{k}]", e.sha256, e.filename)
            for v, version in enumerate(record.versions())
            for k, e in enumerate(version.evidence)
        )
        self.bundle.remedies.append(RemedyEntry(index, record, refs))

    def _plan(self, index: int, plan: YearPlan, path: str) -> None:
        first = self.plan_years.setdefault(plan.year, index)
        if first != index:
            self.bundle.problem(path, t("sync.council.duplicate_plan", year=plan.year, first=f"plans[{first}]"))
            return
        self.bundle.plans.append((index, plan))

    def _checklist_intact(self, inspection: Inspection) -> bool:
        """Whether the checklist copy matches its pinned sha256 (each distinct copy is hashed once)."""
        known = self.checklists.get(inspection.checklist_sha256)
        if known is not None and known == inspection.checklist:
            return True
        if inspection.checklist.sha256 != inspection.checklist_sha256:
            return False
        self.checklists[inspection.checklist_sha256] = inspection.checklist
        return True

    def _evidence(self, top: TopValue, evidence: BundleEvidence, path: str) -> None:
        b = self.bundle
        if evidence.sha256 in b.evidence:
            b.problem(path, t("sync.duplicate_evidence", sha=evidence.sha256))
            return
        try:
            data = base64.b64decode(evidence.data, validate=True)
        except (binascii.Error, ValueError):
            b.problem(f"{path}.data", t("sync.bad_base64"))
            return
        if len(data) != evidence.size or hashlib.sha256(data).hexdigest() != evidence.sha256:
            b.problem(path, t("sync.evidence_mismatch", sha=evidence.sha256))
            return
        b.evidence[evidence.sha256] = (top.start, top.end)

    # --- after the whole file ------------------------------------------------------------------

    def _check_header(self) -> None:
        assert self.version is not None
        header = upgrade_header(self.version, self.header, FORMAT_VERSION)
        if not self._unknown_keys(BundleHeader, header, ""):
            self.bundle.header = self._validate(BundleHeader, header, "")

    def _check_references(self) -> None:
        b = self.bundle
        promised = b.header is not None and b.header.attachments
        for entry in b.inspections:
            if entry.edrpou not in self.edrpous:
                b.problem(f"{entry.json_path}.enterprise.edrpou", t("sync.dangling_enterprise", edrpou=entry.edrpou))
            for ref in entry.evidence if promised else ():
                if ref.sha256 not in b.evidence:
                    b.problem(ref.json_path, t("sync.missing_evidence", filename=ref.filename, sha=ref.sha256))
        for index, plan in b.plans:
            for k, planned in enumerate(plan.entries):
                if planned.edrpou not in self.edrpous:
                    b.problem(f"plans[{index}].entries[{k}].edrpou", t("sync.council.dangling_plan_enterprise", edrpou=planned.edrpou, year=plan.year))
        for remedy in b.remedies if promised else ():
            for ref in remedy.evidence:
                if ref.sha256 not in b.evidence:
                    b.problem(ref.json_path, t("sync.missing_evidence", filename=ref.filename, sha=ref.sha256))
