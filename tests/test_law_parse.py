"""The Law's text: the shipped structure, its sources (Ansvar JSON, portal TXT and HTML) and hostile files."""

from __future__ import annotations

import gzip
import json
import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from law_render import portal_html, portal_txt

from inspect_tui.law.model import Citation, Kind, LawText, Unit, parse_citation
from inspect_tui.law.parse import LawParseError
from inspect_tui.law.sources import MAX_BYTES, parse_bytes, parse_file
from inspect_tui.law.store import BUNDLED, dumps, read_text

FIXTURES = Path(__file__).parent / "fixtures"
ANSVAR = json.loads(gzip.decompress((FIXTURES / "ansvar-1700-18.json.gz").read_bytes()))


@pytest.fixture(scope="module")
def law() -> LawText:
    return read_text(BUNDLED)


def _raw(article: str) -> list[str]:
    """An article's lines as the Ansvar JSON has them (to count units without the parser)."""
    provision = next(p for p in ANSVAR["provisions"] if p["section"] == article)
    return provision["content"].splitlines()


def _count(lines: list[str], pattern: str) -> int:
    return sum(1 for line in lines if re.match(pattern, line))


# --- the shipped text ---------------------------------------------------------------------------------


def test_the_shipped_text_is_the_parse_of_the_ansvar_json(law: LawText) -> None:
    raw = gzip.decompress((FIXTURES / "ansvar-1700-18.json.gz").read_bytes())
    parsed = parse_bytes(raw, edition=date(2026, 2, 22), source=law.source)
    assert parsed == law
    assert dumps(parsed) == BUNDLED.read_text("utf-8")
    assert law.edition == date(2026, 2, 22) and law.title == "Про запобігання корупції"


def test_every_article_of_the_current_law_is_there(law: LawText) -> None:
    numbers = [a.number for a in law.articles]
    sections = [p["section"] for p in ANSVAR["provisions"]]
    # the JSON's articles up to 73; «172-5» … «172-8» are articles of the КУпАП quoted in п. 5 розд. XIII
    assert numbers == sections[: sections.index("73") + 1]
    assert [n for n in numbers if "-" not in n] == [str(n) for n in range(1, 74)]
    assert {a.number for a in law.articles if a.repealed} == {"35", "48", "49", "50", "51", "65"}
    assert law.counts() == {"articles": 96, "repealed": 6, "parts": 310, "points": 392, "subpoints": 55}


@pytest.mark.parametrize(
    ("article", "parts", "points"),
    [
        ("45", [str(n) for n in range(1, 15)], {"7": 5}),
        ("53", ["1", "2", "3", "6", "7"], {"3": 5}),  # ч. 4, 5 repealed: the JSON drops their notes
        ("61", ["1", "2", "3"], {"3": 5}),
        ("62", ["1", "2", "3", "4", "5"], {"2": 2}),
        ("63", ["1"], {"1": 15}),
        ("64", ["1", "2", "3", "4", "5", "6"], {"3": 3, "5": 6}),
    ],
)
def test_sample_articles_have_their_parts_and_points(law: LawText, article: str, parts: list[str], points: dict[str, int]) -> None:
    unit = law.article(article)
    assert unit is not None
    assert [p.number for p in unit.children] == parts
    assert {p.number: len(p.children) for p in unit.children if p.children} == points
    # the same counts straight from the JSON's lines (parts «N. », points «N) »)
    lines = _raw(article)
    assert _count(lines, r"^\d+\. ") == len(parts)
    assert _count(lines, r"^\d+\) ") == sum(points.values())


def test_sub_points_and_the_final_provisions(law: LawText) -> None:
    point_1 = law.find(Citation("3", "1", "1"))
    point_2 = law.find(Citation("3", "1", "2"))
    assert point_1 is not None and point_2 is not None
    assert [s.number for s in point_1.children] == list("абвгґдеєжзиіїйклм")
    assert [s.number for s in point_2.children] == list("абвгґ")
    assert law.final is not None and law.final.number == "XIII"
    numbers = [p.number for p in law.final.children]
    assert numbers == ["1", "2", *(f"2-{n}" for n in range(1, 19)), "3", "4", "5", "6"]
    gifts = law.find(Citation("XIII", "2-3", section=True))
    assert gifts is not None and "частиною другою статті 23" in gifts.text() and len(gifts.children) == 4
    # articles of other codes quoted in п. 5 stay its text, never articles or points of the Law
    assert "Стаття 172-5. Порушення встановлених законом обмежень щодо одержання подарунків" in law.final.text()
    assert law.article("172-5") is None and law.article("73") is not None and len(law.article("73").children) == 1


