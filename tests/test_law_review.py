"""Checklists against the Law: review records, check-law's report of what changed, and `law load/show`."""

from __future__ import annotations

import gzip
import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from factories import inspection, pinned_checklist
from law_render import edited, portal_txt, reworded

from inspect_tui.checklists import check_file
from inspect_tui.cli import main
from inspect_tui.domain.checklist import Checklist
from inspect_tui.law.model import LawText
from inspect_tui.law.review import RefStatus, accept, check_checklist, word_diff
from inspect_tui.law.store import BUNDLED, dumps, in_force, read_text
from inspect_tui.paths import bundled_checklists_dir

DATA = Path(__file__).parent / "data"
NEW = date(2026, 6, 1)


@pytest.fixture(scope="module")
def law() -> LawText:
    return read_text(BUNDLED)


def _amended(law: LawText) -> LawText:
    """A later text: ч. 2 ст. 61 reworded, ст. 30 repealed, a new ч. 6 in ст. 64 (the old ч. 6 is now ч. 7)."""
    amended = reworded(law, "61", "2", "Керівник юридичної особи забезпечує щорічну оцінку корупційних ризиків у її діяльності.")
    amended = edited(amended, "30", lambda a: {"kind": "article", "number": "30", "repealed": True,
                                               "title": "{Статтю 30 виключено на підставі Закону № 9999-IX від 01.05.2026}", "body": []})

    def renumber(article: dict) -> dict:  # type: ignore[type-arg]
        parts = [b for b in article["body"] if isinstance(b, dict)]
        old_six = {**parts[-1], "number": "7"}
        new_six = {"kind": "part", "number": "6", "body": ["Уповноважений проходить навчання щороку."]}
        return {**article, "body": [*article["body"][:-1], new_six, old_six]}

    return edited(amended, "64", renumber, edition=NEW.isoformat())


def _copies(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "checklists"
    folder.mkdir()
    return [Path(shutil.copy(p, folder)) for p in sorted(bundled_checklists_dir().glob("*.toml"))]


def _data_dir_with(tmp_path: Path, law: LawText) -> Path:
    data_dir = tmp_path / "data"
    (data_dir / "law").mkdir(parents=True)
    (data_dir / "law" / f"1700-VII-{law.edition.isoformat()}.json").write_text(dumps(law), "utf-8")
    return data_dir


# --- the shipped checklists -------------------------------------------------------------------------------


def test_the_shipped_checklists_are_reviewed_against_the_shipped_text(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(data_dir), "checklists", "check-law"]) == 0
    out = capsys.readouterr().out
    assert "незвірених — 0" in out and "станом на 22.02.2026" in out


def test_every_reference_of_the_shipped_checklists_is_recorded_and_resolves(law: LawText) -> None:
    for path in sorted(bundled_checklists_dir().glob("*.toml")):
        checklist, problems = check_file(path)
        assert checklist is not None and not problems
        check = check_checklist(path, checklist, law)
        assert {r.status for r in check.refs} == {RefStatus.OK}
        assert set(checklist.law_review) == {r.key for r in check.refs}
        assert checklist.reviewed_editions() == [date(2026, 2, 22)]


def test_an_inspection_pinned_to_2_0_0_keeps_its_snapshot_and_hash() -> None:
    old = pinned_checklist(DATA / "communal-enterprise-1700-2.0.0.toml")
    assert old.law_review == {}
    # the hash of 2.0.0 as inspections pinned it before review records existed
    assert old.sha256.startswith("0a097e21fb61")
    new, _ = check_file(bundled_checklists_dir() / "communal-enterprise-1700.toml")
    assert new is not None and new.version == "2.1.0" and new.sha256 != old.sha256
    pinned = inspection(cl=old)
    again = type(pinned).model_validate_json(pinned.model_dump_json())
    assert again.checklist_sha256 == old.sha256 and again.integrity_problems() == []


# --- a later text: exactly the changed norms are reported ------------------------------------------------------


