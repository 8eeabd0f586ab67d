"""Helpers shared by the sync tests (no tests here): a field store with an attachment,
file snapshots to prove a store unchanged, and quick ways to finish and sign a draft."""

from __future__ import annotations

import hashlib
import json
import shutil
import tracemalloc
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, time, timezone
from pathlib import Path
from typing import Any

import pytest
from backends import reopen
from factories import CONCLUSION, ISSUER

from inspect_tui import services
from inspect_tui.domain.inspection import Answer, HeadAcknowledgement, Inspection, SignOff, Status
from inspect_tui.services.store_copy import Fingerprint, copy_register, fingerprint
from inspect_tui.store import Store
from inspect_tui.store_protocol import RegisterStore
from inspect_tui.sync import export_bundle
from inspect_tui.sync.reader import ParsedBundle, read_bundle

OPERATIONAL = {".lock", ".lock.info"}


def snapshot(data_dir: Path) -> dict[str, str]:
    """sha256 of every data file under ``data_dir`` (lock files excluded: they may change)."""
    return {
        p.relative_to(data_dir).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(data_dir.rglob("*"))
        if p.is_file() and p.name not in OPERATIONAL
    }


def state(store: RegisterStore) -> tuple[Fingerprint, dict[str, str]]:
    """What a store holds, to prove it unchanged: its whole register read through the protocol (every kind,
    each inspection's hash), and on the file store every data file's bytes as well (``snapshot``)."""
    return fingerprint(store), (snapshot(store.data_dir) if isinstance(store, Store) else {})


def held(data_dir: Path) -> tuple[Fingerprint, dict[str, str]]:
    """What the register of a closed store holds, opened as a command opens it (the data dir's, or the office's
    that the environment names: tests/backends.py), with the data dir's bytes: to prove a command wrote nothing."""
    with reopen(data_dir, writer=False) as store:
        return fingerprint(store), snapshot(data_dir)


def at(day: date, hour: int = 12) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


def by_number(store: RegisterStore, number: str) -> Inspection:
    return store.get_inspection(next(s.id for s in store.list_summaries() if s.number == number))


def answer_all(store: RegisterStore, inspection: Inspection, now: datetime) -> Inspection:
    """Answer every open item «complies», so the inspection can be signed."""
    for item in inspection.checklist.items:
        if inspection.findings[item.id].answer is Answer.UNANSWERED:
            inspection = services.record_finding(store, inspection, item.id, now=now, answer=Answer.COMPLIES)
    return inspection


def sign(store: RegisterStore, inspection: Inspection, day: date, remarks: str = "") -> Inspection:
    head = HeadAcknowledgement(name="Віктор ШЕВЧЕНКО", position="Директор", acknowledged_on=day, remarks=remarks)
    signoff = SignOff(signed_on=day, signers=list(inspection.inspectors), head=head, recorded_at=at(day), issuer=ISSUER)
    if not inspection.conclusion:
        inspection = services.update_header(store, inspection, now=at(day), conclusion=CONCLUSION)
    return services.sign_off(store, inspection, signoff, now=at(day))


def load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_bytes())


def dump(data: Any, path: Path) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return path


def index_of(bundle: dict[str, Any], status: Status) -> int:
    return next(i for i, x in enumerate(bundle["inspections"]) if x["status"] == status.value)


Bundle = dict[str, Any]


def edit(change: Callable[[Bundle], None]) -> Callable[[bytes], bytes]:
    """A mutation of the parsed bundle, written back as JSON."""

    def mutate(raw: bytes) -> bytes:
        bundle = json.loads(raw)
        change(bundle)
        return json.dumps(bundle, ensure_ascii=False).encode("utf-8")

    return mutate


def draft_of(b: Bundle) -> dict[str, Any]:
    return b["inspections"][index_of(b, Status.DRAFT)]


def signed_of(b: Bundle) -> dict[str, Any]:
    return b["inspections"][index_of(b, Status.SIGNED)]


def first_finding(inspection: dict[str, Any]) -> dict[str, Any]:
    return next(iter(inspection["findings"].values()))


@pytest.fixture
def field_store(demo_store: RegisterStore, tmp_path: Path) -> RegisterStore:
    """The demo, plus a scan attached to the draft in progress (2/2026)."""
    scan = tmp_path / "наказ.pdf"
    scan.write_bytes(b"%PDF-1.4 scan of order 47-od\n" + bytes(range(256)))
    draft = by_number(demo_store, "2/2026")
    services.attach_evidence(demo_store, draft, "coi-mechanism", scan, now=at(date(2026, 7, 28), 9))
    return demo_store


@pytest.fixture
def laptop(field_store: RegisterStore, tmp_path: Path) -> Iterator[Store]:
    """A second installation, a laptop's file store, holding a copy of the field store's register (of its data
    dir, for a file store; copied through the protocol from the office's PostgreSQL)."""
    copy = tmp_path / "laptop"
    if isinstance(field_store, Store):
        shutil.copytree(field_store.data_dir, copy, ignore=shutil.ignore_patterns(".lock*"))
    with Store.open(copy) as opened:
        if not isinstance(field_store, Store):
            copy_register(field_store, opened)
        yield opened


@pytest.fixture
def bundle_path(field_store: RegisterStore, tmp_path: Path) -> Path:
    out = tmp_path / "bundle.json"
    export_bundle(field_store, out)
    return out


def read_measured(path: Path) -> tuple[ParsedBundle, int]:
    """``read_bundle(path)`` and the peak of memory it took (tracemalloc)."""
    tracemalloc.start()
    try:
        bundle = read_bundle(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return bundle, peak
