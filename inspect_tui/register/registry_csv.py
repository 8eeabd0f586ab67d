"""The enterprise registry as a CSV table (see ``csvtable``): the office loads the council's list from Excel.

A row is validated to the same rules as an enterprise entered in the app (the ``Enterprise`` model), each
problem named by line and column. A kind and a sector may be written as the app names them in Ukrainian
(«установа, заклад», «охорона здоров'я») or by their codes; a yes/no cell as «так»/«ні», «yes»/«no», 1/0.
A row for a registered ЄДРПОУ updates that enterprise, and only in the columns the file has: a file of
codes and headcounts updates the headcounts and keeps every other fact as it was.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from inspect_tui.domain.edrpou import is_valid_edrpou
from inspect_tui.domain.enterprise import Enterprise
from inspect_tui.domain.rules import Kind, Sector
from inspect_tui.i18n import catalog
from inspect_tui.i18n.errors import error_reason
from inspect_tui.register.csvtable import Row, Table, TableProblem, TableRejected, edrpou_cell, write_table

MAX_BYTES = 20_000_000
#: an oblast's councils keep a few thousand communal entities; a file of more is not a registry
MAX_ROWS = 50_000

#: column key (the ``Enterprise`` field it fills) → (Ukrainian header, English header), in the export's order
COLUMNS = {
    "edrpou": ("ЄДРПОУ", "EDRPOU"),
    "name": ("Повне найменування", "Full name"),
    "short_name": ("Скорочене найменування", "Short name"),
    "legal_form": ("Організаційно-правова форма", "Legal form"),
    "kind": ("Вид суб'єкта", "Kind"),
    "sector": ("Сфера діяльності", "Sector"),
    "address": ("Місцезнаходження", "Address"),
    "head_name": ("Керівник", "Head"),
    "head_position": ("Посада керівника", "Head's position"),
    "responsible_person": ("Відповідальна особа", "Responsible person"),
    "reporting_year": ("Звітний рік", "Reporting year"),
    "headcount": ("Середньооблікова чисельність", "Headcount"),
    "gross_revenue_uah": ("Валовий дохід, грн", "Gross revenue, UAH"),
    "procurement_participant_20m": ("Учасник закупівлі від 20 млн грн", "Tenderer in a procurement of 20 mln UAH or more"),
    "city_level": ("Заклад охорони здоров'я міського чи вищого рівня", "City-level or higher health facility"),
    "higher_education": ("Заклад вищої освіти", "Higher-education institution"),
}
_NUMBERS = ("reporting_year", "headcount", "gross_revenue_uah")
_FLAGS = ("procurement_participant_20m", "city_level", "higher_education")
_YES, _NO = {"так", "yes", "1", "+", "true", "да"}, {"ні", "no", "0", "-", "false", "нет"}
#: whole numbers as Excel writes them: «95 000 000», «95000000,00», with ordinary or no-break spaces
_WHOLE = re.compile(r"^(\d+)(?:[.,]0{1,2})?$")


class RegistryProblem(TableProblem):
    CATALOG = "registry.csv"
    COLUMNS = COLUMNS


class RegistryRejected(TableRejected):
    """A registry file was refused; nothing of it was imported."""


REGISTRY_TABLE = Table(RegistryProblem, RegistryRejected, ("edrpou",), MAX_BYTES, MAX_ROWS)


@dataclass(frozen=True)
class RegistryRows:
    """What a registry file holds: new enterprises and changed ones (in file order), and the unchanged count."""

    added: list[Enterprise]
    updated: list[Enterprise]
    unchanged: int


#: short names councils write for a kind, besides the app's own labels
_KIND_WORDS = {"установа": "institution", "заклад": "institution", "господарське товариство": "company", "товариство": "company"}


def _names(area: str, codes: list[str], extra: Mapping[str, str]) -> dict[str, str]:
    """Ukrainian and English names as the app and the certificate write them, and the codes themselves, folded → code."""
    names = {code: code for code in codes} | dict(extra)
    for lang in ("uk", "en"):
        for key in (f"tui.{area}.{{}}", f"certificate.doc.{area}s.{{}}"):
            for code in codes:
                label = catalog(lang).get(key.format(code))
                if label:
                    names[_fold(label)] = code
    return names


def _fold(text: str) -> str:
    return " ".join(text.replace("’", "'").replace("ʼ", "'").split()).casefold()


def _value(row: Row, key: str, text: str, kinds: Mapping[str, str], sectors: Mapping[str, str]) -> Any:
    """The model's value of one cell, or ``None`` with the row's problem recorded."""
    if key in _NUMBERS:
        match = _WHOLE.match(re.sub(r"[\s\u00a0\u202f]", "", text))
        if match is None:
            row.bad(key, "bad_number", value=text)
        return int(match.group(1)) if match else None
    if key in _FLAGS:
        folded = text.casefold()
        if folded in _YES or folded in _NO:
            return folded in _YES
        row.bad(key, "bad_flag", value=text)
        return None
    if key in ("kind", "sector"):
        names = kinds if key == "kind" else sectors
        code = names.get(_fold(text))
        if code is None:
            row.bad(key, f"bad_{key}", value=text, known="; ".join(sorted({n for n in names if n not in names.values()})))
        return code
    return text


def _enterprise(row: Row, registered: Enterprise | None, kinds: Mapping[str, str], sectors: Mapping[str, str]) -> Enterprise | None:
    """The enterprise a row describes (merged onto the registered one: the file's columns only), or None with its problems."""
    data: dict[str, Any] = registered.model_dump(mode="json") if registered is not None else {}
    for key, text in row.cells.items():
        if key == "edrpou" or (not text and (registered is None or data.get(key) is None)):
            # a new enterprise's empty cell takes the model's default (or is reported as missing); a registered
            # one's unknown fact (registered from a plan) stays unknown, as its export wrote it
            continue
        if not text and key in _FLAGS:  # not answered: unset, but a tenderer is one only when the file says so
            data[key] = False if key == "procurement_participant_20m" else None
            continue
        data[key] = _value(row, key, text, kinds, sectors) if text else ""
    if row.problems:
        return None
    data["edrpou"] = row.cells["edrpou"]
    try:
        return Enterprise.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            loc = error["loc"]
            column = str(loc[0]) if loc and str(loc[0]) in COLUMNS else None
            if error["type"] == "missing":
                row.bad(column, "required")
            else:
                row.bad(column, "invalid", reason=error_reason(error))
        return None


def parse_registry(raw: bytes, *, registry: Mapping[str, Enterprise], file: str = "registry.csv") -> RegistryRows:
    """The enterprises a registry file adds and changes, or ``RegistryRejected`` naming every bad row."""
    _, rows, problems = REGISTRY_TABLE.rows(raw, file)
    kinds = _names("kind", [k.value for k in Kind], _KIND_WORDS)
    sectors = _names("sector", [s.value for s in Sector], {})
    added: list[Enterprise] = []
    updated: list[Enterprise] = []
    unchanged = 0
    seen: dict[str, int] = {}
    for row in rows:
        code = edrpou_cell(row.cells.get("edrpou", ""))
        row.cells["edrpou"] = code
        if not code:
            row.bad("edrpou", "required")
        elif not is_valid_edrpou(code):
            row.bad("edrpou", "bad_edrpou", code=code)
        elif seen.setdefault(code, row.line) != row.line:
            row.bad("edrpou", "duplicate_row", first=seen[code], code=code)
        if not row.problems:
            registered = registry.get(code)
            enterprise = _enterprise(row, registered, kinds, sectors)
            if enterprise is not None:
                if registered is None:
                    added.append(enterprise)
                elif enterprise != registered:
                    updated.append(enterprise)
                else:
                    unchanged += 1
        problems.extend(row.problems)
    REGISTRY_TABLE.reject_if(file, sorted(problems, key=lambda p: p.line or 0))
    return RegistryRows(added, updated, unchanged)


def _cell(enterprise: Enterprise, key: str) -> str:
    value = getattr(enterprise, key)
    if key in ("kind", "sector") and value is not None:
        return catalog("uk")[f"tui.{key}.{value.value}"]
    if isinstance(value, bool):
        return "так" if value else "ні"
    return "" if value is None else str(value)


def registry_csv(enterprises: list[Enterprise]) -> bytes:
    """The registry as Excel opens it right on Ukrainian Windows; the import reads it back as it was written
    (a code whose leading zeros Excel dropped is zero-filled again)."""
    return write_table([pair[0] for pair in COLUMNS.values()], [[_cell(e, key) for key in COLUMNS] for e in enterprises])
