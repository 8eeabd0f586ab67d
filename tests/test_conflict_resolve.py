"""Choosing between an inspection and the conflict copy an import kept aside: the service, the CLI, signed ones untouched."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from test_sync_support import answer_all, at, by_number, field_store, laptop, sign, snapshot  # noqa: F401  (fixtures)

from inspect_tui import services
from inspect_tui.cli import main
from inspect_tui.domain.conflict import CONFLICT_FIELD, Keep
from inspect_tui.domain.inspection import Answer, Inspection, Status
from inspect_tui.store import Store
from inspect_tui.sync import export_bundle, import_bundles, list_conflicts

DAY = date(2026, 7, 29)


def diverge(office: Store, laptop: Store, tmp_path: Path) -> tuple[Inspection, Inspection]:
    """Draft 2/2026 edited on both: the laptop's later edit becomes current, the office's is kept aside.

    Returns (the office's copy kept aside, the laptop's now current).
    """
    ours = services.record_finding(office, by_number(office, "2/2026"), "measures-adopted", now=at(DAY, 9), note="Наказ № 47-од надано")
    ours = services.record_finding(office, ours, "risk-assessment", now=at(DAY, 9), answer=Answer.COMPLIES)
    theirs = services.record_finding(laptop, by_number(laptop, "2/2026"), "risk-assessment", now=at(DAY, 15), note="ноутбук")
    out = tmp_path / "laptop.json"
    export_bundle(laptop, out)
    import_bundles(office, [out])
    assert office.get_inspection(ours.id) == theirs
    return ours, theirs


def test_taking_the_copy_brings_its_answers_back_and_the_history_says_so(field_store: Store, laptop: Store, tmp_path: Path) -> None:
    ours, theirs = diverge(field_store, laptop, tmp_path)
    (waiting,) = services.open_conflicts(field_store, ours.id)
    resolved = services.resolve_conflict(field_store, ours.id, 1, Keep.COPY, now=at(DAY, 17))

    now = field_store.get_inspection(ours.id)
    assert resolved.recorded and now == resolved.inspection
    assert now.findings == ours.findings  # the copy's answers, notes and all
    assert now.history[: len(theirs.history)] == theirs.history  # nothing of the current's history is lost
    added = {(e.field, e.old, e.new) for e in now.history[len(theirs.history) :]}
    assert ("findings.measures-adopted.note", "", "Наказ № 47-од надано") in added
    replaced = ("findings.risk-assessment.note", "ноутбук", ours.findings["risk-assessment"].note)
    assert replaced in added  # the value replaced stays in the history
    assert (CONFLICT_FIELD, waiting.sha256, "copy") in added
    assert services.open_conflicts(field_store) == []
    (kept,) = list_conflicts(field_store, resolved=True)
    assert kept.inspection == ours and kept.resolved is not None and kept.resolved.kept is Keep.COPY


def test_keeping_the_current_one_only_records_the_choice(field_store: Store, laptop: Store, tmp_path: Path) -> None:
    ours, theirs = diverge(field_store, laptop, tmp_path)
    services.resolve_conflict(field_store, ours.id, 1, Keep.CURRENT, now=at(DAY, 17))
    now = field_store.get_inspection(ours.id)
    assert now.findings == theirs.findings
    assert [(e.field, e.new) for e in now.history[len(theirs.history) :]] == [(CONFLICT_FIELD, "current")]
    assert services.open_conflicts(field_store) == []


def test_a_signed_inspection_is_never_overwritten_by_a_copy(field_store: Store, laptop: Store, tmp_path: Path) -> None:
    draft = by_number(field_store, "2/2026")
    draft = answer_all(field_store, draft, at(DAY))
    for item, finding in draft.findings.items():
        if finding.answer is Answer.NO:
            draft = services.record_finding(field_store, draft, item, now=at(DAY), answer=Answer.COMPLIES)
    signed = sign(field_store, draft, date(2026, 7, 31))
    services.record_finding(laptop, by_number(laptop, "2/2026"), "measures-adopted", now=at(DAY, 15), note="ноутбук")
    export_bundle(laptop, tmp_path / "laptop.json")
    import_bundles(field_store, [tmp_path / "laptop.json"])
    assert len(services.open_conflicts(field_store, signed.id)) == 1
    before = {name: digest for name, digest in snapshot(field_store.data_dir).items() if not name.startswith("conflicts/")}

    with pytest.raises(services.ConflictRefused) as refused:
        services.resolve_conflict(field_store, signed.id, 1, Keep.COPY)
    assert refused.value.code == "signed_current"
    resolved = services.resolve_conflict(field_store, signed.id, 1, Keep.CURRENT)
    assert not resolved.recorded and "ніколи не перезаписують" in resolved.text
    assert field_store.get_inspection(signed.id) == signed and signed.status is Status.SIGNED
    after = {name: digest for name, digest in snapshot(field_store.data_dir).items() if not name.startswith("conflicts/")}
    assert after == before  # only the copy's file records the choice
    assert services.open_conflicts(field_store) == []


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_the_cli_lists_the_copies_and_resolves_one(
    field_store: Store, laptop: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ours, _ = diverge(field_store, laptop, tmp_path)
    data_dir = str(field_store.data_dir)
    field_store.close()
    code, out, _ = run(capsys, "--data-dir", data_dir, "inspections", "copies")
    assert code == 0 and "копія 1: № 2/2026" in out and "пунктів, що відрізняються: 2" in out
    before = snapshot(Path(data_dir))
    code, _, err = run(capsys, "--data-dir", data_dir, "inspections", "resolve", "2/2026", "--keep", "copy", "--copy", "2")
    assert code == 1 and "Немає конфліктної копії 2" in err
    assert snapshot(Path(data_dir)) == before  # the refusal wrote nothing
    code, out, _ = run(capsys, "--data-dir", data_dir, "inspections", "resolve", "2/2026", "--keep", "copy")
    assert code == 0 and "чинним став вміст конфліктної копії" in out
    with Store.open(Path(data_dir)) as reopened:
        assert reopened.get_inspection(ours.id).findings == ours.findings
    code, out, _ = run(capsys, "--data-dir", data_dir, "inspections", "copies", "--json")
    assert code == 0 and out.strip() == "[]"
