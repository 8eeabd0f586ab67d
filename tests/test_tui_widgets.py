"""The widgets the checklist and review screens are built of, each on its own.

The finding editor: typing is journalled at once and committed on blur, after the pause and when the key
changes; a draft survives switching keys; a refusal is shown beside the field it concerns; ``append``
behaves like typing. The shared ``Debounce``; the editor inside the checklist screen; the review's
certificate panel when writing or printing fails."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError
from textual.app import App, ComposeResult
from textual.message import Message
from textual.pilot import Pilot
from textual.widgets import Input, Static, TextArea
from tui_helpers import paste, test_app, type_text, wait_for

from inspect_tui.domain.inspection import OverrideNeedsReason, Status
from inspect_tui.i18n import t
from inspect_tui.i18n.errors import first_reason
from inspect_tui.printing import Outcome, PrintFailed
from inspect_tui.screens.checklist_run import ChecklistScreen
from inspect_tui.store import Store, StoreError
from inspect_tui.widgets import certificate_panel, finding_editor
from inspect_tui.widgets.certificate_panel import CertificatePanel
from inspect_tui.widgets.debounce import Debounce
from inspect_tui.widgets.finding_editor import EditorField, FindingEditor, Kind

FIELDS = [
    EditorField("note", "Примітка", Kind.TEXT),
    EditorField("documents", "Документи", Kind.LINES),
    EditorField("deadline", "Строк", Kind.DATE),
    EditorField("override_reason", "Підстава"),
]


class Journal:
    """The drafts journal in memory, with the same shape as ``UiJournal``."""

    def __init__(self) -> None:
        self.data: dict[str, dict[str, str]] = {}

    def drafts(self) -> dict[str, dict[str, str]]:
        return self.data

    def set_draft(self, item_id: str, field: str, text: str) -> None:
        self.data.setdefault(item_id, {})[field] = text

    def clear_drafts(self, item_id: str, fields: list[str]) -> None:
        item = self.data.get(item_id, {})
        for field in fields:
            item.pop(field, None)
        if not item:
            self.data.pop(item_id, None)


class Harness(App[None]):
    """Two findings, «a» and «b», saved in ``saved``; ``refuse`` makes the next saves raise."""

    def __init__(self, journal: Journal | None = None) -> None:
        super().__init__()
        self.journal = journal or Journal()
        self.saved: dict[str, dict[str, Any]] = {
            "a": {"note": "", "documents": [], "deadline": None, "override_reason": ""},
            "b": {"note": "Б", "documents": ["акт"], "deadline": date(2026, 12, 31), "override_reason": ""},
        }
        self.refuse: Exception | None = None
        self.saves: list[tuple[str, dict[str, Any]]] = []
        self.editor = FindingEditor(FIELDS, self.journal, self.saved.get, self.save)

    def save(self, key: str, changes: dict[str, Any]) -> None:
        if self.refuse is not None:
            raise self.refuse
        self.saves.append((key, changes))
        self.saved[key] = {**self.saved[key], **changes}

    def compose(self) -> ComposeResult:
        yield self.editor

    def on_mount(self) -> None:
        self.editor.show("a")


def run(scenario: Callable[[Harness, Pilot[Any]], Awaitable[None]], harness: Harness | None = None) -> Harness:
    app = harness or Harness()

    async def main() -> None:
        async with app.run_test(size=(80, 30)) as pilot:
            await scenario(app, pilot)

    asyncio.run(main())
    return app


def error(app: Harness, name: str) -> str:
    return str(app.editor.query_one(f"#field-{name} .field-error", Static).render())


def test_typing_is_journalled_at_once_and_committed_on_blur() -> None:
    async def scenario(app: Harness, pilot: Pilot[Any]) -> None:
        app.editor.focus_field("note")
        await type_text(pilot, "Акт")
        assert app.journal.data == {"a": {"note": "Акт"}} and app.saves == []
        await pilot.press("tab")  # to the next field: the note is committed
        assert app.saved["a"]["note"] == "Акт" and app.journal.data == {} and not app.editor.dirty

    run(scenario)


def test_the_pause_after_typing_commits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(finding_editor, "EDIT_PAUSE", 0.01)

    async def scenario(app: Harness, pilot: Pilot[Any]) -> None:
        app.editor.focus_field("note")
        await paste(pilot, "Журнал")
        await wait_for(pilot, lambda: app.saved["a"]["note"] == "Журнал")
        assert app.editor.has_focus_within and app.journal.data == {}  # still editing, nothing pending

    run(scenario)


def test_leaving_the_key_commits_and_shows_the_next_one() -> None:
    async def scenario(app: Harness, pilot: Pilot[Any]) -> None:
        app.editor.focus_field("documents")
        await paste(pilot, "наказ\n\n  звіт ")
        app.editor.show("b")
        assert app.saves == [("a", {"documents": ["наказ", "звіт"]})]
        assert app.editor.text("note") == "Б" and app.editor.text("deadline") == "31.12.2026"

    run(scenario)


def test_a_refused_draft_survives_switching_keys_and_says_why() -> None:
    async def scenario(app: Harness, pilot: Pilot[Any]) -> None:
        app.editor.focus_field("deadline")
        await paste(pilot, "31.02.2027")
        await pilot.press("enter")
        app.editor.show("b")  # the commit is refused: the text stays in the journal
        assert app.journal.data == {"a": {"deadline": "31.02.2027"}} and app.saves == []
        app.editor.show("a")
        assert app.editor.text("deadline") == "31.02.2027" and app.editor.dirty == {"deadline"}
        app.editor.flush()
        assert error(app, "deadline") == t("tui.form.bad_date", value="31.02.2027")

    run(scenario)


def _validation_error() -> ValidationError:
    try:
        TypeAdapter(int).validate_python("x")
    except ValidationError as exc:
        return exc
    raise AssertionError("validated")


@pytest.mark.parametrize(
    ("refusal", "field", "message"),
    [
        pytest.param(_validation_error(), "deadline", first_reason(_validation_error()), id="validation-on-the-date"),
        pytest.param(OverrideNeedsReason("a"), "override_reason", t("tui.override.required"), id="override"),
        pytest.param(StoreError("диск повний"), "note", t("tui.run.save_failed", reason="диск повний"), id="store"),
    ],
)
def test_a_refused_save_is_shown_beside_its_field_and_kept(refusal: Exception, field: str, message: str) -> None:
    async def scenario(app: Harness, pilot: Pilot[Any]) -> None:
        app.refuse = refusal
        app.editor.focus_field("note")
        await paste(pilot, "текст")
        app.editor.focus_field("deadline")
        await paste(pilot, "01.12.2026")
        app.editor.flush()
        assert error(app, field) == message
        assert app.journal.data == {"a": {"note": "текст", "deadline": "01.12.2026"}}
        app.refuse = None  # the cause went away: the next commit takes it all and clears the message
        app.editor.flush()
        assert app.saved["a"]["note"] == "текст" and app.saved["a"]["deadline"] == date(2026, 12, 1)
        assert app.journal.data == {}
        assert error(app, "note") == error(app, "deadline") == ""  # an error of a field not committed stays

    run(scenario)


def test_append_is_typing_on_a_line_of_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(finding_editor, "EDIT_PAUSE", 0.01)

    async def scenario(app: Harness, pilot: Pilot[Any]) -> None:
        app.editor.append("note", "«цитата»")
        assert app.journal.data == {"a": {"note": "«цитата»"}}
        await wait_for(pilot, lambda: app.saved["a"]["note"] == "«цитата»")
        app.editor.append("note", "ще")
        assert app.editor.query_one("#note", TextArea).text == "«цитата»\nще"
        await wait_for(pilot, lambda: app.saved["a"]["note"] == "«цитата»\nще")
        app.editor.append("override_reason", "одне")
        app.editor.append("override_reason", "два")
        assert app.editor.query_one("#override_reason", Input).value == "одне два"

    run(scenario)


def test_read_only_editors_journal_nothing() -> None:
    async def scenario(app: Harness, pilot: Pilot[Any]) -> None:
        app.editor.read_only = True
        assert app.editor.query_one("#note", TextArea).disabled
        app.editor.append("note", "ні")
        app.editor.flush()
        assert app.journal.data == {} and app.saves == [] and app.editor.text("note") == ""

    run(scenario)


def test_replay_commits_the_drafts_of_known_keys_only() -> None:
    journal = Journal()
    journal.data = {"a": {"note": "після збою"}, "_header": {"conclusion": "чужий"}, "b": {"deadline": "не дата"}}

    async def scenario(app: Harness, pilot: Pilot[Any]) -> None:
        app.saved.pop("_header", None)
        assert app.editor.replay() == 1
        assert app.saved["a"]["note"] == "після збою"
        assert journal.data == {"_header": {"conclusion": "чужий"}, "b": {"deadline": "не дата"}}

    run(scenario, Harness(journal))


def test_debounce_runs_once_after_the_last_poke() -> None:
    calls: list[int] = []

    async def scenario(app: Harness, pilot: Pilot[Any]) -> None:
        pause = Debounce(app, 0.01, lambda: calls.append(1))
        pause.poke()
        pause.poke()
        assert pause.pending
        await wait_for(pilot, lambda: not pause.pending)
        await pilot.pause(0.05)
        assert calls == [1]
        pause.poke()
        pause.cancel()
        await pilot.pause(0.05)
        assert calls == [1] and not pause.pending

    run(scenario)


def test_the_checklist_restores_text_typed_before_a_crash_and_says_so(demo_store: Store) -> None:
    draft = next(s for s in demo_store.list_summaries() if s.status is Status.DRAFT and s.number == "2/2026")
    inspection = demo_store.get_inspection(draft.id)
    item = inspection.checklist.items[0].id
    demo_store.write_file(f"ui/{draft.id}.json", f'{{"drafts": {{"{item}": {{"note": "Акт звірки"}}}}}}'.encode())

    async def scenario() -> None:
        app = test_app(demo_store)
        async with app.run_test(size=(100, 30)) as pilot:
            app.push_screen(ChecklistScreen(draft.id))
            await wait_for(pilot, lambda: isinstance(app.screen, ChecklistScreen))
            shown = lambda: [str(n.message) for n in app._notifications]  # noqa: E731, SLF001 - what the user was shown
            await wait_for(pilot, lambda: t("tui.run.restored", count=1) in shown())

    asyncio.run(scenario())
    assert demo_store.get_inspection(draft.id).findings[item].note == "Акт звірки"


# --- the review's certificate panel ----------------------------------------------------------------


class PanelApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.heard: list[Message] = []

    def compose(self) -> ComposeResult:
        yield CertificatePanel(id="certificate")

    def on_certificate_panel_failed(self, message: CertificatePanel.Failed) -> None:
        self.heard.append(message)

    def on_certificate_panel_printed(self, message: CertificatePanel.Printed) -> None:
        self.heard.append(message)


def test_a_certificate_that_cannot_be_written_says_where_and_why(demo_store: Store, tmp_path: Path) -> None:
    inspection = demo_store.get_inspection(demo_store.list_summaries()[0].id)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    out = blocker / "certificate.pdf"

    async def main() -> None:
        app = PanelApp()
        async with app.run_test() as pilot:
            panel = app.query_one(CertificatePanel)
            panel.render_certificate(inspection, demo_store.get_settings(), out, demo_store.read_evidence, demo_store.data_dir)
            await wait_for(pilot, lambda: bool(app.heard))
            (failed,) = app.heard
            assert isinstance(failed, CertificatePanel.Failed) and str(out) in failed.reason
            assert panel.display and str(panel.render()) == failed.reason and panel.path is None

    asyncio.run(main())
    assert not out.exists()


@pytest.mark.parametrize(
    ("outcome", "severity", "key"),
    [(Outcome.NOTHING, "warning", "tui.print.nothing"), (Outcome.OPENED, "information", "tui.print.opened"), (None, "error", "")],
)
def test_printing_reports_what_the_system_did(monkeypatch: pytest.MonkeyPatch, outcome: Outcome | None, severity: str, key: str) -> None:
    def fake_print(path: Path) -> Outcome:
        if outcome is None:
            raise PrintFailed("lp: немає принтера")
        return outcome

    monkeypatch.setattr(certificate_panel, "print_pdf", fake_print)
    pdf = Path("/tmp/1-2026-r1.pdf")

    async def main() -> None:
        app = PanelApp()
        async with app.run_test() as pilot:
            app.query_one(CertificatePanel).print_certificate(pdf)
            await wait_for(pilot, lambda: bool(app.heard))
            (printed,) = app.heard
            assert isinstance(printed, CertificatePanel.Printed) and printed.severity == severity
            expected = t(key, path=str(pdf)) if key else t("tui.print.failed", detail="lp: немає принтера")
            assert printed.text == expected

    asyncio.run(main())
