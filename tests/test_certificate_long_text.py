"""Document safety: every text the validators accept lays out in the certificate, at its longest and
without a single space to break at; what is longer is refused by ``checklists validate``.

The longest checklist text is read from the domain's bound, so the proof follows the validator."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from annotated_types import MaxLen
from factories import T0, checklist_data, enterprise, inspection
from pypdf import PdfReader

from inspect_tui.certificate.render import render_pdf
from inspect_tui.checklists import check_file
from inspect_tui.cli import main
from inspect_tui.domain.checklist import Checklist
from inspect_tui.domain.inspection import Answer, Evidence, update_finding
from inspect_tui.domain.settings import Settings
from inspect_tui.domain.text import Person, Text

MAX_TEXT_CHARS = next(rule.max_length for rule in Text.model_fields["uk"].metadata if isinstance(rule, MaxLen))


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
        ins, "a", T0, answer=Answer.NO, note=long, recommendation=long, documents=[_word(1000)] * 5,
        evidence=evidence, deadline=date(2026, 12, 31),
    )
    settings = Settings(council_name=_word(300), unit_name=_word(300), place=_word(200))
    assert len(PdfReader(io.BytesIO(render_pdf(ins, settings))).pages) > 5


def test_validate_refuses_a_text_longer_than_the_certificate_lays_out(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "long.toml"
    title = _word(MAX_TEXT_CHARS + 1)
    path.write_text(
        'id = "long"\nversion = "1"\ntitle = { uk = "Перелік" }\nlegal_basis = { uk = "Закон" }\n'
        f'[[sections]]\nid = "s1"\ntitle = {{ uk = "{title}" }}\n'
        '[[sections.items]]\nid = "a"\nquestion = { uk = "Питання?" }\nrefs = [{ article = "61" }]\n',
        "utf-8",
    )
    checklist, problems = check_file(path)
    assert checklist is None and len(problems) == 1
    assert problems[0].place == "s1" and "title.uk" in problems[0].reason and str(MAX_TEXT_CHARS) in problems[0].reason
    assert main(["checklists", "validate", str(path)]) == 1
    assert "задовгий текст" in capsys.readouterr().err
