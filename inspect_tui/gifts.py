"""Subsistence minimum (ПМ) by year and the gift limits of ч. 2 ст. 23 of Law No. 1700-VII.

The current text of ч. 2 ст. 23 (checked against the Law's consolidated text) allows gifts
that match common notions of hospitality if

* one gift costs no more than **two** ПМ for able-bodied persons set **on the day the gift
  is accepted**, and
* all such gifts from one person (group of persons) in a year cost no more than **four** ПМ
  set **on 1 January** of that year.

These multipliers come from Law No. 3384-IX of 20.09.2023, published in «Голос України» on
11.10.2023 and in force from the next day, **12.10.2023** (the day NAZK counts its deadlines
from). Before that ч. 2 ст. 23 allowed **one** ПМ per gift and **two** ПМ a year. A limit is
therefore computed for a date: the wording in force on the day a gift is accepted.

The ПМ table ships as package data (``inspect_tui/data/subsistence_minimum.toml``); the user
overrides a year's value through ``Settings.subsistence_minimum`` (``{year: UAH}``). An
override replaces that year's value for the whole year (mid-year changes from the table are
dropped for it). Everything here is pure apart from reading the bundled file once.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

#: ч. 2 ст. 23: a single gift may cost at most this many ПМ (on the day it is accepted).
PER_GIFT_PM = 2
#: ч. 2 ст. 23: gifts from one source in a year may cost at most this many ПМ (on 1 January).
PER_YEAR_PM = 4
#: The first day of the current multipliers: Law No. 3384-IX of 20.09.2023 took effect.
LIMITS_RAISED_ON = date(2023, 10, 12)
#: ч. 2 ст. 23 before that day: 1 ПМ per gift, 2 ПМ a year from one source.
OLD_PER_GIFT_PM = 1
OLD_PER_YEAR_PM = 2

MIN_YEAR = 1990
MAX_YEAR = 2100


class SubsistenceMinimumUnknown(LookupError):
    """No ПМ value is known for the year: neither the bundled table nor the user's overrides have it."""

    def __init__(self, year: int) -> None:
        super().__init__(f"no subsistence minimum known for {year}; add it in Settings")
        self.year = year


@dataclass(frozen=True)
class PmChange:
    """A value that takes effect during the year (e.g. from 1 July)."""

    start: date
    uah: int


@dataclass(frozen=True)
class PmYear:
    """The ПМ for able-bodied persons in one year: its 1 January value and later changes."""

    year: int
    uah: int
    changes: tuple[PmChange, ...] = ()
    source: str = ""
    verified: bool = False
    overridden: bool = False

    def on(self, day: date) -> int:
        """The value in force on ``day`` (which must fall in this year)."""
        if day.year != self.year:
            raise ValueError(f"{day} is not in {self.year}")
        value = self.uah
        for change in self.changes:
            if change.start <= day:
                value = change.uah
        return value


