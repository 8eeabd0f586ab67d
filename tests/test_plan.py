"""The yearly plan: entries, their execution from linked inspections, linking on creation, import and removal safety."""

from __future__ import annotations

import json
import re
import uuid
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from backends import open_backend, reopen
from factories import CONCLUSION, INSPECTOR, ISSUER, T0, checklist, enterprise
from pydantic import ValidationError

from inspect_tui import services
from inspect_tui.domain import inspection as ops
from inspect_tui.domain.edrpou import with_check_digit
from inspect_tui.domain.inspection import Answer, HeadAcknowledgement, Inspection, LegalBasis, SignOff
from inspect_tui.domain.plan import PlanEntry, entry_id
from inspect_tui.i18n import t
from inspect_tui.register.plan import PlanProgress, PlanRefused, PlanStatus, open_entry, plan_execution, plan_progress
from inspect_tui.register.plan_csv import PlanRejected, plan_csv
from inspect_tui.store import Store, StoreCorrupt
from inspect_tui.store_protocol import RegisterStore

pytestmark = pytest.mark.backends

DATA = Path(__file__).parent / "data"
LATER = T0 + timedelta(hours=1)
WATER = enterprise()
HEAT = enterprise(edrpou=with_check_digit("3214570"), short_name="КП «Тепло»", name="Комунальне підприємство «Тепло»")
PARK = enterprise(edrpou=with_check_digit("2214571"), short_name="КП «Парк»", name="Комунальне підприємство «Парк»")


def entry(ent: Any = WATER, **overrides: Any) -> PlanEntry:
    data: dict[str, Any] = {"id": uuid.uuid4(), "year": 2026, "edrpou": ent.edrpou, "enterprise": ent.short_name, "month": 3}
    data.update(overrides)
    return PlanEntry.model_validate(data)


def create(store: Store, ent: Any, start: date, **extra: Any) -> Inspection:
    return services.create_inspection(
        store, enterprise=ent, checklist=checklist(),
        basis=LegalBasis(order_number="1-од", order_date=start, act="план перевірок на 2026 рік"),
        period_from=date(2025, 1, 1), period_to=date(2025, 12, 31), start_date=start, end_date=start,
        inspectors=[INSPECTOR], now=T0, **extra,
    )


def sign(store: Store, insp: Inspection) -> Inspection:
    for item_id, f in insp.findings.items():
        if f.answer is Answer.UNANSWERED:
            insp = services.record_finding(store, insp, item_id, now=LATER, answer=Answer.COMPLIES)
    insp = services.update_header(store, insp, now=LATER, conclusion=CONCLUSION)
    day = insp.end_date + timedelta(days=1)
    head = HeadAcknowledgement(name="Віктор ШЕВЧЕНКО", position="Директор", acknowledged_on=day)
    return services.sign_off(store, insp, SignOff(signed_on=day, signers=[INSPECTOR], head=head, recorded_at=LATER, issuer=ISSUER), now=LATER)


@pytest.fixture
def planned(store: Store) -> Store:
    """Three enterprises registered; a 2026 plan of water (March), heat (Q2) and park (June)."""
    for ent in (WATER, HEAT, PARK):
        store.save_enterprise(ent)
    store.save_plan(2026, [entry(WATER), entry(HEAT, month=None, quarter=2), entry(PARK, month=6)])
    return store


# --- the entry ---------------------------------------------------------------------------------------


def test_an_entry_has_a_month_or_a_quarter_exactly() -> None:
    assert entry(month=None, quarter=4).in_quarter == 4
    assert entry(month=11).in_quarter == 4
    for bad in ({"month": None}, {"month": 3, "quarter": 1}, {"month": 13}, {"month": None, "quarter": 5}):
        with pytest.raises(ValidationError):
            entry(**bad)


def test_an_entry_names_a_valid_edrpou_and_a_year_in_range() -> None:
    with pytest.raises(ValidationError):
        entry(edrpou="12345670")
    with pytest.raises(ValidationError):
        entry(year=1990)
    with pytest.raises(ValidationError):
        entry(basis="x" * 301)


