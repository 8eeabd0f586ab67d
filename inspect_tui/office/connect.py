"""The one place a connection to the register's server is made and its failure told apart."""

from __future__ import annotations

from typing import Any

import psycopg

from inspect_tui.office.errors import unreachable


def connect(url: str, **kwargs: Any) -> psycopg.Connection[Any]:
    """A connection to ``url``; the server not answering, refusing the login, or lacking the database is
    ``OfficeUnreachable`` saying which (``Unreachable``), classified here where psycopg's error is caught."""
    try:
        return psycopg.connect(url, **kwargs)
    except psycopg.OperationalError as exc:
        raise unreachable(url, exc) from None
