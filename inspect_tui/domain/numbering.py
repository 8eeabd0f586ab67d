"""Certificate numbers «N/YYYY»: reading them, which inspections share one, and what to do about it.

A store numbers its inspections one after another in each year, but two laptops that
work offline both issue «3/2026»; a merge brings both in (both are evidence, neither is
dropped) and the number is then held twice. Revisions of one inspection (a ``supersedes``
chain) share their number by design: they are one *holder*. A signed certificate's number
never changes, and neither does a correction's (it corrects that certificate), so only a
lone unsigned inspection can be renumbered.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from inspect_tui.domain.inspection import Inspection, Status
from inspect_tui.domain.summary import InspectionSummary, SummaryRow

#: «N/YYYY» with ASCII digits only (``\d`` would take other scripts' digits): N from 1 to 999999, leading
#: zeros and spaces around allowed
_NUMBER = re.compile(r"\s*0*([1-9][0-9]{0,5})\s*/\s*([1-9][0-9]{3})\s*")


@dataclass(frozen=True, order=True)
class CertificateNumber:
    """A well-formed number: ``n`` in its ``year`` (ordered by year, then n)."""

    year: int
    n: int

    def __str__(self) -> str:
        return f"{self.n}/{self.year}"


def parse_number(text: str) -> CertificateNumber | None:
    """The number «N/YYYY» in ``text`` (N ≥ 1, leading zeros ignored), or None when it is not one."""
    match = _NUMBER.fullmatch(text)
    if match is None:
        return None
    return CertificateNumber(year=int(match.group(2)), n=int(match.group(1)))


def number_key(text: str) -> str:
    """What two numbers are compared by: the canonical «N/YYYY», else the text without case and extra spaces
    (numbers written another way before this release, or imported, still collide when equal)."""
    parsed = parse_number(text)
    return str(parsed) if parsed is not None else " ".join(text.split()).casefold()


@dataclass(frozen=True)
class NumberHolder:
    """One inspection holding a number: what a person needs to tell it apart from the other holder.

    A plain dataclass of already validated values: the home screen makes one per inspection (10,000).
    """

    id: UUID
    number: str
    revision: int
    supersedes: UUID | None
    status: Status
    enterprise: str
    edrpou: str
    started: date
    signed_on: date | None

    @property
    def signed(self) -> bool:
        return self.status is Status.SIGNED

    @classmethod
    def of(cls, source: Inspection | InspectionSummary | SummaryRow) -> NumberHolder:
        if isinstance(source, SummaryRow):
            return cls(
                id=source.inspection_id, number=source.number, revision=source.revision,
                supersedes=None if source.supersedes is None else UUID(source.supersedes), status=source.status,
                enterprise=source.enterprise, edrpou=source.edrpou, started=source.started, signed_on=source.signed_at,
            )
        if isinstance(source, InspectionSummary):
            return cls(
                id=source.id, number=source.number, revision=source.revision, supersedes=source.supersedes, status=source.status,
                enterprise=source.enterprise, edrpou=source.edrpou, started=source.started, signed_on=source.signed_at,
            )
        return cls(
            id=source.id, number=source.number, revision=source.revision, supersedes=source.supersedes, status=source.status,
            enterprise=source.enterprise.short_name, edrpou=source.enterprise.edrpou, started=source.start_date,
            signed_on=source.signoff.signed_on if source.signoff else None,
        )


@dataclass(frozen=True)
class NumberConflict:
    """One number held by more than one inspection (revision chains count once).

    ``chains``: each holder with its revisions, oldest first; the chains in order of start date.
    """

    number: str
    year: int | None  # None for a number not of the form «N/YYYY»
    chains: list[list[NumberHolder]]

    @property
    def inspection_ids(self) -> list[UUID]:
        return [h.id for chain in self.chains for h in chain]

    @property
    def signed(self) -> list[UUID]:
        """The holders whose certificate is signed (their number never changes)."""
        return [h.id for chain in self.chains for h in chain if h.signed]

    @property
    def fixed(self) -> list[list[NumberHolder]]:
        """Chains whose number cannot change: a signed certificate, or a correction of one."""
        return [chain for chain in self.chains if not renumberable(chain)]

    @property
    def resolvable(self) -> bool:
        """Whether renumbering unsigned inspections can end it: at most one chain keeps the number."""
        return len(self.fixed) <= 1

    def to_renumber(self) -> list[NumberHolder]:
        """The unsigned inspections to give new numbers: all of them when a signed one keeps the number,
        else all but the one that started first."""
        movable = [chain[0] for chain in self.chains if renumberable(chain)]
        return movable if self.fixed else movable[1:]


def renumberable(chain: list[NumberHolder]) -> bool:
    """A lone unsigned inspection: not signed, not a revision, no revision of it."""
    return len(chain) == 1 and chain[0].supersedes is None and not chain[0].signed


def _roots(holders: dict[UUID, NumberHolder]) -> dict[UUID, UUID]:
    """Each holder's first inspection, following ``supersedes`` (through holders of other numbers too)."""
    roots: dict[UUID, UUID] = {}
    for start in holders:
        seen = [start]
        current = holders[start].supersedes
        while current is not None and current not in seen:
            seen.append(current)
            holder = holders.get(current)
            current = holder.supersedes if holder is not None else None
        roots[start] = seen[-1]
    return roots


