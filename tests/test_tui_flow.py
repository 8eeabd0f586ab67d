"""A whole inspection driven by key presses: create (with the act), answer everything, a violation, a drafted
conclusion, sign, certificate."""

from __future__ import annotations

import asyncio
import re
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from textual.widgets import Input, Select, TextArea
from tui_helpers import choose, test_app, type_text, wait_for

from inspect_tui.certificate.conclusion import draft_conclusion
from inspect_tui.demo import DEMO_CHECKLIST, demo_enterprises
from inspect_tui.domain.inspection import Answer, Status
from inspect_tui.screens.checklist_run import ChecklistScreen
from inspect_tui.screens.new_inspection import NewInspectionScreen
from inspect_tui.screens.review import ReviewScreen
from inspect_tui.screens.signoff import SignOffDialog
from inspect_tui.store import Store

NOTE = "Порядок не затверджено"
RECOMMENDATION = "Затвердити порядок"


@pytest.mark.backends
def test_complete_inspection_end_to_end(demo_store: Store) -> None:
    asyncio.run(_complete_inspection(demo_store))


async def _complete_inspection(demo_store: Store) -> None:
    enterprise = demo_enterprises()[0]  # МКП «ПОКРОВВОДОКАНАЛ»
    before = {s.id for s in demo_store.list_summaries()}
    app = test_app(demo_store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, NewInspectionScreen))
        screen = app.screen
        await choose(pilot, screen.query_one("#enterprise", Select), enterprise.edrpou)
        await choose(pilot, screen.query_one("#checklist", Select), DEMO_CHECKLIST)
        screen.query_one("#order_number", Input).focus()
        await type_text(pilot, "77-од")
        screen.query_one("#end_date", Input).value = "24.11.2026"  # a draft may have none, signing needs it
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ChecklistScreen))

        run = app.screen
        assert isinstance(run, ChecklistScreen)
        (created,) = {s.id for s in demo_store.list_summaries()} - before
        first = run.current
        # a violation: n, then the note editor has the focus
        await pilot.press("n")
        assert isinstance(app.focused, TextArea) and app.focused.id == "note"
        await type_text(pilot, NOTE)
        await pilot.press("escape", "r")
        await type_text(pilot, RECOMMENDATION)
        await pilot.press("escape", "t")
        await type_text(pilot, "31.03.2027")
        await pilot.press("enter", "escape")  # enter saves the date and stays in it; escape leaves the field
        # every other item: complies (items excluded by a rule keep their N/A)
        for _ in range(400):
            if run.inspection.findings[run.current].answer is Answer.UNANSWERED:
                await pilot.press("y")
            elif run._step(1, unanswered=True) is None:  # noqa: SLF001 - nothing left to answer
                break
            else:
                await pilot.press("right_square_bracket")
        await pilot.press("v")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen))
        # the conclusion: a draft from the findings, then back from its editor
        await pilot.press("g")
        assert isinstance(app.focused, TextArea) and app.focused.id == "conclusion"
        await pilot.press("escape")
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(app.screen, SignOffDialog))
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen))
        review = app.screen
        assert isinstance(review, ReviewScreen)

        stored = demo_store.get_inspection(created)
        assert stored.status is Status.SIGNED and stored.sha256 == stored.content_hash()
        violation = stored.findings[first]
        assert violation.answer is Answer.NO
        assert (violation.note, violation.recommendation, violation.deadline) == (NOTE, RECOMMENDATION, date(2027, 3, 31))
        assert stored.counts()[Answer.UNANSWERED] == 0
        assert stored.signoff is not None and stored.signoff.head.name == enterprise.head_name
        assert stored.conclusion == draft_conclusion(stored) and "виявлено" in stored.conclusion
        assert (stored.basis.act, stored.basis.title) == ("розпорядження міського голови", "Про проведення перевірки")
        assert stored.signoff.issuer is not None and stored.signoff.issuer.council_name == demo_store.get_settings().council_name

        await pilot.press("c")
        await wait_for(pilot, lambda: review.certificate is not None)
        pdf = review.certificate
        assert pdf is not None and pdf.exists() and pdf.parent == demo_store.data_dir / "certificates"
    text = re.sub(r"\s+", " ", "".join(page.extract_text() for page in PdfReader(Path(pdf)).pages))
    assert "ПОКРОВВОДОКАНАЛ" in text
    assert stored.sha256 in text.replace(" ", "")
