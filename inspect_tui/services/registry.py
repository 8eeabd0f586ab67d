"""The enterprise registry: importing it from the council's CSV (all or nothing) and exporting it for Excel."""

from __future__ import annotations

from pathlib import Path

from inspect_tui.domain.enterprise import Enterprise
from inspect_tui.i18n import t
from inspect_tui.outputs import write_output
from inspect_tui.register import registry_csv
from inspect_tui.register.registry_csv import RegistryRows
from inspect_tui.store_protocol import RegisterStore


class RegistryRefused(Exception):
    """A registry operation refused before any file was parsed (the path is not a file)."""


def read_registry_file(path: Path) -> bytes:
    """A registry file's bytes, refused unread when it is not a regular file; read only up to the limit."""
    if not path.is_file():
        raise RegistryRefused(t("registry.cli.not_file", path=str(path)))
    with path.open("rb") as handle:
        return handle.read(registry_csv.MAX_BYTES + 1)  # parse_registry refuses what is over the limit


def import_registry(store: RegisterStore, path: Path, *, dry_run: bool = False) -> RegistryRows:
    """Add and update the registry from a CSV file in one transaction (``RegistryRejected`` naming every bad
    row: nothing written); with ``dry_run`` only say what would change."""
    raw = read_registry_file(path)
    if dry_run:
        return registry_csv.parse_registry(raw, registry=_registry(store), file=path.name)
    with store.transaction():  # read and written under one lock: no other writer's change lands in between
        rows = registry_csv.parse_registry(raw, registry=_registry(store), file=path.name)
        store.save_enterprises(rows.added + rows.updated)
    return rows


def _registry(store: RegisterStore) -> dict[str, Enterprise]:
    return {e.edrpou: e for e in store.list_enterprises()}


def export_registry(store: RegisterStore, path: Path) -> int:
    """Write the registry as CSV (atomically, never over anything but a regular file outside the data dir);
    the number of enterprises written."""
    enterprises = store.list_enterprises()
    write_output(path, registry_csv.registry_csv(enterprises), data_dir=store.data_dir)
    return len(enterprises)


def missing_facts_text(enterprise: Enterprise) -> str:
    """The facts an enterprise registered from a plan still lacks, as the officer names them ("" when none)."""
    return ", ".join(t(f"registry.incomplete.fact.{name}") for name in enterprise.missing_facts())
