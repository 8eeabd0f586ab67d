"""Checklist run: sections and items on the left, the current item and its finding on the right.

One key answers (y/n/a/x, u clears: see ``answers``); every answer is saved at once. An item whose
applicability rule excludes this entity keeps «не застосовується» unless the inspector
confirms an answer with a reason (``OverrideDialog``); moving on after an answer skips such
items. Text editors are
journalled on every keystroke and committed on blur, after a short pause, when the item
changes or when the screen is left (see ``ui_state``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from uuid import UUID

from pydantic import ValidationError
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input, Static, TextArea, Tree
from textual.widgets.tree import TreeNode

from inspect_tui import services
from inspect_tui.answers import ANSWERS, Then, in_act_order
from inspect_tui.domain.checklist import Item
from inspect_tui.domain.inspection import Answer, Inspection, InspectionLocked, NoKind, OverrideNeedsReason, Status
from inspect_tui.i18n import get_language, t
from inspect_tui.screens.base import AppScreen
from inspect_tui.screens.dialogs import LinesDialog, OverrideDialog, PromptDialog
from inspect_tui.screens.law import open_norms, quote_norms
from inspect_tui.screens.ui_state import UiJournal
from inspect_tui.store import StoreError
from inspect_tui.widgets.basis import SIGNS_STYLE, answer_style, no_label, refs_line
from inspect_tui.widgets.forms import EDIT_PAUSE, FormError, FormField, errors_by_field, format_date, lines, parse_date
from inspect_tui.widgets.item_tree import ItemTree
from inspect_tui.widgets.keys import any_layout

#: editors, in the order they appear; the values are the finding fields they edit
TEXT_FIELDS = ("note", "documents", "recommendation")
LINE_FIELDS = ("deadline", "na_reason", "override_reason", "notice_sent_on", "notice_number")
DATE_FIELDS = ("deadline", "notice_sent_on")
POSITION_PAUSE = 2.0  # seconds on one item before the position is written (it only saves a few keys)


class JumpDialog(PromptDialog):
    """Asks for an item number («2.3») or id."""

    def __init__(self, numbers: dict[str, str]) -> None:
        super().__init__(t("tui.run.jump_title"), hint=t("tui.run.jump_hint"))
        self.numbers = numbers

    def check(self, value: str) -> str | None:
        value = value.strip()
        if value in self.numbers or value in self.numbers.values():
            return None
        return t("tui.run.jump_unknown", value=value)


class ChecklistScreen(AppScreen):
    BINDINGS = [
        *(
            Binding(any_layout(row.key), f"answer('{row.answer.value}')", row.key_help, show=row.key_shown, id=row.binding_id)
            for row in in_act_order()
        ),
        Binding(any_layout("]"), "unanswered(1)", "tui.keys.next_open", id="next-open"),
        Binding(any_layout("["), "unanswered(-1)", "tui.keys.prev_open", show=False, id="prev-open"),
        Binding(any_layout("g"), "jump", "tui.keys.jump", show=False, id="jump"),
        Binding(any_layout("e"), "edit('note')", "tui.keys.note", id="note"),
        Binding(any_layout("d"), "edit('documents')", "tui.keys.documents", show=False, id="documents"),
        Binding(any_layout("r"), "edit('recommendation')", "tui.keys.recommendation", show=False, id="recommendation"),
        Binding(any_layout("t"), "edit('deadline')", "tui.keys.deadline", show=False, id="deadline"),
        Binding(any_layout("w"), "edit('notice_sent_on')", "tui.keys.notice", show=False, id="notice"),
        Binding(any_layout("f"), "attach", "tui.keys.attach", show=False, id="attach"),
        Binding(any_layout("h"), "history", "tui.keys.history", show=False, id="history"),
        Binding(any_layout("l"), "law", "tui.keys.law", id="law"),
        Binding(any_layout("q"), "quote", "tui.keys.quote", show=False, id="quote"),
        Binding(any_layout("v"), "review", "tui.keys.review", id="review"),
        Binding("ctrl+s", "save", "tui.keys.save", show=False, id="save"),
        Binding("escape", "leave", "tui.keys.back", id="back"),
    ]

    def __init__(self, inspection_id: UUID) -> None:
        super().__init__()
        self.inspection_id = inspection_id
        self.inspection: Inspection
        self.current: str = ""
        self.numbers: dict[str, str] = {}
        self.nodes: dict[str, TreeNode[str]] = {}
        self.excluded: frozenset[str] = frozenset()
        self.section_nodes: dict[str, TreeNode[str]] = {}
        self.dirty: set[str] = set()
        self._pause: Timer | None = None
        self._position_timer: Timer | None = None
        self.journal: UiJournal

    def rebuild(self) -> AppScreen:
        return ChecklistScreen(self.inspection_id)

    @property
    def lang(self) -> str:
        return get_language()

    @property
    def read_only(self) -> bool:
        return self.inspection.status is Status.SIGNED

    # --- layout ----------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        self.inspection = self.store.get_inspection(self.inspection_id)
        self.journal = UiJournal(self.store, self.inspection_id, on_error=self.store_failed)
        self.numbers = self.inspection.checklist.item_numbers()
        profile = self.inspection.enterprise.profile()
        self.excluded = frozenset(i.id for i in self.inspection.checklist.items if i.excludes(profile))
        yield from self.header()
        with Horizontal(id="run-bar"):
            yield Static("", id="run-title")
            yield Static("", id="run-counts")
            yield Static("", id="saved")
        with Horizontal(id="run-body"):
            tree = ItemTree(self._cursor_moved, id="items")
            tree.show_root = False
            tree.guide_depth = 2
            yield tree
            with VerticalScroll(id="item-pane"):
                yield Static("", id="item-head")
                yield Static("", id="item-question")
                yield Static("", id="item-answer")
                yield Static("", id="item-refs")
                yield Static("", id="item-rule")
                yield Static("", id="item-guidance")
                yield FormField(t("tui.run.na_reason"), Input(id="na_reason", compact=True), name="na_reason")
                yield FormField(t("tui.run.override_reason"), Input(id="override_reason", compact=True), name="override_reason")
                yield FormField(t("tui.run.note"), TextArea(id="note", compact=True), name="note")
                yield FormField(t("tui.run.documents"), TextArea(id="documents", compact=True), name="documents")
                yield FormField(t("tui.run.recommendation"), TextArea(id="recommendation", compact=True), name="recommendation")
                yield FormField(
                    t("tui.run.deadline"), Input(id="deadline", placeholder=t("tui.form.date_hint"), compact=True), name="deadline"
                )
                with Horizontal(id="notice-row", classes="form-row"):
                    yield FormField(
                        t("tui.run.notice_sent_on"),
                        Input(id="notice_sent_on", placeholder=t("tui.form.date_hint"), compact=True),
                        name="notice_sent_on",
                    )
                    yield FormField(t("tui.run.notice_number"), Input(id="notice_number", compact=True), name="notice_number")
                yield Static("", id="item-evidence")
        yield from self.footer()

    def on_mount(self) -> None:
        self.sub_title = t("tui.run.title")
        tree = self.query_one("#items", Tree)
        for section in self.inspection.checklist.sections:
            node = tree.root.add("", data=f"section:{section.id}", expand=True)
            self.section_nodes[section.id] = node
            for item in section.items:
                self.nodes[item.id] = node.add_leaf("", data=item.id)
        for section in self.inspection.checklist.sections:
            self._label_section(section.id)
        for item in self.inspection.checklist.items:
            self._label_item(item.id)
        for editor in self.query("#item-pane TextArea, #item-pane Input"):
            editor.disabled = self.read_only
        self._replay_drafts()
        self.show_item(self._resume_item(), move_cursor=False)
        self._refresh_bar(saved=None)
        tree.focus()
        # the tree numbers its lines when it first lays out; before that a cursor move lands on line 0
        self.call_after_refresh(lambda: tree.move_cursor(self.nodes[self.current]))

    def _resume_item(self) -> str:
        ids = [item.id for item in self.inspection.checklist.items]
        if self.journal.position in ids:
            return str(self.journal.position)
        return next((i for i in ids if self.inspection.findings[i].answer is Answer.UNANSWERED), ids[0])

    def _replay_drafts(self) -> None:
        """Commit text that was typed but not saved when the app last stopped (a crash, a power cut)."""
        drafts = self.journal.drafts()
        if not drafts or self.read_only:
            return
        restored = 0
        for item_id, fields in list(drafts.items()):
            if item_id not in self.inspection.findings:
                continue
            self.current = item_id
            if self._commit(fields):
                restored += len(fields)
        if restored:
            self.notify(t("tui.run.restored", count=restored))

    # --- rendering -------------------------------------------------------------------------------

    def _label_item(self, item_id: str) -> None:
        finding = self.inspection.findings[item_id]
        item = self.inspection.checklist.item(item_id)
        row = ANSWERS[finding.answer]
        label = Text(f"{row.mark} ", style=f"answer-{finding.answer.value}")
        label.append(f"{self.numbers[item_id]} {item.question.get(self.lang)}")
        label.stylize(answer_style(row.mark_style, self.inspection.no_kind(item)), 0, 1)
        self.nodes[item_id].set_label(label)

    def _label_section(self, section_id: str) -> None:
        section = next(s for s in self.inspection.checklist.sections if s.id == section_id)
        counts = self.inspection.counts(i.id for i in section.items)
        done = len(section.items) - counts[Answer.UNANSWERED]
        label = Text(section.title.get(self.lang), style="bold")
        label.append(f" {done}/{len(section.items)}", style="green" if done == len(section.items) else "yellow")
        self.section_nodes[section_id].set_label(label)

    def _refresh_bar(self, saved: bool | None) -> None:
        ins = self.inspection
        title = t("tui.run.bar", number=ins.number, enterprise=ins.enterprise.short_name)
        if self.read_only:
            title += "  " + t("tui.run.read_only")
        self.query_one("#run-title", Static).update(title)
        self.query_one("#run-counts", Static).update(
            t("tui.run.counts", progress=ins.progress, violations=ins.open_violations, shortcomings=ins.shortcomings)
        )
        indicator = self.query_one("#saved", Static)
        if saved is None:
            indicator.update(t("tui.run.saved") if not self.dirty else t("tui.run.unsaved"))
        else:
            indicator.update(t("tui.run.saved_at", time=self.inspect_app.now().astimezone().strftime("%H:%M:%S")) if saved else t("tui.run.unsaved"))
        indicator.set_class(bool(self.dirty), "-dirty")

    def show_item(self, item_id: str, *, move_cursor: bool = True) -> None:
        """Make ``item_id`` the current item: fill the pane, remember the position."""
        self.current = item_id
        item = self.inspection.checklist.item(item_id)
        finding = self.inspection.findings[item_id]
        section = self.inspection.checklist.section_of(item_id)
        total = len(self.inspection.checklist.items)
        index = [i.id for i in self.inspection.checklist.items].index(item_id) + 1
        self.query_one("#item-head", Static).update(
            Text(f"{self.numbers[item_id]} · {index}/{total} · {section.title.get(self.lang)}", style="dim")
        )
        self.query_one("#item-question", Static).update(Text(item.question.get(self.lang), style="bold"))
        self.query_one("#item-refs", Static).update(refs_line(item, self.lang, hint=True))
        self._show_rule()
        self.query_one("#item-guidance", Static).update(self._guidance(item))
        self._show_answer()
        drafts = self.journal.drafts().get(item_id, {})
        self.dirty = set(drafts)
        values = {
            "note": finding.note,
            "documents": "\n".join(finding.documents),
            "recommendation": finding.recommendation,
            "deadline": format_date(finding.deadline),
            "na_reason": finding.na_reason,
            "override_reason": finding.override_reason,
            "notice_sent_on": format_date(finding.notice_sent_on),
            "notice_number": finding.notice_number,
        }
        for name, value in values.items():
            self._set_editor(name, drafts.get(name, value))
            self.query_one(f"#field-{name}", FormField).set_error("")
        self._show_evidence()
        if move_cursor:
            tree = self.query_one("#items", Tree)
            node = self.nodes[item_id]
            if tree.cursor_node is not node:
                tree.move_cursor(node)
        if not self.read_only:
            self.journal.set_position(item_id)
            if self._position_timer is not None:
                self._position_timer.stop()
            self._position_timer = self.set_timer(POSITION_PAUSE, self.journal.save_position)
        self.query_one("#item-pane", VerticalScroll).scroll_home(animate=False, immediate=True)

    def _guidance(self, item: Item) -> Text:
        text = Text()
        if item.guidance is not None:
            text.append(item.guidance.get(self.lang), style="dim")
        if item.documents:
            if text:
                text.append("\n")
            text.append(t("tui.run.request_documents") + " ", style="bold dim")
            text.append("; ".join(item.documents), style="dim")
        return text

    def _show_rule(self) -> None:
        """Whether the item's rule excludes this entity and, if it was answered anyway, that it was overridden."""
        widget = self.query_one("#item-rule", Static)
        if self.current not in self.excluded:
            widget.update("")
            widget.display = False
            return
        item = self.inspection.checklist.item(self.current)
        finding = self.inspection.findings[self.current]
        text = Text(t("tui.run.excluded", reason=item.na_reason.get(self.lang) if item.na_reason else "—"), style="italic")
        if finding.answer.overrides_rule:
            text.append("\n" + t("tui.run.overridden"), style="bold dark_orange")
        widget.update(text)
        widget.display = True

    def _show_answer(self) -> None:
        finding = self.inspection.findings[self.current]
        item = self.inspection.checklist.item(self.current)
        kind = self.inspection.no_kind(item)
        text = Text(t("tui.run.answer") + " ")
        row = ANSWERS[finding.answer]
        style = answer_style(row.pane_style, kind)
        text.append(f"{row.mark} {t(row.label_key)}", style=style)
        if finding.answer is Answer.NO:
            text.append(f" — {no_label(kind)}", style=style)
        if finding.na_by_rule:
            text.append("  " + t("tui.run.by_rule"), style="dim")
        signs = finding.answer is Answer.NO and kind is NoKind.SIGNS
        if signs:
            text.append("\n" + t("tui.run.signs_notice"), style=SIGNS_STYLE)
        self.query_one("#item-answer", Static).update(text)
        is_violation = finding.answer is Answer.NO
        self.query_one("#field-recommendation").display = is_violation
        self.query_one("#field-deadline").display = is_violation
        self.query_one("#field-na_reason").display = finding.answer is Answer.NOT_APPLICABLE
        overridden = self.current in self.excluded and finding.answer.overrides_rule
        self.query_one("#field-override_reason").display = overridden
        self.query_one("#notice-row").display = signs
        self._show_rule()

    def _show_evidence(self) -> None:
        evidence = self.inspection.findings[self.current].evidence
        widget = self.query_one("#item-evidence", Static)
        if not evidence:
            widget.update(Text(t("tui.run.no_evidence"), style="dim"))
            return
        lines_ = [t("tui.run.evidence")] + [f"  📎 {e.filename} ({e.size} B, sha256 {e.sha256[:12]}…)" for e in evidence]
        widget.update(Text("\n".join(lines_)))

    def _set_editor(self, name: str, value: str) -> None:
        editor = self.query_one(f"#{name}")
        if isinstance(editor, TextArea):
            if editor.text != value:
                with editor.prevent(TextArea.Changed):
                    editor.load_text(value)
        elif isinstance(editor, Input) and editor.value != value:
            with editor.prevent(Input.Changed):
                editor.value = value

    def _after_change(self, item_id: str) -> None:
        self._label_item(item_id)
        self._label_section(self.inspection.checklist.section_of(item_id).id)
        if item_id == self.current:
            self._show_answer()
            self._show_evidence()
        self._refresh_bar(saved=True)

    # --- saving ----------------------------------------------------------------------------------

    def _record(self, item_id: str, **changes: Any) -> bool:
        """Save one change to a finding; False (with the reason shown) when it was refused."""
        if self.read_only:
            self.notify(t("tui.run.signed_refusal"), severity="warning")
            return False
        try:
            self.inspection = services.record_finding(self.store, self.inspection, item_id, now=self.inspect_app.now(), **changes)
        except ValidationError as exc:
            self.notify(next(iter(errors_by_field(exc).values()), str(exc)), severity="error")
            return False
        except OverrideNeedsReason:
            self.notify(t("tui.override.required"), severity="warning")
            return False
        except (ValueError, StoreError) as exc:  # the store refused (e.g. an integrity problem): say so, keep running
            self.notify(t("tui.run.save_failed", reason=str(exc)), severity="error", timeout=15)
            return False
        except InspectionLocked:
            self.notify(t("tui.run.signed_refusal"), severity="warning")
            return False
        self._after_change(item_id)
        return True

    def _commit(self, texts: dict[str, str]) -> bool:
        """Turn editor texts into finding values and save them; errors stay beside their field."""
        parsed: dict[str, Any] = {}
        failed = False
        for name, text in texts.items():
            try:
                parsed[name] = _value(name, text)
            except FormError as exc:
                self._field_error(name, str(exc))
                failed = True
        finding = self.inspection.findings[self.current]
        changes = {k: v for k, v in parsed.items() if getattr(finding, k) != v}
        if changes:
            try:
                self.inspection = services.record_finding(
                    self.store, self.inspection, self.current, now=self.inspect_app.now(), **changes
                )
            except ValidationError as exc:
                field = next((name for name in DATE_FIELDS if name in changes), next(iter(changes)))
                self._field_error(field, next(iter(errors_by_field(exc).values()), str(exc)))
                return False
            except OverrideNeedsReason:  # the reason was erased: the answer stands only with one
                self._field_error("override_reason", t("tui.override.required"))
                return False
            except (ValueError, StoreError) as exc:  # kept in the journal; retried on the next commit
                self._field_error(next(iter(changes)), t("tui.run.save_failed", reason=str(exc)))
                return False
            self._after_change(self.current)
        self.journal.clear_drafts(self.current, list(parsed))
        self.dirty -= set(parsed)
        for name in parsed:
            self._field_error(name, "")
        return not failed

    def _field_error(self, name: str, message: str) -> None:
        if self.is_mounted:
            self.query_one(f"#field-{name}", FormField).set_error(message)

    def flush_edits(self) -> None:
        """Commit whatever is typed in the editors of the current item."""
        if self._pause is not None:
            self._pause.stop()
            self._pause = None
        if not self.dirty or self.read_only:
            return
        texts = {name: self._editor_text(name) for name in self.dirty}
        self._commit(texts)
        self._refresh_bar(saved=not self.dirty)

    def _editor_text(self, name: str) -> str:
        editor = self.query_one(f"#{name}")
        return editor.text if isinstance(editor, TextArea) else editor.value  # type: ignore[attr-defined]

    def _append(self, name: str, text: str) -> None:
        """Add ``text`` to an editor as if it were typed (a quote of the Law into the note)."""
        current = self._editor_text(name)
        joined = f"{current.rstrip()}\n{text}" if current.strip() else text
        self._set_editor(name, joined)
        self._typed(name, joined)

    def _typed(self, name: str, text: str) -> None:
        if self.read_only:
            return
        self.dirty.add(name)
        self.journal.set_draft(self.current, name, text)
        self._refresh_bar(saved=False)
        if self._pause is not None:
            self._pause.stop()
        self._pause = self.set_timer(EDIT_PAUSE, self.flush_edits)

    @on(TextArea.Changed)
    def _text_changed(self, event: TextArea.Changed) -> None:
        if event.text_area.id in TEXT_FIELDS:
            self._typed(str(event.text_area.id), event.text_area.text)

    @on(Input.Changed)
    def _line_changed(self, event: Input.Changed) -> None:
        if event.input.id in LINE_FIELDS:
            self._typed(str(event.input.id), event.value)

    @on(Input.Submitted)
    def _line_submitted(self) -> None:
        self.flush_edits()
        self.query_one("#items", Tree).focus()

    def on_descendant_blur(self) -> None:
        self.flush_edits()

    # --- navigation ------------------------------------------------------------------------------

    def _cursor_moved(self, data: str) -> None:
        """The tree cursor is on ``data`` (an item id or ``section:<id>``): show that item, in the same frame."""
        if not data.startswith("section:") and data != self.current and self.is_mounted:
            self.flush_edits()
            self.show_item(data, move_cursor=False)

    @on(Tree.NodeSelected, "#items")
    def _selected(self, event: Tree.NodeSelected[str]) -> None:
        data = event.node.data or ""
        if data.startswith("section:"):
            first = next(s for s in self.inspection.checklist.sections if s.id == data.removeprefix("section:")).items[0]
            self.show_item(first.id)

    def _step(self, direction: int, *, unanswered: bool) -> str | None:
        """The next item to answer: items the rule excludes are passed over (the tree still reaches them).

        ``unanswered`` looks for one without an answer, wrapping around; otherwise the next in order.
        """
        ids = [item.id for item in self.inspection.checklist.items]
        start = ids.index(self.current)
        for offset in range(1, len(ids) + 1):
            position = start + direction * offset
            if not unanswered and not 0 <= position < len(ids):
                return None
            candidate = ids[position % len(ids)]
            if candidate in self.excluded:
                continue
            if not unanswered or self.inspection.findings[candidate].answer is Answer.UNANSWERED:
                return candidate
        return None

    def action_unanswered(self, direction: int) -> None:
        self.flush_edits()
        target = self._step(direction, unanswered=True)
        if target is None:
            self.notify(t("tui.run.all_answered"))
            return
        self.show_item(target)

    def action_jump(self) -> None:
        def done(value: object) -> None:
            if isinstance(value, str):
                by_number = {n: i for i, n in self.numbers.items()}
                self.flush_edits()
                self.show_item(by_number.get(value, value))

        self.app.push_screen(JumpDialog(self.numbers), done)

    # --- actions ---------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit", "attach") and getattr(self, "inspection", None) is not None and self.read_only:
            return False  # answer keys stay, to explain why nothing changes
        return True

    def action_answer(self, value: str) -> None:
        if self.read_only:
            self.notify(t("tui.run.signed_refusal"), severity="warning")
            return
        self.flush_edits()
        answer = Answer(value)
        item_id = self.current
        finding = self.inspection.findings[item_id]
        if answer is Answer.NOT_APPLICABLE and not finding.na_reason.strip():
            self._ask_na_reason(item_id)
            return
        if answer.overrides_rule and item_id in self.excluded and not finding.override_reason.strip():
            self._ask_override(item_id, answer)
            return
        if not self._record(item_id, answer=answer):
            return
        self._answered(answer)

    def _answered(self, answer: Answer) -> None:
        """After an answer: a «Ні» opens its note, clearing stays, the others move on (``AnswerRow.then``)."""
        then = ANSWERS[answer].then
        if then is Then.NOTE:
            self.action_edit("note")
        elif then is Then.ADVANCE:
            self._advance()

    def _advance(self) -> None:
        following = self._step(1, unanswered=False)
        if following is not None:
            self.show_item(following)

    def _ask_override(self, item_id: str, answer: Answer) -> None:
        """The rule says the norm does not bind this entity: answer only with a confirmed reason."""
        item = self.inspection.checklist.item(item_id)

        def done(reason: str | None) -> None:
            if reason is None:
                self.notify(t("tui.override.kept"))
                return
            if self._record(item_id, answer=answer, override_reason=reason):
                self._set_editor("override_reason", reason)
                self._answered(answer)

        dialog = OverrideDialog(
            item.question.get(self.lang), item.na_reason.get(self.lang) if item.na_reason else "", t(ANSWERS[answer].label_key)
        )
        self.app.push_screen(dialog, done)

    def _ask_na_reason(self, item_id: str) -> None:
        item = self.inspection.checklist.item(item_id)
        suggestion = item.na_reason.get(self.lang) if item.na_reason else ""

        def done(reason: object) -> None:
            if isinstance(reason, str) and self._record(item_id, answer=Answer.NOT_APPLICABLE, na_reason=reason):
                self._set_editor("na_reason", reason)
                self._answered(Answer.NOT_APPLICABLE)

        self.app.push_screen(PromptDialog(t("tui.run.na_reason_title"), suggestion, hint=t("tui.run.na_reason_hint")), done)

    def action_edit(self, field: str) -> None:
        finding = self.inspection.findings[self.current]
        if field in ("recommendation", "deadline") and finding.answer is not Answer.NO:
            self.notify(t("tui.run.violation_only"), severity="warning")
            return
        if field == "notice_sent_on" and self.current not in self.inspection.signs_found:
            self.notify(t("tui.run.signs_only"), severity="warning")
            return
        editor = self.query_one(f"#{field}")
        editor.focus()
        target = editor.parent if isinstance(editor.parent, Widget) else editor
        self.query_one("#item-pane", VerticalScroll).scroll_to_widget(target, animate=False)

    def action_save(self) -> None:
        self.flush_edits()

    def action_attach(self) -> None:
        item_id = self.current

        def done(value: object) -> None:
            if not isinstance(value, str):
                return
            path = Path(value).expanduser()
            if not path.is_file():
                self.notify(t("tui.run.no_such_file", path=str(path)), severity="error")
                return
            try:
                self.inspection = services.attach_evidence(self.store, self.inspection, item_id, path, now=self.inspect_app.now())
            except OSError as exc:
                self.notify(t("tui.run.attach_failed", path=str(path), reason=exc.strerror or str(exc)), severity="error")
                return
            self._after_change(item_id)
            self.notify(t("tui.run.attached", name=path.name))

        self.app.push_screen(PromptDialog(t("tui.run.attach_title"), hint=t("tui.run.attach_hint")), done)

    def action_history(self) -> None:
        self.flush_edits()
        prefix = f"findings.{self.current}."
        entries = [
            f"{e.at.astimezone().strftime('%Y-%m-%d %H:%M')}  {t('tui.field.' + e.field.removeprefix(prefix))}: "
            f"{_shown(e.old)} → {_shown(e.new)}"
            for e in self.inspection.history
            if e.field.startswith(prefix)
        ]
        title = t("tui.run.history_title", number=self.numbers[self.current])
        self.app.push_screen(LinesDialog(title, entries))

    def action_law(self) -> None:
        """The text of the norms the current item cites; on a «Ні» to a duty of the Law, ``q`` there quotes them."""
        open_norms(self, self.inspection, self.current, self._append)

    def action_quote(self) -> None:
        quote_norms(self, self.inspection, self.current, self._append)

    def action_review(self) -> None:
        from inspect_tui.screens.review import ReviewScreen

        self.flush_edits()
        if isinstance(self.below(), ReviewScreen) and self.below_inspection() == self.inspection_id:
            self.app.pop_screen()  # back to the review it came from, never a second copy of it
        else:
            self.app.push_screen(ReviewScreen(self.inspection_id))

    def action_leave(self) -> None:
        focused = self.focused
        if focused is not None and focused.id in (*TEXT_FIELDS, *LINE_FIELDS):
            self.flush_edits()
            self.query_one("#items", Tree).focus()
            return
        self.flush_edits()
        self.dismiss()

    def on_screen_suspend(self) -> None:
        self.journal.save_position()

    def before_exit(self) -> None:
        self.flush_edits()
        self.journal.save_position()

    def on_screen_resume(self) -> None:
        """Back from the review screen (maybe a sign-off): show the stored state."""
        stored = self.store.get_inspection(self.inspection_id)
        if stored != self.inspection:
            self.app.switch_screen(ChecklistScreen(self.inspection_id))


def _value(name: str, text: str) -> Any:
    if name == "documents":
        return lines(text)
    if name in DATE_FIELDS:
        return parse_date(text, required=False)
    return text


def _shown(value: object) -> str:
    """A history value as a person reads it: answers translated, lists joined, empty as «—»."""
    if value in (None, "", []):
        return "—"
    if isinstance(value, str) and value in {a.value for a in Answer}:
        return t(ANSWERS[Answer(value)].label_key)
    if isinstance(value, list):
        return "; ".join(str(v.get("filename", v)) if isinstance(v, dict) else str(v) for v in value)
    return str(value)
