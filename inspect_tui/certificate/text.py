"""User text → reportlab paragraph markup that cannot break the parser or print blank boxes.

Paragraph text is parsed as mini-XML, so every user string passes through
``markup``: characters the font cannot draw (emoji, scripts it lacks, control
and bidi-override characters) become a visible ``[U+XXXX]`` so nothing is lost
or hidden, then the text is escaped with ``html.escape`` (not reportlab's
``escapeOnce``, which would print a literal "&amp;" as "&") and newlines
become ``<br/>``. Very long words are split by the paragraph style
(``splitLongWords``), so they wrap inside table cells.
"""

from __future__ import annotations

import html
import unicodedata
from typing import Callable

#: Invisible characters that only hint at line breaking or byte order: dropping them changes nothing visible.
_INVISIBLE = frozenset("\u00ad\u200b\u2060\ufeff")
_LINE_BREAKS = str.maketrans({"\r": "\n", "\x0b": "\n", "\x0c": "\n", "\x85": "\n", "\u2028": "\n", "\u2029": "\n"})
#: Categories never drawn as they are: controls, format (bidi overrides...), surrogates, private use, unassigned.
_NOT_DRAWN = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})


def visible_text(text: str, has_glyph: Callable[[int], bool]) -> str:
    """``text`` with every character the font cannot show replaced by its code point(s) in brackets."""
    text = text.replace("\r\n", "\n").translate(_LINE_BREAKS).replace("\t", " ")
    out: list[str] = []
    missing: list[str] = []
    for ch in text:
        if ch in _INVISIBLE:
            continue
        drawable = ch in "\n " or (unicodedata.category(ch) not in _NOT_DRAWN and has_glyph(ord(ch)))
        if drawable:
            if missing:
                out.append(f"[{' '.join(missing)}]")
                missing.clear()
            out.append(ch)
        else:
            missing.append(f"U+{ord(ch):04X}")
    if missing:
        out.append(f"[{' '.join(missing)}]")
    return "".join(out)


def markup(text: str, has_glyph: Callable[[int], bool]) -> str:
    """Safe paragraph markup for user text: visible substitutes, XML escaped, newlines kept."""
    return html.escape(visible_text(text, has_glyph), quote=True).replace("\n", "<br/>")
