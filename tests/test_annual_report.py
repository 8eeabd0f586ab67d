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
from annual_year import EXPECTED, EXPECTED_CONFLICTS, EXPECTED_DRAFTS, EXPECTED_FOLLOW_UPS, EXPECTED_PLAN, HYPHENED, YEAR, merged_year
from factories import enterprise, inspection
from pydantic import ValidationError
from pypdf import PdfReader
from test_sync_support import answer_all, at, sign

from inspect_tui import services
from inspect_tui.cli import main
from inspect_tui.domain.actions import ActionKind
from inspect_tui.domain.inspection import Answer
from inspect_tui.domain.settings import Settings
from inspect_tui.register.annual import AnnualReport, Found, Progress, annual_report, date_range, listed
from inspect_tui.register.csvtable import excel_safe as cell
from inspect_tui.report import render, rows
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
    ("start", "end", "text", "hyphened"),
    [
        (date(2023, 2, 20), date(2023, 2, 20), "20.02.2023", "20.02.2023"),
        (date(2023, 7, 27), date(2023, 7, 28), "27–28.07.2023", "27-28.07.2023"),
        (date(2023, 9, 29), date(2023, 10, 2), "29.09–02.10.2023", "29.09-02.10.2023"),
        (date(2023, 12, 29), date(2024, 1, 2), "29.12.2023–02.01.2024", "29.12.2023-02.01.2024"),
    ],
)
def test_dates_as_the_report_writes_them(start: date, end: date, text: str, hyphened: str) -> None:
    """An en dash between the days of a range; the seed's hyphen for councils that paste into a document typed with it."""
    assert date_range(start, end) == date_range(start, end, "en") == text
    assert date_range(start, end, "hyphen") == hyphened


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
    assert report.date_dash == "en" and report.unit_head_position == report.unit_head_name == ""
    assert report.progress == [
        Progress(kind=ActionKind.VIOLATION, found=2, remedied=1, confirmed=1, not_remedied=0, overdue=1, open=0),
        Progress(kind=ActionKind.SIGNS, found=1, not_remedied=1),
        Progress(kind=ActionKind.SHORTCOMING),
    ]
    assert [(e.enterprise, e.inspections, e.found, e.remedied, e.responded, e.overdue) for e in report.by_enterprise] == [
        ("КП «ЦМЛ ПМР ДО»", 1, Found(), 0, 0, 0),
        ("МКП «ПОКРОВВОДОКАНАЛ»", 2, Found(violations=1, signs=1), 1, 0, 0),
        ("ПМКП «Добробут»", 1, Found(violations=1), 0, 0, 1),
        ("ЦСС ПМР ДО", 1, Found(), 0, 0, 0),
    ]
    # the follow-up confirmed the violation's remedy and found no response to the signs
    assert [(f.confirmed, f.not_remedied, f.responses_confirmed, f.not_responded) for f in report.follow_ups] == [(1, 0, 0, 1)]
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
    assert "виявлено: порушень вимог Закону — 2; ознак порушень посадовими особами — 1, з них " in text
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
    plan, progress, responses, enterprises = ([[c.text for c in row.cells] for row in table.rows] for table in document.tables[:4])
    assert plan[1:] == EXPECTED_PLAN
    assert progress == [REMEDY_HEADS, *PROGRESS] and responses == [RESPONSE_HEADS, *RESPONSES]
    assert enterprises[0] == ENTERPRISE_HEADS
    assert enterprises[2] == ["МКП «ПОКРОВВОДОКАНАЛ»", WATER_CODE, "2", "1", "1", "0", "1", "0", "0"]
    assert enterprises[-1] == ["Разом", "", "5", "2", "1", "0", "1", "0", "1"]


