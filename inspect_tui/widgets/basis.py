"""How binding an item is, as the screens show it.

A «Ні» on a duty of the Law is a violation; on a practice or permissive item it is a
shortcoming to recommend on (the certificate prints the two in separate parts), so every
screen that shows a «Ні» says which one it is, in the same words and colours.
"""

from __future__ import annotations

from rich.text import Text

from inspect_tui.checklist_text import refs_text
from inspect_tui.domain.checklist import Basis, Item
from inspect_tui.i18n import t

VIOLATION_STYLE = "bold red"
SHORTCOMING_STYLE = "dark_orange"


def is_law(item: Item) -> bool:
    return item.basis is Basis.LAW


def no_style(item: Item) -> str:
    """The colour of a «Ні» on ``item``: red for a violation, orange for a shortcoming."""
    return VIOLATION_STYLE if is_law(item) else SHORTCOMING_STYLE


def no_kind(item: Item) -> str:
    """What a «Ні» on ``item`` is: «порушення» or «недолік»."""
    return t("tui.basis.violation") if is_law(item) else t("tui.basis.shortcoming")


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