@pytest.mark.parametrize("name", ["signed-1.x.json", "signed-demo.json"])
def test_inspections_signed_before_the_plan_link_still_verify(name: str) -> None:
    stored = json.loads((DATA / name).read_text("utf-8"))
    for data in stored if isinstance(stored, list) else [stored]:
        insp = Inspection.model_validate(data)
        assert insp.plan_entry is None
        assert insp.sha256 is not None and insp.integrity_problems() == []


def test_a_linked_signed_inspection_keeps_its_link_under_the_hash() -> None:
    insp = ops.new_inspection(
        id=uuid.uuid4(), number="1/2026", enterprise=WATER, checklist=checklist(),
        basis=LegalBasis(order_number="1", order_date=date(2026, 3, 1), act="план"), period_from=date(2025, 1, 1),
        period_to=date(2025, 12, 31), start_date=date(2026, 3, 21), end_date=date(2026, 3, 21), inspectors=[INSPECTOR],
        now=T0, plan_entry=uuid.uuid4(),
    )
    for item_id in insp.findings:
        if insp.findings[item_id].answer is Answer.UNANSWERED:
            insp = ops.update_finding(insp, item_id, LATER, answer=Answer.COMPLIES)
    insp = ops.update_header(insp, LATER, conclusion=CONCLUSION)
    head = HeadAcknowledgement(name="В. ШЕВЧЕНКО", position="Директор", acknowledged_on=date(2026, 3, 22))
    signed = ops.sign(insp, SignOff(signed_on=date(2026, 3, 22), signers=[INSPECTOR], head=head, recorded_at=LATER, issuer=ISSUER), LATER)
    assert signed.integrity_problems() == []
    relinked = signed.model_copy(update={"plan_entry": uuid.uuid4()})
    assert relinked.integrity_problems() == ["signed content does not match its sha256"]


# --- the store -------------------------------------------------------------------------------------


def test_plans_are_kept_per_year(store: Store) -> None:
    first, second = entry(), entry(year=2027, month=None, quarter=1)
    store.save_plan(2026, [first])
    store.save_plan(2027, [second])
    assert store.get_plan(2026) == [first] and store.get_plan(2027) == [second]
    assert store.plan_years() == [2026, 2027] and store.get_plan(2025) == []
    with pytest.raises(ValueError):
        store.save_plan(2026, [second])
    with pytest.raises(ValueError):
        store.save_plan(2026, [first, first])


@pytest.mark.backends("file")  # how the file store keeps its files
def test_a_damaged_plan_file_is_reported_not_read_as_empty(store: Store) -> None:
    store.save_plan(2026, [entry()])
    path = store.data_dir / "plans.json"
    data = json.loads(path.read_text("utf-8"))
    data["plans"]["1"]["entries"][0]["month"] = 13
    path.write_text(json.dumps(data), "utf-8")
    with pytest.raises(StoreCorrupt):
        store.get_plan(2026)


# --- execution and linking -------------------------------------------------------------------------


def test_a_new_inspection_of_a_planned_enterprise_is_linked_to_its_open_entry(planned: Store) -> None:
    water = next(e for e in planned.get_plan(2026) if e.edrpou == WATER.edrpou)
    first = create(planned, WATER, date(2026, 3, 21))
    assert first.plan_entry == water.id
    again = create(planned, WATER, date(2026, 4, 2))  # the entry is being carried out: no second link
    assert again.plan_entry is None
    other_year = create(planned, HEAT, date(2027, 5, 2))
    assert other_year.plan_entry is None
    unlinked = create(planned, PARK, date(2026, 6, 2), plan_entry=None)  # the inspector unlinked it in the form
    assert unlinked.plan_entry is None
    assert open_entry(planned, PARK.edrpou, date(2026, 6, 2)) is not None


def test_a_new_inspection_carries_out_the_entry_of_its_own_period_not_the_years_first(store: Store) -> None:
    store.save_enterprise(WATER)
    march, q3, february, q1 = (
        entry(month=3), entry(month=None, quarter=3), entry(month=2), entry(month=None, quarter=1),
    )
    store.save_plan(2026, [march, q3, february, q1])
    assert create(store, WATER, date(2026, 8, 10)).plan_entry == q3.id  # not March, the year's first open entry
    assert create(store, WATER, date(2026, 2, 10)).plan_entry == february.id  # its month before the quarter holding it
    assert create(store, WATER, date(2026, 1, 20)).plan_entry == q1.id
    # no open entry of its period: the nearest one (an inspection late for its plan), the earlier on a tie
    assert open_entry(store, WATER.edrpou, date(2026, 5, 4)) == march
    assert create(store, WATER, date(2026, 12, 1)).plan_entry == march.id
    assert open_entry(store, WATER.edrpou, date(2026, 12, 1)) is None
    assert open_entry(store, WATER.edrpou, date(2027, 3, 1)) is None  # another year's plan


