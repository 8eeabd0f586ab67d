"""Only the whole Law becomes the text in force: fragments, other acts, future editions and hostile headings are
refused by `law load` with the file and the problem named, the stored text unchanged; a bad stored text is passed
over (never a crash) and `law load --replace` recovers from it."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from law_render import portal_html, portal_txt

from inspect_tui.cli import main
from inspect_tui.law.model import LawText
from inspect_tui.law.parse import LawParseError
from inspect_tui.law.sources import parse_bytes
from inspect_tui.law.store import BUNDLED, damaged, dumps, in_force, read_text

LATER = date(2026, 3, 1)


@pytest.fixture(scope="module")
def law() -> LawText:
    return read_text(BUNDLED)


def _txt(law: LawText, edition: date = LATER) -> str:
    return portal_txt(law).replace(f"Редакція від {law.edition:%d.%m.%Y}", f"Редакція від {edition:%d.%m.%Y}")


def _files(data_dir: Path) -> dict[str, bytes]:
    folder = data_dir / "law"
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()} if folder.is_dir() else {}


def _load(data_dir: Path, source: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    code = main(["--data-dir", str(data_dir), "law", "load", str(source), *extra])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.err


def _refused(data_dir: Path, source: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> str:
    before = _files(data_dir)
    code, err = _load(data_dir, source, capsys, *extra)
    assert code == 1 and str(source) in err and "не прийнято" in err, err
    assert _files(data_dir) == before
    return err


def _write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def test_a_fragment_of_six_articles_is_refused(law: LawText, tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = _txt(law)
    fragment = text[: text.index("     Стаття 7.")] + text[text.index("                           Розділ XIII"):]
    err = _refused(data_dir, _write(tmp_path, "six.txt", fragment), capsys)
    assert "бракує статей Закону: 90 з 96" in err


def test_another_law_citing_this_one_is_refused(tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    other = (
        "     Про публічні закупівлі\n     Редакція від 01.03.2026\n"
        "     Цей Закон ураховує вимоги Закону України «Про запобігання корупції».\n"
        "     Стаття 1. Визначення термінів\n     1. Терміни вживаються так.\n"
    )
    err = _refused(data_dir, _write(tmp_path, "other.txt", other), capsys)
    assert "не текст Закону" in err


def test_an_html_page_whose_title_alone_names_the_law_is_refused(law: LawText, tmp_path: Path, data_dir: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    page = portal_html(law).replace('<span class="rvts23">Про запобігання корупції</span>', '<span class="rvts23">Про інше</span>')
    assert "<title>Про запобігання корупції" in page
    err = _refused(data_dir, _write(tmp_path, "page.html", page), capsys, "--edition", "01.03.2026")
    assert "не текст Закону" in err


def test_its_own_stored_form_with_one_article_and_edition_2100_is_refused(law: LawText, tmp_path: Path, data_dir: Path,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(dumps(law))
    data["articles"] = data["articles"][:1]
    assert "бракує статей" in _refused(data_dir, _write(tmp_path, "one.json", json.dumps(data, ensure_ascii=False)), capsys)
    future = {**json.loads(dumps(law)), "edition": "2100-01-01"}
    err = _refused(data_dir, _write(tmp_path, "future.json", json.dumps(future, ensure_ascii=False)), capsys)
    assert "пізніша за сьогодні" in err


def test_an_edition_after_today_given_on_the_command_line_is_refused(law: LawText, tmp_path: Path, data_dir: Path,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    tomorrow = date.today() + timedelta(days=1)
    err = _refused(data_dir, _write(tmp_path, "law.txt", _txt(law)), capsys, "--edition", f"{tomorrow:%d.%m.%Y}")
    assert "пізніша за сьогодні" in err


def test_a_repeated_article_is_refused_where_it_repeats(law: LawText, tmp_path: Path, data_dir: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    text = _txt(law)
    five = text[text.index("     Стаття 5."): text.index("     Стаття 6.")]
    err = _refused(data_dir, _write(tmp_path, "twice.txt", text.replace(five, five + five)), capsys)
    assert "після ст. 5 знову іде ст. 5" in err and "рядок " in err
    stored = json.loads(dumps(law))
    stored["articles"].insert(5, stored["articles"][4])
    assert "знову" in _refused(data_dir, _write(tmp_path, "twice.json", json.dumps(stored, ensure_ascii=False)), capsys)


@pytest.mark.parametrize("length", [600, 2_000, 200_000])
def test_a_huge_heading_is_refused_with_its_place(law: LawText, length: int) -> None:
    text = _txt(law).replace("Стаття 3. Суб", "Стаття 3. " + "Д" * length + " Суб", 1)
    with pytest.raises(LawParseError) as caught:
        parse_bytes(text.encode("utf-8"))
    assert caught.value.where.startswith("рядок ") and "заголовок ст. 3" in caught.value.problem


def test_a_huge_article_number_is_text_not_a_crash(law: LawText) -> None:
    text = _txt(law).replace("     Стаття 3.", "     Стаття " + "9" * 5_000 + ".\n     Стаття 3.", 1)
    parsed = parse_bytes(text.encode("utf-8"))  # no int() of 5,000 digits: the line is a paragraph of ст. 2
    assert [a.number for a in parsed.articles] == [a.number for a in law.articles]


def test_many_superscripts_in_one_paragraph_parse_whole(law: LawText) -> None:
    anchor = '<p class="rvps2">Президент України'
    page = portal_html(law).replace(anchor, "<p>" + "13<sup>1</sup> " * 20_000 + "</p>" + anchor)
    parsed = parse_bytes(page.encode("utf-8"))
    assert parsed.articles == law.articles and parsed.final is not None
    assert parsed.final.paragraphs()[-1].count("13-1") == 20_000


def test_the_whole_law_is_accepted_and_a_newer_one_later(law: LawText, tmp_path: Path, data_dir: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    assert _load(data_dir, _write(tmp_path, "law.txt", _txt(law)), capsys)[0] == 0
    assert in_force(data_dir).edition == LATER
    assert _load(data_dir, _write(tmp_path, "law.html", portal_html(law).replace("ed20260222", "ed20260401")), capsys)[0] == 0
    assert in_force(data_dir).edition == date(2026, 4, 1) and in_force(data_dir).articles == law.articles


def _plant(data_dir: Path, law: LawText, edition: str, **changes: object) -> Path:
    """A stored text as an older version of the program, or a hand edit, left it."""
    folder = data_dir / "law"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"1700-VII-{edition}.json"
    path.write_text(json.dumps({**json.loads(dumps(law)), "edition": edition, **changes}, ensure_ascii=False), "utf-8")
    return path


def test_a_stored_far_future_or_fragment_text_is_passed_over_and_blocks_nothing(law: LawText, tmp_path: Path, data_dir: Path,
                                                                                capsys: pytest.CaptureFixture[str]) -> None:
    _plant(data_dir, law, "2100-01-01", articles=json.loads(dumps(law))["articles"][:1])
    misnamed = _plant(data_dir, law, "2026-02-25")
    misnamed.rename(data_dir / "law" / "1700-VII-2026-02-28.json")
    assert in_force(data_dir) == law  # the shipped text, not the planted one-article text
    problems = " ".join(f"{e.where}: {e.problem}" for e in damaged(data_dir))
    assert "1700-VII-2100-01-01.json" in problems and "пізніша за сьогодні" in problems and "не відповідає редакції" in problems
    assert main(["--data-dir", str(data_dir), "law", "show", "ч. 2 ст. 61"]) == 0
    captured = capsys.readouterr()
    assert "станом на 22.02.2026" in captured.out and "1700-VII-2100-01-01.json" in captured.err
    assert _load(data_dir, _write(tmp_path, "law.txt", _txt(law)), capsys)[0] == 0  # not blocked by the year 2100
    assert in_force(data_dir).edition == LATER


def test_law_load_replace_recovers_from_a_bad_stored_text(law: LawText, tmp_path: Path, data_dir: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    wrong = _plant(data_dir, law, "2026-05-01", source="reworded by hand")  # sound, but the council knows it is wrong
    garbage = data_dir / "law" / "1700-VII-2026-04-01.json"
    garbage.write_bytes(b"\x00garbage")
    source = _write(tmp_path, "law.txt", _txt(law))
    err = _refused(data_dir, source, capsys)
    assert "старіший за чинний" in err and "law load --replace" in err
    code, _ = _load(data_dir, source, capsys, "--replace")
    assert code == 0 and in_force(data_dir).edition == LATER
    kept = _files(data_dir)
    assert [k for k in kept if not k.startswith("replaced/")] == ["1700-VII-2026-03-01.json"]
    set_aside = sorted(k.removeprefix("replaced/") for k in kept if k.startswith("replaced/"))
    assert [name.rsplit(".", 1)[0] for name in set_aside] == [garbage.name, wrong.name]  # moved, never deleted
    assert not damaged(data_dir)


def test_the_checklist_screen_quotes_the_shipped_text_over_a_planted_one(law: LawText, data_dir: Path) -> None:
    from inspect_tui import services

    planted = _plant(data_dir, law, "2100-01-01", articles=json.loads(dumps(law))["articles"][:1])
    assert services.law_in_force(data_dir).article("61") is not None
    assert [str(planted) in e.where for e in services.damaged_law_texts(data_dir)] == [True]
