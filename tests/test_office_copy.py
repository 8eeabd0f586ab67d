"""Moving a whole register between stores, verified: file store to file store (the office's PostgreSQL
runs the same copy in tests/test_office_pg.py). Counts per kind, every inspection's content and every
signed hash are compared before anything is kept; a non-empty target or a difference leaves it as it was."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from office_register import EXTRA, register, register_template
from store_helpers import store_bytes

from inspect_tui.services import office
from inspect_tui.services.store_copy import CopyMismatch, CopyRefused, differences, fingerprint
from inspect_tui.store import Store


def test_a_register_moves_into_a_new_folder_whole_and_checked(register: Path, tmp_path: Path) -> None:
    done: list[tuple[int, int]] = []
    with Store.open(register, writer=False) as source:
        report = office.copy_into_folder(source, tmp_path / "moved", progress=lambda n, total: done.append((n, total)))
        before = fingerprint(source)
    with Store.open(tmp_path / "moved", writer=False) as moved:
        after = fingerprint(moved)
    assert differences(before, after) == []
    assert after.counts == before.counts and after.digests == before.digests and after.signed == before.signed
    assert {k: before.counts[k] for k in EXTRA} == EXTRA
    assert before.counts["signed"] == len(before.signed) >= 6 and before.counts["remedies"] >= 1 and before.counts["plans"] >= 4
    assert report.counts == {k: v for k, v in before.counts.items() if k not in ("settings", "attachments")}
    assert report.missing_attachments == []
    assert done[-1] == (before.counts["inspections"], before.counts["inspections"]) and len(done) == before.counts["inspections"]
    assert not [p for p in tmp_path.iterdir() if ".partial-" in p.name]


def test_a_folder_that_is_not_empty_is_refused_and_left_alone(register: Path, tmp_path: Path) -> None:
    target = tmp_path / "occupied"
    target.mkdir()
    (target / "notes.txt").write_text("мої нотатки")
    with Store.open(register, writer=False) as source, pytest.raises(office.OfficeRefused, match="не порожній"):
        office.copy_into_folder(source, target)
    assert [p.name for p in target.iterdir()] == ["notes.txt"]


def test_a_store_that_already_holds_a_register_is_refused_unchanged(register: Path, tmp_path: Path) -> None:
    target = Path(shutil.copytree(register, tmp_path / "office"))
    before = store_bytes(target)
    with Store.open(register, writer=False) as source, Store.open(target) as office_store, pytest.raises(CopyRefused) as refused:
        office.move_into(source, office_store)
    assert refused.value.found["inspections"] > 0
    assert store_bytes(target) == before


def test_a_target_that_loses_something_is_rolled_back_naming_it(register: Path, tmp_path: Path) -> None:
    """A backend that drops the remedies: the check names them, and nothing of the copy stays.

    (The file store deletes a draft's file at once, so it cannot take the trash inside a transaction of
    its own: this source has its deleted draft restored; the office's store takes the whole copy in one.)
    """
    with Store.open(register) as laptop:
        for trashed in laptop.trashed():
            laptop.restore_trashed(trashed.inspection.id)
    with Store.open(register, writer=False) as source, Store.open(tmp_path / "office") as target:
        target.save_remedy = lambda record: None  # type: ignore[method-assign]
        with pytest.raises(CopyMismatch) as mismatch:
            office.move_into(source, target)
        assert any("записи про усунення" in line for line in mismatch.value.differences)
        assert target.inspection_ids() == [] and target.list_enterprises() == [] and target.plan_years() == []


def test_a_changed_signed_inspection_is_named_by_its_number(register: Path, tmp_path: Path) -> None:
    with Store.open(register, writer=False) as source:
        before = fingerprint(source)
    signed_id = sorted(before.signed)[0]
    fingerprint_copy = type(before)(
        counts=dict(before.counts), digests={**before.digests, "signed": "0" * 64, "inspections": "0" * 64},
        inspections={**before.inspections, signed_id: (before.inspections[signed_id][0], "0" * 64)},
        signed={**before.signed, signed_id: "0" * 64},
    )
    lines = differences(before, fingerprint_copy)
    number = before.inspections[signed_id][0]
    assert any(line.startswith("SHA-256 підписаних перевірок відрізняється (1)") and number in line for line in lines)


def test_a_damaged_attachment_is_named_not_copied_and_the_rest_moves(register: Path, tmp_path: Path) -> None:
    with Store.open(register, writer=False) as source:
        sha = next(iter(fingerprint_attachments(source)))
        (register / "evidence" / sha).write_bytes(b"changed after it was attached")
        report = office.copy_into_folder(source, tmp_path / "moved")
        before = fingerprint(source)
    assert report.missing_attachments == [sha]
    with Store.open(tmp_path / "moved", writer=False) as moved:
        assert not moved.has_evidence(sha)
        assert differences(before, fingerprint(moved)) == [] and before.counts["attachments"] == 0


def fingerprint_attachments(store: Store) -> list[str]:
    return [e.sha256 for i in store.inspection_ids() for f in store.get_inspection(i).findings.values() for e in f.evidence]
