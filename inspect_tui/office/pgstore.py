"""The office register on PostgreSQL: the laptop store's contract (``RegisterStore``) for several officers at once.

What is kept where (``migrations/0001_register.sql``): every document as the exact JSON text the program
wrote (``body``, what is read back and validated as the file store validates its files, so a signed
inspection's sha256 stays byte-exact) beside a jsonb copy for queries; what lists and the register ask of
the inspections in relational tables written in the same transaction as the inspection (``summaries``,
``actions`` with ``action_rows`` and ``action_texts``), so a list never reads a document.

Concurrency: READ COMMITTED, one writer at a time, no retries. Every transaction first takes the register's
writer lock (``pg_advisory_xact_lock``, released at its commit or rollback), as a file store's writer holds
its data dir: the services read and then write inside one transaction (the next free number, then the new
inspection; the stored remedy, then it with a new version; the year's plan, then it edited) and rely on no
other writer landing in between, so two officers never take one number or lose each other's remedy or
plan entry. Reads take no lock and see what is committed. Saving an inspection also locks its row
(``SELECT … FOR UPDATE``; a new one is inserted with ``ON CONFLICT DO NOTHING`` and, when another writer
inserted it first, locked and checked like any stored one), then checks the stored copy's signature, then
writes: exactly one content of a signed inspection is ever stored and another gets ``InspectionLocked``.
SERIALIZABLE would add retries of whole imports without protecting anything more here.

Threads: one connection pool per store. A transaction takes a connection for the thread that opened it
(nested transactions on that thread join it; the outer one commits); another thread's reads use connections
of their own and see only what was committed, and its writes wait for the writer lock, as with the file store.
"""

from __future__ import annotations

import errno
import hashlib
import json
import platform
import socket
import threading
import uuid
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from enum import Enum
from operator import attrgetter
from pathlib import Path, PurePosixPath
from typing import Any, TypeVar
from uuid import UUID

import psycopg
from psycopg import sql
from psycopg.abc import Params, QueryNoTemplate
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool, PoolTimeout
from pydantic import BaseModel, TypeAdapter, ValidationError

from inspect_tui.bulk import bulk_validation
from inspect_tui.collation import sort_key
from inspect_tui.domain.actions import (
    ActionIndex,
    ActionKind,
    ActionRow,
    ActionTally,
    ActionText,
    PlainActions,
    RemedyRecord,
    SectionInspections,
    SignedActions,
)
from inspect_tui.domain.enterprise import Enterprise
from inspect_tui.domain.inspection import Evidence, Inspection, InspectionLocked, Status, same_or_appended, version
from inspect_tui.domain.plan import PlanEntry, YearPlan
from inspect_tui.domain.revalidate import readable
from inspect_tui.domain.settings import Settings
from inspect_tui.domain.summary import InspectionSummary, SummaryRow
from inspect_tui.domain.trash import Trashed
from inspect_tui.fsutil import ensure_dir
from inspect_tui.office import migrate
from inspect_tui.office.connect import connect
from inspect_tui.office.errors import ReadOnlyLogin, StoreUnavailable
from inspect_tui.office.url import redacted
from inspect_tui.store.errors import EditConflict, NotFound, StoreCorrupt, StoreWriteError
from inspect_tui.store_protocol import RegisterStore

_POOL_SIZE = 4  # the UI thread, a worker or two, and an import
_CONNECT_TIMEOUT_S = 10
_POOL_TIMEOUT_S = 30.0
#: every session reads and writes times in UTC and dates as ISO text, whatever the server's defaults
_SESSION = "-c TimeZone=UTC -c DateStyle=ISO"
_READ_ONLY = " -c default_transaction_read_only=on"
#: the advisory lock every writing transaction holds: one writer at a time, as a file store's lock makes it
_WRITER_LOCK = 0x696E_7370_6563_7400  # «inspect\0»

_SUMMARIES = TypeAdapter(list[InspectionSummary])
_SIGNED_ACTIONS = TypeAdapter(list[SignedActions])
_ACTION_TEXTS = TypeAdapter(dict[str, ActionText])
_REMEDIES = TypeAdapter(list[RemedyRecord])
_PLAN = TypeAdapter(list[PlanEntry])

#: columns named as the models name their fields: the tables are written and read from the models
_SUMMARY_COLUMNS = tuple(InspectionSummary.model_fields)
_ACTION_COLUMNS = tuple(f for f in SignedActions.model_fields if f != "rows")
_ROW_COLUMNS = tuple(ActionRow.model_fields)
#: a summary row's columns as ``SummaryRow.from_stored`` reads a stored summary (ids and dates as text)
_ROW_SELECT = sql.SQL(", ").join(
    sql.SQL("{0}::text AS {0}").format(sql.Identifier(c)) if c in {"id", "supersedes", "plan_entry", "started", "finished", "signed_at"}
    else sql.Identifier(c)
    for c in SummaryRow._fields
)
#: newest first, numbers compared as code points (as Python compares them), whatever the database's collation
_NEWEST_FIRST = sql.SQL('ORDER BY started DESC, number COLLATE "C" DESC, revision DESC, id DESC')

