"""The home's first page kept apart: the newest summary rows in one small file (``first_rows.json``).

Listing 10,000 inspections reads 256 index shards (≈4.5 MB of JSON) and sorts every row; the home's
first page needs only the newest few. The file store keeps the newest ``KEPT`` rows, newest first,
with the count of the inspection files they were taken from and a digest of their ids (``Head``).

Why a row it shows is true:

- it is written in the same transaction as every change of a summary (a save, a deletion to the trash,
  a rebuild of shards, a reindex; an import saves each inspection), so a crash leaves it and the shards
  of one state, never of two;
- it is trusted only while the inspection files are exactly the ones it was built from: the store
  lists the files (as the full read does) and compares their count and the digest of their ids, so a
  file deleted or added by hand, a copy of an older data dir, or a change it missed makes it untrusted;
  a file that does not parse, a row that fails ``SummaryRow.from_stored``, rows out of order or
  repeated make it untrusted too; untrusted, the store reads the whole index (``summary_rows``), which
  reads around what is damaged, as before;
- every whole read by a writer compares it with what it read and rewrites it when it differs (the
  home reads the whole list right after its first page), so whatever a missed change left is mended
  by the next start;
- its rows are a prefix of the full order: changes keep it one (a row that moves below its last row
  leaves it, and one that is not known to be above every row outside it is not let in), and a request
  for more rows than it holds reads the whole index.

The digest is the sum of the ids as 128-bit numbers: a change of one id updates it without listing
the others, so a save does not list the folder.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from inspect_tui.domain.summary_row import SummaryRow

FILE = "first_rows.json"
KEPT = 200  # rows kept: a page of the home's table on a tall terminal, several times over
_TABLE = "first_rows"
_FORMAT = 1
_MODULUS = 1 << 128


def id_digest(ids: Iterable[str]) -> int:
    """Order-independent digest of canonical UUID strings (the sum of their numbers, mod 2**128)."""
    return sum(int(i.replace("-", ""), 16) for i in ids) % _MODULUS


def _newest(doc: dict[str, Any]) -> tuple[str, str, int, str]:
    """The order of a stored row (an ISO date sorts as the date): the home's order, newest first when reversed."""
    return (doc["started"], doc["number"], doc["revision"], doc["id"])


@dataclass(frozen=True)
class Head:
    """The newest ``len(docs)`` of ``count`` summary rows, as stored rows, newest first; ``digest`` of all their ids."""

    count: int
    digest: int
    docs: tuple[dict[str, Any], ...]

    @classmethod
    def of(cls, rows: list[SummaryRow], ids: set[str]) -> Head:
        """Built from every row, newest first, and the ids of the inspection files they were read for."""
        return cls(len(ids), id_digest(ids), tuple(row.stored() for row in rows[:KEPT]))

    def stored(self) -> dict[str, Any]:
        return {_TABLE: {"format": _FORMAT, "count": self.count, "digest": f"{self.digest:032x}", "rows": list(self.docs)}}

    @classmethod
    def from_stored(cls, data: dict[str, Any] | None) -> Head | None:
        """The head as written (unchecked against the files), or None when it is not one."""
        try:
            doc = (data or {})[_TABLE]
            if doc["format"] != _FORMAT or type(doc["count"]) is not int or type(doc["rows"]) is not list:
                return None
            return cls(doc["count"], int(doc["digest"], 16), tuple(doc["rows"]))
        except (KeyError, TypeError, ValueError):
            return None

    def rows_for(self, ids: set[str], limit: int) -> list[SummaryRow] | None:
        """The first ``limit`` rows when this head describes exactly these inspection files and holds that many
        (or all); else None: the caller reads the whole index."""
        if self.count != len(ids) or len(self.docs) > self.count or (len(self.docs) < limit and len(self.docs) < self.count):
            return None
        if self.digest != id_digest(ids):
            return None
        try:
            rows = [SummaryRow.from_stored(doc) for doc in self.docs]
        except (ValueError, AttributeError):  # AttributeError: a row that is not an object
            return None
        keys = [(r.started, r.number, r.revision, r.id) for r in rows]
        if any(a <= b for a, b in zip(keys, keys[1:], strict=False)) or any(r.id not in ids for r in rows):
            return None  # out of order or repeated (a strictly falling order has no repeats)
        return rows[:limit]

    def changed(self, inspection_id: str, row: SummaryRow | None, *, added: bool, removed: bool) -> Head:
        """This head after one inspection's row changed: ``row`` None when it left the list; ``added``/``removed``
        when its file is new or goes."""
        number = int(inspection_id.replace("-", ""), 16)
        count = self.count + added - removed
        digest = (self.digest + (number if added else 0) - (number if removed else 0)) % _MODULUS
        rest = [doc for doc in self.docs if doc.get("id") != inspection_id]
        if row is not None:
            doc = row.stored()
            holds_all_others = len(rest) == count - 1  # then every row is known, so the new one's place is too
            if holds_all_others or (rest and _newest(doc) > _newest(rest[-1])):
                rest.append(doc)
                rest.sort(key=_newest, reverse=True)
        return Head(count, digest, tuple(rest[:KEPT]))
