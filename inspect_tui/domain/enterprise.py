"""The inspected entity and its profile facts, which drive applicability rules."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, AliasChoices, BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from inspect_tui.domain.edrpou import is_valid_edrpou
from inspect_tui.domain.rules import LEGACY_FIELDS, PROFILE_FIELDS, Kind, Sector
from inspect_tui.domain.text import NonEmpty


def _check_edrpou(code: str) -> str:
    if not is_valid_edrpou(code):
        raise PydanticCustomError("edrpou", "invalid ЄДРПОУ code {code}", {"code": code})
    return code


Edrpou = Annotated[str, AfterValidator(_check_edrpou)]


#: Profile answers a sector cannot do without: each decides who declares there (ч. 5 ст. 45),
#: so it is asked, never assumed: an unset one would make real duties «не застосовується».
REQUIRED_BY_SECTOR: dict[Sector, str] = {Sector.HEALTH: "city_level", Sector.EDUCATION: "higher_education"}


#: What a plan row cannot tell of an enterprise: unknown (null) in an enterprise registered from a plan.
UNKNOWN_FROM_PLAN = ("legal_form", "kind", "sector", "reporting_year", "headcount", "gross_revenue_uah", "procurement_participant_20m")


class Enterprise(BaseModel):
    """A communal enterprise, institution or organisation managed by the council."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    edrpou: Edrpou
    name: NonEmpty = Field(max_length=500)
    short_name: NonEmpty = Field(max_length=200)
    # The profile facts below are required keys, but each may be null: unknown. Only an enterprise registered
    # from a plan row (``from_plan``) has unknowns: the plan knows its code and name, nothing else. The
    # registry and new-inspection forms ask for them (``missing_facts``) before an inspection starts on it.
    legal_form: NonEmpty | None = Field(max_length=100, description="e.g. КП, КНП, КЗ, МКП, установа; null: unknown yet")
    kind: Kind | None
    sector: Sector | None
    address: str = Field("", max_length=500)
    head_name: str = Field("", max_length=200)
    head_position: str = Field("", max_length=300)
    responsible_person: str = Field("", max_length=300, description="the entity's anti-corruption contact")
    reporting_year: int | None = Field(ge=2000, le=2100)
    headcount: int | None = Field(ge=0, le=10_000_000, description="average headcount for the reporting year")
    gross_revenue_uah: int | None = Field(ge=0, le=10**15, description="gross revenue for the reporting year, UAH")
    procurement_participant_20m: bool | None = Field(
        False,
        # stored data and bundles written before the rename carry the old key
        validation_alias=AliasChoices("procurement_participant_20m", "procurement_bid_20m"),
        description="a participant (tenderer, not the customer) in a public procurement of ≥ 20 mln UAH "
        "(п. 2 ч. 2 ст. 62); null: unknown yet (an enterprise registered from a plan)",
    )
    city_level: bool | None = Field(
        None,
        description="a health-care facility of central, oblast, district or city (of oblast significance) level, "
        "whose head declares under ч. 5 ст. 45; false for a village, settlement or smaller-town facility; "
        "unset until someone answers it, and required for the health sector",
    )
    higher_education: bool | None = Field(
        None,
        description="a higher-education institution, whose heads and their deputies declare under ч. 5 ст. 45; "
        "unset until someone answers it, and required for the education sector",
    )

    @model_validator(mode="before")
    @classmethod
    def _first_release_record(cls, data: Any) -> Any:
        """A record of the first release (its procurement flag under the old key) predates the flag.

        Education then meant no declarants at all, which is what false says: it is kept as recorded
        (and its sha256 with it); the registry form asks the question again when it is edited.
        """
        if isinstance(data, dict) and "procurement_bid_20m" in data and "higher_education" not in data:
            return {**data, "higher_education": False}
        return data

    @model_validator(mode="after")
    def _sector_answers_known(self) -> Enterprise:
        field = REQUIRED_BY_SECTOR.get(self.sector) if self.sector is not None else None
        if field is not None and getattr(self, field) is None:
            raise PydanticCustomError(
                f"{field}_required", "{field} decides who declares in this sector (ч. 5 ст. 45): answer it", {"field": field}
            )
        return self

    @classmethod
    def from_plan(cls, edrpou: str, name: str) -> Enterprise:
        """An enterprise known only from a plan row: its code and name (the short name too); every profile
        fact unknown, never guessed, so no rule excludes a duty for it and no inspection starts on it until
        they are answered. Validated as any enterprise (``ValidationError``: a bad code, a name too long)."""
        return cls.model_validate({"edrpou": edrpou, "name": name, "short_name": name, **dict.fromkeys(UNKNOWN_FROM_PLAN)})

    def missing_facts(self) -> list[str]:
        """The facts an inspection needs that are still unknown (field names, in the form's order)."""
        missing = [name for name in UNKNOWN_FROM_PLAN if getattr(self, name) is None]
        answer = REQUIRED_BY_SECTOR.get(self.sector) if self.sector is not None else None
        return [*missing, answer] if answer is not None and getattr(self, answer) is None else missing

    def unknown_facts(self) -> list[str]:
        """Every fact still unknown (null), needed yet or not: what another copy of the entry may fill in."""
        return [name for name in type(self).model_fields if getattr(self, name) is None]

    def profile(self) -> dict[str, Any]:
        """The facts applicability rules may read (see ``rules.PROFILE_FIELDS``)."""
        data = self.model_dump(mode="json")
        return {name: data[name] for name in PROFILE_FIELDS}

    def hashed_form(self) -> dict[str, Any]:
        """The enterprise as signed inspections hash it: frozen at the first release's shape.

        Inspections signed before the flag's rename hashed it as ``procurement_bid_20m``
        and left ``city_level`` out when it was true (its default then), ``higher_education``
        when it was false (its default until it had to be answered). Keeping that shape keeps
        their sha256 valid for years; the form stays injective (an unset ``city_level`` or
        ``higher_education`` hashes as null).
        """
        data = self.model_dump(mode="json", exclude_defaults=True)
        for old, new in LEGACY_FIELDS.items():
            if new in data:
                data[old] = data.pop(new)
        if data.get("city_level") is True:
            del data["city_level"]
        elif "city_level" not in data:
            data["city_level"] = None
        data.pop("higher_education", None)
        if self.higher_education is not False:
            data["higher_education"] = self.higher_education
        return data
