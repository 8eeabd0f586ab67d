"""The home's first page kept apart: the order of the newest summary rows in one small file (``first_rows.json``).

Listing 10,000 inspections reads 256 index shards (≈4.5 MB of JSON) and sorts every row; the home's
first page needs only the newest few. The file store keeps the places of the newest ``KEPT`` rows in the
list's order — (started, number, revision, id), newest first — with the count of the inspection files
they were taken from and a digest of their ids (``Head``). The rows themselves are read from their index
shards, the same summaries the whole list shows; only the shards of the page are read (about 45 of 256).

Why a row it shows is true, and in its place:

- it is written in the same transaction as every change of a row's place (a new inspection, a changed
  start, number or revision, a deletion to the trash, a rebuild of shards, a reindex; an import saves
  each inspection), so a crash leaves it and the shards of one state, never of two; an autosave that
  changes no place writes nothing here;
- it is trusted only while the inspection files are exactly the ones it was built from: the store
  lists the files (as the whole read does) and compares their count and the digest of their ids, so a
  file deleted or added by hand, a copy of an older data dir, or a change it missed makes it untrusted;
  a file that does not parse, places out of order or repeated make it untrusted too;
- each row of the page comes from its shard only when that shard is sound as the whole read checks it
  (parses, lists exactly its inspection files, its rows pass ``SummaryRow.from_stored``) and the row's
  place there is the one kept here; otherwise the store reads the whole index, which reads around what
  is damaged, as before;
- its places are a prefix of the whole order: changes keep it one (a row that moves below its last place
  leaves it, and one not known to be above every row outside it is not let in), a request for more rows
  than it holds reads the whole index, and every whole read by a writer rewrites it when it differs (the
  home reads the whole list right after its first page), so whatever a missed change left is mended.

The digest is the sum of the ids as 128-bit numbers: a change of one id updates it without listing
the others, so a save does not list the folder.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from inspect_tui.domain.summary_row import SummaryRow

FILE = "first_rows.json"
KEPT = 200  # places kept: a page of the home's table on a tall terminal, several times over
_TABLE = "first_rows"
_FORMAT = 1
_MODULUS = 1 << 128

#: a row's place in the list: (started as an ISO date, number, revision, id); the greatest is the newest
Place = tuple[str, str, int, str]


def id_digest(ids: Iterable[str]) -> int:
    """Order-independent digest of canonical UUID strings (the sum of their numbers, mod 2**128)."""
    return sum(int(i.replace("-", ""), 16) for i in ids) % _MODULUS


def place_of(row: SummaryRow) -> Place:
    """The row's place in the home's order (an ISO date sorts as the date)."""
    return (row.started.isoformat(), row.number, row.revision, row.id)


@dataclass(frozen=True)
class Head:
    """The places of the newest ``len(places)`` of ``count`` rows, newest first; ``digest`` of all their ids."""

    count: int
    digest: int
    places: tuple[Place, ...]

    @classmethod
    def of(cls, rows: list[SummaryRow], ids: set[str]) -> Head:
        """Built from every row, newest first, and the ids of the inspection files they were read for."""
        return cls(len(ids), id_digest(ids), tuple(place_of(row) for row in rows[:KEPT]))

    def stored(self) -> dict[str, Any]:
        return {_TABLE: {"format": _FORMAT, "count": self.count, "digest": f"{self.digest:032x}", "rows": [list(p) for p in self.places]}}

    @classmethod
    def from_stored(cls, data: dict[str, Any] | None) -> Head | None:
        """The head as written (unchecked against the files), or None when it is not one."""
        try:
            doc = (data or {})[_TABLE]
            if doc["format"] != _FORMAT or type(doc["count"]) is not int:
                return None
            places = tuple((a, b, c, d) for a, b, c, d in doc["rows"])
            if not all(type(a) is type(b) is type(d) is str and type(c) is int for a, b, c, d in places):
                return None
            return cls(doc["count"], int(doc["digest"], 16), places)
        except (KeyError, TypeError, ValueError):  # ValueError: a place of another length too
            return None

    def places_for(self, ids: set[str], limit: int) -> list[Place] | None:
        """The first ``limit`` places when this head describes exactly these inspection files and holds that many
        (or all); else None: the caller reads the whole index."""
        held = len(self.places)
        if self.count != len(ids) or held > self.count or (held < limit and held < self.count) or self.digest != id_digest(ids):
            return None
        if any(a <= b for a, b in zip(self.places, self.places[1:], strict=False)) or any(p[3] not in ids for p in self.places):
            return None  # out of order or repeated (a strictly falling order has no repeats)
        return list(self.places[:limit])

    def changed(self, inspection_id: str, place: Place | None, *, added: bool, removed: bool) -> Head:
        """This head after one inspection's row changed: ``place`` None when it left the list; ``added``/``removed``
        when its file is new or goes."""
        number = int(inspection_id.replace("-", ""), 16)
        count = self.count + added - removed
        digest = (self.digest + (number if added else 0) - (number if removed else 0)) % _MODULUS
        rest = [p for p in self.places if p[3] != inspection_id]
        if place is not None:
            holds_all_others = len(rest) == count - 1  # then every row is known, so the new one's place is too
            if holds_all_others or (rest and place > rest[-1]):
                rest.append(place)
                rest.sort(reverse=True)
        return Head(count, digest, tuple(rest[:KEPT]))
