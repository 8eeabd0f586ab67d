"""A corpus of broken bundles: each is refused with a clear, located reason, and the store is untouched.

Every case is made from a valid bundle in the test, so the corpus follows the format.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from examples import examples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_sync_support import Bundle, bundle_path, field_store, snapshot  # noqa: F401  (fixtures)
from test_sync_support import draft_of as _draft
from test_sync_support import edit as _edit
from test_sync_support import first_finding as _first_finding
from test_sync_support import signed_of as _signed

from inspect_tui.i18n import set_language
from inspect_tui.store import Store
from inspect_tui.sync import BundleRejected, import_bundles


def _set(target: Callable[[Bundle], dict[str, Any]], key: str, value: Any) -> Callable[[bytes], bytes]:
    return _edit(lambda b: target(b).__setitem__(key, value))


def _top(b: Bundle) -> Bundle:
    return b


def _drop(key: str) -> Callable[[bytes], bytes]:
    return _edit(lambda b: b.pop(key))


def _duplicate_inspection(b: Bundle) -> None:
    b["inspections"].append(b["inspections"][0])


def _duplicate_enterprise(b: Bundle) -> None:
    b["enterprises"].append(b["enterprises"][0])


def _dangling_supersedes(b: Bundle) -> None:
    _draft(b)["supersedes"] = "00000000-0000-4000-8000-000000000001"
    _draft(b)["revision"] = 2


def _tamper_signed(b: Bundle) -> None:
    _first_finding(_signed(b))["note"] = "змінено вручну"


def _tamper_checklist(b: Bundle) -> None:
    _draft(b)["checklist"]["title"]["uk"] = "Інший перелік"


def _swap_dates(b: Bundle) -> None:
    _draft(b)["start_date"], _draft(b)["end_date"] = "2026-07-28", "2026-07-27"


def _evidence_data(value: str) -> Callable[[Bundle], None]:
    return lambda b: b["evidence"][0].__setitem__("data", value)


def _drop_enterprises(b: Bundle) -> None:
    b["enterprises"] = []


def _drop_evidence(b: Bundle) -> None:
    b["evidence"] = []


def _deeply_nested(raw: bytes) -> bytes:
    return raw.replace(b'"installation_name":', b'"installation_name":' + b"[" * 100_000 + b"]" * 100_000 + b',"x":', 1)


def _bytes(data: bytes) -> Callable[[bytes], bytes]:
    return lambda raw: data


#: name → (mutation of the valid bundle's bytes, text the problems must mention)
CASES: dict[str, tuple[Callable[[bytes], bytes], str]] = {
    "truncated": (lambda raw: raw[: len(raw) // 2].decode("utf-8", "ignore").encode(), "некоректний JSON у рядку"),
    "truncated-mid-letter": (lambda raw: raw[: raw.index("Покровськ".encode()) + 3], "файл обірвано посеред символу"),
    "not json": (_bytes("Це не JSON, а лист.".encode()), "некоректний JSON у рядку 1, стовпці 1"),
    "empty": (_bytes(b""), "файл порожній"),
    "whitespace only": (_bytes(b" \n\t "), "файл порожній"),
    "binary": (_bytes(bytes(range(256)) * 4), "UTF-8"),
    "array at top": (_bytes(b"[1, 2, 3]"), "об'єктом JSON"),
    "trailing garbage": (lambda raw: raw + b"\n{}", "зайві дані"),
    "format version as text": (_set(_top, "format_version", "1"), "format_version"),
    "unknown format version": (_set(_top, "format_version", -3), "невідома версія формату -3"),
    "newer format version": (_set(_top, "format_version", 7), "новішою версією"),
    "missing installation id": (_drop("installation_id"), "installation_id: обов'язкове поле відсутнє"),
    "missing inspections": (_drop("inspections"), "inspections: обов'язкове поле відсутнє"),
    "inspections not a list": (_set(_top, "inspections", {"a": 1}), "inspections: має бути списком"),
    "unknown top-level key": (_set(_top, "comment", "hi"), "comment: невідоме поле"),
    "duplicate top-level key": (lambda raw: raw.replace(b'"attachments":', b'"attachments":true,"attachments":', 1), "ключ повторюється"),
    "wrong type in inspection": (_set(_draft, "revision", "two"), "revision: має бути цілим числом"),
    "missing field in inspection": (_edit(lambda b: _draft(b).pop("basis")), "basis: обов'язкове поле відсутнє"),
    "unknown field in inspection": (_set(_draft, "colour", "red"), "colour: невідоме поле"),
    "duplicate inspection ids": (_edit(_duplicate_inspection), "уже є в пакеті (inspections[0])"),
    "duplicate enterprise": (_edit(_duplicate_enterprise), "уже є в пакеті (enterprises[0])"),
    "bad edrpou": (_edit(lambda b: b["enterprises"][0].__setitem__("edrpou", "12345670")), "недійсний код ЄДРПОУ 12345670"),
    "enterprise not listed": (_edit(_drop_enterprises), "немає у списку підприємств"),
    "dangling supersedes": (_edit(_dangling_supersedes), "00000000-0000-4000-8000-000000000001"),
    "signed hash mismatch": (_edit(_tamper_signed), "не відповідає своєму sha256"),
    "checklist hash mismatch": (_edit(_tamper_checklist), "копія переліку питань"),
    "signed without sha": (_set(_signed, "sha256", None), "підписана перевірка має підписання і sha256"),
    "enormous string": (_edit(lambda b: _first_finding(_draft(b)).__setitem__("note", "я" * 5_000_000)), "задовгий текст"),
    "deeply nested": (_deeply_nested, "забагато вкладених рівнів"),
    "bad date": (_set(_draft, "start_date", "2026-13-45"), "start_date: має бути датою"),
    "date rule violated": (_edit(_swap_dates), "починається після свого завершення"),
    "unknown answer": (_edit(lambda b: _first_finding(_draft(b)).__setitem__("answer", "maybe")), "неприпустиме значення"),
    "NaN": (lambda raw: raw.replace(b'"size":', b'"size":NaN,"x":', 1), "NaN"),
    "huge integer": (lambda raw: raw.replace(b'"size":', b'"size":' + b"9" * 5000 + b',"x":', 1), "недопустиме значення"),
    "base64 garbage": (_edit(_evidence_data("@@@ not base64 @@@")), "evidence[0].data"),
    "base64 bad padding": (_edit(_evidence_data("QUJ")), "не є коректним base64"),
    "attachment sha mismatch": (_edit(_evidence_data(base64.b64encode(b"other bytes").decode())), "не відповідає своєму sha256 або розміру"),
    "attachment promised but missing": (_edit(_drop_evidence), "хоча пакет обіцяє вкладення"),
}


def test_the_corpus_is_big_enough() -> None:
    assert len(CASES) >= 25


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_broken_bundle_is_refused_clearly_and_changes_nothing(
    name: str, field_store: Store, bundle_path: Path, tmp_path: Path
) -> None:
    mutate, expected = CASES[name]
    broken = tmp_path / "broken.json"
    broken.write_bytes(mutate(bundle_path.read_bytes()))
    before = snapshot(field_store.data_dir)
    with pytest.raises(BundleRejected) as refused:
        import_bundles(field_store, [broken])
    messages = [str(p) for p in refused.value.problems]
    assert messages and all(m.startswith(str(broken)) for m in messages)
    assert any(expected in m for m in messages), messages
    assert snapshot(field_store.data_dir) == before


@pytest.mark.parametrize(
    ("name", "expected"), [("missing", "файл не знайдено"), ("directory", "це каталог"), ("too big", "файл завеликий")]
)
def test_unusable_paths_are_refused(name: str, expected: str, field_store: Store, bundle_path: Path, tmp_path: Path) -> None:
    path = {"missing": tmp_path / "nowhere.json", "directory": tmp_path, "too big": bundle_path}[name]
    before = snapshot(field_store.data_dir)
    with pytest.raises(BundleRejected) as refused:
        import_bundles(field_store, [path], max_bytes=1000)
    assert expected in str(refused.value.problems[0])
    assert snapshot(field_store.data_dir) == before


def test_every_problem_is_listed_not_only_the_first(field_store: Store, bundle_path: Path, tmp_path: Path) -> None:
    bundle = json.loads(bundle_path.read_bytes())
    bundle.pop("installation_id")
    bundle["enterprises"][0]["edrpou"] = "12345670"
    _first_finding(_draft(bundle))["answer"] = "maybe"
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(bundle, ensure_ascii=False), "utf-8")
    with pytest.raises(BundleRejected) as refused:
        import_bundles(field_store, [broken])
    paths = {p.place for p in refused.value.problems}
    assert {"installation_id", "enterprises[0].edrpou"} <= paths
    assert any(p.endswith(".answer") for p in paths)


def test_messages_follow_the_language(field_store: Store, tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"format_version": 1,', "utf-8")
    set_language("en")
    with pytest.raises(BundleRejected) as refused:
        import_bundles(field_store, [broken])
    assert "invalid JSON at line 1, column 22" in str(refused.value.problems[0])


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=20,
)
bundle_keys = st.sampled_from(
    ["format_version", "installation_id", "installation_name", "exported_at", "attachments", "enterprises", "inspections", "evidence"]
)
bundle_like = st.dictionaries(bundle_keys, json_values, max_size=8)


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(json_values, bundle_like).map(lambda v: json.dumps(v).encode()) | st.binary(max_size=200))
def test_arbitrary_input_is_only_ever_rejected(data: bytes, field_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "fuzz.json"
    path.write_bytes(data)
    try:
        import_bundles(field_store, [path], dry_run=True)
    except BundleRejected as refused:
        assert refused.problems


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(min_value=0), junk=st.binary(min_size=1, max_size=8))
def test_a_damaged_valid_bundle_is_only_ever_rejected(cut: int, junk: bytes, field_store: Store, bundle_path: Path, tmp_path: Path) -> None:
    raw = bundle_path.read_bytes()
    at = cut % len(raw)
    path = tmp_path / "damaged.json"
    path.write_bytes(raw[:at] + junk + raw[at + len(junk) :])
    try:
        import_bundles(field_store, [path], dry_run=True)
    except BundleRejected as refused:
        assert refused.problems
