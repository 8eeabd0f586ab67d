"""An enterprise registered from a plan (its profile facts unknown) is completed by a bundle that knows them:
unknown facts are filled in, known ones are never overwritten (a difference is reported), and an unknown
value is printed as the user's word for it, never «None»."""

from __future__ import annotations

from pathlib import Path

import pytest
from factories import enterprise

from inspect_tui.domain.enterprise import Enterprise
from inspect_tui.i18n import set_language
from inspect_tui.store import Store
from inspect_tui.store_protocol import RegisterStore
from inspect_tui.sync import export_bundle, import_bundles

COMPLETE = enterprise(head_name="Петро ІВАНЕНКО")
FROM_PLAN = Enterprise.from_plan(COMPLETE.edrpou, "МКП «Водоканал» (з плану)")


def _bundle_of(tmp_path: Path, entry: Enterprise) -> Path:
    """A laptop's bundle carrying ``entry`` in its registry."""
    with Store.open(tmp_path / "laptop") as laptop:
        laptop.save_enterprise(entry)
        out = tmp_path / "laptop.json"
        export_bundle(laptop, out)
    return out


def test_a_bundle_fills_the_facts_the_office_did_not_know(register_store: RegisterStore, tmp_path: Path) -> None:
    register_store.save_enterprise(FROM_PLAN)
    bundle = _bundle_of(tmp_path, COMPLETE)

    dry = import_bundles(register_store, [bundle], dry_run=True)
    assert {d.field for d in dry.enterprises_filled} == {"legal_form", "kind", "sector", "reporting_year", "headcount", "gross_revenue_uah", "procurement_participant_20m"}
    assert register_store.get_enterprise(COMPLETE.edrpou) == FROM_PLAN  # a dry run writes nothing

    report = import_bundles(register_store, [bundle])
    stored = register_store.get_enterprise(COMPLETE.edrpou)
    assert stored is not None and stored.missing_facts() == []
    for name in dry.enterprises_filled:
        assert getattr(stored, name.field) == getattr(COMPLETE, name.field)
    # what the office knew stands: its names and its (empty) head are reported as differences
    assert (stored.name, stored.short_name, stored.head_name) == (FROM_PLAN.name, FROM_PLAN.short_name, "")
    assert {d.field for d in report.enterprise_differences} == {"name", "short_name", "head_name"}
    assert not report.enterprises_added
    assert import_bundles(register_store, [bundle]).enterprises_filled == []  # once filled, nothing more to fill


def test_facts_the_office_knows_are_kept_and_an_unknown_one_reads_as_unknown(register_store: RegisterStore, tmp_path: Path) -> None:
    register_store.save_enterprise(COMPLETE)
    report = import_bundles(register_store, [_bundle_of(tmp_path, FROM_PLAN)])
    assert register_store.get_enterprise(COMPLETE.edrpou) == COMPLETE
    assert report.enterprises_filled == []
    headcount = next(d for d in report.enterprise_differences if d.field == "headcount")
    assert (headcount.kept, headcount.incoming) == (COMPLETE.headcount, None)
    assert "«невідомо»" in headcount.line() and "None" not in headcount.line()
    set_language("en")
    assert '"unknown"' in headcount.line() and "None" not in headcount.line()


@pytest.mark.parametrize("language, word", [("uk", "невідомо"), ("en", "unknown")])
def test_the_dry_run_says_what_would_be_filled(store: Store, tmp_path: Path, language: str, word: str) -> None:
    set_language(language)
    store.save_enterprise(FROM_PLAN)
    report = import_bundles(store, [_bundle_of(tmp_path, COMPLETE)], dry_run=True)
    text = "\n".join([report.summary_table(), *report.details()])
    filled = next(line for line in text.splitlines() if "headcount" in line and word in line)
    assert str(COMPLETE.headcount) in filled and "None" not in text
