"""The store contract (``RegisterStore``) on both backends: the laptop's file store and the office's PostgreSQL store.

The behaviour tests of tests/test_store.py that are about the contract, not about files; plus what only
the office store has to show: two officers racing over one signed inspection, the reader role, a schema
newer than the program, and a signed inspection's sha256 byte-exact after a round trip.
"""

from __future__ import annotations

import hashlib
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import psycopg
import pytest
from factories import T0, enterprise, inspection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspect_tui import services
from inspect_tui.demo import install_demo
from inspect_tui.domain.actions import Remedy, RemedyRecord, record_remedy
from inspect_tui.domain.canonical import canonical_json
from inspect_tui.domain.checklist import Checklist
from inspect_tui.domain.edrpou import with_check_digit
from inspect_tui.domain.inspection import Answer, Inspection, InspectionLocked, Status, new_revision
from inspect_tui.domain.plan import PlanEntry
from inspect_tui.domain.settings import Settings
from inspect_tui.domain.summary import InspectionSummary, SummaryRow
from inspect_tui.office import migrate
from inspect_tui.office.errors import OfficeUnreachable, ReadOnlyLogin, SchemaOutdated, SchemaTooNew, Unreachable
from inspect_tui.office.pgstore import PgStore
from inspect_tui.store import EditConflict, NotFound, Store, StoreCorrupt, StoreVersionError, StoreWriteError
from inspect_tui.store_protocol import RegisterStore

LATER = T0 + timedelta(hours=1)


def _signed(store: RegisterStore) -> Inspection:
    return next(store.get_inspection(s.id) for s in store.list_summaries() if s.status is Status.SIGNED)


def _resigned(signed: Inspection, **changes: Any) -> Inspection:
    """Validly signed, other content: what a second laptop (or a forger with the program) would send."""
    other = signed.model_copy(update=changes)
    return other.model_copy(update={"sha256": other.content_hash()})


# --- round trips of every kind of data ---------------------------------------------------------------


def test_inspection_round_trip_and_summary(register_store: RegisterStore) -> None:
    insp = inspection()
    register_store.save_inspection(insp)
    assert register_store.get_inspection(insp.id) == insp
    assert register_store.list_summaries() == [InspectionSummary.of(insp)]
    assert register_store.summary_rows() == [SummaryRow.of(InspectionSummary.of(insp))]
    updated = services.record_finding(register_store, insp, "a", answer=Answer.NO, note="Немає наказу")
    assert register_store.get_inspection(insp.id) == updated
    assert register_store.list_summaries()[0].open_violations == 1
    assert register_store.has_inspection(insp.id) and register_store.inspection_ids() == [insp.id]


def test_a_draft_without_an_end_date_is_stored_and_listed(register_store: RegisterStore) -> None:
    """A draft has no end date until one is set: both stores keep it, and list it with no «finished»."""
    draft = inspection(end_date=None)
    register_store.save_inspection(draft)
    assert register_store.get_inspection(draft.id) == draft and draft.end_date is None
    assert [s.finished for s in register_store.list_summaries()] == [None]
    assert [r.finished for r in register_store.summary_rows()] == [None]


def test_text_postgresql_cannot_hold_in_a_column_round_trips_exactly(register_store: RegisterStore) -> None:
    insp = services.record_finding(register_store, inspection(), "a", answer=Answer.NO, note="скан\x00обрізано «\\u0000» \U0001f600")
    assert register_store.get_inspection(insp.id) == insp
    assert register_store.get_inspection(insp.id).findings["a"].note == "скан\x00обрізано «\\u0000» \U0001f600"


