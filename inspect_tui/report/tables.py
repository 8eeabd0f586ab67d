"""The report as CSV (for Excel) and JSON (for other programs): the same facts as the PDF and DOCX.

CSV: UTF-8 with a byte-order mark, so Excel reads the Cyrillic as Cyrillic; «;» between
cells, the list separator of Ukrainian regional settings, so Excel splits the columns
on opening. The file is a series of blocks (a title row, a header row, the rows, an
empty row). A cell that begins with ``= + - @`` (or a tab, a carriage return) gets a
leading apostrophe: names come from imported bundles and must not run as formulas.
An ЄДРПОУ code is written ``="00032129"``, the one way Excel keeps a number's leading zeros
from a CSV file (it shows 00032129; a plain 00032129 would open as 32129).
"""

from __future__ import annotations

import csv
import io
import json

from inspect_tui.domain.actions import ActionKind
from inspect_tui.domain.text import guillemets
from inspect_tui.escaping import one_line
from inspect_tui.register.annual import AnnualReport, Outcome, doc_text, listed
from inspect_tui.register.csvtable import excel_safe
from inspect_tui.report import rows

FORMAT_ID = "inspect-tui-annual-report"
#: 3: the remedy columns of signs of breaches say «measures of response taken / not taken» (``columns``), the
#: enterprises' ``remedied`` counts violations and shortcomings and ``responded`` the signs; ``date_dash``
FORMAT_VERSION = 3


def cell(text: str) -> str:
    """A cell Excel shows as text, never runs as a formula, on one line (a line break in a name is shown,
    ``one_line``); quotation marks as documents print them."""
    return excel_safe(one_line(guillemets(text)))


def _code(text: str) -> str:
    """An ЄДРПОУ code as Excel keeps it: text, with its leading zeros."""
    return f'="{text}"' if text.isascii() and text.isdecimal() else cell(text)


def render_csv(report: AnnualReport) -> bytes:
    buffer = io.StringIO(newline="")
    out = csv.writer(buffer, delimiter=";", lineterminator="\r\n")

    code_head = rows.heads("edrpou")[0]

    def block(title: str, table: list[list[str]]) -> None:
        out.writerow([cell(title)])
        codes = {i for i, head in enumerate(table[0]) if head == code_head} if table else set()
        out.writerows(table[:1])
        out.writerows([_code(c) if i in codes else cell(c) for i, c in enumerate(row)] for row in table[1:])
        out.writerow([])

    out.writerow([cell(doc_text("footer", year=report.year)), cell(doc_text("as_of", date=f"{report.as_of:%d.%m.%Y}"))])
    out.writerow([])
    block(doc_text("inspections_heading"), rows.register(report.inspections, with_text=True))
    if report.drafts:
        block(doc_text("drafts_heading"), rows.register(report.drafts, with_text=True))
    if report.plan:
        block(doc_text("plan_heading"), [*([text] for text in rows.plan_texts(report)), *rows.plan(report)])
    if report.follow_ups:
        block(doc_text("follow_ups_heading"), rows.numbered(report.follow_ups))
    block(doc_text("found_heading"), [[rows.found_text(report)]])
    for outcome in Outcome:
        block(rows.outcome_intro(outcome), rows.progress(report, outcome))
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
        # the keys of ``progress`` are the same for every kind; what its counts mean, the report's column heads
        "columns": {
            kind.value: dict(zip(rows.PROGRESS_KEYS, rows.progress_heads(Outcome.of(kind)), strict=True)) for kind in ActionKind
        },
        "lines": [guillemets(line) for line in listed(report.inspections)],
        "draft_lines": [guillemets(line) for line in listed(report.drafts)],
        "plan_lines": [guillemets(line) for line in rows.plan_texts(report)] if report.plan else [],
        "follow_up_lines": [guillemets(line) for line in listed(report.follow_ups)],
        "number_conflict_lines": [guillemets(line) for line in listed(report.number_conflicts)],
    }
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
