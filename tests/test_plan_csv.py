"""The plan's CSV: what Excel writes (cp1251 or UTF-8, «;» or «,», month names, Roman quarters) is read; every bad
row is named by line and column; nothing hostile gets past as a traceback."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from factories import enterprise
from hypothesis import given
from hypothesis import strategies as st

from inspect_tui.domain.edrpou import with_check_digit
from inspect_tui.domain.plan import PlanEntry
from inspect_tui.i18n import set_language
from inspect_tui.register.plan_csv import MAX_BYTES, MAX_ROWS, PlanRejected, PlanRows, parse_month, parse_plan, parse_quarter, plan_csv

WATER = enterprise()
LOW = enterprise(edrpou="00032129", short_name="КП «Нуль»", name="Комунальне підприємство «Нуль»")
REGISTRY = {e.edrpou: e for e in (WATER, LOW)}
HEADER = "ЄДРПОУ;Підприємство;Місяць;Квартал;Підстава;Інспектори;Причина невиконання"


def parse_rows(text: str | bytes, **kw: Any) -> PlanRows:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return parse_plan(raw, year=2026, registry=REGISTRY, file="plan.csv", **kw)


def parse(text: str | bytes, **kw: Any) -> list[PlanEntry]:
    return parse_rows(text, **kw).entries


def problems(text: str | bytes) -> list[tuple[int | None, str | None, str]]:
    with pytest.raises(PlanRejected) as caught:
        parse(text)
    return [(p.line, p.column, p.code) for p in caught.value.problems]


def test_excel_on_ukrainian_windows_cp1251_with_semicolons() -> None:
    text = f"{HEADER}\r\n{WATER.edrpou};МКП;Березень;;план перевірок на 2026 рік;Олена КОВАЛЬЧУК, Іван ПЕТРЕНКО;\r\n32129;;;ІІ;;;\r\n;;;;;;\r\n"
    first, second = parse(text.encode("cp1251"))
    assert (first.edrpou, first.enterprise, first.month, first.quarter) == (WATER.edrpou, WATER.short_name, 3, None)
    assert first.basis == "план перевірок на 2026 рік" and first.inspectors == ["Олена КОВАЛЬЧУК", "Іван ПЕТРЕНКО"]
    assert (second.edrpou, second.month, second.quarter) == ("00032129", None, 2)  # Excel dropped the zeros; Cyrillic «ІІ»


def test_utf8_with_bom_commas_quotes_and_english_headers() -> None:
    text = '\ufeffEDRPOU,Quarter,Basis,Not done reason\n' f'{WATER.edrpou},IV,"план, п. 3","рядок\nдругий"\n'
    (only,) = parse(text)
    assert (only.quarter, only.basis, only.not_done_reason) == (4, "план, п. 3", "рядок\nдругий")


def test_every_bad_row_is_named_by_line_and_column() -> None:
    text = "\n".join([
        HEADER,
        f"{WATER.edrpou};;3;;;;",  # good
        "12345670;;3;;;;",  # bad check digit
        f"{with_check_digit('4444444')};;3;;;;",  # valid but not in the registry
        f"{WATER.edrpou};;13;;;;",
        f"{WATER.edrpou};;;V;;;",
        f"{WATER.edrpou};;3;1;;;",
        f"{WATER.edrpou};;;;;;",
        f"{WATER.edrpou};;березень;;;;",  # the same as line 2
        ";;3;;;;",
    ])
    assert problems(text) == [
        (3, "edrpou", "bad_edrpou"),
        (4, "edrpou", "not_registered"),
        (5, "month", "bad_month"),
        (6, "quarter", "bad_quarter"),
        (7, "quarter", "month_and_quarter"),
        (8, "month", "no_period"),
        (9, None, "duplicate_row"),
        (10, "edrpou", "required"),
    ]


def test_the_message_names_the_file_line_and_column_in_the_users_language() -> None:
    with pytest.raises(PlanRejected) as caught:
        parse(f"{HEADER}\n{WATER.edrpou};;квітнень;;;;\n")
    assert str(caught.value.problems[0]) == (
        "plan.csv, рядок 2, стовпець «Місяць»: «квітнень» — не місяць плану (1–12 або назва: «вересень», «вересня», «вер.», «вересень 2026»)"
    )
    set_language("en")
    assert str(caught.value.problems[0]).startswith("plan.csv, line 2, column «Місяць»: «квітнень» is not a month")


def test_a_multiline_cell_keeps_the_line_where_its_row_starts() -> None:
    text = f'{HEADER}\n{WATER.edrpou};;3;;"план\nз двох рядків";;\n{WATER.edrpou};;13;;;;\n'
    assert problems(text) == [(4, "month", "bad_month")]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "empty"),
        ("\n;;\n", "empty"),
        ("ЄДРПОУ;Рік\n", "unknown_column"),
        ("Місяць;Квартал\n", "missing_column"),
        ("ЄДРПОУ;Підстава\n", "missing_period"),
        ("ЄДРПОУ;Місяць;місяць\n", "duplicate_column"),
    ],
)
def test_a_bad_header_is_refused(text: str, code: str) -> None:
    assert [c for _, _, c in problems(text)][:1] == [code]


def test_broken_quoting_stops_reading_there() -> None:
    assert problems(f'{HEADER}\n{WATER.edrpou};;3;;"не закрито;;\n') == [(2, None, "bad_quoting")]


def test_utf16_binary_and_oversized_files_are_refused_unparsed() -> None:
    assert problems(f"{HEADER}\n".encode("utf-16")) == [(None, None, "utf16")]
    assert problems(b"PK\x03\x04\x00\x00") == [(None, None, "binary")]
    assert problems(f"{HEADER}\n{WATER.edrpou};\x1b]0;title\x07;3;;;;\n") == [(None, None, "binary")]
    assert problems(b"x" * (MAX_BYTES + 1)) == [(None, None, "too_big")]


def test_rows_and_cells_are_bounded() -> None:
    rows = "".join(f"{WATER.edrpou};;{1 + n % 12};;;;\n" for n in range(MAX_ROWS + 1))
    assert problems(f"{HEADER}\n{rows}") == [(MAX_ROWS + 2, None, "too_many_rows")]
    assert problems(f"{HEADER}\n{WATER.edrpou};;3;;{'x' * 301};;\n") == [(2, "basis", "too_long")]
    assert problems(f"{HEADER}\n{WATER.edrpou};;3" + ";" * 40 + "\n") == [(2, None, "too_many_cells")]


def test_month_and_quarter_spellings() -> None:
    assert [parse_month(m) for m in ("1", "12", "ГРУДЕНЬ", " лютий ", "0", "13", "грудня", "１")] == [1, 12, 12, 2, None, None, 12, None]
    assert [parse_quarter(q) for q in ("1", "iv", "ІІІ", "I", "5", "IIII", "")] == [1, 4, 3, 1, None, None, None]


# as councils write the period in their plans (issue 19)
COUNCIL_MONTHS = {
    "вересня": 9, "Лист.": 11, "вересень 2026": 9, "вересня 2026 року": 9, "листопад 2026 р.": 11, "вер.": 9, "жовт": 10,
    "вересень 2025": None, "лю": None, "3 кв.": None, "вересень місяць": None,
}
COUNCIL_QUARTERS = {
    "ІІІ квартал": 3, "III квартал": 3, "3 кв.": 3, "3 кв": 3, "IV квартал 2026": 4, "І кв. 2026 р.": 1,
    "2 квартал 2025": None, "кв.": None, "вересень": None,
}


def test_the_spellings_councils_write() -> None:
    assert {m: parse_month(m, 2026) for m in COUNCIL_MONTHS} == COUNCIL_MONTHS
    assert {q: parse_quarter(q, 2026) for q in COUNCIL_QUARTERS} == COUNCIL_QUARTERS
    rows = "\n".join(f"{code};;{m};" for code, m in ((WATER.edrpou, "вересня"), (WATER.edrpou, "Лист."), (LOW.edrpou, "жовтень 2026")))
    quarters = "\n".join(f"{code};;;{q}" for code, q in ((WATER.edrpou, "І кв."), (LOW.edrpou, "ІІІ квартал"), (LOW.edrpou, "4 кв.")))
    entries = parse(f"{HEADER}\n{rows}\n{quarters}\n")
    assert [(e.month, e.quarter) for e in entries] == [(9, None), (11, None), (10, None), (None, 1), (None, 3), (None, 4)]


@given(st.text(max_size=40))
def test_a_period_cell_never_raises(text: str) -> None:
    assert parse_month(text, 2026) in (None, *range(1, 13))
    assert parse_quarter(text, 2026) in (None, 1, 2, 3, 4)


def test_the_export_is_excel_friendly_and_reads_back_the_same() -> None:
    entries = [
        PlanEntry(id=uuid.uuid4(), year=2026, edrpou=WATER.edrpou, enterprise=WATER.short_name, month=1, basis="@план", inspectors=["А. Б"]),
        PlanEntry(id=uuid.uuid4(), year=2026, edrpou=LOW.edrpou, enterprise=LOW.short_name, quarter=3, not_done_reason='-"так"; ні'),
    ]
    raw = plan_csv(entries)
    assert raw.startswith(b"\xef\xbb\xbf" + HEADER.encode("utf-8") + b"\r\n")
    assert "'@план" in raw.decode("utf-8-sig") and ";січень;" in raw.decode("utf-8-sig") and ";III;" in raw.decode("utf-8-sig")
    again = parse(raw)
    assert [e.model_dump(exclude={"id"}) for e in again] == [e.model_dump(exclude={"id"}) for e in entries]


CELLS = st.one_of(
    st.sampled_from([WATER.edrpou, "32129", "12345670", "березень", "IV", "3", "", '"', '"a;b"', "=1", "'=1", "\u0000", "x" * 400]),
    st.text(max_size=12),
)
LINES = st.lists(st.lists(CELLS, max_size=9).map(lambda cells: ";".join(cells)), max_size=8)


@given(header=st.sampled_from([HEADER, "ЄДРПОУ,Квартал", "Місяць", ""]), lines=LINES, newline=st.sampled_from(["\n", "\r\n", "\r"]), encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1251"]))
def test_any_text_gives_entries_or_located_problems(header: str, lines: list[str], newline: str, encoding: str) -> None:
    raw = newline.join([header, *lines]).encode(encoding, errors="replace")
    try:
        parsed = parse_rows(raw)
    except PlanRejected as exc:
        assert exc.problems and exc.total >= len(exc.problems)
        for problem in exc.problems:
            assert problem.line is None or problem.line >= 1
            assert str(problem).startswith("plan.csv")
        return
    made = {e.edrpou: e for e in parsed.unregistered}
    assert not set(made) & set(REGISTRY) and all(e.missing_facts() for e in made.values())
    assert all((e.edrpou in REGISTRY or e.enterprise == made[e.edrpou].short_name) and e.year == 2026 for e in parsed.entries)


@given(st.binary(max_size=300))
def test_any_bytes_give_entries_or_problems(raw: bytes) -> None:
    try:
        parse(raw)
    except PlanRejected as exc:
        assert exc.problems
