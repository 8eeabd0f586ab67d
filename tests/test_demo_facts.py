"""The demo's signed inspection tells one story: a deputy's contract with his brother's company.

It used to print that story in part 6.2 while confirming, in 3.3, 3.4 and 8.5, that the same
official refrained from acting under the conflict, settled it, and that unlawful acts were revoked.
"""

from __future__ import annotations

import pytest

from inspect_tui.demo import COI_ITEMS, DEMO_CHECKLIST, FACTS, SIGNS_ITEM
from inspect_tui.domain.checklist import Holder
from inspect_tui.domain.inspection import Answer, Inspection, NoKind, Status, sealed_problems, signoff_problems
from inspect_tui.store import Store

pytestmark = pytest.mark.backends


def _signed(store: Store) -> Inspection:
    return next(store.get_inspection(s.id) for s in store.list_summaries() if s.status is Status.SIGNED)


def test_the_conflict_of_interests_is_signs_of_an_officials_breach_in_every_item_it_touches(demo_store: Store) -> None:
    signed = _signed(demo_store)
    for item_id in (SIGNS_ITEM, *COI_ITEMS):
        item, finding = signed.checklist.item(item_id), signed.findings[item_id]
        assert finding.answer is Answer.NO and item.duty_holder is Holder.OFFICIAL
        assert signed.no_kind(item) is NoKind.SIGNS
        assert finding.note and finding.recommendation and finding.deadline and finding.notice_number
        assert "12.09.2025 № 45" in finding.note
    assert signed.findings["unlawful-acts-revoked"].answer is not Answer.COMPLIES


def test_every_demo_fact_is_recorded_as_written_on_a_current_item(demo_store: Store) -> None:
    signed = _signed(demo_store)
    assert signed.checklist.id == DEMO_CHECKLIST
    assert set(FACTS) <= set(signed.findings), "the demo names an item the checklist no longer has"
    for item_id, facts in FACTS.items():
        finding = signed.findings[item_id]
        assert (finding.answer, finding.note) == (facts["answer"], facts.get("note", ""))


def test_the_demo_stays_signable_and_cites_no_methodology_as_binding(demo_store: Store) -> None:
    signed = _signed(demo_store)
    assert signoff_problems(signed) == [] and sealed_problems(signed) == []
    for finding in signed.findings.values():
        assert "830/21" not in finding.recommendation and "Методологі" not in finding.recommendation