def test_check_law_reports_exactly_the_reworded_repealed_and_renumbered_norms(
    tmp_path: Path, law: LawText, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = _data_dir_with(tmp_path, _amended(law))
    paths = [str(p) for p in _copies(tmp_path)]
    assert main(["--data-dir", str(data_dir), "checklists", "check-law", *paths]) == 1
    out = capsys.readouterr().out
    reported = sorted(line.split(": ", 1)[1].split(" [")[0] for line in out.splitlines() if line.startswith(("communal", "anti")))
    assert reported == ["ст. 30", "ч. 2 ст. 61", "ч. 2 ст. 61", "ч. 6 ст. 64", "ч. 6 ст. 64"]
    assert "ст. 30 [coi-measure-conditions]: норму виключено" in out
    assert "звірений текст тепер у ч. 7 ст. 64 (перенумеровано)" in out
    assert "2. [-Керівник, засновники (учасники)-] {+Керівник+} юридичної особи [-забезпечують регулярну-] {+забезпечує щорічну+}" in out


def test_the_checks_statuses(tmp_path: Path, law: LawText) -> None:
    amended = _amended(law)
    path = _copies(tmp_path)[1]
    checklist, _ = check_file(path)
    assert checklist is not None
    check = check_checklist(path, checklist, amended, {date(2026, 2, 22): law})
    by_key = {r.key: r for r in check.open}
    assert {k: r.status for k, r in by_key.items()} == {
        "ст. 30": RefStatus.REPEALED, "ч. 2 ст. 61": RefStatus.CHANGED, "ч. 6 ст. 64": RefStatus.MOVED,
    }
    assert by_key["ч. 6 ст. 64"].moved_to == "ч. 7 ст. 64"
    assert by_key["ч. 2 ст. 61"].items == ("risk-assessment", "risk-measures-implemented", "lease-register")
    diff = by_key["ч. 2 ст. 61"].diff()
    assert diff is not None and diff.startswith("Стаття 61.") is False and "[-забезпечують регулярну-] {+забезпечує щорічну+}" in diff


def test_accept_records_what_resolves_and_leaves_the_rest_open(
    tmp_path: Path, law: LawText, capsys: pytest.CaptureFixture[str]
) -> None:
    amended = _amended(law)
    data_dir = _data_dir_with(tmp_path, amended)
    paths = _copies(tmp_path)
    before = paths[1].read_text("utf-8")
    assert main(["--data-dir", str(data_dir), "checklists", "check-law", "--accept", *map(str, paths)]) == 1
    out = capsys.readouterr().out
    assert "записано звірку 85 посилань" in out and "підвищте його версію" in out
    checklist, problems = check_file(paths[1])
    assert checklist is not None and not problems
    assert checklist.law_review["ч. 2 ст. 61"].edition == NEW
    assert checklist.law_review["ст. 30"].edition == date(2026, 2, 22)  # a repealed norm keeps its old record
    after = paths[1].read_text("utf-8")
    assert after.split("# Звірка посилань")[0].rstrip() == before.split("# Звірка посилань")[0].rstrip()  # nothing else touched
    # the next check still fails on the repealed article only; accepting again changes nothing
    assert main(["--data-dir", str(data_dir), "checklists", "check-law", *map(str, paths)]) == 1
    out = capsys.readouterr().out
    assert [line for line in out.splitlines() if "[" in line and ": " in line and not line.startswith("/")] == [
        "communal-enterprise-1700.toml: ст. 30 [coi-measure-conditions]: норму виключено — виправте посилання"
    ]
    check = check_checklist(paths[1], checklist, amended)
    accept(check, amended)
    assert paths[1].read_text("utf-8") == after


def test_old_checklists_get_records_only_on_accept(tmp_path: Path, law: LawText) -> None:
    old = tmp_path / "old.toml"
    unreviewed = (bundled_checklists_dir() / "communal-enterprise-1700.toml").read_text("utf-8").split("# Звірка посилань")[0]
    old.write_text(unreviewed, "utf-8")
    checklist, _ = check_file(old)
    assert checklist is not None and checklist.law_review == {}
    check = check_checklist(old, checklist, law)
    assert {r.status for r in check.refs} == {RefStatus.UNREVIEWED} and old.read_text("utf-8") == unreviewed
    assert accept(check, law) == len(checklist.cited())
    reviewed, problems = check_file(old)
    assert reviewed is not None and not problems and set(reviewed.law_review) == checklist.cited()


def test_a_review_record_must_name_a_reference_of_the_checklist(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    text = (DATA / "communal-enterprise-1700-2.0.0.toml").read_text("utf-8")
    path.write_text(text + '\n[law_review]\n"ч. 9 ст. 61" = { edition = 2026-02-22, sha256 = "' + "0" * 64 + '" }\n', "utf-8")
    checklist, problems = check_file(path)
    assert checklist is None and any("ч. 9 ст. 61" in p.reason for p in problems)


def test_word_diff_marks_removed_and_added_words() -> None:
    assert word_diff("a b c d", "a x c d e") == "a [-b-] {+x+} c d {+e+}"
    assert word_diff("«закон» – текст", '"закон" - текст') == '"закон" - текст'  # typography is not a change


# --- law load / law show ----------------------------------------------------------------------------------------


def _law_files(data_dir: Path) -> dict[str, bytes]:
    folder = data_dir / "law"
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())} if folder.is_dir() else {}


