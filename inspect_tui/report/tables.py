"""The report as CSV (for Excel) and JSON (for other programs): the same facts as the PDF and DOCX.

CSV: UTF-8 with a byte-order mark, so Excel reads the Cyrillic as Cyrillic; «;» between
cells, the list separator of Ukrainian regional settings, so Excel splits the columns
on opening. The file is a series of blocks (a title row, a header row, the rows, an
empty row). A cell that begins with ``= + - @`` (or a tab, a carriage return) gets a
leading apostrophe: names come from imported bundles and must not run as formulas.
"""

from __future__ import annotations

import csv
import io
import json

from inspect_tui.escaping import one_line
from inspect_tui.register.annual import AnnualReport, doc_text, listed
from inspect_tui.report import rows

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FORMAT_ID = "inspect-tui-annual-report"
FORMAT_VERSION = 2


def cell(text: str) -> str:
    """A cell Excel shows as text, never runs as a formula, on one line (a line break in a name is shown, ``one_line``)."""
    text = one_line(text)
    return "'" + text if text.startswith(_FORMULA_START) else text


def render_csv(report: AnnualReport) -> bytes:
    buffer = io.StringIO(newline="")
    out = csv.writer(buffer, delimiter=";", lineterminator="\r\n")

    def block(title: str, table: list[list[str]]) -> None:
        out.writerow([cell(title)])
        out.writerows([cell(c) for c in row] for row in table)
        out.writerow([])

    out.writerow([cell(doc_text("footer", year=report.year)), cell(doc_text("as_of", date=f"{report.as_of:%d.%m.%Y}"))])
    out.writerow([])
    block(doc_text("inspections_heading"), rows.register(report.inspections, with_text=True))
    if report.drafts:
        block(doc_text("drafts_heading"), rows.register(report.drafts, with_text=True))
    if report.plan:
        block(doc_text("plan_heading"), [[rows.plan_text(report)], *rows.plan(report)])
    if report.follow_ups:
        block(doc_text("follow_ups_heading"), rows.numbered(report.follow_ups))
    block(doc_text("found_heading"), [[rows.found_text(report)], *rows.progress(report)])
    block(doc_text("enterprises_heading"), rows.enterprises(report))
    block(doc_text("sections_heading"), rows.sections(report))
    if report.number_conflicts:
        block(doc_text("numbers_heading"), rows.numbered(report.number_conflicts))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def render_json(report: AnnualReport) -> bytes:
    """The facts with their types (ISO dates), and the report's lines exactly as printed."""
    data = {
        "format": FORMAT_ID,
        "format_version": FORMAT_VERSION,
        **report.model_dump(mode="json"),
        "lines": listed(report.inspections),
        "draft_lines": listed(report.drafts),
        "follow_up_lines": listed(report.follow_ups),
        "number_conflict_lines": listed(report.number_conflicts),
    }
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