def test_execution_counts_planned_started_and_signed(planned: Store) -> None:
    assert plan_progress(planned, 2026) == PlanProgress(year=2026, planned=3, started=0, signed=0)
    started = create(planned, HEAT, date(2026, 5, 12))
    signed = sign(planned, create(planned, WATER, date(2026, 3, 21)))
    create(planned, PARK, date(2026, 6, 2), plan_entry=None)  # an unlinked inspection does not count
    rows = plan_execution(planned, 2026)
    assert [(r.entry.enterprise, r.status) for r in rows] == [
        (WATER.short_name, PlanStatus.SIGNED),
        (HEAT.short_name, PlanStatus.STARTED),  # Q2, before June
        (PARK.short_name, PlanStatus.PLANNED),
    ]
    assert rows[0].inspection_ids == [signed.id] and rows[1].numbers == [started.number]
    assert plan_progress(planned, 2026) == PlanProgress(year=2026, planned=3, started=2, signed=1)
    correction = services.correct(planned, signed)  # a new revision carries the link; the entry stays signed
    assert correction.plan_entry == signed.plan_entry
    assert plan_execution(planned, 2026)[0].status is PlanStatus.SIGNED
    assert plan_execution(planned, 2026)[0].inspection_ids == [signed.id, correction.id]


def test_an_entry_an_inspection_carries_out_cannot_be_removed(planned: Store) -> None:
    create(planned, WATER, date(2026, 3, 21))
    water, heat, _ = plan_execution(planned, 2026)
    with pytest.raises(PlanRefused, match="1/2026"):
        services.remove_plan_entry(planned, 2026, water.entry.id)
    services.remove_plan_entry(planned, 2026, heat.entry.id)
    assert [e.edrpou for e in planned.get_plan(2026)] == [WATER.edrpou, PARK.edrpou]


def test_saving_an_entry_adds_or_replaces_it(planned: Store) -> None:
    water = planned.get_plan(2026)[0]
    services.save_plan_entry(planned, PlanEntry.model_validate({**water.model_dump(), "not_done_reason": "карантин"}), new=False)
    new = entry(HEAT, month=12)
    assert services.save_plan_entry(planned, new, new=True) == new
    plan = planned.get_plan(2026)
    assert len(plan) == 4 and plan[0].not_done_reason == "карантин" and plan[-1] == new
    with pytest.raises(PlanRefused, match="Тепло"):  # one entry per enterprise and period
        services.save_plan_entry(planned, entry(HEAT, month=12), new=True)
    moved = PlanEntry.model_validate({**water.model_dump(), "edrpou": PARK.edrpou, "enterprise": PARK.short_name})
    with pytest.raises(PlanRefused, match=re.escape(t("plan.tui.enterprise_fixed"))):  # an entry's enterprise is fixed
        services.save_plan_entry(planned, moved, new=False)
    with pytest.raises(PlanRefused, match="2026"):  # removed meanwhile (another screen, an import)
        services.save_plan_entry(planned, entry(PARK, month=11), new=False)
    assert planned.get_plan(2026) == plan


def _edited(store: Store, old: PlanEntry, **changes: Any) -> PlanEntry:
    edited = PlanEntry.model_validate({**old.model_dump(), **changes})
    return services.save_plan_entry(store, edited, new=False)


def test_an_entry_added_for_an_edited_entrys_first_period_is_a_new_entry(store: Store) -> None:
    """The edited entry keeps its id (inspections link to it); the new one of its first period gets another."""
    store.save_enterprise(WATER)
    march = services.save_plan_entry(store, entry(id=entry_id(2026, WATER.edrpou, 3, None), month=3), new=True)
    linked = create(store, WATER, date(2026, 3, 21))
    assert linked.plan_entry == march.id
    may = _edited(store, march, month=5)
    assert may.id == march.id
    again = services.save_plan_entry(store, entry(id=entry_id(2026, WATER.edrpou, 3, None), month=3), new=True)
    assert again.id != march.id
    plan = store.get_plan(2026)
    assert sorted((e.month, e.id == march.id) for e in plan) == [(3, False), (5, True)]
    rows = {row.entry.month: row for row in plan_execution(store, 2026)}
    assert rows[5].inspection_ids == [linked.id] and rows[3].inspection_ids == []


