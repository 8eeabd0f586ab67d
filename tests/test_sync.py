"""Export → import: round trip, idempotence, and the merge rules between two installations."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from backends import open_backend
from test_sync_support import (  # noqa: F401  (fixtures)
    answer_all,
    at,
    bundle_path,
    by_number,
    dump,
    field_store,
    index_of,
    laptop,
    load,
    sign,
    state,
)

from inspect_tui import services
from inspect_tui.domain.inspection import Status
from inspect_tui.store import Store
from inspect_tui.store_protocol import RegisterStore
from inspect_tui.sync import BundleRejected, Reason, export_bundle, import_bundles, list_conflicts

pytestmark = pytest.mark.backends


@pytest.fixture
def office(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[RegisterStore]:
    """An empty store of the test's backend, importing what the field store exports."""
    with open_backend(backend, request, tmp_path / "office") as opened:
        yield opened


def test_round_trip_into_an_empty_store_gives_an_identical_store(field_store: RegisterStore, bundle_path: Path, office: RegisterStore) -> None:
    report = import_bundles(office, [bundle_path])
    assert len(report.added) == 3 and not (report.updated or report.skipped or report.conflicts)
    assert office.list_summaries() == field_store.list_summaries()
    for summary in field_store.list_summaries():
        assert office.get_inspection(summary.id) == field_store.get_inspection(summary.id)
    assert office.list_enterprises() == field_store.list_enterprises()  # the whole registry, inspected or not
    scans = [e for s in field_store.list_summaries() for f in field_store.get_inspection(s.id).findings.values() for e in f.evidence]
    assert scans and report.evidence_added == len(scans)
    for scan in scans:
        assert office.read_evidence(scan.sha256) == field_store.read_evidence(scan.sha256)


def test_second_import_skips_everything_and_changes_no_file(bundle_path: Path, office: RegisterStore) -> None:
    import_bundles(office, [bundle_path])
    before = state(office)
    report = import_bundles(office, [bundle_path])
    assert len(report.skipped) == 3 and not (report.added or report.updated or report.conflicts)
    assert {o.reason for o in report.skipped} == {Reason.SAME}
    assert state(office) == before


def test_dry_run_reports_without_writing(bundle_path: Path, office: RegisterStore) -> None:
    before = state(office)
    report = import_bundles(office, [bundle_path], dry_run=True)
    assert len(report.added) == 3
    assert "нічого не записано" in report.summary_table()
    assert state(office) == before


def test_a_later_state_of_a_draft_updates_it(field_store: RegisterStore, laptop: Store, tmp_path: Path) -> None:
    draft = by_number(laptop, "2/2026")
    services.record_finding(laptop, draft, "measures-adopted", now=at(date(2026, 7, 29)), note="Наказ надано")
    out = tmp_path / "laptop.json"
    export_bundle(laptop, out)
    report = import_bundles(field_store, [out])
    assert [(o.number, o.reason) for o in report.updated] == [("2/2026", Reason.NEWER)]
    assert field_store.get_inspection(draft.id) == laptop.get_inspection(draft.id)
    back = import_bundles(laptop, [tmp_path / "laptop.json"])
    assert {o.reason for o in back.skipped} == {Reason.SAME}


def test_concurrent_edits_of_a_draft_keep_the_later_and_set_the_other_aside(
    field_store: RegisterStore, laptop: Store, tmp_path: Path
) -> None:
    ours = by_number(field_store, "2/2026")
    ours = services.record_finding(field_store, ours, "measures-adopted", now=at(date(2026, 7, 29), 9), note="office")
    theirs = by_number(laptop, "2/2026")
    theirs = services.record_finding(laptop, theirs, "risk-assessment", now=at(date(2026, 7, 29), 15), note="laptop")
    out = tmp_path / "laptop.json"
    export_bundle(laptop, out)

    report = import_bundles(field_store, [out])
    (conflict,) = report.conflicts
    assert conflict.reason is Reason.DRAFTS_DIVERGED and conflict.incoming_current
    assert field_store.get_inspection(ours.id) == theirs  # the later edit is current
    (kept,) = list_conflicts(field_store)
    assert kept.from_store and kept.inspection == ours  # the other is kept, not lost
    assert kept.reason is Reason.DRAFTS_DIVERGED
    assert conflict.kept_aside.endswith(f"{ours.content_hash()}.json")

    before = state(field_store)
    again = import_bundles(field_store, [out])
    assert not again.conflicts and {o.reason for o in again.skipped} == {Reason.SAME}
    assert state(field_store) == before


