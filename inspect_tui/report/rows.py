"""The report's tables as rows of text: the PDF, the DOCX and the CSV print the same cells."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from inspect_tui.register.annual import AnnualReport, FollowUpLine, Found, NumberConflictLine, PlanState, ReportLine, doc_text, listed

FOUND_COLUMNS = ("violations", "signs", "shortcomings")


def heads(*keys: str) -> list[str]:
    return [doc_text(f"col.{key}") for key in keys]


def _found(found: Found) -> list[str]:
    return [str(found.violations), str(found.signs), str(found.shortcomings)]


def enterprises(report: AnnualReport) -> list[list[str]]:
    """Header, one row per enterprise, and the total."""
    rows = [heads("enterprise", "edrpou", "inspections", *FOUND_COLUMNS, "remedied", "overdue")]
    rows += [
        [e.enterprise, e.edrpou, str(e.inspections), *_found(e.found), str(e.remedied), str(e.overdue)] for e in report.by_enterprise
    ]
    remedied, overdue = sum(p.remedied for p in report.progress), sum(p.overdue for p in report.progress)
    rows.append([doc_text("total"), "", str(len(report.inspections)), *_found(report.found), str(remedied), str(overdue)])
    return rows


def progress(report: AnnualReport) -> list[list[str]]:
    """Header, one row per kind of «Ні» with what became of them, and the total."""
    columns = ("found", "remedied", "confirmed", "not_remedied", "overdue", "open")
    rows = [heads("kind", *columns)]
    rows += [[doc_text(f"kind.{p.kind.value}"), *(str(getattr(p, c)) for c in columns)] for p in report.progress]
    rows.append([doc_text("total"), *(str(sum(getattr(p, c) for p in report.progress)) for c in columns)])
    return rows


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


def plan(report: AnnualReport) -> list[list[str]]:
    """Header and one row per entry of the plan: enterprise, period, what became of it, why not."""
    rows = [heads("no", "enterprise", "period", "execution", "reason")]
    for n, line in enumerate(report.plan, start=1):
        done = doc_text(f"plan_state.{line.state.value}", numbers=", ".join(line.numbers))
        rows.append([str(n), line.enterprise, line.period, done, line.reason or ("—" if line.state is not PlanState.NOT_DONE else doc_text("no_reason"))])
    return rows


def plan_text(report: AnnualReport) -> str:
    counts = Counter(line.state for line in report.plan)
    return doc_text(
        "plan_text", year=report.year, planned=len(report.plan), done=counts[PlanState.DONE], started=counts[PlanState.STARTED],
        not_done=counts[PlanState.NOT_DONE], ahead=counts[PlanState.AHEAD],
    )
def numbered(lines: Sequence[ReportLine | FollowUpLine | NumberConflictLine]) -> list[list[str]]:
    """Header and the lines as printed, numbered: for a list the report gives no other columns."""
    return [heads("no", "line"), *([str(n), text] for n, text in enumerate(listed(lines), start=1))]
