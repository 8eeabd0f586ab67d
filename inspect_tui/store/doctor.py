"""``doctor``: check a data dir file by file, repair what is safe, report the rest.

Safe repairs are those that cannot lose or change a finding: finishing a
committed transaction, removing temp files of interrupted writes, rebuilding the
summary index from the inspection files, and taking group and other access away.
Damaged files, broken signatures and foreign files are only reported: a person
decides (the message names the file and, where there is one, its backup).

Lost data is never called healthy: a data file (an inspection, the registry, the
plans, remedies) gone while its ``.bak`` remains, an inspection the index lists but
no file holds, and an evidence file a finding or remedy lists but the store lacks
are each left for a person; ``restore`` (``doctor --restore``) puts a vanished
file's backup back in its place (nothing is overwritten), as ``reindex`` is asked for.
"""

from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from uuid import UUID

from inspect_tui.domain.inspection import Evidence, Inspection, Status
from inspect_tui.fsutil import BACKUP_SUFFIX, POSIX, atomic_write_bytes, backup_path, is_private
from inspect_tui.store.atomic import JOURNAL_NAME, stale_temps
from inspect_tui.store.errors import StoreCorrupt, StoreError, StoreLocked
from inspect_tui.store.store import INSPECTIONS, Store

#: JSON files beside the TinyDB ones that must at least parse
_JSON_FOLDERS = ("conflicts", "ui")
#: folders derived from the data files (rebuilt, never restored from a backup)
_DERIVED = ("index", "actions")


@dataclass(frozen=True)
class Finding:
    """One problem: ``code`` is its message key (``doctor.<code>``); ``repaired`` whether it is gone."""

    code: str
    path: Path
    detail: str = ""
    repaired: bool = False


@dataclass
class DoctorReport:
    data_dir: Path
    findings: list[Finding] = field(default_factory=list)
    inspections: int = 0

    @property
    def left(self) -> list[Finding]:
        return [f for f in self.findings if not f.repaired]

    def add(self, code: str, path: Path, detail: str = "", *, repaired: bool = False) -> None:
        self.findings.append(Finding(code, path, detail, repaired))


def examine(data_dir: Path, *, reindex: bool = False, restore: bool = False) -> DoctorReport:
    """Check and repair ``data_dir`` (takes the writer's lock: ``StoreLocked`` while the app runs).

    ``reindex`` rebuilds the whole index from the inspection files even where it looks right;
    ``restore`` puts back the backup of every data file that vanished while its backup remained.
    """
    data_dir = Path(data_dir)
    report = DoctorReport(data_dir)
    if not data_dir.is_dir():
        report.add("missing", data_dir)
        return report
    temps = stale_temps(data_dir)
    journal = (data_dir / JOURNAL_NAME).exists()
    try:
        with Store.open(data_dir, writer=False) as reader:
            stale = reader.stale_shards()
            indexed = reader.indexed_ids()
        with Store.open(data_dir) as store:  # finishes the journal, removes temps, rebuilds stale shards
            _vanished(store, indexed, report, restore=restore)
            if journal:
                report.add("journal_finished", data_dir / JOURNAL_NAME, repaired=True)
            for tmp in temps:
                report.add("stale_temp", tmp, repaired=not tmp.exists())
            for shard in stale:
                report.add("index_rebuilt", data_dir / shard, repaired=True)
            _check_files(store, report)
            if reindex and not any(f.code == "index_unchecked" for f in report.findings):
                report.add("index_rebuilt_all", data_dir / "index", str(store.reindex()), repaired=True)
    except StoreLocked:
        raise
    except StoreCorrupt as exc:  # a refused journal or damaged metadata: nothing else can be trusted yet
        report.add("corrupt", exc.path, exc.detail)
    except StoreError as exc:
        report.add("store_error", data_dir, str(exc))
    _fix_modes(data_dir, report)
    return report


def _vanished(store: Store, indexed: set[str], report: DoctorReport, *, restore: bool) -> None:
    """Data files gone while their backup remains (put back with ``restore``), and indexed inspections gone for good."""
    root = store.data_dir
    for backup in sorted(root.rglob(f"*.json{BACKUP_SUFFIX}")):
        original = backup.with_name(backup.name.removesuffix(BACKUP_SUFFIX))
        if original.exists() or backup.is_symlink() or backup.relative_to(root).parts[0] in _DERIVED:
            continue
        if not restore:
            report.add("vanished", original, str(backup))
            continue
        try:
            atomic_write_bytes(original, backup.read_bytes(), keep_backup=False)
        except OSError as exc:
            report.add("restore_failed", original, exc.strerror or str(exc))
            continue
        report.add("restored", original, str(backup), repaired=True)
    folder = root / INSPECTIONS
    for inspection_id in sorted(indexed):
        path = folder / f"{inspection_id}.json"
        if not path.exists() and not backup_path(path).exists():
            report.add("lost", path)
    if not (root / "enterprises.json").exists() and not backup_path(root / "enterprises.json").exists() and store.inspection_ids():
        report.add("registry_missing", root / "enterprises.json")


