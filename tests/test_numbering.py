"""Certificate numbers «N/YYYY» across laptops: conflicts after a merge, renumbering the unsigned one,
signed numbers that never change, and revisions that share their number by design."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from backends import commands_use, open_backend
from factories import INSPECTOR, checklist, enterprise
from factories import inspection as make_inspection
from hypothesis import given
from hypothesis import strategies as st
from test_sync_support import answer_all, at, sign

from inspect_tui import services
from inspect_tui.cli import main
from inspect_tui.domain.inspection import Inspection, LegalBasis, Status
from inspect_tui.domain.numbering import (
    CertificateNumber,
    NumberHolder,
    NumberRefused,
    check_renumber,
    find_conflicts,
    next_free,
    number_key,
    parse_number,
    proposals,
    taken_numbers,
)
from inspect_tui.i18n import catalog, set_language, t
from inspect_tui.register.numbering import number_conflicts
from inspect_tui.store import Store
from inspect_tui.store_protocol import RegisterStore
from inspect_tui.sync import export_bundle, import_bundles

pytestmark = pytest.mark.backends

VODOKANAL = enterprise()
DOBROBUT = enterprise(edrpou="14360570", name="Покровське міське комунальне підприємство «Добробут»", short_name="ПМКП «Добробут»")


def issue(store: Store, number: str, *, ent: object = VODOKANAL, signed_on: date | None = None, day: date = date(2026, 3, 2)) -> Inspection:
    """An inspection numbered offline on one laptop, signed when ``signed_on`` is given."""
    inspection = services.create_inspection(
        store, number=number, now=at(day, 9), enterprise=ent, checklist=checklist(),  # type: ignore[arg-type]
        basis=LegalBasis(order_number="12-од", order_date=date(2026, 2, 20), act="розпорядження міського голови"),
        period_from=date(2025, 1, 1), period_to=date(2025, 12, 31), start_date=day, end_date=day, inspectors=[INSPECTOR],
    )
    if signed_on is not None:
        inspection = sign(store, answer_all(store, inspection, at(day, 10)), signed_on)
    return inspection


@pytest.fixture
def stores(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[Store, Store, RegisterStore]]:
    """Two laptops (file stores) and the office (of the test's backend, which the commands open)."""
    with Store.open(tmp_path / "laptop-a") as a, Store.open(tmp_path / "laptop-b") as b, open_backend(backend, request, tmp_path / "office") as office:
        commands_use(office, monkeypatch)
        yield a, b, office


def bundle_of(store: Store, path: Path) -> Path:
    export_bundle(store, path)
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


# --- parsing ---------------------------------------------------------------------------------------


@given(st.integers(1, 999_999), st.integers(1000, 9999))
def test_a_well_formed_number_reads_back_as_itself(n: int, year: int) -> None:
    number = CertificateNumber(year=year, n=n)
    assert parse_number(str(number)) == number
    assert parse_number(f"  {n:03d} / {year} ") == number  # leading zeros and spaces are the same number
    assert number_key(f"0{n}/{year}") == str(number)


@given(st.text(max_size=60))
def test_any_text_is_a_number_or_none_never_an_error(text: str) -> None:
    parsed = parse_number(text)
    if parsed is not None:
        assert parse_number(str(parsed)) == parsed and parsed.n >= 1 and 1000 <= parsed.year <= 9999
        assert number_key(text) == str(parsed)


@pytest.mark.parametrize("text", ["", "3", "3/26", "0/2026", "3/0202", "3-2026", "3/2026/1", "-3/2026", "٣/2026", "3/２０２６", "3 /2026x", "1234567/2026"])
def test_what_is_not_a_number(text: str) -> None:
    assert parse_number(text) is None


def test_other_numbers_collide_when_equal_without_case_and_spaces() -> None:
    assert number_key(" 12-К  2026 ") == number_key("12-к 2026")


@given(st.one_of(st.text(max_size=30), st.builds(lambda n, y: f"{n}/{y}", st.integers(-5, 30), st.integers(2024, 2028))))
def test_a_typed_number_is_given_only_well_formed_of_its_year_and_free(text: str) -> None:
    draft = make_inspection(number="2/2026")
    others = [NumberHolder.of(make_inspection(number=n)) for n in ("1/2026", "3/2026")]
    try:
        given_number = check_renumber(draft, text, [NumberHolder.of(draft), *others])
    except NumberRefused as refused:
        assert refused.code in {"malformed", "year", "taken"}
        # every placeholder of the message is filled (the typed text itself may hold braces)
        assert "{" not in t(f"numbering.refused.{refused.code}", **{key: "x" for key in refused.params})
        assert t(f"numbering.refused.{refused.code}", **refused.params)
        return
    assert given_number.year == 2026 and str(given_number) not in {"1/2026", "3/2026"}
    assert parse_number(text) == given_number


def test_a_hostile_number_is_refused_shortened(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    draft = issue(store, "2/2026")
    data_dir = str(store.data_dir)
    store.close()
    code, _, err = run(capsys, "--data-dir", data_dir, "inspections", "renumber", str(draft.id), " " * 100_000 + "0" * 100_000 + "x")
    assert code == 1 and len(err) < 500 and "N/РРРР" in err


# --- conflicts (pure) ------------------------------------------------------------------------------


def holder(number: str, *, status: Status = Status.DRAFT, supersedes: uuid.UUID | None = None, revision: int = 1) -> NumberHolder:
    return NumberHolder(
        id=uuid.uuid4(), number=number, revision=revision, supersedes=supersedes, status=status, enterprise="КП", edrpou="14360570",
        started=date(2026, 3, 2), signed_on=date(2026, 3, 3) if status is Status.SIGNED else None,
    )


def test_revisions_of_one_inspection_share_their_number_without_a_conflict() -> None:
    original = holder("3/2026", status=Status.SIGNED)
    second = holder("3/2026", status=Status.SIGNED, supersedes=original.id, revision=2)
    third = holder("3/2026", supersedes=second.id, revision=3)
    assert find_conflicts([third, original, second]) == []
    lost_original = holder("4/2026", supersedes=uuid.uuid4(), revision=2)  # two corrections of one absent original
    twin = holder("4/2026", supersedes=lost_original.supersedes, revision=2)
    assert find_conflicts([lost_original, twin]) == []


def test_a_chain_counts_once_and_is_fixed_when_signed() -> None:
    original = holder("3/2026", status=Status.SIGNED)
    revision = holder("3/2026", supersedes=original.id, revision=2)
    other = holder("03/2026")
    [conflict] = find_conflicts([original, revision, other, holder("4/2026")])
    assert conflict.number == "3/2026" and conflict.year == 2026
    assert [len(c) for c in conflict.chains] == [2, 1] or [len(c) for c in conflict.chains] == [1, 2]
    assert set(conflict.inspection_ids) == {original.id, revision.id, other.id}
    assert conflict.signed == [original.id]
    assert conflict.resolvable and conflict.to_renumber() == [other]
    assert proposals([conflict], [original, revision, other, holder("4/2026")]) == {other.id: "1/2026"}


def test_two_drafts_keep_the_first_started_and_renumber_the_rest_to_distinct_free_numbers() -> None:
    drafts = [holder("1/2026") for _ in range(3)]
    [conflict] = find_conflicts(drafts)
    assert conflict.resolvable and len(conflict.to_renumber()) == 2
    assert sorted(proposals([conflict], drafts).values()) == ["2/2026", "3/2026"]


def test_two_signed_certificates_cannot_be_resolved() -> None:
    [conflict] = find_conflicts([holder("3/2026", status=Status.SIGNED), holder("3/2026", status=Status.SIGNED)])
    assert not conflict.resolvable and conflict.to_renumber() == [] and len(conflict.signed) == 2


def test_next_free_skips_taken_numbers_written_any_way() -> None:
    taken = taken_numbers([holder("1/2026"), holder("02/2026"), holder("4/2026"), holder("3/2025")])
    assert next_free(taken, 2026) == "3/2026"
    assert next_free(taken, 2025) == "1/2025"


# --- merge-import: two laptops both issue 3/2026 ---------------------------------------------------


def test_two_laptops_issue_3_2026_offline_and_the_office_merge_reports_the_conflict(
    stores: tuple[Store, Store, RegisterStore], tmp_path: Path
) -> None:
    a, b, office = stores
    signed = issue(a, "3/2026", signed_on=date(2026, 3, 3))
    draft = issue(b, "3/2026", ent=DOBROBUT, day=date(2026, 3, 5))
    report = import_bundles(office, [bundle_of(a, tmp_path / "a.json"), bundle_of(b, tmp_path / "b.json")])
    assert len(report.added) == 2  # both are evidence: both are kept
    [conflict] = report.number_conflicts
    assert conflict.number == "3/2026" and set(conflict.inspection_ids) == {signed.id, draft.id}
    assert conflict.signed == [signed.id] and [h.id for h in conflict.to_renumber()] == [draft.id]
    text = "\n".join(report.details())
    assert t("numbering.conflicts") in text
    assert "МКП «Водоканал»" in text and "ПМКП «Добробут»" in text
    assert t("numbering.signed_on", day=date(2026, 3, 3)) in text
    assert f"inspect-tui inspections renumber {draft.id} 1/2026" in text
    assert number_conflicts(office) == [conflict]

    again = import_bundles(office, [tmp_path / "b.json"])  # nothing new comes in: nothing new to report
    assert again.number_conflicts == []


def test_a_dry_run_reports_the_conflict_and_writes_nothing(stores: tuple[Store, Store, RegisterStore], tmp_path: Path) -> None:
    a, b, office = stores
    issue(a, "3/2026")
    issue(b, "3/2026", ent=DOBROBUT)
    import_bundles(office, [bundle_of(a, tmp_path / "a.json")])
    report = import_bundles(office, [bundle_of(b, tmp_path / "b.json")], dry_run=True)
    assert [c.number for c in report.number_conflicts] == ["3/2026"]
    assert number_conflicts(office) == []


def test_renumbering_the_unsigned_one_ends_the_conflict_and_is_in_its_history(stores: tuple[Store, Store, RegisterStore], tmp_path: Path) -> None:
    a, b, office = stores
    issue(a, "3/2026", signed_on=date(2026, 3, 3))
    draft = issue(b, "3/2026", ent=DOBROBUT)
    import_bundles(office, [bundle_of(a, tmp_path / "a.json"), bundle_of(b, tmp_path / "b.json")])
    renumbered = services.renumber(office, draft.id, "4/2026", now=at(date(2026, 3, 9)))
    assert renumbered.number == "4/2026" and office.get_inspection(draft.id).number == "4/2026"
    entry = renumbered.history[-1]
    assert (entry.field, entry.old, entry.new) == ("number", "3/2026", "4/2026")
    assert number_conflicts(office) == []


def test_renumbering_a_completed_inspection_keeps_it_completed(store: Store) -> None:
    draft = issue(store, "3/2026")
    completed = services.complete(store, services.update_header(store, answer_all(store, draft, at(date(2026, 3, 2), 10)),
                                                                now=at(date(2026, 3, 2), 11), conclusion="Порушень не виявлено."))
    renumbered = services.renumber(store, completed.id, "5/2026")
    assert renumbered.status is Status.COMPLETED and renumbered.history[-1].field == "number"


def test_a_signed_certificate_keeps_its_number(store: Store) -> None:
    signed = issue(store, "3/2026", signed_on=date(2026, 3, 3))
    with pytest.raises(NumberRefused) as refused:
        services.renumber(store, signed.id, "4/2026")
    assert refused.value.code == "signed"
    assert store.get_inspection(signed.id) == signed


def test_a_correction_keeps_the_number_of_the_certificate_it_corrects(store: Store) -> None:
    signed = issue(store, "3/2026", signed_on=date(2026, 3, 3))
    revision = services.correct(store, signed, now=at(date(2026, 3, 4)))
    assert number_conflicts(store) == []  # revisions of one inspection are not a conflict
    with pytest.raises(NumberRefused) as refused:
        services.renumber(store, revision.id, "4/2026")
    assert refused.value.code == "revision"


@pytest.mark.parametrize(
    ("number", "code"), [("4-2026", "malformed"), ("0/2026", "malformed"), ("4/2025", "year"), ("1/2026", "taken"), ("01/2026", "taken")]
)
def test_a_new_number_must_be_well_formed_of_its_year_and_free(store: Store, number: str, code: str) -> None:
    issue(store, "1/2026")
    draft = issue(store, "2/2026")
    with pytest.raises(NumberRefused) as refused:
        services.renumber(store, draft.id, number)
    assert refused.value.code == code
    assert store.get_inspection(draft.id) == draft
    message = t(f"numbering.refused.{code}", **refused.value.params)
    assert "{" not in message
    if code == "taken":
        assert "3/2026" in message  # the free number is proposed


def test_both_signed_are_reported_as_valid_documents_the_register_notes(stores: tuple[Store, Store, RegisterStore], tmp_path: Path) -> None:
    a, b, office = stores
    first = issue(a, "3/2026", signed_on=date(2026, 3, 3))
    second = issue(b, "3/2026", ent=DOBROBUT, signed_on=date(2026, 3, 6))
    report = import_bundles(office, [bundle_of(a, tmp_path / "a.json"), bundle_of(b, tmp_path / "b.json")])
    [conflict] = report.number_conflicts
    assert not conflict.resolvable and set(conflict.signed) == {first.id, second.id}
    text = "\n".join(report.details())
    assert t("numbering.all_signed", count=2) in text and "renumber" not in text
    for inspection in (first, second):
        with pytest.raises(NumberRefused):
            services.renumber(office, inspection.id, "7/2026")


def test_old_signed_inspections_still_verify() -> None:
    """No field was added to the inspection: a signed one of an earlier release keeps its hash."""
    stored = json.loads((Path(__file__).parent / "data" / "signed-demo.json").read_text("utf-8"))
    inspection = Inspection.model_validate(stored)
    assert inspection.integrity_problems() == []


def test_a_store_never_issues_a_number_twice_itself(store: Store) -> None:
    issue(store, "3/2026")
    before = store.list_summaries()
    with pytest.raises(NumberRefused) as refused:
        issue(store, "03/2026", ent=DOBROBUT)
    assert refused.value.code == "taken" and refused.value.params["free"] == "1/2026"
    assert store.list_summaries() == before


def test_signing_warns_when_another_inspection_holds_the_number(stores: tuple[Store, Store, RegisterStore], tmp_path: Path) -> None:
    a, b, office = stores
    issue(a, "3/2026", signed_on=date(2026, 3, 3))
    draft = issue(b, "3/2026", ent=DOBROBUT)
    import_bundles(office, [bundle_of(a, tmp_path / "a.json"), bundle_of(b, tmp_path / "b.json")])
    assert [h.enterprise for h in services.number_taken(office, draft)] == ["МКП «Водоканал»"]
    assert services.number_taken(office, issue(office, "4/2026")) == []


def test_the_next_number_reads_numbers_written_with_leading_zeros(store: Store) -> None:
    issue(store, "01/2026")
    assert services.next_number(store, 2026) == "2/2026"


# --- the command line ------------------------------------------------------------------------------


def test_cli_import_conflicts_and_renumber(stores: tuple[Store, Store, RegisterStore], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a, b, office = stores
    signed = issue(a, "3/2026", signed_on=date(2026, 3, 3))
    draft = issue(b, "3/2026", ent=DOBROBUT)
    paths = [str(bundle_of(a, tmp_path / "a.json")), str(bundle_of(b, tmp_path / "b.json"))]
    office_dir = str(office.data_dir)
    office.close()

    code, out, _ = run(capsys, "--data-dir", office_dir, "import", *paths)
    assert code == 0 and t("numbering.conflicts") in out and f"renumber {draft.id} 1/2026" in out

    code, out, _ = run(capsys, "--data-dir", office_dir, "inspections", "conflicts")
    assert code == 0 and "3/2026" in out and str(signed.id) in out and t("numbering.count", count=1) in out
    code, out, _ = run(capsys, "--data-dir", office_dir, "inspections", "conflicts", "--json")
    [row] = json.loads(out)
    assert row["number"] == "3/2026" and row["year"] == 2026 and row["signed"] == [str(signed.id)] and row["resolvable"]
    assert row["renumber"] == {str(draft.id): "1/2026"}

    code, _, err = run(capsys, "--data-dir", office_dir, "inspections", "renumber", str(signed.id), "4/2026")
    assert code == 1 and t("numbering.refused.signed", number="3/2026") in err
    code, _, err = run(capsys, "--data-dir", office_dir, "inspections", "renumber", str(draft.id)[:8], "\x1b[2J3/2026")
    assert code == 1 and "\x1b" not in err and "N/РРРР" in err
    code, out, _ = run(capsys, "--data-dir", office_dir, "inspections", "renumber", str(draft.id)[:8], "4/2026")
    assert code == 0 and "3/2026 → 4/2026" in out
    code, out, _ = run(capsys, "--data-dir", office_dir, "inspections", "conflicts")
    assert code == 0 and out.strip() == t("numbering.none")


def test_cli_messages_in_english(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    signed = issue(store, "3/2026", signed_on=date(2026, 3, 3))
    data_dir = str(store.data_dir)
    store.close()
    code, _, err = run(capsys, "--lang", "en", "--data-dir", data_dir, "inspections", "renumber", str(signed.id), "4/2026")
    set_language("uk")
    assert code == 1 and "a signed certificate's number never changes" in err


def test_every_numbering_message_is_in_both_languages() -> None:
    uk = {k for k in catalog("uk") if k.startswith("numbering.")}
    assert uk and uk == {k for k in catalog("en") if k.startswith("numbering.")}
