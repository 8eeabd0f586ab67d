"""A draft of the certificate's conclusion, generated from the findings for the inspector to edit.

The draft states only what the findings establish: counts of violations, signs of
individuals' breaches and shortcomings, with «за розглянутими питаннями» wherever some
items were not examined, and never grades the entity («задовільний» has no criteria in
the Law). What the head is asked to do is a recommendation: the unit has no power to order.
"""

from __future__ import annotations

from inspect_tui.certificate.facts import doc_text, fmt_date
from inspect_tui.domain.checklist import Basis
from inspect_tui.domain.inspection import Answer, Inspection, NoKind


def scope(inspection: Inspection) -> str:
    """« за розглянутими питаннями» when some items were not examined, else nothing."""
    return doc_text("scope_examined") if inspection.counts()[Answer.NOT_EXAMINED] else ""


def draft_conclusion(inspection: Inspection) -> str:
    """The conclusion as the findings state it, in the certificate's language."""
    kinds = [kind for _, kind in inspection.noes()]
    found = {kind: kinds.count(kind) for kind in NoKind}
    counts = inspection.counts()
    where = scope(inspection)
    parts: list[str] = []
    if not kinds:
        parts.append(doc_text("draft_clean", scope=where))
    else:
        listed = [doc_text(f"draft_count_{kind.value}", count=found[kind]) for kind in NoKind if found[kind]]
        parts.append(doc_text("draft_found", scope=where, list="; ".join(listed)))
    parts.append(
        doc_text(
            "draft_items",
            total=len(inspection.findings),
            complies=counts[Answer.COMPLIES],
            # practice items answered «Так» are not requirements of the Law confirmed
            complies_law=sum(1 for item in inspection.checklist.items if item.basis is Basis.LAW
                             and inspection.findings[item.id].answer is Answer.COMPLIES),
            na=counts[Answer.NOT_APPLICABLE],
            not_examined=counts[Answer.NOT_EXAMINED],
        )
    )
    deadlines = [f.deadline for f in inspection.findings.values() if f.answer is Answer.NO and f.deadline]
    if deadlines:
        first, last = min(deadlines), max(deadlines)
        key = "draft_deadline" if first == last else "draft_deadlines"
        parts.append(doc_text(key, first=fmt_date(first), last=fmt_date(last)))
    if found[NoKind.SIGNS]:
        parts.append(doc_text("draft_signs"))
    return " ".join(parts)