def test_superscripts_spacing_and_notes_are_clean(law: LawText) -> None:
    text = law.find(Citation("45", "7"))
    assert text is not None and "статті 52-1 цього Закону" in text.text()
    first = law.find(Citation("23", "1"))
    assert first is not None and "у пунктах 1, 2 частини першої" in first.text()
    assert law.article("35") is not None and law.article("35").title.startswith("{Статтю 35 виключено")


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("ч. 2 ст. 61", "ч. 2 ст. 61"),
        ("п. 1 ч. 2 ст. 62 Закону", "п. 1 ч. 2 ст. 62"),
        ("п.2 «а» ч.1 ст.3", "п. 2 «а» ч. 1 ст. 3"),
        ('п. 2 "а" ч. 1 ст. 3', "п. 2 «а» ч. 1 ст. 3"),
        ("ст. 13 -1", "ст. 13-1"),
        ("стаття 30", "ст. 30"),
        ("п. 2-3 розд. XIII", "п. 2-3 розд. XIII"),
    ],
)
def test_citations_read_as_officials_write_them(text: str, label: str) -> None:
    cite = parse_citation(text)
    assert cite is not None and cite.label() == label


@pytest.mark.parametrize("text", ["", "ч. 2", "статтю 61", "п. 1 ч. 2 розд. XIII", "ст. abc"])
def test_unreadable_citations(text: str) -> None:
    assert parse_citation(text) is None


def test_a_passage_has_the_heading_and_the_lead_of_its_part(law: LawText) -> None:
    passage = law.passage(Citation("62", "2", "1"))
    assert passage is not None
    assert passage[0] == "Стаття 62. Антикорупційна програма юридичної особи"
    assert passage[1].startswith("2. В обов’язковому порядку антикорупційна програма затверджується керівниками:")
    assert passage[2].startswith("1) державних, комунальних підприємств")
    assert law.passage(Citation("62", "9")) is None


# --- the same text from the portal's TXT and HTML ----------------------------------------------------------


def _shape(unit: Unit) -> tuple:  # type: ignore[type-arg]
    return (unit.kind, unit.number, unit.repealed, tuple(_shape(c) for c in unit.children))


@pytest.mark.parametrize("encoding", ["utf-8", "cp1251"])
def test_the_portal_txt_of_the_shipped_text_parses_to_it(law: LawText, encoding: str) -> None:
    parsed = parse_bytes(portal_txt(law).encode(encoding), source=law.source)
    assert parsed == law  # edition from «Редакція від …», every paragraph, number and note in place


def test_the_portal_html_of_the_shipped_text_parses_to_it(law: LawText) -> None:
    assert parse_bytes(portal_html(law).encode("utf-8"), source=law.source) == law


def test_a_hand_written_portal_txt_and_html_give_one_structure() -> None:
    txt = parse_file(FIXTURES / "law-portal-sample.txt")  # Windows-1251, CRLF, wrapped and justified
    html = parse_file(FIXTURES / "law-portal-sample.html")  # rvts spans, <sup>, the hidden-dash superscript
    assert txt.model_copy(update={"source": ""}) == html.model_copy(update={"source": ""})
    assert txt.edition == html.edition == date(2026, 2, 7)
    assert [a.number for a in txt.articles] == ["1", "2", "3", "3-1"]
    assert [_shape(a) for a in txt.articles] == [_shape(a) for a in html.articles]
    repealed = txt.find(Citation("2", "2"))
    assert repealed is not None and repealed.repealed
    assert txt.find(Citation("3", "2")) is not None and "статті 13-1" in txt.find(Citation("3", "2")).text()
    sub = txt.find(Citation("3", "1", "2", "а"))
    assert sub is not None and sub.text() == "а) посадові особи юридичних осіб публічного права;"  # the note after it left out
    assert txt.final is not None and [p.number for p in txt.final.children] == ["1", "2-3", "5"]
    five = txt.find(Citation("XIII", "5", section=True))
    assert five is not None and "1. Трудовий договір припиняється." in five.text()  # quoted, not a part


# --- hostile files -----------------------------------------------------------------------------------------


def _refused(data: bytes, **kwargs: object) -> LawParseError:
    with pytest.raises(LawParseError) as caught:
        parse_bytes(data, **kwargs)  # type: ignore[arg-type]
    return caught.value