def test_a_plan_re_imported_after_an_edit_keeps_each_entry_and_its_links(store: Store, tmp_path: Path) -> None:
    """Before: two entries got the edited entry's id and the import died with a bare ValueError."""
    store.save_enterprise(WATER)
    store.save_enterprise(HEAT)
    path = tmp_path / "plan.csv"
    path.write_bytes(plan_csv([entry(month=3), entry(HEAT, month=None, quarter=2)]))
    services.import_plan(store, path, year=2026)
    march = next(e for e in store.get_plan(2026) if e.edrpou == WATER.edrpou)
    linked = create(store, WATER, date(2026, 5, 6))
    may = _edited(store, march, month=5)
    assert linked.plan_entry == may.id
    # the council's file now plans the water company in March and in May
    path.write_bytes(plan_csv([entry(month=3), entry(month=5), entry(HEAT, month=None, quarter=2)]))
    entries = services.import_plan(store, path, year=2026, replace=True).entries
    assert len({e.id for e in entries}) == 3
    rows = {(row.entry.edrpou, row.entry.month): row for row in plan_execution(store, 2026)}
    assert rows[(WATER.edrpou, 5)].entry.id == may.id and rows[(WATER.edrpou, 5)].inspection_ids == [linked.id]
    assert rows[(WATER.edrpou, 3)].inspection_ids == [] and rows[(WATER.edrpou, 3)].entry.id != may.id
    # importing the same file again changes nothing
    assert services.import_plan(store, path, year=2026, replace=True).entries == entries


