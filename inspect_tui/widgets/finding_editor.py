"""Editors of saved text that lose nothing: a finding's note, documents, dates… and the review's conclusion.

What is typed goes to a drafts journal on every keystroke and is committed (with history) on blur,
after a pause of ``EDIT_PAUSE``, when the edited item changes or when the screen is left; a crash in
between loses nothing, because the drafts are committed when the inspection is opened again (``replay``).
A refused value stays on screen and in the journal, with the reason under its field.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any, Protocol

from pydantic import ValidationError
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, TextArea

from inspect_tui.domain.inspection import Finding, OverrideNeedsReason
from inspect_tui.domain.revalidate import max_length
from inspect_tui.i18n import t
from inspect_tui.i18n.errors import first_reason
from inspect_tui.store import StoreError
from inspect_tui.widgets.debounce import Debounce
from inspect_tui.widgets.forms import EDIT_PAUSE, FormError, FormField, field_value, format_date, lines, parse_date
from inspect_tui.widgets.text_editor import TextEditor


class Kind(Enum):
    """How a field is typed and what value it saves."""

    LINE = "line"  # one line of text
    TEXT = "text"  # free text over lines
    LINES = "lines"  # a list, one entry a line
    DATE = "date"  # ДД.ММ.РРРР or ISO; empty is no date


@dataclass(frozen=True)
class EditorField:
    """One edited value: ``name`` is the saved field's name and the editor's id."""

    name: str
    label: str
    kind: Kind = Kind.LINE
    row: str = ""  # fields sharing a row id stand side by side in a row with that id

    def parse(self, text: str) -> Any:
        if self.kind is Kind.LINES:
            return lines(text)
        if self.kind is Kind.DATE:
            return parse_date(text, required=False)
        return text

    def format(self, value: Any) -> str:
        if self.kind is Kind.LINES:
            return "\n".join(value or ())
        if self.kind is Kind.DATE:
            return format_date(value)
        return str(value or "")


class Drafts(Protocol):
    """Where typed text waits until it is committed (``screens.ui_state.UiJournal``)."""

    def drafts(self) -> dict[str, dict[str, str]]: ...

    def set_draft(self, item_id: str, field: str, text: str) -> None: ...

    def clear_drafts(self, item_id: str, fields: list[str]) -> None: ...


#: the saved values of a key's fields (None: no such key, e.g. a draft of another screen)
Stored = Callable[[str], Mapping[str, Any] | None]
#: saves changed values of a key; raises what the domain or the store refuses
Save = Callable[[str, dict[str, Any]], None]


class FindingEditor(Vertical):
    """The editors of one key at a time (an item id, or the review's header); ``show`` switches keys."""

    DEFAULT_CSS = "FindingEditor { height: auto; }"

    @dataclass
    class Edited(Message):
        """Typing began (``dirty``), or a commit ended (``dirty`` while some text is still not saved)."""

        dirty: bool

    def __init__(
        self, fields: Iterable[EditorField], drafts: Drafts, stored: Stored, save: Save, *, read_only: bool = False,
        id: str | None = None,  # noqa: A002 - Textual's name
    ) -> None:
        super().__init__(id=id)
        self.fields = {f.name: f for f in fields}
        self.key = ""
        self.dirty: set[str] = set()
        self._drafts = drafts
        self._stored = stored
        self._save = save
        self._read_only = read_only
        self._pause = Debounce(self, EDIT_PAUSE, self.flush)
        self._editors: dict[str, Input | TextArea] = {}
        # held, not queried: the checklist shows, hides and clears them at every cursor move (a query walks the DOM)
        self._form_fields: dict[str, FormField] = {}
        self._rows: dict[str, Horizontal] = {}

    def compose(self) -> ComposeResult:
        fields = list(self.fields.values())
        while fields:
            row = [f for f in fields if f.row and f.row == fields[0].row] or fields[:1]
            fields = [f for f in fields if f not in row]
            if row[0].row:
                self._rows[row[0].row] = Horizontal(*map(self._field, row), id=row[0].row, classes="form-row")
                yield self._rows[row[0].row]
            else:
                yield self._field(row[0])

    def _field(self, field: EditorField) -> FormField:
        if field.kind in (Kind.TEXT, Kind.LINES):
            editor: Input | TextArea = TextEditor(id=field.name, compact=True)
        else:
            hint = t("tui.form.date_hint") if field.kind is Kind.DATE else ""
            limit = max_length(Finding, field.name) if field.name in Finding.model_fields else None
            editor = Input(id=field.name, placeholder=hint, compact=True, max_length=limit or 0)
        editor.disabled = self._read_only
        self._editors[field.name] = editor
        self._form_fields[field.name] = FormField(field.label, editor, name=field.name)
        return self._form_fields[field.name]

    def form_field(self, name: str) -> FormField:
        """The labelled field of ``name`` (to show, hide or rename it)."""
        return self._form_fields[name]

    def row(self, name: str) -> Horizontal:
        """The row holding the fields that share ``name`` (``EditorField.row``)."""
        return self._rows[name]

    @property
    def read_only(self) -> bool:
        return self._read_only

    @read_only.setter
    def read_only(self, value: bool) -> None:
        self._read_only = value
        for editor in self._editors.values():
            editor.disabled = value

    def focus_field(self, name: str, *, at_end: bool = False) -> None:
        """Put the cursor in ``name`` (``at_end``: after its text, to go on writing)."""
        editor = self._editors[name]
        editor.focus()
        if at_end and isinstance(editor, TextArea):
            editor.move_cursor(editor.document.end)
        elif at_end and isinstance(editor, Input):
            editor.cursor_position = len(editor.value)

    def text(self, name: str) -> str:
        return str(field_value(self._editors[name]))

    # --- what is shown ---------------------------------------------------------------------------

    def show(self, key: str) -> None:
        """Edit ``key``: its saved values, or the text typed for it and not yet committed.

        Text typed for the key shown before is committed first.
        """
        if key != self.key:
            self.flush()
        self.key = key
        values = self._stored(key) or {}
        drafts = self._drafts.drafts().get(key, {})
        self.dirty = {name for name in drafts if name in self.fields}
        for name, field in self.fields.items():
            self._put(name, drafts.get(name, field.format(values.get(name))))
            self._error(key, name, "")

    def set_value(self, name: str, value: Any) -> None:
        """Show a value saved elsewhere (a dialog), as it is saved; nothing to commit."""
        self._put(name, self.fields[name].format(value))

    def append(self, name: str, text: str) -> None:
        """Add ``text`` at the end of ``name`` as if it were typed: journalled at once, committed after the pause.

        Text already there keeps its own line (a space in a one-line field); read-only editors stay as they are.
        """
        if self._read_only:
            return
        current = self.text(name)
        separator = "\n" if self.fields[name].kind in (Kind.TEXT, Kind.LINES) else " "
        joined = f"{current.rstrip()}{separator}{text}" if current.strip() else text
        self._put(name, joined)
        self._typed(name, joined)

    def _put(self, name: str, text: str) -> None:
        editor = self._editors[name]
        if isinstance(editor, TextArea):
            if editor.text != text:
                with editor.prevent(TextArea.Changed):
                    editor.load_text(text)
        elif editor.value != text:
            with editor.prevent(Input.Changed):
                editor.value = text

    def _error(self, key: str, name: str, message: str) -> None:
        if key == self.key and name in self._form_fields:
            self._form_fields[name].set_error(message)

    # --- typing and committing -------------------------------------------------------------------

    @on(TextArea.Changed)
    @on(Input.Changed)
    def _changed(self, event: TextArea.Changed | Input.Changed) -> None:
        name = str(event.control.id)
        if name in self.fields:
            self._typed(name, self.text(name))

    def _typed(self, name: str, text: str) -> None:
        if self._read_only:
            return
        self.dirty.add(name)
        self._drafts.set_draft(self.key, name, text)
        self.post_message(self.Edited(dirty=True))
        self._pause.poke()

    def on_descendant_blur(self) -> None:
        self.flush()

    def flush(self) -> None:
        """Commit what is typed for the current key, now."""
        self._pause.cancel()
        if not self.dirty or self._read_only:
            return
        self.commit(self.key, {name: self.text(name) for name in self.dirty})
        self.post_message(self.Edited(dirty=bool(self.dirty)))

    def commit(self, key: str, texts: Mapping[str, str]) -> bool:
        """Turn ``key``'s texts into values and save those that changed; a refusal is shown beside its field."""
        parsed: dict[str, Any] = {}
        failed = False
        for name, text in texts.items():
            try:
                parsed[name] = self.fields[name].parse(text)
            except FormError as exc:
                self._error(key, name, str(exc))
                failed = True
        stored = self._stored(key) or {}
        changes = {name: value for name, value in parsed.items() if stored.get(name) != value}
        if changes:
            refusal = self._try_save(key, changes)
            if refusal is not None:
                self._error(key, *refusal)
                return False
        self._drafts.clear_drafts(key, list(parsed))
        if key == self.key:
            self.dirty -= set(parsed)
        for name in parsed:
            self._error(key, name, "")
        return not failed

    def _try_save(self, key: str, changes: dict[str, Any]) -> tuple[str, str] | None:
        """Save; or the field to blame and why, when the domain or the store refused (the text stays in the journal)."""
        first = next(iter(changes))
        try:
            self._save(key, changes)
        except ValidationError as exc:  # a date out of the inspection's range is the usual culprit
            dated = next((name for name in changes if self.fields[name].kind is Kind.DATE), first)
            return dated, first_reason(exc)
        except OverrideNeedsReason:  # the reason was erased: the answer stands only with one
            return "override_reason", t("tui.override.required")
        except (ValueError, StoreError) as exc:  # retried on the next commit
            return first, t("tui.run.save_failed", reason=str(exc))
        return None

    def replay(self) -> int:
        """Commit text typed but not saved when the app last stopped (a crash, a power cut); how many fields were."""
        if self._read_only:
            return 0
        restored = 0
        for key, typed in list(self._drafts.drafts().items()):
            texts = {name: text for name, text in typed.items() if name in self.fields}
            if texts and self._stored(key) is not None and self.commit(key, texts):
                restored += len(texts)
        return restored