def test_an_older_concurrent_edit_is_kept_aside_and_the_store_copy_stays(field_store: RegisterStore, laptop: Store, tmp_path: Path) -> None:
    theirs = services.record_finding(laptop, by_number(laptop, "2/2026"), "measures-adopted", now=at(date(2026, 7, 29), 9), note="laptop")
    ours = services.record_finding(field_store, by_number(field_store, "2/2026"), "risk-assessment", now=at(date(2026, 7, 29), 15), note="office")
    out = tmp_path / "laptop.json"
    export_bundle(laptop, out)
    report = import_bundles(field_store, [out])
    (conflict,) = report.conflicts
    assert not conflict.incoming_current
    assert field_store.get_inspection(ours.id) == ours
    (kept,) = list_conflicts(field_store)
    assert not kept.from_store and kept.inspection == theirs and kept.installation_id == laptop.installation_id

    before = state(field_store)
    again = import_bundles(field_store, [out])
    assert [o.reason for o in again.skipped if o.id == ours.id] == [Reason.ALREADY_KEPT]
    assert state(field_store) == before


def test_a_validly_signed_different_copy_is_kept_aside(field_store: RegisterStore, laptop: Store, tmp_path: Path) -> None:
    day = date(2026, 11, 24)
    ours = sign(field_store, answer_all(field_store, by_number(field_store, "3/2026"), at(day, 9)), day)
    theirs = sign(laptop, answer_all(laptop, by_number(laptop, "3/2026"), at(day, 10)), day, remarks="Із зауваженнями")
    assert ours.sha256 != theirs.sha256
    out = tmp_path / "laptop.json"
    export_bundle(laptop, out)
    report = import_bundles(field_store, [out])
    (conflict,) = report.conflicts
    assert conflict.reason is Reason.SIGNED_DIFFERS and not conflict.incoming_current
    assert field_store.get_inspection(ours.id) == ours  # a signed inspection is never overwritten
    assert [c.inspection for c in list_conflicts(field_store)] == [theirs]


def test_a_draft_never_overwrites_a_signed_inspection(field_store: RegisterStore, laptop: Store, tmp_path: Path) -> None:
    day = date(2026, 11, 24)
    ours = sign(field_store, answer_all(field_store, by_number(field_store, "3/2026"), at(day, 9)), day)
    services.record_finding(laptop, by_number(laptop, "3/2026"), "measures-adopted", now=at(day, 11), note="later draft edit")
    out = tmp_path / "laptop.json"
    export_bundle(laptop, out)
    report = import_bundles(field_store, [out])
    assert [c.reason for c in report.conflicts] == [Reason.DRAFT_VS_SIGNED]
    assert field_store.get_inspection(ours.id) == ours


def test_an_earlier_draft_of_a_signed_inspection_is_skipped(field_store: RegisterStore, office: RegisterStore, tmp_path: Path) -> None:
    early = tmp_path / "early.json"
    export_bundle(field_store, early)
    day = date(2026, 11, 24)
    sign(field_store, answer_all(field_store, by_number(field_store, "3/2026"), at(day, 9)), day)
    late = tmp_path / "late.json"
    export_bundle(field_store, late)
    report = import_bundles(office, [late, early])
    assert [o.reason for o in report.skipped if o.number == "3/2026"] == [Reason.OLDER]
    assert by_number(office, "3/2026").status is Status.SIGNED


def test_a_tampered_signed_inspection_refuses_the_bundle_naming_it(bundle_path: Path, office: RegisterStore, tmp_path: Path) -> None:
    bundle = load(bundle_path)
    signed = bundle["inspections"][index_of(bundle, Status.SIGNED)]
    item = next(iter(signed["findings"]))
    signed["findings"][item]["note"] = "quietly changed"
    tampered = dump(bundle, tmp_path / "tampered.json")
    before = state(office)
    with pytest.raises(BundleRejected) as refused:
        import_bundles(office, [tampered])
    (problem,) = refused.value.problems
    assert signed["number"] in problem.reason and signed["id"] in problem.reason and "sha256" in problem.reason
    assert state(office) == before


