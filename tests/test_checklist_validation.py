"""Every way a checklist file can be wrong gets exit 1 and a message naming the file and the place."""

from __future__ import annotations

from pathlib import Path

import pytest
from examples import examples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspect_tui.checklists import check_file
from inspect_tui.cli import main

GOOD = '''
id = "good"
version = "1.0"
title.uk = "Перелік"
legal_basis.uk = "Закон № 1700-VII"

[[sections]]
id = "s1"
title.uk = "Розділ"

[[sections.items]]
id = "i1"
question.uk = "Питання?"
refs = [{ article = "61", part = "1" }]
holder = "entity"

[[sections.items]]
id = "i2"
question.uk = "Питання 2?"
refs = [{ article = "62", part = "2" }]
holder = "entity"
applies_if = { field = "headcount", op = "gt", value = 50 }
na_reason.uk = "Менше 50"
'''


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["checklists", "validate", *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_the_good_file_validates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "good.toml"
    path.write_text(GOOD, encoding="utf-8")
    code, out, _ = run(capsys, str(path))
    assert code == 0 and "good 1.0" in out


def test_bundled_checklists_validate(capsys: pytest.CaptureFixture[str]) -> None:
    from inspect_tui.paths import bundled_checklists_dir

    files = sorted(str(p) for p in bundled_checklists_dir().glob("*.toml"))
    assert files
    assert run(capsys, *files)[0] == 0


# (name, how to turn GOOD into the bad file, what the message must contain: place and reason)
BAD_TEXT = [
    ("duplicate-item", GOOD.replace('id = "i2"', 'id = "i1"'), ["s1/i1", "повторюваний ідентифікатор пункту i1"]),
    ("missing-uk-question", GOOD.replace('question.uk = "Питання?"', 'question.en = "Question?"'),
     ["s1/i1", "question.uk", "обов'язкове поле відсутнє"]),
    ("empty-uk-question", GOOD.replace('question.uk = "Питання?"', 'question.uk = "   "'), ["s1/i1", "question.uk", "не може бути порожнім"]),
    ("missing-refs", GOOD.replace('refs = [{ article = "61", part = "1" }]\n', ""), ["s1/i1", "refs", "обов'язкове поле відсутнє"]),
    ("missing-holder", GOOD.replace('holder = "entity"\n', "", 1), ["s1/i1", "holder", "чий це обов’язок"]),
    ("bad-holder", GOOD.replace('holder = "entity"', 'holder = "head"', 1), ["s1/i1", "holder"]),
    ("empty-refs", GOOD.replace('refs = [{ article = "61", part = "1" }]', "refs = []"), ["s1/i1", "refs", "не може бути порожнім"]),
    ("ref-without-article", GOOD.replace('{ article = "61", part = "1" }', '{ part = "1" }'), ["s1/i1", "refs[0].article"]),
    ("unknown-profile-field", GOOD.replace('field = "headcount"', 'field = "staff"'), ["s1/i2", "невідоме поле профілю staff"]),
    ("wrong-type-in-rule", GOOD.replace("value = 50", 'value = "50"'), ["s1/i2", "не підходить для поля профілю headcount"]),
    ("rule-without-reason", GOOD.replace('na_reason.uk = "Менше 50"\n', ""), ["s1/i2", "na_reason"]),
    ("wrong-type-version", GOOD.replace('version = "1.0"', "version = 1.0"), ["перелік", "version", "має бути текстом"]),
    ("unknown-key", GOOD.replace('id = "i1"', 'id = "i1"\nweight = 3'), ["s1/i1", "weight", "невідоме поле"]),
    ("bad-item-id", GOOD.replace('id = "i1"', 'id = "Пункт 1"'), ["s1/Пункт 1", "id", "неприпустимий формат"]),
    ("duplicate-section", GOOD + '\n[[sections]]\nid = "s1"\ntitle.uk = "Ще"\n[[sections.items]]\nid = "i9"\nquestion.uk = "?"\nrefs = [{article="1"}]\n',
     ["s1", "повторюваний ідентифікатор розділу s1"]),
    ("no-sections", GOOD.split("[[sections]]")[0], ["перелік", "sections", "обов'язкове поле відсутнє"]),
    ("section-not-table", GOOD.split("[[sections]]")[0] + 'sections = ["s1"]\n', ["#1", "має бути таблицею"]),
    ("bad-toml", GOOD.replace('title.uk = "Перелік"', 'title.uk = "Перелік'), ["рядок 4", "TOML"]),
    ("empty", "", ["файл порожній"]),
    ("whitespace-only", "  \n\t\n", ["файл порожній"]),
    ("deeply-nested", "x = " + "[" * 5000 + "]" * 5000 + "\n", ["забагато вкладених рівнів"]),
    ("deep-rule", GOOD.replace('applies_if = { field = "headcount", op = "gt", value = 50 }',
     "applies_if = " + "{ not = " * 60 + '{ field = "headcount", op = "gt", value = 50 }' + " }" * 60), ["s1/i2", "забагато вкладених рівнів"]),
]


@pytest.mark.parametrize(("name", "text", "expected"), BAD_TEXT, ids=[b[0] for b in BAD_TEXT])
def test_bad_file_is_reported_with_its_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, text: str, expected: list[str]
) -> None:
    path = tmp_path / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    code, _, err = run(capsys, str(path))
    assert code == 1
    assert str(path) in err
    for fragment in expected:
        assert fragment in err, (fragment, err)


