"""The annual report: the year's lines exactly in the council's form, in every file format, after a merge."""

from __future__ import annotations

import csv
import io
import json
import shutil
from datetime import date
from pathlib import Path

import docx
import pytest
from annual_year import EXPECTED, EXPECTED_CONFLICTS, EXPECTED_DRAFTS, EXPECTED_FOLLOW_UPS, EXPECTED_PLAN, YEAR, merged_year
from factories import enterprise, inspection
from pypdf import PdfReader
from test_sync_support import answer_all, at, sign

from inspect_tui import services
from inspect_tui.cli import main
from inspect_tui.domain.actions import ActionKind
from inspect_tui.domain.inspection import Answer
from inspect_tui.register.annual import AnnualReport, Found, Progress, annual_report, date_range, listed
from inspect_tui.report import render, rows
from inspect_tui.report.tables import cell
from inspect_tui.report.word import xml_safe
from inspect_tui.store import Store

TODAY = date(2024, 1, 15)


@pytest.fixture(scope="module")
def office_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return merged_year(tmp_path_factory.mktemp("year"))


@pytest.fixture
def office(office_template: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(office_template, tmp_path / "office", ignore=shutil.ignore_patterns(".lock", ".lock.info")))


@pytest.fixture
def report(office: Path) -> AnnualReport:
    with Store.open(office, writer=False) as store:
        return annual_report(store, YEAR, today=TODAY)


@pytest.mark.parametrize(
    ("start", "end", "text"),
    [
        (date(2023, 2, 20), date(2023, 2, 20), "20.02.2023"),
        (date(2023, 7, 27), date(2023, 7, 28), "27-28.07.2023"),
        (date(2023, 9, 29), date(2023, 10, 2), "29.09-02.10.2023"),
        (date(2023, 12, 29), date(2024, 1, 2), "29.12.2023-02.01.2024"),
    ],
)
def test_dates_as_the_report_writes_them(start: date, end: date, text: str) -> None:
    assert date_range(start, end) == text


def test_the_year_after_a_merge(report: AnnualReport) -> None:
    """Signed inspections by start date (the corrected one once, as last signed), drafts apart, other years out;
    the follow-up's verdicts, the remedy recorded, the deadline passed."""
    assert listed(report.inspections) == EXPECTED
    assert listed(report.drafts) == EXPECTED_DRAFTS
    assert listed(report.follow_ups) == EXPECTED_FOLLOW_UPS
    assert listed(report.number_conflicts) == EXPECTED_CONFLICTS
    assert [line.revision for line in report.inspections] == [1, 1, 2, 1, 1]
    # «c» (ст. 28) is an official's conduct: signs of a breach, never the entity's violation; the follow-up's
    # «Ні» is 2/2023's, found again, not counted twice
    assert report.found == Found(violations=2, signs=1, shortcomings=0)
    assert report.progress == [
        Progress(kind=ActionKind.VIOLATION, found=2, remedied=1, confirmed=1, not_remedied=0, overdue=1, open=0),
        Progress(kind=ActionKind.SIGNS, found=1, not_remedied=1),
        Progress(kind=ActionKind.SHORTCOMING),
    ]
    assert [(e.enterprise, e.inspections, e.found, e.remedied, e.overdue) for e in report.by_enterprise] == [
        ("КП “ЦМЛ ПМР ДО”", 1, Found(), 0, 0),
        ("МКП “ПОКРОВВОДОКАНАЛ”", 2, Found(violations=1, signs=1), 1, 0),
        ("ПМКП “Добробут”", 1, Found(violations=1), 0, 1),
        ("ЦСС ПМР ДО", 1, Found(), 0, 0),
    ]
    assert rows.plan(report)[1:] == EXPECTED_PLAN
    assert [(s.number, s.title, s.inspections, s.found) for s in report.by_section] == [
        (1, "Розділ 1", 2, Found(violations=2)),
        (2, "Розділ 2", 1, Found(signs=1)),
    ]


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_pdf_states_the_lines_in_the_certificates_typeface(report: AnnualReport) -> None:
    reader = PdfReader(io.BytesIO(render(report, "pdf")))
    text = _flat("\n".join(page.extract_text() for page in reader.pages))
    for line in EXPECTED + EXPECTED_DRAFTS + EXPECTED_FOLLOW_UPS + EXPECTED_CONFLICTS:
        assert f"• {line}" in text
    assert "ПОКРОВСЬКА МІСЬКА РАДА" in text and f"за {YEAR} рік" in text and "Сторінка 1 з" in text
    assert "виявлено: порушень вимог Закону — 2; ознак порушень посадовими особами — 1 (правопорушення встановлює лише суд), з них " in text
    assert "про 0 письмово повідомлено спеціально уповноважений суб’єкт (ч. 6 ст. 53 Закону); недоліків, щодо яких надано рекомендації, — 0" in text
    assert "За планом перевірок на 2023 рік заплановано 5: проведено — 3, розпочато — 1, не проведено — 1" in text
    fonts = {str(f["/BaseFont"]) for page in reader.pages for f in page["/Resources"]["/Font"].values()}
    assert fonts and all("Gentium" in f for f in fonts)


