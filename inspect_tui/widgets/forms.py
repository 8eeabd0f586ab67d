"""Form building blocks: a labelled field with its own error line, and text ↔ value parsing.

Dates are typed as ДД.ММ.РРРР (how Ukrainian officials write them) or ISO РРРР-ММ-ДД;
people as one «Name; Position» per line.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.dom import DOMNode
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static

from inspect_tui.i18n import get_language, t
from inspect_tui.i18n.errors import error_reason, first_reason

if TYPE_CHECKING:  # the home and every screen's base import this module: the app starts without pydantic
    from pydantic import ValidationError

    from inspect_tui.domain.text import Person


class FormError(ValueError):
    """A value a person typed that cannot be used; the message is already translated."""


def format_date(value: date | None) -> str:
    if value is None:
        return ""
    return value.strftime("%d.%m.%Y") if get_language() == "uk" else value.isoformat()


def format_period(start: date, end: date | None) -> str:
    """Two dates in one short cell, the shared year written once.

    «21.03.2026», «27.07–28.07.2026», «28.12.2025–05.01.2026»; in ISO form an interval
    with a reduced end, «2026-07-27/07-28»; a draft with no end yet, an open range: «21.03.2026–…», «2026-03-21/..»
    (shorter than any range, so the column keeps its width at 80 columns).
    """
    if end is None:
        return t("tui.home.started", date=format_date(start))
    if start == end:
        return format_date(start)
    if get_language() == "uk":
        return f"{start:%d.%m}–{format_date(end)}" if start.year == end.year else f"{format_date(start)}–{format_date(end)}"
    return f"{start.isoformat()}/{end:%m-%d}" if start.year == end.year else f"{start.isoformat()}/{end.isoformat()}"


def parse_date(text: str, *, required: bool = True) -> date | None:
    """``31.12.2026`` or ``2026-12-31``; empty is None unless ``required``."""
    text = text.strip()
    if not text:
        if required:
            raise FormError(t("tui.form.required"))
        return None
    for pattern in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise FormError(t("tui.form.bad_date", value=text))


def stop_blinking(root: DOMNode) -> None:
    """Editors under ``root`` stop blinking their cursor (the app's ``blink`` off: tests and screen captures)."""
    from textual.widgets import TextArea  # here: a 30 ms import the home screen does not need

    for editor in root.query("Input, TextArea"):
        if isinstance(editor, (Input, TextArea)):
            editor.cursor_blink = False


def replace_options(select: Select[Any], options: list[tuple[str, str]]) -> None:
    """New choices for a filter ``select``, keeping its value when it is still among them, without a ``Changed`` event."""
    current = select.value
    with select.prevent(Select.Changed):
        select.set_options(options)
        if any(value == current for _, value in options):
            select.value = current


def field_value(widget: Widget) -> Any:
    """What a form widget holds: a TextArea's text, an Input's text, a Select's or Checkbox's value."""
    from textual.widgets import Checkbox, TextArea  # here, as in stop_blinking (the home has neither)

    if isinstance(widget, TextArea):
        return widget.text
    if isinstance(widget, (Input, Select, Checkbox)):
        return widget.value
    raise TypeError(f"not a form field: {widget!r}")


#: Seconds of no typing before an editor's text is committed to the inspection (every screen with editors).
EDIT_PAUSE = 1.0


def parse_int(text: str) -> int:
    cleaned = text.replace(" ", "").replace("\u00a0", "").replace("_", "")
    if not cleaned.isdigit():
        raise FormError(t("tui.form.bad_number", value=text))
    return int(cleaned)


def parse_end_date(text: str) -> date | None:
    """An inspection's end date: empty while it goes on (a draft is signed only once it is set)."""
    return parse_date(text, required=False)


def format_overrides(table: dict[int, int]) -> str:
    """«2026=3328; 2025=3028»: the user's ПМ values by year, as the settings form shows them."""
    return "; ".join(f"{year}={value}" for year, value in sorted(table.items(), reverse=True))


def parse_overrides(text: str) -> dict[int, int]:
    """«рік=грн» pairs separated by «;» or new lines; years 1991–2100, a ПМ of 1–1,000,000 UAH."""
    table: dict[int, int] = {}
    for chunk in (c.strip() for c in text.replace("\n", ";").split(";")):
        if not chunk:
            continue
        year_text, sep, value_text = chunk.partition("=")
        if not sep:
            raise FormError(t("tui.form.bad_pm_pair", value=chunk))
        year, value = parse_int(year_text), parse_int(value_text)
        if not 1991 <= year <= 2100 or not 1 <= value <= 1_000_000:
            raise FormError(t("tui.form.bad_pm_pair", value=chunk))
        table[year] = value
    return table


def format_people(people: list[Person]) -> str:
    return "\n".join(f"{p.name}; {p.position}" for p in people)


def parse_people(text: str) -> list[Person]:
    """One person per non-empty line, «Name; Position»."""
    from pydantic import ValidationError

    from inspect_tui.domain.text import Person

    people = []
    for n, line in enumerate((ln for ln in text.splitlines() if ln.strip()), start=1):
        name, sep, position = line.partition(";")
        if not sep or not name.strip() or not position.strip():
            raise FormError(t("tui.form.bad_person", line=n))
        try:
            people.append(Person(name=name.strip(), position=position.strip()))
        except ValidationError as exc:
            raise FormError(t("tui.form.bad_person_value", line=n, reason=first_reason(exc))) from None
    return people


def parse_people_required(text: str) -> list[Person]:
    """``parse_people``, refusing an empty list (an inspection has at least one inspector)."""
    people = parse_people(text)
    if not people:
        raise FormError(t("tui.form.required"))
    return people


def parse_fields(
    raw: Mapping[str, Any], parsers: Mapping[str, Callable[[Any], Any]], error: Callable[[str, str], None]
) -> dict[str, Any] | None:
    """Each field of ``raw`` read by its parser; a field that cannot be is reported beside it (``error``) and
    the others are still read, so the form shows every reason at once. None when any failed."""
    values: dict[str, Any] = {}
    ok = True
    for name, parse in parsers.items():
        try:
            values[name] = parse(raw[name])
        except FormError as exc:
            error(name, str(exc))
            ok = False
    return values if ok else None


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def errors_by_field(exc: ValidationError) -> dict[str, str]:
    """The first reason for each top-level field of a model that refused its input."""
    out: dict[str, str] = {}
    for error in exc.errors(include_url=False):
        name = str(error["loc"][0]) if error["loc"] else ""
        out.setdefault(name, error_reason(error))
    return out


class FormField(Vertical):
    """A label, an editor and an error line under it (empty while the value is fine)."""

    DEFAULT_CSS = """
    FormField { height: auto; margin-bottom: 0; }
    FormField > .field-label { color: $text-muted; }
    FormField > .field-error { color: $error; height: auto; }
    FormField > .field-error.-empty { display: none; }
    """

    def __init__(self, label: str, editor: Widget, *, name: str) -> None:
        super().__init__(id=f"field-{name}")
        self.label = label
        self.editor = editor
        self.error = ""
        # held, not queried: a checklist shows and hides these at every cursor move, and a query walks the DOM
        self._label = Label(label, classes="field-label")
        self._error = Static("", classes="field-error -empty")

    def compose(self) -> ComposeResult:
        yield self._label
        yield self.editor
        yield self._error

    def set_label(self, label: str) -> None:
        """Name the field anew (one editor whose meaning follows the answer, e.g. the reason of «Н/З» or «не розглядалося»)."""
        if label != self.label:
            self.label = label
            self._label.update(label)

    def set_error(self, message: str) -> None:
        if message == self.error:
            return  # an unchanged line would still cost a layout of the whole screen
        self.error = message
        self._error.update(message)
        self._error.set_class(not message, "-empty")