def _evidence(inspection: Inspection) -> list[tuple[str, Evidence]]:
    return [(item_id, e) for item_id, finding in inspection.findings.items() for e in finding.evidence]


def _check_evidence(store: Store, inspections: list[Inspection], report: DoctorReport) -> None:
    """Every scan a finding or a remedy lists is in the store's evidence folder."""
    listed = [(f"{i.number}, {item_id}", e) for i in inspections for item_id, e in _evidence(i)]
    try:
        records = store.remedy_records()
    except StoreCorrupt:
        records = []  # reported as a corrupt file already
    listed += [(f"{r.inspection_id}, {r.item_id}", e) for r in records for v in r.versions() for e in v.evidence]
    seen: set[str] = set()
    for where, evidence in listed:
        path = store.evidence_path(evidence.sha256)
        if evidence.sha256 not in seen and not path.is_file():
            seen.add(evidence.sha256)
            report.add("evidence_missing", path, f"{evidence.filename} ({where})")


def _check_files(store: Store, report: DoctorReport) -> None:
    for check in (store.get_settings, store.list_enterprises, store.remedy_records, lambda: [store.get_plan(year) for year in store.plan_years()]):
        try:
            check()
        except StoreCorrupt as exc:
            report.add("corrupt", exc.path, exc.detail)
    inspections = _read_inspections(store, report)
    report.inspections = len(inspections)
    _check_evidence(store, inspections, report)
    for inspection in inspections:
        problems = inspection.integrity_problems()
        if inspection.status is Status.SIGNED and problems:
            report.add("signed_broken", store.data_dir / INSPECTIONS / f"{inspection.id}.json", "; ".join(problems))
    if any(f.code == "corrupt" and f.path.parent.name == INSPECTIONS for f in report.findings):
        report.add("index_unchecked", store.data_dir / "index")
    else:
        differ = store.index_differences(inspections)
        if differ:
            store.reindex()
        report.findings.extend(Finding("index_rebuilt", store.data_dir / shard, repaired=True) for shard in differ)
        store.action_index()  # the register's action index: stale shards are rebuilt from the files
    for folder in _JSON_FOLDERS:
        for path in sorted((store.data_dir / folder).rglob("*.json")):
            try:
                json.loads(path.read_bytes().decode("utf-8"))
            except (OSError, UnicodeDecodeError, ValueError) as exc:
                report.add("corrupt", path, str(exc)[:200])


def _read_inspections(store: Store, report: DoctorReport) -> list[Inspection]:
    """Every inspection file that parses and holds the inspection its name says."""
    folder = store.data_dir / INSPECTIONS
    found = []
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            inspection_id = UUID(path.stem)
        except ValueError:
            inspection_id = None
        if inspection_id is None or str(inspection_id) != path.stem:  # the store names files by canonical id only
            report.add("foreign_file", path)
            continue
        try:
            inspection = store.get_inspection(inspection_id)
        except StoreCorrupt as exc:
            report.add("corrupt", exc.path, exc.detail)
            continue
        if inspection.id != inspection_id:
            report.add("misnamed", path, str(inspection.id))
            continue
        found.append(inspection)
    return found


def _fix_modes(data_dir: Path, report: DoctorReport) -> None:
    """Take group and other access from every file and folder (links are reported, never followed)."""
    if not POSIX:
        return
    for folder, dirs, files in os.walk(data_dir):
        here = Path(folder)
        for name in [*dirs, *files]:
            path = here / name
            if path.is_symlink():
                report.add("symlink", path, os.readlink(path))
        for path in [here, *(here / name for name in files)]:
            if path.is_symlink():
                continue
            mode = stat.S_IMODE(os.lstat(path).st_mode)
            if not is_private(mode):
                try:
                    os.chmod(path, mode & ~0o077)
                except OSError as exc:
                    report.add("mode_open", path, f"{mode:o}: {exc.strerror or exc}")
                    continue
                report.add("mode_fixed", path, f"{mode:o} → {mode & ~0o077:o}", repaired=True)
