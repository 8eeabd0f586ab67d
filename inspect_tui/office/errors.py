"""The office register's own failures, in the user's language, naming the database (never its password)."""

from __future__ import annotations

import re
from enum import StrEnum
from urllib.parse import urlsplit

from inspect_tui.i18n import t
from inspect_tui.office.url import HIDDEN, redact
from inspect_tui.store.errors import StoreError, StoreVersionError


class SchemaTooNew(StoreVersionError):
    """The database was upgraded by a newer version of the program: this one must not write (or read) it."""

    def __init__(self, where: str, found: int, supported: int) -> None:
        super().__init__(where, found, supported)


class SchemaOutdated(StoreError):
    """A reader found a database not yet created or upgraded to this program's schema (a writer migrates)."""

    def __init__(self, where: str, found: int, supported: int) -> None:
        super().__init__(t("office_store.schema_outdated", url=where, found=found, supported=supported))
        self.where = where
        self.found = found
        self.supported = supported


class StoreUnavailable(StoreError):
    """The register's server could not be reached, or refused to answer a reading."""

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(t("office_store.unavailable", url=where, reason=reason))
        self.where = where
        self.reason = reason


class ReadOnlyLogin(StoreError):
    """The server refused a write: the login the program connected as may only read the register (the
    council's management, role ``inspect_reader``). Nothing was changed."""

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(t("office_store.read_only_login", url=where, reason=reason))
        self.where = where
        self.reason = reason


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
    detail = " ".join(text.split())
    try:
        password = urlsplit(url).password
    except ValueError:
        password = None
    if password:
        detail = detail.replace(password, HIDDEN)
    return OfficeUnreachable(url, reason, redact(detail))
