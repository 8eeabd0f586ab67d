"""Which register a command or the app opens: the laptop's files in the data dir, or an office's PostgreSQL.

The choice is a URL (``--store`` or ``INSPECT_TUI_STORE``); without one the data dir's file store opens,
as it always has. The PostgreSQL store is imported only when a URL names it, so a laptop never loads
psycopg. Every way of failing to reach the office register is a ``StoreError`` whose message names the
URL with its password taken out (``redact``): a command prints it, and a printed password is a leak.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from inspect_tui.office.url import redact
from inspect_tui.store import Store, StoreError
from inspect_tui.store_protocol import RegisterStore

__all__ = ["STORE_ENV", "OfficeExtraMissing", "StoreUrlRefused", "is_office_url", "office_driver", "open_office", "open_store", "redact", "store_url"]

STORE_ENV = "INSPECT_TUI_STORE"
PG_SCHEMES = ("postgresql", "postgres")
_DRIVER = ("psycopg", "psycopg_pool", "psycopg_binary")
_OFFICE_URL = re.compile(rf"(?:{'|'.join(PG_SCHEMES)})://", re.IGNORECASE)


def store_url(given: str | None) -> str | None:
    """The register's URL: the option's, else the environment's; None (or blank) for the data dir's files."""
    url = given if given is not None else os.environ.get(STORE_ENV)
    return url if url and url.strip() else None


def is_office_url(url: str) -> bool:
    return _OFFICE_URL.match(url) is not None


_SHOWN_CHARS = 200  # of a refused value: enough to recognise it, never a screenful


class StoreUrlRefused(StoreError):
    """The value given for the register is not a URL this program opens."""

    def __init__(self, url: str) -> None:
        shown = redact(url)
        self.url = shown if len(shown) <= _SHOWN_CHARS else shown[:_SHOWN_CHARS] + "…"
        super().__init__(f"not a register URL: {self.url}")


class OfficeExtraMissing(StoreError):
    """A PostgreSQL URL was given, and the driver (the ``office`` extra) is not installed."""

    def __init__(self, url: str) -> None:
        super().__init__(f"psycopg is not installed, needed for {redact(url)}")
        self.url = redact(url)


@contextmanager
def office_driver(url: str) -> Iterator[None]:
    """Around code that imports the office extra: a missing driver is ``OfficeExtraMissing``. (A connection
    the server refused or never answered is ``OfficeUnreachable``, from ``office.connect`` itself.)"""
    try:
        yield
    except ImportError as exc:
        if exc.name and exc.name.split(".")[0] in _DRIVER:
            raise OfficeExtraMissing(url) from None
        raise


def open_office(url: str, data_dir: Path, *, writer: bool = True) -> RegisterStore:
    """Open the PostgreSQL register at ``url`` (``data_dir`` keeps the local files: law texts, outputs)."""
    with office_driver(url):
        from inspect_tui.office.pgstore import PgStore

        return PgStore.open(url, data_dir, writer=writer)


def open_store(data_dir: Path, *, url: str | None = None, writer: bool = True, check_index: bool = True) -> RegisterStore:
    """The register ``url`` names (a PostgreSQL URL), else the file store in ``data_dir``.

    ``check_index`` is the file store's (see ``Store.open``); the office register keeps no index to check.
    """
    if url is None:
        return Store.open(data_dir, writer=writer, check_index=check_index)
    if not is_office_url(url):
        raise StoreUrlRefused(url)
    return open_office(url, data_dir, writer=writer)
