"""The local store: one small TinyDB file per inspection, a sharded summary index, and the registry.

Layout of a data dir::

    meta.json              schema version, installation id, settings
    enterprises.json       the enterprise registry
    inspections/<id>.json  one inspection per file
    index/<xx>.json        summaries, sharded by the first two hex digits of the id
    evidence/<sha256>      attached scans and photos, by content hash
    .lock                  one writer per data dir

Saving a finding rewrites one inspection file and one index shard, so its cost
does not grow with the number of inspections; the home screen reads 256 small
shards instead of every inspection.
"""

from __future__ import annotations

import hashlib
import os
import platform
import socket
import uuid
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterator
from uuid import UUID

from filelock import FileLock, Timeout
from pydantic import TypeAdapter, ValidationError
from tinydb import Query, TinyDB
from tinydb.table import Document

from inspect_tui.collation import sort_key
from inspect_tui.bulk import bulk_validation
from inspect_tui.domain.enterprise import Enterprise
from inspect_tui.domain.inspection import Evidence, Inspection, InspectionLocked, Status
from inspect_tui.domain.settings import Settings
from inspect_tui.domain.summary import InspectionSummary
from inspect_tui.store.atomic import Transaction, atomic_write_bytes, dump_json, recover, remove_stale_temps
from inspect_tui.store.errors import NotFound, StoreCorrupt, StoreLocked, StoreVersionError
from inspect_tui.store.storage import AtomicJSONStorage, good_backup

SCHEMA_VERSION = 2


def _reindex(store: "Store") -> None:
    store.reindex()


#: schema version → function upgrading a data dir from that version to the next
MIGRATIONS: dict[int, Callable[["Store"], None]] = {
    1: _reindex,  # 2: summaries count «Ні» on practice items apart, as shortcomings
}

_ONE = 1  # the doc id of single-document tables


def _same_or_appended(signed: Inspection, incoming: Inspection) -> bool:
    """The signed content unchanged; objections received after signing may only be added, never changed."""
    kept = incoming.addenda[: len(signed.addenda)]
    return kept == signed.addenda and incoming.model_copy(update={"addenda": signed.addenda}) == signed


