"""The certificate's typeface: a TrueType serif with full Ukrainian coverage, embedded in the PDF.

The fonts come from the ``rendercv-fonts`` package (SIL Open Font License), so
nothing depends on what is installed on the machine, and reportlab embeds
subsets of them. Gentium Book Plus covers і ї є ґ ʼ, №, ₴, « » and dashes in
regular and bold; its character map also tells which characters of user text
cannot be drawn, so they are replaced visibly instead of printing empty boxes.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

FAMILY = "InspectSerif"
BOLD = f"{FAMILY}-Bold"
_FOLDER = "Gentium Book Plus"
_FILES = {FAMILY: "GentiumBookPlus-Regular.ttf", BOLD: "GentiumBookPlus-Bold.ttf"}


@dataclass(frozen=True)
class FontSet:
    """The registered family and the code points both of its faces can draw."""

    regular: str
    bold: str
    covered: frozenset[int]


def font_files() -> dict[str, Path]:
    """Paths of the regular and bold font files inside the installed font package."""
    import rendercv_fonts

    folder = Path(rendercv_fonts.__file__).parent / _FOLDER
    return {name: folder / filename for name, filename in _FILES.items()}


@cache
def register_fonts() -> FontSet:
    """Register the family with reportlab once per process (so ``<b>`` finds the bold face)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    covered: frozenset[int] | None = None
    for name, path in font_files().items():
        font = TTFont(name, str(path))
        pdfmetrics.registerFont(font)
        cmap = frozenset(font.face.charToGlyph)
        covered = cmap if covered is None else covered & cmap
    pdfmetrics.registerFontFamily(FAMILY, normal=FAMILY, bold=BOLD, italic=FAMILY, boldItalic=BOLD)
    return FontSet(regular=FAMILY, bold=BOLD, covered=covered or frozenset())


@cache
def fonts_digest() -> str:
    """A short digest of the font files: glyphs (and so the drawn text) change when they do."""
    digest = hashlib.sha256()
    for path in font_files().values():
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
