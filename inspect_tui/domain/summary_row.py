"""The home list's plain row of a stored summary: a leaf with no pydantic, so the app shows its first rows without
loading the inspection models (the store reads 10,000 of these from the index at start-up)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple
from uuid import UUID

from inspect_tui.domain.status import Status

if TYPE_CHECKING:
    from inspect_tui.domain.summary import InspectionSummary

_STATUSES = {s.value: s for s in Status}


class SummaryRow(NamedTuple):
    """One line of the home list: the summary fields a screen shows, filters and sorts by.

    A plain tuple, not a model: the home reads 10,000 of these at start-up from the index
    the store wrote itself, so each is checked cheaply (``from_stored``) instead of
    validated by pydantic; ``inspect-tui doctor`` is the deep check of the index.
    """

    id: str  # the canonical UUID string: the store has matched it to the inspection's file name
    number: str
    revision: int
    enterprise: str
    edrpou: str
    status: Status
    started: date
    finished: date | None  # None: a draft whose end date is not set yet
    progress: int
    open_violations: int  # violations and signs together (``violations``, ``signs`` apart)
    shortcomings: int
    supersedes: str | None  # the revision this one corrects (canonical UUID string)
    signed_at: date | None
    signs: int
    plan_entry: str | None  # the plan entry it carries out (canonical UUID string)

    @property
    def inspection_id(self) -> UUID:
        return UUID(self.id)

    @property
    def violations(self) -> int:
        """Violations of the Law by the entity, without the signs of an official's breach."""
        return self.open_violations - self.signs

    @property
    def order(self) -> tuple[date, str, int]:
        """Newest first when sorted in reverse: the order every list of inspections shows."""
        return (self.started, self.number, self.revision)

    @classmethod
    def from_stored(cls, doc: Mapping[str, Any]) -> SummaryRow:
        """A row from a stored summary; ``ValueError`` if a field the screens rely on is missing, mistyped or out of range."""
        try:
            row = cls(
                doc["id"], doc["number"], doc["revision"], doc["enterprise"], doc["edrpou"], _STATUSES[doc["status"]],
                date.fromisoformat(doc["started"]), _day(doc["finished"]),
                doc["progress"], doc["open_violations"], doc.get("shortcomings", 0),
                _uuid_text(doc["supersedes"]), _day(doc["signed_at"]),
                doc["signs"], _uuid_text(doc["plan_entry"]),
            )
        except (KeyError, TypeError) as exc:
            raise ValueError(f"summary {doc.get('id')!r}: {exc!r} missing or of the wrong type") from None
        if not (
            type(row.id) is type(row.number) is type(row.enterprise) is type(row.edrpou) is str
            and type(row.revision) is type(row.progress) is type(row.open_violations) is type(row.shortcomings) is type(row.signs) is int
            and row.revision >= 1 and 0 <= row.progress <= 100 and 0 <= row.signs <= row.open_violations and row.shortcomings >= 0
        ):
            raise ValueError(f"summary {row.id!r}: a text, count or percentage of the wrong type or range")
        return row

    @classmethod
    def of(cls, summary: InspectionSummary) -> SummaryRow:
        return cls.from_stored(summary.model_dump(mode="json"))


def _day(value: str | None) -> date | None:
    """A stored date that may be absent (``TypeError`` or ``ValueError`` when it is neither)."""
    return None if value is None else date.fromisoformat(value)


def _uuid_text(value: object) -> str | None:
    """A stored id that may be absent: None, or a canonical UUID string (``ValueError`` otherwise)."""
    if value is None:
        return None
    if type(value) is not str or str(UUID(value)) != value:
        raise ValueError(f"not a canonical id: {value!r}")
    return value
