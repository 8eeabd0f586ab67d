"""The plan as a CSV file, the way councils keep it in Excel: read (UTF-8 or cp1251, «;» or «,») and written back.

Reading is all-or-nothing: every bad row is reported by line and column and no entry is returned
while any is bad. The input is hostile: its size, row count and field lengths are bounded, and no
input makes the parser raise anything but a list of problems.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from inspect_tui.domain.edrpou import is_valid_edrpou
from inspect_tui.domain.enterprise import Enterprise
from inspect_tui.domain.plan import (
    BASIS_CHARS,
    ENTERPRISE_CHARS,
    INSPECTOR_CHARS,
    MAX_INSPECTORS,
    REASON_CHARS,
    ROMAN_QUARTERS,
    PlanEntry,
    entry_id,
)
from inspect_tui.i18n import t
from inspect_tui.i18n.errors import error_reason

MAX_BYTES = 2_000_000
MAX_ROWS = 2_000
#: problems listed before the rest are only counted
MAX_PROBLEMS = 100

EDRPOU, ENTERPRISE, MONTH, QUARTER, BASIS, INSPECTORS, REASON = "edrpou", "enterprise", "month", "quarter", "basis", "inspectors", "reason"
#: columns in the order the export writes them, with the Ukrainian header (also accepted: the English one)
COLUMNS = {
    EDRPOU: ("ЄДРПОУ", "EDRPOU"),
    ENTERPRISE: ("Підприємство", "Enterprise"),
    MONTH: ("Місяць", "Month"),
    QUARTER: ("Квартал", "Quarter"),
    BASIS: ("Підстава", "Basis"),
    INSPECTORS: ("Інспектори", "Inspectors"),
    REASON: ("Причина невиконання", "Not done reason"),
}
FIELD_CHARS = {EDRPOU: 20, ENTERPRISE: ENTERPRISE_CHARS, MONTH: 30, QUARTER: 30, BASIS: BASIS_CHARS, INSPECTORS: 4_000, REASON: REASON_CHARS}
MONTHS = ("січень", "лютий", "березень", "квітень", "травень", "червень", "липень", "серпень", "вересень", "жовтень", "листопад", "грудень")
#: a cell Excel would run as a formula starts with one of these; the export quotes it with «'», the import drops that «'»
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_UTF8_BOM = b"\xef\xbb\xbf"
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class PlanProblem:
    """One reason a plan file is refused: ``code`` is a message key ``plan.csv.<code>``; ``line`` is 1-based."""

    file: str
    code: str
    line: int | None = None
    column: str | None = None
    params: Mapping[str, Any] = field(default_factory=dict)

    def reason(self) -> str:
        return t(f"plan.csv.{self.code}", **self.params)

    def __str__(self) -> str:
        if self.line is None:
            return t("plan.csv.at_file", file=self.file, reason=self.reason())
        if self.column is None:
            return t("plan.csv.at_line", file=self.file, line=self.line, reason=self.reason())
        header = COLUMNS[self.column][0] if self.column in COLUMNS else self.column
        return t("plan.csv.at_cell", file=self.file, line=self.line, column=header, reason=self.reason())


class PlanRejected(Exception):
    """The file was refused; nothing of it was imported. ``problems`` holds the first ``MAX_PROBLEMS``, ``total`` all."""

    def __init__(self, file: str, problems: list[PlanProblem], total: int) -> None:
        super().__init__(t("plan.csv.rejected", file=file, count=total))
        self.problems = problems
        self.total = total

    def lines(self) -> list[str]:
        """Every kept problem, then how many more there were."""
        more = [t("plan.csv.more", count=self.total - len(self.problems))] if self.total > len(self.problems) else []
        return [str(p) for p in self.problems] + more


# --- reading ---------------------------------------------------------------------------------------


def decode(raw: bytes, file: str) -> str:
    """UTF-8 (with or without BOM) when the bytes are valid UTF-8, else cp1251 (Excel's «CSV» on Ukrainian Windows).

    UTF-16 («Unicode text») and binary files are refused: cp1251 would read them as nonsense.
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise PlanRejected(file, [PlanProblem(file, "utf16")], 1)
    if b"\x00" in raw:
        raise PlanRejected(file, [PlanProblem(file, "binary")], 1)
    try:
        text = raw.removeprefix(_UTF8_BOM).decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = raw.decode("cp1251")
        except UnicodeDecodeError as exc:
            raise PlanRejected(file, [PlanProblem(file, "encoding", params={"offset": exc.start})], 1) from None
    if _CONTROL.search(text):  # escape sequences and the like: no plan has them, a terminal would act on them
        raise PlanRejected(file, [PlanProblem(file, "binary")], 1)
    return text


def _delimiter(text: str) -> str:
    """«;» when the header line has one (Excel in the Ukrainian locale), else «,»."""
    first = text.split("\n", 1)[0]
    return ";" if ";" in first or "," not in first else ","


def _records(text: str, delimiter: str) -> Iterator[tuple[int, list[str] | None]]:
    """(line where the record starts, its cells) for every record; cells None where the CSV syntax breaks."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"', strict=True)
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error:
            yield start, None
            return  # the reader cannot resynchronise after broken quoting
        yield start, row


def _cell(value: str) -> str:
    value = value.strip()
    return value[1:] if value.startswith("'") and value[1:].startswith(_FORMULA_START) else value


def _header(cells: list[str], file: str) -> tuple[dict[str, int], list[PlanProblem]]:
    names = {name.casefold(): key for key, pair in COLUMNS.items() for name in pair}
    positions: dict[str, int] = {}
    problems = []
    for index, raw in enumerate(cells):
        label = raw.strip().removeprefix("\ufeff").strip()
        key = names.get(label.casefold())
        if key is None:
            if label:
                problems.append(PlanProblem(file, "unknown_column", 1, params={"name": label[:60], "known": _known()}))
            continue
        if key in positions:
            problems.append(PlanProblem(file, "duplicate_column", 1, params={"name": label}))
        positions[key] = index
    if EDRPOU not in positions:
        problems.append(PlanProblem(file, "missing_column", 1, params={"name": COLUMNS[EDRPOU][0]}))
    if MONTH not in positions and QUARTER not in positions:
        problems.append(PlanProblem(file, "missing_period", 1, params={"month": COLUMNS[MONTH][0], "quarter": COLUMNS[QUARTER][0]}))
    return positions, problems


def _known() -> str:
    return "; ".join(pair[0] for pair in COLUMNS.values())


#: the month in the genitive, as in «15 вересня» or «до вересня»
_GENITIVE = ("січня", "лютого", "березня", "квітня", "травня", "червня", "липня", "серпня", "вересня", "жовтня", "листопада", "грудня")
#: a period cell as councils write it: the period, then perhaps a unit («квартал», «кв.») and the plan's year
_PERIOD = re.compile(r"^(?P<period>[^\s.]+)\.?(?:\s+(?P<unit>квартал|кв\.?))?(?:\s+(?P<year>\d{4})(?:\s*(?:року|р\.?))?)?$")


def _period(text: str, year: int | None, *, unit: bool) -> str | None:
    """The bare period of a cell («3 кв.», «III квартал 2026», «вересня», «Лист.»), folded; None when the cell
    names another year than the plan's or has words a period never has."""
    match = _PERIOD.match(" ".join(text.split()).casefold())
    if match is None or (match["unit"] and not unit):
        return None
    if match["year"] is not None and year is not None and int(match["year"]) != year:
        return None
    return match["period"]


def parse_month(text: str, year: int | None = None) -> int | None:
    """1–12 or a Ukrainian month as plans write it: «вересень», «вересня», «вер.», «Лист.», «вересень 2026»
    (of ``year`` when given); None when it is none of these."""
    folded = _period(text, year, unit=False)
    if folded is None:
        return None
    if folded.isdecimal() and folded.isascii():
        return int(folded) if 1 <= int(folded) <= 12 else None
    for names in (MONTHS, _GENITIVE):
        if folded in names:
            return names.index(folded) + 1
    # an abbreviation: at least three letters that begin exactly one month's name («лист.», «вер.», «жовт»)
    starts = {n for n, name in enumerate(MONTHS) if len(folded) >= 3 and name.startswith(folded)}
    return starts.pop() + 1 if len(starts) == 1 else None


def parse_quarter(text: str, year: int | None = None) -> int | None:
    """1–4 or I–IV (Latin, or the Cyrillic «І» a Ukrainian keyboard types), perhaps with «квартал» or «кв.» and
    the plan's year: «ІІІ квартал», «3 кв.»; None when it is neither."""
    folded = _period(text, year, unit=True)
    if folded is None:
        return None
    value = folded.upper().replace("І", "I")  # Cyrillic І → Latin I
    if value.isdecimal() and value.isascii():
        return int(value) if 1 <= int(value) <= 4 else None
    return ROMAN_QUARTERS.index(value) + 1 if value in ROMAN_QUARTERS else None


def _edrpou(text: str) -> str:
    """Excel shows codes as numbers and drops their leading zeros: «32129» is 00032129."""
    return text.zfill(8) if text.isascii() and text.isdecimal() and len(text) < 8 else text


def _inspectors(text: str) -> list[str]:
    return [name.strip() for part in text.splitlines() for name in part.split(",") if name.strip()]


@dataclass
class _Row:
    file: str
    line: int
    cells: Mapping[str, str]
    problems: list[PlanProblem] = field(default_factory=list)

    def bad(self, column: str | None, problem: str, /, **params: Any) -> None:
        self.problems.append(PlanProblem(self.file, problem, self.line, column, params))


def _entry(row: _Row, year: int, registry: Mapping[str, Enterprise]) -> PlanEntry | None:
    """The entry of one row, or None with the row's problems recorded (each cell checked, not just the first bad one)."""
    cells = row.cells
    for key, value in cells.items():
        if len(value) > FIELD_CHARS[key]:
            row.bad(key, "too_long", limit=FIELD_CHARS[key])
    if row.problems:
        return None
    code = _edrpou(cells.get(EDRPOU, ""))
    enterprise = None
    if not code:
        row.bad(EDRPOU, "required")
    elif not is_valid_edrpou(code):
        row.bad(EDRPOU, "bad_edrpou", code=code)
    else:
        enterprise = registry.get(code)
        if enterprise is None:
            row.bad(EDRPOU, "not_registered", code=code)
    month_text, quarter_text = cells.get(MONTH, ""), cells.get(QUARTER, "")
    month = parse_month(month_text, year) if month_text else None
    quarter = parse_quarter(quarter_text, year) if quarter_text else None
    if month_text and month is None:
        row.bad(MONTH, "bad_month", value=month_text)
    if quarter_text and quarter is None:
        row.bad(QUARTER, "bad_quarter", value=quarter_text)
    if month_text and quarter_text:
        row.bad(QUARTER, "month_and_quarter")
    elif not month_text and not quarter_text:
        row.bad(MONTH, "no_period")
    inspectors = _inspectors(cells.get(INSPECTORS, ""))
    if len(inspectors) > MAX_INSPECTORS:
        row.bad(INSPECTORS, "too_many_inspectors", limit=MAX_INSPECTORS)
    elif any(len(name) > INSPECTOR_CHARS for name in inspectors):
        row.bad(INSPECTORS, "too_long", limit=INSPECTOR_CHARS)
    if row.problems or enterprise is None:
        return None
    try:
        return PlanEntry(
            id=entry_id(year, code, month, quarter), year=year, edrpou=code, enterprise=enterprise.short_name, month=month, quarter=quarter,
            basis=cells.get(BASIS, ""), inspectors=inspectors, not_done_reason=cells.get(REASON, ""),
        )
    except ValidationError as exc:  # the checks above cover the model's rules; this keeps a future rule from escaping
        error = exc.errors(include_url=False)[0]
        row.bad(None, "invalid", reason=error_reason(error))
        return None


def parse_plan(raw: bytes, *, year: int, registry: Mapping[str, Enterprise], file: str = "plan.csv") -> list[PlanEntry]:
    """The entries of a plan file, or ``PlanRejected`` naming every bad row by its line and column.

    ``registry``: the enterprises by ЄДРПОУ; a row naming one that is not registered is bad (the plan
    is of the council's own enterprises, whose profile the inspection needs).
    """
    if len(raw) > MAX_BYTES:
        raise PlanRejected(file, [PlanProblem(file, "too_big", params={"size": len(raw), "limit": MAX_BYTES})], 1)
    text = decode(raw, file)
    problems: list[PlanProblem] = []
    entries: list[PlanEntry] = []
    records = _records(text, _delimiter(text))
    positions: dict[str, int] | None = None
    seen: dict[tuple[str, int | None, int | None], int] = {}
    rows = 0
    for line, cells in records:
        if cells is None:
            problems.append(PlanProblem(file, "bad_quoting", line))
            break
        if not any(c.strip() for c in cells):
            continue  # blank lines and the «;;;;» rows Excel leaves under a table
        if positions is None:
            positions, header_problems = _header(cells, file)
            if header_problems:
                raise PlanRejected(file, header_problems, len(header_problems))
            continue
        rows += 1
        if rows > MAX_ROWS:  # no council plans this many: the file is refused as a whole
            raise PlanRejected(file, [PlanProblem(file, "too_many_rows", line, params={"limit": MAX_ROWS})], 1)
        if len(cells) > len(COLUMNS) * 2 + max(positions.values()):
            problems.append(PlanProblem(file, "too_many_cells", line, params={"count": len(cells)}))
            continue
        row = _Row(file, line, {key: _cell(cells[i]) if i < len(cells) else "" for key, i in positions.items()})
        entry = _entry(row, year, registry)
        if entry is not None:
            first = seen.setdefault(entry.key(), line)
            if first != line:
                row.bad(None, "duplicate_row", first=first)
            else:
                entries.append(entry)
        problems.extend(row.problems)
    if positions is None:
        raise PlanRejected(file, [PlanProblem(file, "empty")], 1)
    if problems:
        raise PlanRejected(file, problems[:MAX_PROBLEMS], len(problems))
    return entries


# --- writing ---------------------------------------------------------------------------------------


def month_name(month: int) -> str:
    return MONTHS[month - 1]


def _safe(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value


def plan_csv(entries: list[PlanEntry]) -> bytes:
    """The plan as Excel opens it right on Ukrainian Windows: UTF-8 with a BOM, «;», CRLF, the Ukrainian header."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(pair[0] for pair in COLUMNS.values())
    for e in entries:
        writer.writerow(
            _safe(cell)
            for cell in (
                e.edrpou,
                e.enterprise,
                month_name(e.month) if e.month else "",
                ROMAN_QUARTERS[e.quarter - 1] if e.quarter else "",
                e.basis,
                ", ".join(e.inspectors),
                e.not_done_reason,
            )
        )
    return _UTF8_BOM + out.getvalue().encode("utf-8")