def test_the_cli_re_import_after_an_edit_never_shows_a_traceback(store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from inspect_tui.cli import main

    store.save_enterprise(WATER)
    march = services.save_plan_entry(store, entry(id=entry_id(2026, WATER.edrpou, 3, None), month=3), new=True)
    _edited(store, march, month=5)
    path = tmp_path / "plan.csv"
    path.write_bytes(plan_csv([entry(month=3), entry(month=5)]))
    data_dir = store.data_dir
    store.close()
    code = main(["--data-dir", str(data_dir), "plan", "import", str(path), "--year", "2026", "--replace"])
    out, err = capsys.readouterr()
    assert code == 0 and "Traceback" not in out + err
    with reopen(data_dir, writer=False) as reopened:
        assert sorted(e.month or 0 for e in reopened.get_plan(2026)) == [3, 5]


def test_doctor_reports_a_damaged_plan(planned: Store) -> None:
    from inspect_tui.store.doctor import examine

    data_dir = planned.data_dir
    planned.close()
    (data_dir / "plans.json").write_text('{"plans": {"1": {"year": 2026, "entries": [{"id": 1}]}}}', "utf-8")
    report = examine(data_dir)
    assert [(f.code, f.path.name) for f in report.left] == [("corrupt", "plans.json")]


def test_a_plan_imported_at_the_office_counts_the_laptops_inspections(
    planned: RegisterStore, tmp_path: Path, backend: str, request: pytest.FixtureRequest
) -> None:
    from inspect_tui.sync import export_bundle, import_bundles

    plan_file, bundle = tmp_path / "plan.csv", tmp_path / "bundle.json"
    services.export_plan(planned, 2026, plan_file)
    with Store.open(tmp_path / "laptop") as laptop:
        for ent in (WATER, HEAT, PARK):
            laptop.save_enterprise(ent)
        services.import_plan(laptop, plan_file, year=2026)
        signed = sign(laptop, create(laptop, WATER, date(2026, 3, 21)))
        assert signed.plan_entry is not None
        export_bundle(laptop, bundle)
        laptop_plan = laptop.get_plan(2026)
    with open_backend(backend, request, tmp_path / "office") as office:  # the bundle brings the registry and the plan; the same file keeps its ids
        import_bundles(office, [bundle])
        assert office.get_plan(2026) == laptop_plan
        services.import_plan(office, plan_file, year=2026, replace=True)
        assert office.get_inspection(signed.id).plan_entry == signed.plan_entry
        assert plan_progress(office, 2026) == PlanProgress(year=2026, planned=3, started=1, signed=1)


# --- import and export -----------------------------------------------------------------------------


def test_export_then_import_gives_the_same_file(planned: Store, tmp_path: Path) -> None:
    services.save_plan_entry(planned, entry(HEAT, month=None, quarter=4, basis="план; пункт 3", inspectors=["Олена КОВАЛЬЧУК", "Іван ПЕТРЕНКО"], not_done_reason='=SUM(A1) "не встигли"'), new=True)
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    assert services.export_plan(planned, 2026, first) == 4
    services.import_plan(planned, first, year=2027)
    services.export_plan(planned, 2027, second)
    assert second.read_bytes() == first.read_bytes()
    assert [e.model_dump(exclude={"id", "year"}) for e in planned.get_plan(2027)] == [
        e.model_dump(exclude={"id", "year"}) for e in planned.get_plan(2026)
    ]


def test_a_replacing_import_keeps_the_links_and_refuses_to_drop_a_linked_entry(planned: Store, tmp_path: Path) -> None:
    linked = create(planned, WATER, date(2026, 3, 21))
    path = tmp_path / "plan.csv"
    services.export_plan(planned, 2026, path)
    with pytest.raises(PlanRefused):  # a plan exists: replacing it is asked for explicitly
        services.import_plan(planned, path, year=2026)
    services.import_plan(planned, path, year=2026, replace=True)
    rows = plan_execution(planned, 2026)
    assert rows[0].inspection_ids == [linked.id] and rows[0].status is PlanStatus.STARTED
    before = planned.get_plan(2026)
    without_water = [e for e in before if e.edrpou != WATER.edrpou]
    path.write_bytes(plan_csv(without_water))
    with pytest.raises(PlanRefused, match="1/2026"):
        services.import_plan(planned, path, year=2026, replace=True)
    assert planned.get_plan(2026) == before


def test_a_file_with_a_bad_row_imports_nothing(planned: Store, tmp_path: Path) -> None:
    before = planned.get_plan(2026)
    path = tmp_path / "plan.csv"
    path.write_text(f"ЄДРПОУ;Місяць\n{HEAT.edrpou};травень\n{PARK.edrpou};тринадцятий\n", "utf-8")
    with pytest.raises(PlanRejected) as caught:
        services.import_plan(planned, path, year=2026, replace=True)
    assert [(p.line, p.column, p.code) for p in caught.value.problems] == [(3, "month", "bad_month")]
    assert planned.get_plan(2026) == before


def test_a_folder_or_missing_file_is_refused_unread(planned: Store, tmp_path: Path) -> None:
    for path in (tmp_path, tmp_path / "missing.csv"):
        with pytest.raises(PlanRefused, match=str(path)):
            services.import_plan(planned, path, year=2026, replace=True)


@pytest.mark.backends("file")  # how the file store keeps its files
def test_the_link_is_stored_only_when_set(planned: Store) -> None:
    linked = create(planned, WATER, date(2026, 3, 21))
    unlinked = create(planned, WATER, date(2026, 3, 22))

    def stored(insp: Inspection) -> dict[str, Any]:
        return json.loads((planned.data_dir / "inspections" / f"{insp.id}.json").read_text("utf-8"))["inspection"]["1"]

    assert stored(linked)["plan_entry"] == str(linked.plan_entry) and "plan_entry" not in stored(unlinked)
    assert Inspection.model_validate(stored(linked)) == linked


def test_a_full_plan_refuses_a_new_entry_saying_so(planned: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """The year's plan holds at most MAX_ENTRIES: one more is refused in words, before the store would refuse it."""
    monkeypatch.setattr("inspect_tui.services.plan.MAX_ENTRIES", 3)
    before = planned.get_plan(2026)
    with pytest.raises(PlanRefused, match=re.escape(t("plan.tui.full", year=2026, limit=3))):
        services.save_plan_entry(planned, entry(HEAT, month=12), new=True)
    assert planned.get_plan(2026) == before
    water = before[0]  # editing an entry of a full plan still works
    services.save_plan_entry(planned, PlanEntry.model_validate({**water.model_dump(), "not_done_reason": "карантин"}), new=False)
