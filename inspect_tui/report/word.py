"""The annual report as a Word document (python-docx).

The council assembles its year-end report in Word, so the year's lines are real Word
paragraphs (style «List Bullet»), one per inspection, to copy and paste; the totals are
Word tables. Text that XML cannot hold (control characters from an imported name) is
shown as ``[U+XXXX]`` instead of failing the whole document.
"""

from __future__ import annotations

import copy
import io
import re
from collections.abc import Sequence

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.styles.style import CharacterStyle
from docx.text.paragraph import Paragraph

from inspect_tui.domain.text import guillemets
from inspect_tui.register.annual import AnnualReport, FollowUpLine, NumberConflictLine, Outcome, ReportLine, doc_text, listed
from inspect_tui.report import rows

#: Characters XML 1.0 cannot carry (python-docx would refuse the whole document).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
FONT = "Times New Roman"  # the usual face of a council's documents; Word substitutes where it is missing
LANGUAGE = "uk-UA"  # Word checks spelling and hyphenates in the document's language
#: the width a table may take: A4 less the margins
_TEXT_WIDTH_MM = 210 - 30 - 15
#: a column is sized by its longest text, within these bounds (characters), so a date column does not take
#: as much room as the enterprise's name
_COLUMN_CHARS = (4, 40)


def xml_safe(text: str) -> str:
    """Text XML can carry, its quotation marks as Ukrainian documents print them (``guillemets``)."""
    return _NOT_XML.sub(lambda m: f"[U+{ord(m.group()):04X}]", guillemets(text))


class _Writer:
    def __init__(self, report: AnnualReport) -> None:
        self.report = report
        self.doc: DocumentObject = Document()
        section = self.doc.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin, section.right_margin, section.top_margin, section.bottom_margin = Mm(30), Mm(15), Mm(20), Mm(20)
        normal = self.doc.styles["Normal"]
        normal.font.size = Pt(14)
        for name in ("Normal", "Heading 1", "Heading 2", "List Bullet", "Table Grid"):
            _ukrainian(self.doc.styles[name])
        for name in ("Heading 1", "Heading 2"):
            heading = self.doc.styles[name]
            heading.font.size = Pt(14)
            heading.font.color.rgb = RGBColor(0, 0, 0)
        self.bullet = self.doc.styles["List Bullet"]  # looked up once: by name, each paragraph would search the styles

    def para(self, text: str, *, bold: bool = False, align: WD_ALIGN_PARAGRAPH | None = None) -> None:
        paragraph = self.doc.add_paragraph()
        run = paragraph.add_run(xml_safe(text))
        run.bold = bold
        if align is not None:
            paragraph.alignment = align

    def heading(self, key: str) -> None:
        self.doc.add_heading(doc_text(key), level=2)

    def build(self) -> bytes:
        r = self.report
        if r.council.strip():
            self.para(r.council.upper(), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        if r.unit.strip():
            self.para(r.unit, align=WD_ALIGN_PARAGRAPH.CENTER)
        self.para(doc_text("title"), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        self.para(doc_text("subtitle", year=r.year), bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        self.para(doc_text("as_of", date=f"{r.as_of:%d.%m.%Y}"), align=WD_ALIGN_PARAGRAPH.RIGHT)
        self.heading("inspections_heading")
        self.lines(r.inspections, "inspections_intro", doc_text("no_inspections", year=r.year))
        if r.drafts:
            self.heading("drafts_heading")
            self.lines(r.drafts, "drafts_intro", "")
        self.heading("plan_heading")
        if r.plan:
            for text in rows.plan_texts(r):
                self.para(text)
            self.table(rows.plan(r), total=False)
        else:
            self.para(doc_text("no_plan", year=r.year))
        self.heading("follow_ups_heading")
        self.lines(r.follow_ups, "follow_ups_intro", doc_text("no_follow_ups", year=r.year))
        self.heading("found_heading")
        self.para(rows.found_text(r))
        for outcome in Outcome:
            self.para(rows.outcome_intro(outcome))
            table = rows.progress(r, outcome)
            self.table(table, total=len(table) > 2)
        self.heading("enterprises_heading")
        self.table(rows.enterprises(r))
        if r.by_section:
            self.heading("sections_heading")
            self.table(rows.sections(r))
        if r.number_conflicts:
            self.heading("numbers_heading")
            self.lines(r.number_conflicts, "numbers_intro", "")
        self.signature()
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()

    def lines(self, lines: Sequence[ReportLine | FollowUpLine | NumberConflictLine], intro: str, empty: str) -> None:
        """The intro, then one «List Bullet» paragraph per line, before an empty closing paragraph.

        python-docx costs O(n) per appended paragraph (it looks for the section properties
        among the body's children) and O(styles) per paragraph style set (it looks for the
        default style): 10,000 lines took 20 s. So the first line is made through its API,
        and the others are copies of its element with their own text, inserted before the end.
        """
        if not lines:
            self.para(empty)
            return
        self.para(doc_text(intro, count=len(lines)))
        end = self.doc.add_paragraph()
        first, *rest = listed(lines)
        model = end.insert_paragraph_before(xml_safe(first), style=self.bullet)
        for text in rest:
            element = copy.deepcopy(model._p)
            end._p.addprevious(element)
            Paragraph(element, model._parent).text = xml_safe(text)

    def table(self, data: list[list[str]], *, total: bool = True, grid: bool = True) -> None:
        """A table of ``data``: ruled, its first row (and with ``total`` its last) bold; without ``grid``, plain text in columns."""
        table = self.doc.add_table(rows=len(data), cols=len(data[0]))
        if grid:
            table.style = self.doc.styles["Table Grid"]
        table.autofit = False
        widths = _widths(data)
        last = len(data) - 1
        # python-docx makes a new row object on every access: a row is recognised by its index, never by identity
        for index, (row, values) in enumerate(zip(table.rows, data, strict=True)):
            for cell, value, width in zip(row.cells, values, widths, strict=True):
                cell.width = width
                run = cell.paragraphs[0].add_run(xml_safe(value))
                run.font.size = Pt(11)
                run.bold = grid and (index == 0 or (total and index == last))
        for column, width in zip(table.columns, widths, strict=True):
            column.width = width
        self.doc.add_paragraph()

    def signature(self) -> None:
        """The unit head's post, a line to sign on and the name, the captions under them, and the date to fill in."""
        self.doc.add_paragraph()
        self.table(rows.signature(self.report), grid=False)
        self.para(doc_text("signature_date"))


def _ukrainian(style: CharacterStyle) -> None:
    """The style's text in ``FONT`` for every script (not the theme's fonts, which Word would otherwise use for
    headings and for Cyrillic) and in Ukrainian, so that Word neither swaps the face nor flags every word."""
    style.font.name = FONT
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    for script in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(script), FONT)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.insert_element_before(lang, "w:eastAsianLayout", "w:specVanish", "w:oMath")
    lang.set(qn("w:val"), LANGUAGE)
    lang.set(qn("w:eastAsia"), LANGUAGE)


def _widths(data: list[list[str]]) -> list[Mm]:
    """Column widths in proportion to each column's longest text (within ``_COLUMN_CHARS``), filling the text width."""
    low, high = _COLUMN_CHARS
    chars = [min(high, max(low, *(len(row[i]) for row in data))) for i in range(len(data[0]))]
    return [Mm(_TEXT_WIDTH_MM * c / sum(chars)) for c in chars]


def render_docx(report: AnnualReport) -> bytes:
    return _Writer(report).build()