def test_every_problem_is_reported_not_only_the_first(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = GOOD.replace('id = "i2"', 'id = "i1"').replace('question.uk = "Питання?"', 'question.en = "Q"').replace(
        'field = "headcount"', 'field = "staff"'
    )
    path = tmp_path / "many.toml"
    path.write_text(text, encoding="utf-8")
    code, _, err = run(capsys, str(path))
    assert code == 1
    assert "повторюваний ідентифікатор пункту" in err and "question.uk" in err and "staff" in err


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("binary.toml", b"\x00\x01\x02PK\x03\x04" * 10, "двійковий файл"),
        ("cp1251.toml", 'title = "Перелік"'.encode("cp1251"), "не в кодуванні UTF-8"),
    ],
)
def test_unreadable_content(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: bytes, expected: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    code, _, err = run(capsys, str(path))
    assert code == 1 and str(path) in err and expected in err


def test_missing_path_and_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, str(tmp_path / "nope.toml"), str(tmp_path))
    assert code == 1
    assert f"{tmp_path / 'nope.toml'}: файл: файл не знайдено" in err
    assert f"{tmp_path}: файл: це каталог, а не файл" in err


def test_utf8_bom_is_accepted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.encode("utf-8"))
    assert run(capsys, str(path))[0] == 0


def test_unreadable_file(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.toml"
    path.write_text(GOOD, encoding="utf-8")

    def denied(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", denied)  # chmod 0 does not stop root, who runs CI
    code, _, err = run(capsys, str(path))
    assert code == 1 and "не вдалося прочитати файл" in err


def test_messages_in_english_on_request(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "dup.toml"
    path.write_text(GOOD.replace('id = "i2"', 'id = "i1"'), encoding="utf-8")
    code = main(["--lang", "en", "checklists", "validate", str(path)])
    err = capsys.readouterr().err
    assert code == 1 and "duplicate item id i1" in err


_TOML_BITS = st.sampled_from(
    ['id = "x"\n', "[[sections]]\n", "[[sections.items]]\n", 'question.uk = "?"\n', "refs = [{article = \"1\"}]\n",
     "applies_if = {field = \"headcount\", op = \"gt\", value = 1}\n", "version = 1\n", "title = {}\n", "[", "\"", "=", "\x00"]
)


@settings(max_examples=examples(150), suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.binary(max_size=300), st.lists(st.one_of(_TOML_BITS, st.text(max_size=20)), max_size=30).map("".join)))
def test_any_file_content_gives_a_result_or_located_problems(tmp_path: Path, content: bytes | str) -> None:
    path = tmp_path / "fuzz.toml"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8", "surrogatepass"))
    checklist, problems = check_file(path)
    assert (checklist is None) == bool(problems)
    for problem in problems:
        assert problem.file == path and problem.place and problem.reason
