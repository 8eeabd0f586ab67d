"""Property tests of the bundle's JSON reader: what it accepts it reads exactly; it refuses what
JSON allows but a bundle may not hold; it never fails in any other way."""

from __future__ import annotations

import json
from typing import Any

from examples import examples
from hypothesis import given, settings
from hypothesis import strategies as st

from inspect_tui.sync.jsontext import MalformedJson, decode_at, walk_object

scalars = st.none() | st.booleans() | st.integers(-(10**30), 10**30) | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=25,
)


@settings(max_examples=examples(300), deadline=None)
@given(value=values, indent=st.sampled_from([None, 1]), ascii_only=st.booleans())
def test_valid_json_reads_back_exactly(value: Any, indent: int | None, ascii_only: bool) -> None:
    text = json.dumps(value, indent=indent, ensure_ascii=ascii_only)
    decoded, end = decode_at(text, 0)
    assert decoded == value and end == len(text)


@settings(max_examples=examples(200), deadline=None)
@given(obj=st.dictionaries(st.text(max_size=8), values, min_size=1, max_size=5), data=st.data())
def test_a_repeated_key_is_always_refused(obj: dict[str, Any], data: st.DataObject) -> None:
    key = data.draw(st.sampled_from(sorted(obj)))
    extra = data.draw(values)
    text = json.dumps(obj)[:-1] + ", " + json.dumps(key) + ": " + json.dumps(extra) + "}"
    nested = data.draw(st.sampled_from(["{}", '{{"a": [{}]}}', "[0, {}]"])).format(text)
    try:
        decode_at(nested, 0)
    except MalformedJson as exc:
        assert "повторюється" in exc.reason
    else:
        raise AssertionError(f"duplicate key {key!r} accepted in {nested!r}")


@settings(max_examples=examples(100), deadline=None)
@given(mantissa=st.integers(1, 9), exponent=st.integers(309, 100_000), sign=st.sampled_from(["", "-"]), wrap=st.sampled_from(["{}", "[{}]", '{{"k": {}}}']))
def test_a_number_beyond_float_is_refused_not_made_infinite(mantissa: int, exponent: int, sign: str, wrap: str) -> None:
    text = wrap.format(f"{sign}{mantissa}e{exponent}")
    try:
        decode_at(text, 0)
    except MalformedJson as exc:
        assert "нескінченне" in exc.reason
    else:
        raise AssertionError(text)


@settings(max_examples=examples(200), deadline=None)
@given(code=st.integers(0xD800, 0xDFFF), before=st.text(max_size=5), after=st.text(max_size=5))
def test_an_unpaired_surrogate_is_refused(code: int, before: str, after: str) -> None:
    text = json.dumps([before + "\x00" + after]).replace("\\u0000", f"\\u{code:04x}")
    try:
        decode_at(text, 0)
    except MalformedJson as exc:
        assert "сурогатної пари" in exc.reason
    else:
        raise AssertionError(text)


@settings(max_examples=examples(400), deadline=None)
@given(text=st.text(max_size=60) | st.text(alphabet='{}[]",:0123456789eE.-+ntrufalse\\ ', max_size=60))
def test_any_text_is_read_or_refused_as_malformed_json(text: str) -> None:
    try:
        for _ in walk_object(text, ("inspections",)):
            pass
    except MalformedJson as exc:
        assert 0 <= exc.pos <= len(text) and exc.reason
