"""The report's tables as rows of text: the PDF, the DOCX and the CSV print the same cells."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from inspect_tui.register.annual import (
    AnnualReport,
    FollowUpLine,
    Found,
    NumberConflictLine,
    Outcome,
    PlanLine,
    ReportLine,
    doc_text,
    listed,
)
from inspect_tui.register.plan import PlanState

FOUND_COLUMNS = ("violations", "signs", "shortcomings")
#: the counts of ``Progress``, in the order of the report's columns
PROGRESS_KEYS = ("found", "remedied", "confirmed", "not_remedied", "overdue", "open")
#: the heads of a kind's ``remedied`` and ``not_remedied`` counts: signs are responded to, not remedied
OUTCOME_COLUMNS: dict[Outcome, tuple[str, str]] = {
    Outcome.REMEDY: ("remedied", "not_remedied"),
    Outcome.RESPONSE: ("responded", "not_responded"),
}


def heads(*keys: str) -> list[str]:
    return [doc_text(f"col.{key}") for key in keys]


def _found(found: Found) -> list[str]:
    return [str(found.violations), str(found.signs), str(found.shortcomings)]


def enterprises(report: AnnualReport) -> list[list[str]]:
    """Header, one row per enterprise, and the total."""
    rows = [heads("enterprise", "edrpou", "inspections", *FOUND_COLUMNS, "remedied", "responded", "overdue")]
    rows += [
        [e.enterprise, e.edrpou, str(e.inspections), *_found(e.found), str(e.remedied), str(e.responded), str(e.overdue)]
        for e in report.by_enterprise
    ]
    done = {o: sum(p.remedied for p in report.progress if Outcome.of(p.kind) is o) for o in Outcome}
    overdue = sum(p.overdue for p in report.progress)
    rows.append([
        doc_text("total"), "", str(len(report.inspections)), *_found(report.found), str(done[Outcome.REMEDY]), str(done[Outcome.RESPONSE]),
        str(overdue),
    ])
    return rows


def progress(report: AnnualReport, outcome: Outcome) -> list[list[str]]:
    """Header and one row per kind of «Ні» of ``outcome`` with what became of them; the total where there are two kinds.

    Violations and shortcomings are remedied («Усунено / Не усунено»); signs of an official's
    breach are responded to («Вжито заходів реагування / Не вжито»): each has its own table.
    """
    kinds = [p for p in report.progress if Outcome.of(p.kind) is outcome]
    rows = [[doc_text("col.kind"), *progress_heads(outcome)]]
    rows += [[doc_text(f"kind.{p.kind.value}"), *(str(getattr(p, c)) for c in PROGRESS_KEYS)] for p in kinds]
    if len(kinds) > 1:
        rows.append([doc_text("total"), *(str(sum(getattr(p, c) for p in kinds)) for c in PROGRESS_KEYS)])
    return rows


def progress_heads(outcome: Outcome) -> list[str]:
    """The heads of ``PROGRESS_KEYS`` for the kinds of ``outcome``."""
    done, not_done = OUTCOME_COLUMNS[outcome]
    return heads(*(done if key == "remedied" else not_done if key == "not_remedied" else key for key in PROGRESS_KEYS))


def outcome_intro(outcome: Outcome) -> str:
    """The sentence before an outcome's table."""
    return doc_text(f"{outcome.value}_intro")


def signature(report: AnnualReport) -> list[list[str]]:
    """The unit head's signature block: post, signature line, name; the captions under them; blanks to fill by hand."""
    blank = doc_text("signature_blank")
    return [
        [report.unit_head_position.strip() or blank, blank, report.unit_head_name.strip() or blank],
        [doc_text(f"signature.{key}") for key in ("position", "sign", "name")],
    ]


def sections(report: AnnualReport) -> list[list[str]]:
    """Header and one row per checklist section where something was found, with the total."""
    rows = [heads("section", "with_noes", *FOUND_COLUMNS)]
    rows += [[f"{s.number}. {s.title}", str(s.inspections), *_found(s.found)] for s in report.by_section]
    rows.append([doc_text("total"), "", *_found(report.found)])
    return rows


def found_text(report: AnnualReport) -> str:
    f = report.found
    return doc_text("found_text", year=report.year, violations=f.violations, signs=f.signs, notified=f.notified, shortcomings=f.shortcomings)


def register(lines: list[ReportLine], *, with_text: bool = False) -> list[list[str]]:
    """Header and one row per inspection: the register behind the report's lines (``with_text``: and each line)."""
    texts = listed(lines) if with_text else None
    rows = [heads("no", *(["line"] if with_text else []), "dates", "enterprise", "edrpou", "number", "signed", "status")]
    for n, line in enumerate(lines, start=1):
        signed = f"{line.signed_on:%d.%m.%Y}" if line.signed_on else ""
        number = line.number if line.revision == 1 else doc_text("revision", number=line.number, revision=line.revision)
        text = [texts[n - 1]] if texts is not None else []
        rows.append([str(n), *text, line.dates, line.enterprise, line.edrpou, number, signed, doc_text(f"status.{line.status.value}")])
    return rows


def plan_councils(report: AnnualReport) -> list[str]:
    """The councils whose plans the report states, when that is not the report's own council's plan alone
    (a region's report): each council's plan is then named, totalled and given a column of the table."""
    councils = list(dict.fromkeys(line.council for line in report.plan))
    return [] if councils in ([], [report.council]) else councils


def plan(report: AnnualReport) -> list[list[str]]:
    """Header and one row per entry of the plan: (the council,) enterprise, period, what became of it, why not."""
    several = bool(plan_councils(report))
    rows = [heads("no", *(["council"] if several else []), "enterprise", "period", "execution", "reason")]
    for n, line in enumerate(report.plan, start=1):
        done = doc_text(f"plan_state.{line.state.value}", numbers=", ".join(line.numbers))
        reason = line.reason or ("—" if line.state is not PlanState.NOT_DONE else doc_text("no_reason"))
        rows.append([str(n), *([line.council] if several else []), line.enterprise, line.period, done, reason])
    return rows


def _plan_counts(lines: Sequence[PlanLine]) -> dict[str, int]:
    counts = Counter(line.state for line in lines)
    return {
        "planned": len(lines), "done": counts[PlanState.DONE], "started": counts[PlanState.STARTED],
        "not_done": counts[PlanState.NOT_DONE], "ahead": counts[PlanState.AHEAD],
    }


def plan_texts(report: AnnualReport) -> list[str]:
    """The plan's sentence; for several councils' plans, their sum and then one sentence per council."""
    councils = plan_councils(report)
    if not councils:
        return [doc_text("plan_text", year=report.year, **_plan_counts(report.plan))]
    total = doc_text("plan_text_councils", year=report.year, councils=len(councils), **_plan_counts(report.plan))
    return [total, *(
        doc_text("plan_text_council", council=c, **_plan_counts([line for line in report.plan if line.council == c])) for c in councils
    )]
def numbered(lines: Sequence[ReportLine | FollowUpLine | NumberConflictLine]) -> list[list[str]]:
    """Header and the lines as printed, numbered: for a list the report gives no other columns."""
    return [heads("no", "line"), *([str(n), text] for n, text in enumerate(listed(lines), start=1))]
