"""Answers: the «Ні» renamed in code keeps its stored value, so stored and signed inspections do not change.

``data/signed-demo.json`` is the demo's signed inspection (over the fixed snapshot checklist)
as written before ``Answer.NO`` became ``Answer.NO``; it holds «Ні» answers.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tui_helpers import fixed_checklist

from inspect_tui.demo import install_demo
from inspect_tui.domain.inspection import Answer, Inspection
from inspect_tui.store import Store

DATA = Path(__file__).parent / "data"
SIGNED_DEMO = json.loads((DATA / "signed-demo.json").read_text("utf-8"))
SIGNED_1X = json.loads((DATA / "signed-1.x.json").read_text("utf-8"))


def test_a_no_is_stored_as_it_always_was() -> None:
    assert Answer.NO.value == "violation"
    assert Answer("violation") is Answer.NO


def test_a_signed_inspection_with_noes_loads_and_verifies_unchanged() -> None:
    inspection = Inspection.model_validate(SIGNED_DEMO)
    assert any(f.answer is Answer.NO for f in inspection.findings.values())
    assert inspection.integrity_problems() == []
    assert inspection.content_hash() == SIGNED_DEMO["sha256"]
    assert inspection.model_dump(mode="json") == SIGNED_DEMO  # written back byte for byte the same


@pytest.mark.parametrize("raw", SIGNED_1X, ids=["procurement-flag", "health-city", "health-village"])
def test_inspections_of_the_first_release_keep_their_answers(raw: dict) -> None:
    inspection = Inspection.model_validate(raw)
    assert inspection.integrity_problems() == []
    assert {k: f.answer.value for k, f in inspection.findings.items()} == {k: f["answer"] for k, f in raw["findings"].items()}


def test_the_demo_stores_a_no_as_violation_and_verifies(store: Store) -> None:
    signed = next(i for i in install_demo(store, fixed_checklist()) if i.sha256)
    stored = store.get_inspection(signed.id)
    assert stored.integrity_problems() == []
    raw = stored.model_dump(mode="json")
    assert "violation" in {f["answer"] for f in raw["findings"].values()}