def test_not_the_law_is_refused_at_its_first_article() -> None:
    text = "     Про публічні закупівлі\n\n     Стаття 1. Визначення термінів\n\n     1. Терміни.\n"
    error = _refused(text.encode("utf-8"))
    assert error.where == "рядок 3" and "не текст Закону" in error.problem


def test_a_truncated_text_names_where_it_ends(law: LawText) -> None:
    text = portal_txt(law)
    cut = text[: text.index("Стаття 46.")]
    error = _refused(cut.encode("utf-8"))
    assert "закінчується на ст. 45" in error.problem and error.where.startswith("рядок ")
    line = int(error.where.split()[1])
    assert cut.splitlines()[line - 1].strip()  # the last paragraph read, a real line of the file


def test_a_skipped_article_is_refused(law: LawText) -> None:
    text = portal_txt(law)
    start, end = text.index("     Стаття 46."), text.index("     Стаття 47.")
    error = _refused((text[:start] + text[end:]).encode("utf-8"))
    assert "після ст. 45 іде ст. 47" in error.problem
    assert (text[:start] + text[end:]).splitlines()[int(error.where.split()[1]) - 1].strip().startswith("Стаття 47.")


def test_wrong_encodings_are_refused(law: LawText) -> None:
    text = portal_txt(law)
    assert "UTF-16" in _refused(text.encode("utf-16")).problem
    koi8 = _refused(text.encode("koi8-u", errors="replace"))  # decodes as Windows-1251 into nonsense: no Law, no «Стаття»
    assert "кодування" in koi8.problem
    line = next(n for n, row in enumerate(text.splitlines(), start=1) if "Стаття 10." in row)
    damaged = _refused(text.encode("utf-8").replace("Стаття 10.".encode(), b"\xd0 10."))  # one UTF-8 letter cut in half
    assert (damaged.where, damaged.problem) == (f"рядок {line}", "пошкоджений байт: файл у кодуванні UTF-8, а цей рядок — ні")
    legacy = text.encode("cp1251").replace("Стаття 10.".encode("cp1251"), b"\x98 10.")  # 0x98: no letter in Windows-1251
    assert _refused(legacy).where == f"рядок {line}" and "не розпізнано" in _refused(legacy).problem


def test_json_in_another_encoding_names_the_line(law: LawText) -> None:
    data = json.dumps(ANSVAR, ensure_ascii=False, indent=1).encode("cp1251", errors="replace")
    error = _refused(data, edition=date(2026, 2, 22))
    assert error.where.startswith("рядок ") and "UTF-8" in error.problem


def test_a_huge_file_is_refused_unread(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    with pytest.raises(LawParseError) as caught:
        parse_file(huge)
    assert "завеликий" in caught.value.problem


def test_a_text_without_its_edition_asks_for_one(law: LawText) -> None:
    text = portal_txt(law).replace(f"Редакція від {law.edition:%d.%m.%Y}", "")
    assert "--edition" in _refused(text.encode("utf-8")).problem
    assert parse_bytes(text.encode("utf-8"), edition=date(2026, 3, 1)).edition == date(2026, 3, 1)


def test_a_damaged_stored_text_is_refused() -> None:
    stored = json.loads(BUNDLED.read_text("utf-8"))
    stored["articles"][0]["kind"] = "chapter"
    assert "пошкоджено" in _refused(json.dumps(stored).encode()).problem


@given(st.lists(st.text(max_size=80), max_size=40), st.sampled_from(["txt", "html", "json"]))
def test_any_text_is_parsed_or_refused_with_a_place(lines: list[str], kind: str) -> None:
    body = "\n".join(["Про запобігання корупції", "Стаття 1. Визначення", *lines])
    if kind == "html":
        data = ("<html><body>" + "".join(f"<p>{line}</p>" for line in body.splitlines()) + "</body></html>").encode()
    elif kind == "json":
        data = json.dumps({"title": "Про запобігання корупції", "provisions": [{"title": "Стаття 1. Т", "content": body}]}).encode()
    else:
        data = body.encode("utf-8")
    try:
        parsed = parse_bytes(data, edition=date(2026, 1, 1))
    except LawParseError as exc:
        assert exc.where and exc.problem
    else:
        assert parsed.final is not None and parsed.articles[0].number == "1"
        assert all(isinstance(u, Unit) and u.kind in Kind for _, u in parsed.units())
