"""What a certificate states, derived from the inspection without any layout: numbers, counts, dates.

Kept apart from the reportlab code so the content rules (numbering, which
items go where, evidence checks) read plainly and are testable on their own.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from inspect_tui.answers import ANSWERS, AnswerRow, in_act_order
from inspect_tui.domain.checklist import Basis, Item
from inspect_tui.domain.inspection import Answer, Evidence, Finding, Inspection, NoKind
from inspect_tui.i18n import catalog, translate

#: The certificate is an official Ukrainian document whatever the interface language.
DOC_LANGUAGE = "uk"


def doc_text(key: str, /, **params: Any) -> str:
    """A certificate phrase (``certificate.doc.<key>``) in the document language, formatted."""
    template = catalog(DOC_LANGUAGE)[f"certificate.doc.{key}"]
    return template.format(**params) if params else template


def follow_up_text(number: str, signed_on: date) -> str:
    """A follow-up inspection's certificate names the certificate whose remedy it checks."""
    return translate(DOC_LANGUAGE, "actions.certificate.follow_up", number=number, date=fmt_date(signed_on))


#: a follow-up's «Так» confirms the remedy, its «Ні» finds it not remedied (``follow_up_answered`` names any other answer)
_OUTCOME_KEYS = {Answer.COMPLIES: "follow_up_confirmed", Answer.NO: "follow_up_not_remedied"}


def follow_up_outcome(inspection: Inspection) -> str | None:
    """What a follow-up found of each item it checked, by the original certificate's numbers: «Так» confirms
    the remedy, «Ні» says it is not remedied; any other answer is named as it is. None for an inspection
    that follows up none."""
    follow_up = inspection.follows_up_of
    if follow_up is None:
        return None
    numbers = inspection.checklist.item_numbers()
    by_answer: dict[Answer, list[str]] = {}
    for item in inspection.checklist.items:
        by_answer.setdefault(inspection.findings[item.id].answer, []).append(numbers[item.id])
    parts = [
        doc_text(_OUTCOME_KEYS.get(row.answer, "follow_up_answered"), answer=answer_label(row.answer), items=", ".join(by_answer[row.answer]))
        for row in in_act_order()
        if row.answer in by_answer
    ]
    return doc_text("follow_up_outcome", number=follow_up.number, list="; ".join(parts))


def answer_label(answer: Answer) -> str:
    """An answer's name as the certificate prints it («Так», «Ні», …)."""
    return catalog(DOC_LANGUAGE)[ANSWERS[answer].label_key]


def result_columns(counts: dict[Answer, int]) -> list[AnswerRow]:
    """The answers the results table counts: the four of the unified acts always, the others only when
    some item has them (an unfinished draft's «без відповіді»)."""
    return [row for row in in_act_order() if row.official or counts[row.answer]]


def fmt_date(day: date) -> str:
    """Dates as Ukrainian documents write them: 22.03.2026."""
    return day.strftime("%d.%m.%Y")


def fmt_amount(amount: int) -> str:
    """Whole hryvnias with thin groups: 95 000 000."""
    return f"{amount:,}".replace(",", "\u00a0")


@dataclass(frozen=True)
class Row:
    """One checklist item with its printed number ("2.3"), its finding and what a «Ні» on it states."""

    number: str
    item: Item
    finding: Finding
    no_kind: NoKind

    @property
    def is_no(self) -> bool:
        return self.finding.answer is Answer.NO

    @property
    def is_violation(self) -> bool:
        """A «Ні» on a duty of the entity: printed as «порушено вимоги …»."""
        return self.is_no and self.no_kind is NoKind.VIOLATION

    @property
    def is_signs(self) -> bool:
        """A «Ні» on an official's duty: «виявлено ознаки порушення вимог …» (the offence and the guilt are established in the procedure the law sets)."""
        return self.is_no and self.no_kind is NoKind.SIGNS

    @property
    def is_shortcoming(self) -> bool:
        """A «Ні» on practice, a permissive or a rule-excluded norm: a recommendation, never a breach of the Law."""
        return self.is_no and self.no_kind is NoKind.SHORTCOMING

    @property
    def is_law(self) -> bool:
        """Whether the item checks a duty of the Law (not practice or a permissive norm)."""
        return self.item.basis is Basis.LAW


def rows(inspection: Inspection) -> list[Row]:
    """Every item in checklist order, numbered section.item from 1."""
    numbers, profile = inspection.checklist.item_numbers(), inspection.enterprise.profile()
    return [
        Row(numbers[item.id], item, inspection.findings[item.id], inspection.no_kind(item, profile))
        for item in inspection.checklist.items
    ]


def section_counts(inspection: Inspection) -> list[tuple[str, dict[Answer, int]]]:
    """(section title, answers counted) for each checklist section."""
    return [
        (section.title.get(DOC_LANGUAGE), inspection.counts(item.id for item in section.items))
        for section in inspection.checklist.sections
    ]


def certificate_date(inspection: Inspection) -> date:
    """The date on the certificate: the signing date, or for a draft the end of the inspection (its start while
    no end is set)."""
    return inspection.signoff.signed_on if inspection.signoff else inspection.end_date or inspection.start_date


def remedy(found: list[Row]) -> tuple[date, str] | None:
    """By when the head is asked to report (the latest deadline of a «Ні») and on what, in words.

    Each kind of finding is asked about in its own words: violations are remedied, shortcomings
    too, but signs of an official's breach are answered with measures (a conflict settled, the
    question of disciplinary liability considered), never «усунення порушень».
    """
    dated = [r for r in found if r.finding.answer is Answer.NO and r.finding.deadline]
    if not dated:
        return None
    kinds = [
        key
        for key, present in (
            ("remedy_violations", any(r.is_violation for r in dated)),
            ("remedy_signs", any(r.is_signs for r in dated)),
            ("remedy_shortcomings", any(r.is_shortcoming for r in dated)),
        )
        if present
    ]
    phrases = [doc_text(key) for key in kinds]
    what = ", ".join(phrases[:-1]) + doc_text("remedy_and") + phrases[-1] if len(phrases) > 1 else phrases[0]
    return max(r.finding.deadline for r in dated if r.finding.deadline), what


#: the store's attachment by its sha256 (its bytes as stored, or None): ``RegisterStore.read_evidence``
EvidenceReader = Callable[[str], bytes | None]


class EvidenceState(StrEnum):
    OK = "evidence_ok"
    MISSING = "evidence_missing"
    MISMATCH = "evidence_mismatch"


def evidence_state(evidence: Evidence, read: EvidenceReader) -> EvidenceState:
    """Whether the attachment is in the store (``read`` gives its bytes, or None) and still has its hash."""
    data = read(evidence.sha256)
    if data is None:
        return EvidenceState.MISSING
    return EvidenceState.OK if hashlib.sha256(data).hexdigest() == evidence.sha256 else EvidenceState.MISMATCH


def upper_first(text: str) -> str:
    """"розпорядження міського голови" → "Розпорядження міського голови" at the start of a sentence."""
    return text[:1].upper() + text[1:]


def lower_first(name: str) -> str:
    """"Відділ з питань…" → "відділ з питань…" inside a sentence; acronyms ("ЦНАП") stay as they are."""
    if len(name) > 1 and name[0].isupper() and name[1].islower():
        return name[0].lower() + name[1:]
    return name