def test_an_edit_of_a_copy_saved_again_meanwhile_is_refused_and_undoes_nothing(register_store: RegisterStore) -> None:
    """Two officers on one draft: the second one's save from the copy both had read would undo the first one's answer."""
    read = services.record_finding(register_store, inspection(), "a", now=T0, answer=Answer.NO)
    first = services.record_finding(register_store, read, "b", now=T0 + timedelta(minutes=1), answer=Answer.COMPLIES)
    with pytest.raises(EditConflict) as refused:
        services.record_finding(register_store, read, "c", now=T0 + timedelta(minutes=2), answer=Answer.COMPLIES)
    assert "1/2026" in str(refused.value) and "не збережено" in str(refused.value)
    with pytest.raises(EditConflict):
        services.update_header(register_store, read, now=T0 + timedelta(minutes=2), conclusion="інше")
    assert register_store.get_inspection(read.id) == first  # the first officer's answer stands
    again = services.record_finding(register_store, register_store.get_inspection(read.id), "c", now=T0 + timedelta(minutes=3), answer=Answer.COMPLIES)
    assert again.findings["b"].answer is Answer.COMPLIES and register_store.get_inspection(read.id) == again


def test_an_edit_of_a_draft_deleted_to_the_trash_meanwhile_does_not_bring_it_back(register_store: RegisterStore) -> None:
    read = services.record_finding(register_store, inspection(), "a", now=T0, answer=Answer.NO)
    services.delete_draft(register_store, read.id, now=T0 + timedelta(minutes=1))
    with pytest.raises(EditConflict) as refused:
        services.record_finding(register_store, read, "b", now=T0 + timedelta(minutes=2), answer=Answer.COMPLIES)
    assert refused.value.trashed and "кошика" in str(refused.value)
    assert not register_store.has_inspection(read.id) and register_store.get_trashed(read.id).inspection == read
    assert register_store.restore_trashed(read.id) == read  # restored as it was deleted; the edit can then be made


def test_an_edit_overtaken_by_an_officer_whose_clock_lags_is_refused_too_at_the_office(pg_url: str, tmp_path: Path) -> None:
    """The other officer's clock is an hour behind: ``updated_at`` does not move, the history does. (A laptop has one
    writer and one clock: its store tells versions apart by ``updated_at``.)"""
    with PgStore.open(pg_url, tmp_path / "office") as office:
        read = services.record_finding(office, inspection(), "a", now=T0, answer=Answer.NO)
        lagging = services.record_finding(office, read, "b", now=T0 - timedelta(hours=1), answer=Answer.COMPLIES)
        assert lagging.updated_at == read.updated_at
        with pytest.raises(EditConflict):
            services.record_finding(office, read, "c", now=T0, answer=Answer.COMPLIES)
        assert office.get_inspection(read.id) == lagging


def test_missing_inspection_is_not_found(register_store: RegisterStore) -> None:
    with pytest.raises(NotFound):
        register_store.get_inspection(uuid.UUID(int=7))
    assert not register_store.has_inspection(uuid.UUID(int=7))


def test_registry_sorted_as_the_alphabet_sorts_and_replaced_by_code(register_store: RegisterStore) -> None:
    water = enterprise()
    school = enterprise(edrpou=with_check_digit("2156076"), short_name="ЗЗСО № 1", name="Заклад загальної середньої освіти № 1")
    heat = enterprise(edrpou=with_check_digit("0334567"), short_name="Єдина теплова компанія", name="КП «Єдина теплова компанія»")
    register_store.save_enterprises([water, school])
    register_store.save_enterprise(heat)
    register_store.save_enterprise(water.model_copy(update={"headcount": 130}))
    assert [e.short_name for e in register_store.list_enterprises()] == ["Єдина теплова компанія", "ЗЗСО № 1", "МКП «Водоканал»"]
    found = register_store.get_enterprise(water.edrpou)
    assert found is not None and found.headcount == 130
    assert register_store.get_enterprise("00000000") is None


def test_settings_round_trip(register_store: RegisterStore) -> None:
    assert register_store.get_settings() == Settings()
    register_store.save_settings(Settings(council_name="Покровська міська рада", language="en"))
    register_store.save_settings(Settings(council_name="Покровська міська рада", unit_name="Відділ", language="en"))
    assert register_store.get_settings() == Settings(council_name="Покровська міська рада", unit_name="Відділ", language="en")