_EVERY = sql.SQL("")  # no WHERE: every summary

#: the council a plan query names, or (NULL) the one the settings name: the council the user works for
_COUNCIL = "COALESCE(%(council)s, (SELECT document->>'council_name' FROM settings), '')"

_D = TypeVar("_D", bound=BaseModel)

#: the ids of the signed inspections linked to the given ones by revisions and follow-ups, either way, at any depth
_LINKED = """
WITH RECURSIVE linked(id) AS (
    SELECT unnest(%s::uuid[])
    UNION
    SELECT other FROM linked l,
    LATERAL (
        SELECT supersedes FROM actions WHERE id = l.id UNION ALL SELECT follows_up FROM actions WHERE id = l.id
        UNION ALL SELECT id FROM actions WHERE supersedes = l.id UNION ALL SELECT id FROM actions WHERE follows_up = l.id
    ) AS step(other)
    WHERE other IS NOT NULL
)
SELECT id FROM actions JOIN linked USING (id)
"""


#: the plain ones of the given signed inspections (``PlainActions``): no revision, follow-up or remedy touches them
_PLAIN = """
WITH plain AS (
    SELECT a.id, a.edrpou FROM actions a
    WHERE a.id = ANY(%(ids)s::uuid[]) AND a.supersedes IS NULL AND a.follows_up IS NULL
        AND NOT EXISTS (SELECT FROM actions o WHERE o.supersedes = a.id)
        AND NOT EXISTS (SELECT FROM actions o WHERE o.follows_up = a.id)
        AND NOT EXISTS (SELECT FROM remedies m WHERE m.inspection_id = a.id)
)
"""
_PLAIN_ROWS = "FROM plain p JOIN action_rows r ON r.inspection_id = p.id JOIN action_texts t ON t.key = r.text"


