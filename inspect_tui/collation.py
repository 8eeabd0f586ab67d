"""Ukrainian alphabetical order for names: the Unicode Collation Algorithm with CLDR's Ukrainian tailoring.

``str.casefold`` orders by code point, which puts Є, І, Ї and Ґ after Я. The UCA (pyuca
implements it) gets Ґ after Г, Є after Е and І after И right, but treats Ї as І with a
diaeresis (a secondary difference), so «Їжак» sorts before «Ірина». CLDR's Ukrainian
tailoring (``&И < і <<< І < ї <<< Ї``) makes Ї a letter of its own after І; it is applied
here by expanding Ї to І followed by a primary weight above every letter's.

pyuca is imported, and its table (about 0.1 s) built, on the first key asked for: the
home screen shows without it.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pyuca

_DIAERESIS = 0x0308


@cache
def _collator() -> pyuca.Collator:
    import pyuca

    collator = pyuca.Collator()
    above_letters = collator.implicit_weight(0x10FFFD)  # an unassigned code point: weighs above any letter
    for base in ("і", "І"):
        _, elements, _ = collator.table.find_prefix([ord(base)])
        collator.table.add([ord(base), _DIAERESIS], [*elements, *above_letters])
    return collator


def sort_key(text: str) -> Any:
    """A key that sorts Ukrainian (and Latin) names alphabetically, case after letter."""
    return _collator().sort_key(text)