def test_plan_replaced_whole_by_year(register_store: RegisterStore) -> None:
    ent = enterprise()
    first = PlanEntry(id=uuid.uuid4(), year=2026, edrpou=ent.edrpou, enterprise=ent.short_name, month=3, basis="план № 12")
    second = PlanEntry(id=uuid.uuid4(), year=2026, edrpou=with_check_digit("2156076"), enterprise="ЗЗСО № 1", quarter=4)
    register_store.save_plan(2026, [first, second])
    register_store.save_plan(2025, [])
    assert register_store.get_plan(2026) == [first, second] and register_store.plan_years() == [2025, 2026]
    register_store.save_plan(2026, [second])
    assert register_store.get_plan(2026) == [second] and register_store.get_plan(2030) == []
    with pytest.raises(ValueError):
        register_store.save_plan(2027, [first])  # an entry of another year
    assert register_store.plan_years() == [2025, 2026]


def test_remedies_by_inspection_and_item(register_store: RegisterStore) -> None:
    inspection_id = uuid.uuid4()
    remedy = Remedy(remedied=True, on=date(2026, 3, 20), what="Наказ видано", recorded_at=LATER)
    record = record_remedy(None, inspection_id, "a", remedy)
    register_store.save_remedy(record)
    later = Remedy(remedied=False, on=date(2026, 3, 21), what="Наказ скасовано", recorded_at=LATER + timedelta(hours=1))
    replaced = record_remedy(record, inspection_id, "a", later)
    register_store.save_remedy(replaced)
    other = record_remedy(None, inspection_id, "b", remedy)
    register_store.save_remedy(other)
    assert register_store.get_remedy(inspection_id, "a") == replaced
    assert register_store.get_remedy(inspection_id, "c") is None
    assert sorted(register_store.remedy_records(), key=lambda r: r.item_id) == [replaced, other]


def test_evidence_is_stored_by_content(register_store: RegisterStore, tmp_path: Path) -> None:
    scan = tmp_path / "наказ.jpg"
    scan.write_bytes(b"\xff\xd8scan\x00")
    insp = inspection()
    register_store.save_inspection(insp)
    insp = services.attach_evidence(register_store, insp, "a", scan)
    evidence = insp.findings["a"].evidence[0]
    assert evidence.filename == "наказ.jpg" and evidence.sha256 == hashlib.sha256(b"\xff\xd8scan\x00").hexdigest()
    assert register_store.has_evidence(evidence.sha256) and register_store.read_evidence(evidence.sha256) == b"\xff\xd8scan\x00"
    assert evidence.sha256 in register_store.evidence_location(evidence.sha256)
    assert services.attach_evidence(register_store, insp, "a", scan) is insp  # the same file twice is listed once
    assert register_store.save_evidence(b"\xff\xd8scan\x00") == evidence.sha256
    assert not register_store.has_evidence("0" * 64) and register_store.read_evidence("0" * 64) is None


def test_files_by_relative_path_listed_under_a_folder(register_store: RegisterStore) -> None:
    register_store.write_file("conflicts/b/2.json", b"{}")
    register_store.write_file("conflicts/a/1.json", b"[1]")
    register_store.write_file("conflicts/a/1.json", b"[2]")
    register_store.write_file("conflictsX/3.json", b"x")
    assert register_store.read_file("conflicts/a/1.json") == b"[2]" and register_store.read_file("conflicts/none") is None
    assert register_store.list_files("conflicts") == ["conflicts/a/1.json", "conflicts/b/2.json"]
    assert register_store.list_files("nothing") == []


# --- signed work ---------------------------------------------------------------------------------------


def test_signed_inspection_is_never_overwritten(demo_register_store: RegisterStore) -> None:
    original = _signed(demo_register_store)
    with pytest.raises(InspectionLocked):
        demo_register_store.save_inspection(_resigned(original, conclusion="інший висновок"))
    assert demo_register_store.get_inspection(original.id) == original
    demo_register_store.save_inspection(original)  # the identical content is fine (idempotent)
    assert demo_register_store.get_inspection(original.id) == original


def test_objections_after_signing_are_only_appended(demo_register_store: RegisterStore) -> None:
    original = _signed(demo_register_store)
    once = services.attach_objection(demo_register_store, original, received_on=date(2026, 4, 1), text="Не згоден з п. 2", now=LATER)
    twice = services.attach_objection(demo_register_store, once, received_on=date(2026, 4, 2), text="І з п. 3", now=LATER)
    assert demo_register_store.get_inspection(original.id) == twice and len(twice.addenda) == 2
    with pytest.raises(InspectionLocked):  # an objection taken back is a change of what was received
        demo_register_store.save_inspection(once.model_copy(update={"addenda": twice.addenda[1:]}))
    assert demo_register_store.get_inspection(original.id) == twice


