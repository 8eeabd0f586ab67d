"""Review and sign-off: counts, violations, signs of officials' breaches and shortcomings, what still
blocks signing; the act that ordered the inspection, the conclusion (with a generated draft);
certificate and printing (``CertificatePanel``).

A signed inspection is shown read-only with its sha256 and the head's objections received
after signing (attached with ``z``); a correction starts a new revision.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from uuid import UUID

from pydantic import ValidationError
from rich.markup import escape
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Static

from inspect_tui import services
from inspect_tui.answers import ANSWERS
from inspect_tui.certificate.conclusion import draft_conclusion
from inspect_tui.domain.inspection import (
    InspectionLocked,
    NoKind,
    SignOff,
    SignOffRefused,
    Status,
)
from inspect_tui.domain.numbering import NumberRefused
from inspect_tui.domain.revalidate import revalidate
from inspect_tui.domain.rules import Kind as EntityKind
from inspect_tui.i18n import get_language, t
from inspect_tui.i18n.errors import first_reason
from inspect_tui.screens.base import InspectionScreen
from inspect_tui.screens.dialogs import ConfirmDialog, LinesDialog
from inspect_tui.screens.files import SaveAsDialog
from inspect_tui.screens.review_dialogs import BasisDialog, NumberDialog, ObjectionDialog
from inspect_tui.screens.signoff import SignOffDialog
from inspect_tui.screens.ui_state import LastFolders
from inspect_tui.store import StoreError
from inspect_tui.sync.report import holder_line
from inspect_tui.widgets.cells import cell
from inspect_tui.widgets.certificate_panel import CertificatePanel, certificate_path
from inspect_tui.widgets.finding_editor import EditorField, FindingEditor, Kind
from inspect_tui.widgets.keys import any_layout
from inspect_tui.widgets.review_text import (
    addenda_text,
    basis_text,
    counts_text,
    held_text,
    noes_text,
    problem_line,
    problem_lines,
    short,
    state_text,
)

HEADER_DRAFT = "_header"  # the journal's key for the conclusion's drafts (beside the items' ids)


@dataclass
class NumberHeld(Message):
    """Other inspections holding this one's number, one line each (read off the UI thread)."""

    holders: list[str]