def test_law_load_makes_a_newer_text_the_one_in_force(tmp_path: Path, data_dir: Path, law: LawText, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "zakon.txt"
    source.write_bytes(portal_txt(_amended(law)).encode("cp1251"))
    assert main(["--data-dir", str(data_dir), "law", "load", str(source)]) == 0
    out = capsys.readouterr().out
    assert "станом на 01.06.2026" in out and "статей 96 (з них виключено 7)" in out
    assert in_force(data_dir).edition == NEW
    assert main(["--data-dir", str(data_dir), "law", "show", "ч. 6 ст. 64"]) == 0
    assert "6. Уповноважений проходить навчання щороку." in capsys.readouterr().out
    assert main(["--data-dir", str(data_dir), "law", "show", "ч. 2 ст. 61"]) == 0
    assert "щорічну оцінку" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("other.txt", "     Про інший закон\n     Стаття 1. Терміни\n     1. Текст.\n".encode(), "рядок 2: це не текст Закону"),
        ("cut.txt", None, "без розділу XIII"),
        ("utf16.txt", "     Стаття 1. Т\n".encode("utf-16"), "UTF-16"),
        ("broken.json", b'{"provisions": [', "рядок 1: не JSON"),
        ("empty.html", b"   ", "файл порожній"),
    ],
)
def test_a_refused_file_leaves_the_text_in_force(
    tmp_path: Path, data_dir: Path, law: LawText, capsys: pytest.CaptureFixture[str], name: str, content: bytes | None, problem: str
) -> None:
    newer = tmp_path / "newer.txt"
    newer.write_bytes(portal_txt(_amended(law)).encode("utf-8"))
    assert main(["--data-dir", str(data_dir), "law", "load", str(newer)]) == 0
    files = _law_files(data_dir)
    bad = tmp_path / name
    text = portal_txt(law)
    bad.write_bytes(content if content is not None else text[: text.index("     Стаття 60.")].encode("utf-8"))
    capsys.readouterr()
    assert main(["--data-dir", str(data_dir), "law", "load", str(bad)]) == 1
    err = capsys.readouterr().err
    assert problem in err and str(bad) in err and "чинним лишається попередній" in err and "Traceback" not in err
    assert _law_files(data_dir) == files and in_force(data_dir).edition == NEW


def test_an_older_text_than_the_one_in_force_is_refused(tmp_path: Path, data_dir: Path, law: LawText, capsys: pytest.CaptureFixture[str]) -> None:
    older = tmp_path / "older.txt"
    older.write_bytes(portal_txt(law).replace("Редакція від 22.02.2026", "Редакція від 01.01.2025").encode("utf-8"))
    assert main(["--data-dir", str(data_dir), "law", "load", str(older)]) == 1
    assert "старіший за чинний тут (22.02.2026)" in capsys.readouterr().err
    assert _law_files(data_dir) == {}


def test_law_show_reads_citations_and_refuses_unknown_ones(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(data_dir), "law", "show", "п. 2 «а» ч. 1 ст. 3"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("п. 2 «а» ч. 1 ст. 3 Закону України «Про запобігання корупції» (текст станом на 22.02.2026)")
    assert "а) посадові особи юридичних осіб публічного права" in out
    assert main(["--data-dir", str(data_dir), "law", "show", "ч. 9 ст. 61"]) == 1
    assert "ч. 9 ст. 61: такої норми немає" in capsys.readouterr().err
    assert main(["--data-dir", str(data_dir), "law", "show", "розділ 5"]) == 1
    assert "не посилання на норму" in capsys.readouterr().err
    assert main(["--data-dir", str(data_dir), "--lang", "en", "law", "show"]) == 0
    assert "96 articles (6 repealed), 310 parts, 392 points, 55 sub-points" in capsys.readouterr().out


def test_checklists_show_with_the_law(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(data_dir), "checklists", "show", "anti-corruption-programme-1700", "--law"]) == 0
    out = capsys.readouterr().out
    assert "Текст п. 1 ч. 2 ст. 62 Закону (редакція станом на 22.02.2026):" in out
    assert "Стаття 62. Антикорупційна програма юридичної особи" in out
    assert "1) державних, комунальних підприємств, господарських товариств" in out


