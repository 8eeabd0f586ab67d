"""Review and sign-off: counts, violations, signs of officials' breaches and shortcomings, what still
blocks signing; the act that ordered the inspection, the conclusion (with a generated draft);
certificate and printing.

A signed inspection is shown read-only with its sha256 and the head's objections received
after signing (attached with ``z``); a correction starts a new revision. The certificate is
rendered (and printed) in worker threads.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from uuid import UUID

from pydantic import ValidationError
from rich.markup import escape
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.timer import Timer
from textual.widgets import DataTable, Static, TextArea

from inspect_tui import services
from inspect_tui.answers import ANSWERS
from inspect_tui.certificate.conclusion import draft_conclusion
from inspect_tui.domain.checklist import Item
from inspect_tui.domain.inspection import (
    Inspection,
    InspectionLocked,
    NoKind,
    Problem,
    SignOff,
    SignOffRefused,
    Status,
    signoff_problems,
)
from inspect_tui.domain.numbering import NumberRefused
from inspect_tui.domain.settings import Issuer, Settings
from inspect_tui.i18n import get_language, t
from inspect_tui.i18n.errors import first_reason
from inspect_tui.screens.base import AppScreen
from inspect_tui.screens.dialogs import ConfirmDialog, LinesDialog
from inspect_tui.screens.printing import Outcome, PrintFailed, print_pdf
from inspect_tui.screens.review_dialogs import BasisDialog, NumberDialog, ObjectionDialog
from inspect_tui.screens.signoff import SignOffDialog
from inspect_tui.screens.ui_state import UiJournal
from inspect_tui.store import StoreError
from inspect_tui.sync.report import holder_line
from inspect_tui.widgets.basis import SIGNS_STYLE, no_style, refs_line
from inspect_tui.widgets.forms import EDIT_PAUSE, format_date
from inspect_tui.widgets.keys import any_layout

HEADER_DRAFT = "_header"  # journal key for header text (the conclusion)


class CertificateReady(Message):
    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path


class CertificateFailed(Message):
    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class NumberHeld(Message):
    """Other inspections holding this one's number, one line each (read off the UI thread)."""

    def __init__(self, holders: list[str]) -> None:
        super().__init__()
        self.holders = holders


class PrintDone(Message):
    def __init__(self, text: str, severity: str = "information") -> None:
        super().__init__()
        self.text = text
        self.severity = severity


def certificate_path(data_dir: Path, inspection: Inspection) -> Path:
    """Where an inspection's certificate is written: ``<data dir>/certificates/<number>-r<rev>[-draft].pdf``."""
    safe = re.sub(r"[^0-9A-Za-zА-Яа-яІіЇїЄєҐґ_-]+", "-", inspection.number).strip("-") or "inspection"
    draft = "" if inspection.status is Status.SIGNED else "-draft"
    return data_dir / "certificates" / f"{safe}-r{inspection.revision}{draft}.pdf"


def problem_lines(inspection: Inspection, issuer: Issuer | None = None) -> list[str]:
    """Why sign-off is refused, one line per problem, naming the item by number and question.

    With ``issuer`` (the settings' council and unit) a missing header is listed first.
    """
    header = [Problem(code=f"no_{name}") for name in issuer.missing()] if issuer is not None else []
    return [problem_line(inspection, p) for p in header + signoff_problems(inspection)]


def problem_line(inspection: Inspection, problem: Problem) -> str:
    """One refusal in words; a «Ні» is named as what it states (violation, signs, shortcoming)."""
    if problem.item_id is None:
        return t(f"tui.problem.{problem.code}")
    item = inspection.checklist.item(problem.item_id)
    kind = inspection.no_kind(item)
    code = problem.code.replace("violation_", f"{kind.value}_") if kind is not NoKind.VIOLATION else problem.code
    number = inspection.checklist.item_numbers()[problem.item_id]
    return f"{number} {_short(item.question.get(get_language()))}: {t(f'tui.problem.{code}')}"


def _short(text: str, width: int = 48) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


