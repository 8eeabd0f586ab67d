"""Document safety: every text the validators accept lays out in the certificate, at its longest and
without a single space to break at; what is longer is refused by ``checklists validate``."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from factories import T0, checklist_data, enterprise, inspection
from inspect_tui.certificate.render import render_pdf
MAX_TEXT_CHARS = 20_000  # the longest text a checklist accepts
from inspect_tui.domain.checklist import Checklist
from inspect_tui.domain.inspection import Answer, Evidence, update_finding
from inspect_tui.domain.settings import Settings
from inspect_tui.domain.text import Person


def _word(length: int) -> str:
    return "Ж" * length


@pytest.mark.parametrize("field", ["section_title", "question", "article", "legal_basis", "title", "na_reason"])
def test_a_checklist_text_at_the_limit_without_spaces_renders(field: str) -> None:
    data = checklist_data()
    section, item = data["sections"][0], data["sections"][0]["items"][1]
    word = _word(MAX_TEXT_CHARS)
    {
        "section_title": lambda: section["title"].update(uk=word),
        "question": lambda: item["question"].update(uk=word),
        "article": lambda: item["refs"][0].update(article=word),
        "legal_basis": lambda: data["legal_basis"].update(uk=word),
        "title": lambda: data["title"].update(uk=word),
        "na_reason": lambda: item["na_reason"].update(uk=word),  # printed: the item needs headcount > 50
    }[field]()
    ins = inspection(ent=enterprise(headcount=10), cl=Checklist.model_validate(data))
    pdf = render_pdf(ins, Settings())
    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 2


def test_every_inspection_text_at_its_longest_renders() -> None:
    """Notes, recommendations, documents, evidence names, people and header fields, each at its maximum."""
    long = _word(20_000)
    ins = inspection(
        ent=enterprise(name=_word(500), short_name=_word(200), legal_form=_word(100), address=_word(500),
                       head_name=_word(200), head_position=_word(300), responsible_person=_word(300)),
        number=_word(100), place=_word(200), conclusion=long,
        inspectors=[Person(name=_word(200), position=_word(300))],
    )
    evidence = [Evidence(filename=_word(255), sha256=f"{n:064x}", size=n) for n in range(40)]
    ins = update_finding(
        ins, "a", T0, answer=Answer.VIOLATION, note=long, recommendation=long, documents=[_word(1000)] * 5,
        evidence=evidence, deadline=date(2026, 12, 31),
    )
    settings = Settings(council_name=_word(300), unit_name=_word(300), place=_word(200))
    assert len(PdfReader(io.BytesIO(render_pdf(ins, settings))).pages) > 5

