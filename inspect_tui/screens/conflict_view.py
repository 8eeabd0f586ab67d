"""A conflict copy beside the current inspection, item by item, and the officer's choice of which stands.

Only what differs is shown: header fields, then each item whose finding differs, with its
answer, note, recommendation and deadline on both sides. The choice goes through
``services.resolve_conflict`` (the same as ``inspections resolve``): it is recorded in the
inspection's history; a signed inspection is never overwritten, so over one only
«Залишити поточну» is offered.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static

from inspect_tui import services
from inspect_tui.domain.conflict import Keep, header_differences, item_differences
from inspect_tui.domain.inspection import Finding, Inspection, Status
from inspect_tui.i18n import t
from inspect_tui.screens.base import AppScreen
from inspect_tui.screens.dialogs import ConfirmDialog
from inspect_tui.store import StoreError
from inspect_tui.sync.conflicts import ConflictCopy
from inspect_tui.widgets.forms import format_date

#: the finding fields the viewer shows side by side
SHOWN = ("answer", "note", "recommendation", "deadline")


def finding_text(finding: Finding) -> str:
    """A finding as the viewer shows it: its answer, then note, recommendation and deadline where given."""
    parts = [t(f"answer.{finding.answer.value}")]
    for name in SHOWN[1:]:
        value = getattr(finding, name)
        if value:
            parts.append(f"{t('tui.field.' + name)}: {format_date(value) if isinstance(value, date) else value}")
    return "\n".join(parts)


def header_text(inspection: Inspection, name: str) -> str:
    """A header field as text: dates as the officer writes them, people one a line, the basis's parts joined."""
    value = getattr(inspection, name)
    values = value if isinstance(value, list) else [value]
    shown = []
    for v in values:
        if isinstance(v, BaseModel):
            shown.append(", ".join(format_date(x) if isinstance(x, date) else str(x) for x in v.model_dump().values() if x not in ("", None)))
        elif v is None:  # a draft's end date not set yet
            shown.append("")
        else:
            shown.append(format_date(v) if isinstance(v, date) else str(v))
    return "\n".join(shown)


class ConflictViewScreen(AppScreen):
    BINDINGS = [
        Binding("c", "keep('copy')", "tui.keys.keep_copy", id="conflict-keep-copy"),
        Binding("k", "keep('current')", "tui.keys.keep_current", id="conflict-keep-current"),
        Binding("escape", "app.pop_screen", "tui.keys.back", id="conflict-back"),
    ]

    DEFAULT_CSS = """
    #conflict-diff { height: 1fr; }
    .conflict-item { text-style: bold; margin-top: 1; }
    .conflict-sides { height: auto; }
    .conflict-side { width: 1fr; height: auto; padding: 0 1 0 0; }
    .conflict-heads { height: 1; }
    .conflict-head { width: 1fr; color: $text-muted; }
    """

    def __init__(self, copy: ConflictCopy) -> None:
        super().__init__()
        self.copy = copy

    def rebuild(self) -> AppScreen:
        return ConflictViewScreen(self.copy)

    def compose(self) -> ComposeResult:
        self.current = self.store.get_inspection(self.copy.inspection.id)
        current, copy = self.current, self.copy.inspection
        items = item_differences(current, copy)
        numbers = current.checklist.item_numbers()
        yield from self.header()
        summary = t(
            "conflict.tui.summary", number=current.number, enterprise=current.enterprise.short_name,
            source=self.copy.source, reason=t(f"sync.reason.{self.copy.reason.value}"), items=len(items),
        )
        yield Static(summary, id="conflict-summary", markup=False)
        with Horizontal(classes="conflict-heads"):
            yield Static(t("conflict.tui.col_current"), classes="conflict-head")
            yield Static(t("conflict.tui.col_copy"), classes="conflict-head")
        with VerticalScroll(id="conflict-diff", can_focus=True):
            for name in header_differences(current, copy):
                yield Static(t("conflict.tui.header_row", field=t(f"conflict.tui.header.{name}")), classes="conflict-item", markup=False)
                yield from self._sides(header_text(current, name), header_text(copy, name))
            for difference in items:
                question = current.checklist.item(difference.item_id).question.uk
                yield Static(f"{numbers[difference.item_id]} {question}", classes="conflict-item", markup=False)
                yield from self._sides(finding_text(difference.current), finding_text(difference.copy))
            if not items and not header_differences(current, copy):
                yield Static(t("conflict.tui.same"), markup=False)
        note = t("conflict.tui.signed_note") if current.status is Status.SIGNED else ""
        yield Static(note, id="form-status", markup=False)
        yield from self.footer()

    def _sides(self, current: str, copy: str) -> ComposeResult:
        with Horizontal(classes="conflict-sides"):
            yield Static(current, classes="conflict-side", markup=False)
            yield Static(copy, classes="conflict-side", markup=False)

    def on_mount(self) -> None:
        super().on_mount()
        self.sub_title = t("conflict.tui.title")
        self.query_one("#conflict-diff").focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "keep" and parameters == ("copy",) and Status.SIGNED in (self.current.status, self.copy.inspection.status):
            return None  # shown greyed out: a signed inspection is never overwritten
        return True

    def action_keep(self, kept: str) -> None:
        keep = Keep(kept)
        number = self.current.number
        question = (
            t("conflict.tui.confirm_copy", number=number, items=len(item_differences(self.current, self.copy.inspection)))
            if keep is Keep.COPY
            else t("conflict.tui.confirm_current", number=number)
        )

        def done(yes: bool | None) -> None:
            if yes:
                self._resolve(keep)

        self.app.push_screen(ConfirmDialog(question), done)

    def _resolve(self, keep: Keep) -> None:
        inspection_id = self.copy.inspection.id
        waiting = [c.sha256 for c in services.open_conflicts(self.store, inspection_id)]
        if self.copy.sha256 not in waiting:  # resolved meanwhile (another screen, the CLI)
            self.app.pop_screen()
            return
        try:
            resolved = services.resolve_conflict(self.store, inspection_id, waiting.index(self.copy.sha256) + 1, keep, now=self.inspect_app.now())
        except services.ConflictRefused as exc:
            self.notify(t(f"conflict.refused.{exc.code}", **exc.params), severity="error", timeout=10)
            return
        except StoreError as exc:
            self.store_failed(exc)
            return
        self.notify(resolved.text, timeout=10)
        self.app.pop_screen()