def test_the_stored_text_is_private_and_one_article_a_line(tmp_path: Path, data_dir: Path, law: LawText) -> None:
    source = tmp_path / "zakon.json"
    source.write_text(json.dumps(_amended(law).model_dump(mode="json"), ensure_ascii=False), "utf-8")
    assert main(["--data-dir", str(data_dir), "law", "load", str(source)]) == 0
    [stored] = (data_dir / "law").iterdir()
    assert stored.name == "1700-VII-2026-06-01.json" and stored.stat().st_mode & 0o077 == 0
    assert len(stored.read_text("utf-8").splitlines()) == len(law.articles) + 4


def test_checklist_of_the_demo_is_unaffected(checklist: Checklist) -> None:
    assert checklist.version == "2.1.0" and checklist.law_review


def test_the_certificate_prints_the_edition_only_when_known(tmp_path: Path) -> None:
    import re

    from pypdf import PdfReader

    from inspect_tui.certificate import render_certificate
    from inspect_tui.domain.settings import Settings

    def flat(checklist: Checklist, name: str) -> str:
        pdf = render_certificate(inspection(cl=checklist), Settings(), tmp_path / name)
        return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(pdf).pages))

    new, _ = check_file(bundled_checklists_dir() / "communal-enterprise-1700.toml")
    old = pinned_checklist(DATA / "communal-enterprise-1700-2.0.0.toml")
    assert new is not None
    assert "Посилання переліку на Закон звірено з текстом Закону в редакції станом на 22.02.2026." in flat(new, "new.pdf")
    assert "звірено з текстом Закону" not in flat(old, "old.pdf")


def test_law_load_of_the_ansvar_json_needs_its_edition(tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "02772-ua-law-1700-18.json"
    source.write_bytes(gzip.decompress((Path(__file__).parent / "fixtures" / "ansvar-1700-18.json.gz").read_bytes()))
    assert main(["--data-dir", str(data_dir), "law", "load", str(source)]) == 1
    assert "--edition" in capsys.readouterr().err and _law_files(data_dir) == {}
    assert main(["--data-dir", str(data_dir), "law", "load", str(source), "--edition", "01.03.2026"]) == 0
    assert in_force(data_dir).edition == date(2026, 3, 1) and in_force(data_dir).articles == read_text(BUNDLED).articles


def test_a_damaged_stored_text_is_passed_over_with_a_warning(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (data_dir / "law").mkdir(parents=True)
    (data_dir / "law" / "1700-VII-2026-06-01.json").write_text('{"format": "inspect-tui-law/1", "articles": [', "utf-8")
    for command in (["law", "show", "ст. 1"], ["checklists", "check-law"], ["checklists", "show", "communal-enterprise-1700", "--law"]):
        assert main(["--data-dir", str(data_dir), *command]) == 0
        captured = capsys.readouterr()
        assert "1700-VII-2026-06-01.json" in captured.err and "не використовується" in captured.err and "Traceback" not in captured.err
        assert "--replace" in captured.err
    assert main(["--data-dir", str(data_dir), "law", "show"]) == 0
    assert "станом на 22.02.2026" in capsys.readouterr().out  # the shipped text is in force


def test_a_follow_ups_subset_keeps_the_review_of_its_references() -> None:
    from inspect_tui.domain.actions import follow_up_checklist

    full, _ = check_file(bundled_checklists_dir() / "communal-enterprise-1700.toml")
    assert full is not None
    subset = follow_up_checklist(full, {"risk-assessment"})
    assert subset.cited() == {"ч. 2 ст. 61"} and subset.reviewed_editions() == [date(2026, 2, 22)]
    assert "ч. 6 ст. 53" in subset.stale_reviews()  # kept from the parent, never printed nor checked