WATER_CODE = "32145678"
#: the remedy table: the entity's violations and shortcomings, and their total
REMEDY_HEADS = ["Виявлено", "Усього", "Усунено", "З них підтверджено повторною перевіркою", "Не усунено", "Строк минув", "Строк триває"]
PROGRESS = [
    ["Порушення вимог Закону", "2", "1", "1", "0", "1", "0"],
    ["Недоліки (рекомендації)", "0", "0", "0", "0", "0", "0"],
    ["Разом", "2", "1", "1", "0", "1", "0"],
]
#: officials' signs of breaches apart: responded to, never «усунено»
RESPONSE_HEADS = [
    "Виявлено", "Усього", "Вжито заходів реагування", "З них підтверджено повторною перевіркою", "Не вжито", "Строк минув", "Строк триває",
]
RESPONSES = [["Ознаки порушень посадовими особами", "1", "0", "0", "1", "0", "0"]]
ENTERPRISE_HEADS = [
    "Підприємство, установа, організація", "Код ЄДРПОУ", "Перевірок", "Порушень", "Ознак порушень", "Недоліків", "Усунено",
    "Вжито заходів реагування", "Строк минув",
]
#: the statement that replaced «правопорушення встановлює лише суд»: disciplinary offences are not a court's
ESTABLISHED = (
    "Факт корупційного або пов’язаного з корупцією правопорушення та вину особи встановлюють у порядку, визначеному законом; "
    "у звіті наведено лише виявлені ознаки."
)


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
    assert [row[2] for row in register[1:]] == ["20.02.2023", "27–28.07.2023", "29.09–02.10.2023", "23.10.2023", "06.11.2023"]
    assert [row[1] for row in blocks["Незавершені перевірки"][1:]] == EXPECTED_DRAFTS
    assert [row[1] for row in blocks["Повторні перевірки"][1:]] == EXPECTED_FOLLOW_UPS
    assert blocks["Виконання плану перевірок"][2:] == EXPECTED_PLAN
    assert blocks["Підсумки за підприємствами"][0] == ENTERPRISE_HEADS
    assert blocks["Підсумки за підприємствами"][-1] == ["Разом", "", "5", "2", "1", "0", "1", "0", "1"]
    assert ESTABLISHED in blocks["Виявлені порушення, ознаки порушень, недоліки, їх усунення та вжиті заходи реагування"][0][0]
    assert blocks["Стан усунення порушень і недоліків:"] == [REMEDY_HEADS, *PROGRESS]
    assert next(rows for title, rows in blocks.items() if title.startswith("Заходи реагування на ознаки")) == [RESPONSE_HEADS, *RESPONSES]
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
    assert data["found"] == {"violations": 2, "signs": 1, "notified": 0, "shortcomings": 0} and data["format_version"] == 3
    assert data["date_dash"] == "en" and data["inspections"][1]["dates"] == "27–28.07.2023"
    # the keys of ``progress`` stay; what they count, the columns say: signs are responded to, not remedied
    assert data["columns"]["signs"]["remedied"] == "Вжито заходів реагування" and data["columns"]["signs"]["not_remedied"] == "Не вжито"
    assert data["columns"]["violation"]["remedied"] == "Усунено" and data["columns"]["shortcoming"]["not_remedied"] == "Не усунено"
    assert [(e["remedied"], e["responded"]) for e in data["by_enterprise"]][1] == (1, 0)
    assert [(p["enterprise"], p["state"], p["numbers"]) for p in data["plan"]][1:] == [
        ("КП «ЦМЛ ПМР ДО»", "not_done", []), ("МКП «ПОКРОВВОДОКАНАЛ»", "done", ["2/2023"]), ("ПМКП «Добробут»", "done", ["5/2023"]),
        ("ПМКП «ЖИТЛКОМСЕРВІС»", "started", ["4/2023"]),
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
        assert "МКП «Вода» 32145678 1 0 1 0 0 0 0" in text
    else:
        if fmt == "docx":
            document = docx.Document(io.BytesIO(raw))
            table = [[p.text] for p in document.paragraphs] + [[c.text for c in row.cells] for t in document.tables for row in t.rows]
        else:
            # Excel keeps a code's leading zeros only from a formula: ="32145678" shows 32145678 as text
            assert f'"=""{WATER_CODE}"""' in raw.decode("utf-8-sig")
            cells = csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";")
            table = [[c[2:-1] if c.startswith('="') and c.endswith('"') else c for c in row] for row in cells]
        text = _flat(" ".join(" ".join(row) for row in table))
        assert ["Порушення вимог Закону", "0", "0", "0", "0", "0", "0"] in table
        assert ["Ознаки порушень посадовими особами", "1", "0", "0", "0", "0", "1"] in table
        assert ["МКП «Вода»", WATER_CODE, "1", "0", "1", "0", "0", "0", "0"] in table
    assert "порушень вимог Закону — 0; ознак порушень посадовими особами — 1, з них про 1 письмово" in text
    assert "порушень та ознак" not in text.lower()


def _text(raw: bytes, fmt: str) -> str:
    """All the text a reader sees in a file of ``fmt``, whitespace collapsed."""
    if fmt == "pdf":
        return _flat(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(raw)).pages))
    if fmt == "docx":
        document = docx.Document(io.BytesIO(raw))
        cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
        return _flat(" ".join([p.text for p in document.paragraphs] + cells))
    if fmt == "csv":
        return _flat(" ".join(" ".join(row) for row in csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";")))
    return _flat(raw.decode("utf-8"))