class Store:
    """Repository over a data dir. Open with ``Store.open(path)``; use as a context manager."""

    def __init__(self, data_dir: Path, lock: FileLock | None) -> None:
        self.data_dir = data_dir
        self._lock = lock
        self._txn: Transaction | None = None
        self.installation_id: UUID
        self.installation_name: str

    # --- opening ---------------------------------------------------------------------------------

    @classmethod
    def open(cls, data_dir: Path, *, writer: bool = True) -> "Store":
        """Open (creating if needed) a data dir.

        A writer takes the data dir's lock (a second writer gets ``StoreLocked``),
        finishes any interrupted transaction, removes stale temp files and runs
        migrations. A reader takes no lock: writes are atomic, so it always sees
        whole files.
        """
        data_dir = Path(data_dir)
        lock = None
        if writer:
            data_dir.mkdir(parents=True, exist_ok=True)
            lock = FileLock(data_dir / ".lock", timeout=0)
            try:
                lock.acquire()
            except Timeout:
                raise StoreLocked(data_dir, _read_holder(data_dir)) from None
            _write_holder(data_dir)
        store = cls(data_dir, lock)
        try:
            if writer:
                recover(data_dir)
                remove_stale_temps(data_dir)
            store._open_meta(writer)
        except BaseException:
            store.close()
            raise
        return store

    def _open_meta(self, writer: bool) -> None:
        meta = self._db("meta.json").table("meta")
        doc = meta.get(doc_id=_ONE)
        if doc is None:
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

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def writable(self) -> bool:
        return self._lock is not None

    # --- plumbing --------------------------------------------------------------------------------

    def _db(self, relative: str) -> TinyDB:
        path = self.data_dir / relative
        return TinyDB(path, storage=AtomicJSONStorage, transaction=lambda: self._txn)

    def _require_writer(self) -> None:
        if self._lock is None:
            raise PermissionError("this store was opened read-only")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Group writes: all of them land, or (after a crash or an exception) none do."""
        self._require_writer()
        if self._txn is not None:  # nested: the outer transaction commits
            yield
            return
        self._txn = Transaction(self.data_dir)
        try:
            yield
            self._txn.commit()
        except BaseException:
            self._txn.rollback()
            raise
        finally:
            self._txn = None

    # --- settings --------------------------------------------------------------------------------

    def get_settings(self) -> Settings:
        doc = self._db("meta.json").table("settings").get(doc_id=_ONE)
        if doc is None:
            return Settings()
        try:
            return Settings.model_validate(dict(doc))
        except ValidationError as exc:
            path = self.data_dir / "meta.json"
            raise StoreCorrupt(path, good_backup(path), f"settings: {exc.error_count()} invalid value(s)") from None

    def save_settings(self, settings: Settings) -> None:
        self._require_writer()
        self._db("meta.json").table("settings").upsert(Document(settings.model_dump(mode="json"), doc_id=_ONE))

    # --- enterprises -----------------------------------------------------------------------------

    def list_enterprises(self) -> list[Enterprise]:
        path = self.data_dir / "enterprises.json"
        result = []
        for doc in self._db("enterprises.json").table("enterprises").all():
            result.append(_validated(Enterprise, dict(doc), path))
        return sorted(result, key=lambda e: sort_key(e.short_name))

    def get_enterprise(self, edrpou: str) -> Enterprise | None:
        doc = self._db("enterprises.json").table("enterprises").get(Query().edrpou == edrpou)
        return None if doc is None else _validated(Enterprise, dict(doc), self.data_dir / "enterprises.json")

    def save_enterprise(self, enterprise: Enterprise) -> None:
        """Add or replace the registry entry with this ЄДРПОУ code."""
        self._require_writer()
        table = self._db("enterprises.json").table("enterprises")
        table.upsert(enterprise.model_dump(mode="json"), Query().edrpou == enterprise.edrpou)

    # --- inspections -----------------------------------------------------------------------------

    def _inspection_path(self, inspection_id: UUID) -> Path:
        return self.data_dir / "inspections" / f"{inspection_id}.json"

    @staticmethod
    def _shard(inspection_id: UUID) -> str:
        return f"index/{inspection_id.hex[:2]}.json"

    def get_inspection(self, inspection_id: UUID) -> Inspection:
        path = self._inspection_path(inspection_id)
        if not path.exists() and not (self._txn and self._txn.staged(path)):
            raise NotFound(str(inspection_id))
        doc = self._db(f"inspections/{inspection_id}.json").table("inspection").get(doc_id=_ONE)
        if doc is None:
            raise StoreCorrupt(path, good_backup(path), "no inspection in the file")
        return _validated(Inspection, dict(doc), path)

    def has_inspection(self, inspection_id: UUID) -> bool:
        return self._inspection_path(inspection_id).exists()

    def save_inspection(self, inspection: Inspection) -> None:
        """Persist an inspection and its summary together.

        A signed inspection already in the store is never overwritten with
        different content (``InspectionLocked``); a signed one whose content does
        not match its sha256 is refused.
        """
        self._require_writer()
        problems = inspection.integrity_problems()
        if problems:
            raise ValueError(f"inspection {inspection.number}: {'; '.join(problems)}")
        shard = self._db(self._shard(inspection.id)).table("summaries")
        indexed = shard.get(Query().id == str(inspection.id))
        # the index tells cheaply whether a signed version is stored; without an entry, look at the file
        if (indexed is not None and indexed.get("status") == Status.SIGNED.value) or (
            indexed is None and self.has_inspection(inspection.id)
        ):
            current = self.get_inspection(inspection.id)
            if current.status is Status.SIGNED and not _same_or_appended(current, inspection):
                raise InspectionLocked(f"inspection {current.number} is signed and cannot be overwritten")
        with self.transaction():
            # the file holds this one document: write it whole instead of letting TinyDB read it back first
            db = self._db(f"inspections/{inspection.id}.json")
            db.storage.write({"inspection": {str(_ONE): inspection.model_dump(mode="json")}})
            if self._txn is not None:  # always, inside this block; keeps long imports small in memory
                self._txn.freeze(self._inspection_path(inspection.id))
            summary = InspectionSummary.of(inspection).model_dump(mode="json")
            shard.upsert(summary, Query().id == summary["id"])

    def list_summaries(self) -> list[InspectionSummary]:
        """Every inspection's summary, newest first, without loading the inspections.

        Shards are read through the storage directly (no TinyDB table per file)
        and validated in bulk: this is what the home screen waits for at start.
        """
        index = self.data_dir / "index"
        summaries: list[InspectionSummary] = []
        with bulk_validation():
            for shard in sorted(index.glob("*.json")) if index.is_dir() else []:
                data = AtomicJSONStorage(shard, transaction=lambda: self._txn).read() or {}
                docs = list(data.get("summaries", {}).values())
                summaries.extend(_validated(_SUMMARIES, docs, shard))
        return sorted(summaries, key=lambda s: (s.started, s.number, s.revision), reverse=True)

    def inspection_ids(self) -> list[UUID]:
        folder = self.data_dir / "inspections"
        return sorted(UUID(p.stem) for p in folder.glob("*.json")) if folder.is_dir() else []

    def reindex(self) -> int:
        """Rebuild the summary index from the inspection files (after a manual repair)."""
        self._require_writer()
        with self.transaction():
            shards: dict[str, list[dict[str, Any]]] = {}
            for inspection_id in self.inspection_ids():
                summary = InspectionSummary.of(self.get_inspection(inspection_id)).model_dump(mode="json")
                shards.setdefault(self._shard(inspection_id), []).append(summary)
            for shard, docs in shards.items():
                table = self._db(shard).table("summaries")
                table.truncate()
                table.insert_multiple(docs)
        return sum(len(d) for d in shards.values())

    # --- other files ----------------------------------------------------------------------------

    def write_file(self, relative: str, data: bytes) -> None:
        """Write a file under the data dir atomically (inside the open transaction, if any).

        For data kept beside the TinyDB files, e.g. import conflict copies.
        """
        self._require_writer()
        path = self.data_dir / relative
        if self._txn is not None:
            self._txn.stage(path, data)
        else:
            atomic_write_bytes(path, data)

    def read_file(self, relative: str) -> bytes | None:
        """A file under the data dir as this store sees it (staged writes included), or None."""
        path = self.data_dir / relative
        staged = self._txn.staged(path) if self._txn else None
        if isinstance(staged, dict):
            return dump_json(staged)
        if staged is not None:
            return staged
        try:
            return path.read_bytes()
        except FileNotFoundError:
            return None

    # --- evidence --------------------------------------------------------------------------------

    def add_evidence(self, source: Path) -> Evidence:
        """Copy a file into the store by content hash; the same file twice is stored once."""
        self._require_writer()
        data = Path(source).read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        target = self.evidence_path(digest)
        if not target.exists():
            atomic_write_bytes(target, data, keep_backup=False)
        return Evidence(filename=Path(source).name, sha256=digest, size=len(data))

    @property
    def evidence_dir(self) -> Path:
        return self.data_dir / "evidence"

    def evidence_path(self, sha256: str) -> Path:
        return self.evidence_dir / sha256


_SUMMARIES = TypeAdapter(list[InspectionSummary])


def _validated(model: Any, data: Any, path: Path) -> Any:
    """Validate stored data with a model or a TypeAdapter; invalid data is a damaged file."""
    try:
        return model.validate_python(data) if isinstance(model, TypeAdapter) else model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"])
        raise StoreCorrupt(path, good_backup(path), f"{where}: {first['msg']}") from None


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _write_holder(data_dir: Path) -> None:
    info = f"PID {os.getpid()} @ {socket.gethostname()}"
    try:
        atomic_write_bytes(data_dir / ".lock.info", info.encode("utf-8"), keep_backup=False)
    except OSError:
        pass  # the lock itself is what matters; the note only improves the message


def _read_holder(data_dir: Path) -> str:
    try:
        return (data_dir / ".lock.info").read_text("utf-8").strip()
    except OSError:
        return ""