@dataclass(frozen=True)
class GiftCheck:
    """Gifts from one source compared with the limits: which exceed what."""

    over_single: tuple[int, ...] = ()  # indexes of gifts above the current per-gift limit: «Ні»
    over_year: dict[int, int] = field(default_factory=dict)  # year -> total above the current yearly limit: «Ні»
    #: gifts accepted before 12.10.2023 above the limits of that day but within the current ones: a note, not «Ні»
    over_old_single: tuple[int, ...] = ()
    over_old_year: dict[int, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """No sign of a breach: nothing above the current limits (an excess over the old ones alone is noted)."""
        return not self.over_single and not self.over_year


def _positive_int(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{what} must be a whole number, not {value!r}")
    if value <= 0:
        raise ValueError(f"{what} must be positive, not {value}")
    return value


def _year(value: Any) -> int:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())  # JSON object keys arrive as strings
    year = _positive_int(value, "year")
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueError(f"year {year} is outside {MIN_YEAR}..{MAX_YEAR}")
    return year


def parse_table(data: Mapping[str, Any]) -> dict[int, PmYear]:
    """Validate the TOML form of the table (``[[years]]`` rows) and index it by year."""
    rows = data.get("years")
    if not isinstance(rows, list) or not rows:
        raise ValueError("the table needs at least one [[years]] row")
    table: dict[int, PmYear] = {}
    for row in rows:
        if not isinstance(row, dict):
            raise ValueError(f"a [[years]] row must be a table, not {row!r}")
        year = _year(row.get("year"))
        if year in table:
            raise ValueError(f"year {year} appears twice")
        changes = []
        for raw in row.get("changes", []):
            start = raw.get("from") if isinstance(raw, dict) else None
            if not isinstance(start, date) or start.year != year or (start.month, start.day) == (1, 1):
                raise ValueError(f"{year}: a change needs a 'from' date later in {year}, not {start!r}")
            changes.append(PmChange(start, _positive_int(raw.get("uah"), f"{year} change uah")))
        starts = [c.start for c in changes]
        if starts != sorted(set(starts)):
            raise ValueError(f"{year}: changes must be in date order, each date once")
        table[year] = PmYear(
            year=year,
            uah=_positive_int(row.get("uah"), f"{year} uah"),
            changes=tuple(changes),
            source=str(row.get("source", "")),
            verified=bool(row.get("verified", False)),
        )
    return table


@cache
def bundled_table() -> dict[int, PmYear]:
    """The table shipped with the app (read once)."""
    text = resources.files("inspect_tui").joinpath("data/subsistence_minimum.toml").read_text("utf-8")
    return parse_table(tomllib.loads(text))


def merge(table: Mapping[int, PmYear], overrides: Mapping[Any, Any] | None) -> dict[int, PmYear]:
    """The table with the user's ``{year: UAH}`` overrides applied (invalid entries raise ``ValueError``)."""
    merged = dict(table)
    for raw_year, raw_uah in (overrides or {}).items():
        year = _year(raw_year)
        uah = _positive_int(raw_uah, f"{year} override")
        base = table.get(year)
        merged[year] = PmYear(year=year, uah=uah, source=base.source if base else "", verified=False, overridden=True)
    return dict(sorted(merged.items()))


def subsistence_table(overrides: Mapping[Any, Any] | None = None) -> dict[int, PmYear]:
    """Bundled table merged with the user's overrides, by year."""
    return merge(bundled_table(), overrides)


def _entry(year: int, overrides: Mapping[Any, Any] | None) -> PmYear:
    table = subsistence_table(overrides)
    try:
        return table[year]
    except KeyError:
        raise SubsistenceMinimumUnknown(year) from None


def subsistence_minimum(year: int, overrides: Mapping[Any, Any] | None = None) -> int:
    """ПМ for able-bodied persons set on 1 January of ``year``, UAH."""
    return _entry(year, overrides).uah


def subsistence_minimum_on(day: date, overrides: Mapping[Any, Any] | None = None) -> int:
    """ПМ for able-bodied persons in force on ``day``, UAH."""
    return _entry(day.year, overrides).on(day)


def multipliers(day: date) -> tuple[int, int]:
    """``(ПМ per gift, ПМ a year from one source)`` in the wording of ч. 2 ст. 23 in force on ``day``."""
    if day >= LIMITS_RAISED_ON:
        return PER_GIFT_PM, PER_YEAR_PM
    return OLD_PER_GIFT_PM, OLD_PER_YEAR_PM


def _on(year: int, on: date | None) -> date:
    if on is None:
        return date(year, 12, 31)
    if on.year != year:
        raise ValueError(f"{on} is not in {year}")
    return on


def per_gift_limit(day: date, overrides: Mapping[Any, Any] | None = None) -> int:
    """Most a single gift accepted on ``day`` may cost: 2 ПМ on that day (1 ПМ before 12.10.2023)."""
    return multipliers(day)[0] * subsistence_minimum_on(day, overrides)


def per_year_limit(year: int, overrides: Mapping[Any, Any] | None = None, *, on: date | None = None) -> int:
    """Most all gifts from one source in ``year`` may cost together: 4 ПМ on 1 January (2 ПМ before 12.10.2023).

    ``on`` is the day the wording is taken from (a gift's acceptance day); by default the
    year's last day, i.e. the wording that governed the year's total at its end.
    """
    return multipliers(_on(year, on))[1] * subsistence_minimum(year, overrides)


def gift_limits(year: int, overrides: Mapping[Any, Any] | None = None, *, on: date | None = None) -> tuple[int, int]:
    """``(per gift, per year from one source)`` in UAH from the ПМ on 1 January of ``year``.

    The wording is the one in force ``on`` (default: 31 December of ``year``); in 2023 it
    changed on 12 October (``limits_change_in(2023)``). The per-gift figure holds for gifts
    accepted while the 1 January ПМ is in force; after a mid-year change use ``per_gift_limit(day)``.
    """
    pm = subsistence_minimum(year, overrides)
    per_gift, per_year = multipliers(_on(year, on))
    return per_gift * pm, per_year * pm


def limits_change_in(year: int) -> date | None:
    """The day within ``year`` on which the wording of ч. 2 ст. 23 changed, if any."""
    return LIMITS_RAISED_ON if LIMITS_RAISED_ON.year == year else None


def check_gifts(gifts: Iterable[tuple[date, int]], overrides: Mapping[Any, Any] | None = None) -> GiftCheck:
    """Compare gifts from one person (group of persons), as ``(accepted on, value UAH)``, with the limits.

    A value equal to a limit is within it ("не перевищує"). Signs of a breach are judged by the
    current multipliers (2 ПМ a gift on its day, 4 ПМ a year on 1 January) for every date: the
    milder law applies to liability. Gifts accepted before 12.10.2023 are also compared with the
    wording of that day (1 ПМ, 2 ПМ); an excess over it alone goes to ``over_old_*`` for the note.
    Gifts exempt from the limits (from close persons, publicly available discounts and prizes,
    covered business-trip costs, and under martial law those of п. 2-3 розд. XIII) must be left
    out by the caller.
    """
    items = list(gifts)
    over_single: list[int] = []
    over_old_single: list[int] = []
    for index, (day, value) in enumerate(items):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"gift value must be a non-negative whole number of UAH, not {value!r}")
        pm = subsistence_minimum_on(day, overrides)
        if value > PER_GIFT_PM * pm:
            over_single.append(index)
        elif value > multipliers(day)[0] * pm:
            over_old_single.append(index)
    totals: dict[int, int] = {}
    over_years: set[int] = set()
    over_old_years: set[int] = set()
    for day, value in sorted(items, key=lambda g: g[0]):
        totals[day.year] = totals.get(day.year, 0) + value
        pm = subsistence_minimum(day.year, overrides)
        if totals[day.year] > PER_YEAR_PM * pm:
            over_years.add(day.year)
        elif totals[day.year] > multipliers(day)[1] * pm:
            over_old_years.add(day.year)
    return GiftCheck(
        over_single=tuple(over_single),
        over_year={year: totals[year] for year in sorted(over_years)},
        over_old_single=tuple(over_old_single),
        over_old_year={year: totals[year] for year in sorted(over_old_years - over_years)},
    )


def latest_year(overrides: Mapping[Any, Any] | None = None, *, up_to: int | None = None) -> int | None:
    """The latest year with a known ПМ (not after ``up_to`` when given), or ``None``."""
    years = [y for y in subsistence_table(overrides) if up_to is None or y <= up_to]
    return max(years) if years else None
