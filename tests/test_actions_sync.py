"""Remedies travel in bundles: two laptops' remedies merge into a third store and nothing is lost."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from backends import open_backend, open_demo
from examples import examples
from hypothesis import given, settings
from hypothesis import strategies as st
from test_sync_support import at, by_number, dump, load, state

from inspect_tui import services
from inspect_tui.domain.actions import ActionState, RemedyRecord
from inspect_tui.register.actions import list_actions
from inspect_tui.store_protocol import RegisterStore
from inspect_tui.sync import BundleRejected, export_bundle, import_bundles
from inspect_tui.sync.merge import RemedyReason, merge_remedy

SIGNED = "1/2026"
TODAY = date(2026, 11, 24)


pytestmark = pytest.mark.backends


@pytest.fixture
def laptops(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[RegisterStore, RegisterStore, RegisterStore]]:
    """Two laptops (file stores) holding the demo (the same signed inspection) and an empty office store of the test's backend."""
    a, b = open_demo("file", request, tmp_path / "a"), open_demo("file", request, tmp_path / "b")
    office = open_backend(backend, request, tmp_path / "office")
    yield a, b, office
    for store in (a, b, office):
        store.close()


def _remedy(store: RegisterStore, item: str, what: str, day: date, hour: int = 12, *, evidence: list[Path] | None = None) -> None:
    signed = by_number(store, SIGNED)
    services.record_action_remedy(store, signed.id, item, remedied=True, on=day, what=what, evidence=evidence or [], now=at(day, hour))


def _export(store: RegisterStore, path: Path) -> Path:
    export_bundle(store, path)
    return path


def _states(store: RegisterStore) -> dict[str, tuple[ActionState, str | None]]:
    return {a.item_id: (a.state, a.remedy.what if a.remedy else None) for a in list_actions(store, today=TODAY)}


def test_remedies_from_two_laptops_merge_into_a_third_store(laptops: tuple[RegisterStore, RegisterStore, RegisterStore], tmp_path: Path) -> None:
    a, b, office = laptops
    scan = tmp_path / "звіт.pdf"
    scan.write_bytes(b"%PDF-1.4 risk report")
    _remedy(a, "risk-assessment", "Оцінку ризиків проведено", date(2026, 4, 1), evidence=[scan])
    _remedy(b, "coi-notified", "Повідомлення подано", date(2026, 5, 1))
    report = import_bundles(office, [_export(a, tmp_path / "a.json"), _export(b, tmp_path / "b.json")])
    assert [r.reason for r in report.remedies] == [RemedyReason.NEW, RemedyReason.NEW] and not report.remedy_conflicts
    assert _states(office) == {
        "risk-assessment": (ActionState.REMEDIED, "Оцінку ризиків проведено"),
        "coi-notified": (ActionState.REMEDIED, "Повідомлення подано"),
        "coi-no-acts-under-conflict": (ActionState.OPEN, None),  # the demo's other «Ні»: nobody remedied them
        "coi-settled": (ActionState.OPEN, None),
    }
    (record,) = [r for r in office.remedy_records() if r.item_id == "risk-assessment"]
    assert office.read_evidence(record.remedy.evidence[0].sha256) == scan.read_bytes()
    # and back: each laptop gets the other's remedy, losing none of its own
    import_bundles(a, [tmp_path / "b.json"])
    import_bundles(b, [tmp_path / "a.json"])
    assert _states(a) == _states(b) == _states(office)
    before = state(office)
    again = import_bundles(office, [tmp_path / "a.json", tmp_path / "b.json"])
    assert {r.reason for r in again.remedies} == {RemedyReason.SAME} and state(office) == before


