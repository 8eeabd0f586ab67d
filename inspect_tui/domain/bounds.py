"""Bounded value types: what the app itself can produce, so imported data can be no wilder.

Bundles come from other laptops and are hostile input. A naive timestamp, a date in
year 1 or 9999, an infinite number or a 300 MB history value is refused when it is
validated, instead of crashing the TUI or a later merge. Serialisation is untouched
(values are kept as given, not normalised), so hashes of signed inspections stay valid.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Annotated, Any

from pydantic import AfterValidator, AwareDatetime
from pydantic_core import PydanticCustomError

#: the first and last year a date or timestamp may carry (Ukraine's independence .. far future)
FIRST_YEAR = 1991
LAST_YEAR = 2100
#: a history value is at most this many characters of text in all and this deep (lists/objects)
HISTORY_VALUE_CHARS = 100_000
HISTORY_VALUE_DEPTH = 8


def _year_in_range(value: date) -> date:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise PydanticCustomError("year_range", "year {year} is outside {first}..{last}", {"year": value.year, "first": FIRST_YEAR, "last": LAST_YEAR})
    return value


#: a calendar date within FIRST_YEAR..LAST_YEAR
Day = Annotated[date, AfterValidator(_year_in_range)]
#: a timestamp with a time zone (naive ones cannot be compared with the app's), within the same years
Moment = Annotated[AwareDatetime, AfterValidator(_year_in_range)]


def _check_json_value(value: Any) -> Any:
    """A JSON value (null, bool, finite number, text, list, object) within the size and depth bounds."""
    budget = HISTORY_VALUE_CHARS
    todo: list[tuple[Any, int]] = [(value, 0)]
    while todo:
        current, depth = todo.pop()
        if depth > HISTORY_VALUE_DEPTH:
            raise PydanticCustomError("value_too_deep", "value nested deeper than {depth} levels", {"depth": HISTORY_VALUE_DEPTH})
        if isinstance(current, str):
            budget -= len(current)
        elif isinstance(current, float) and not math.isfinite(current):
            raise PydanticCustomError("finite_number", "number must be finite")
        elif isinstance(current, (list, dict)):
            budget -= len(current)
            if budget >= 0 and isinstance(current, dict):
                if not all(isinstance(k, str) for k in current):
                    raise PydanticCustomError("json_value", "not a JSON value")
                budget -= sum(len(k) for k in current)
                todo.extend((v, depth + 1) for v in current.values())
            elif budget >= 0:
                todo.extend((v, depth + 1) for v in current)
        elif current is not None and not isinstance(current, (bool, int, float)):
            raise PydanticCustomError("json_value", "not a JSON value")
        if budget < 0:
            raise PydanticCustomError("value_too_big", "value longer than {limit} characters", {"limit": HISTORY_VALUE_CHARS})
    return value


#: an old or new value in an inspection's history: plain JSON, finite numbers, bounded size and depth
HistoryValue = Annotated[Any, AfterValidator(_check_json_value)]
