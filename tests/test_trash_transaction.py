"""Deleting a draft inside an open transaction of the file store: the draft's file goes only when that
transaction commits, so a rollback or a crash before it never loses the draft."""

from __future__ import annotations

from pathlib import Path

import pytest
from factories import inspection
from store_helpers import LATER, Crash, assert_consistent, dying_replace, store_bytes

from inspect_tui.store import Store, atomic


class Refused(Exception):
    """Something later in the caller's transaction fails."""


def test_a_failure_after_trashing_in_an_outer_transaction_keeps_the_draft(store: Store, data_dir: Path) -> None:
    draft = inspection()
    store.save_inspection(draft)
    before = store_bytes(data_dir)
    with pytest.raises(Refused), store.transaction():
        store.trash_inspection(draft.id, LATER)
        raise Refused
    assert store_bytes(data_dir) == before
    assert store.get_inspection(draft.id) == draft and store.trashed() == []
    assert_consistent(store)


def test_inside_the_transaction_the_draft_reads_as_gone(store: Store) -> None:
    draft = inspection()
    store.save_inspection(draft)
    with store.transaction():
        store.trash_inspection(draft.id, LATER)
        assert not store.has_inspection(draft.id) and store.inspection_ids() == []
        assert [t.inspection.id for t in store.trashed()] == [draft.id]
        assert (store.data_dir / "inspections" / f"{draft.id}.json").exists()  # on disk until the commit
    assert not store.has_inspection(draft.id) and store.list_summaries() == []
    assert not (store.data_dir / "inspections" / f"{draft.id}.json").exists()


@pytest.mark.parametrize("after", [0, 1, 2])
def test_a_crash_while_committing_a_deletion_never_loses_the_draft(data_dir: Path, monkeypatch: pytest.MonkeyPatch, after: int) -> None:
    draft = inspection()
    with Store.open(data_dir) as store:
        store.save_inspection(draft)
    with Store.open(data_dir) as store:
        monkeypatch.setattr(atomic, "replace", dying_replace(after))
        with pytest.raises(Crash), store.transaction():
            store.trash_inspection(draft.id, LATER)
        monkeypatch.undo()
        store.close()
    with Store.open(data_dir) as store:  # rolled forward (or back): the draft is in one place or both, never none
        assert store.has_inspection(draft.id) or [t.inspection for t in store.trashed()] == [draft]
        if store.has_inspection(draft.id):
            assert store.get_inspection(draft.id) == draft
        assert_consistent(store)


@pytest.mark.backends
def test_a_draft_saved_and_deleted_in_one_transaction_lands_in_the_trash_only(store: Store) -> None:
    draft = inspection()
    with store.transaction():
        store.save_inspection(draft)
        store.trash_inspection(draft.id, LATER)
    assert store.inspection_ids() == [] and [t.inspection for t in store.trashed()] == [draft]
    assert store.restore_trashed(draft.id) == draft
    assert store.trashed() == []
    if isinstance(store, Store):
        assert not (store.data_dir / "trash" / f"{draft.id}.json").exists()
    assert_consistent(store)


@pytest.mark.backends
def test_a_failure_while_restoring_keeps_the_trash_copy(store: Store) -> None:
    draft = inspection()
    store.save_inspection(draft)
    store.trash_inspection(draft.id, LATER)
    with pytest.raises(Refused), store.transaction():
        store.restore_trashed(draft.id)
        raise Refused
    assert [t.inspection for t in store.trashed()] == [draft] and not store.has_inspection(draft.id)
