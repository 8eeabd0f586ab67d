"""The yearly plan as a CSV table (see ``csvtable``): read from the council's Excel file, written back for it.

A period is a month or a quarter, written as councils write them: «вересень», «вересня», «вер.»,
«вересень 2026», «ІІІ квартал», «3 кв.».
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from pydantic import ValidationError

from inspect_tui.domain.edrpou import is_valid_edrpou
from inspect_tui.domain.enterprise import Enterprise
from inspect_tui.domain.plan import (
    BASIS_CHARS,
    ENTERPRISE_CHARS,
    INSPECTOR_CHARS,
    MAX_ENTRIES,
    MAX_INSPECTORS,
    REASON_CHARS,
    ROMAN_QUARTERS,
    PlanEntry,
    entry_id,
)
from inspect_tui.i18n.errors import error_reason
from inspect_tui.register.csvtable import Row, Table, TableProblem, TableRejected, edrpou_cell, write_table

MAX_BYTES = 2_000_000
MAX_ROWS = MAX_ENTRIES  # a plan file holds no more than a stored plan may

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


class PlanProblem(TableProblem):
    CATALOG = "plan.csv"
    COLUMNS = COLUMNS


class PlanRejected(TableRejected):
    """A plan file was refused; nothing of it was imported."""


def _period_columns(positions: dict[str, int], file: str) -> list[TableProblem]:
    if MONTH in positions or QUARTER in positions:
        return []
    return [PlanProblem(file, "missing_period", 1, params={"month": COLUMNS[MONTH][0], "quarter": COLUMNS[QUARTER][0]})]


PLAN_TABLE = Table(PlanProblem, PlanRejected, (EDRPOU,), MAX_BYTES, MAX_ROWS, _period_columns)


# --- reading ---------------------------------------------------------------------------------------


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


def _inspectors(text: str) -> list[str]:
    return [name.strip() for part in text.splitlines() for name in part.split(",") if name.strip()]


@dataclass(frozen=True)
class PlanRows:
    """What a plan file holds: its entries, and the enterprises its rows name that the registry lacks, made from
    the rows' own codes and names (``Enterprise.from_plan``), in file order; registered only on confirmation."""

    entries: list[PlanEntry]
    unregistered: list[Enterprise]


def _enterprise(row: Row, code: str, registry: Mapping[str, Enterprise], unregistered: dict[str, Enterprise]) -> Enterprise | None:
    """The enterprise a row's valid code names: the registered one, else one made from the row's name (kept in
    ``unregistered``; the first row of a code names it), else None with the row's problem recorded."""
    known = registry.get(code) or unregistered.get(code)
    if known is not None:
        return known
    name = " ".join(row.cells.get(ENTERPRISE, "").split())
    if not name:
        row.bad(EDRPOU, "not_registered", code=code)
        return None
    try:
        made = Enterprise.from_plan(code, name)
    except ValidationError as exc:  # the name as no registry entry may have it (a name of control characters)
        row.bad(ENTERPRISE, "invalid", reason=error_reason(exc.errors(include_url=False)[0]))
        return None
    unregistered[code] = made
    return made


def _entry(row: Row, year: int, registry: Mapping[str, Enterprise], unregistered: dict[str, Enterprise]) -> PlanEntry | None:
    """The entry of one row, or None with the row's problems recorded (each cell checked, not just the first bad one)."""
    cells = row.cells
    for key, value in cells.items():
        if len(value) > FIELD_CHARS[key]:
            row.bad(key, "too_long", limit=FIELD_CHARS[key])
    if row.problems:
        return None
    code = edrpou_cell(cells.get(EDRPOU, ""))
    enterprise = None
    if not code:
        row.bad(EDRPOU, "required")
    elif not is_valid_edrpou(code):
        row.bad(EDRPOU, "bad_edrpou", code=code)
    else:
        enterprise = _enterprise(row, code, registry, unregistered)
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


def parse_plan(raw: bytes, *, year: int, registry: Mapping[str, Enterprise], file: str = "plan.csv") -> PlanRows:
    """The entries of a plan file, or ``PlanRejected`` naming every bad row by its line and column.

    ``registry``: the enterprises by ЄДРПОУ. A row naming one that is not registered gives an enterprise made
    from its code and name (``PlanRows.unregistered``: the caller registers them, or refuses the plan); a row
    with neither a registered code nor a name is bad (the plan is of the council's own enterprises).
    """
    _, rows, problems = PLAN_TABLE.rows(raw, file)
    entries: list[PlanEntry] = []
    unregistered: dict[str, Enterprise] = {}
    seen: dict[tuple[str, int | None, int | None], int] = {}
    for row in rows:
        entry = _entry(row, year, registry, unregistered)
        if entry is not None:
            first = seen.setdefault(entry.key(), row.line)
            if first != row.line:
                row.bad(None, "duplicate_row", first=first)
            else:
                entries.append(entry)
        problems.extend(row.problems)
    PLAN_TABLE.reject_if(file, sorted(problems, key=lambda p: p.line or 0))
    return PlanRows(entries, list(unregistered.values()))


# --- writing ---------------------------------------------------------------------------------------


def month_name(month: int) -> str:
    return MONTHS[month - 1]


def plan_csv(entries: list[PlanEntry]) -> bytes:
    """The plan as Excel opens it right on Ukrainian Windows (``write_table``), with the Ukrainian header."""
    return write_table(
        [pair[0] for pair in COLUMNS.values()],
        [
            [
                e.edrpou,
                e.enterprise,
                month_name(e.month) if e.month else "",
                ROMAN_QUARTERS[e.quarter - 1] if e.quarter else "",
                e.basis,
                ", ".join(e.inspectors),
                e.not_done_reason,
            ]
            for e in entries
        ],
    )
