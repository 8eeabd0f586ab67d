"""Answers: one table (``answers.ANSWERS``) for how each looks and behaves, and the «Ні» renamed in code
keeps its stored value, so stored and signed inspections do not change.

``data/signed-demo.json`` is the demo's signed inspection (over the fixed snapshot checklist)
as written before ``Answer.NO`` became ``Answer.NO``; it holds «Ні» answers.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import replace
from pathlib import Path

import pytest
from textual.binding import Binding
from textual.widgets import DataTable, Tree
from tui_helpers import fixed_checklist, open_checklist, test_app, wait_for

from inspect_tui.answers import ANSWERS, Then, in_act_order
from inspect_tui.certificate.facts import result_columns
from inspect_tui.checklist_text import format_checklist
from inspect_tui.demo import install_demo
from inspect_tui.domain.inspection import Answer, Inspection
from inspect_tui.i18n import LANGUAGES, catalog
from inspect_tui.screens.checklist_run import ChecklistScreen
from inspect_tui.screens.review import ReviewScreen
from inspect_tui.store import Store
from inspect_tui.widgets.keys import any_layout

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
    # written back the same, but for a field added since with its default (not hashed: exclude_defaults)
    assert inspection.model_dump(mode="json", exclude={"basis": {"company_power"}}) == SIGNED_DEMO


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


# --- the answer table ----------------------------------------------------------------------------


def test_every_answer_has_exactly_one_row_in_the_order_of_the_enum() -> None:
    """A value added to ``Answer`` without a row in ``answers.ANSWERS`` fails here."""
    assert list(ANSWERS) == list(Answer)
    assert all(row.answer is answer for answer, row in ANSWERS.items())
    for field in ("mark", "key", "binding_id"):
        values = [getattr(row, field) for row in ANSWERS.values()]
        assert len(set(values)) == len(values), field


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_answer_and_its_key_are_named_in_every_language(lang: str) -> None:
    for row in ANSWERS.values():
        assert catalog(lang)[row.label_key]
        assert catalog(lang)[row.key_help]


def test_the_checklist_screen_binds_one_key_per_row_in_the_order_of_the_acts() -> None:
    bound = [b for b in ChecklistScreen.BINDINGS if isinstance(b, Binding) and b.action.startswith("answer(")]
    assert [(b.key, b.action, b.description, b.show, b.id) for b in bound] == [
        (any_layout(r.key), f"answer('{r.answer.value}')", r.key_help, r.key_shown, r.binding_id) for r in in_act_order()
    ]
    assert [r.answer for r in in_act_order()][:4] == [Answer.COMPLIES, Answer.NO, Answer.NOT_APPLICABLE, Answer.NOT_EXAMINED]


def test_what_follows_an_answer() -> None:
    assert {a: r.then for a, r in ANSWERS.items()} == {
        Answer.UNANSWERED: Then.STAY, Answer.COMPLIES: Then.ADVANCE, Answer.NO: Then.NOTE,
        Answer.NOT_APPLICABLE: Then.ADVANCE, Answer.NOT_EXAMINED: Then.ADVANCE,
    }


def test_the_certificate_and_checklists_show_take_their_answers_from_the_table(monkeypatch: pytest.MonkeyPatch) -> None:
    counts = dict.fromkeys(Answer, 0)
    assert [r.answer for r in result_columns(counts)] == [Answer.COMPLIES, Answer.NO, Answer.NOT_APPLICABLE, Answer.NOT_EXAMINED]
    assert result_columns({**counts, Answer.UNANSWERED: 1})[-1].answer is Answer.UNANSWERED
    listed = " · ".join(catalog("uk")[r.label_key] for r in in_act_order() if r.official)
    assert listed in format_checklist(fixed_checklist(), "uk")

    monkeypatch.setitem(ANSWERS, Answer.NOT_EXAMINED, replace(ANSWERS[Answer.NOT_EXAMINED], official=False))
    assert Answer.NOT_EXAMINED not in [r.answer for r in result_columns(counts)]
    shown = format_checklist(fixed_checklist(), "uk")
    assert "Так · Ні · Не застосовується" in shown
    assert listed not in shown


def test_the_tree_and_the_review_show_the_marks_of_the_table(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    marks = dict(zip(Answer, "①②③④⑤", strict=True))
    for answer, mark in marks.items():
        monkeypatch.setitem(ANSWERS, answer, replace(ANSWERS[answer], mark=mark))
    in_progress = next(i for i in install_demo(store, fixed_checklist()) if i.number == "2/2026")
    shown = {f.answer for f in in_progress.findings.values()}

    async def main() -> None:
        app = test_app(store)
        async with app.run_test(size=(120, 40)) as pilot:
            tree = (await open_checklist(app, pilot, in_progress.id)).query_one("#items", Tree)
            leaves = [str(node.label)[0] for node in tree.root.children for node in node.children]
            assert {marks[a] for a in shown} <= set(leaves) <= set(marks.values())
            app.push_screen(ReviewScreen(in_progress.id))
            await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen) and bool(app.screen.query("#review-sections")))
            columns = [str(c.label) for c in app.screen.query_one("#review-sections", DataTable).columns.values()]
            assert columns[1:] == list(marks.values())

    asyncio.run(main())
