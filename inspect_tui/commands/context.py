"""What every command handler gets: where the data is, and how to speak to the user."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from inspect_tui.escaping import terminal_safe
from inspect_tui.store import Store


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
