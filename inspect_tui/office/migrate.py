"""The office register's schema: plain SQL files in ``migrations/``, applied in order and recorded.

``migrations/NNNN_name.sql`` is version NNNN. ``migrate`` applies the ones a database has not recorded, each
in one transaction with its row in ``schema_migrations`` (so a failed one leaves neither), under an
advisory lock (two officers' programs opening a new database at once apply each file once). A database
that records a version newer than this program knows is refused by name, before anything is applied: an
older program must not write what a newer one's schema means. A migration that adds a table grants it to
the ``inspect_officer`` and ``inspect_reader`` roles (``0002_roles.sql``) itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import psycopg

from inspect_tui.office.errors import SchemaOutdated, SchemaTooNew

_FILE = re.compile(r"(\d{4})_([a-z0-9_]+)\.sql")
#: pg_advisory_xact_lock key of the migrations (any fixed number; the program's own)
_LOCK = 0x1_7000_0007

_HISTORY = b"""
CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
)
"""


@dataclass(frozen=True)
class Migration:
    """One SQL file of ``migrations/``."""

    version: int
    name: str
    sql: bytes


@cache
def migrations() -> tuple[Migration, ...]:
    """The package's migrations, oldest first (numbered from 1 without gaps: a gap is the program's bug)."""
    found = []
    for entry in (resources.files(__package__) / "migrations").iterdir():
        match = _FILE.fullmatch(entry.name)
        if match:
            found.append(Migration(int(match[1]), match[2], entry.read_bytes()))
    found.sort(key=lambda m: m.version)
    assert [m.version for m in found] == list(range(1, len(found) + 1)), "migrations must be numbered 1, 2, … without gaps"
    return tuple(found)


def latest() -> int:
    """The schema version this program writes and reads."""
    return migrations()[-1].version


def where(conn: psycopg.Connection[Any]) -> str:
    """The database's URL without its password, for messages."""
    info = conn.info
    return f"postgresql://{info.user}@{info.host}:{info.port}/{info.dbname}"


def recorded(conn: psycopg.Connection[Any]) -> int:
    """The newest version the database records having applied; 0 for a database without the register's schema."""
    with conn.transaction():
        exists = conn.execute("SELECT to_regclass('schema_migrations') IS NOT NULL").fetchone()
        if not exists or not exists[0]:
            return 0
        row = conn.execute("SELECT max(version) FROM schema_migrations").fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def migrate(conn: psycopg.Connection[Any]) -> list[Migration]:
    """Create or upgrade the register's schema; returns the migrations applied now (none when it was current).

    ``SchemaTooNew`` when the database records a version this program does not know.
    """
    found = recorded(conn)
    if found > latest():
        raise SchemaTooNew(where(conn), found, latest())
    applied: list[Migration] = []
    if found == latest():  # current: nothing to lock or create (an officer's role may not create tables)
        return applied
    for migration in migrations():
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK,))
            conn.execute(_HISTORY)
            done = {int(v) for (v,) in conn.execute("SELECT version FROM schema_migrations").fetchall()}
            newest = max(done, default=0)
            if newest > latest():
                raise SchemaTooNew(where(conn), newest, latest())
            if migration.version in done:
                continue
            conn.execute(migration.sql)
            conn.execute("INSERT INTO schema_migrations (version, name) VALUES (%s, %s)", (migration.version, migration.name))
            applied.append(migration)
    return applied


def check(conn: psycopg.Connection[Any]) -> None:
    """For a reader: the database's schema must be exactly this program's (a reader never migrates)."""
    found = recorded(conn)
    if found > latest():
        raise SchemaTooNew(where(conn), found, latest())
    if found < latest():
        raise SchemaOutdated(where(conn), found, latest())