class PgStore:
    """The register in a PostgreSQL database. Open with ``PgStore.open(url, data_dir)``; use as a context manager."""

    def __init__(self, url: str, data_dir: Path, pool: ConnectionPool, *, writer: bool) -> None:
        self.data_dir = data_dir
        self.where = redacted(url)
        self._pool = pool
        self._writer = writer
        self._local = threading.local()
        self.installation_id: UUID
        self.installation_name: str

    @classmethod
    def open(cls, url: str, data_dir: Path, *, writer: bool = True) -> PgStore:
        """Connect; a writer creates or upgrades the schema (``migrate``), a reader requires the current one.

        ``data_dir`` is the local folder (law texts, checklists, outputs) exactly as for the file store.
        A database newer than this program: ``SchemaTooNew``; a reader's database not yet upgraded:
        ``SchemaOutdated``; no connection (no server, a refused login, no such database): ``OfficeUnreachable``
        saying which; a failure after connecting: ``StoreUnavailable``.
        """
        data_dir = Path(data_dir)
        if writer:
            ensure_dir(data_dir)
        options = _SESSION if writer else _SESSION + _READ_ONLY
        try:
            with connect(url, autocommit=True, connect_timeout=_CONNECT_TIMEOUT_S, options=options) as conn:
                if writer:
                    migrate.migrate(conn)
                else:
                    migrate.check(conn)
                meta = conn.execute("SELECT installation_id, installation_name FROM meta").fetchone()
                if meta is None and writer:  # a new register: its installation is named once, by its first writer
                    meta = conn.execute(
                        "INSERT INTO meta (installation_id, installation_name) VALUES (%s, %s) ON CONFLICT (singleton) "
                        "DO UPDATE SET singleton = meta.singleton RETURNING installation_id, installation_name",
                        (uuid.uuid4(), socket.gethostname() or platform.node()),
                    ).fetchone()
        except psycopg.Error as exc:
            raise StoreUnavailable(redacted(url), _reason(exc)) from None
        pool = ConnectionPool(
            url, min_size=1, max_size=_POOL_SIZE, timeout=_POOL_TIMEOUT_S, open=True,
            kwargs={"options": options, "connect_timeout": _CONNECT_TIMEOUT_S}, check=ConnectionPool.check_connection,
        )
        store = cls(url, data_dir, pool, writer=writer)
        store.installation_id, store.installation_name = (meta[0], meta[1]) if meta else (UUID(int=0), "")
        return store

    def close(self) -> None:
        self._pool.close()

    def __enter__(self) -> PgStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def writable(self) -> bool:
        return self._writer

    # --- plumbing --------------------------------------------------------------------------------

    @property
    def _txn(self) -> psycopg.Connection[Any] | None:
        """The connection of the transaction the calling thread has open, if any."""
        conn: psycopg.Connection[Any] | None = getattr(self._local, "conn", None)
        return conn

    def _require_writer(self) -> None:
        if not self._writer:
            raise PermissionError("this store was opened read-only")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Group writes: all of them commit, or (after an exception, a lost connection) none do."""
        self._require_writer()
        if self._txn is not None:  # nested: the outer transaction commits
            yield
            return
        try:
            with self._pool.connection() as conn:  # commits when the block ends, rolls back on an exception
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (_WRITER_LOCK,))  # until the commit: see the module's docstring
                self._local.conn = conn
                try:
                    yield
                finally:
                    self._local.conn = None
        except psycopg.errors.InsufficientPrivilege as exc:
            raise ReadOnlyLogin(self.where, _reason(exc)) from None
        except (psycopg.Error, PoolTimeout) as exc:
            raise StoreWriteError(OSError(errno.EIO, _reason(exc), self.where)) from None

    @contextmanager
    def _cursor(self) -> Iterator[psycopg.Cursor[dict[str, Any]]]:
        """A cursor on the calling thread's transaction, or on a pooled connection for one reading."""
        conn = self._txn
        if conn is not None:
            with conn.cursor(row_factory=dict_row) as cur:
                yield cur
            return
        try:
            with self._pool.connection() as pooled, pooled.cursor(row_factory=dict_row) as cur:
                yield cur
        except (psycopg.OperationalError, psycopg.errors.InsufficientPrivilege, PoolTimeout) as exc:
            raise StoreUnavailable(self.where, _reason(exc)) from None

    def _one(self, query: QueryNoTemplate, params: Params = ()) -> dict[str, Any] | None:
        with self._cursor() as cur:
            return cur.execute(query, params).fetchone()

    def _all(self, query: QueryNoTemplate, params: Params = ()) -> list[dict[str, Any]]:
        with self._cursor() as cur:
            return cur.execute(query, params).fetchall()

    def _write(self, query: QueryNoTemplate, params: Params = ()) -> None:
        """Run one statement in a transaction (the calling thread's, or one of its own)."""
        with self.transaction(), self._cursor() as cur:
            cur.execute(query, params)

    # --- settings --------------------------------------------------------------------------------

    def get_settings(self) -> Settings:
        row = self._one("SELECT body FROM settings")
        return Settings() if row is None else _validated(Settings, row["body"], "settings", "settings")

    def settings_language(self) -> str | None:
        """The saved language alone (``get_settings`` checks them all), as the file store gives it."""
        row = self._one("SELECT document->>'language' AS language FROM settings")
        return None if row is None else row["language"]

    def save_settings(self, settings: Settings) -> None:
        """Write the settings. The council named for the first time adopts the plans saved before it had a name (under
        "", as a plan imported right after ``office init``), for the years it has none of its own: they were its plans,
        as a laptop's plans follow its settings. A council renamed keeps nothing automatically: a typo fixed and another
        council taken over look the same."""
        body, document = _texts(readable(Settings, settings.model_dump(mode="json")))
        with self.transaction(), self._cursor() as cur:
            cur.execute("SELECT document->>'council_name' AS council FROM settings")
            before = cur.fetchone()
            cur.execute(
                "INSERT INTO settings (body, document) VALUES (%s, %s::jsonb) "
                "ON CONFLICT (singleton) DO UPDATE SET body = EXCLUDED.body, document = EXCLUDED.document",
                (body, document),
            )
            if not (before and before["council"]) and settings.council_name:
                cur.execute(
                    "UPDATE plans SET council = %(council)s WHERE council = '' "
                    "AND year NOT IN (SELECT year FROM plans WHERE council = %(council)s)",
                    {"council": settings.council_name},
                )

    # --- enterprises -----------------------------------------------------------------------------

    def list_enterprises(self) -> list[Enterprise]:
        with bulk_validation():
            found = [_validated(Enterprise, r["body"], "enterprises", r["edrpou"]) for r in self._all("SELECT edrpou, body FROM enterprises")]
        return sorted(found, key=lambda e: sort_key(e.short_name))

    def get_enterprise(self, edrpou: str) -> Enterprise | None:
        row = self._one("SELECT body FROM enterprises WHERE edrpou = %s", (edrpou,))
        return None if row is None else _validated(Enterprise, row["body"], "enterprises", edrpou)

    def save_enterprise(self, enterprise: Enterprise) -> None:
        self.save_enterprises([enterprise])

    def save_enterprises(self, enterprises: list[Enterprise]) -> None:
        """Add or replace the registry entries with these ЄДРПОУ codes, each written only as it reads back."""
        rows = [(e.edrpou, *_texts(readable(Enterprise, e.model_dump(mode="json")))) for e in enterprises]
        with self.transaction(), self._cursor() as cur:
            cur.executemany(
                "INSERT INTO enterprises (edrpou, body, document) VALUES (%s, %s, %s::jsonb) "
                "ON CONFLICT (edrpou) DO UPDATE SET body = EXCLUDED.body, document = EXCLUDED.document",
                rows,
            )

    # --- inspection plans ------------------------------------------------------------------------

    #: a region's database keeps every council's plans, by council and year (``migrations/0006_council_plans.sql``)
    one_councils_plans = False

    def get_plan(self, year: int, council: str | None = None) -> list[PlanEntry]:
        row = self._one(f"SELECT body FROM plans WHERE year = %(year)s AND council = {_COUNCIL}", {"year": year, "council": _council(council)})
        return [] if row is None else list(_validated(_PLAN, row["body"], "plans", f"{council or ''}/{year}"))

    def plan_years(self) -> list[int]:
        return [int(r["year"]) for r in self._all("SELECT DISTINCT year FROM plans ORDER BY year")]

    def plan_councils(self, year: int) -> list[str]:
        return [r["council"] for r in self._all('SELECT council FROM plans WHERE year = %s ORDER BY council COLLATE "C"', (year,))]

    def save_plan(self, year: int, entries: list[PlanEntry], council: str | None = None) -> None:
        """Replace the year's whole plan of ``council`` (None: the settings' council) at once."""
        YearPlan(year=year, entries=entries)  # ValidationError (a ValueError): of one year, distinct, bounded
        body, document = _texts(readable(_PLAN, [e.model_dump(mode="json") for e in entries]))
        self._write(
            f"INSERT INTO plans (council, year, body, entries) VALUES ({_COUNCIL}, %(year)s, %(body)s, %(entries)s::jsonb) "
            "ON CONFLICT (council, year) DO UPDATE SET body = EXCLUDED.body, entries = EXCLUDED.entries",
            {"council": _council(council), "year": year, "body": body, "entries": document},
        )

    # --- inspections -----------------------------------------------------------------------------

    def _by_id(self, model: type[_D], table: str, key: UUID) -> _D:
        """The document of ``table`` with this id, validated (``NotFound`` when there is none)."""
        row = self._one(sql.SQL("SELECT body FROM {} WHERE id = %s").format(sql.Identifier(table)), (key,))
        if row is None:
            raise NotFound(str(key))
        found: _D = _validated(model, row["body"], table, str(key))
        return found

    def get_inspection(self, inspection_id: UUID) -> Inspection:
        return self._by_id(Inspection, "inspections", inspection_id)

    def has_inspection(self, inspection_id: UUID) -> bool:
        return self._one("SELECT 1 FROM inspections WHERE id = %s", (inspection_id,)) is not None

    def save_inspection(self, inspection: Inspection, *, edited_from: Inspection | None = None) -> None:
        """Persist an inspection with its summary and actions, its row locked first (see the module's docstring).

        A signed inspection already stored is never overwritten with other content (``InspectionLocked``);
        objections received after signing may only be appended; one whose content does not match its sha256
        is refused (``ValueError``); an edit of a copy another officer's save has overtaken is refused
        (``EditConflict``, see the protocol).
        """
        self._require_writer()
        problems = inspection.integrity_problems()
        if problems:
            raise ValueError(f"inspection {inspection.number}: {'; '.join(problems)}")
        body, document = _texts(readable(Inspection, inspection.model_dump(mode="json")))
        with self.transaction(), self._cursor() as cur:
            if edited_from is not None:
                stored_version = cur.execute(  # locked until this transaction ends
                    "SELECT s.updated_at, jsonb_array_length(i.document->'history') AS history FROM inspections i "
                    "JOIN summaries s USING (id) WHERE i.id = %s FOR UPDATE OF i", (inspection.id,),
                ).fetchone()
                if stored_version is not None and (stored_version["updated_at"], stored_version["history"]) != version(edited_from):
                    raise EditConflict(inspection.number)
                if stored_version is None and cur.execute("SELECT 1 FROM trash WHERE id = %s", (inspection.id,)).fetchone() is not None:
                    raise EditConflict(inspection.number, trashed=True)
            while True:
                locked = cur.execute("SELECT 1 FROM inspections WHERE id = %s FOR UPDATE", (inspection.id,)).fetchone()
                if locked is not None:  # its status read by a statement of its own: one that sees the commit it waited for
                    stored = cur.execute("SELECT status FROM summaries WHERE id = %s", (inspection.id,)).fetchone() or {"status": None}
                    break
                cur.execute(
                    "INSERT INTO inspections (id, body, document) VALUES (%s, %s, %s::jsonb) ON CONFLICT (id) DO NOTHING",
                    (inspection.id, body, document),
                )
                if cur.rowcount == 1:
                    break
                # another officer inserted it after our look and before our insert: lock it and check it
            if locked is not None:
                if stored["status"] in (Status.SIGNED.value, None):  # signed, or without its summary: look at the document
                    current = self.get_inspection(inspection.id)
                    if current.status is Status.SIGNED and not same_or_appended(current, inspection):
                        raise InspectionLocked(f"inspection {current.number} is signed and cannot be overwritten")
                cur.execute("UPDATE inspections SET body = %s, document = %s::jsonb WHERE id = %s", (body, document, inspection.id))
            self._index(cur, [inspection])

    def save_inspections(self, inspections: Sequence[Inspection]) -> None:
        """Persist these inspections as ``save_inspection`` does, in one transaction: the new ones with a few
        statements for all of them (a register moved in is 100,000), a stored one locked and checked as
        ``save_inspection`` checks it."""
        self._require_writer()
        documents = {}
        for inspection in inspections:
            problems = inspection.integrity_problems()
            if problems:
                raise ValueError(f"inspection {inspection.number}: {'; '.join(problems)}")
            documents[inspection.id] = _texts(readable(Inspection, inspection.model_dump(mode="json")))
        with self.transaction(), self._cursor() as cur:
            if len(documents) != len(inspections):  # one given twice: saved twice, one by one (the later wins)
                for inspection in inspections:
                    self.save_inspection(inspection)
                return
            cur.executemany(  # one pipeline; a text[] of documents would be escaped by psycopg in Python, byte by byte
                "INSERT INTO inspections (id, body, document) VALUES (%s, %s, %s::jsonb) ON CONFLICT (id) DO NOTHING RETURNING id",
                [(key, body, document) for key, (body, document) in documents.items()],
                returning=True,
            )
            inserted: set[UUID] = set()
            while True:
                inserted.update(r["id"] for r in cur.fetchall())
                if not cur.nextset():
                    break
            self._index(cur, [i for i in inspections if i.id in inserted], fresh=True)
            for inspection in inspections:  # stored already (or by another officer meanwhile): locked and checked
                if inspection.id not in inserted:
                    self.save_inspection(inspection)

    def _index(self, cur: psycopg.Cursor[dict[str, Any]], inspections: Sequence[Inspection], *, fresh: bool = False) -> None:
        """Write what the register derives from these inspections: their summaries, and the signed ones' actions.

        ``fresh``: inserted by this transaction, so nothing derived from them is stored yet."""
        summaries = [InspectionSummary.of(i).model_dump() for i in inspections]
        summary = _upsert("summaries", _SUMMARY_COLUMNS, "id") if not fresh else _insert("summaries", _SUMMARY_COLUMNS)
        cur.executemany(summary, [[_column(s[c]) for c in _SUMMARY_COLUMNS] for s in summaries])
        if not fresh:
            cur.execute("DELETE FROM actions WHERE id = ANY(%s::uuid[])", (_uuid_array(i.id for i in inspections),))
        texts: dict[str, ActionText] = {}
        heads: list[list[Any]] = []
        rows: list[tuple[Any, ...]] = []
        for inspection in inspections:
            if inspection.status is not Status.SIGNED:
                continue
            entry, found = SignedActions.of(inspection)
            texts.update(found)
            fields = entry.model_dump()
            heads.append([_column(fields[c]) for c in _ACTION_COLUMNS])
            rows.extend((entry.id, n, *(_column(row[c]) for c in _ROW_COLUMNS)) for n, row in enumerate(fields["rows"]))
        cur.executemany(
            "INSERT INTO action_texts (key, section, question) VALUES (%s, %s, %s) ON CONFLICT (key) DO NOTHING",
            [(key, _text(text.section), _text(text.question)) for key, text in sorted(texts.items())],
        )
        cur.executemany(_insert("actions", _ACTION_COLUMNS), heads)
        cur.executemany(_insert("action_rows", ("inspection_id", "position", *_ROW_COLUMNS)), rows)

    def inspection_ids(self) -> list[UUID]:
        return [r["id"] for r in self._all("SELECT id FROM inspections ORDER BY id")]

    def list_summaries(self) -> list[InspectionSummary]:
        """Every inspection's summary, newest first, from the ``summaries`` table."""
        return self._summaries(sql.SQL(""))

    def year_summaries(self, year: int, council: str | None = None) -> list[InspectionSummary]:
        """The year's summaries (one council's signed ones), newest first: a range of the ``summaries_started``
        (or ``summaries_council``) index."""
        where = sql.SQL("WHERE started >= {} AND started < {}").format(date(year, 1, 1), date(year + 1, 1, 1))
        if council is not None:
            where = sql.SQL("{} AND council = {}").format(where, _text(council))
        return self._summaries(where)

    def councils(self) -> list[str]:
        return [r["council"] for r in self._all("SELECT DISTINCT council COLLATE \"C\" AS council FROM summaries WHERE council <> '' ORDER BY 1")]

    def plan_rows(self, entry_ids: Collection[UUID], council: str | None = None) -> list[SummaryRow]:
        """The rows carrying out these plan entries (with ``council``: its signed ones and the unsigned ones),
        newest first, by the ``summaries_plan_entry`` index."""
        where = sql.SQL("WHERE plan_entry = ANY({}::uuid[])").format(_uuid_array(entry_ids))
        if council is not None:
            where = sql.SQL("{} AND council IN ({}, '')").format(where, _text(council))
        return self._rows(where)

    def _summaries(self, where: sql.Composable) -> list[InspectionSummary]:
        rows = self._all(sql.SQL("SELECT {} FROM summaries {} {}").format(_columns(_SUMMARY_COLUMNS), where, _NEWEST_FIRST))
        with bulk_validation():
            try:
                return _SUMMARIES.validate_python(rows)
            except ValidationError as exc:
                raise _corrupt(exc, "summaries", lambda n: str(rows[n]["id"])) from None

    def summary_rows(self, progress: Callable[[int, int], None] | None = None) -> list[SummaryRow]:
        """Every inspection's summary as a plain checked row, newest first, from the ``summaries`` table."""
        found = self._rows()
        if progress is not None:
            progress(len(found), len(found))
        return found

    def first_rows(self, limit: int) -> list[SummaryRow]:
        """The newest ``limit`` rows in the home's order: one walk of the ``summaries_newest`` index."""
        return self._rows(limit=limit)

    def _rows(self, where: sql.Composable = _EVERY, *, limit: int | None = None) -> list[SummaryRow]:
        """Summary rows selected as ``_ROW_SELECT`` names them, newest first, each checked (a bad one: ``StoreCorrupt``)."""
        query = sql.SQL("SELECT {} FROM summaries {} {}").format(_ROW_SELECT, where, _NEWEST_FIRST)
        if limit is not None:
            query = sql.SQL("{} LIMIT {}").format(query, sql.Literal(limit))
        found = []
        for doc in self._all(query):
            try:
                found.append(SummaryRow.from_stored(doc))
            except ValueError as exc:
                raise StoreCorrupt(_where("summaries", str(doc["id"])), None, f"{self.where}: {exc}") from None
        return found

    def reindex(self) -> int:
        """Rewrite every summary and action from the inspections' documents; returns how many were read."""
        count = 0
        with self.transaction():
            conn = self._txn
            assert conn is not None
            with conn.cursor(name="reindex") as documents, self._cursor() as cur:
                cur.execute("DELETE FROM summaries")
                cur.execute("DELETE FROM actions")
                documents.execute("SELECT id, body FROM inspections ORDER BY id")
                for inspection_id, body in documents:
                    self._index(cur, [_validated(Inspection, body, "inspections", str(inspection_id))])
                    count += 1
        return count

    # --- the trash of deleted drafts -------------------------------------------------------------

    def trash_inspection(self, inspection_id: UUID, now: datetime) -> Trashed:
        """Move an unsigned inspection into the trash in one transaction (a signed one: ``InspectionLocked``)."""
        self._require_writer()
        with self.transaction(), self._cursor() as cur:
            if cur.execute("SELECT 1 FROM inspections WHERE id = %s FOR UPDATE", (inspection_id,)).fetchone() is None:
                raise NotFound(str(inspection_id))
            trashed = Trashed(deleted_at=now, inspection=self.get_inspection(inspection_id))
            if not trashed.deletable:
                raise InspectionLocked(f"inspection {trashed.inspection.number} is signed and is never deleted")
            body = _json(readable(Trashed, trashed.model_dump(mode="json")))
            cur.execute(
                "INSERT INTO trash (id, deleted_at, body) VALUES (%s, %s, %s) "
                "ON CONFLICT (id) DO UPDATE SET deleted_at = EXCLUDED.deleted_at, body = EXCLUDED.body",
                (inspection_id, trashed.deleted_at, body),
            )
            cur.execute("DELETE FROM inspections WHERE id = %s", (inspection_id,))  # its summary and actions go with it
        return trashed

    def trashed(self) -> list[Trashed]:
        """The deleted drafts that can be restored (not back in the register), the last deleted first."""
        rows = self._all("SELECT t.id, t.body FROM trash t WHERE NOT EXISTS (SELECT FROM inspections i WHERE i.id = t.id)")
        found: list[Trashed] = [_validated(Trashed, r["body"], "trash", str(r["id"])) for r in rows]
        return sorted(found, key=attrgetter("deleted_at"), reverse=True)

    def get_trashed(self, inspection_id: UUID) -> Trashed:
        return self._by_id(Trashed, "trash", inspection_id)

    def restore_trashed(self, inspection_id: UUID) -> Inspection:
        """Put a deleted draft back as it was, and drop its copy in the trash, in one transaction."""
        with self.transaction():
            inspection = self.get_trashed(inspection_id).inspection
            if self.has_inspection(inspection_id):
                raise ValueError(f"inspection {inspection_id} is in the store already")
            self.save_inspection(inspection)
            self._write("DELETE FROM trash WHERE id = %s", (inspection_id,))
        return inspection

    # --- the register's actions and remedies ------------------------------------------------------

    def action_index(self) -> ActionIndex:
        """What the register needs of every signed inspection, from the ``actions`` tables (no document is read)."""
        return self._action_index(None)

    def linked_actions(self, inspection_ids: Collection[UUID]) -> ActionIndex:
        """The entries linked to these inspections (``ActionIndex.linked``), found by a recursive query over the
        actions' ``supersedes`` and ``follows_up`` links, either way (each of them indexed)."""
        return self._action_index(_uuid_array(r["id"] for r in self._all(_LINKED, (_uuid_array(inspection_ids),))))

    def _action_index(self, ids: str | None) -> ActionIndex:
        """The action index of these inspections (``_uuid_array``; None: of all)."""
        where, params = (sql.SQL(""), ()) if ids is None else (sql.SQL("WHERE {} = ANY(%s::uuid[])"), (ids,))
        with self._cursor() as cur:
            heads = cur.execute(
                sql.SQL("SELECT {} FROM actions {} ORDER BY id").format(_columns(_ACTION_COLUMNS), where.format(sql.Identifier("id"))), params
            ).fetchall()
            rows = cur.execute(
                sql.SQL("SELECT inspection_id, {} FROM action_rows {} ORDER BY inspection_id, position").format(
                    _columns(_ROW_COLUMNS), where.format(sql.Identifier("inspection_id"))
                ),
                params,
            ).fetchall()
            texts = cur.execute(
                sql.SQL("SELECT key, section, question FROM action_texts WHERE key IN (SELECT text FROM action_rows {})").format(
                    where.format(sql.Identifier("inspection_id"))
                ),
                params,
            ).fetchall()
        by_inspection: dict[UUID, list[dict[str, Any]]] = {}
        for row in rows:
            by_inspection.setdefault(row.pop("inspection_id"), []).append(row)
        docs = [{**head, "rows": by_inspection.get(head["id"], [])} for head in heads]
        with bulk_validation():
            try:
                entries = _SIGNED_ACTIONS.validate_python(docs)
            except ValidationError as exc:
                raise _corrupt(exc, "actions", lambda n: str(docs[n]["id"])) from None
            try:
                by_key = _ACTION_TEXTS.validate_python({r["key"]: {"section": r["section"], "question": r["question"]} for r in texts})
            except ValidationError as exc:
                raise _corrupt(exc, "action_texts", lambda key: str(key)) from None
        return ActionIndex(entries, by_key)

    def plain_actions(self, inspection_ids: Collection[UUID], today: date) -> PlainActions:
        """The plain ones of these inspections' actions, counted by the database (``PlainActions.of`` says what)."""
        params = {"ids": _uuid_array(inspection_ids), "today": today}
        with self._cursor() as cur:
            ids = cur.execute(_PLAIN + "SELECT id FROM plain", params).fetchall()
            tallies = cur.execute(
                _PLAIN + "SELECT p.edrpou, split_part(r.item_number, '.', 1) AS head, t.section, r.kind, "
                "COALESCE(r.deadline < %(today)s, false) AS overdue, count(*) AS actions, count(r.notice_sent_on) AS notified "
                + _PLAIN_ROWS + " GROUP BY 1, 2, 3, 4, 5",
                params,
            ).fetchall()
            sections = cur.execute(
                _PLAIN + "SELECT split_part(r.item_number, '.', 1) AS head, t.section, count(DISTINCT p.id) AS inspections "
                + _PLAIN_ROWS + " GROUP BY 1, 2",
                params,
            ).fetchall()
        try:
            counted = [ActionTally(**{**r, "kind": ActionKind(r["kind"])}) for r in tallies]
        except ValueError as exc:
            raise StoreCorrupt(_where("action_rows", "kind"), None, str(exc)) from None
        return PlainActions(
            frozenset(r["id"] for r in ids), sorted(counted), sorted(SectionInspections(**r) for r in sections)
        )

    def remedy_records(self) -> list[RemedyRecord]:
        """Every recorded remedy (a damaged one is named, never skipped: it is what the inspector recorded)."""
        return self._remedies(sql.SQL(""))

    def remedy_records_of(self, inspection_ids: Collection[UUID]) -> list[RemedyRecord]:
        """The remedies of these inspections' actions, by the remedies' primary key."""
        return self._remedies(sql.SQL("WHERE inspection_id = ANY({}::uuid[])").format(_uuid_array(inspection_ids)))

    def _remedies(self, where: sql.Composable) -> list[RemedyRecord]:
        rows = self._all(sql.SQL("SELECT inspection_id, item_id, body FROM remedies {} ORDER BY inspection_id, item_id").format(where))
        with bulk_validation():
            return [_validated(RemedyRecord, r["body"], "remedies", f"{r['inspection_id']}/{r['item_id']}") for r in rows]

    def get_remedy(self, inspection_id: UUID, item_id: str) -> RemedyRecord | None:
        row = self._one("SELECT body FROM remedies WHERE inspection_id = %s AND item_id = %s", (inspection_id, item_id))
        return None if row is None else _validated(RemedyRecord, row["body"], "remedies", f"{inspection_id}/{item_id}")

    def save_remedy(self, record: RemedyRecord) -> None:
        """Store the remedy record of one action key (replacing the one before: it is in the new one's history)."""
        self._require_writer()
        body, document = _texts(readable(RemedyRecord, record.model_dump(mode="json")))
        self._write(
            "INSERT INTO remedies (inspection_id, item_id, body, document) VALUES (%s, %s, %s, %s::jsonb) "
            "ON CONFLICT (inspection_id, item_id) DO UPDATE SET body = EXCLUDED.body, document = EXCLUDED.document",
            (record.inspection_id, record.item_id, body, document),
        )

    # --- small files -----------------------------------------------------------------------------

    def write_file(self, relative: str, data: bytes) -> None:
        """Keep ``data`` under a relative POSIX path (inside the open transaction, if any)."""
        self._write(
            "INSERT INTO files (path, data) VALUES (%s, %s) ON CONFLICT (path) DO UPDATE SET data = EXCLUDED.data",
            (_relative(relative), data),
        )

    def read_file(self, relative: str) -> bytes | None:
        row = self._one("SELECT data FROM files WHERE path = %s", (_relative(relative),))
        return None if row is None else bytes(row["data"])

    def list_files(self, folder: str) -> list[str]:
        """Relative paths of the files under ``folder`` at any depth, sorted."""
        prefix = _relative(folder) + "/"
        return [r["path"] for r in self._all('SELECT path FROM files WHERE starts_with(path, %s) ORDER BY path COLLATE "C"', (prefix,))]

    # --- evidence --------------------------------------------------------------------------------

    def add_evidence(self, source: Path) -> Evidence:
        data = Path(source).read_bytes()
        return Evidence(filename=Path(source).name, sha256=self.save_evidence(data), size=len(data))

    def save_evidence(self, data: bytes) -> str:
        """Keep these bytes once, by their sha256; returns it."""
        self._require_writer()
        digest = hashlib.sha256(data).hexdigest()
        self._write("INSERT INTO evidence (sha256, data) VALUES (%s, %s) ON CONFLICT (sha256) DO NOTHING", (digest, data))
        return digest

    def has_evidence(self, sha256: str) -> bool:
        return self._one("SELECT 1 FROM evidence WHERE sha256 = %s", (sha256,)) is not None

    def read_evidence(self, sha256: str) -> bytes | None:
        row = self._one("SELECT data FROM evidence WHERE sha256 = %s", (sha256,))
        return None if row is None else bytes(row["data"])

    def evidence_location(self, sha256: str) -> str:
        return f"{self.where} (evidence {sha256})"