@pytest.mark.parametrize("order", ["ab", "ba"])
def test_a_remedy_recorded_differently_on_two_laptops_is_a_reported_conflict(
    laptops: tuple[RegisterStore, RegisterStore, RegisterStore], tmp_path: Path, order: str
) -> None:
    a, b, office = laptops
    _remedy(a, "risk-assessment", "Версія А", date(2026, 4, 1), hour=9)
    _remedy(b, "risk-assessment", "Версія Б (пізніша)", date(2026, 4, 2), hour=9)
    bundles = {"a": _export(a, tmp_path / "a.json"), "b": _export(b, tmp_path / "b.json")}
    report = import_bundles(office, [bundles[k] for k in order])
    assert [r.reason for r in report.remedy_conflicts] == [RemedyReason.DIVERGED]
    assert any("конфліктну копію" in line for line in report.details())
    (record,) = office.remedy_records()
    assert record.remedy.what == "Версія Б (пізніша)"
    assert [(v.what, v.conflict) for v in record.history] == [("Версія А", True)]
    # the laptop whose remedy lost keeps it too, in the history, when the other's bundle arrives
    import_bundles(a, [bundles["b"]])
    assert a.get_remedy(record.inspection_id, record.item_id) == record


def test_a_later_state_of_a_remedy_replaces_the_earlier_without_conflict(laptops: tuple[RegisterStore, RegisterStore, RegisterStore], tmp_path: Path) -> None:
    a, _, office = laptops
    _remedy(a, "risk-assessment", "Перша", date(2026, 4, 1))
    import_bundles(office, [_export(a, tmp_path / "first.json")])
    _remedy(a, "risk-assessment", "Друга", date(2026, 4, 3))
    report = import_bundles(office, [_export(a, tmp_path / "second.json")])
    assert [r.reason for r in report.remedies] == [RemedyReason.NEWER]
    (record,) = office.remedy_records()
    assert record.remedy.what == "Друга" and [(v.what, v.conflict) for v in record.history] == [("Перша", False)]
    older = import_bundles(office, [tmp_path / "first.json"])
    assert [r.reason for r in older.remedies] == [RemedyReason.OLDER] and office.remedy_records() == [record]


def test_merging_is_order_independent_and_idempotent(laptops: tuple[RegisterStore, RegisterStore, RegisterStore]) -> None:
    a, b, _ = laptops
    _remedy(a, "risk-assessment", "А", date(2026, 4, 1))
    _remedy(a, "risk-assessment", "А2", date(2026, 4, 2))
    _remedy(b, "risk-assessment", "Б", date(2026, 4, 1), hour=15)
    key = (by_number(a, SIGNED).id, "risk-assessment")
    ra, rb = a.get_remedy(*key), b.get_remedy(*key)
    assert ra is not None and rb is not None
    ab, reason = merge_remedy(ra, rb)
    ba, _ = merge_remedy(rb, ra)
    assert reason is RemedyReason.DIVERGED and ab == ba and {v.what for v in ab.versions()} == {"А", "А2", "Б"}
    assert merge_remedy(ab, rb) == (ab, RemedyReason.OLDER) and merge_remedy(ab, ab) == (ab, RemedyReason.SAME)


def _with_remedy(bundle: dict[str, Any], **changes: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "inspection_id": next(i["id"] for i in bundle["inspections"] if i["number"] == SIGNED),
        "item_id": "risk-assessment",
        "remedy": {"remedied": True, "on": "2026-04-01", "what": "Зроблено", "recorded_at": "2026-04-01T12:00:00Z"},
    }
    for key, value in changes.items():
        if key in record:
            record[key] = value
        else:
            record["remedy"][key] = value
    return {**bundle, "remedies": [record]}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"on": "2026-03-01"}, "раніша за підписання"),
        ({"item_id": "measures-adopted"}, "не має відповіді «Ні»"),
        ({"inspection_id": "00000000-0000-4000-8000-000000000001"}, "не підписано"),
        ({"on": "2026-05-01"}, "пізніша за час"),  # after the moment it was recorded
        ({"what": "x" * 20_001}, "20000"),
        ({"documents": ["d"] * 101}, "100"),
    ],
)
def test_hostile_remedies_refuse_the_whole_import(
    laptops: tuple[RegisterStore, RegisterStore, RegisterStore], tmp_path: Path, changes: dict[str, Any], message: str
) -> None:
    a, _, office = laptops
    bundle = load(_export(a, tmp_path / "a.json"))
    path = dump(_with_remedy(bundle, **changes), tmp_path / "hostile.json")
    before = state(office)
    with pytest.raises(BundleRejected) as rejected:
        import_bundles(office, [path])
    assert any(p.place.startswith("remedies[0]") and message in p.reason for p in rejected.value.problems), rejected.value.problems
    assert state(office) == before


