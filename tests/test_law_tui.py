"""The Law in the TUI: the start-up notice, the cited norms' text from the checklist screen, a quote into a note."""

from __future__ import annotations

import asyncio
from pathlib import Path

from law_render import reworded
from tui_helpers import open_checklist, test_app, type_text, wait_for

from inspect_tui.law.store import BUNDLED, dumps, read_text
from inspect_tui.store import Store


def _notices(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(n.message) for n in app._notifications]  # noqa: SLF001 - what the user was shown


def _start(store: Store) -> list[str]:
    async def run() -> list[str]:
        app = test_app(store)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
            return _notices(app)

    return asyncio.run(run())


def test_no_notice_while_the_checklists_are_reviewed_against_the_text_in_force(store: Store) -> None:
    assert not [n for n in _start(store) if "Закону" in n]


def test_the_app_tells_when_the_law_is_newer_than_a_checklists_review(store: Store, data_dir: Path) -> None:
    law = reworded(read_text(BUNDLED), "61", "2", "Інший текст.")
    newer = law.model_validate({**law.model_dump(mode="json"), "edition": "2026-06-01"})
    (data_dir / "law").mkdir()
    (data_dir / "law" / "1700-VII-2026-06-01.json").write_text(dumps(newer), "utf-8")
    [notice] = [n for n in _start(store) if "Закону" in n]
    assert "Текст Закону станом на 01.06.2026 новіший за звірку переліків" in notice
    assert "communal-enterprise-1700 (звірено з текстом станом на 22.02.2026)" in notice
    assert "inspect-tui checklists check-law" in notice


def test_the_cited_norm_opens_from_the_checklist_and_is_quoted_into_the_note(store: Store, checklist) -> None:  # type: ignore[no-untyped-def]
    from textual.widgets import Static, TextArea

    from inspect_tui.demo import VIOLATION_ITEM, install_demo
    from inspect_tui.domain.inspection import Answer
    from inspect_tui.screens.checklist_run import ChecklistScreen
    from inspect_tui.screens.law import LawDialog

    in_progress = next(i for i in install_demo(store, checklist) if i.number == "2/2026")
    assert in_progress.findings[VIOLATION_ITEM].answer is Answer.NO
    note_before = in_progress.findings[VIOLATION_ITEM].note

    async def main() -> None:
        app = test_app(store)
        async with app.run_test(size=(120, 40)) as pilot:
            run = await open_checklist(app, pilot, in_progress.id)
            await pilot.press("g")
            await type_text(pilot, run.numbers[VIOLATION_ITEM])
            await pilot.press("enter")
            await wait_for(pilot, lambda: run.current == VIOLATION_ITEM)
            await pilot.press("l")  # the norm, read where the inspector is
            await wait_for(pilot, lambda: isinstance(app.screen, LawDialog))
            shown = str(app.screen.query_one("#law-text Static", Static).render())
            assert "ч. 2 ст. 61 Закону" in shown and "Стаття 61. Загальні засади" in shown
            assert "забезпечують регулярну оцінку корупційних ризиків" in shown
            await pilot.press("pagedown", "q")  # scrolls, then quotes into the note
            await wait_for(pilot, lambda: app.screen is run)
            note = run.query_one("#note", TextArea).text
            assert note.startswith(note_before) and note.endswith("аудиту.»")
            assert "ч. 2 ст. 61 Закону: «2. Керівник, засновники (учасники) юридичної особи забезпечують регулярну оцінку" in note
            await pilot.press("ctrl+s")
            await wait_for(pilot, lambda: "ч. 2 ст. 61 Закону: «2." in store.get_inspection(in_progress.id).findings[VIOLATION_ITEM].note)
            # an answer that is not a «Ні» has nothing to quote: the note stays as it is
            await pilot.press("right_square_bracket")
            await wait_for(pilot, lambda: run.current != VIOLATION_ITEM)
            other = run.current
            await pilot.press("q")
            await pilot.pause()
            assert "Цитата норми додається" in " ".join(str(n.message) for n in app._notifications)  # noqa: SLF001
            assert store.get_inspection(in_progress.id).findings[other].note == in_progress.findings[other].note

    asyncio.run(main())
