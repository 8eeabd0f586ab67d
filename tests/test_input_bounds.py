"""User input never bypasses validation: what the read path refuses is never written.

Each case was reproduced first: a value over a model's limit went in through ``model_copy``
and was written, after which the inspection, the settings or the whole register no longer
opened. Now it is refused, with the field and the rule, before anything is written.
"""

from __future__ import annotations

import ast
import json
from datetime import date
from pathlib import Path

import pytest
from backends import reopen
from test_sync_support import at, by_number, held, state

from inspect_tui import services
from inspect_tui.cli import main
from inspect_tui.domain.actions import MAX_REMEDY_DOCUMENTS, MAX_REMEDY_VERSIONS, PastRemedy, Remedy, RemedyRecord, compact_history
from inspect_tui.domain.revalidate import max_length, revalidate
from inspect_tui.domain.settings import Settings
from inspect_tui.register.actions import list_actions
from inspect_tui.store import Store
from inspect_tui.sync.merge import merge_remedy

pytestmark = pytest.mark.backends

SIGNED = "1/2026"  # the demo's signed inspection: «Ні» on 1.2 (risk-assessment) and 3.2
DRAFT = "2/2026"
APRIL = date(2026, 4, 1)
PACKAGE = Path(__file__).parent.parent / "inspect_tui"

#: where ``model_copy(update=…)`` stays, each on a model already valid, with a value that cannot break it
ALLOWED_MODEL_COPY = {
    ("domain/inspection.py", "same_or_appended"),  # a comparison only: never stored
    ("certificate/verify.py", "verify_certificate"),  # a prefix of a stored, valid list of objections: never stored
    ("domain/inspection.py", "sign"),  # the sha256 of content validated just before
}


def _run(data_dir: Path, *args: str) -> int:
    return main(["--data-dir", str(data_dir), *args])


def _closed(store: Store) -> Path:
    store.close()
    return store.data_dir


def _model_copy_updates() -> set[tuple[str, str]]:
    """(module, enclosing function) of every ``.model_copy(update=…)`` call in the package."""
    found = set()
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text("utf-8"))
        for func in ast.walk(tree):
            if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for node in ast.walk(func):
                if (
                    isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "model_copy"
                    and any(k.arg == "update" for k in node.keywords)
                ):
                    found.add((path.relative_to(PACKAGE).as_posix(), func.name))
    return found


def test_model_copy_with_changes_is_used_only_where_listed() -> None:
    """``model_copy(update=…)`` skips validation: user input goes through ``revalidate`` instead."""
    assert _model_copy_updates() <= ALLOWED_MODEL_COPY
    assert all((PACKAGE / module).exists() for module, _ in ALLOWED_MODEL_COPY)


def test_revalidate_refuses_what_the_model_refuses_even_in_nested_instances() -> None:
    settings = Settings()
    with pytest.raises(ValueError, match="council_name"):
        revalidate(settings, council_name="р" * 301)
    from inspect_tui.domain.text import Person

    forged = Person.model_construct(name="І" * 201, position="інспектор")  # an instance made without validation
    with pytest.raises(ValueError, match="inspector.name"):
        revalidate(settings, inspector=forged)
    assert revalidate(settings, council_name="Покровська міська рада").council_name == "Покровська міська рада"
    assert max_length(Settings, "council_name") == 300 and max_length(Settings, "language") is None


# --- the reproduced cases, at the CLI --------------------------------------------------------------


