"""What every command handler gets: where the data is, and how to speak to the user."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from inspect_tui.store import Store

#: Characters a terminal acts on or hides instead of showing: C0/C1 controls but newline and tab (ESC
#: starts ANSI/OSC sequences that recolour, retitle or rewrite the screen), bidi overrides and
#: isolates, zero-width and invisible formatting characters, line separators, lone surrogates, tags.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f"
    "\ufeff\ufff9-\ufffb\ud800-\udfff\U000e0000-\U000e007f]"
)


def _escaped(match: re.Match[str]) -> str:
    units = match.group().encode("utf-16-be", "surrogatepass")
    return "".join(f"\\u{units[i]:02x}{units[i + 1]:02x}" for i in range(0, len(units), 2))


def terminal_safe(text: str) -> str:
    """``text`` with every unsafe character shown as ``\\uXXXX``: user data (names from an imported
    bundle) cannot drive the terminal, and JSON output stays valid JSON (the same escape)."""
    return _UNSAFE.sub(_escaped, text)


class UserError(Exception):
    """A refused operation or bad input: printed without a traceback, exit code 1."""


@dataclass
class Context:
    data_dir: Path
    out: TextIO = field(default_factory=lambda: sys.stdout)
    err: TextIO = field(default_factory=lambda: sys.stderr)

    def open_store(self, *, writer: bool = True) -> Store:
        return Store.open(self.data_dir, writer=writer)

    def print(self, text: str = "") -> None:
        """Every line a command prints passes here, so user data in it is escaped (``terminal_safe``)."""
        print(terminal_safe(text), file=self.out)

    def warn(self, text: str) -> None:
        print(terminal_safe(text), file=self.err)
