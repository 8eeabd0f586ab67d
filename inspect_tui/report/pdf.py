"""The annual report as a PDF: the certificate's typeface, header and page furniture («Сторінка N з M»).

The year's lines are a bulleted list; the totals are ruled tables that split across
pages and repeat their header.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import partial

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    HRFlowable,
    KeepTogether,
    LongTable,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from inspect_tui import __version__
from inspect_tui.certificate.fonts import FontSet, register_fonts
from inspect_tui.certificate.page import NumberedCanvas, PageFurniture
from inspect_tui.certificate.story import Styles
from inspect_tui.certificate.text import markup, visible_text
from inspect_tui.domain.text import guillemets
from inspect_tui.register.annual import AnnualReport, FollowUpLine, NumberConflictLine, Outcome, ReportLine, doc_text, listed
from inspect_tui.report import rows

_LEFT, _RIGHT, _TOP, _BOTTOM = 25 * mm, 15 * mm, 18 * mm, 22 * mm
_WIDTH = A4[0] - _LEFT - _RIGHT
_BULLET, _PAD = "•   ", 2  # a list line's bullet and the gap after it; cell padding (points)
_CHUNK = 40  # rows per table of the list
_RULE = colors.Color(0.55, 0.55, 0.55)
_HEAD_FILL = colors.Color(0.91, 0.91, 0.91)


class _Story:
    def __init__(self, report: AnnualReport, fonts: FontSet) -> None:
        self.report = report
        self.fonts = fonts
        self.s = Styles(fonts)
        self.as_of = ParagraphStyle("as_of", self.s.body, alignment=TA_RIGHT, fontSize=10)
        self.caption = ParagraphStyle("caption", self.s.hint, alignment=TA_LEFT)

    def para(self, text: str, style: ParagraphStyle) -> Paragraph:
        return Paragraph(markup(guillemets(text), self.fonts.covered), style)

    def heading(self, key: str) -> list[Flowable]:
        return [CondPageBreak(30 * mm), self.para(doc_text(key), self.s.heading)]

    def story(self) -> list[Flowable]:
        r = self.report
        return [
            *self.header(),
            *self.heading("inspections_heading"),
            *self.lines(r.inspections, "inspections_intro", doc_text("no_inspections", year=r.year)),
            *(self.heading("drafts_heading") + self.lines(r.drafts, "drafts_intro", "") if r.drafts else []),
            *self.heading("plan_heading"),
            *self.plan(),
            *self.heading("follow_ups_heading"),
            *self.lines(r.follow_ups, "follow_ups_intro", doc_text("no_follow_ups", year=r.year)),
            KeepTogether([  # the heading, its sentence and the first table on one page
                self.para(doc_text("found_heading"), self.s.heading), self.para(rows.found_text(r), self.s.body),
                *self.outcome(Outcome.REMEDY),
            ]),
            KeepTogether(self.outcome(Outcome.RESPONSE)),
            *self.heading("enterprises_heading"),
            self.table(rows.enterprises(r), [0.2, 0.11, 0.1, 0.09, 0.09, 0.1, 0.09, 0.12, 0.1]),
            *(self.heading("sections_heading") + [self.table(rows.sections(r), [0.46, 0.14, 0.13, 0.13, 0.14])] if r.by_section else []),
            *(self.heading("numbers_heading") + self.lines(r.number_conflicts, "numbers_intro", "") if r.number_conflicts else []),
            self.signature(),
        ]

    def outcome(self, outcome: Outcome) -> list[Flowable]:
        """The sentence and the table of what became of the «Ні» of ``outcome`` (remedied, or responded to)."""
        table = rows.progress(self.report, outcome)
        return [
            Spacer(1, 4), self.para(rows.outcome_intro(outcome), self.s.body), Spacer(1, 4),
            self.table(table, [0.3, 0.12, 0.12, 0.14, 0.12, 0.1, 0.1], total=len(table) > 2),
        ]

    def signature(self) -> Flowable:
        """The unit head's post, a line to sign on and the name, the captions under them, and the date to fill in."""
        (post, line, name), captions = rows.signature(self.report)
        data = [
            [self.para(post, self.s.left), self.para(line, self.s.center), self.para(name, self.s.left)],
            [self.para(caption, self.s.hint if n == 1 else self.caption) for n, caption in enumerate(captions)],
        ]
        style = TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), self.fonts.regular),  # else the table sets Helvetica, embedded for nothing
            ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 1), (-1, 1), 0),
        ])
        block = Table(data, colWidths=[_WIDTH * f for f in (0.45, 0.25, 0.3)], style=style, hAlign="LEFT")
        return KeepTogether([Spacer(1, 18), block, Spacer(1, 8), self.para(doc_text("signature_date"), self.s.left)])

    def plan(self) -> list[Flowable]:
        r = self.report
        if not r.plan:
            return [self.para(doc_text("no_plan", year=r.year), self.s.body)]
        widths = [0.06, 0.2, 0.22, 0.12, 0.24, 0.16] if rows.plan_councils(r) else [0.07, 0.27, 0.13, 0.31, 0.22]
        texts: list[Flowable] = [self.para(text, self.s.body) for text in rows.plan_texts(r)]
        return [*texts, Spacer(1, 4), self.table(rows.plan(r), widths, total=False)]

    def header(self) -> list[Flowable]:
        r = self.report
        out: list[Flowable] = []
        if r.council.strip():
            out.append(self.para(r.council.upper(), self.s.council))
        if r.unit.strip():
            out.append(self.para(r.unit, self.s.unit))
        if out:
            out.append(HRFlowable(width="100%", thickness=1.2, color=colors.black, spaceBefore=3, spaceAfter=0))
        return out + [
            self.para(doc_text("title"), self.s.title),
            self.para(doc_text("subtitle", year=r.year), self.s.subtitle),
            Spacer(1, 6),
            self.para(doc_text("as_of", date=f"{r.as_of:%d.%m.%Y}"), self.as_of),
        ]

    def lines(self, lines: Sequence[ReportLine | FollowUpLine | NumberConflictLine], intro: str, empty: str) -> list[Flowable]:
        """The lines as a bulleted list: a one-column borderless table whose cells are plain text where
        a line fits the width (drawn as it is: ten times cheaper than a paragraph) and a paragraph with
        a hanging bullet where it must wrap."""
        if not lines:
            return [self.para(empty, self.s.body)]
        font, size = self.fonts.regular, self.s.body.fontSize
        indent = stringWidth(_BULLET, font, size)
        wrapped = ParagraphStyle("line", self.s.left, leftIndent=indent, bulletIndent=0, bulletFontName=font)
        room = _WIDTH - 2 * _PAD
        cells: list[list[str | Paragraph]] = []
        for text in map(guillemets, listed(lines)):
            drawn = _BULLET + visible_text(text, self.fonts.covered)
            fits = stringWidth(drawn, font, size) <= room
            cells.append([drawn if fits else Paragraph(markup(text, self.fonts.covered), wrapped, bulletText=_BULLET.strip())])
        style = TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), font),
            ("FONTSIZE", (0, 0), (-1, -1), size),
            ("LEADING", (0, 0), (-1, -1), self.s.body.leading),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), _PAD),
            ("RIGHTPADDING", (0, 0), (-1, -1), _PAD),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ])
        # tables of a few dozen rows: splitting one table of 10,000 rows at each page re-measures the rest
        chunks = [Table(cells[n : n + _CHUNK], colWidths=[_WIDTH], style=style) for n in range(0, len(cells), _CHUNK)]
        return [self.para(doc_text(intro, count=len(lines)), self.s.body), Spacer(1, 3), *chunks]

    def table(self, data: list[list[str]], fractions: list[float], *, total: bool = True) -> LongTable:
        """A ruled table, header repeated on each page; text cells wrap, numbers are plain cells; ``total``: the last row is one."""
        last = len(data) - 1 if total else -1
        body = [
            [self.para(cell, self.s.cell_bold if n == last else self.s.cell) if not cell.isdigit() else cell for cell in row]
            for n, row in enumerate(data)
        ]
        body[0] = [self.para(text, self.s.count_head) for text in data[0]]
        style = TableStyle([
            ("FONTNAME", (0, 0), (-1, -1), self.fonts.regular),
            *([("FONTNAME", (0, -1), (-1, -1), self.fonts.bold)] if total else []),
            ("FONTSIZE", (0, 0), (-1, -1), 9),
            ("GRID", (0, 0), (-1, -1), 0.4, _RULE),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("ALIGN", (1, 1), (-1, -1), "CENTER"),
            ("BACKGROUND", (0, 0), (-1, 0), _HEAD_FILL),
            ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
        ])
        return LongTable(body, colWidths=[_WIDTH * f for f in fractions], style=style, repeatRows=1)


def render_pdf(report: AnnualReport) -> bytes:
    fonts = register_fonts()
    buffer = io.BytesIO()
    footer = doc_text("footer", year=report.year)
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=_LEFT, rightMargin=_RIGHT, topMargin=_TOP, bottomMargin=_BOTTOM,
        title=footer, author=report.unit or report.council, subject=doc_text("pdf_subject"),
        creator=f"inspect-tui {__version__}", lang="uk", initialFontName=fonts.regular,
    )
    furniture = PageFurniture(
        fonts=fonts, page_size=A4, left_margin=_LEFT, right_margin=_RIGHT, footer_left=footer,
        footer_right=doc_text("as_of", date=f"{report.as_of:%d.%m.%Y}"), draft_mark=None,
    )
    doc.build(_Story(report, fonts).story(), canvasmaker=partial(NumberedCanvas, furniture=furniture))
    return buffer.getvalue()
