"""The annual report pastes into the council's Word document (issue 19): Ukrainian, the council's face on
every style, fitted columns, bold header rows; names typed with straight quotes print with «…»."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import docx
from docx.oxml.ns import qn
from factories import enterprise, inspection
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from inspect_tui.certificate import render_certificate
from inspect_tui.domain.settings import Settings
from inspect_tui.domain.text import guillemets
from inspect_tui.register.annual import annual_report
from inspect_tui.report import render
from inspect_tui.report.word import FONT, LANGUAGE
from inspect_tui.store import Store

TYPED = 'МКП "Водоканал"'


def test_straight_and_english_quotes_become_ukrainian_ones() -> None:
    assert guillemets('КП "Водоканал"') == "КП «Водоканал»"
    assert guillemets("МКП “Вода”") == "МКП «Вода»"
    assert guillemets('КНП "Центр "Здоров\'я""') == "КНП «Центр «Здоров'я»»"
    assert guillemets('("x") і "y"') == "(«x») і «y»"
    assert guillemets("КП «Вже так»") == "КП «Вже так»"


@given(st.text(max_size=60))
def test_only_quotation_marks_change(text: str) -> None:
    out = guillemets(text)
    assert len(out) == len(text) and not set('"“”„') & set(out)
    assert all(a == b or a in '"“”„' for a, b in zip(text, out, strict=True))


def _year(store: Store) -> None:
    water = enterprise(short_name=TYPED, name='Міське комунальне підприємство "Водоканал"')
    store.save_enterprise(water)
    store.save_inspection(inspection(water, start_date=date(2026, 3, 3), end_date=date(2026, 3, 3)))


def test_the_docx_is_ukrainian_in_the_councils_face_with_fitted_columns_and_bold_heads(tmp_path: Path) -> None:
    with Store.open(tmp_path / "data") as store:
        _year(store)
        report = annual_report(store, 2026, today=date(2026, 12, 1))
    document = docx.Document(io.BytesIO(render(report, "docx")))
    for name in ("Normal", "Heading 2", "List Bullet", "Table Grid"):
        rpr = document.styles[name].element.rPr
        fonts = rpr.rFonts
        # the theme's fonts would win over the face for headings and Cyrillic: none are left
        assert not [a for a in fonts.attrib if "Theme" in a or a.endswith("cstheme")], name
        assert {fonts.get(qn(f"w:{s}")) for s in ("ascii", "hAnsi", "eastAsia", "cs")} == {FONT}, name
        assert rpr.find(qn("w:lang")).get(qn("w:val")) == LANGUAGE, name
    lines = [p.text for p in document.paragraphs if p.style is not None and p.style.name == "List Bullet"]
    assert lines and all("«Водоканал»" in line and '"' not in line for line in lines)
    for table in document.tables[:-1]:  # the last one is the signature block: no rules, no bold
        rows = list(table.rows)
        assert all(run.bold for cell in rows[0].cells for p in cell.paragraphs for run in p.runs)
        assert not any(run.bold for cell in rows[1].cells for p in cell.paragraphs for run in p.runs) or len(rows) == 2
        widths = [cell.width for cell in rows[0].cells]
        assert len(set(widths)) > 1 or len(widths) == 1  # sized by their text, not split evenly
        assert abs(sum(w.mm for w in widths) - 165) < 1


def test_the_certificate_prints_a_typed_name_with_ukrainian_quotes(tmp_path: Path) -> None:
    water = enterprise(short_name=TYPED, name='Міське комунальне підприємство "Водоканал"')
    pdf = render_certificate(inspection(water), Settings(), tmp_path / "c.pdf")
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() or "" for page in PdfReader(pdf).pages))
    assert "Міське комунальне підприємство «Водоканал»" in text and "МКП «Водоканал»" in text and '"Водоканал"' not in text
