"""The local store: one small TinyDB file per inspection, a sharded summary index, and the registry.

Layout of a data dir::

    meta.json              schema version, installation id, settings
    enterprises.json       the enterprise registry
    plans.json             the yearly inspection plans of the settings' council, one document per year
    inspections/<id>.json  one inspection per file
    index/<xx>.json        summaries, sharded by the first two hex digits of the id
    actions/<xx>.json      the «Ні» of each signed inspection (the register's actions) and their texts, sharded the same way
    remedies/<xx>.json     the inspector's remedy records, by the shard of their inspection
    evidence/<sha256>      attached scans and photos, by content hash
    trash/<id>.json        deleted drafts, each with when it was deleted, until restored
    first_rows.json        the newest summary rows: the home's first page (``store/first_page.py``)
    .lock                  one writer per data dir

Saving a finding rewrites one inspection file and one index shard, so its cost
does not grow with the number of inspections; the home screen reads 256 small
shards instead of every inspection.

The inspection files are the truth; the index only makes listing cheap. A shard
that does not parse or does not list exactly the inspections whose files exist
is read around (the summaries of its inspections come from their files) and, in
a writer, rebuilt at once; a writer checks the index when it opens the store (the
app's, with ``check_index=False``, at its first listing or save instead). The home
screen reads the index as plain checked rows (``summary_rows``); the CLI, export and
doctor read pydantic summaries (``list_summaries``). The models and pydantic are imported
by the methods that need them (``store/checks.py``): opening a store and ``summary_rows``
load none, which is most of what the app does before its home shows its first rows.

One ``Store`` is shared by the app's UI thread and its workers: a re-entrant lock
serialises every read and transaction, and the open transaction belongs to the
thread that opened it, so a save made while a worker imports is neither staged in
the import nor rolled back with it.
"""

from __future__ import annotations

import os
import platform
import re
import socket
import threading
import uuid
from collections.abc import Callable, Collection, Iterator, Mapping, MutableMapping, Sequence
from contextlib import contextmanager, nullcontext
from datetime import UTC, date, datetime
from functools import wraps
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar
from uuid import UUID

from tinydb import Query, TinyDB
from tinydb.table import Document

from inspect_tui.bulk import bulk_validation
from inspect_tui.domain.status import Status
from inspect_tui.domain.summary_row import SummaryRow
from inspect_tui.fsutil import BACKUP_SUFFIX, atomic_write_bytes, ensure_dir
from inspect_tui.store.atomic import Transaction, dump_json, pending, recover, remove_stale_temps
from inspect_tui.store.errors import EditConflict, NotFound, StoreCorrupt, StoreError, StoreLocked, StoreVersionError, StoreWriteError
from inspect_tui.store.first_page import FILE as FIRST_ROWS
from inspect_tui.store.first_page import Head, Place, place_of
from inspect_tui.store.lock import LockHeld, WriterLock
from inspect_tui.store.storage import AtomicJSONStorage, good_backup

if TYPE_CHECKING:  # the models are imported by the methods that need them: listing the home's rows needs none
    from inspect_tui.domain.actions import ActionIndex, ActionText, PlainActions, RemedyRecord, SignedActions
    from inspect_tui.domain.enterprise import Enterprise
    from inspect_tui.domain.inspection import Evidence, Inspection
    from inspect_tui.domain.plan import PlanEntry
    from inspect_tui.domain.settings import Settings
    from inspect_tui.domain.summary import InspectionSummary
    from inspect_tui.domain.trash import Trashed

SCHEMA_VERSION = 4


def _reindex(store: Store) -> None:
    store.reindex()


#: schema version → function upgrading a data dir from that version to the next
MIGRATIONS: dict[int, Callable[[Store], None]] = {
    1: _reindex,  # 2: summaries count «Ні» on practice items apart, as shortcomings
    # 3: summaries keep signs of an official's breach apart from violations, and the plan entry (the
    # register's plan reads the index, not the inspections); a reader of a store not yet migrated reads
    # such shards around from the files, as it does any shard whose summaries fail their check
    2: _reindex,
    # 4: the newest rows kept apart (first_rows.json), written with every summary; an older program refuses the
    # store rather than change summaries without it (it would be read around, never trusted, until rewritten);
    # and summaries name the council of their sign-off's issuer (a council's annual report): all rewritten once
    3: _reindex,
}

_ONE = 1  # the doc id of single-document tables
_ID_FILE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.json")
INSPECTIONS = "inspections"
INDEX = "index"
ACTIONS = "actions"
TEXTS = "texts"
REMEDIES = "remedies"
TRASH = "trash"
#: the action index's format, a table of its own (every top-level value of a store file is a table):
#: a shard of another version is read around and rebuilt (2: signs of an official's breach are their
#: own kind, never «violation» as version 1 wrote them, and carry the notice's date)
FORMAT = "format"
ACTIONS_FORMAT = {"version": 2}
PLANS = "plans.json"

_P = ParamSpec("_P")
_R = TypeVar("_R")
_Row = TypeVar("_Row", "InspectionSummary", SummaryRow)
#: the home's order, newest first when reversed (the id last: two rows never tie, as in the office's ORDER BY)
_NEWEST = attrgetter("started", "number", "revision", "id")


