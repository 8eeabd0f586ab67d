"""Inspections and findings: the legal evidence an inspector records.

Everything here is pure: operations take the current time as an argument and
return a new, re-validated ``Inspection``; the input is never mutated. Every
change to a finding or to the header appends to the inspection's history, and a
signed inspection refuses every change (corrections are new revisions).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Annotated, Any, ClassVar, NotRequired, TypedDict, Unpack
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, SerializerFunctionWrapHandler, StringConstraints, model_serializer, model_validator
from pydantic_core import PydanticCustomError

from inspect_tui.domain.bounds import Day, HistoryValue, Moment
from inspect_tui.domain.canonical import sha256_of
from inspect_tui.domain.checklist import Basis, Checklist, Holder, Item
from inspect_tui.domain.enterprise import Enterprise
from inspect_tui.domain.rules import Kind
from inspect_tui.domain.settings import Issuer
from inspect_tui.domain.status import Status
from inspect_tui.domain.text import NonEmpty, Person

Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
LongText = Annotated[str, StringConstraints(max_length=20_000)]
MAX_EVIDENCE_BYTES = 1_000_000_000  # an attachment must fit in a bundle


class Answer(StrEnum):
    """The four answers of official unified acts, plus "not yet answered"."""

    # (the docstring is the bundle schema's description: docs/bundle.schema.json)
    UNANSWERED = "unanswered"
    COMPLIES = "complies"  # Так
    # «Ні»: a violation, signs of an official's breach or a shortcoming, by item (Inspection.no_kind).
    # Stored as "violation", its first name, so stored inspections and signed sha256 do not change.
    NO = "violation"
    NOT_APPLICABLE = "not_applicable"  # Не застосовується
    NOT_EXAMINED = "not_examined"  # Не розглядалося

    @property
    def overrides_rule(self) -> bool:
        """Whether, on an item whose rule excludes the entity, this answer replaces «не застосовується»
        (and so needs a reason)."""
        return self not in (Answer.NOT_APPLICABLE, Answer.UNANSWERED)


class NoKind(StrEnum):
    """What a «Ні» states, which decides the certificate's words for it.

    ``VIOLATION``: the entity breached a duty the Law puts on it («порушено вимоги …»).
    ``SIGNS``: an individual's conduct shows signs of a breach («виявлено ознаки порушення
    вимог …»): an individual's offence and guilt are established only in the procedure the law sets
    (a court, or for a disciplinary offence the employer's procedure), never by the certificate.
    ``SHORTCOMING``: practice, a permissive norm, or a norm whose applicability rule says it
    does not bind this entity: a recommendation, never «порушено».
    """

    VIOLATION = "violation"
    SIGNS = "signs"
    SHORTCOMING = "shortcoming"


class Evidence(BaseModel):
    """A scan or photo of a document examined, stored by content hash."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    filename: NonEmpty = Field(max_length=255)
    sha256: Sha256
    size: int = Field(ge=0, le=MAX_EVIDENCE_BYTES)


class Finding(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    answer: Answer = Answer.UNANSWERED
    na_reason: LongText = ""
    na_by_rule: bool = False
    note: LongText = ""
    documents: list[Annotated[str, StringConstraints(max_length=1000)]] = []
    recommendation: LongText = ""
    deadline: Day | None = None
    evidence: list[Evidence] = []
    override_reason: LongText = Field("", description="why an item its rule excludes was answered anyway")
    notice_sent_on: Day | None = Field(
        None, description="when the written notice to the specially authorised body was sent (ч. 6 ст. 53)"
    )
    notice_number: str = Field("", max_length=100, description="outgoing number of that notice")
    notice_reason: LongText = Field("", description="why no notice was sent, printed instead of its date (ч. 6 ст. 53)")

    @model_serializer(mode="wrap")
    def _no_empty_reason(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """Findings stored before the reason was asked are written back byte for byte."""
        data: dict[str, Any] = handler(self)
        if not self.notice_reason:
            data.pop("notice_reason", None)
        return data


class LegalBasis(BaseModel):
    """The order (наказ/розпорядження) or annual plan that authorises the inspection, and who issued it."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    order_number: NonEmpty = Field(max_length=100)
    order_date: Day
    planned: bool = True
    act: str = Field(
        "", max_length=300, description="the act and its issuer, e.g. «розпорядження міського голови» or «план перевірок на 2026 рік, затверджений …»"
    )
    title: str = Field("", max_length=300, description="the act's title, e.g. «Про проведення перевірки»")
    company_power: str = Field(
        "",
        max_length=300,
        description="for a господарське товариство: the act or charter provision that empowers the council to inspect it; "
        "control «на підвідомчих підприємствах» (п. 6 ч. 6 ст. 13-1) does not plainly reach a company where the council "
        "only holds shares",
    )
    plan_basis: str = Field(
        "",
        max_length=300,
        description="the approving act of the plan a planned inspection carries out, as the plan records it: a fact apart "
        "from the inspection's own order (empty when not linked to a plan, and then not written)",
    )

    @model_serializer(mode="wrap")
    def _no_empty_plan_basis(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """Stored inspections keep their basis byte for byte: an empty plan basis is not written."""
        data: dict[str, Any] = handler(self)
        if not self.plan_basis:
            data.pop("plan_basis", None)
        return data


class HeadAcknowledgement(BaseModel):
    """The head of the inspected entity: acknowledgement, remarks or refusal to sign."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: NonEmpty = Field(max_length=200)
    position: NonEmpty = Field(max_length=300)
    acknowledged_on: Day | None = None
    remarks: LongText = ""
    refused: bool = False

    @model_validator(mode="after")
    def _date_unless_refused(self) -> HeadAcknowledgement:
        if not self.refused and self.acknowledged_on is None:
            raise PydanticCustomError("ack_date", "the head's acknowledgement needs a date unless the head refused")
        return self


class SignOff(BaseModel):
    """The signing, with the council and unit the certificate is issued by, frozen with the content.

    The header is kept here rather than read from the settings at printing time, so a later
    change of the settings never changes what a signed certificate says.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)
    signed_on: Day
    signers: list[Person] = Field(min_length=1)
    head: HeadAcknowledgement
    recorded_at: Moment
    issuer: Issuer | None = None  # None only in sign-offs recorded before the issuer was kept


class Addendum(BaseModel):
    """Written objections (заперечення) of the head received after signing.

    Kept beside the signed content, outside its sha256 (the certificate the head signed stays
    what it was), with a hash of its own; printed on the next copy of the certificate.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)
    received_on: Day
    text: Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
    recorded_at: Moment
    sha256: Sha256

    @staticmethod
    def digest(received_on: date, text: str) -> str:
        return sha256_of({"received_on": received_on.isoformat(), "text": text})


class FollowUpOf(BaseModel):
    """The certificate a follow-up inspection checks the remedy of, as its own certificate names it."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    number: NonEmpty = Field(max_length=100)
    signed_on: Day


class HistoryEntry(BaseModel):
    """One change: when, which field, old → new. Exported with the inspection."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    at: Moment
    field: str = Field(max_length=300)
    old: HistoryValue = None
    new: HistoryValue = None


#: answers whose reason is kept in ``Finding.na_reason`` and printed beside them in part 9 of the certificate
#: («Відповідь, причина»): why the norm does not apply, or why it was not examined
REASONED_ANSWERS = frozenset({Answer.NOT_APPLICABLE, Answer.NOT_EXAMINED})
#: the first checklist version whose inspections are signed only with a reason for each «Не розглядалося»
EXAMINED_REASON_SINCE = (2, 1, 0)

HEADER_FIELDS = frozenset(
    {"number", "basis", "period_from", "period_to", "start_date", "end_date", "place", "inspectors", "conclusion"}
)
FINDING_FIELDS = tuple(name for name in Finding.model_fields if name != "na_by_rule")


class Inspection(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: UUID
    number: NonEmpty = Field(max_length=100)
    revision: int = Field(1, ge=1, le=10_000)
    supersedes: UUID | None = None
    enterprise: Enterprise
    checklist: Checklist
    checklist_sha256: Sha256
    basis: LegalBasis
    period_from: Day
    period_to: Day
    start_date: Day
    end_date: Day | None = Field(None, description="the last day of the inspection: a draft has none until it is set; signing needs it")
    place: str = Field("", max_length=200)
    inspectors: list[Person] = Field(min_length=1)
    status: Status = Status.DRAFT
    findings: dict[str, Finding]
    conclusion: LongText = ""
    signoff: SignOff | None = None
    history: list[HistoryEntry] = []
    created_at: Moment
    updated_at: Moment
    sha256: Sha256 | None = None
    addenda: list[Addendum] = []
    follows_up: UUID | None = Field(None, description="the signed inspection this one follows up (its «Ні» items only)")
    follows_up_of: FollowUpOf | None = None
    plan_entry: UUID | None = Field(None, description="the entry of the yearly plan this inspection carries out (None: unplanned or not linked)")

    #: links added after the first release, and the end date a draft may lack: left out of the stored and
    #: exported form while unset, so an inspection saved again is written byte for byte as before (the hash
    #: leaves defaults out anyway)
    _OMITTED_WHEN_NONE: ClassVar[tuple[str, ...]] = ("plan_entry", "follows_up", "follows_up_of", "end_date")

    @model_serializer(mode="wrap")
    def _without_unset_links(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        data: dict[str, Any] = handler(self)
        for name in self._OMITTED_WHEN_NONE:
            if data.get(name, False) is None:
                del data[name]
        return data

    @model_validator(mode="after")
    def _consistent(self) -> Inspection:
        ids = [i.id for i in self.checklist.items]
        if set(self.findings) != set(ids):
            missing = sorted(set(ids) - set(self.findings))
            extra = sorted(set(self.findings) - set(ids))
            raise PydanticCustomError(
                "findings_mismatch",
                "findings do not match the checklist items (missing: {missing}; unknown: {extra})",
                {"missing": ", ".join(missing) or "-", "extra": ", ".join(extra) or "-"},
            )
        missing = self.enterprise.missing_facts()
        if missing:  # registered from a plan and not completed since: its duties would be decided on unknowns
            raise PydanticCustomError(
                "enterprise_incomplete", "the enterprise's profile lacks {facts}: answer them first", {"facts": ", ".join(missing)}
            )
        if self.period_from > self.period_to:
            raise PydanticCustomError("period_order", "the period covered starts after it ends")
        if self.end_date is not None and self.start_date > self.end_date:
            raise PydanticCustomError("dates_order", "the inspection starts after it ends")
        self._deadlines_after_dates()
        signed = self.status is Status.SIGNED
        if signed != (self.signoff is not None) or signed != (self.sha256 is not None):
            raise PydanticCustomError("signed_state", "a signed inspection has a sign-off and a sha256, and only it")
        if self.signoff is not None:
            so = self.signoff
            if self.end_date is None:
                raise PydanticCustomError("signed_without_end", "a signed inspection has an end date")
            if so.signed_on < self.end_date:
                raise PydanticCustomError("signed_before_end", "the certificate cannot be signed before the end")
            if so.head.acknowledged_on is not None and so.head.acknowledged_on < so.signed_on:
                raise PydanticCustomError("ack_before_signing", "the head cannot acknowledge before signing")
            for item_id, f in self.findings.items():
                if f.deadline is not None and f.deadline <= so.signed_on:
                    raise PydanticCustomError(
                        "deadline_after_signing", "the remedy deadline of {item} must be after signing", {"item": item_id}
                    )
        for addendum in self.addenda:
            if self.signoff is None or addendum.received_on < self.signoff.signed_on:
                raise PydanticCustomError("addendum_before_signing", "objections are attached to a signed certificate, after signing")
            if addendum.sha256 != Addendum.digest(addendum.received_on, addendum.text):
                raise PydanticCustomError("addendum_hash", "an attached objection does not match its sha256")
        for item_id, f in self.findings.items():
            if f.notice_sent_on is not None and f.notice_sent_on < self.start_date:
                raise PydanticCustomError(
                    "notice_before_start", "the notice on {item} cannot be sent before the inspection starts", {"item": item_id}
                )
        return self

    def _deadlines_after_dates(self) -> None:
        """Remedy deadlines fall after the end; while a draft has no end, after the start (checked again when
        the end is set, and at signing)."""
        last, code, text = self.end_date, "deadline_after_end", "the remedy deadline of {item} must be after the end date"
        if last is None:
            last, code, text = self.start_date, "deadline_after_start", "the remedy deadline of {item} must be after the start date"
        for item_id, f in self.findings.items():
            if f.deadline is not None and f.deadline <= last:
                raise PydanticCustomError(code, text, {"item": item_id})

    # --- derived facts -------------------------------------------------------------------------

    def counts(self, item_ids: Iterable[str] | None = None) -> dict[Answer, int]:
        """Number of findings per answer (over ``item_ids`` or the whole checklist)."""
        ids = self.findings if item_ids is None else item_ids
        result = {a: 0 for a in Answer}
        for item_id in ids:
            result[self.findings[item_id].answer] += 1
        return result

    @property
    def progress(self) -> int:
        """Answered items, as a whole percentage of all items."""
        total = len(self.findings)
        answered = total - self.counts()[Answer.UNANSWERED]
        return 100 if total == 0 else answered * 100 // total

    def no_kind(self, item: Item, profile: dict[str, Any] | None = None) -> NoKind:
        """What a «Ні» on ``item`` states for this inspection's entity (see ``NoKind``).

        ``profile``: the enterprise's, when the caller classifies many items (it is built by a dump).
        """
        if item.basis is not Basis.LAW or item.excludes(self.enterprise.profile() if profile is None else profile):
            return NoKind.SHORTCOMING
        return NoKind.SIGNS if item.duty_holder.individual else NoKind.VIOLATION

    def noes(self) -> list[tuple[Item, NoKind]]:
        """Every «Ні» in checklist order with what it states."""
        profile = self.enterprise.profile()
        return [(i, self.no_kind(i, profile)) for i in self.checklist.items if self.findings[i.id].answer is Answer.NO]

    @property
    def open_violations(self) -> int:
        """«Ні» on duties of the Law that bind this entity or its officials, as the certificate numbers them."""
        return sum(1 for _, kind in self.noes() if kind is not NoKind.SHORTCOMING)

    @property
    def shortcomings(self) -> int:
        """«Ні» on practice, permissive or rule-excluded items: recommendations, not violations of the Law."""
        return sum(1 for _, kind in self.noes() if kind is NoKind.SHORTCOMING)

    @property
    def signs_found(self) -> list[str]:
        """Items where signs of an individual's breach were found (an official's or the authorised officer's)."""
        return [item.id for item, kind in self.noes() if kind is NoKind.SIGNS]

    @property
    def notices_due(self) -> list[str]:
        """Signs of an official's breach: each needs the 24-hour notice (ч. 6 ст. 53) or the reason it was not sent."""
        return [item.id for item, kind in self.noes() if kind is NoKind.SIGNS and item.needs_notice]

    def content_hash(self) -> str:
        """sha256 over everything but the stored hash itself.

        Fields equal to their defaults are left out of the hashed form, so an
        upgrade that adds a field with a default never breaks a signed
        inspection's hash (a signed certificate must verify for years).
        Objections attached after signing (``addenda``) have hashes of their own.
        """
        data = self.model_dump(mode="json", exclude={"sha256", "enterprise", "addenda"}, exclude_defaults=True)
        data["enterprise"] = self.enterprise.hashed_form()
        return sha256_of(data)

    def integrity_problems(self) -> list[str]:
        """Reasons this inspection's pinned hashes do not match its content (empty when intact)."""
        problems = []
        if self.checklist.sha256 != self.checklist_sha256:
            problems.append("checklist content does not match its pinned sha256")
        if self.sha256 is not None and self.content_hash() != self.sha256:
            problems.append("signed content does not match its sha256")
        return problems


class InspectionLocked(Exception):
    """A signed inspection was asked to change: it is immutable."""


def version(inspection: Inspection) -> tuple[datetime, int]:
    """What tells two versions of an inspection apart: every edit moves ``updated_at`` on and appends to the history
    (whose length also tells them apart when one officer's clock lags behind another's)."""
    return inspection.updated_at, len(inspection.history)


class OverrideNeedsReason(Exception):
    """An item whose applicability rule excludes this entity was answered without saying why."""

    def __init__(self, item_id: str) -> None:
        super().__init__(f"item {item_id} does not apply to this entity by its rule; answering it needs a reason")
        self.item_id = item_id


class SignOffRefused(Exception):
    """Sign-off is not possible yet; ``problems`` say exactly why."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s) prevent sign-off")
        self.problems = problems


class Problem(BaseModel):
    """A reason sign-off is refused; ``code`` is a message-catalog key."""

    model_config = ConfigDict(frozen=True)
    code: str
    item_id: str | None = None


def _json(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, list):
        return [_json(v) for v in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, StrEnum):
        return value.value
    return value


def _rebuild(inspection: Inspection, **changes: Any) -> Inspection:
    """Apply changes and re-run the inspection's validators (so date rules hold after each edit).

    Unchanged nested models are passed as instances, which pydantic accepts
    without validating them again: an edit costs the same whatever the size of
    the pinned checklist.
    """
    data = {name: getattr(inspection, name) for name in Inspection.model_fields}
    data.update(changes)
    return Inspection.model_validate(data)


def _refuse_if_signed(inspection: Inspection) -> None:
    if inspection.status is Status.SIGNED:
        raise InspectionLocked(f"inspection {inspection.number} is signed; corrections need a new revision")


def applicable_finding(item: Item, enterprise: Enterprise) -> Finding:
    """The starting finding: N/A with the rule's reason where the rule excludes this entity."""
    if item.excludes(enterprise.profile()):
        reason = item.na_reason.uk if item.na_reason else ""
        return Finding(answer=Answer.NOT_APPLICABLE, na_reason=reason, na_by_rule=True)
    return Finding()


class InspectionHeader(TypedDict):
    """What a person decides when creating an inspection (the rest follows from it)."""

    enterprise: Enterprise
    checklist: Checklist
    basis: LegalBasis
    period_from: date
    period_to: date
    start_date: date
    end_date: date | None
    inspectors: list[Person]
    place: NotRequired[str]
    plan_entry: NotRequired[UUID | None]


def new_inspection(*, id: UUID, number: str, now: datetime, **header: Unpack[InspectionHeader]) -> Inspection:
    """Create a draft pinned to ``checklist``, with rule-excluded items pre-marked N/A."""
    checklist, enterprise = header["checklist"], header["enterprise"]
    return Inspection(
        id=id,
        number=number,
        checklist_sha256=checklist.sha256,
        findings={item.id: applicable_finding(item, enterprise) for item in checklist.items},
        history=[HistoryEntry(at=now, field="created", new={"checklist": checklist.id, "version": checklist.version})],
        created_at=now,
        updated_at=now,
        **header,
    )


def _after_edit(inspection: Inspection, entries: list[HistoryEntry], now: datetime, *, reopen: bool = True, **changes: Any) -> Inspection:
    """Record ``entries``; a completed inspection goes back to draft unless ``reopen`` is off (a new number
    changes nothing that was reviewed)."""
    if not entries:
        return inspection
    status = inspection.status
    if status is Status.COMPLETED and reopen:
        entries.append(HistoryEntry(at=now, field="status", old=status.value, new=Status.DRAFT.value))
        status = Status.DRAFT
    return _rebuild(
        inspection,
        **changes,
        status=status,
        history=[*inspection.history, *entries],
        updated_at=max(now, inspection.updated_at),
    )


def update_finding(inspection: Inspection, item_id: str, now: datetime, **changes: Any) -> Inspection:
    """Change fields of one finding; each changed field becomes a history entry."""
    _refuse_if_signed(inspection)
    if item_id not in inspection.findings:
        raise KeyError(item_id)
    unknown = set(changes) - set(FINDING_FIELDS)
    if unknown:
        raise ValueError(f"unknown finding field(s): {sorted(unknown)}")
    old = inspection.findings[item_id]
    merged = {**old.model_dump(), **changes}
    if merged["answer"] not in REASONED_ANSWERS or ("na_reason" not in changes and merged["answer"] != old.answer):
        merged["na_reason"] = ""  # one answer's reason never stands for another's
    overridden = merged["answer"] not in (Answer.NOT_APPLICABLE, Answer.UNANSWERED)  # not validated yet: any value
    if not overridden or not inspection.checklist.item(item_id).excludes(inspection.enterprise.profile()):
        merged["override_reason"] = ""
    elif not str(merged["override_reason"]).strip():
        raise OverrideNeedsReason(item_id)
    new = Finding.model_validate({**merged, "na_by_rule": False})  # a person has now decided this finding
    entries = [
        HistoryEntry(at=now, field=f"findings.{item_id}.{name}", old=_json(getattr(old, name)), new=_json(getattr(new, name)))
        for name in FINDING_FIELDS
        if getattr(old, name) != getattr(new, name)
    ]
    if not entries:
        return inspection
    return _after_edit(inspection, entries, now, findings={**inspection.findings, item_id: new})


def update_header(inspection: Inspection, now: datetime, **changes: Any) -> Inspection:
    """Change header fields (number, basis, dates, inspectors, conclusion...) with history."""
    _refuse_if_signed(inspection)
    unknown = set(changes) - HEADER_FIELDS
    if unknown:
        raise ValueError(f"unknown header field(s): {sorted(unknown)}")
    probe = _rebuild(inspection, **changes)  # validate before recording anything
    entries = [
        HistoryEntry(at=now, field=name, old=_json(getattr(inspection, name)), new=_json(getattr(probe, name)))
        for name in sorted(changes)
        if getattr(inspection, name) != getattr(probe, name)
    ]
    reopen = set(changes) != {"number"}
    return _after_edit(inspection, entries, now, reopen=reopen, **{name: getattr(probe, name) for name in changes})


def signoff_problems(inspection: Inspection) -> list[Problem]:
    """Everything that must be fixed before sign-off: the inspection's own, then each item's in checklist order."""
    problems: list[Problem] = []
    if inspection.end_date is None:
        problems.append(Problem(code="no_end_date"))
    if not inspection.conclusion.strip():
        problems.append(Problem(code="no_conclusion"))
    if not inspection.basis.act.strip():
        problems.append(Problem(code="basis_no_act"))
    if inspection.enterprise.kind is Kind.COMPANY and not inspection.basis.company_power.strip():
        problems.append(Problem(code="basis_no_company_power"))
    profile = inspection.enterprise.profile()
    examined_reason_required = asks_examined_reason(inspection.checklist)
    for item in inspection.checklist.items:
        f = inspection.findings[item.id]
        if item.excludes(profile) and f.answer.overrides_rule and not f.override_reason.strip():
            problems.append(Problem(code="override_no_reason", item_id=item.id))
        if f.answer is Answer.UNANSWERED:
            problems.append(Problem(code="unanswered", item_id=item.id))
        elif f.answer is Answer.NO:
            if not f.note.strip():
                problems.append(Problem(code="violation_no_note", item_id=item.id))
            if not f.recommendation.strip():
                problems.append(Problem(code="violation_no_recommendation", item_id=item.id))
            if f.deadline is None:
                problems.append(Problem(code="violation_no_deadline", item_id=item.id))
            if item.holder is Holder.OFFICIAL and f.notice_sent_on is None and not f.notice_reason.strip() and (
                inspection.no_kind(item, profile) is NoKind.SIGNS
            ):
                # signing with no notice and no reason would certify the unit's own breach of ч. 6 ст. 53; items
                # pinned before holders were named (holder None) keep the rules they were signed under
                problems.append(Problem(code="signs_no_notice", item_id=item.id))
        elif f.answer is Answer.NOT_APPLICABLE and not f.na_reason.strip():
            problems.append(Problem(code="na_no_reason", item_id=item.id))
        elif f.answer is Answer.NOT_EXAMINED and not f.na_reason.strip() and examined_reason_required:
            problems.append(Problem(code="ne_no_reason", item_id=item.id))
    return problems


def asks_examined_reason(checklist: Checklist) -> bool:
    """Whether «Не розглядалося» needs a reason to sign: for checklists from version 2.1.0 on.

    The reason was first asked when the bundled checklists were at 2.1.0. Keyed on the pinned checklist's
    version, never on today's rules, so an inspection signed under an older checklist without a reason
    (its certificate says only «Не розглядалося») stays valid when imported (``sealed_problems`` holds it
    to these same rules). A version that does not start with numbers is held to the rule.
    """
    numbers = []
    for part in checklist.version.split("."):
        digits = "".join(itertools.takewhile(str.isdigit, part))
        if not digits:
            break
        numbers.append(int(digits))
    return not numbers or tuple(numbers) >= EXAMINED_REASON_SINCE


#: the sign-off rules of the first release, under which every sign-off without an issuer was recorded
FIRST_RELEASE_RULES = frozenset(
    {"unanswered", "violation_no_note", "violation_no_recommendation", "violation_no_deadline", "na_no_reason"}
)
#: from this moment every sign-off keeps its issuer (and the conclusion and the act became rules)
ISSUER_KEPT_SINCE = datetime(2026, 11, 26, tzinfo=UTC)
#: the versions of the bundled checklists the first release shipped (a council's own checklist: any)
FIRST_RELEASE_CHECKLISTS = {
    "communal-enterprise-1700": frozenset({"0.1.0", "1.0.0", "1.1.0"}),
    "anti-corruption-programme-1700": frozenset({"0.1.0", "1.0.0", "1.1.0"}),
}


def first_release_signoff(inspection: Inspection) -> bool:
    """Whether the first release could have recorded this sign-off: no issuer, signed and recorded
    before the issuer was kept, of a checklist version it shipped, not a follow-up (added since).

    The rules follow the signing date and the checklist version, never what a bundle omits: a
    sign-off of today stripped of its issuer is held to today's rules, and refused for lacking it.
    """
    so = inspection.signoff
    if so is None or so.issuer is not None or inspection.follows_up is not None:
        return False
    if so.recorded_at >= ISSUER_KEPT_SINCE or so.signed_on >= ISSUER_KEPT_SINCE.date():
        return False
    versions = FIRST_RELEASE_CHECKLISTS.get(inspection.checklist.id)
    return versions is None or inspection.checklist.version in versions


#: sign-off rules added since the issuer was kept, each with the moment from which sign-offs are held to it: a
#: sign-off recorded by a release before it (a laptop not yet updated) imports under the rules of its day
RULES_SINCE = {
    # a company's inspection names what empowers the council (п. 6 ч. 6 ст. 13-1): asked from the 2026-12-04 release on
    "basis_no_company_power": datetime(2026, 12, 5, tzinfo=UTC),
}


def _recorded_since(signoff: SignOff, since: datetime) -> bool:
    """Whether the sign-off was recorded, or dated, at or after ``since`` (either one suffices: a sign-off
    backdated in one of them is still held to the rule by the other)."""
    return signoff.recorded_at >= since or signoff.signed_on >= since.date()


def sealed_problems(inspection: Inspection) -> list[Problem]:
    """Why a signed inspection is not one ``sign`` could have made when it was signed (empty when it is).

    The app refuses to sign while ``signoff_problems`` remain and stores the hash of the
    content; an imported one must meet the same rules, or a relabelled draft with a
    self-computed hash would pass for signed. A sign-off the first release recorded
    (``first_release_signoff``) is held to that release's rules, not to ones added since; one recorded
    before a later rule (``RULES_SINCE``) is not held to that rule.
    """
    if inspection.signoff is None:
        return []
    if first_release_signoff(inspection):
        problems = [p for p in signoff_problems(inspection) if p.code in FIRST_RELEASE_RULES]
    else:
        later = {code for code, since in RULES_SINCE.items() if not _recorded_since(inspection.signoff, since)}
        problems = [p for p in signoff_header_problems(inspection.signoff) + signoff_problems(inspection) if p.code not in later]
    if inspection.sha256 is not None and inspection.content_hash() != inspection.sha256:
        problems.append(Problem(code="hash_mismatch"))
    return problems


def complete(inspection: Inspection, now: datetime) -> Inspection:
    """Mark a draft as completed (ready for review); refused while problems remain."""
    _refuse_if_signed(inspection)
    problems = signoff_problems(inspection)
    if problems:
        raise SignOffRefused(problems)
    if inspection.status is Status.COMPLETED:
        return inspection
    entry = HistoryEntry(at=now, field="status", old=inspection.status.value, new=Status.COMPLETED.value)
    return _rebuild(inspection, status=Status.COMPLETED, history=[*inspection.history, entry], updated_at=now)


def signoff_header_problems(signoff: SignOff) -> list[Problem]:
    """A certificate names the council and the unit that issue it: never signed without them."""
    missing = ["council_name", "unit_name"] if signoff.issuer is None else signoff.issuer.missing()
    return [Problem(code=f"no_{name}") for name in missing]


def sign(inspection: Inspection, signoff: SignOff, now: datetime) -> Inspection:
    """Freeze the inspection: record the sign-off and the sha256 of its content."""
    _refuse_if_signed(inspection)
    problems = signoff_header_problems(signoff) + signoff_problems(inspection)
    if problems:
        raise SignOffRefused(problems)
    entry = HistoryEntry(at=now, field="status", old=inspection.status.value, new=Status.SIGNED.value)
    placeholder = "0" * 64  # validated first, then replaced by the hash of the content without it
    frozen = _rebuild(
        inspection,
        status=Status.SIGNED,
        signoff=signoff,
        history=[*inspection.history, entry],
        updated_at=max(now, inspection.updated_at),
        sha256=placeholder,
    )
    return frozen.model_copy(update={"sha256": frozen.content_hash()})


def new_revision(signed: Inspection, *, id: UUID, now: datetime) -> Inspection:
    """A correction of a signed inspection: a draft copy that points to the original."""
    if signed.status is not Status.SIGNED:
        raise ValueError("only a signed inspection is corrected by a new revision")
    entry = HistoryEntry(at=now, field="revision", old=str(signed.id), new=signed.revision + 1)
    data = signed.model_dump()
    data.update(
        id=id,
        revision=signed.revision + 1,
        supersedes=signed.id,
        status=Status.DRAFT,
        signoff=None,
        sha256=None,
        addenda=[],
        history=[*signed.history, entry],
        created_at=now,
        updated_at=now,
    )
    return Inspection.model_validate(data)



def same_or_appended(signed: Inspection, incoming: Inspection) -> bool:
    """The signed content unchanged; objections received after signing may only be added, never changed.

    What every store checks before it writes over a signed inspection (``InspectionLocked`` otherwise).
    """
    kept = incoming.addenda[: len(signed.addenda)]
    return kept == signed.addenda and incoming.model_copy(update={"addenda": signed.addenda}) == signed


def attach_objection(signed: Inspection, *, received_on: date, text: str, now: datetime) -> Inspection:
    """Attach the head's written objections received after signing, leaving the signed content as it was."""
    if signed.status is not Status.SIGNED:
        raise ValueError("objections after signing are attached to a signed inspection; a draft records them in the sign-off")
    addendum = Addendum(received_on=received_on, text=text, recorded_at=now, sha256=Addendum.digest(received_on, text))
    return _rebuild(signed, addenda=[*signed.addenda, addendum])
