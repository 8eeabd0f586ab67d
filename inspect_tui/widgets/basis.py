"""How binding an item is, as the screens show it.

A «Ні» states one of three things (``NoKind``): a violation of a duty of the entity
(«порушення»), signs of an official's breach («ознаки порушення»: only the procedure the law sets establishes
an individual's offence, and the unit notifies the specially authorised body within 24
hours), or a shortcoming to recommend on (practice, a permissive norm, or a norm its rule
says does not bind this entity). Every screen that shows a «Ні» says which, in the same
words and colours as the certificate.
"""

from __future__ import annotations

from rich.text import Text

from inspect_tui.checklist_text import refs_text
from inspect_tui.domain.checklist import Basis, Item
from inspect_tui.domain.inspection import NoKind
from inspect_tui.i18n import t
from inspect_tui.widgets.kind_styles import SHORTCOMING_STYLE, SIGNS_STYLE, VIOLATION_STYLE


def is_law(item: Item) -> bool:
    return item.basis is Basis.LAW


def no_style(kind: NoKind) -> str:
    """The colour of a «Ні» of ``kind``: red for a violation, magenta for signs, orange for a shortcoming."""
    return {NoKind.VIOLATION: VIOLATION_STYLE, NoKind.SIGNS: SIGNS_STYLE}.get(kind, SHORTCOMING_STYLE)


def no_label(kind: NoKind) -> str:
    """What a «Ні» of ``kind`` is: «порушення Закону», «ознаки порушення» or «недолік»."""
    return t(f"tui.basis.{kind.value}")


def refs_line(item: Item, lang: str, *, hint: bool = False) -> Text:
    """«§ ч. 2 ст. 61 Закону …», led by a «практика» / «диспозитивна норма» tag on items that are not duties.

    ``hint`` adds a line saying what a «Ні» on such an item means.
    """
    text = Text()
    if not is_law(item):
        text.append(f" {t(f'tui.basis.{item.basis.value}')} ", style=f"reverse {SHORTCOMING_STYLE}")
        text.append(" ")
    text.append(f"§ {refs_text(item.refs, lang)}", style="italic")
    if hint and not is_law(item):
        text.append("\n" + t("tui.basis.hint"), style=SHORTCOMING_STYLE)
    return text


def answer_style(style: str | None, kind: NoKind) -> str:
    """A style of the answer table (``answers.AnswerRow``); ``None``, a «Ні»'s, is the colour of what it states."""
    return no_style(kind) if style is None else style
