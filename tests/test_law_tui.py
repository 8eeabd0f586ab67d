"""The Law in the TUI: the start-up notice, the cited norms' text from the checklist screen, a quote into a note."""

from __future__ import annotations

import asyncio
from pathlib import Path

from law_render import reworded
from tui_helpers import test_app, wait_for

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
