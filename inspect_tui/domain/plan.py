"""The council's yearly inspection plan: which enterprise is inspected in which month or quarter, on what basis.

An inspection created for a planned enterprise points to its entry (``Inspection.plan_entry``); the
register derives from those links whether each entry is still planned, started or signed.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Annotated
from uuid import UUID, uuid5

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator
from pydantic_core import PydanticCustomError

from inspect_tui.domain.bounds import FIRST_YEAR, LAST_YEAR
from inspect_tui.domain.enterprise import Edrpou
from inspect_tui.domain.text import NonEmpty

#: field bounds, shared by the form, the CSV import and the store
ENTERPRISE_CHARS = 200
BASIS_CHARS = 300
INSPECTOR_CHARS = 200
MAX_INSPECTORS = 20
REASON_CHARS = 1000

#: how Ukrainian documents write quarters («II квартал»)
ROMAN_QUARTERS = ("I", "II", "III", "IV")

InspectorName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=INSPECTOR_CHARS)]


#: namespace of the entries' ids (uuid5 of year, ЄДРПОУ and period)
PLAN_NAMESPACE = UUID("6f1d3c2a-8e0b-5b7e-9c41-2d7a0f5e9b13")


def entry_id(year: int, edrpou: str, month: int | None, quarter: int | None, taken: Collection[UUID] = ()) -> UUID:
    """The id a new entry gets: the same plan entered on two installations (imported from one file at the
    office and on the laptops) has the same ids, so the inspections linked to it count at the office too.

    An entry keeps its id for good (inspections link to it), also when its period is edited, so the id
    of a period may be ``taken`` by an entry now of another period: the next of a fixed sequence is
    given then, never the edited entry's.
    """
    name = f"{year}/{edrpou}/{month or ''}/{quarter or ''}"
    candidate, n = uuid5(PLAN_NAMESPACE, name), 1
    while candidate in taken:
        n += 1
        candidate = uuid5(PLAN_NAMESPACE, f"{name}/{n}")
    return candidate


def quarter_of(month: int) -> int:
    """The quarter (1–4) a month (1–12) falls in."""
    return (month - 1) // 3 + 1


class PlanEntry(BaseModel):
    """One planned inspection: an enterprise of the registry, in a month or (when less precise) a quarter."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: UUID
    year: int = Field(ge=FIRST_YEAR, le=LAST_YEAR)
    edrpou: Edrpou
    enterprise: NonEmpty = Field(max_length=ENTERPRISE_CHARS, description="the enterprise's short name")
    month: int | None = Field(None, ge=1, le=12)
    quarter: int | None = Field(None, ge=1, le=4)
    basis: str = Field("", max_length=BASIS_CHARS, description="e.g. «план перевірок на 2026 рік, затверджений розпорядженням № 12»")
    inspectors: list[InspectorName] = Field(default_factory=list, max_length=MAX_INSPECTORS)
    not_done_reason: str = Field("", max_length=REASON_CHARS, description="why a planned inspection was not carried out")

    @model_validator(mode="after")
    def _month_or_quarter(self) -> PlanEntry:
        if (self.month is None) == (self.quarter is None):
            raise PydanticCustomError("plan_month_or_quarter", "a plan entry has a month or a quarter, exactly one of them")
        return self

    @property
    def in_quarter(self) -> int:
        """The quarter the entry falls in, whether it was planned by month or by quarter."""
        return self.quarter if self.quarter is not None else quarter_of(self.month or 1)

    @property
    def months(self) -> range:
        """The months (1–12) the entry's period covers: its month, or its quarter's three."""
        if self.month is not None:
            return range(self.month, self.month + 1)
        first = 3 * self.in_quarter - 2
        return range(first, first + 3)

    def months_from(self, month: int) -> int:
        """How many months ``month`` lies outside the entry's period (0: within it)."""
        period = self.months
        return max(period[0] - month, month - period[-1], 0)

    def with_id(self, id: UUID) -> PlanEntry:
        """This entry under another id (validated again, as every entry is)."""
        return PlanEntry.model_validate({**self.model_dump(), "id": id})

    def key(self) -> tuple[str, int | None, int | None]:
        """What identifies an entry to a person: the enterprise and the planned period (a re-imported plan keeps its ids by it)."""
        return (self.edrpou, self.month, self.quarter)


class OtherCouncilsPlan(ValueError):
    """A store that keeps one council's plans (a laptop's: its settings' council's) was given another council's."""

    def __init__(self, council: str, kept: str) -> None:
        super().__init__(f"this store keeps the plans of {kept!r} alone, not of {council!r}")
        self.council = council
        self.kept = kept


#: the most entries a year's plan holds (a council plans each of its enterprises a few times at most)
MAX_ENTRIES = 2_000


class YearPlan(BaseModel):
    """A year's whole plan, as a bundle carries it: each entry of that year, under its own id and period."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    year: int = Field(ge=FIRST_YEAR, le=LAST_YEAR)
    entries: list[PlanEntry] = Field(max_length=MAX_ENTRIES)

    @model_validator(mode="after")
    def _one_year_distinct_entries(self) -> YearPlan:
        ids: set[UUID] = set()
        keys: set[tuple[str, int | None, int | None]] = set()
        for entry in self.entries:
            if entry.year != self.year:
                raise PydanticCustomError("plan_other_year", "an entry of {found} in the plan of {year}", {"found": entry.year, "year": self.year})
            if entry.id in ids:
                raise PydanticCustomError("plan_duplicate_id", "plan entry {id} appears twice", {"id": str(entry.id)})
            if entry.key() in keys:
                raise PydanticCustomError(
                    "plan_duplicate_period", "{enterprise} ({edrpou}) is planned twice for the same period",
                    {"enterprise": entry.enterprise, "edrpou": entry.edrpou},
                )
            ids.add(entry.id)
            keys.add(entry.key())
        return self
