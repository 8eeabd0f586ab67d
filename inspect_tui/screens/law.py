"""The text of the norms an item cites, read where the inspector is (offline), and quoted into a note.

The text is the Law in force here (``services.law_in_force``): the shipped consolidated text or a
newer one the council loaded. ``q`` closes the dialog with a quote of every cited norm, which the
checklist screen adds to the finding's note through the note's editor, like typed text.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Label, Static

from inspect_tui import services
from inspect_tui.domain.checklist import MAIN_LAW, Basis, LegalRef
from inspect_tui.domain.inspection import Answer, Inspection, Status
from inspect_tui.i18n import t
from inspect_tui.law.model import Citation, LawText
from inspect_tui.law.parse import LawParseError
from inspect_tui.screens.base import AppScreen
from inspect_tui.screens.dialogs import Dialog

#: adds text to a finding's field as if typed (``FindingEditor.append``): journalled, then committed
Append = Callable[[str, str], None]


def norms_text(refs: list[LegalRef], law: LawText) -> Text:
    """Each cited norm of the Law: its citation in bold, then its passage (heading, lead of its part, text)."""
    out = Text()
    for ref in refs:
        if ref.law != MAIN_LAW:
            continue
        if out:
            out.append("\n\n")
        out.append(t("tui.law.norm_heading", ref=ref.citation()), style="bold")
        passage = law.passage(Citation.of(ref))
        if passage is None:
            out.append("\n" + t("tui.law.no_unit", ref=ref.citation(), edition=law.edition.strftime("%d.%m.%Y")), style="bold red")
            continue
        out.append("\n" + passage[0], style="italic")
        out.append("".join("\n" + line for line in passage[1:]))
    return out or Text(t("tui.law.no_refs"))


def quotes(refs: list[LegalRef], law: LawText) -> str:
    """The cited norms as a note quotes them, one a line (norms not in the text are left out)."""
    found = (law.quote(Citation.of(r)) for r in refs if r.law == MAIN_LAW)
    return "\n".join(q for q in found if q)


class LawDialog(Dialog[str | None]):
    """The cited norms, scrollable; ``q`` returns their quote (when quoting is allowed), escape closes."""

    BINDINGS = [
        Binding("q", "quote", "tui.keys.quote", id="law-quote"),
        Binding("enter", "cancel", "tui.keys.close", id="law-close"),
    ]

    def __init__(self, refs: list[LegalRef], law: LawText, *, can_quote: bool) -> None:
        super().__init__()
        self.refs = refs
        self.law = law
        self.can_quote = can_quote

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide", id="law-dialog"):
            yield Label(t("tui.law.title", edition=self.law.edition.strftime("%d.%m.%Y")), classes="dialog-title")
            with VerticalScroll(id="law-text", can_focus=True):
                yield Static(norms_text(self.refs, self.law), markup=False)
            yield Static(t("tui.law.hint_quote" if self.can_quote else "tui.law.hint"), classes="dialog-hint")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#law-text").focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.can_quote if action == "quote" else True

    def action_quote(self) -> None:
        self.dismiss(quotes(self.refs, self.law) or None)


def can_quote(inspection: Inspection, item_id: str) -> bool:
    """A quote of the breached norm belongs in the note of a «Ні» to a duty of the Law, while it can change."""
    item = inspection.checklist.item(item_id)
    return inspection.status is not Status.SIGNED and item.basis is Basis.LAW and inspection.findings[item_id].answer is Answer.NO


def _law(screen: AppScreen) -> LawText | None:
    """The text in force; a stored text passed over for it is named in a warning, never quoted."""
    for damaged in services.damaged_law_texts(screen.store.data_dir):
        screen.notify(t("tui.law.passed_over", where=damaged.where, problem=damaged.problem), severity="warning", timeout=15)
    try:
        return services.law_in_force(screen.store.data_dir)
    except LawParseError as exc:
        screen.notify(t("tui.law.damaged", where=exc.where, problem=exc.problem), severity="error", timeout=15)
        return None


def _quote_into_note(screen: AppScreen, text: str, append: Append) -> None:
    append("note", text)
    screen.notify(t("tui.law.quoted"))


def open_norms(screen: AppScreen, inspection: Inspection, item_id: str, append: Append) -> None:
    """Show the norms ``item_id`` cites; a quote chosen there goes into the note through ``append``."""
    law = _law(screen)
    if law is None:
        return

    def done(quote: str | None) -> None:
        if quote:
            _quote_into_note(screen, quote, append)

    refs = inspection.checklist.item(item_id).refs
    screen.app.push_screen(LawDialog(refs, law, can_quote=can_quote(inspection, item_id)), done)


def quote_norms(screen: AppScreen, inspection: Inspection, item_id: str, append: Append) -> None:
    """Add the quote of the norms ``item_id`` cites to its note (on a «Ні» to a duty of the Law only)."""
    if not can_quote(inspection, item_id):
        screen.notify(t("tui.law.quote_on_no"), severity="warning")
        return
    law = _law(screen)
    text = quotes(inspection.checklist.item(item_id).refs, law) if law is not None else ""
    if text:
        _quote_into_note(screen, text, append)