_: type[RegisterStore] = PgStore  # mypy checks that the office store keeps the store contract


def _json(data: Any) -> str:
    """The JSON text a document is kept as (and read back from): compact, in the model's field order, UTF-8."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def _texts(data: Any) -> tuple[str, str]:
    """A document's exact text and the text of its jsonb copy for queries (U+0000, which jsonb refuses, as U+FFFD)."""
    body = _json(data)
    return body, (_json(_without_nul(data)) if "\\u0000" in body else body)


def _council(council: str | None) -> str | None:
    """A council as the plans' column keeps it (None: the settings' council, looked up by the query)."""
    return None if council is None else _text(council)


def _without_nul(data: Any) -> Any:
    if isinstance(data, str):
        return _text(data)
    if isinstance(data, list):
        return [_without_nul(v) for v in data]
    if isinstance(data, dict):
        return {_text(k): _without_nul(v) for k, v in data.items()}
    return data


def _text(value: str) -> str:
    """A text column's copy of a value: PostgreSQL's text cannot hold U+0000 (the document keeps it)."""
    return value.replace("\x00", "\ufffd")


def _column(value: Any) -> Any:
    """A model field's value as its column takes it (enums by value, texts without U+0000)."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, list):
        return [_column(v) for v in value]
    return value


def _uuid_array(ids: Iterable[UUID]) -> str:
    """Ids as one array literal for ``%s::uuid[]``: psycopg dumps a list of 100,000 UUIDs one by one in Python."""
    return "{" + ",".join(map(str, ids)) + "}"


def _columns(names: tuple[str, ...]) -> sql.Composable:
    return sql.SQL(", ").join(map(sql.Identifier, names))


def _insert(table: str, names: tuple[str, ...]) -> sql.Composed:
    return sql.SQL("INSERT INTO {} ({}) VALUES ({})").format(
        sql.Identifier(table), _columns(names), sql.SQL(", ").join(sql.Placeholder() * len(names))
    )


def _upsert(table: str, names: tuple[str, ...], key: str) -> sql.Composed:
    updates = sql.SQL(", ").join(sql.SQL("{0} = EXCLUDED.{0}").format(sql.Identifier(n)) for n in names if n != key)
    return sql.SQL("{} ON CONFLICT ({}) DO UPDATE SET {}").format(_insert(table, names), sql.Identifier(key), updates)


def _relative(path: str) -> str:
    """A file's relative POSIX path as the file store would resolve it under its data dir; none that leaves it."""
    parts = PurePosixPath(path).parts
    if not parts or path.startswith("/") or any(p in {"..", "."} for p in parts) or "\x00" in path:
        raise ValueError(f"not a relative path inside the register: {path!r}")
    return "/".join(parts)


