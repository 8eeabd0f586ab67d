"""Walking the top level of a JSON document one value (or array element) at a time.

The standard library's C decoder turns each value into Python objects; walking
the top level by hand means a bundle's arrays are never all decoded at once, so
the objects of one inspection live only while it is checked.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from typing import Any

from inspect_tui.i18n import t

_WS = re.compile(r"[ \t\n\r]*")

#: the standard library's messages → catalog keys (``sync.json.<key>``)
_JSON_MESSAGES = {
    "Expecting value": "expecting_value",
    "Expecting ',' delimiter": "expecting_comma",
    "Expecting ':' delimiter": "expecting_colon",
    "Expecting property name enclosed in double quotes": "expecting_name",
    "Unterminated string starting at": "unterminated_string",
    "Invalid control character at": "control_character",
    "Invalid \\escape": "bad_escape",
    "Invalid \\uXXXX escape": "bad_escape",
    "Extra data": "extra_data",
}


class MalformedJson(Exception):
    """The text is not (the expected) JSON at ``pos``; ``reason`` is in the user's language."""

    def __init__(self, pos: int, reason: str) -> None:
        super().__init__(reason)
        self.pos = pos
        self.reason = reason


class _Refused(Exception):
    """Raised inside the decoder for a value JSON allows but a bundle may not hold."""


def _refuse_constant(name: str) -> Any:
    raise ValueError(t("sync.json.constant", name=name))


def _finite(text: str) -> float:
    """``1e999`` parses as infinity, which would be stored as null: refuse it."""
    value = float(text)
    if not math.isfinite(value):
        raise _Refused(t("sync.json.not_finite", number=text[:40]))
    return value


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """An object whose keys are all distinct (with duplicates, the last would silently win)."""
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _Refused(t("sync.json.duplicate_key", key=json.dumps(key)[:80]))
            seen.add(key)
    return result


_DECODER = json.JSONDecoder(parse_constant=_refuse_constant, parse_float=_finite, object_pairs_hook=_unique)
#: a ``\uD800``-``\uDFFF`` escape: may be half of a surrogate pair, which no UTF-8 file can store
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _has_lone_surrogate(value: Any) -> bool:
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _reason(message: str) -> str:
    key = _JSON_MESSAGES.get(message)
    return t(f"sync.json.{key}") if key else message


def decode_at(text: str, pos: int) -> tuple[Any, int]:
    """Decode the JSON value starting at ``pos``: ``(value, end)``, or ``MalformedJson``."""
    try:
        value, end = _DECODER.raw_decode(text, pos)
    except json.JSONDecodeError as exc:
        raise MalformedJson(exc.pos, _reason(exc.msg)) from None
    except RecursionError:
        raise MalformedJson(pos, t("sync.json.too_deep")) from None
    except _Refused as exc:
        raise MalformedJson(pos, str(exc)) from None
    except ValueError as exc:  # a refused NaN/Infinity, or an integer of thousands of digits
        raise MalformedJson(pos, t("sync.json.bad_value", detail=str(exc))) from None
    if _SURROGATE_ESCAPE.search(text, pos, end) and _has_lone_surrogate(value):
        raise MalformedJson(pos, t("sync.json.lone_surrogate"))
    return value, end


def line_column(text: str, pos: int) -> tuple[int, int]:
    """1-based line and column of offset ``pos``."""
    line = text.count("\n", 0, pos) + 1
    return line, pos - text.rfind("\n", 0, pos)


class _ArrayStart:
    """Marks where a member that is read element by element begins."""

    def __repr__(self) -> str:
        return "ARRAY_START"


ARRAY_START: Any = _ArrayStart()


@dataclass(frozen=True)
class TopValue:
    """A top-level member's value (``ARRAY_START`` for an array read element by element),
    or, with ``index`` set, one element of such an array."""

    key: str
    index: int | None
    start: int
    end: int
    value: Any


def _skip(text: str, pos: int) -> int:
    match = _WS.match(text, pos)
    assert match is not None  # the pattern matches the empty string
    return match.end()


def _expect(text: str, pos: int, chars: str, reason_key: str) -> str:
    char = text[pos : pos + 1]
    if not char or char not in chars:
        raise MalformedJson(pos, t(f"sync.json.{reason_key}"))
    return char


def walk_object(text: str, array_keys: tuple[str, ...]) -> Iterator[TopValue]:
    """Yield the members of the top-level object in order; members named in ``array_keys``
    whose value is an array are yielded element by element."""
    pos = _skip(text, 0)
    if text[pos : pos + 1] != "{":
        _, end = decode_at(text, pos)  # a JSON error if it is not JSON at all
        if _skip(text, end) != len(text):
            raise MalformedJson(_skip(text, end), t("sync.json.extra_data"))
        raise MalformedJson(pos, t("sync.json.not_object"))
    pos = _skip(text, pos + 1)
    if text[pos : pos + 1] == "}":
        pos += 1
    else:
        while True:
            _expect(text, pos, '"', "expecting_name")
            key, pos = decode_at(text, pos)
            pos = _skip(text, pos)
            _expect(text, pos, ":", "expecting_colon")
            pos = _skip(text, pos + 1)
            if key in array_keys and text[pos : pos + 1] == "[":
                yield TopValue(key, None, pos, pos, ARRAY_START)
                pos = yield from _walk_array(text, pos, key)
            else:
                value, end = decode_at(text, pos)
                yield TopValue(key, None, pos, end, value)
                pos = end
            pos = _skip(text, pos)
            if _expect(text, pos, ",}", "expecting_comma") == "}":
                pos += 1
                break
            pos = _skip(text, pos + 1)
    pos = _skip(text, pos)
    if pos != len(text):
        raise MalformedJson(pos, t("sync.json.extra_data"))


def _walk_array(text: str, pos: int, key: str) -> Generator[TopValue, None, int]:
    """Yield the elements of the array at ``pos``; return the offset after it."""
    pos = _skip(text, pos + 1)
    if text[pos : pos + 1] == "]":
        return pos + 1
    index = 0
    while True:
        value, end = decode_at(text, pos)
        yield TopValue(key, index, pos, end, value)
        index += 1
        pos = _skip(text, end)
        if _expect(text, pos, ",]", "expecting_comma") == "]":
            return pos + 1
        pos = _skip(text, pos + 1)
