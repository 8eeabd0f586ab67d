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
import re
import unicodedata
from functools import cache

#: Invisible characters that only hint at line breaking or byte order: dropping them changes nothing visible.
_INVISIBLE = frozenset("\u00ad\u200b\u2060\ufeff")
_LINE_BREAKS = str.maketrans({"\r": "\n", "\x0b": "\n", "\x0c": "\n", "\x85": "\n", "\u2028": "\n", "\u2029": "\n"})
#: Categories never drawn as they are: controls, format (bidi overrides...), surrogates, private use, unassigned.
_NOT_DRAWN = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})


@cache
def _undrawable_runs(covered: frozenset[int]) -> re.Pattern[str]:
    """A pattern matching runs of characters outside the drawable set (compiled once per font)."""
    drawable = sorted({cp for cp in covered if unicodedata.category(chr(cp)) not in _NOT_DRAWN} | {ord("\n"), ord(" ")})
    ranges: list[list[int]] = []
    for cp in drawable:
        if ranges and cp == ranges[-1][1] + 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    members = "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)
    return re.compile(f"[^{members}]+")


def _code_points(match: re.Match[str]) -> str:
    codes = [f"U+{ord(ch):04X}" for ch in match.group() if ch not in _INVISIBLE]
    return f"[{' '.join(codes)}]" if codes else ""


def visible_text(text: str, covered: frozenset[int]) -> str:
    """``text`` with every run of characters the font cannot show replaced by their code points in brackets."""
    text = text.replace("\r\n", "\n").translate(_LINE_BREAKS).replace("\t", " ")
    return _undrawable_runs(covered).sub(_code_points, text)


def markup(text: str, covered: frozenset[int]) -> str:
    """Safe paragraph markup for user text: visible substitutes, XML escaped, newlines kept."""
    return html.escape(visible_text(text, covered), quote=True).replace("\n", "<br/>")