def _where(table: str, key: str) -> Path:
    """Where a damaged row is, as ``StoreCorrupt`` names it: the table and the row's key."""
    return Path(PurePosixPath(table, key))


def _validated(model: type[BaseModel] | TypeAdapter[Any], body: str, table: str, key: str) -> Any:
    """A stored document validated as the file store validates its files; invalid data is ``StoreCorrupt``."""
    try:
        data = json.loads(body)
        return model.validate_python(data) if isinstance(model, TypeAdapter) else model.model_validate(data)
    except ValidationError as exc:
        raise _corrupt(exc, table, key=key) from None
    except ValueError as exc:  # not JSON
        raise StoreCorrupt(_where(table, key), None, str(exc)) from None


def _corrupt(exc: ValidationError, table: str, key_of: Callable[[Any], str] | None = None, key: str = "") -> StoreCorrupt:
    """``StoreCorrupt`` naming the table, the row's key and the problem; ``key_of`` finds the key of a list's
    (or a dict's) row from the first place of the error."""
    first = exc.errors(include_url=False)[0]
    loc = list(first["loc"])
    if key_of is not None and loc:
        key = key_of(loc.pop(0))
    return StoreCorrupt(_where(table, key), None, f"{'.'.join(str(p) for p in loc)}: {first['msg']}")


def _reason(exc: BaseException) -> str:
    """The first line of a database error, for a message (psycopg's messages never hold the password)."""
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