def test_tampered_signed_content_is_refused(demo_register_store: RegisterStore) -> None:
    original = _signed(demo_register_store)
    with pytest.raises(ValueError, match="does not match its sha256"):
        demo_register_store.save_inspection(original.model_copy(update={"conclusion": "підмінено"}))
    assert demo_register_store.get_inspection(original.id) == original


def test_signed_inspection_hash_is_byte_exact_after_a_round_trip(demo_register_store: RegisterStore) -> None:
    original = _signed(demo_register_store)
    demo_register_store.save_inspection(original)
    back = demo_register_store.get_inspection(original.id)
    assert back == original and back.integrity_problems() == []
    assert back.content_hash() == original.sha256 == back.sha256
    assert canonical_json(back.model_dump(mode="json")) == canonical_json(original.model_dump(mode="json"))


def test_inspections_saved_together_are_checked_as_one_by_one_and_land_all_or_none(demo_register_store: RegisterStore) -> None:
    store = demo_register_store
    original = _signed(store)
    before, index = store.list_summaries(), store.action_index()
    first, second = inspection(number="7/2026"), inspection(number="8/2026")
    refused: list[tuple[Inspection, type[Exception]]] = [
        (_resigned(original, conclusion="інший висновок"), InspectionLocked),
        (original.model_copy(update={"conclusion": "підмінено"}), ValueError),
    ]
    for bad, error in refused:
        with pytest.raises(error):
            store.save_inspections([first, bad, second])
        assert store.list_summaries() == before and not store.has_inspection(first.id) and store.action_index() == index

    corrected = services.record_finding(store, first, "a", answer=Answer.NO, note="Немає наказу")
    store.save_inspections([second, original, first])  # a stored one is saved over as save_inspection saves it
    assert [store.get_inspection(i.id) for i in (first, second, original)] == [first, second, original]
    assert {s.id: s for s in store.list_summaries()} == {s.id: s for s in [*before, InspectionSummary.of(first), InspectionSummary.of(second)]}
    assert corrected != first and store.action_index() == index
    store.save_inspections([corrected, corrected])  # given twice: saved twice, as one by one
    assert store.get_inspection(first.id) == corrected and len(store.list_summaries()) == len(before) + 2


def test_a_signed_inspection_is_never_deleted(demo_register_store: RegisterStore) -> None:
    original = _signed(demo_register_store)
    with pytest.raises(InspectionLocked):
        demo_register_store.trash_inspection(original.id, LATER)
    assert demo_register_store.get_inspection(original.id) == original and demo_register_store.trashed() == []


# --- transactions --------------------------------------------------------------------------------------


def test_transaction_rolls_back_on_error(register_store: RegisterStore) -> None:
    insp = inspection()
    with pytest.raises(RuntimeError):
        with register_store.transaction():
            register_store.save_inspection(insp)
            register_store.save_enterprise(enterprise())
            register_store.write_file("conflicts/x.json", b"{}")
            assert register_store.get_inspection(insp.id) == insp  # reads see the transaction's writes
            assert [s.id for s in register_store.list_summaries()] == [insp.id]
            raise RuntimeError("boom")
    assert not register_store.has_inspection(insp.id) and register_store.list_summaries() == []
    assert register_store.list_enterprises() == [] and register_store.read_file("conflicts/x.json") is None


def test_nested_transactions_join_the_outer_one(register_store: RegisterStore) -> None:
    first, second = inspection(), inspection()
    with pytest.raises(RuntimeError):
        with register_store.transaction():
            register_store.save_inspection(first)
            with register_store.transaction():
                register_store.save_inspection(second)
            assert register_store.has_inspection(second.id)  # the inner one did not commit on its own...
            raise RuntimeError("boom")
    assert not register_store.has_inspection(first.id) and not register_store.has_inspection(second.id)  # ...so it went too
    with register_store.transaction():
        register_store.save_inspection(first)
        with register_store.transaction():
            register_store.save_inspection(second)
    assert register_store.inspection_ids() == sorted([first.id, second.id])


