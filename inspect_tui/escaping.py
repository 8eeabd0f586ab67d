"""User text on a terminal line, in a table or a CSV cell: shown, never acted on, never a second row.

Names, numbers and notes come from other laptops' bundles and from people; a terminal acts on
escape sequences and bidi overrides, and a line break in a name forged a row of
``inspections list``. ``terminal_safe`` is applied to every line a command prints;
``one_line`` to every piece of user text placed in a row (a table line, a CSV cell, a TUI cell).
"""

from __future__ import annotations

import re

#: Characters a terminal acts on or hides instead of showing: C0/C1 controls but newline and tab (ESC
#: starts ANSI/OSC sequences that recolour, retitle or rewrite the screen), bidi overrides and
#: isolates, zero-width and invisible formatting characters, line separators, lone surrogates, tags.
_UNSAFE = "\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff\U000e0000-\U000e007f"
_TERMINAL = re.compile(f"[{_UNSAFE}]")
#: the same, and the line breaks and tabs that split a row (``str.splitlines`` breaks on more than \n)
_ROW = re.compile(f"[\n\t{_UNSAFE}]")


def _escaped(match: re.Match[str]) -> str:
    units = match.group().encode("utf-16-be", "surrogatepass")
    return "".join(f"\\u{units[i]:02x}{units[i + 1]:02x}" for i in range(0, len(units), 2))


def terminal_safe(text: str) -> str:
    """``text`` with every unsafe character shown as ``\\uXXXX``: user data (names from an imported
    bundle) cannot drive the terminal, and JSON output stays valid JSON (the same escape)."""
    return _TERMINAL.sub(_escaped, text)


def one_line(text: str) -> str:
    """``text`` as one cell of a row: ``terminal_safe``, and line breaks and tabs escaped the same way."""
    return _ROW.sub(_escaped, text)