def test_docx_lines_are_word_paragraphs(report: AnnualReport) -> None:
    document = docx.Document(io.BytesIO(render(report, "docx")))
    bullets = [p.text for p in document.paragraphs if p.style is not None and p.style.name == "List Bullet"]
    assert bullets == EXPECTED + EXPECTED_DRAFTS + EXPECTED_FOLLOW_UPS + EXPECTED_CONFLICTS
    headings = [p.text for p in document.paragraphs if p.style is not None and p.style.name.startswith("Heading")]
    assert headings[:4] == ["Проведені перевірки", "Незавершені перевірки", "Виконання плану перевірок", "Повторні перевірки"]
    plan, progress, enterprises = ([[c.text for c in row.cells] for row in table.rows] for table in document.tables[:3])
    assert plan[1:] == EXPECTED_PLAN
    assert progress[1:] == PROGRESS
    assert enterprises[0] == ENTERPRISE_HEADS
    assert enterprises[2] == ["МКП “ПОКРОВВОДОКАНАЛ”", WATER_CODE, "2", "1", "1", "0", "1", "0"]
    assert enterprises[-1] == ["Разом", "", "5", "2", "1", "0", "1", "1"]


WATER_CODE = "32145678"
#: the progress table: the entity's violations, officials' signs of breaches and shortcomings apart, and the total
PROGRESS = [
    ["Порушення вимог Закону", "2", "1", "1", "0", "1", "0"],
    ["Ознаки порушень посадовими особами", "1", "0", "0", "1", "0", "0"],
    ["Недоліки (рекомендації)", "0", "0", "0", "0", "0", "0"],
    ["Разом", "3", "1", "1", "1", "1", "0"],
]
ENTERPRISE_HEADS = [
    "Підприємство, установа, організація", "Код ЄДРПОУ", "Перевірок", "Порушень", "Ознак порушень", "Недоліків", "Усунено", "Строк минув",
]


def _blocks(raw: bytes) -> dict[str, list[list[str]]]:
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    blocks: dict[str, list[list[str]]] = {}
    current: list[list[str]] | None = None
    for row in rows[2:]:
        if not row:
            current = None
        elif current is None:
            current = blocks.setdefault(row[0], [])
        else:
            current.append(row)
    return blocks


