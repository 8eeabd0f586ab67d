"""Correcting and deleting drafts (issue 19): the header through the history, a trash that gives drafts back."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from backends import reopen
from factories import T0
from pydantic import ValidationError
from store_helpers import Crash, assert_consistent, dying_replace, loose_modes, store_bytes

from inspect_tui import services
from inspect_tui.cli import main
from inspect_tui.domain.inspection import Inspection, Status
from inspect_tui.domain.text import Person
from inspect_tui.store import Store, atomic
from inspect_tui.store.doctor import examine

pytestmark = pytest.mark.backends

LATER = T0 + timedelta(hours=1)


def _draft(store: Store) -> Inspection:
    return next(store.get_inspection(s.id) for s in store.list_summaries() if s.status is Status.DRAFT)


def _signed(store: Store) -> Inspection:
    return next(store.get_inspection(s.id) for s in store.list_summaries() if s.status is Status.SIGNED)


def test_every_header_field_of_a_draft_is_edited_through_the_history(demo_store: Store) -> None:
    draft = _draft(demo_store)
    changes = {
        "start_date": draft.start_date - timedelta(days=1), "end_date": draft.end_date + timedelta(days=1),
        "period_from": date(2024, 1, 1), "period_to": date(2024, 12, 31), "place": "м. Покровськ, вул. Нова, 1",
        "inspectors": [Person(name="Петро ІВАНОВ", position="головний спеціаліст")],
        "order_number": "77-р", "order_date": draft.start_date - timedelta(days=5), "act": "розпорядження міського голови",
        "title": "Про перевірку", "planned": not draft.basis.planned,
    }
    edited = services.edit_header(demo_store, draft.id, now=LATER, **changes)
    assert demo_store.get_inspection(draft.id) == edited
    for name, value in changes.items():
        assert services.header_value(edited, name) == value, name
    recorded = {h.field for h in edited.history[len(draft.history):]}
    assert recorded == {"start_date", "end_date", "period_from", "period_to", "place", "inspectors", "basis"}
    assert edited.findings == draft.findings
    assert_consistent(demo_store)


def test_a_refused_header_value_saves_nothing_and_names_its_field(demo_store: Store, data_dir: Path) -> None:
    draft = _draft(demo_store)
    before = store_bytes(data_dir)
    for changes, field in (
        ({"end_date": draft.start_date - timedelta(days=1)}, "dates"),
        ({"period_from": date(2030, 1, 1)}, "period"),
        ({"order_number": ""}, "order_number"),
        ({"place": "x" * 201}, "place"),
        ({"inspectors": []}, "inspectors"),
        ({"act": "a" * 301}, "act"),
    ):
        with pytest.raises(ValidationError) as caught:
            services.edit_header(demo_store, draft.id, now=LATER, **changes)
        assert services.drafts.refused_field(caught.value.errors()[0]) == field
    assert store_bytes(data_dir) == before


def test_a_signed_inspection_is_neither_edited_nor_deleted(demo_store: Store, data_dir: Path) -> None:
    signed = _signed(demo_store)
    before = store_bytes(data_dir)
    with pytest.raises(services.DraftRefused) as caught:
        services.edit_header(demo_store, signed.id, place="інше")
    assert caught.value.code == "signed"
    with pytest.raises(services.DraftRefused):
        services.delete_draft(demo_store, signed.id)
    assert store_bytes(data_dir) == before


@pytest.mark.backends("file")  # how the file store keeps its files
def test_a_deleted_draft_waits_in_the_trash_and_comes_back_whole(demo_store: Store, data_dir: Path) -> None:
    draft = _draft(demo_store)
    kept = services.delete_draft(demo_store, draft.id, now=LATER)
    assert not demo_store.has_inspection(draft.id)
    assert draft.id not in {s.id for s in demo_store.list_summaries()}
    assert demo_store.stale_shards() == []
    assert [k.inspection for k in services.trashed(demo_store)] == [draft] and kept.deleted_at == LATER
    assert loose_modes(data_dir / "trash") == []
    assert_consistent(demo_store)
    assert services.restore_draft(demo_store, draft.id) == draft
    assert demo_store.get_inspection(draft.id) == draft and services.trashed(demo_store) == []
    assert not (data_dir / "trash" / f"{draft.id}.json").exists()
    assert_consistent(demo_store)
    demo_store.action_index()
    assert demo_store.stale_shards() == []


def test_doctor_does_not_report_the_trash(demo_store: Store, data_dir: Path) -> None:
    services.delete_draft(demo_store, _draft(demo_store).id, now=LATER)
    demo_store.close()
    report = examine(data_dir)
    assert report.left == [] and report.findings == []


def test_restoring_is_refused_while_another_inspection_holds_the_number(demo_store: Store, data_dir: Path) -> None:
    draft = _draft(demo_store)
    services.delete_draft(demo_store, draft.id, now=LATER)
    services.create_inspection(
        demo_store, number=draft.number, now=LATER, enterprise=draft.enterprise, checklist=draft.checklist, basis=draft.basis,
        period_from=draft.period_from, period_to=draft.period_to, start_date=draft.start_date, end_date=draft.end_date,
        inspectors=draft.inspectors,
    )
    before = store_bytes(data_dir)
    with pytest.raises(services.DraftRefused) as caught:
        services.restore_draft(demo_store, draft.id)
    assert caught.value.code == "taken" and caught.value.params["number"] == draft.number
    assert store_bytes(data_dir) == before


@pytest.mark.backends("file")  # how the file store keeps its files
@pytest.mark.parametrize("moved", [0, 1, 2])  # the trash file, the index shard, the action shard
def test_a_crash_while_deleting_never_loses_the_draft(demo_store: Store, data_dir: Path, monkeypatch: pytest.MonkeyPatch, moved: int) -> None:
    draft = _draft(demo_store)
    with monkeypatch.context() as patch:
        patch.setattr(atomic, "replace", dying_replace(moved))
        with pytest.raises(Crash):
            services.delete_draft(demo_store, draft.id, now=LATER)
    demo_store.close()
    with reopen(data_dir) as reopened:
        live = reopened.has_inspection(draft.id)
        trashed = [k.inspection for k in services.trashed(reopened)]
        assert (reopened.get_inspection(draft.id) == draft) if live else (trashed == [draft])
        assert trashed == ([] if live else [draft])  # never shown in both places
        assert_consistent(reopened)


@pytest.mark.backends("file")  # how the file store keeps its files
def test_a_crash_before_the_file_goes_leaves_the_draft_in_place(demo_store: Store, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    draft = _draft(demo_store)

    def die(self: atomic.Transaction) -> None:
        raise Crash

    with monkeypatch.context() as patch:
        patch.setattr(atomic.Transaction, "_remove_files", die)
        with pytest.raises(Crash):
            services.delete_draft(demo_store, draft.id, now=LATER)
    demo_store.close()
    with reopen(data_dir) as reopened:
        assert reopened.get_inspection(draft.id) == draft and services.trashed(reopened) == []
        assert_consistent(reopened)
        services.delete_draft(reopened, draft.id, now=LATER)  # deleting again replaces the copy
        assert [k.inspection for k in services.trashed(reopened)] == [draft]


# --- the command line ----------------------------------------------------------------------------


def run(data_dir: Path, *args: str) -> int:
    return main(["--data-dir", str(data_dir), "inspections", *args])


def test_cli_edits_deletes_lists_and_restores(demo_store: Store, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    draft = _draft(demo_store)
    demo_store.close()
    assert run(
        data_dir, "edit", str(draft.id), "--place", "м. Покровськ, вул. Нова, 1", "--end", (draft.end_date + timedelta(days=2)).strftime("%d.%m.%Y"),
        "--order-number", "5-р", "--unplanned", "--inspector", "Олена КОВАЛЬЧУК, начальник відділу", "--inspector", "Петро ІВАНОВ; інспектор",
    ) == 0
    out = capsys.readouterr().out
    assert f"Заголовок перевірки № {draft.number} змінено" in out and "місце проведення" in out
    with reopen(data_dir, writer=False) as reader:
        edited = reader.get_inspection(draft.id)
    assert edited.place == "м. Покровськ, вул. Нова, 1" and edited.basis.order_number == "5-р" and not edited.basis.planned
    assert [p.name for p in edited.inspectors] == ["Олена КОВАЛЬЧУК", "Петро ІВАНОВ"]
    assert run(data_dir, "delete", str(draft.id)) == 0
    assert "видалено в кошик" in capsys.readouterr().out
    assert run(data_dir, "trash") == 0
    assert draft.number in capsys.readouterr().out
    assert run(data_dir, "restore", str(draft.id)[:8]) == 0
    assert "відновлено з кошика" in capsys.readouterr().out
    assert run(data_dir, "trash") == 0
    assert "Кошик порожній" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--end", "31.02.2026"], "--end: «31.02.2026» — не дата"),
        (["--start", "01.01.2099"], "дати перевірки: перевірка починається після свого завершення"),
        (["--order-number", ""], "номер розпорядження (наказу):"),
        (["--inspector", "Петро"], "--inspector: «Петро» — потрібно «ПІБ, посада»"),
        ([], "Не зазначено, що змінити"),
    ],
)
def test_cli_refuses_a_bad_header_value_naming_it(
    demo_store: Store, data_dir: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    draft = _draft(demo_store)
    demo_store.close()
    before = store_bytes(data_dir)
    assert run(data_dir, "edit", str(draft.id), *args) == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert {k: v for k, v in store_bytes(data_dir).items() if not k.startswith(".")} == {k: v for k, v in before.items() if not k.startswith(".")}


def test_cli_refuses_a_signed_inspection_and_says_corrections_are_revisions(
    demo_store: Store, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    signed = _signed(demo_store)
    demo_store.close()
    for args in (["edit", str(signed.id), "--place", "x"], ["delete", str(signed.id)]):
        assert run(data_dir, *args) == 1
        assert "нова редакція" in capsys.readouterr().err
    assert run(data_dir, "restore", "nothing") == 1
    assert "У кошику немає перевірки «nothing»" in capsys.readouterr().err