def test_a_remedy_arriving_with_its_inspection_is_accepted_and_duplicates_are_refused(laptops: tuple[RegisterStore, RegisterStore, RegisterStore], tmp_path: Path) -> None:
    a, _, office = laptops
    bundle = _with_remedy(load(_export(a, tmp_path / "a.json")))
    import_bundles(office, [dump(bundle, tmp_path / "ok.json")])
    assert _states(office)["risk-assessment"] == (ActionState.REMEDIED, "Зроблено")
    twice = {**bundle, "remedies": bundle["remedies"] * 2}
    with pytest.raises(BundleRejected) as rejected:
        import_bundles(office, [dump(twice, tmp_path / "twice.json")])
    assert [p.place for p in rejected.value.problems] == ["remedies[1]"]


def test_format_1_bundles_without_remedies_still_import(laptops: tuple[RegisterStore, RegisterStore, RegisterStore], tmp_path: Path) -> None:
    a, _, office = laptops
    bundle = load(_export(a, tmp_path / "a.json"))
    del bundle["remedies"]
    bundle["format_version"] = 1
    report = import_bundles(office, [dump(bundle, tmp_path / "v1.json")])
    assert len(report.added) == 3 and report.remedies == []
    bundle["format_version"] = 2
    with pytest.raises(BundleRejected):
        import_bundles(office, [dump(bundle, tmp_path / "v2-without.json")])


def test_the_schema_describes_remedies() -> None:
    schema = json.loads((Path(__file__).parents[1] / "docs" / "bundle.schema.json").read_text("utf-8"))
    assert "remedies" in schema["properties"] and "RemedyRecord" in schema["$defs"]
    assert RemedyRecord.model_json_schema()["properties"]["history"]["maxItems"] == 200


_CONTENT = st.lists(st.tuples(st.integers(1, 5), st.sampled_from(["А", "Б", "В"]), st.booleans()), min_size=1, max_size=3)


@settings(max_examples=examples(300))
@given(base=_CONTENT, extras=st.lists(st.tuples(st.integers(0, 3), _CONTENT), min_size=3, max_size=3))
def test_merging_remedies_loses_no_version_and_does_not_depend_on_the_order(
    base: list[tuple[int, str, bool]], extras: list[tuple[int, list[tuple[int, str, bool]]]]
) -> None:
    """Three laptops record versions (each later than the one before, as the app does) on a common base;
    merging their records in any order keeps every version and ends with the same record."""
    from datetime import timedelta
    from itertools import permutations
    from uuid import UUID

    from inspect_tui.domain.actions import Remedy, record_remedy

    def laptop(start_hour: int, extra: list[tuple[int, str, bool]]) -> RemedyRecord:
        record = None
        versions = [(n, v) for n, v in enumerate(base)] + [(len(base) + start_hour + n, v) for n, v in enumerate(extra)]
        for hour, (day, what, remedied) in versions:
            moment = at(date(2026, 4, 10)) + timedelta(hours=hour)
            version = Remedy(remedied=remedied, on=date(2026, 4, day), what=what, recorded_at=moment)
            record = record_remedy(record, UUID(int=1), "risk-assessment", version)
        assert record is not None
        return record

    records = [laptop(start, extra) for start, extra in extras]
    results = []
    for order in permutations(records):
        merged: RemedyRecord | None = None
        for record in order:
            merged, _ = merge_remedy(merged, record)
        assert merged is not None
        results.append(merged)
        assert {v.digest() for v in merged.versions()} == {v.digest() for r in records for v in r.versions()}
        again, reason = merge_remedy(merged, order[0])
        assert again == merged and reason in (RemedyReason.SAME, RemedyReason.OLDER)
    # the current remedy and the versions kept do not depend on the order (which versions carry a conflict
    # mark does, in three-way merges: it says which two met as current copies)
    assert {r.remedy.digest() for r in results} == {results[0].remedy.digest()}
    assert {tuple(v.digest() for v in r.history) for r in results} == {tuple(v.digest() for v in results[0].history)}
