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
from urllib.parse import SplitResult, urlsplit, urlunsplit

from inspect_tui.store import Store, StoreError
from inspect_tui.store_protocol import RegisterStore

STORE_ENV = "INSPECT_TUI_STORE"
PG_SCHEMES = ("postgresql", "postgres")
_HIDDEN = "***"
_DRIVER = ("psycopg", "psycopg_pool", "psycopg_binary")
_OFFICE_URL = re.compile(rf"(?:{'|'.join(PG_SCHEMES)})://", re.IGNORECASE)
_PASSWORD_PARAM = re.compile(r"(password\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s&;]*)", re.IGNORECASE)


def redact(url: str) -> str:
    """``url`` as it may be printed: the password (in the user part, or as a ``password=`` parameter) replaced by ***."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
        if parts.password is not None and parts.username is not None and host is not None:
            host = f"[{host}]" if ":" in host else host
            netloc = f"{parts.username}:{_HIDDEN}@{host}" + (f":{parts.port}" if parts.port else "")
            url = urlunsplit(SplitResult(parts.scheme, netloc, parts.path, parts.query, parts.fragment))
    except ValueError:  # not a URL one can take apart (a bad port): hide whatever follows a colon before an @
        url = re.sub(r":[^:@/]*@", f":{_HIDDEN}@", url)
    return _PASSWORD_PARAM.sub(lambda m: m.group(1) + _HIDDEN, url)


def store_url(given: str | None) -> str | None:
    """The register's URL: the option's, else the environment's; None (or blank) for the data dir's files."""
    url = given if given is not None else os.environ.get(STORE_ENV)
    return url if url and url.strip() else None


def is_office_url(url: str) -> bool:
    return _OFFICE_URL.match(url) is not None


class StoreUrlRefused(StoreError):
    """The value given for the register is not a URL this program opens."""

    def __init__(self, url: str) -> None:
        super().__init__(f"not a register URL: {redact(url)}")
        self.url = redact(url)


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


def unreachable(url: str, exc: Exception) -> OfficeUnreachable:
    """The connection failure ``exc`` (a psycopg ``OperationalError``) as what a person can act on.

    A refusal by the server carries an SQLSTATE; a failure with none never reached a server.
    psycopg's own text names the host and user, never the password; it is scrubbed all the same.
    """
    state = getattr(exc, "sqlstate", None)
    if state in _PASSWORD_STATES:
        reason = Unreachable.PASSWORD
    elif state in _DATABASE_STATES:
        reason = Unreachable.DATABASE
    elif state is None:
        reason = Unreachable.SERVER
    else:
        reason = Unreachable.OTHER
    detail = " ".join(str(exc).split())
    password = urlsplit(url).password if "://" in url else None
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
        psycopg = sys.modules.get("psycopg")  # loaded by then whenever it could have raised
        if psycopg is not None and isinstance(exc, psycopg.OperationalError):
            raise unreachable(url, exc) from None
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