def test_csv_opens_in_excel_with_the_same_facts(report: AnnualReport) -> None:
    raw = render(report, "csv")
    assert raw.startswith(b"\xef\xbb\xbf")
    blocks = _blocks(raw)
    register = blocks["Проведені перевірки"]
    assert register[0][:3] == ["№ з/п", "Рядок звіту", "Дати перевірки"]
    assert [row[1] for row in register[1:]] == EXPECTED
    assert [row[2] for row in register[1:]] == ["20.02.2023", "27-28.07.2023", "29.09-02.10.2023", "23.10.2023", "06.11.2023"]
    assert [row[1] for row in blocks["Незавершені перевірки"][1:]] == EXPECTED_DRAFTS
    assert [row[1] for row in blocks["Повторні перевірки"][1:]] == EXPECTED_FOLLOW_UPS
    assert blocks["Виконання плану перевірок"][2:] == EXPECTED_PLAN
    assert blocks["Підсумки за підприємствами"][-1] == ["Разом", "", "5", "2", "1", "0", "1", "1"]
    assert blocks["Виявлені порушення, ознаки порушень, недоліки та їх усунення"][2:] == PROGRESS
    assert blocks["Підсумки за розділами переліку питань"][1:] == [
        ["1. Розділ 1", "2", "2", "0", "0"], ["2. Розділ 2", "1", "0", "1", "0"], ["Разом", "", "2", "1", "0"],
    ]
    assert blocks["Номери довідок, що збігаються"][1:] == [["1", EXPECTED_CONFLICTS[0]]]


def test_json_states_the_same_facts(report: AnnualReport) -> None:
    data = json.loads(render(report, "json"))
    assert data["format"] == "inspect-tui-annual-report" and data["year"] == YEAR
    assert data["lines"] == EXPECTED and data["draft_lines"] == EXPECTED_DRAFTS and data["follow_up_lines"] == EXPECTED_FOLLOW_UPS
    assert data["number_conflict_lines"] == EXPECTED_CONFLICTS and len(data["number_conflicts"][0]["inspection_ids"]) == 2
    assert [(i["started"], i["finished"], i["signed_on"]) for i in data["inspections"]][2] == ("2023-09-29", "2023-10-02", "2023-10-05")
    assert data["found"] == {"violations": 2, "signs": 1, "notified": 0, "shortcomings": 0} and data["format_version"] == 2
    assert [(p["enterprise"], p["state"], p["numbers"]) for p in data["plan"]][1:] == [
        ("КП “ЦМЛ ПМР ДО”", "not_done", []), ("МКП “ПОКРОВВОДОКАНАЛ”", "done", ["2/2023"]), ("ПМКП “Добробут”", "done", ["5/2023"]),
        ("ПМКП “ЖИТЛКОМСЕРВІС”", "started", ["4/2023"]),
    ]
    assert data["progress"][:2] == [
        {"kind": "violation", "found": 2, "remedied": 1, "confirmed": 1, "not_remedied": 0, "overdue": 1, "open": 0},
        {"kind": "signs", "found": 1, "remedied": 0, "confirmed": 0, "not_remedied": 1, "overdue": 0, "open": 0},
    ]
    assert AnnualReport.model_validate({k: v for k, v in data.items() if k in AnnualReport.model_fields}) == report


def test_hostile_names_are_neither_formulas_nor_broken_xml() -> None:
    assert cell("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")"
    assert cell("-1") == "'-1" and cell("МКП “Вода”") == "МКП “Вода”"
    assert xml_safe("КП\x07 «Б»\x00") == "КП[U+0007] «Б»[U+0000]"


@pytest.mark.parametrize("fmt", ["pdf", "docx", "csv", "json"])
def test_cli_writes_each_format(office: Path, tmp_path: Path, fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out" / f"zvit.{fmt}"
    assert main(["--data-dir", str(office), "report", "annual", "--year", str(YEAR), "--out", str(out)]) == 0
    assert out.stat().st_size > 0 and (out.stat().st_mode & 0o077) == 0
    assert f"Річний звіт за {YEAR} рік ({fmt.upper()}) збережено" in capsys.readouterr().out


def test_cli_refuses_an_unknown_format_and_a_wild_year(office: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(office), "report", "annual", "--year", "2023", "--out", str(tmp_path / "zvit.txt")]) == 1
    assert "вкажіть --format" in capsys.readouterr().err
    assert main(["--data-dir", str(office), "--lang", "en", "report", "annual", "--year", "1800", "--out", str(tmp_path / "z.pdf")]) == 1
    assert "Year 1800 is outside 1991–2100." in capsys.readouterr().err
    assert not list(tmp_path.glob("z*"))
    assert main(["--data-dir", str(office), "report", "annual", "--year", "2023", "--out", str(tmp_path / "z.txt"), "--format", "csv"]) == 0
    capsys.readouterr()
    assert main(["--data-dir", str(office), "report", "annual", "--year", "2023", "--out", str(tmp_path), "--format", "pdf"]) == 1
    assert str(tmp_path) in capsys.readouterr().err  # a folder named as the file: refused by name, no traceback