def test_one_bad_file_refuses_every_file_of_the_import(bundle_path: Path, office: RegisterStore, tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{", "utf-8")
    before = state(office)
    with pytest.raises(BundleRejected) as refused:
        import_bundles(office, [bundle_path, broken])
    assert [p.file for p in refused.value.problems] == [broken]
    assert state(office) == before


def test_enterprise_differences_are_reported_and_the_registry_entry_kept(field_store: RegisterStore, bundle_path: Path, office: RegisterStore) -> None:
    registered = field_store.get_enterprise(by_number(field_store, "1/2026").enterprise.edrpou)
    assert registered is not None
    mine = registered.model_copy(update={"head_name": "Інший КЕРІВНИК"})
    office.save_enterprise(mine)
    report = import_bundles(office, [bundle_path])
    differences = [(d.edrpou, d.field, d.kept, d.incoming) for d in report.enterprise_differences]
    assert differences == [(mine.edrpou, "head_name", "Інший КЕРІВНИК", registered.head_name)]
    assert office.get_enterprise(mine.edrpou) == mine
    assert len(report.enterprises_added) == len(field_store.list_enterprises()) - 1  # the whole registry travels


def test_revisions_travel_with_their_chain_and_a_missing_original_is_refused(
    field_store: RegisterStore, office: RegisterStore, tmp_path: Path, backend: str, request: pytest.FixtureRequest
) -> None:
    original = by_number(field_store, "1/2026")
    revision = services.correct(field_store, original, now=at(date(2026, 11, 23)))
    out = tmp_path / "revision.json"
    report = export_bundle(field_store, out, inspection_ids=[revision.id])
    assert report.inspections == 2  # the revision and the inspection it corrects
    import_bundles(office, [out])
    assert office.get_inspection(revision.id).supersedes == original.id

    bundle = load(out)
    bundle["inspections"] = [x for x in bundle["inspections"] if x["id"] == str(revision.id)]
    lonely = dump(bundle, tmp_path / "lonely.json")
    with open_backend(backend, request, tmp_path / "empty") as empty:
        with pytest.raises(BundleRejected) as refused:
            import_bundles(empty, [lonely])
    assert [p.place for p in refused.value.problems] == ["inspections[0].supersedes"]


def test_export_since_a_day_and_reports_progress(field_store: RegisterStore, tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    report = export_bundle(field_store, tmp_path / "since.json", since=date(2026, 7, 1), progress=lambda d, n: calls.append((d, n)))
    numbers = sorted(x["number"] for x in load(tmp_path / "since.json")["inspections"])
    assert numbers == ["2/2026", "3/2026"] and report.inspections == 2
    assert calls == [(1, 2), (2, 2)]


def test_export_without_attachments_imports_with_the_gap_reported(field_store: RegisterStore, office: RegisterStore, tmp_path: Path) -> None:
    out = tmp_path / "light.json"
    export_bundle(field_store, out, attachments=False)
    assert load(out)["evidence"] == []
    report = import_bundles(office, [out])
    assert len(report.evidence_missing) == 1 and report.evidence_added == 0


def test_a_version_0_bundle_is_migrated(bundle_path: Path, office: RegisterStore, tmp_path: Path) -> None:
    bundle = load(bundle_path)
    old = {"format_version": 0, "exported_by": {"id": bundle["installation_id"], "name": bundle["installation_name"]}}
    old["inspections"] = bundle["inspections"]  # arrays before the header rest: read after the version is known
    old["exported_at"] = bundle["exported_at"]
    old["enterprises"] = [{("code" if k == "edrpou" else k): v for k, v in e.items()} for e in bundle["enterprises"]]
    old["evidence"] = bundle["evidence"]
    report = import_bundles(office, [dump(old, tmp_path / "v0.json")])
    assert len(report.added) == 3 and report.evidence_added == 1


def test_objections_attached_after_signing_travel_and_are_never_lost(field_store: RegisterStore, laptop: Store, tmp_path: Path) -> None:
    signed = by_number(laptop, "1/2026")
    theirs = services.attach_objection(laptop, signed, received_on=date(2026, 3, 24), text="Не згоден з п. 3.2.", now=at(date(2026, 3, 24)))
    out = tmp_path / "laptop.json"
    export_bundle(laptop, out)
    report = import_bundles(field_store, [out])
    assert [o.reason for o in report.updated] == [Reason.OBJECTIONS_ADDED]
    merged = field_store.get_inspection(signed.id)
    assert merged.addenda == theirs.addenda and merged.sha256 == signed.sha256 and merged.integrity_problems() == []
    assert import_bundles(field_store, [out]).updated == []  # a second import changes nothing
    # objections attached on both computers: ours stay, theirs are kept aside for a person
    services.attach_objection(field_store, merged, received_on=date(2026, 3, 25), text="Ще зауваження.", now=at(date(2026, 3, 25)))
    services.attach_objection(laptop, theirs, received_on=date(2026, 3, 26), text="Інші зауваження.", now=at(date(2026, 3, 26)))
    export_bundle(laptop, out)
    (conflict,) = import_bundles(field_store, [out]).conflicts
    assert conflict.reason is Reason.OBJECTIONS_DIVERGED
    assert [a.text for a in field_store.get_inspection(signed.id).addenda] == ["Не згоден з п. 3.2.", "Ще зауваження."]
    assert [a.text for c in list_conflicts(field_store) for a in c.inspection.addenda] == ["Не згоден з п. 3.2.", "Інші зауваження."]
