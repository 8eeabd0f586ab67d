"""The checklist's right-hand pane: the current item, its answer, and the finding's editors."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from inspect_tui.answers import ANSWERS
from inspect_tui.domain.checklist import Item
from inspect_tui.domain.inspection import REASONED_ANSWERS, Answer, Inspection, NoKind
from inspect_tui.i18n import get_language, t
from inspect_tui.widgets.basis import SIGNS_STYLE, answer_style, no_label, refs_line
from inspect_tui.widgets.finding_editor import EditorField, FindingEditor, Kind

#: the pane's lines, top to bottom (the editors come between «guidance» and «evidence»)
PARTS = ("head", "question", "answer", "refs", "rule", "guidance", "evidence")


def finding_fields() -> list[EditorField]:
    """A finding's edited fields, in the order the pane shows them (labels in the current language)."""
    return [
        EditorField("na_reason", t("tui.run.na_reason")),
        EditorField("override_reason", t("tui.run.override_reason")),
        EditorField("note", t("tui.run.note"), Kind.TEXT),
        EditorField("documents", t("tui.run.documents"), Kind.LINES),
        EditorField("recommendation", t("tui.run.recommendation"), Kind.TEXT),
        EditorField("deadline", t("tui.run.deadline"), Kind.DATE),
        EditorField("notice_sent_on", t("tui.run.notice_sent_on"), Kind.DATE, row="notice-row"),
        EditorField("notice_number", t("tui.run.notice_number"), row="notice-row"),
        EditorField("notice_reason", t("tui.run.notice_reason"), Kind.TEXT),
    ]


class ItemPane(VerticalScroll):
    """Where the item stands, its question, answer, legal basis, rule and guidance; the editors; the evidence.

    Only the editors change what is saved; the rest shows ``inspection`` as it is given.
    """

    def __init__(self, editor: FindingEditor, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.editor = editor
        # held, not queried: every cursor move fills them, and a query walks the DOM
        self._parts = {name: Static("", id=f"item-{name}") for name in PARTS}

    def compose(self) -> ComposeResult:
        yield from (self._parts[name] for name in PARTS if name != "evidence")
        yield self.editor
        yield self._parts["evidence"]

    def show(self, inspection: Inspection, item_id: str, *, number: str, excluded: bool) -> None:
        """Fill the pane for ``item_id`` (numbered ``number``; ``excluded`` when its rule excludes this entity)."""
        lang = get_language()
        items = inspection.checklist.items
        item = inspection.checklist.item(item_id)
        section = inspection.checklist.section_of(item_id)
        index = [i.id for i in items].index(item_id) + 1
        self._update("head", Text(f"{number} · {index}/{len(items)} · {section.title.get(lang)}", style="dim"))
        self._update("question", Text(item.question.get(lang), style="bold"))
        self._update("refs", refs_line(item, lang, hint=True))
        self._update("guidance", _guidance(item, lang))
        self.show_finding(inspection, item_id, excluded=excluded)
        self.editor.show(item_id)
        self.scroll_home(animate=False, immediate=True)

    def show_finding(self, inspection: Inspection, item_id: str, *, excluded: bool) -> None:
        """The answer, the rule line, the editors the answer calls for, and the evidence."""
        lang = get_language()
        finding = inspection.findings[item_id]
        item = inspection.checklist.item(item_id)
        kind = inspection.no_kind(item)
        row = ANSWERS[finding.answer]
        style = answer_style(row.pane_style, kind)
        text = Text(t("tui.run.answer") + " ")
        text.append(f"{row.mark} {t(row.label_key)}", style=style)
        if finding.answer is Answer.NO:
            text.append(f" — {no_label(kind)}", style=style)
        if finding.na_by_rule:
            text.append("  " + t("tui.run.by_rule"), style="dim")
        signs = finding.answer is Answer.NO and kind is NoKind.SIGNS
        notice = signs and item.needs_notice
        if signs:
            text.append("\n" + t("tui.run.signs_notice" if notice else "tui.run.signs_officer"), style=SIGNS_STYLE)
        self._update("answer", text)
        is_no = finding.answer is Answer.NO
        overridden = excluded and finding.answer.overrides_rule
        shown = {"recommendation": is_no, "deadline": is_no, "na_reason": finding.answer in REASONED_ANSWERS,
                 "override_reason": overridden, "notice_reason": notice}
        for name, display in shown.items():
            self.editor.form_field(name).display = display
        self.editor.row("notice-row").display = notice
        reason_label = "tui.run.ne_reason" if finding.answer is Answer.NOT_EXAMINED else "tui.run.na_reason"
        self.editor.form_field("na_reason").set_label(t(reason_label))
        rule = self._parts["rule"]
        rule.display = excluded
        if excluded:
            reason = Text(t("tui.run.excluded", reason=item.na_reason.get(lang) if item.na_reason else "—"), style="italic")
            if finding.answer.overrides_rule:
                reason.append("\n" + t("tui.run.overridden"), style="bold dark_orange")
            rule.update(reason)
        else:
            rule.update("")
        evidence = finding.evidence
        listed = [t("tui.run.evidence")] + [f"  📎 {e.filename} ({e.size} B, sha256 {e.sha256[:12]}…)" for e in evidence]
        self._update("evidence", Text("\n".join(listed)) if evidence else Text(t("tui.run.no_evidence"), style="dim"))

    def edit(self, name: str) -> None:
        """Put the cursor in field ``name`` and scroll it into view."""
        self.editor.focus_field(name)
        self.scroll_to_widget(self.editor.form_field(name), animate=False)

    def _update(self, part: str, content: Text) -> None:
        self._parts[part].update(content)


def _guidance(item: Item, lang: str) -> Text:
    """How to check the item, and the documents to ask for."""
    text = Text()
    if item.guidance is not None:
        text.append(item.guidance.get(lang), style="dim")
    if item.documents:
        if text:
            text.append("\n")
        text.append(t("tui.run.request_documents") + " ", style="bold dim")
        text.append("; ".join(item.documents), style="dim")
    return text