def find_conflicts(holders: Iterable[NumberHolder]) -> list[NumberConflict]:
    """Every number held by two or more different inspections, by year and number."""
    by_id = {h.id: h for h in holders}
    roots = _roots(by_id)
    groups: dict[str, dict[UUID, list[NumberHolder]]] = {}
    for holder in by_id.values():
        groups.setdefault(number_key(holder.number), {}).setdefault(roots[holder.id], []).append(holder)
    conflicts = []
    for key, chains in groups.items():
        if len(chains) < 2:
            continue
        ordered = sorted((sorted(c, key=lambda h: h.revision) for c in chains.values()), key=lambda c: (c[0].started, str(c[0].id)))
        parsed = parse_number(key)
        conflicts.append(NumberConflict(number=key, year=parsed.year if parsed else None, chains=ordered))
    return sorted(conflicts, key=_order)


def _order(conflict: NumberConflict) -> tuple[int, int, str]:
    parsed = parse_number(conflict.number)
    return (parsed.year, parsed.n, "") if parsed is not None else (10_000, 0, conflict.number)


def holders_of(holders: Iterable[NumberHolder], number: str, *, besides: UUID | None = None) -> list[NumberHolder]:
    """The holders of ``number`` outside the revision chain of ``besides``."""
    by_id = {h.id: h for h in holders}
    roots = _roots(by_id)
    own = roots.get(besides) if besides is not None else None
    key = number_key(number)
    return [h for h in by_id.values() if number_key(h.number) == key and (own is None or roots[h.id] != own)]


def taken_numbers(holders: Iterable[NumberHolder]) -> set[str]:
    """The numbers held, as ``number_key`` compares them."""
    return {number_key(h.number) for h in holders}


def next_free(taken: set[str], year: int) -> str:
    """The lowest number of ``year`` not in ``taken`` (see ``taken_numbers``)."""
    n = 1
    while str(CertificateNumber(year=year, n=n)) in taken:
        n += 1
    return str(CertificateNumber(year=year, n=n))


def proposals(conflicts: Iterable[NumberConflict], holders: Iterable[NumberHolder]) -> dict[UUID, str]:
    """A free number for each inspection ``to_renumber`` of each conflict, none proposed twice.

    In the number's year (the start year for a number not of the form «N/YYYY»).
    """
    taken = taken_numbers(holders)
    proposed: dict[UUID, str] = {}
    for conflict in conflicts:
        for holder in conflict.to_renumber():
            proposed[holder.id] = next_free(taken, conflict.year or holder.started.year)
            taken.add(proposed[holder.id])
    return proposed


class NumberRefused(Exception):
    """A number that cannot be given (to a new inspection or by renumbering); ``code`` is a message key
    (``numbering.refused.<code>``)."""

    def __init__(self, code: str, **params: str) -> None:
        super().__init__(f"{code}: {params}")
        self.code = code
        self.params = params


def check_free(number: str, holders: Iterable[NumberHolder], *, besides: UUID | None = None) -> None:
    """``NumberRefused`` when another inspection (outside the revision chain of ``besides``) holds ``number``."""
    holders = list(holders)
    others = holders_of(holders, number, besides=besides)
    if others:
        parsed = parse_number(number)
        free = next_free(taken_numbers(holders), parsed.year) if parsed is not None else "—"
        shown = str(parsed) if parsed is not None else number[:40]
        raise NumberRefused("taken", number=shown, enterprise=others[0].enterprise, id=str(others[0].id), free=free)


def check_renumber(inspection: Inspection, number: str, holders: Iterable[NumberHolder]) -> CertificateNumber:
    """The canonical new number for ``inspection``, or ``NumberRefused`` saying why not."""
    if inspection.status is Status.SIGNED:
        raise NumberRefused("signed", number=inspection.number)
    if inspection.supersedes is not None:
        raise NumberRefused("revision", number=inspection.number)
    parsed = parse_number(number)
    if parsed is None:
        raise NumberRefused("malformed", text=number[:40] + ("…" if len(number) > 40 else ""))
    years = {day.year for day in (inspection.start_date, inspection.end_date) if day is not None}
    if parsed.year not in years:
        raise NumberRefused("year", number=str(parsed), years=", ".join(str(y) for y in sorted(years)))
    check_free(str(parsed), holders, besides=inspection.id)
    return parsed