@pytest.mark.parametrize("fmt", ["pdf", "docx", "csv", "json"])
def test_the_report_says_how_an_offence_is_established_and_that_signs_are_responded_to(report: AnnualReport, fmt: str) -> None:
    """Not «правопорушення встановлює лише суд» (disciplinary offences are not a court's); signs have measures of
    response taken or not, never «усунено»."""
    text = _text(render(report, fmt), fmt)
    assert "лише суд" not in text and "суд" not in text.replace("судов", "")
    assert "Вжито заходів реагування" in text and "Не вжито" in text
    if fmt != "json":  # JSON states the facts; the sentence is the documents'
        assert _flat(ESTABLISHED) in text
        assert "вжиття заходів реагування на ознаки порушень підтверджено — 0, не вжито — 1" in text


def test_signs_never_sit_under_remedied(report: AnnualReport) -> None:
    """Every table row of signs is under heads that say «Вжито заходів реагування / Не вжито»."""
    for fmt in ("docx", "csv"):
        raw = render(report, fmt)
        if fmt == "docx":
            tables = [[[c.text for c in row.cells] for row in t.rows] for t in docx.Document(io.BytesIO(raw)).tables]
        else:
            tables = [[row for row in rows_ if row] for rows_ in _blocks(raw).values()]
        for table in tables:
            if any(row and row[0] == "Ознаки порушень посадовими особами" for row in table):
                assert "Вжито заходів реагування" in table[0] and "Усунено" not in table[0] and "Не усунено" not in table[0]


def _with_settings(office: Path, **changes: object) -> None:
    with Store.open(office) as store:
        store.save_settings(Settings.model_validate({**store.get_settings().model_dump(), **changes}))


@pytest.mark.parametrize("fmt", ["pdf", "docx", "csv", "json"])
def test_the_hyphen_as_an_option(office: Path, tmp_path: Path, fmt: str) -> None:
    """En dash by default; the settings' hyphen, or ``--hyphen`` for one report, give the seed's «27-28.07.2023»."""
    def written(*extra: str) -> str:
        out = tmp_path / f"zvit{len(extra)}.{fmt}"
        assert main(["--data-dir", str(office), "report", "annual", "--year", str(YEAR), "--out", str(out), *extra]) == 0
        return _text(out.read_bytes(), fmt)

    dashed = written()
    assert all(_flat(line) in dashed for line in EXPECTED) and "27-28.07.2023" not in dashed
    hyphened = written("--hyphen")
    assert all(_flat(line) in hyphened for line in HYPHENED) and "27–28.07.2023" not in hyphened
    _with_settings(office, report_date_dash="hyphen")
    with Store.open(office, writer=False) as store:
        assert listed(annual_report(store, YEAR, today=TODAY).inspections) == HYPHENED


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_unit_head_signs_at_the_end(office: Path, fmt: str) -> None:
    """The head's post and name from the settings over «(посада) (підпис) (ім’я та прізвище)» and a date to fill in;
    lines to fill by hand while the settings have none."""
    def last(report: AnnualReport) -> str:
        text = _text(render(report, fmt), fmt)
        return text[text.index("Підсумки за розділами") :]

    with Store.open(office, writer=False) as store:
        blank = last(annual_report(store, YEAR, today=TODAY))
    assert "________________________ ________________________ ________________________" in blank
    assert "(посада)" in blank and "(підпис)" in blank and "(ім’я та прізвище)" in blank and "«____» ______________ 20____ року" in blank
    _with_settings(office, unit_head_position="Начальник відділу з питань запобігання та виявлення корупції", unit_head_name="Олена КОВАЛЬ")
    with Store.open(office, writer=False) as store:
        named = last(annual_report(store, YEAR, today=TODAY))
    assert "Начальник відділу з питань запобігання та виявлення корупції" in named and "Олена КОВАЛЬ" in named
    assert named.count("________________________") == 1  # the line to sign on


def test_the_unit_heads_fields_are_bounded() -> None:
    with pytest.raises(ValidationError):
        Settings(unit_head_name="Я" * 201)
    with pytest.raises(ValidationError):
        Settings(unit_head_position="Н" * 301)
    with pytest.raises(ValidationError):
        Settings.model_validate({"report_date_dash": "em"})


def test_an_office_report_without_the_councils_header_warns(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An office store filled by imports has no settings yet: the report is written, and the user told it lacks its header."""
    data_dir = tmp_path / "office"
    Store.open(data_dir).close()
    assert main(["--data-dir", str(data_dir), "report", "annual", "--year", "2026", "--out", str(tmp_path / "z.csv")]) == 0
    assert "не зазначено назви ради" in capsys.readouterr().err
    with Store.open(data_dir) as store:
        store.save_settings(Settings(council_name="Покровська міська рада", unit_name="Відділ"))
    assert main(["--data-dir", str(data_dir), "report", "annual", "--year", "2026", "--out", str(tmp_path / "z.csv")]) == 0
    assert "не зазначено назви ради" not in capsys.readouterr().err
