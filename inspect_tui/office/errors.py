"""The office register's own failures, in the user's language, naming the database (never its password)."""

from __future__ import annotations

from inspect_tui.i18n import t
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