def test_a_transaction_belongs_to_the_thread_that_opened_it(register_store: RegisterStore) -> None:
    staged, other = inspection(), inspection()
    seen: list[bool] = []
    with pytest.raises(RuntimeError):
        with register_store.transaction():
            register_store.save_inspection(staged)

            def worker() -> None:  # another thread neither sees the open transaction nor joins it
                seen.append(register_store.has_inspection(staged.id))
                register_store.save_inspection(other)

            if isinstance(register_store, Store):
                worker()  # the file store serialises threads on one lock: the same thread shows the rule here
                seen[0] = False
            else:
                thread = threading.Thread(target=worker)
                thread.start()
                while not seen:  # it read past the open transaction; its write waits for the writer lock...
                    time.sleep(0.01)  # a pause between polls, not a measurement
                assert thread.is_alive()
            raise RuntimeError("boom")
    if not isinstance(register_store, Store):
        thread.join()  # ...which the rollback released
    assert seen == [False]
    assert not register_store.has_inspection(staged.id)
    assert register_store.has_inspection(other.id) is not isinstance(register_store, Store)


def test_reader_cannot_write(register_store: RegisterStore, data_dir: Path) -> None:
    reader: RegisterStore
    if isinstance(register_store, Store):
        reader = Store.open(data_dir, writer=False)
    else:
        assert isinstance(register_store, PgStore)  # the test server's URLs carry no password: ``where`` is the URL
        reader = PgStore.open(register_store.where, data_dir, writer=False)
    with reader:
        assert not reader.writable
        with pytest.raises(PermissionError):
            reader.save_enterprise(enterprise())
        with pytest.raises(PermissionError):
            reader.save_inspection(inspection())
    assert register_store.list_enterprises() == []


# --- trash -----------------------------------------------------------------------------------------------


def test_trash_and_restore_a_draft(register_store: RegisterStore) -> None:
    draft = services.record_finding(register_store, inspection(), "a", answer=Answer.NO, note="Немає наказу")
    kept = register_store.trash_inspection(draft.id, LATER)
    assert kept.inspection == draft and kept.deleted_at == LATER
    assert not register_store.has_inspection(draft.id) and register_store.list_summaries() == []
    assert register_store.trashed() == [kept] and register_store.get_trashed(draft.id) == kept
    assert register_store.restore_trashed(draft.id) == draft
    assert register_store.get_inspection(draft.id) == draft and register_store.trashed() == []
    assert [s.id for s in register_store.list_summaries()] == [draft.id]
    with pytest.raises(NotFound):
        register_store.get_trashed(uuid.uuid4())
    with pytest.raises(NotFound):
        register_store.trash_inspection(uuid.uuid4(), LATER)


def test_trash_lists_the_last_deleted_first(register_store: RegisterStore) -> None:
    first, second = inspection(), inspection()
    for insp in (first, second):
        register_store.save_inspection(insp)
    register_store.trash_inspection(first.id, LATER + timedelta(hours=1))
    register_store.trash_inspection(second.id, LATER)
    assert [t.inspection.id for t in register_store.trashed()] == [first.id, second.id]


# --- the register's derived data, on the demo ---------------------------------------------------------------


def test_summaries_newest_first(register_store: RegisterStore) -> None:
    saved = [
        inspection(start_date=date(2026, 3, 2), end_date=date(2026, 3, 3), number="2/2026"),
        inspection(start_date=date(2026, 3, 2), end_date=date(2026, 3, 3), number="10/2026"),
        inspection(start_date=date(2026, 3, 5), end_date=date(2026, 3, 6), number="1/2026"),
        inspection(start_date=date(2026, 2, 1), end_date=date(2026, 2, 2), number="Б-1/2026"),
    ]
    for insp in saved:
        register_store.save_inspection(insp)
    expected = sorted((InspectionSummary.of(i) for i in saved), key=lambda s: (s.started, s.number, s.revision), reverse=True)
    assert register_store.list_summaries() == expected
    assert [r.id for r in register_store.summary_rows()] == [str(s.id) for s in expected]