def test_a_follow_up_order_number_over_its_limit_is_refused_and_the_store_keeps_opening(
    demo_store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = _closed(demo_store)
    before = held(data_dir)
    assert _run(data_dir, "inspections", "follow-up", SIGNED, "--order", "№" * 101, "--order-date", "20.11.2026") == 1
    err = capsys.readouterr().err
    assert "--order: 101" in err and "100" in err and "Traceback" not in err
    assert held(data_dir) == before
    assert _run(data_dir, "inspections", "list") == 0


def test_the_service_refuses_the_same_order_number_whoever_calls_it(demo_store: Store) -> None:
    before = state(demo_store)
    with pytest.raises(ValueError, match="order_number"):
        services.start_follow_up(demo_store, by_number(demo_store, SIGNED).id, order_number="№" * 101, order_date=date(2026, 11, 20))
    assert state(demo_store) == before


def test_more_scans_on_a_remedy_than_it_keeps_are_refused_and_the_register_stays_up(
    demo_store: Store, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data_dir = _closed(demo_store)
    scans = []
    for n in range(MAX_REMEDY_DOCUMENTS + 1):
        scan = tmp_path / f"scan-{n}.pdf"
        scan.write_bytes(b"%PDF-1.4 " + str(n).encode())
        scans += ["--evidence", str(scan)]
    before = held(data_dir)
    assert _run(data_dir, "actions", "remedy", SIGNED, "1.2", "--on", "01.04.2026", "--what", "Проведено", *scans) == 1
    err = capsys.readouterr().err
    assert "--evidence: 101" in err and str(MAX_REMEDY_DOCUMENTS) in err
    assert held(data_dir) == before  # neither the record nor the 101 scans
    assert _run(data_dir, "actions", "list") == 0
    with reopen(data_dir) as store:  # the service itself refuses them too, and keeps none of the scans
        with pytest.raises(ValueError, match="evidence"):
            services.record_action_remedy(
                store, by_number(store, SIGNED).id, "risk-assessment", remedied=True, on=APRIL, what="Проведено",
                evidence=[Path(p) for p in scans[1::2]], now=at(APRIL),
            )
    assert held(data_dir) == before


# --- the same at the service and the store ---------------------------------------------------------


def test_a_basis_act_over_its_limit_is_refused_and_the_inspection_still_opens(demo_store: Store) -> None:
    draft = by_number(demo_store, DRAFT)
    with pytest.raises(ValueError, match="act"):
        services.update_header(demo_store, draft, now=at(APRIL), basis=revalidate(draft.basis, act="а" * 301))
    forged = draft.basis.model_copy(update={"act": "а" * 301})  # as the review screen made it before
    with pytest.raises(ValueError, match="act"):
        services.update_header(demo_store, draft, now=at(APRIL), basis=forged)
    assert demo_store.get_inspection(draft.id) == draft


def test_the_store_writes_nothing_its_read_path_would_refuse(demo_store: Store) -> None:
    """Whatever made a model, the save checks the very rules the read applies."""
    before = state(demo_store)
    settings = demo_store.get_settings()
    with pytest.raises(ValueError, match="council_name"):
        demo_store.save_settings(settings.model_copy(update={"council_name": "р" * 301}))
    draft = by_number(demo_store, DRAFT)
    with pytest.raises(ValueError, match="order_number"):
        demo_store.save_inspection(draft.model_copy(update={"basis": draft.basis.model_copy(update={"order_number": "№" * 101})}))
    signed = by_number(demo_store, SIGNED)
    remedy = Remedy(remedied=True, on=APRIL, what="Проведено", recorded_at=at(APRIL))
    record = RemedyRecord(inspection_id=signed.id, item_id="risk-assessment", remedy=remedy)
    with pytest.raises(ValueError, match="history"):
        demo_store.save_remedy(record.model_copy(update={"history": [PastRemedy(**remedy.model_dump())] * (MAX_REMEDY_VERSIONS + 1)}))
    enterprise = demo_store.list_enterprises()[0]
    with pytest.raises(ValueError, match="short_name"):
        demo_store.save_enterprise(enterprise.model_copy(update={"short_name": "К" * 201}))
    assert state(demo_store) == before
    assert demo_store.get_settings() == settings and demo_store.get_inspection(draft.id) == draft


# --- bounded histories stay bounded by use ---------------------------------------------------------


def _versions(n: int, *, conflict_at: int | None = None) -> list[PastRemedy]:
    return [
        PastRemedy(remedied=False, on=APRIL, what=f"запис {i}", recorded_at=at(APRIL, hour=0).replace(minute=i % 60, second=i // 60),
                   conflict=i == conflict_at)
        for i in range(n)
    ]


def test_a_history_past_its_bound_keeps_the_first_the_last_and_the_conflict_copies() -> None:
    history = _versions(MAX_REMEDY_VERSIONS + 5, conflict_at=3)
    kept, dropped = compact_history(history)
    assert len(kept) == MAX_REMEDY_VERSIONS and dropped == 5
    assert kept[0] == history[0] and kept[-1] == history[-1] and history[3] in kept
    assert kept == [v for v in history if v in kept]  # oldest first, as before
    assert compact_history(history[:10]) == (history[:10], 0)


def test_recording_a_remedy_past_the_bound_compacts_and_every_reader_still_works(
    demo_store: Store, capsys: pytest.CaptureFixture[str], tmp_path: Path, backend: str
) -> None:
    signed = by_number(demo_store, SIGNED)
    full = RemedyRecord(
        inspection_id=signed.id, item_id="risk-assessment", remedy=Remedy(remedied=False, on=APRIL, what="останній", recorded_at=at(APRIL)),
        history=_versions(MAX_REMEDY_VERSIONS),
    )
    demo_store.save_remedy(full)  # as 201 recordings leave it
    data_dir = _closed(demo_store)
    for day in ("02.04.2026", "03.04.2026"):
        assert _run(data_dir, "actions", "remedy", SIGNED, "1.2", "--on", day, "--what", f"Проведено {day}") == 0
    with reopen(data_dir) as store:
        record = store.get_remedy(signed.id, "risk-assessment")
        assert record is not None and len(record.history) == MAX_REMEDY_VERSIONS and record.dropped == 2
        assert record.history[0].what == "запис 0" and record.history[-1].what == "Проведено 02.04.2026"
    capsys.readouterr()
    assert _run(data_dir, "actions", "list", "--all", "--json") == 0
    assert json.loads(capsys.readouterr().out)[0]["remedy"]["what"] == "Проведено 03.04.2026"
    assert _run(data_dir, "export", "--all", "--out", str(tmp_path / "all.json")) == 0
    assert _run(data_dir, "report", "annual", "--year", "2026", "--format", "json", "--out", str(tmp_path / "r.json")) == 0
    if backend == "file":  # doctor checks a file store's files (the office register's server keeps its own)
        assert _run(data_dir, "doctor") == 0


def test_a_merge_of_two_full_histories_stays_bounded_and_counts_what_it_left_out(demo_store: Store) -> None:
    signed = by_number(demo_store, SIGNED)
    mine = RemedyRecord(
        inspection_id=signed.id, item_id="risk-assessment", remedy=Remedy(remedied=True, on=APRIL, what="моє", recorded_at=at(APRIL)),
        history=_versions(MAX_REMEDY_VERSIONS)[:150],
    )
    theirs = revalidate(mine, history=_versions(MAX_REMEDY_VERSIONS)[100:], dropped=7)
    merged, _ = merge_remedy(mine, theirs)
    assert len(merged.history) == MAX_REMEDY_VERSIONS and merged.dropped == 7
    again, _ = merge_remedy(merged, theirs)
    assert again == merged  # importing the same bundle twice changes nothing
    assert list_actions(demo_store, today=APRIL) is not None


@pytest.mark.parametrize(
    ("option", "argv"),
    [
        ("--what", ["actions", "remedy", SIGNED, "1.2", "--on", "01.04.2026", "--what", "ж" * 20_001]),
        ("--document", ["actions", "remedy", SIGNED, "1.2", "--on", "01.04.2026", "--what", "x", *["--document", "d"] * 101]),
        ("--text", ["inspections", "objection", SIGNED, "--received", "01.04.2026", "--text", "з" * 20_001]),
    ],
)
def test_cli_options_take_no_more_than_the_models_keep(
    option: str, argv: list[str], demo_store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = _closed(demo_store)
    before = held(data_dir)
    assert _run(data_dir, *argv) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{option}: ") and "Traceback" not in err
    assert held(data_dir) == before
