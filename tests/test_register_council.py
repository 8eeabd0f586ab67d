"""The register's narrow queries and one council's annual report, on both backends.

The annual report reads only what its year needs (``year_summaries``, ``linked_actions``, ``plan_rows``);
each narrow query must give exactly what filtering the whole register gives, or the report would differ
between a laptop and the office. One council's report out of a region's register selects the signed
inspections whose sign-off names that council.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from annual_year import CSS, YEAR, _new, follow_up_and_remedy, laptop_a, laptop_b
from factories import CONCLUSION, ISSUER
from office_register import run
from test_sync_support import answer_all, at

from inspect_tui import services
from inspect_tui.domain.actions import PlainActions
from inspect_tui.domain.inspection import HeadAcknowledgement, SignOff, Status
from inspect_tui.domain.settings import Issuer
from inspect_tui.register.actions import linked_actions, list_actions
from inspect_tui.register.annual import annual_report
from inspect_tui.store import Store
from inspect_tui.store_protocol import RegisterStore

pytestmark = pytest.mark.backends

OTHER = Issuer(council_name="Мирноградська міська рада", unit_name="Сектор з питань запобігання корупції")
TODAY = date(YEAR + 1, 6, 1)


def _other_councils(store: RegisterStore) -> None:
    """One inspection of the year signed by another council (the same number as one of the first council's)."""
    made = answer_all(store, _new(store, CSS, "1/2023", date(2023, 5, 10), date(2023, 5, 10), planned=False), at(date(2023, 5, 10)))
    made = services.update_header(store, made, now=at(date(2023, 5, 10)), conclusion=CONCLUSION)
    head = HeadAcknowledgement(name="Віктор ШЕВЧЕНКО", position="Директор", acknowledged_on=date(2023, 5, 11))
    signoff = SignOff(signed_on=date(2023, 5, 11), signers=list(made.inspectors), head=head, recorded_at=at(date(2023, 5, 11)), issuer=OTHER)
    services.sign_off(store, made, signoff, now=at(date(2023, 5, 11)))


@pytest.fixture
def region(register_store: RegisterStore) -> RegisterStore:
    laptop_a(register_store)
    laptop_b(register_store)
    follow_up_and_remedy(register_store)
    _other_councils(register_store)
    return register_store


def test_narrow_queries_give_what_filtering_the_whole_register_gives(region: RegisterStore) -> None:
    every = region.list_summaries()
    for year in (2022, YEAR, 2024, 2025):
        assert region.year_summaries(year) == [s for s in every if s.started.year == year]
    mine = region.year_summaries(YEAR, ISSUER.council_name)
    assert mine == [s for s in every if s.started.year == YEAR and s.council == ISSUER.council_name] and len(mine) == 6
    assert all(s.status.value == "signed" for s in mine)
    assert region.councils() == sorted([OTHER.council_name, ISSUER.council_name])

    whole = list_actions(region, today=TODAY)
    assert whole
    for summary in every:
        alone = [a for a in linked_actions(region, [summary.id], today=TODAY) if a.inspection_id == summary.id]
        assert alone == [a for a in whole if a.inspection_id == summary.id]
    linked = region.linked_actions([s.id for s in mine])
    assert {e.id for e in linked.entries} <= {e.id for e in region.action_index().entries}
    assert region.remedy_records_of([s.id for s in every]) == region.remedy_records()

    entries = [e.id for e in region.get_plan(YEAR)]
    wanted = {str(e) for e in entries}
    assert region.plan_rows(entries) == [r for r in region.summary_rows() if r.plan_entry in wanted]
    assert region.plan_rows([]) == []


def test_plain_actions_are_what_the_action_index_and_the_remedies_say(region: RegisterStore) -> None:
    signed = [s.id for s in region.list_summaries() if s.status is Status.SIGNED]
    remedied = {r.inspection_id for r in region.remedy_records()}
    for today in (date(YEAR, 7, 1), TODAY):
        plain = region.plain_actions(signed, today)
        assert plain == PlainActions.of(region.action_index(), remedied, signed, today)
        # some are plain, and the corrected, corrections, followed-up, follow-ups and remedied ones are not
        linked = {i for e in region.action_index().entries for i in (e.id, e.supersedes, e.follows_up) if e.supersedes or e.follows_up}
        assert plain.ids and plain.tallies and plain.sections and plain.ids.isdisjoint(linked | remedied)
        assert {t.overdue for t in region.plain_actions(signed, TODAY).tallies} == {True}
    assert region.plain_actions([], TODAY) == PlainActions(frozenset(), [], [])


class _NothingPlain:
    """The store, with no inspection counted as plain: every action of the report derived one by one."""

    def __init__(self, store: RegisterStore) -> None:
        self._store = store

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    def plain_actions(self, inspection_ids: list[UUID], today: date) -> PlainActions:
        return PlainActions(frozenset(), [], [])


@pytest.mark.parametrize("today", [date(YEAR, 7, 1), TODAY])
def test_the_report_counts_plain_inspections_as_deriving_every_action_would(region: RegisterStore, today: date) -> None:
    derived: Any = _NothingPlain(region)
    for council in (None, ISSUER.council_name, OTHER.council_name):
        assert annual_report(region, YEAR, today=today, council=council) == annual_report(derived, YEAR, today=today, council=council)


def test_one_councils_report_lists_its_signed_inspections_alone(region: RegisterStore) -> None:
    whole = annual_report(region, YEAR, today=TODAY)
    other = annual_report(region, YEAR, today=TODAY, council=OTHER.council_name)
    first = annual_report(region, YEAR, today=TODAY, council=ISSUER.council_name)

    assert [line.number for line in other.inspections] == ["1/2023"] and other.council == OTHER.council_name
    assert other.drafts == [] and other.plan == [] and other.number_conflicts == [] and other.follow_ups == []
    assert {line.id for line in first.inspections} | {line.id for line in other.inspections} == {line.id for line in whole.inspections}
    assert first.drafts == [] and whole.drafts
    # the two councils' «1/2023» are a conflict only in the whole register's report, never in one council's
    assert "1/2023" in [c.number for c in whole.number_conflicts]
    assert "1/2023" not in [c.number for c in first.number_conflicts]
    assert first.follow_ups == whole.follow_ups and first.progress == whole.progress and first.found == whole.found


def test_report_council_on_the_command_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = tmp_path / "store"
    with Store.open(data) as store:
        laptop_a(store)
        _other_councils(store)
    base = ["--data-dir", str(data), "report", "annual", "--year", str(YEAR)]

    code, _, err = run(capsys, *base, "--out", str(tmp_path / "r.json"), "--council", "Неіснуюча рада")
    assert code == 1 and "Рада «Неіснуюча рада» не видавала жодної довідки" in err and OTHER.council_name in err
    assert not (tmp_path / "r.json").exists()
    code, _, err = run(capsys, *base, "--out", str(tmp_path / "r.json"), "--council", "Нова\nрада")
    assert code == 1 and "Рада «Нова\\u000aрада» не видавала" in err and err.count("\n") == 1  # a typed newline forges no line

    code, out, err = run(capsys, *base, "--out", str(tmp_path / "r.json"), "--council", OTHER.council_name)
    assert code == 0, err
    assert "Перевірок із підписаними довідками — 1, незавершених — 0" in out and "незавершені перевірки" in err and "план" not in err