class ReviewScreen(InspectionScreen):
    BINDINGS = [
        Binding(any_layout("s"), "sign", "tui.keys.sign", id="sign"),
        Binding(any_layout("c"), "certificate", "tui.keys.certificate", id="review-certificate"),
        Binding(any_layout("p"), "print", "tui.keys.print", id="print"),
        Binding(any_layout("f"), "save_as", "tui.keys.save_as", id="certificate-save-as"),
        Binding(any_layout("o"), "conclusion", "tui.keys.conclusion", id="conclusion"),
        Binding(any_layout("g"), "draft", "tui.keys.draft_conclusion", id="draft-conclusion"),
        Binding(any_layout("b"), "basis", "tui.keys.basis", show=False, id="basis"),
        Binding(any_layout("n"), "number", "tui.keys.number", show=False, id="number"),
        Binding(any_layout("e"), "complete", "tui.keys.complete", show=False, id="complete"),
        Binding(any_layout("z"), "objection", "tui.keys.objection", id="objection"),
        Binding(any_layout("k"), "correct", "tui.keys.correct", id="correct"),
        Binding(any_layout("l"), "checklist", "tui.keys.checklist", id="checklist"),
        Binding("ctrl+e", "edit_header", "tui.keys.edit_header", show=False, id="review-edit-header"),
        Binding("escape", "leave", "tui.keys.back", id="review-back"),
    ]

    def __init__(self, inspection_id: UUID, *, render_now: bool = False) -> None:
        super().__init__(inspection_id)
        self.render_now = render_now
        self.held_by: list[str] = []  # other inspections with this number (a merge of laptops numbering offline)

    def compose(self) -> ComposeResult:
        self.load()
        yield from self.header()
        yield Static("", id="review-bar")
        self.panel = CertificatePanel(id="review-certificate")
        yield self.panel
        with VerticalScroll(id="review-body"):
            yield Static("", id="review-basis")
            yield Static("", id="review-counts")
            yield Static("", id="review-state")
            yield Static("", id="review-addenda")
            yield Static("", id="review-violations")
            yield Static("", id="review-signs")
            yield Static("", id="review-shortcomings")
            yield DataTable(id="review-sections", cursor_type="none", zebra_stripes=True)
            fields = [EditorField("conclusion", t("tui.review.conclusion"), Kind.TEXT)]
            self.editor = FindingEditor(fields, self.journal, self._stored, self._save, read_only=self.read_only)
            yield self.editor
        yield from self.footer()

    def on_mount(self) -> None:
        self.sub_title = t("tui.review.title")
        table = self.query_one("#review-sections", DataTable)
        table.add_column(t("tui.review.section"), key="section")
        for row in ANSWERS.values():
            table.add_column(row.mark, key=row.answer.value)
        self.editor.replay()
        self.editor.show(HEADER_DRAFT)
        self.refresh_view()
        self._check_number()
        self.query_one("#review-body").focus()
        if self.render_now:
            self.action_certificate()

    def on_screen_resume(self) -> None:
        if not self.reread():
            return
        self.refresh_view()
        self._check_number()

    @work(thread=True, exclusive=True, group="number", exit_on_error=False)
    def _check_number(self) -> None:
        self.post_message(NumberHeld([holder_line(h) for h in services.number_taken(self.store, self.inspection)]))

    def on_number_held(self, message: NumberHeld) -> None:
        self.held_by = message.holders
        self.query_one("#review-state", Static).update(self._state())

    # --- view ------------------------------------------------------------------------------------

    def refresh_view(self) -> None:
        ins = self.inspection
        lang = get_language()
        status = t(f"status.{ins.status.value}")
        revision = t("tui.review.revision", revision=ins.revision) if ins.revision > 1 else ""
        self.query_one("#review-bar", Static).update(
            t("tui.review.bar", number=ins.number, enterprise=ins.enterprise.short_name, status=status) + revision
        )
        self.query_one("#review-counts", Static).update(counts_text(ins))
        table = self.query_one("#review-sections", DataTable)
        table.clear()
        for section in ins.checklist.sections:
            per = ins.counts(i.id for i in section.items)
            table.add_row(cell(short(section.title.get(lang), 36)), *(str(per[a]) if per[a] else "·" for a in ANSWERS))
        noes = ins.noes()
        for kind, name in ((NoKind.VIOLATION, "violations"), (NoKind.SIGNS, "signs"), (NoKind.SHORTCOMING, "shortcomings")):
            widget = self.query_one(f"#review-{name}", Static)
            items = [i for i, k in noes if k is kind]
            widget.update(noes_text(ins, name, kind, items))
            widget.display = bool(items) or kind is not NoKind.SIGNS
        self.query_one("#review-basis", Static).update(basis_text(ins.basis))
        self.query_one("#review-state", Static).update(self._state())
        addenda = self.query_one("#review-addenda", Static)
        addenda.update(addenda_text(ins))
        addenda.display = bool(ins.addenda)
        if not self.editor.dirty:
            self.editor.set_value("conclusion", ins.conclusion)
        self.panel.show_path()

    # --- conclusion ------------------------------------------------------------------------------

    def _stored(self, key: str) -> dict[str, str] | None:
        return {"conclusion": self.inspection.conclusion} if key == HEADER_DRAFT else None

    def _save(self, key: str, changes: dict[str, str]) -> None:
        """The editor's commit: the refusals are its to show (``FindingEditor``)."""
        self.inspection = services.update_header(self.store, self.inspection, now=self.inspect_app.now(), **changes)

    def _state(self) -> Text:
        """Who else holds this number (when anyone does), then the sign-off: done, or what still blocks it."""
        state = state_text(self.inspection, self.inspect_app.settings.issuer())
        if not self.held_by:
            return state
        text = held_text(self.inspection, self.held_by)
        text.append_text(state)
        return text

    # --- actions ---------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        inspection = getattr(self, "inspection", None)
        if inspection is None:
            return True
        signed = inspection.status is Status.SIGNED
        if action in ("sign", "conclusion", "draft", "basis", "number") and signed:
            return False  # never again for this inspection: hidden, not greyed
        if action == "number" and inspection.supersedes is not None:
            return False  # a correction keeps the number of the certificate it corrects
        if action in ("correct", "objection") and not signed:
            return False
        if action == "print" and self.certificate is None:
            return None
        return True

    def action_conclusion(self) -> None:
        self.editor.focus_field("conclusion")

    def action_draft(self) -> None:
        """Fill the conclusion with a draft from the findings (asking before replacing typed text), then edit it."""
        self.flush_edits()
        draft = draft_conclusion(self.inspection)

        def fill(yes: bool | None = True) -> None:
            if not yes:
                return
            self.editor.commit(HEADER_DRAFT, {"conclusion": draft})
            self.editor.set_value("conclusion", self.inspection.conclusion)
            self.refresh_view()
            self.editor.focus_field("conclusion", at_end=True)

        if not self.inspection.conclusion.strip() or self.inspection.conclusion == draft:
            fill()
        else:
            self.app.push_screen(ConfirmDialog(t("tui.review.draft_replace")), fill)

    def action_basis(self) -> None:
        self.flush_edits()

        def attempt(values: dict[str, str]) -> str | None:
            try:  # validated, not copied in: a pasted act longer than the bound is refused here, not stored
                basis = revalidate(self.inspection.basis, **values)
                self.inspection = services.update_header(self.store, self.inspection, now=self.inspect_app.now(), basis=basis)
            except ValidationError as exc:
                return first_reason(exc)
            except InspectionLocked:
                return t("tui.review.already_signed")
            except StoreError as exc:  # a full disk: the dialog stays open with what was typed
                return str(exc)
            return None

        company = self.inspection.enterprise.kind is EntityKind.COMPANY
        self.app.push_screen(BasisDialog(self.inspection.basis, attempt, company=company), lambda _: self.refresh_view())

    def action_number(self) -> None:
        """Change the number of an unsigned inspection (after a merge brought another with the same one)."""
        self.flush_edits()
        ins = self.inspection
        try:
            held_by = [holder_line(h) for h in services.number_taken(self.store, ins)]
            free = services.next_number(self.store, ins.start_date.year)
        except StoreError as exc:
            self.store_failed(exc)
            return

        def attempt(number: str) -> str | None:
            try:
                self.inspection = services.renumber(self.store, self.inspection_id, number, now=self.inspect_app.now())
            except NumberRefused as exc:
                return t(f"numbering.refused.{exc.code}", **exc.params)
            except ValidationError as exc:
                return first_reason(exc)
            except (InspectionLocked, StoreError) as exc:
                return str(exc)
            return None

        def done(number: str | None) -> None:
            self.refresh_view()
            self._check_number()
            if number is not None and self.inspection.number != ins.number:
                self.notify(t("numbering.renumbered", old=ins.number, new=self.inspection.number,
                              enterprise=ins.enterprise.short_name, id=str(ins.id)))

        self.app.push_screen(NumberDialog(ins.number, ins.start_date.year, free, held_by, attempt), done)

    def action_objection(self) -> None:
        """Attach the head's written objections received after signing (the signed certificate stays as it was)."""

        def attempt(received_on: date, text: str) -> str | None:
            try:
                self.inspection = services.attach_objection(
                    self.store, self.inspection, received_on=received_on, text=text, now=self.inspect_app.now()
                )
            except ValidationError as exc:
                return first_reason(exc)
            except (ValueError, StoreError) as exc:
                return str(exc)
            return None

        def done(result: tuple[date, str] | None) -> None:
            if result is not None:
                self.refresh_view()
                self.notify(t("tui.objection.attached"))

        self.app.push_screen(ObjectionDialog(self.inspection.number, self.inspect_app.today(), attempt), done)

    def action_checklist(self) -> None:
        from inspect_tui.screens.checklist_run import ChecklistScreen

        self.open_sibling(ChecklistScreen, replace=True)

    def action_leave(self) -> None:
        if self.editor.has_focus_within:
            self.flush_edits()
            self.query_one("#review-body").focus()
            return
        self.flush_edits()
        self.dismiss()

    def action_sign(self) -> None:
        self.flush_edits()
        if self.read_only:
            self.notify(t("tui.review.already_signed"), severity="warning")
            return
        problems = problem_lines(self.inspection, self.inspect_app.settings.issuer())
        if problems:
            self.app.push_screen(LinesDialog(t("tui.review.refused_title", count=len(problems)), problems))
            return
        app = self.inspect_app
        dialog = SignOffDialog(self.inspection, app.today(), app.now(), self._attempt_sign, app.settings.issuer())
        try:
            taken = services.number_taken(self.store, self.inspection)
        except StoreError as exc:
            self.store_failed(exc)
            return
        if not taken:
            self.app.push_screen(dialog, self._signed)
            return
        holders = "; ".join(f"{h.enterprise} ({t(f'status.{h.status.value}')})" for h in taken)
        question = t("numbering.taken_warning", number=self.inspection.number, holders=holders)

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.app.push_screen(dialog, self._signed)

        self.app.push_screen(ConfirmDialog(escape(question)), confirmed)

    def action_complete(self) -> None:
        """Mark the inspection completed: everything answered and explained, waiting for the signatures."""
        self.flush_edits()
        if self.read_only:
            self.notify(t("tui.review.already_signed"), severity="warning")
            return
        problems = problem_lines(self.inspection, None)
        if problems:
            self.app.push_screen(LinesDialog(t("tui.review.refused_title", count=len(problems)), problems))
            return
        try:
            self.inspection = services.complete(self.store, self.inspection, now=self.inspect_app.now())
        except StoreError as exc:
            self.store_failed(exc)
            return
        self.notify(t("tui.review.completed"))
        self.refresh_view()

    def _attempt_sign(self, signoff: SignOff) -> str | None:
        try:
            self.inspection = services.sign_off(self.store, self.inspection, signoff, now=self.inspect_app.now())
        except SignOffRefused as exc:
            reasons = "; ".join(problem_line(self.inspection, p) for p in exc.problems)
            return f"{t('tui.review.refused_title', count=len(exc.problems))}: {reasons}"
        except ValidationError as exc:
            return first_reason(exc)
        except InspectionLocked:
            return t("tui.review.already_signed")
        except StoreError as exc:
            return str(exc)
        return None

    def _signed(self, result: SignOff | None) -> None:
        if result is None:
            return
        self.editor.read_only = True
        self.refresh_view()
        self.refresh_bindings()
        self.notify(t("tui.review.signed_note", sha=self.inspection.sha256 or ""))

    def action_correct(self) -> None:
        def done(yes: bool | None) -> None:
            if not yes:
                return
            try:
                revision = services.correct(self.store, self.inspection, now=self.inspect_app.now())
            except StoreError as exc:
                self.store_failed(exc)
                return
            from inspect_tui.screens.checklist_run import ChecklistScreen

            self.notify(t("tui.review.corrected", revision=revision.revision))
            self.open_inspection(ChecklistScreen(revision.id), replace=True)

        self.app.push_screen(ConfirmDialog(t("tui.review.correct_question", number=escape(self.inspection.number))), done)

    # --- certificate ---------------------------------------------------------------------------

    @property
    def certificate(self) -> Path | None:
        """The certificate rendered on this screen, if any."""
        panel = getattr(self, "panel", None)  # asked (check_action) before compose too
        return panel.path if panel is not None else None

    def action_certificate(self) -> None:
        self.flush_edits()
        out = certificate_path(self.store.data_dir, self.inspection)
        self.panel.render_certificate(self.inspection, self.inspect_app.settings, out, self.store.read_evidence, self.store.data_dir)

    def action_save_as(self) -> None:
        """«Зберегти як…»: the certificate written where the officer chooses (a USB stick), never into the data dir."""
        self.flush_edits()
        inspection = self.inspection

        def chosen(path: Path | None) -> None:
            if path is not None:
                self.panel.render_certificate(inspection, self.inspect_app.settings, path, self.store.read_evidence, self.store.data_dir)

        name = certificate_path(self.store.data_dir, inspection).name
        folders = LastFolders(self.store)
        self.app.push_screen(SaveAsDialog(t("files.certificate_title"), folders, "certificates", name=name, data_dir=self.store.data_dir), chosen)

    def on_certificate_panel_ready(self, message: CertificatePanel.Ready) -> None:
        self.refresh_bindings()
        self.notify(t("tui.review.certificate_at", path=str(message.path)))

    def on_certificate_panel_failed(self, message: CertificatePanel.Failed) -> None:
        self.notify(message.reason, severity="error")

    def action_print(self) -> None:
        if self.certificate is None:
            self.notify(t("tui.review.render_first"), severity="warning")
            return
        self.panel.print_certificate(self.certificate)

    def on_certificate_panel_printed(self, message: CertificatePanel.Printed) -> None:
        self.notify(message.text, severity=message.severity, timeout=10)
