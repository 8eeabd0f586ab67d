"""Checklist run: sections and items on the left, the current item and its finding on the right.

One key answers (y/n/a/x, u clears: see ``answers``); every answer is saved at once. An item whose
applicability rule excludes this entity keeps «не застосовується» unless the inspector
confirms an answer with a reason (``OverrideDialog``); moving on after an answer skips such
items. The item and its finding's editors are the ``ItemPane``; what is typed there is kept
safe by its ``FindingEditor``.
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
from textual.containers import Horizontal
from textual.widgets import Input, Static, Tree
from textual.widgets.tree import TreeNode

from inspect_tui import services
from inspect_tui.answers import ANSWERS, Then, in_act_order
from inspect_tui.domain.checklist import Section
from inspect_tui.domain.inspection import REASONED_ANSWERS, Answer, InspectionLocked, OverrideNeedsReason
from inspect_tui.i18n import get_language, t
from inspect_tui.i18n.errors import first_reason
from inspect_tui.screens.base import InspectionScreen
from inspect_tui.screens.dialogs import LinesDialog, OverrideDialog, PromptDialog
from inspect_tui.screens.files import FilePickerDialog
from inspect_tui.screens.law import open_norms, quote_norms
from inspect_tui.screens.ui_state import LastFolders
from inspect_tui.store import StoreError
from inspect_tui.widgets.basis import answer_style
from inspect_tui.widgets.debounce import Debounce
from inspect_tui.widgets.finding_editor import FindingEditor
from inspect_tui.widgets.item_pane import ItemPane, finding_fields
from inspect_tui.widgets.item_tree import ItemTree
from inspect_tui.widgets.keys import any_layout

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


class ChecklistScreen(InspectionScreen):
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
        Binding("ctrl+e", "edit_header", "tui.keys.edit_header", show=False, id="edit-header"),
        Binding("ctrl+s", "save", "tui.keys.save", show=False, id="save"),
        Binding("escape", "leave", "tui.keys.back", id="back"),
    ]

    def __init__(self, inspection_id: UUID) -> None:
        super().__init__(inspection_id)
        self.current: str = ""
        self.numbers: dict[str, str] = {}
        self.nodes: dict[str, TreeNode[str]] = {}
        self.excluded: frozenset[str] = frozenset()
        self.sections: dict[str, Section] = {}
        self.section_nodes: dict[str, TreeNode[str]] = {}
        #: the item an answer moved on from: a key for its note (``e``…) right after the answer edits it, not the next
        self.answered: str | None = None
        self._position_pause = Debounce(self, POSITION_PAUSE, lambda: self.journal.save_position())

    @property
    def lang(self) -> str:
        return get_language()

    # --- layout ----------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        self.load()
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
            self.editor = FindingEditor(finding_fields(), self.journal, self._stored, self._save, read_only=self.read_only)
            yield ItemPane(self.editor, id="item-pane")
        yield from self.footer()

    def on_mount(self) -> None:
        self.sub_title = t("tui.run.title")
        tree = self.query_one("#items", Tree)
        for section in self.inspection.checklist.sections:
            self.sections[section.id] = section
            node = tree.root.add("", data=f"section:{section.id}", expand=True)
            self.section_nodes[section.id] = node
            for item in section.items:
                self.nodes[item.id] = node.add_leaf("", data=item.id)
        for section in self.inspection.checklist.sections:
            self._label_section(section.id)
        for item in self.inspection.checklist.items:
            self._label_item(item.id)
        restored = self.editor.replay()
        if restored:
            self.notify(t("tui.run.restored", count=restored))
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
        section = self.sections[section_id]
        counts = self.inspection.counts(i.id for i in section.items)
        done = len(section.items) - counts[Answer.UNANSWERED]
        label = Text(section.title.get(self.lang), style="bold")
        label.append(f" {done}/{len(section.items)}", style="green" if done == len(section.items) else "yellow")
        self.section_nodes[section_id].set_label(label)

    def _refresh_bar(self, saved: bool | None) -> None:
        ins = self.inspection
        dirty = bool(self.editor.dirty)
        title = t("tui.run.bar", number=ins.number, enterprise=ins.enterprise.short_name)
        if self.read_only:
            title += "  " + t("tui.run.read_only")
        self.query_one("#run-title", Static).update(title)
        signs = len(ins.signs_found)
        counts = dict(progress=ins.progress, violations=ins.open_violations - signs, shortcomings=ins.shortcomings)
        self.query_one("#run-counts", Static).update(
            t("tui.run.counts_signs", signs=signs, **counts) if signs else t("tui.run.counts", **counts)
        )
        indicator = self.query_one("#saved", Static)
        if saved is None:
            indicator.update(t("tui.run.saved") if not dirty else t("tui.run.unsaved"))
        else:
            indicator.update(t("tui.run.saved_at", time=self.inspect_app.now().astimezone().strftime("%H:%M:%S")) if saved else t("tui.run.unsaved"))
        indicator.set_class(dirty, "-dirty")

    def show_item(self, item_id: str, *, move_cursor: bool = True) -> None:
        """Make ``item_id`` the current item: fill the pane, remember the position."""
        self.current = item_id
        self.query_one(ItemPane).show(self.inspection, item_id, number=self.numbers[item_id], excluded=item_id in self.excluded)
        if move_cursor:
            tree = self.query_one("#items", Tree)
            node = self.nodes[item_id]
            if tree.cursor_node is not node:
                tree.move_cursor(node)
        if not self.read_only:
            self.journal.set_position(item_id)
            self._position_pause.poke()

    def _after_change(self, item_id: str) -> None:
        self._label_item(item_id)
        self._label_section(self.inspection.checklist.section_of(item_id).id)
        if item_id == self.current:
            self.query_one(ItemPane).show_finding(self.inspection, item_id, excluded=item_id in self.excluded)
        self._refresh_bar(saved=True)

    # --- saving ----------------------------------------------------------------------------------

    def _stored(self, item_id: str) -> dict[str, Any] | None:
        """A finding's saved values, for the editors (None for a draft that is not an item's)."""
        finding = self.inspection.findings.get(item_id)
        return None if finding is None else dict(finding)

    def _save(self, item_id: str, changes: dict[str, Any]) -> None:
        """The editors' commit: the refusals are theirs to show (``FindingEditor``)."""
        self.inspection = services.record_finding(self.store, self.inspection, item_id, now=self.inspect_app.now(), **changes)
        self._after_change(item_id)

    def _record(self, item_id: str, **changes: Any) -> bool:
        """Save an answer (with what it needs); False, with the reason shown, when it was refused."""
        if self.read_only:
            self.notify(t("tui.run.signed_refusal"), severity="warning")
            return False
        try:
            self._save(item_id, changes)
        except ValidationError as exc:
            self.notify(first_reason(exc), severity="error")
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
        return True

    def on_finding_editor_edited(self, message: FindingEditor.Edited) -> None:
        self._refresh_bar(saved=not message.dirty)

    @on(Input.Submitted)
    def _line_submitted(self) -> None:
        """Enter saves a line (a date, a number) and stays in it: Esc then leaves the field, never the checklist."""
        self.flush_edits()

    # --- navigation ------------------------------------------------------------------------------

    def _cursor_moved(self, data: str) -> None:
        """The tree cursor is on ``data`` (an item id or ``section:<id>``): show that item, in the same frame."""
        if not data.startswith("section:") and data != self.current and self.is_mounted:
            self.answered = None
            self.flush_edits()
            self.show_item(data, move_cursor=False)

    @on(Tree.NodeSelected, "#items")
    def _selected(self, event: Tree.NodeSelected[str]) -> None:
        data = event.node.data or ""
        if data.startswith("section:"):
            self.show_item(self.sections[data.removeprefix("section:")].items[0].id)

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
        self.answered = None
        self.flush_edits()
        target = self._step(direction, unanswered=True)
        if target is None:
            self.notify(t("tui.run.all_answered"))
            return
        self.show_item(target)

    def action_jump(self) -> None:
        def done(value: str | None) -> None:
            if value is not None:
                self.answered = None
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
        self.answered = None
        answer = Answer(value)
        item_id = self.current
        finding = self.inspection.findings[item_id]
        if answer in REASONED_ANSWERS and not (finding.answer is answer and finding.na_reason.strip()):
            self._ask_reason(item_id, answer)  # a reason given for the other of the two never stands for this one
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
        answered, following = self.current, self._step(1, unanswered=False)
        if following is not None:
            self.show_item(following)
            self.answered = answered

    def _ask_override(self, item_id: str, answer: Answer) -> None:
        """The rule says the norm does not bind this entity: answer only with a confirmed reason."""
        item = self.inspection.checklist.item(item_id)

        def done(reason: str | None) -> None:
            if reason is None:
                self.notify(t("tui.override.kept"))
                return
            if self._record(item_id, answer=answer, override_reason=reason):
                self.editor.set_value("override_reason", reason)
                self._answered(answer)

        dialog = OverrideDialog(
            item.question.get(self.lang), item.na_reason.get(self.lang) if item.na_reason else "", t(ANSWERS[answer].label_key)
        )
        self.app.push_screen(dialog, done)

    def _ask_reason(self, item_id: str, answer: Answer) -> None:
        """«Не застосовується» and «Не розглядалося» are recorded with their reason, printed in the certificate."""
        item = self.inspection.checklist.item(item_id)
        applicable = answer is Answer.NOT_APPLICABLE
        suggestion = item.na_reason.get(self.lang) if applicable and item.na_reason else ""

        def done(reason: str | None) -> None:
            if reason is not None and self._record(item_id, answer=answer, na_reason=reason):
                self.editor.set_value("na_reason", reason)
                self._answered(answer)

        prefix = "tui.run.na_reason" if applicable else "tui.run.ne_reason"
        self.app.push_screen(PromptDialog(t(f"{prefix}_title"), suggestion, hint=t(f"{prefix}_hint")), done)

    def action_edit(self, field: str) -> None:
        if self.answered is not None:  # right after an answer: its item, shown again (auto-advance never takes the note)
            self.show_item(self.answered)
            self.answered = None
        finding = self.inspection.findings[self.current]
        if field in ("recommendation", "deadline") and finding.answer is not Answer.NO:
            self.notify(t("tui.run.violation_only"), severity="warning")
            return
        if field == "notice_sent_on" and self.current not in self.inspection.notices_due:
            self.notify(t("tui.run.signs_only"), severity="warning")
            return
        self.query_one(ItemPane).edit(field)

    def action_save(self) -> None:
        self.flush_edits()

    def action_attach(self) -> None:
        item_id = self.current

        def done(path: Path | None) -> None:
            if path is None:
                return
            if not path.is_file():
                self.notify(t("tui.run.no_such_file", path=str(path)), severity="error")
                return
            try:
                self.inspection = services.attach_evidence(self.store, self.inspection, item_id, path, now=self.inspect_app.now())
            except OSError as exc:
                self.notify(t("tui.run.attach_failed", path=str(path), reason=exc.strerror or str(exc)), severity="error")
                return
            except StoreError as exc:  # saved again elsewhere meanwhile (``EditConflict``): said, nothing saved over it
                self.notify(t("tui.run.attach_failed", path=str(path), reason=str(exc)), severity="error", timeout=15)
                return
            self._after_change(item_id)
            self.notify(t("tui.run.attached", name=path.name))

        self.app.push_screen(FilePickerDialog(t("tui.run.attach_title"), LastFolders(self.store), "evidence"), done)

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
        open_norms(self, self.inspection, self.current, self.editor.append)

    def action_quote(self) -> None:
        quote_norms(self, self.inspection, self.current, self.editor.append)

    def action_review(self) -> None:
        from inspect_tui.screens.review import ReviewScreen

        self.open_sibling(ReviewScreen, replace=False)

    def action_leave(self) -> None:
        if self.editor.has_focus_within:
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
        shown = self.inspection
        if self.reread() and self.inspection != shown:
            self.open_inspection(ChecklistScreen(self.inspection_id), replace=True)


def _shown(value: object) -> str:
    """A history value as a person reads it: answers translated, lists joined, empty as «—»."""
    if value in (None, "", []):
        return "—"
    if isinstance(value, str) and value in {a.value for a in Answer}:
        return t(ANSWERS[Answer(value)].label_key)
    if isinstance(value, list):
        return "; ".join(str(v.get("filename", v)) if isinstance(v, dict) else str(v) for v in value)
    return str(value)
