"""Which register a command or the app opens: the laptop's files in the data dir, or an office's PostgreSQL.

The choice is a URL (``--store`` or ``INSPECT_TUI_STORE``); without one the data dir's file store opens,
as it always has. The PostgreSQL store is imported only when a URL names it, so a laptop never loads
psycopg. Every way of failing to reach the office register is a ``StoreError`` whose message names the
URL with its password taken out (``redact``): a command prints it, and a printed password is a leak.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from urllib.parse import urlsplit

from inspect_tui.office.errors import StoreUnavailable
from inspect_tui.office.url import redacted
from inspect_tui.store import Store, StoreError
from inspect_tui.store_protocol import RegisterStore

STORE_ENV = "INSPECT_TUI_STORE"
PG_SCHEMES = ("postgresql", "postgres")
_HIDDEN = "***"
_DRIVER = ("psycopg", "psycopg_pool", "psycopg_binary")
_OFFICE_URL = re.compile(rf"(?:{'|'.join(PG_SCHEMES)})://", re.IGNORECASE)
_PASSWORD_PARAM = re.compile(r"(password\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s&;]*)", re.IGNORECASE)


def redact(url: str) -> str:
    """``url`` as it may be printed: without its password (``office.url.redacted``), even when it is not a URL
    that can be taken apart (then whatever stands between a colon and an @, or after ``password=``, is hidden)."""
    try:
        return redacted(url)
    except ValueError:  # e.g. an unclosed [ of an IPv6 host
        return _PASSWORD_PARAM.sub(lambda m: m.group(1) + _HIDDEN, re.sub(r":[^:@/]*@", f":{_HIDDEN}@", url))


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


class Unreachable(StrEnum):
    """Why the office register could not be opened, as far as a person can act on it."""

    SERVER = "server"  # nothing answers at that host and port (or the network is down)
    PASSWORD = "password"  # the server refused the user or its password
    DATABASE = "database"  # the server has no database of that name
    OTHER = "other"


class OfficeUnreachable(StoreError):
    """The office server did not let us in; ``reason`` says which way, ``url`` is redacted."""

    def __init__(self, url: str, reason: Unreachable, detail: str) -> None:
        super().__init__(f"{redact(url)}: {reason.value}: {detail}")
        self.url = redact(url)
        self.reason = reason
        self.detail = detail


#: SQLSTATE of a refused login (invalid_password, invalid_authorization_specification) and of a missing database
_PASSWORD_STATES = {"28P01", "28000"}
_DATABASE_STATES = {"3D000"}
#: libpq reports a refused connection as text only (no SQLSTATE): the server's words for the same refusals
_PASSWORD_TEXT = re.compile(r"password authentication failed|no password supplied|authentication failed|role \"[^\"]*\" does not exist")
_DATABASE_TEXT = re.compile(r"database \"[^\"]*\" does not exist")


def unreachable(url: str, exc: Exception) -> OfficeUnreachable:
    """The connection failure ``exc`` (a psycopg ``OperationalError``) as what a person can act on.

    A refusal by the server carries an SQLSTATE or the server's FATAL text; a failure with neither never
    reached a server. psycopg's own text names the host and user, never the password; it is scrubbed all the same.
    """
    state, text = getattr(exc, "sqlstate", None), str(exc)
    if state in _PASSWORD_STATES or _PASSWORD_TEXT.search(text):
        reason = Unreachable.PASSWORD
    elif state in _DATABASE_STATES or _DATABASE_TEXT.search(text):
        reason = Unreachable.DATABASE
    elif state is None and "FATAL" not in text:
        reason = Unreachable.SERVER
    else:
        reason = Unreachable.OTHER
    detail = " ".join(str(exc).split())
    try:
        password = urlsplit(url).password
    except ValueError:
        password = None
    if password:
        detail = detail.replace(password, _HIDDEN)
    return OfficeUnreachable(url, reason, redact(detail))


@contextmanager
def office_driver(url: str) -> Iterator[None]:
    """Around code that imports the office extra and connects to ``url``: a missing driver is
    ``OfficeExtraMissing``, a connection the server refused or never answered is ``OfficeUnreachable``."""
    try:
        yield
    except ImportError as exc:
        if exc.name and exc.name.split(".")[0] in _DRIVER:
            raise OfficeExtraMissing(url) from None
        raise
    except Exception as exc:
        # PgStore.open says «unavailable» whatever the cause; the connection's own error tells which it was
        failure = exc.__context__ if isinstance(exc, StoreUnavailable) else exc
        psycopg = sys.modules.get("psycopg")  # loaded by then whenever it could have raised
        if psycopg is not None and isinstance(failure, psycopg.OperationalError):
            raise unreachable(url, failure) from None
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
