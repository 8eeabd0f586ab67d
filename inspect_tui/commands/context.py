"""What every command handler gets: where the data is, and how to speak to the user."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO, TypeVar

from pydantic import BaseModel

from inspect_tui.domain.revalidate import max_length
from inspect_tui.escaping import terminal_safe
from inspect_tui.i18n import t
from inspect_tui.store_protocol import RegisterStore
from inspect_tui.stores import open_store, redact


class UserError(Exception):
    """A refused operation or bad input: printed without a traceback, exit code 1."""


V = TypeVar("V", str, list[str], list[Path])


def bounded(option: str, value: V, model: type[BaseModel], field: str) -> V:
    """An option's value (text, or the values of a repeated option) within what ``model`` keeps in ``field``:
    refused naming the option before the store is opened, as the TUI's input takes no more."""
    limit = max_length(model, field)
    if limit is not None and len(value) > limit:
        raise UserError(t("cli.too_long", option=option, length=len(value), limit=limit))
    return value


@dataclass
class Context:
    data_dir: Path
    #: the office register's URL (``--store``, ``INSPECT_TUI_STORE``); None: the data dir's file store
    store_url: str | None = None
    out: TextIO = field(default_factory=lambda: sys.stdout)
    err: TextIO = field(default_factory=lambda: sys.stderr)

    def open_store(self, *, writer: bool = True) -> RegisterStore:
        return open_store(self.data_dir, url=self.store_url, writer=writer)

    @property
    def register(self) -> str:
        """The register as messages name it: the office's URL without its password, or the data dir."""
        return redact(self.store_url) if self.store_url else str(self.data_dir)

    def print(self, text: str = "") -> None:
        """Every line a command prints passes here, so user data in it is escaped (``terminal_safe``)."""
        print(terminal_safe(text), file=self.out)

    def warn(self, text: str) -> None:
        print(terminal_safe(text), file=self.err)