def _locked(method: Callable[Concatenate[Store, _P], _R]) -> Callable[Concatenate[Store, _P], _R]:
    """Run under the store's lock: no thread reads files another thread's commit is replacing."""

    @wraps(method)
    def run(self: Store, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        with self._mutex:
            return method(self, *args, **kwargs)

    return run


class Store:
    """Repository over a data dir. Open with ``Store.open(path)``; use as a context manager."""

    def __init__(self, data_dir: Path, lock: WriterLock | None) -> None:
        self.data_dir = data_dir
        self._lock = lock
        self._mutex = threading.RLock()
        self._local = threading.local()
        self._pending: dict[Path, Path] = {}
        self._index_checked = False  # set once a writer has checked (and repaired) the index
        self.installation_id: UUID
        self.installation_name: str

    @property
    def _txn(self) -> Transaction | None:
        """The transaction the calling thread has open, if any."""
        txn: Transaction | None = getattr(self._local, "txn", None)
        return txn

    @_txn.setter
    def _txn(self, txn: Transaction | None) -> None:
        self._local.txn = txn

    # --- opening ---------------------------------------------------------------------------------

    @classmethod
    def open(cls, data_dir: Path, *, writer: bool = True, check_index: bool = True) -> Store:
        """Open (creating if needed) a data dir.

        A writer takes the data dir's lock (a second writer gets ``StoreLocked``),
        finishes any interrupted transaction, removes stale temp files, runs
        migrations and rebuilds a damaged index. ``check_index=False`` leaves that
        check to the writer's first listing or save (the app lists at once, in a
        worker, so its home screen shows without reading the index twice; a save
        that comes first checks it before writing). A reader takes no lock and
        writes nothing: writes are atomic, so it sees whole files, and it reads
        an interrupted transaction as finished (``atomic.pending``).
        """
        data_dir = Path(data_dir)
        lock = None
        if writer:
            ensure_dir(data_dir)
            lock = WriterLock(data_dir / ".lock")
            try:
                lock.acquire()
            except LockHeld:
                raise StoreLocked(data_dir, _read_holder(data_dir)) from None
            _write_holder(data_dir)
        store = cls(data_dir, lock)
        try:
            if writer:
                recover(data_dir)
                remove_stale_temps(data_dir)
            else:
                store._pending = pending(data_dir)
            with store.transaction() if writer else nullcontext():  # creating or migrating: one commit
                store._open_meta(writer)
            if writer and check_index:
                try:
                    store.repair_index()
                except StoreCorrupt:
                    pass  # a damaged inspection file: listing names it, doctor reports it; opening must not fail
        except BaseException:
            store.close()
            raise
        return store

    def _open_meta(self, writer: bool) -> None:
        meta = self._db("meta.json").table("meta")
        stored = meta.get(doc_id=_ONE)
        doc: Mapping[str, Any]
        if stored is None:
            if not writer:
                self.installation_id, self.installation_name = uuid.UUID(int=0), ""
                return
            doc = {
                "schema_version": SCHEMA_VERSION,
                "installation_id": str(uuid.uuid4()),
                "installation_name": socket.gethostname() or platform.node(),
                "created_at": _now().isoformat(),
            }
            meta.upsert(Document(doc, doc_id=_ONE))
            self._keep_first_rows([])  # a new store's newest rows: none, of no inspection files
        else:
            doc = stored
        try:
            version = int(doc["schema_version"])
            self.installation_id = UUID(doc["installation_id"])
            self.installation_name = str(doc.get("installation_name", ""))
        except (KeyError, ValueError, TypeError) as exc:
            path = self.data_dir / "meta.json"
            raise StoreCorrupt(path, good_backup(path), f"bad metadata: {exc}") from None
        if version > SCHEMA_VERSION:
            raise StoreVersionError(self.data_dir, version, SCHEMA_VERSION)
        while version < SCHEMA_VERSION and writer:
            MIGRATIONS[version](self)
            version += 1
            meta.update({"schema_version": version}, doc_ids=[_ONE])

    def close(self) -> None:
        if self._lock is not None and self._lock.is_locked:
            (self.data_dir / ".lock.info").unlink(missing_ok=True)
            self._lock.release()
        self._lock = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def writable(self) -> bool:
        return self._lock is not None

    # --- plumbing --------------------------------------------------------------------------------

    def _db(self, relative: str) -> TinyDB:
        path = self.data_dir / relative
        return TinyDB(path, storage=AtomicJSONStorage, transaction=lambda: self._txn, resolve=self._resolve)

    def _resolve(self, path: Path) -> Path:
        """The file holding ``path``'s committed content: the temp file of an interrupted transaction, if any."""
        tmp = self._pending.get(path)
        return tmp if tmp is not None and tmp.exists() else path

    def _exists(self, path: Path) -> bool:
        txn = self._txn
        if txn is not None and txn.removes(path):
            return False
        return (txn is not None and txn.staged(path) is not None) or self._resolve(path).exists()

    def _json_names(self, folder: str) -> set[str]:
        """Names of the ``*.json`` files of a folder as this store sees them: on disk, pending, or staged by this thread.

        Names, not paths: listing 10,000 inspections is on the home screen's path.
        """
        directory = self.data_dir / folder
        try:
            names = {name for name in os.listdir(directory) if name.endswith(".json")}  # no DirEntry per name: ~40% faster
        except (FileNotFoundError, NotADirectoryError):
            names = set()
        txn = self._txn
        extra = [*self._pending, *(txn.staged_paths() if txn is not None else [])]
        names.update(p.name for p in extra if p.parent == directory and p.suffix == ".json")
        if txn is not None:
            names.difference_update(p.name for p in txn.removed_paths() if p.parent == directory)
        return names

    def _stored_ids(self) -> set[str]:
        """Ids (canonical strings) of the inspection files: the truth the index is checked against."""
        return {name[:-5] for name in self._json_names(INSPECTIONS) if _ID_FILE.fullmatch(name)}

    def _require_writer(self) -> None:
        if self._lock is None:
            raise PermissionError("this store was opened read-only")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Group writes: all of them land, or (after a crash or an exception) none do."""
        self._require_writer()
        with self._mutex:
            txn = self._txn
            if txn is not None:  # nested: the outer transaction commits
                yield
                return
            txn = self._txn = Transaction(self.data_dir)
            try:
                # an earlier commit of this process failed past its commit point: finish it before this
                # one writes a new journal over it (or replaces a file it still has to replace)
                recover(self.data_dir)
                self._pending = {}
                yield
                txn.commit()
            except BaseException as exc:
                txn.rollback()
                # failed past its commit point: the change happened; read it as done until it is finished
                self._pending = pending(self.data_dir)
                if isinstance(exc, OSError) and not isinstance(exc, StoreError):  # disk full, stick removed
                    raise StoreWriteError(exc) from None
                raise
            finally:
                self._txn = None

    # --- settings --------------------------------------------------------------------------------

    @_locked
    def get_settings(self) -> Settings:
        from pydantic import ValidationError

        from inspect_tui.domain.settings import Settings

        doc = self._db("meta.json").table("settings").get(doc_id=_ONE)
        if doc is None:
            return Settings()
        try:
            return Settings.model_validate(dict(doc))
        except ValidationError as exc:
            path = self.data_dir / "meta.json"
            raise StoreCorrupt(path, good_backup(path), f"settings: {exc.error_count()} invalid value(s)") from None

    @_locked
    def settings_language(self) -> str | None:
        """The language saved in the settings, read without checking the rest (``get_settings`` checks them all): the
        app picks its language before it loads pydantic. None when no text is saved; the caller checks it speaks it."""
        doc = self._db("meta.json").table("settings").get(doc_id=_ONE)
        language = None if doc is None else doc.get("language")
        return language if isinstance(language, str) else None

    def save_settings(self, settings: Settings) -> None:
        from inspect_tui.domain.revalidate import readable
        from inspect_tui.domain.settings import Settings

        doc = readable(Settings, settings.model_dump(mode="json"))
        with self.transaction():
            self._db("meta.json").table("settings").upsert(Document(doc, doc_id=_ONE))

    # --- enterprises -----------------------------------------------------------------------------

    @_locked
    def list_enterprises(self) -> list[Enterprise]:
        from inspect_tui.collation import sort_key
        from inspect_tui.domain.enterprise import Enterprise
        from inspect_tui.store.checks import validated

        path = self.data_dir / "enterprises.json"
        result = []
        for doc in self._db("enterprises.json").table("enterprises").all():
            result.append(validated(Enterprise, dict(doc), path))
        return sorted(result, key=lambda e: sort_key(e.short_name))

    @_locked
    def get_enterprise(self, edrpou: str) -> Enterprise | None:
        from inspect_tui.domain.enterprise import Enterprise
        from inspect_tui.store.checks import validated

        doc = self._db("enterprises.json").table("enterprises").get(Query().edrpou == edrpou)
        return None if doc is None else validated(Enterprise, dict(doc), self.data_dir / "enterprises.json")

    def save_enterprise(self, enterprise: Enterprise) -> None:
        """Add or replace the registry entry with this ЄДРПОУ code."""
        self.save_enterprises([enterprise])

    def save_enterprises(self, enterprises: list[Enterprise]) -> None:
        """Add or replace the registry entries with these ЄДРПОУ codes: one pass over the registry, not one per entry.

        Each is written only as the read path will take it back (``readable``)."""
        from inspect_tui.domain.enterprise import Enterprise
        from inspect_tui.domain.revalidate import readable

        changed = {e.edrpou: readable(Enterprise, e.model_dump(mode="json")) for e in enterprises}
        with self.transaction():
            table = self._db("enterprises.json").table("enterprises")
            stored = {doc["edrpou"]: doc.doc_id for doc in table.all() if doc.get("edrpou") in changed}

            def replace(doc: MutableMapping[str, Any]) -> None:
                new = changed[doc["edrpou"]]
                doc.clear()
                doc.update(new)

            if stored:
                table.update(replace, doc_ids=list(stored.values()))
            table.insert_multiple([data for code, data in changed.items() if code not in stored])

    # --- inspection plans ------------------------------------------------------------------------

    #: a laptop keeps its own council's plans: the plans in plans.json are the settings' council's
    one_councils_plans = True

    def _plan_of_mine(self, council: str | None) -> bool:
        """Whether ``council`` is the one whose plans this store keeps (None: the settings', the user's)."""
        return council is None or council == self.get_settings().council_name

    @_locked
    def get_plan(self, year: int, council: str | None = None) -> list[PlanEntry]:
        """The year's plan as saved (empty when there is none, or ``council`` is not the settings' council)."""
        from inspect_tui.store.checks import PLAN, validated

        if not self._plan_of_mine(council):
            return []
        doc = self._db(PLANS).table("plans").get(Query().year == year)
        return [] if doc is None else list(validated(PLAN, doc.get("entries"), self.data_dir / PLANS))

    @_locked
    def plan_years(self) -> list[int]:
        """Years that have a saved plan, oldest first."""
        return sorted(int(doc["year"]) for doc in self._db(PLANS).table("plans").all() if isinstance(doc.get("year"), int))

    def plan_councils(self, year: int) -> list[str]:
        """The settings' council when the year has a plan: the one council whose plans a laptop keeps."""
        return [self.get_settings().council_name] if year in self.plan_years() else []

    def save_plan(self, year: int, entries: list[PlanEntry], council: str | None = None) -> None:
        """Replace the year's whole plan at once (an import, an edit or a removal of one entry); another
        council's plan than the settings' is refused (``OtherCouncilsPlan``): a laptop keeps its own council's."""
        from inspect_tui.domain.plan import OtherCouncilsPlan, YearPlan
        from inspect_tui.domain.revalidate import readable
        from inspect_tui.store.checks import PLAN

        if council is not None and not self._plan_of_mine(council):
            raise OtherCouncilsPlan(council, self.get_settings().council_name)
        YearPlan(year=year, entries=entries)  # ValidationError (a ValueError): of one year, distinct, bounded
        doc = {"year": year, "entries": readable(PLAN, [e.model_dump(mode="json") for e in entries])}
        with self.transaction():
            self._db(PLANS).table("plans").upsert(doc, Query().year == year)

    # --- inspections -----------------------------------------------------------------------------

    def _inspection_path(self, inspection_id: UUID) -> Path:
        return self.data_dir / INSPECTIONS / f"{inspection_id}.json"

    @staticmethod
    def _shard(inspection_id: UUID) -> str:
        return f"{INDEX}/{inspection_id.hex[:2]}.json"

    @_locked
    def get_inspection(self, inspection_id: UUID) -> Inspection:
        from inspect_tui.domain.inspection import Inspection
        from inspect_tui.store.checks import validated

        path = self._inspection_path(inspection_id)
        if not self._exists(path):
            raise NotFound(str(inspection_id))
        doc = self._db(f"{INSPECTIONS}/{inspection_id}.json").table("inspection").get(doc_id=_ONE)
        if doc is None:
            raise StoreCorrupt(path, good_backup(path), "no inspection in the file")
        return validated(Inspection, dict(doc), path)

    @_locked
    def has_inspection(self, inspection_id: UUID) -> bool:
        return self._exists(self._inspection_path(inspection_id))

    def save_inspections(self, inspections: Sequence[Inspection]) -> None:
        """Persist these inspections together, each as ``save_inspection`` persists it."""
        with self.transaction():
            for inspection in inspections:
                self.save_inspection(inspection)

    def save_inspection(self, inspection: Inspection, *, edited_from: Inspection | None = None) -> None:
        """Persist an inspection and its summary together.

        A signed inspection already in the store is never overwritten with
        different content (``InspectionLocked``); a signed one whose content does
        not match its sha256 is refused; an edit of a copy that is no longer the
        stored version is refused (``EditConflict``, see the protocol: here, with one
        writer and one clock, the index's ``updated_at`` tells the versions apart).
        """
        from inspect_tui.domain.inspection import Inspection, InspectionLocked, same_or_appended
        from inspect_tui.domain.revalidate import readable
        from inspect_tui.domain.summary import InspectionSummary

        self._require_writer()
        problems = inspection.integrity_problems()
        if problems:
            raise ValueError(f"inspection {inspection.number}: {'; '.join(problems)}")
        doc = readable(Inspection, inspection.model_dump(mode="json"))
        with self._mutex:
            self._check_index_once()
        with self.transaction():
            existed = self.has_inspection(inspection.id)
            shard = self._db(self._shard(inspection.id)).table("summaries")
            indexed = shard.get(Query().id == str(inspection.id))
            if edited_from is not None:
                self._check_edited_from(inspection, edited_from, existed=existed, indexed=indexed)
            # the index tells cheaply whether a signed version is stored; without an entry, look at the file
            if (indexed is not None and indexed.get("status") == Status.SIGNED.value) or (indexed is None and existed):
                current = self.get_inspection(inspection.id)
                if current.status is Status.SIGNED and not same_or_appended(current, inspection):
                    raise InspectionLocked(f"inspection {current.number} is signed and cannot be overwritten")
            # the file holds this one document: write it whole instead of letting TinyDB read it back first
            db = self._db(f"{INSPECTIONS}/{inspection.id}.json")
            db.storage.write({"inspection": {str(_ONE): doc}})
            txn = self._txn
            if txn is not None:  # always, inside this block; keeps long imports small in memory
                txn.freeze(self._inspection_path(inspection.id))
            summary = InspectionSummary.of(inspection).model_dump(mode="json")
            shard.upsert(summary, Query().id == summary["id"])
            self._first_rows_changed(summary["id"], place_of(SummaryRow.from_stored(summary)), added=not existed, removed=False)
            self._index_actions(inspection)

    def _check_edited_from(self, inspection: Inspection, edited_from: Inspection, *, existed: bool, indexed: Mapping[str, Any] | None) -> None:
        """``EditConflict`` unless the stored version is still the one ``edited_from`` was read as (by the index's
        ``updated_at``: one writer, one clock), or when the draft went to the trash meanwhile."""
        from inspect_tui.domain.inspection import version

        if not existed:
            if self._exists(self._trash_path(inspection.id)):
                raise EditConflict(inspection.number, trashed=True)
            return
        if indexed is not None:
            same = datetime.fromisoformat(indexed["updated_at"]) == edited_from.updated_at
        else:
            same = version(self.get_inspection(inspection.id)) == version(edited_from)
        if not same:
            raise EditConflict(inspection.number)

    @_locked
    def inspection_ids(self) -> list[UUID]:
        """Every stored inspection, from the files themselves (the truth the index is checked against)."""
        return sorted(UUID(i) for i in self._stored_ids())  # other names are not inspections (doctor reports them)

    @_locked
    def list_summaries(self) -> list[InspectionSummary]:
        """Every inspection's summary, newest first, from the index where it is sound, else from the files.

        Shards are read through the storage directly (no TinyDB table per file)
        and validated in bulk. A writer rebuilds the shards it had to read around.
        """
        from inspect_tui.domain.summary import InspectionSummary
        from inspect_tui.store.checks import SUMMARIES

        with bulk_validation():
            summaries = self._read_index(SUMMARIES.validate_python, InspectionSummary.of)
        return sorted(summaries, key=_NEWEST, reverse=True)

    @_locked
    def summary_rows(self, progress: Callable[[int, int], None] | None = None) -> list[SummaryRow]:
        """Every inspection's summary as a plain row, newest first: what the home screen waits for at start.

        The same reading as ``list_summaries`` (a shard that does not list exactly the
        inspection files, or whose rows fail their check, is read around from the files
        and rebuilt by a writer), but each row is a checked tuple instead of a model.
        ``progress(read, total)`` is called as shards are read.
        """
        with bulk_validation():
            rows = sorted(self._read_index(_rows_of, _row_of, progress), key=_NEWEST, reverse=True)
        if self.writable:
            self._keep_first_rows(rows)
        return rows

    @_locked
    def first_rows(self, limit: int) -> list[SummaryRow]:
        """The newest ``limit`` rows in the home's order: the places ``first_rows.json`` keeps, when it describes exactly
        the inspection files, filled from their sound shards (``store/first_page.py`` says why they are true), else
        the whole index's first rows."""
        ids = self._stored_ids()
        head = self._first_rows_file()
        places = None if head is None else head.places_for(ids, limit)
        rows = None if places is None else self._rows_at(places, ids)
        return self.summary_rows()[:limit] if rows is None else rows

    def _rows_at(self, places: list[Place], ids: set[str]) -> list[SummaryRow] | None:
        """The rows at these places, read from their shards; None when a shard is not sound (as the whole read checks
        it) or a row is not at its place there. Reads only the page's shards (a page of 50: about 45 of 256)."""
        expected: dict[str, set[str]] = {place[3][:2]: set() for place in places}
        for inspection_id in ids:
            if inspection_id[:2] in expected:
                expected[inspection_id[:2]].add(inspection_id)
        shards: dict[str, dict[str, Any]] = {}
        for prefix, shard_ids in expected.items():
            docs = self._shard_docs(self.data_dir / INDEX / f"{prefix}.json")
            if docs is None or set(docs) != shard_ids:
                return None
            shards[prefix] = docs
        try:
            rows = [SummaryRow.from_stored(shards[place[3][:2]][place[3]]) for place in places]
        except ValueError:
            return None
        return rows if [place_of(row) for row in rows] == places else None

    def _first_rows_file(self) -> Head | None:
        try:
            return Head.from_stored(self._db(FIRST_ROWS).storage.read())
        except StoreCorrupt:
            return None

    def _keep_first_rows(self, rows: list[SummaryRow]) -> None:
        """After a whole read: rewrite the newest rows when they differ from what was read (mends any missed change)."""
        head = Head.of(rows, self._stored_ids())
        if head != self._first_rows_file():
            with self.transaction():
                self._db(FIRST_ROWS).storage.write(head.stored())

    def _first_rows_changed(self, inspection_id: str, place: Place | None, *, added: bool, removed: bool) -> None:
        """Keep the newest rows' places in step with one summary's change (inside its transaction); with no sound
        file there is nothing to keep: the next whole read by a writer writes it."""
        head = self._first_rows_file()
        if head is None:
            return
        new = head.changed(inspection_id, place, added=added, removed=removed)
        if new != head:  # an autosave that moves no row writes nothing here
            self._db(FIRST_ROWS).storage.write(new.stored())

    def year_summaries(self, year: int, council: str | None = None) -> list[InspectionSummary]:
        """The year's summaries (one council's signed ones), newest first: ``list_summaries`` filtered."""
        return [s for s in self.list_summaries() if s.started.year == year and (council is None or s.council == council)]

    def councils(self) -> list[str]:
        return sorted({s.council for s in self.list_summaries() if s.council})

    def plan_rows(self, entry_ids: Collection[UUID], council: str | None = None) -> list[SummaryRow]:
        """The rows carrying out these plan entries, newest first: ``summary_rows`` filtered (with ``council``,
        by the summaries' councils: that council's signed ones and the unsigned ones)."""
        wanted = {str(i) for i in entry_ids}
        rows = [row for row in self.summary_rows() if row.plan_entry in wanted]
        if council is None or not rows:
            return rows
        others = {str(s.id) for s in self.list_summaries() if s.council not in (council, "")}
        return [row for row in rows if row.id not in others]

    def _read_index(
        self,
        check: Callable[[list[dict[str, Any]]], list[_Row]],
        remake: Callable[[Inspection], _Row],
        progress: Callable[[int, int], None] | None = None,
    ) -> list[_Row]:
        """The index read through ``check``; a writer rebuilds the shards it had to read around (and is then checked)."""
        rows, stale = self._index(check, remake, progress)
        if self.writable and (stale or not self._index_checked):
            if stale:
                self._rebuild_shards(stale)
            self._index_checked = self._txn is None  # inside a transaction the rebuild may yet be rolled back
        return rows

    def _shard_docs(self, shard: Path) -> dict[str, Any] | None:
        """id → stored summary of one shard; None when the shard does not parse."""
        try:
            data = AtomicJSONStorage(shard, transaction=lambda: self._txn, resolve=self._resolve).read() or {}
        except StoreCorrupt:
            return None
        docs: dict[str, Any] = {}
        for doc in data.get("summaries", {}).values():
            try:
                docs[str(doc["id"])] = doc
            except (KeyError, TypeError):
                return None
        return docs

    def _index(
        self,
        check: Callable[[list[dict[str, Any]]], list[_Row]] | None,
        remake: Callable[[Inspection], _Row] | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> tuple[list[_Row], set[str]]:
        """The rows (only with ``check``) and the shards that disagree with the inspection files.

        Without ``check`` only the ids are compared (cheap, for opening); with it, each
        shard's stored summaries go through ``check`` (a ``ValueError`` makes the shard
        stale) and the rows of a stale shard are ``remake``-d from the inspection files.
        """
        expected: dict[str, set[str]] = {}
        for inspection_id in self._stored_ids():  # a canonical id string starts with the two hex digits of its shard
            expected.setdefault(f"{INDEX}/{inspection_id[:2]}.json", set()).add(inspection_id)
        present = {f"{INDEX}/{name}" for name in self._json_names(INDEX)}
        total = sum(len(ids) for ids in expected.values())
        rows: list[_Row] = []
        stale: set[str] = set()
        for n, shard in enumerate(sorted(present | set(expected)), start=1):
            ids = expected.get(shard, set())
            docs = self._shard_docs(self.data_dir / shard) if shard in present else {}
            if docs is None or set(docs) != ids:
                stale.add(shard)
            elif check is not None:
                try:
                    rows.extend(check(list(docs.values())))
                except ValueError:  # pydantic's ValidationError is one too
                    stale.add(shard)
            if shard in stale and check is not None and remake is not None:
                rows.extend(remake(self.get_inspection(UUID(i))) for i in sorted(ids))
            if progress is not None and n % _PROGRESS_EVERY == 0:
                progress(len(rows), total)
        return rows, stale

    def _write_shards(self, shards: set[str], summaries: list[InspectionSummary]) -> None:
        """Replace whole shards with these summaries (an empty shard for one whose inspections are gone)."""
        docs: dict[str, list[dict[str, Any]]] = {shard: [] for shard in shards}
        for summary in summaries:
            shard = self._shard(summary.id)
            if shard in docs:
                docs[shard].append(summary.model_dump(mode="json"))
        with self.transaction():
            for shard, rows in docs.items():  # written whole: a damaged shard is never read back
                self._db(shard).storage.write({"summaries": {str(n): row for n, row in enumerate(rows, start=1)}})
            self._keep_first_rows(sorted(self._index(_rows_of, _row_of)[0], key=_NEWEST, reverse=True))

    @_locked
    def indexed_ids(self) -> set[str]:
        """Ids the index lists (before a writer rebuilds it): ``doctor`` compares them with the files to find lost ones."""
        ids: set[str] = set()
        for name in self._json_names(INDEX):
            ids.update(self._shard_docs(self.data_dir / INDEX / name) or {})
        return ids

    @_locked
    def stale_shards(self) -> list[str]:
        """Shards (relative paths) that do not parse or do not list exactly the existing inspections: cheap, ids only."""
        return sorted(self._index(None)[1])

    @_locked
    def index_differences(self, inspections: list[Inspection]) -> list[str]:
        """Shards whose summaries differ from those of ``inspections`` (all of the store, already read): for ``doctor``."""
        from inspect_tui.domain.summary import InspectionSummary

        expected: dict[str, list[dict[str, Any]]] = {}
        for inspection in inspections:
            expected.setdefault(self._shard(inspection.id), []).append(InspectionSummary.of(inspection).model_dump(mode="json"))
        present = {f"{INDEX}/{name}" for name in self._json_names(INDEX)}
        differ = []
        for shard in sorted(present | set(expected)):
            docs = self._shard_docs(self.data_dir / shard) if shard in present else {}
            rows = sorted(expected.get(shard, []), key=lambda d: d["id"])
            if docs is None or sorted(docs.values(), key=lambda d: str(d.get("id"))) != rows:
                differ.append(shard)
        return differ

    def repair_index(self) -> list[str]:
        """Rebuild the shards that do not list exactly the existing inspections (cheap: ids only)."""
        self._require_writer()
        with self._mutex:
            stale = set(self.stale_shards())
            if stale:
                self._rebuild_shards(stale)
            self._index_checked = self._txn is None  # inside a transaction the rebuild may yet be rolled back
        return sorted(stale)

    def _rebuild_shards(self, stale: set[str]) -> None:
        from inspect_tui.domain.summary import InspectionSummary

        summaries = [InspectionSummary.of(self.get_inspection(i)) for i in self.inspection_ids() if self._shard(i) in stale]
        self._write_shards(stale, summaries)

    def _check_index_once(self) -> None:
        """A writer opened with ``check_index=False`` checks the index before its first write to it."""
        if not self._index_checked:
            self.repair_index()

    def reindex(self) -> int:
        """Rebuild the whole summary index from the inspection files (after a manual repair, or by ``doctor``)."""
        self._require_writer()
        from inspect_tui.domain.summary import InspectionSummary

        with self._mutex:
            summaries = [InspectionSummary.of(self.get_inspection(i)) for i in self.inspection_ids()]
            shards = {self._shard(s.id) for s in summaries} | {f"{INDEX}/{name}" for name in self._json_names(INDEX)}
            self._write_shards(shards, summaries)
        return len(summaries)

    # --- the trash of deleted drafts -------------------------------------------------------------
    #
    # trash/<id>.json holds one deleted draft and when it was deleted (``Trashed``). Deleting writes it,
    # drops the draft's rows from the index and the action index and removes the draft's file in one
    # transaction (the caller's, when one is open): the removal comes last, at its commit. A crash in between
    # leaves the draft where it was (its shards, read around, list it again) and a copy in the trash, which
    # deleting again replaces; restoring saves the draft and removes the copy the same way. The trash lists
    # only drafts that are not in the store, so such a copy never shows twice.

    def _trash_path(self, inspection_id: UUID) -> Path:
        return self.data_dir / TRASH / f"{inspection_id}.json"

    def trash_inspection(self, inspection_id: UUID, now: datetime) -> Trashed:
        """Move an unsigned inspection into the trash (a signed one: ``InspectionLocked``)."""
        from inspect_tui.domain.inspection import InspectionLocked
        from inspect_tui.domain.trash import Trashed

        self._require_writer()
        with self._mutex:
            self._check_index_once()
            trashed = Trashed(deleted_at=now, inspection=self.get_inspection(inspection_id))
            if not trashed.deletable:
                raise InspectionLocked(f"inspection {trashed.inspection.number} is signed and is never deleted")
            with self.transaction():
                self._db(f"{TRASH}/{inspection_id}.json").storage.write({TRASH: {str(_ONE): trashed.model_dump(mode="json")}})
                self._db(self._shard(inspection_id)).table("summaries").remove(Query().id == str(inspection_id))
                self._first_rows_changed(str(inspection_id), None, added=False, removed=True)
                self._forget_actions(inspection_id)
                self._discard(self._inspection_path(inspection_id))
        return trashed

    def _forget_actions(self, inspection_id: UUID) -> None:
        """Drop a draft's placeholder from its action shard (a shard of another format is rebuilt when read)."""
        shard = self._sharded(ACTIONS, inspection_id)
        try:
            data = self._db(shard).storage.read() or {}
        except StoreCorrupt:
            return  # derived data: rebuilt from the files when next read
        actions = dict(data.get(ACTIONS, {}))
        if data.get(FORMAT) == ACTIONS_FORMAT and str(inspection_id) in actions:
            del actions[str(inspection_id)]
            self._db(shard).storage.write({**data, ACTIONS: actions})

    def _discard(self, path: Path) -> None:
        """Remove a store file and its backup when the open transaction commits (its content is kept elsewhere in it)."""
        txn = self._txn
        assert txn is not None, "removals belong to a transaction"
        txn.remove(path)

    @_locked
    def trashed(self) -> list[Trashed]:
        """The deleted drafts that can be restored, the last deleted first (a damaged trash file: ``StoreCorrupt``)."""
        live = self._stored_ids()
        found = [
            self.get_trashed(UUID(name[:-5]))
            for name in self._json_names(TRASH)
            if _ID_FILE.fullmatch(name) and name[:-5] not in live
        ]
        return sorted(found, key=attrgetter("deleted_at"), reverse=True)

    @_locked
    def get_trashed(self, inspection_id: UUID) -> Trashed:
        from inspect_tui.domain.trash import Trashed
        from inspect_tui.store.checks import validated

        path = self._trash_path(inspection_id)
        if not self._exists(path):
            raise NotFound(str(inspection_id))
        doc = self._db(f"{TRASH}/{inspection_id}.json").table(TRASH).get(doc_id=_ONE)
        if doc is None:
            raise StoreCorrupt(path, good_backup(path), "no deleted inspection in the file")
        return validated(Trashed, dict(doc), path)

    def restore_trashed(self, inspection_id: UUID) -> Inspection:
        """Put a deleted draft back as it was; its copy in the trash goes once it is saved."""
        self._require_writer()
        with self._mutex:
            inspection = self.get_trashed(inspection_id).inspection
            if self.has_inspection(inspection_id):
                raise ValueError(f"inspection {inspection_id} is in the store already")
            with self.transaction():
                self.save_inspection(inspection)
                self._discard(self._trash_path(inspection_id))
        return inspection

    # --- the register's actions and remedies ------------------------------------------------------
    #
    # actions/<xx>.json is derived, like the summary index: every inspection of the shard, signed ones
    # with their «Ні» (written once: a signed inspection never changes), the others as null; a shard
    # that does not parse or does not list exactly the inspection files of its ids is read around and rebuilt.
    # remedies/<xx>.json is the truth of what the inspector recorded: a damaged shard stops the store.

    @staticmethod
    def _sharded(folder: str, inspection_id: UUID | str) -> str:
        return f"{folder}/{str(inspection_id)[:2]}.json"

    def _table(self, relative: str, name: str) -> dict[str, Any]:
        """One named table of a sharded file as stored (a copy: staged data is never changed in place)."""
        data = self._db(relative).storage.read() or {}
        return dict(data.get(name, {}))

    def _index_actions(self, inspection: Inspection) -> None:
        """Keep ``inspection`` in its action shard: its entry when signed, a placeholder (null) otherwise.

        Every stored inspection is listed, so a shard is checked against the file names alone.
        A draft is written once (autosaves after that only read the small shard).
        """
        from inspect_tui.domain.actions import SignedActions

        shard, key = self._sharded(ACTIONS, inspection.id), str(inspection.id)
        try:
            data = self._db(shard).storage.read() or {}
        except StoreCorrupt:
            data = {}  # derived data: the shard is rebuilt from the files when next read
        if data.get(FORMAT) != ACTIONS_FORMAT:
            data = {}  # an older format's entries are not carried over: the shard is rebuilt when next read
        actions, texts = dict(data.get(ACTIONS, {})), dict(data.get(TEXTS, {}))
        if inspection.status is Status.SIGNED:
            entry, new_texts = SignedActions.of(inspection)
            actions[key] = entry.model_dump(mode="json")
            texts.update((k, v.model_dump()) for k, v in new_texts.items())
        elif key in actions and actions[key] is None:
            return
        else:
            actions[key] = None
        self._db(shard).storage.write({FORMAT: ACTIONS_FORMAT, ACTIONS: actions, TEXTS: texts})

    def _action_shard(self, shard: str, ids: set[str]) -> tuple[list[SignedActions], dict[str, ActionText]] | None:
        """A shard's entries and texts when it is of this version, lists exactly ``ids`` and every text its
        rows name; else None."""
        from pydantic import ValidationError

        from inspect_tui.store.checks import ACTION_TEXTS, SIGNED_ACTIONS

        try:
            data = self._db(shard).storage.read() or {}
            docs = data.get(ACTIONS, {})
            if data.get(FORMAT) != ACTIONS_FORMAT or set(docs) != ids:
                return None
            texts = ACTION_TEXTS.validate_python(data.get(TEXTS, {}))
            entries = SIGNED_ACTIONS.validate_python([doc for doc in docs.values() if doc is not None])
        except (StoreCorrupt, ValidationError, TypeError):
            return None
        if any(row.text not in texts for entry in entries for row in entry.rows):
            return None
        return entries, texts

    @_locked
    def action_index(self) -> ActionIndex:
        """What the register needs of every signed inspection, from the action index (read around where stale).

        Reads 256 small shards instead of every inspection, and checks them against the file
        names alone: the follow-up screen and the annual report list 50,000 actions this way.
        A writer rebuilds the shards it had to read around (a store from before the index, a
        damaged shard).
        """
        from inspect_tui.domain.actions import ActionIndex

        expected: dict[str, set[str]] = {}
        for inspection_id in self._stored_ids():
            expected.setdefault(self._sharded(ACTIONS, inspection_id), set()).add(inspection_id)
        present = {f"{ACTIONS}/{name}" for name in self._json_names(ACTIONS)}
        entries: list[SignedActions] = []
        texts: dict[str, ActionText] = {}
        rebuilt: dict[str, dict[str, Any]] = {}
        with bulk_validation():
            for shard in sorted(present | set(expected)):
                ids = expected.get(shard, set())
                found = self._action_shard(shard, ids) if shard in present else None
                if found is None and (ids or shard in present):
                    found, rebuilt[shard] = self._actions_from_files(ids)
                if found is not None:
                    entries.extend(found[0])
                    texts.update(found[1])
        if rebuilt and self.writable:
            with self.transaction():
                for shard, data in rebuilt.items():
                    self._db(shard).storage.write(data)
        return ActionIndex(entries, texts)

    def _actions_from_files(self, ids: set[str]) -> tuple[tuple[list[SignedActions], dict[str, ActionText]], dict[str, Any]]:
        """The entries and texts of these inspections read from their files, and the shard that holds them."""
        from inspect_tui.domain.actions import SignedActions

        entries: list[SignedActions] = []
        texts: dict[str, ActionText] = {}
        docs: dict[str, Any] = {}
        for inspection_id in sorted(ids):
            inspection = self.get_inspection(UUID(inspection_id))
            docs[inspection_id] = None
            if inspection.status is Status.SIGNED:
                entry, new_texts = SignedActions.of(inspection)
                entries.append(entry)
                texts.update(new_texts)
                docs[inspection_id] = entry.model_dump(mode="json")
        return (entries, texts), {FORMAT: ACTIONS_FORMAT, ACTIONS: docs, TEXTS: {k: v.model_dump() for k, v in texts.items()}}

    @_locked
    def remedy_records(self) -> list[RemedyRecord]:
        """Every recorded remedy (a damaged file is named, never skipped: it is what the inspector recorded)."""
        from inspect_tui.store.checks import REMEDY_RECORDS, validated

        records: list[RemedyRecord] = []
        with bulk_validation():
            for name in sorted(self._json_names(REMEDIES)):
                relative = f"{REMEDIES}/{name}"
                records.extend(validated(REMEDY_RECORDS, list(self._table(relative, REMEDIES).values()), self.data_dir / relative))
        return records

    def linked_actions(self, inspection_ids: Collection[UUID]) -> ActionIndex:
        """The part of ``action_index`` linked to these inspections (``ActionIndex.linked``)."""
        return self.action_index().linked(inspection_ids)

    def remedy_records_of(self, inspection_ids: Collection[UUID]) -> list[RemedyRecord]:
        wanted = set(inspection_ids)
        return [r for r in self.remedy_records() if r.inspection_id in wanted]

    def plain_actions(self, inspection_ids: Collection[UUID], today: date) -> PlainActions:
        """The plain ones of these inspections' actions, counted over the action index and the remedies."""
        from inspect_tui.domain.actions import PlainActions

        return PlainActions.of(self.action_index(), {r.inspection_id for r in self.remedy_records()}, inspection_ids, today)

    @_locked
    def get_remedy(self, inspection_id: UUID, item_id: str) -> RemedyRecord | None:
        from inspect_tui.domain.actions import RemedyRecord
        from inspect_tui.store.checks import validated

        relative = self._sharded(REMEDIES, inspection_id)
        doc = self._table(relative, REMEDIES).get(f"{inspection_id}/{item_id}")
        return None if doc is None else validated(RemedyRecord, doc, self.data_dir / relative)

    def save_remedy(self, record: RemedyRecord) -> None:
        """Store the remedy record of one action key (replacing the one before: it is in the new one's history)."""
        from inspect_tui.domain.actions import RemedyRecord
        from inspect_tui.domain.revalidate import readable

        self._require_writer()
        relative = self._sharded(REMEDIES, record.inspection_id)
        doc = readable(RemedyRecord, record.model_dump(mode="json"))
        with self.transaction():
            table = self._table(relative, REMEDIES)
            table[f"{record.inspection_id}/{record.item_id}"] = doc
            self._db(relative).storage.write({REMEDIES: table})

    # --- other files ----------------------------------------------------------------------------

    def write_file(self, relative: str, data: bytes) -> None:
        """Write a file under the data dir atomically (inside the open transaction, if any).

        For data kept beside the TinyDB files, e.g. import conflict copies.
        """
        with self.transaction():
            txn = self._txn
            assert txn is not None
            txn.stage(self.data_dir / relative, data)

    @_locked
    def read_file(self, relative: str) -> bytes | None:
        """A file under the data dir as this store sees it (staged writes included), or None."""
        path = self.data_dir / relative
        txn = self._txn
        if txn is not None and txn.removes(path):
            return None
        staged = txn.staged(path) if txn else None
        if isinstance(staged, dict):
            return dump_json(staged)
        if staged is not None:
            return staged
        try:
            return self._resolve(path).read_bytes()
        except FileNotFoundError:
            return None

    @_locked
    def list_files(self, folder: str) -> list[str]:
        """Relative paths of the files under ``folder`` at any depth (staged and pending ones included), sorted."""
        root = self.data_dir / folder
        found = {p for p in root.rglob("*") if p.is_file() and not p.name.startswith(".") and p.suffix != BACKUP_SUFFIX} if root.is_dir() else set()
        txn = self._txn
        found.update(p for p in [*self._pending, *(txn.staged_paths() if txn is not None else [])] if p.is_relative_to(root))
        found.difference_update(txn.removed_paths() if txn is not None else ())
        return sorted(p.relative_to(self.data_dir).as_posix() for p in found)

    # --- evidence --------------------------------------------------------------------------------

    def add_evidence(self, source: Path) -> Evidence:
        """Copy a file into the store by content hash; the same file twice is stored once."""
        from inspect_tui.domain.inspection import Evidence

        data = Path(source).read_bytes()
        return Evidence(filename=Path(source).name, sha256=self.save_evidence(data), size=len(data))

    def save_evidence(self, data: bytes) -> str:
        """Keep these bytes as ``evidence/<sha256>`` (once); returns the hash."""
        import hashlib  # not on the start-up path

        self._require_writer()
        digest = hashlib.sha256(data).hexdigest()
        if not self.has_evidence(digest):
            self.write_file(self.evidence_path(digest).relative_to(self.data_dir).as_posix(), data)
        return digest

    @_locked
    def has_evidence(self, sha256: str) -> bool:
        return self._exists(self.evidence_path(sha256))

    def read_evidence(self, sha256: str) -> bytes | None:
        return self.read_file(self.evidence_path(sha256).relative_to(self.data_dir).as_posix())

    def evidence_location(self, sha256: str) -> str:
        return str(self.evidence_path(sha256))

    @property
    def evidence_dir(self) -> Path:
        return self.data_dir / "evidence"

    def evidence_path(self, sha256: str) -> Path:
        return self.evidence_dir / sha256


_PROGRESS_EVERY = 32  # shards read between progress reports (of 256)


def _rows_of(docs: list[dict[str, Any]]) -> list[SummaryRow]:
    return [SummaryRow.from_stored(d) for d in docs]


def _row_of(inspection: Inspection) -> SummaryRow:
    """A stale shard's row, made from its inspection's file (the models are loaded only then)."""
    from inspect_tui.store.checks import row_of

    return row_of(inspection)


def _now() -> datetime:
    return datetime.now(UTC)


def _write_holder(data_dir: Path) -> None:
    info = f"PID {os.getpid()} @ {socket.gethostname()}"
    try:
        # not synced: after a crash the lock is free and the note stale whatever it says (two fsyncs at every start)
        atomic_write_bytes(data_dir / ".lock.info", info.encode("utf-8"), keep_backup=False, durable=False)
    except OSError:
        pass  # the lock itself is what matters; the note only improves the message


def _read_holder(data_dir: Path) -> str:
    try:
        return (data_dir / ".lock.info").read_text("utf-8").strip()
    except OSError:
        return ""