def test_an_empty_year_says_so(office: Path) -> None:
    with Store.open(office, writer=False) as store:
        empty = annual_report(store, 2019, today=TODAY)
    assert empty.inspections == [] and empty.drafts == [] and empty.by_section == [] and empty.follow_ups == [] and empty.plan == [] and empty.number_conflicts == []
    text = _flat(PdfReader(io.BytesIO(render(empty, "pdf"))).pages[0].extract_text())
    assert "Перевірок із підписаними довідками за 2019 рік немає." in text


@pytest.fixture
def signs_only(tmp_path: Path) -> AnnualReport:
    """A year whose one «Ні» is on «c» (ст. 28): an official's conduct, signs of a breach and nothing else."""
    water = enterprise(edrpou=WATER_CODE, short_name="МКП “Вода”")
    made = inspection(water, number="1/2025", start_date=date(2025, 3, 3), end_date=date(2025, 3, 3), now=at(date(2025, 3, 3)))
    with Store.open(tmp_path / "signs") as store:
        store.save_enterprise(water)
        store.save_inspection(made)
        made = services.record_finding(
            store, made, "c", now=at(date(2025, 3, 3)), answer=Answer.NO, note="Подарунок", recommendation="Повідомити", deadline=date(2025, 6, 1),
            notice_sent_on=date(2025, 3, 3), notice_number="01-12/345",
        )
        sign(store, answer_all(store, made, at(date(2025, 3, 3))), date(2025, 3, 4))
        return annual_report(store, 2025, today=date(2025, 4, 1))


@pytest.mark.parametrize("fmt", ["pdf", "docx", "csv", "json"])
def test_signs_of_an_officials_breach_are_never_called_a_violation(signs_only: AnnualReport, fmt: str) -> None:
    """Only a court establishes an individual's offence: every format counts the «Ні» as signs, none as a violation."""
    raw = render(signs_only, fmt)
    if fmt == "json":
        data = json.loads(raw)
        assert data["found"] == {"violations": 0, "signs": 1, "notified": 1, "shortcomings": 0}
        assert [(p["kind"], p["found"]) for p in data["progress"]] == [("violation", 0), ("signs", 1), ("shortcoming", 0)]
        assert [e["found"]["violations"] for e in data["by_enterprise"]] == [0]
        return
    if fmt == "pdf":
        text = _flat("\n".join(page.extract_text() for page in PdfReader(io.BytesIO(raw)).pages))
        assert "Порушення вимог Закону 0 0 0 0 0 0" in text and "Ознаки порушень посадовими особами 1 0 0 0 0 1" in text
        assert "МКП “Вода” 32145678 1 0 1 0 0 0" in text
    else:
        if fmt == "docx":
            document = docx.Document(io.BytesIO(raw))
            table = [[p.text] for p in document.paragraphs] + [[c.text for c in row.cells] for t in document.tables for row in t.rows]
        else:
            table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
        text = _flat(" ".join(" ".join(row) for row in table))
        assert ["Порушення вимог Закону", "0", "0", "0", "0", "0", "0"] in table
        assert ["Ознаки порушень посадовими особами", "1", "0", "0", "0", "0", "1"] in table
        assert ["МКП “Вода”", WATER_CODE, "1", "0", "1", "0", "0", "0"] in table
    assert "порушень вимог Закону — 0; ознак порушень посадовими особами — 1 (правопорушення встановлює лише суд), з них про 1 письмово" in text
    assert "порушень та ознак" not in text.lower()