class ReviewScreen(AppScreen):
    BINDINGS = [
        Binding(any_layout("s"), "sign", "tui.keys.sign", id="sign"),
        Binding(any_layout("c"), "certificate", "tui.keys.certificate", id="review-certificate"),
        Binding(any_layout("p"), "print", "tui.keys.print", id="print"),
        Binding(any_layout("o"), "conclusion", "tui.keys.conclusion", id="conclusion"),
        Binding(any_layout("g"), "draft", "tui.keys.draft_conclusion", id="draft-conclusion"),
        Binding(any_layout("b"), "basis", "tui.keys.basis", show=False, id="basis"),
        Binding(any_layout("n"), "number", "tui.keys.number", show=False, id="number"),
        Binding(any_layout("e"), "complete", "tui.keys.complete", show=False, id="complete"),
        Binding(any_layout("z"), "objection", "tui.keys.objection", id="objection"),
        Binding(any_layout("k"), "correct", "tui.keys.correct", id="correct"),
        Binding(any_layout("l"), "checklist", "tui.keys.checklist", id="checklist"),
        Binding("escape", "leave", "tui.keys.back", id="review-back"),
    ]

    def __init__(self, inspection_id: UUID, *, render_now: bool = False) -> None:
        super().__init__()
        self.inspection_id = inspection_id
        self.render_now = render_now
        self.inspection: Inspection
        self.certificate: Path | None = None
        self._pause: Timer | None = None
        self.journal: UiJournal
        self.held_by: list[str] = []  # other inspections with this number (a merge of laptops numbering offline)

    def rebuild(self) -> AppScreen:
        return ReviewScreen(self.inspection_id)

    @property
    def signed(self) -> bool:
        return self.inspection.status is Status.SIGNED

    def compose(self) -> ComposeResult:
        self.inspection = self.store.get_inspection(self.inspection_id)
        self.journal = UiJournal(self.store, self.inspection_id, on_error=self.store_failed)
        yield from self.header()
        yield Static("", id="review-bar")
        yield Static("", id="review-certificate")
        with VerticalScroll(id="review-body"):
            yield Static("", id="review-basis")
            yield Static("", id="review-counts")
            yield Static("", id="review-state")
            yield Static("", id="review-addenda")
            yield Static("", id="review-violations")
            yield Static("", id="review-signs")
            yield Static("", id="review-shortcomings")
            yield DataTable(id="review-sections", cursor_type="none", zebra_stripes=True)
            yield Static(t("tui.review.conclusion"), classes="field-label")
            yield TextArea(self.inspection.conclusion, id="conclusion", compact=True)
        yield from self.footer()

    def on_mount(self) -> None:
        self.sub_title = t("tui.review.title")
        table = self.query_one("#review-sections", DataTable)
        table.add_column(t("tui.review.section"), key="section")
        for row in ANSWERS.values():
            table.add_column(row.mark, key=row.answer.value)
        draft = self.journal.drafts().get(HEADER_DRAFT, {}).get("conclusion")
        if draft is not None and not self.signed:
            self._save_conclusion(draft)
        self.query_one("#conclusion", TextArea).disabled = self.signed
        self.refresh_view()
        self._check_number()
        self.query_one("#review-body").focus()
        if self.render_now:
            self.action_certificate()

    def on_screen_resume(self) -> None:
        self.inspection = self.store.get_inspection(self.inspection_id)
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
        counts = ins.counts()
        counts_text = Text()
        for row in ANSWERS.values():
            counts_text.append(f"{row.mark} {t(row.label_key)}: ", style="dim")
            counts_text.append(f"{counts[row.answer]}  ", style="bold")
        signs = len(ins.signs_found)
        counts_text.append(
            "\n" + t("tui.review.noes", violations=ins.open_violations - signs, signs=signs, shortcomings=ins.shortcomings)
        )
        self.query_one("#review-counts", Static).update(counts_text)
        table = self.query_one("#review-sections", DataTable)
        table.clear()
        for section in ins.checklist.sections:
            per = ins.counts(i.id for i in section.items)
            table.add_row(_short(section.title.get(lang), 36), *(str(per[a]) if per[a] else "·" for a in ANSWERS))
        noes = ins.noes()
        for kind, name in ((NoKind.VIOLATION, "violations"), (NoKind.SIGNS, "signs"), (NoKind.SHORTCOMING, "shortcomings")):
            widget = self.query_one(f"#review-{name}", Static)
            items = [i for i, k in noes if k is kind]
            widget.update(self._noes(name, kind, items))
            widget.display = bool(items) or kind is not NoKind.SIGNS
        self.query_one("#review-basis", Static).update(self._basis())
        self.query_one("#review-state", Static).update(self._state())
        addenda = self.query_one("#review-addenda", Static)
        addenda.update(self._addenda())
        addenda.display = bool(ins.addenda)
        conclusion = self.query_one("#conclusion", TextArea)
        if conclusion.text != ins.conclusion and not self._pause:
            with conclusion.prevent(TextArea.Changed):
                conclusion.load_text(ins.conclusion)
        self._show_certificate()

    def _basis(self) -> Text:
        """The act that ordered the inspection, as the certificate names it (b — change it)."""
        b = self.inspection.basis
        text = Text(t("tui.review.basis") + " ", style="dim")
        if not b.act.strip():
            text.append(t("tui.review.basis_no_act", number=b.order_number, date=format_date(b.order_date)), style="yellow")
            return text
        title = f" «{b.title}»" if b.title.strip() else ""
        text.append(t("tui.review.basis_act", act=b.act, number=b.order_number, date=format_date(b.order_date)) + title)
        return text

    def _noes(self, name: str, kind: NoKind, items: list[Item]) -> Text:
        """The «Ні» findings of one kind, numbered as the certificate does; signs say whether the notice was sent."""
        ins = self.inspection
        numbers = ins.checklist.item_numbers()
        lang = get_language()
        text = Text(t(f"tui.review.{name}", count=len(items)) + "\n", style="bold")
        if kind is NoKind.SIGNS and items:
            text.append(t("tui.review.signs_intro") + "\n", style=SIGNS_STYLE)
        for n, item in enumerate(items, start=1):
            f = ins.findings[item.id]
            text.append(f"{n}. [{numbers[item.id]}] {item.question.get(lang)}\n", style=no_style(kind))
            text.append("   ")
            text.append(refs_line(item, lang))
            text.append("\n")
            if f.note:
                text.append(f"   {t('tui.run.note')}: {f.note}\n")
            if f.recommendation:
                text.append(f"   {t('tui.run.recommendation')}: {f.recommendation}\n")
            if f.deadline:
                text.append(f"   {t('tui.run.deadline')}: {format_date(f.deadline)}\n")
            if f.override_reason:
                text.append(f"   {t('tui.run.override_reason')}: {f.override_reason}\n", style="dark_orange")
            if kind is NoKind.SIGNS:
                text.append("   ")
                text.append(*_notice(f.notice_sent_on, f.notice_number))
                text.append("\n")
        return text

    def _addenda(self) -> Text:
        text = Text(t("tui.review.addenda", count=len(self.inspection.addenda)) + "\n", style="bold")
        for addendum in self.inspection.addenda:
            text.append(f"• {format_date(addendum.received_on)}: ", style="bold")
            text.append(f"{addendum.text}\n")
            text.append(f"  sha256: {addendum.sha256}\n", style="dim")
        return text

    def _state(self) -> Text:
        """Who else holds this number (when anyone does), then the sign-off: done, or what still blocks it."""
        state = self._signoff_state()
        if not self.held_by:
            return state
        text = self._held()
        text.append_text(state)
        return text

    def _held(self) -> Text:
        """Other inspections with this number, and what can be done about it."""
        ins = self.inspection
        key = "review_held" if ins.status is not Status.SIGNED and ins.supersedes is None else "review_held_fixed"
        return Text(t(f"numbering.tui.{key}", number=ins.number, holders="; ".join(self.held_by)) + "\n", style="bold yellow")

    def _signoff_state(self) -> Text:
        ins = self.inspection
        if ins.signoff is not None:
            so = ins.signoff
            text = Text(t("tui.review.signed", date=format_date(so.signed_on)) + "\n", style="bold green")
            for person in so.signers:
                text.append(f"   {person.name}, {person.position}\n")
            head = so.head
            ack = t("tui.review.head_refused") if head.refused else format_date(head.acknowledged_on)
            text.append(f"{t('tui.review.head')}: {head.name}, {head.position} — {ack}\n")
            if head.remarks:
                text.append(f"{t('tui.signoff.remarks')}: {head.remarks}\n")
            text.append(f"sha256: {ins.sha256}\n", style="bold")
            text.append(t("tui.review.read_only") + "\n", style="dim")
            return text
        problems = problem_lines(ins, self.inspect_app.settings.issuer())
        if not problems:
            return Text(t("tui.review.ready") + "\n", style="bold green")
        text = Text(t("tui.review.blocked", count=len(problems)) + "\n", style="bold yellow")
        for line in problems[:8]:
            text.append(f"  • {line}\n", style="yellow")
        if len(problems) > 8:
            text.append("  " + t("tui.review.more", count=len(problems) - 8) + "\n", style="yellow")
        return text

    def _show_certificate(self) -> None:
        widget = self.query_one("#review-certificate", Static)
        widget.update(t("tui.review.certificate_at", path=str(self.certificate)) if self.certificate else "")
        widget.display = self.certificate is not None

    # --- conclusion ------------------------------------------------------------------------------

    @on(TextArea.Changed, "#conclusion")
    def _conclusion_typed(self, event: TextArea.Changed) -> None:
        if self.signed:
            return
        self.journal.set_draft(HEADER_DRAFT, "conclusion", event.text_area.text)
        if self._pause is not None:
            self._pause.stop()
        self._pause = self.set_timer(EDIT_PAUSE, self.flush_edits)

    def flush_edits(self) -> None:
        if self._pause is not None:
            self._pause.stop()
            self._pause = None
        if self.signed or not self.is_mounted:
            return
        text = self.query_one("#conclusion", TextArea).text
        if text != self.inspection.conclusion:
            self._save_conclusion(text)

    def _save_conclusion(self, text: str) -> None:
        try:
            self.inspection = services.update_header(self.store, self.inspection, now=self.inspect_app.now(), conclusion=text)
        except ValidationError as exc:
            self.notify(first_reason(exc), severity="error")
            return
        except StoreError as exc:  # e.g. a full disk: the text stays in the editor and the journal
            self.store_failed(exc)
            return
        self.journal.clear_drafts(HEADER_DRAFT, ["conclusion"])

    def on_descendant_blur(self) -> None:
        self.flush_edits()

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
        self.query_one("#conclusion", TextArea).focus()

    def action_draft(self) -> None:
        """Fill the conclusion with a draft from the findings (asking before replacing typed text), then edit it."""
        self.flush_edits()
        draft = draft_conclusion(self.inspection)

        def fill(yes: object = True) -> None:
            if yes is not True:
                return
            self._save_conclusion(draft)
            editor = self.query_one("#conclusion", TextArea)
            with editor.prevent(TextArea.Changed):
                editor.load_text(self.inspection.conclusion)
            self.refresh_view()
            editor.focus()
            editor.move_cursor(editor.document.end)

        if not self.inspection.conclusion.strip() or self.inspection.conclusion == draft:
            fill()
        else:
            self.app.push_screen(ConfirmDialog(t("tui.review.draft_replace")), fill)

    def action_basis(self) -> None:
        self.flush_edits()

        def attempt(act: str, title: str) -> str | None:
            basis = self.inspection.basis.model_copy(update={"act": act, "title": title})
            try:
                self.inspection = services.update_header(self.store, self.inspection, now=self.inspect_app.now(), basis=basis)
            except ValidationError as exc:
                return first_reason(exc)
            except InspectionLocked:
                return t("tui.review.already_signed")
            except StoreError as exc:  # a full disk: the dialog stays open with what was typed
                return str(exc)
            return None

        self.app.push_screen(BasisDialog(self.inspection.basis, attempt), lambda _: self.refresh_view())

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

        def done(number: object) -> None:
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

        def done(result: object) -> None:
            if result is not None:
                self.refresh_view()
                self.notify(t("tui.objection.attached"))

        self.app.push_screen(ObjectionDialog(self.inspection.number, self.inspect_app.today(), attempt), done)

    def action_checklist(self) -> None:
        from inspect_tui.screens.checklist_run import ChecklistScreen

        self.flush_edits()
        if isinstance(self.below(), ChecklistScreen) and self.below_inspection() == self.inspection_id:
            self.app.pop_screen()  # back to the checklist it came from, never a second copy of it
        else:
            self.app.switch_screen(ChecklistScreen(self.inspection_id))

    def action_leave(self) -> None:
        if self.focused is self.query_one("#conclusion"):
            self.flush_edits()
            self.query_one("#review-body").focus()
            return
        self.flush_edits()
        self.dismiss()

    def action_sign(self) -> None:
        self.flush_edits()
        if self.signed:
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

        def confirmed(yes: object) -> None:
            if yes is True:
                self.app.push_screen(dialog, self._signed)

        self.app.push_screen(ConfirmDialog(escape(question)), confirmed)

    def action_complete(self) -> None:
        """Mark the inspection completed: everything answered and explained, waiting for the signatures."""
        self.flush_edits()
        if self.signed:
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

    def _signed(self, result: object) -> None:
        if result is None:
            return
        self.query_one("#conclusion", TextArea).disabled = True
        self.refresh_view()
        self.refresh_bindings()
        self.notify(t("tui.review.signed_note", sha=self.inspection.sha256 or ""))

    def action_correct(self) -> None:
        def done(yes: object) -> None:
            if yes is not True:
                return
            try:
                revision = services.correct(self.store, self.inspection, now=self.inspect_app.now())
            except StoreError as exc:
                self.store_failed(exc)
                return
            from inspect_tui.screens.checklist_run import ChecklistScreen

            self.notify(t("tui.review.corrected", revision=revision.revision))
            self.app.switch_screen(ChecklistScreen(revision.id))

        self.app.push_screen(ConfirmDialog(t("tui.review.correct_question", number=self.inspection.number)), done)

    # --- certificate -----------------------------------------------------------------------------

    def action_certificate(self) -> None:
        self.flush_edits()
        out = certificate_path(self.store.data_dir, self.inspection)
        widget = self.query_one("#review-certificate", Static)
        widget.update(t("tui.review.rendering"))
        widget.display = True
        self._render_certificate(self.inspection, self.inspect_app.settings, out)

    @work(thread=True, exclusive=True, group="certificate", exit_on_error=False)
    def _render_certificate(self, inspection: Inspection, settings: Settings, out: Path) -> None:
        try:
            from inspect_tui.certificate import render_certificate  # reportlab loads only when needed
        except ImportError as exc:
            self.post_message(CertificateFailed(t("tui.review.no_renderer", detail=str(exc))))
            return
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            render_certificate(inspection, settings, out, evidence_dir=self.store.evidence_dir)
        except OSError as exc:
            self.post_message(CertificateFailed(t("tui.review.write_failed", path=str(out), reason=exc.strerror or str(exc))))
            return
        except Exception as exc:  # noqa: BLE001 - any renderer failure is shown, never a crash of the app
            self.post_message(CertificateFailed(t("tui.review.render_failed", reason=str(exc) or type(exc).__name__)))
            return
        self.post_message(CertificateReady(out))

    def on_certificate_ready(self, message: CertificateReady) -> None:
        self.certificate = message.path
        self._show_certificate()
        self.refresh_bindings()
        self.notify(t("tui.review.certificate_at", path=str(message.path)))

    def on_certificate_failed(self, message: CertificateFailed) -> None:
        widget = self.query_one("#review-certificate", Static)
        widget.update(Text(message.reason, style="red"))
        widget.display = True
        self.notify(message.reason, severity="error")

    def action_print(self) -> None:
        if self.certificate is None:
            self.notify(t("tui.review.render_first"), severity="warning")
            return
        self._print_certificate(self.certificate)

    @work(thread=True, exclusive=True, group="print", exit_on_error=False)
    def _print_certificate(self, path: Path) -> None:
        try:
            outcome = print_pdf(path)
        except PrintFailed as exc:
            self.post_message(PrintDone(t("tui.print.failed", detail=exc.detail), "error"))
            return
        except OSError as exc:
            self.post_message(PrintDone(t("tui.print.failed", detail=exc.strerror or str(exc)), "error"))
            return
        if outcome is Outcome.NOTHING:
            self.post_message(PrintDone(t("tui.print.nothing", path=str(path)), "warning"))
        else:
            self.post_message(PrintDone(t(f"tui.print.{outcome.value}", path=str(path))))

    def on_print_done(self, message: PrintDone) -> None:
        self.notify(message.text, severity=message.severity, timeout=10)  # type: ignore[arg-type]


def _notice(sent_on: date | None, number: str) -> tuple[str, str]:
    """Whether the 24-hour notice on signs was recorded, with the style to show it in."""
    if sent_on is None:
        return t("tui.review.notice_missing"), "bold yellow"
    suffix = t("tui.review.notice_number", number=number) if number.strip() else ""
    return t("tui.review.notice_sent", date=format_date(sent_on)) + suffix, "green"