def test_both_backends_agree_on_the_demo(demo_store: Store, pg_url: str, tmp_path: Path, checklist: Checklist) -> None:
    with PgStore.open(pg_url, tmp_path / "office") as office:
        install_demo(office, checklist)
        assert office.list_summaries() == demo_store.list_summaries()
        assert office.summary_rows() == demo_store.summary_rows()
        assert office.list_enterprises() == demo_store.list_enterprises()
        assert office.get_settings() == demo_store.get_settings()
        assert office.remedy_records() == demo_store.remedy_records()
        for inspection_id in demo_store.inspection_ids():
            assert office.get_inspection(inspection_id) == demo_store.get_inspection(inspection_id)
        ours, theirs = office.action_index(), demo_store.action_index()
        assert ours.entries and sorted(ours.entries, key=lambda e: e.id) == sorted(theirs.entries, key=lambda e: e.id)
        assert ours.texts == theirs.texts
        assert office.reindex() == len(demo_store.inspection_ids())
        assert office.list_summaries() == demo_store.list_summaries() and office.action_index() == ours


# --- the office store's own -------------------------------------------------------------------------------------


def _waiting_for_a_lock(url: str) -> Iterator[int]:
    """How many sessions of the database wait for a lock, asked again and again."""
    with psycopg.connect(url, autocommit=True) as conn:
        while True:
            row = conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
            ).fetchone()
            yield int(row[0]) if row else 0


@pytest.mark.parametrize("stored", ["nothing", "a draft"])
def test_two_officers_racing_over_one_signed_inspection_store_exactly_one(
    demo_office_store: PgStore, pg_demo_url: str, data_dir: Path, stored: str
) -> None:
    """The second writer waits for the first one's transaction (its writer lock and its row), then sees its signed commit: no last writer wins.

    (The file store has one writer per data dir: its lock refuses a second officer.)"""
    signed = _signed(demo_office_store)
    new_id = uuid.uuid4()
    if stored == "a draft":
        demo_office_store.save_inspection(new_revision(signed, id=new_id, now=LATER))
    first, second = _resigned(signed, id=new_id, conclusion="висновок першого"), _resigned(signed, id=new_id, conclusion="висновок другого")
    saved, go = threading.Event(), threading.Event()
    outcome: list[BaseException | None] = []

    def officer_one() -> None:
        with demo_office_store.transaction():
            demo_office_store.save_inspection(first)
            saved.set()
            go.wait(timeout=60)

    def officer_two() -> None:
        with PgStore.open(pg_demo_url, data_dir / "two") as other:
            try:
                other.save_inspection(second)
                outcome.append(None)
            except InspectionLocked as exc:
                outcome.append(exc)

    one = threading.Thread(target=officer_one)
    one.start()
    assert saved.wait(timeout=60)
    two = threading.Thread(target=officer_two)
    two.start()
    waiting = _waiting_for_a_lock(pg_demo_url)
    while next(waiting) < 1:  # the second officer's save waits for the first one's transaction
        assert two.is_alive(), "the second save did not wait for the first one's row"
        time.sleep(0.01)  # a pause between polls, not a measurement
    go.set()
    one.join()
    two.join()
    assert len(outcome) == 1 and isinstance(outcome[0], InspectionLocked)
    assert demo_office_store.get_inspection(new_id) == first


