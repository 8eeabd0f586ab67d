"""Upgrading bundles written in older format versions, one version step at a time.

Version 1 is the first released format; version 2 added the ``remedies`` array (the
follow-up of actions), which a version 1 bundle simply lacks; version 3 added the whole registry,
the ``plans`` array and the council's ``settings``, which older bundles lack (their enterprises are
those inspected, and that is all they can add). Version 0 is the shape of the pre-release
field trials: the exporter was an object ``exported_by: {id, name}``, there was no
``attachments`` flag (attachments were always included), and enterprises carried
their ЄДРПОУ code as ``code``. Its migration keeps such bundles importable and keeps
the upgrade path exercised.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Json = Any


@dataclass(frozen=True)
class Migration:
    """Upgrades the header (a dict without the arrays) and each array element to the next version."""

    header: Callable[[dict[str, Json]], dict[str, Json]]
    element: Callable[[str, Json], Json]


def _header_0(header: dict[str, Json]) -> dict[str, Json]:
    out = dict(header)
    exporter = out.pop("exported_by", None)
    if isinstance(exporter, dict):
        out.setdefault("installation_id", exporter.get("id"))
        out.setdefault("installation_name", exporter.get("name"))
    out.setdefault("attachments", True)
    out["format_version"] = 1
    return out


def _element_0(key: str, element: Json) -> Json:
    if key == "enterprises" and isinstance(element, dict) and "code" in element:
        element = {("edrpou" if k == "code" else k): v for k, v in element.items()}
    return element


def _to(version: int) -> Callable[[dict[str, Json]], dict[str, Json]]:
    """A header migration that only names the next version (what it added, older bundles simply lack)."""

    def header(old: dict[str, Json]) -> dict[str, Json]:
        return {**old, "format_version": version}

    return header


def _unchanged(key: str, element: Json) -> Json:
    return element


#: format version → the migration to the next version
MIGRATIONS: dict[int, Migration] = {
    0: Migration(header=_header_0, element=_element_0),
    1: Migration(header=_to(2), element=_unchanged),
    2: Migration(header=_to(3), element=_unchanged),
}


def upgrade_header(version: int, header: dict[str, Json], current: int) -> dict[str, Json]:
    for step in range(version, current):
        header = MIGRATIONS[step].header(header)
    return header


def upgrade_element(version: int, key: str, element: Json, current: int) -> Json:
    for step in range(version, current):
        element = MIGRATIONS[step].element(key, element)
    return element


def can_upgrade(version: int, current: int) -> bool:
    return all(step in MIGRATIONS for step in range(version, current))


def elements_unchanged(version: int, current: int) -> bool:
    """Whether elements of ``version`` are read as they are (no element migration between it and ``current``)."""
    return all(MIGRATIONS[step].element is _unchanged for step in range(version, current))