def test_an_officer_recording_a_remedy_while_a_bundle_is_imported_loses_nothing(
    demo_office_store: PgStore, pg_demo_url: str, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An import plans its merge from the register as it finds it, then writes it: another officer's write in
    between would be overwritten by a merge made without it. Planned and written under the writer lock, the
    officer's remedy waits for the import and adds its version to the record the import merged."""
    from test_sync_support import at

    from inspect_tui.services.store_copy import copy_register
    from inspect_tui.sync import export_bundle, import_bundles, importer

    signed, april = _signed(demo_office_store), date(2026, 4, 1)

    def remedy(store: RegisterStore, what: str, hour: int) -> None:
        services.record_action_remedy(store, signed.id, "risk-assessment", remedied=True, on=april, what=what, evidence=[], now=at(april, hour))

    with Store.open(tmp_path / "laptop") as laptop:
        copy_register(demo_office_store, laptop)
        remedy(laptop, "З ноутбука", 9)
        export_bundle(laptop, tmp_path / "laptop.json")

    def officer() -> None:
        with PgStore.open(pg_demo_url, data_dir / "two") as other:
            remedy(other, "В офісі", 10)

    second = threading.Thread(target=officer)
    planned = importer._plan_evidence  # noqa: SLF001 - planning's last step, before the writes

    def officer_meanwhile(*args: Any) -> Any:
        second.start()
        waiting = _waiting_for_a_lock(pg_demo_url)
        while second.is_alive() and next(waiting) < 1:  # done, or waiting for the import's lock
            time.sleep(0.01)  # a pause between polls, not a measurement
        return planned(*args)

    monkeypatch.setattr(importer, "_plan_evidence", officer_meanwhile)
    import_bundles(demo_office_store, [tmp_path / "laptop.json"])
    second.join()
    kept = demo_office_store.get_remedy(signed.id, "risk-assessment")
    assert kept is not None and sorted(v.what for v in kept.versions()) == ["В офісі", "З ноутбука"]


def _login_role(url: str, name: str, group: str) -> str:
    """A LOGIN role in ``group`` (trust authentication on the test server) and the URL that connects as it."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE ROLE "{name}" LOGIN IN ROLE {group}')
    return url.replace("://inspect@", f"://{name}@", 1)


def test_the_reader_role_reads_and_postgresql_refuses_its_writes(demo_office_store: PgStore, pg_demo_url: str, tmp_path: Path) -> None:
    reader_url = _login_role(pg_demo_url, f"manager_{uuid.uuid4().hex[:8]}", "inspect_reader")
    with PgStore.open(reader_url, tmp_path / "manager", writer=False) as reader:
        assert reader.list_summaries() == demo_office_store.list_summaries()
        assert reader.action_index() == demo_office_store.action_index()
    with PgStore.open(reader_url, tmp_path / "manager") as writer_as_reader:  # the program would write: the server refuses
        with pytest.raises(ReadOnlyLogin, match="може лише читати реєстр"):
            writer_as_reader.save_enterprise(enterprise())
    with psycopg.connect(reader_url) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("DELETE FROM inspections")
    assert demo_office_store.list_summaries()


def test_a_connection_refused_says_which_way_from_where_it_was_caught(pg_url: str, tmp_path: Path) -> None:
    """``PgStore.open`` classifies its own connection failure: the CLI never parses libpq's text."""
    base, _ = pg_url.rsplit("/", 1)
    host = urlsplit(pg_url).hostname
    cases = {
        Unreachable.DATABASE: f"{base}/no_such_register",
        Unreachable.PASSWORD: pg_url.replace("://inspect@", f"://nobody_{uuid.uuid4().hex[:8]}@", 1),
        Unreachable.SERVER: f"postgresql://inspect@{host}:1/register",  # nothing listens on port 1
    }
    for reason, url in cases.items():
        with pytest.raises(OfficeUnreachable) as refused:
            PgStore.open(url, tmp_path / "l")
        assert refused.value.reason is reason, refused.value


def test_the_officer_role_writes_but_never_edits_the_schema_history(pg_url: str, tmp_path: Path) -> None:
    with PgStore.open(pg_url, tmp_path / "admin"):
        pass
    officer_url = _login_role(pg_url, f"officer_{uuid.uuid4().hex[:8]}", "inspect_officer")
    with PgStore.open(officer_url, tmp_path / "officer") as officer:
        insp = inspection()
        officer.save_inspection(insp)
        assert officer.get_inspection(insp.id) == insp
    with psycopg.connect(officer_url) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("DELETE FROM schema_migrations")


def test_migrations_are_recorded_once_in_order(pg_url: str, tmp_path: Path) -> None:
    with psycopg.connect(pg_url, autocommit=True) as conn:
        assert [m.version for m in migrate.migrate(conn)] == [m.version for m in migrate.migrations()]
        assert migrate.migrate(conn) == []
        rows = conn.execute("SELECT version, name FROM schema_migrations ORDER BY version").fetchall()
    assert rows == [(m.version, m.name) for m in migrate.migrations()] and rows[0] == (1, "register")


def test_a_database_newer_than_the_program_is_refused_by_name(pg_url: str, tmp_path: Path) -> None:
    with PgStore.open(pg_url, tmp_path / "d"):
        pass
    newer = migrate.latest() + 1
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("INSERT INTO schema_migrations (version, name) VALUES (%s, 'from_the_future')", (newer,))
    for writer in (True, False):
        with pytest.raises(SchemaTooNew) as caught:
            PgStore.open(pg_url.replace("inspect@", "inspect:secret@"), tmp_path / "d", writer=writer)
        assert isinstance(caught.value, StoreVersionError)
        assert (caught.value.found, caught.value.supported) == (newer, migrate.latest())
        assert str(caught.value.data_dir).endswith(pg_url.rsplit("/", 1)[1]) and "secret" not in str(caught.value)
    with psycopg.connect(pg_url) as conn:  # nothing was applied over it
        assert conn.execute("SELECT max(version) FROM schema_migrations").fetchone() == (newer,)


def test_a_reader_never_creates_or_upgrades_the_schema(pg_url: str, tmp_path: Path) -> None:
    with pytest.raises(SchemaOutdated) as caught:
        PgStore.open(pg_url, tmp_path / "d", writer=False)
    assert (caught.value.found, caught.value.supported) == (0, migrate.latest()) and "office init" in str(caught.value)
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT to_regclass('schema_migrations')").fetchone() == (None,)


def test_a_damaged_row_is_named_by_table_and_key(demo_office_store: PgStore, pg_demo_url: str) -> None:
    """(The file store's damaged files: tests/test_store.py.)"""
    signed = _signed(demo_office_store)
    with psycopg.connect(pg_demo_url, autocommit=True) as conn:
        conn.execute("UPDATE inspections SET body = replace(body, '\"status\":\"signed\"', '\"status\":\"lost\"') WHERE id = %s", (signed.id,))
    with pytest.raises(StoreCorrupt) as caught:
        demo_office_store.get_inspection(signed.id)
    assert caught.value.path == Path("inspections", str(signed.id)) and "status" in caught.value.detail
    with psycopg.connect(pg_demo_url, autocommit=True) as conn:
        conn.execute("UPDATE summaries SET status = 'lost' WHERE id = %s", (signed.id,))
    with pytest.raises(StoreCorrupt) as caught:
        demo_office_store.summary_rows()
    assert caught.value.path == Path("summaries", str(signed.id))
    with pytest.raises(StoreCorrupt) as caught:
        demo_office_store.list_summaries()
    assert caught.value.path == Path("summaries", str(signed.id)) and caught.value.detail.startswith("status")


def test_a_connection_lost_in_a_transaction_is_a_write_error_and_keeps_nothing(pg_url: str, data_dir: Path) -> None:
    insp = inspection()
    with PgStore.open(pg_url, data_dir) as office:
        with pytest.raises(StoreWriteError) as caught:
            with office.transaction():
                office.save_inspection(insp)
                with psycopg.connect(pg_url, autocommit=True) as admin:  # the network goes, or the server restarts
                    admin.execute(
                        "SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity "
                        "WHERE datname = current_database() AND state = 'idle in transaction'"
                    )
        assert caught.value.filename == office.where and "Traceback" not in str(caught.value)
        assert not office.has_inspection(insp.id) and office.list_summaries() == []
        office.save_inspection(insp)  # the pool replaced the lost connection
        assert office.get_inspection(insp.id) == insp


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(note=st.text(max_size=300))
def test_any_text_round_trips_exactly_in_the_office_store(pg_url: str, tmp_path: Path, note: str) -> None:
    """jsonb and text columns cannot hold U+0000 and jsonb reorders keys: the document's own text is what is read back."""
    with PgStore.open(pg_url, tmp_path / "office") as office:
        insp = services.record_finding(office, inspection(), "a", answer=Answer.NO, note=note)
        assert office.get_inspection(insp.id) == insp and office.get_inspection(insp.id).findings["a"].note == insp.findings["a"].note
