"""The inspected entity and its profile facts, which drive applicability rules."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic_core import PydanticCustomError
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from inspect_tui.domain.edrpou import is_valid_edrpou
from inspect_tui.domain.rules import Kind, Sector, PROFILE_FIELDS
from inspect_tui.domain.text import NonEmpty


def _check_edrpou(code: str) -> str:
    if not is_valid_edrpou(code):
        raise PydanticCustomError("edrpou", "invalid ЄДРПОУ code {code}", {"code": code})
    return code


Edrpou = Annotated[str, AfterValidator(_check_edrpou)]


class Enterprise(BaseModel):
    """A communal enterprise, institution or organisation managed by the council."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    edrpou: Edrpou
    name: NonEmpty = Field(max_length=500)
    short_name: NonEmpty = Field(max_length=200)
    legal_form: NonEmpty = Field(max_length=100, description="e.g. КП, КНП, КЗ, МКП, установа")
    kind: Kind
    sector: Sector
    address: str = Field("", max_length=500)
    head_name: str = Field("", max_length=200)
    head_position: str = Field("", max_length=300)
    responsible_person: str = Field("", max_length=300, description="the entity's anti-corruption contact")
    reporting_year: int = Field(ge=2000, le=2100)
    headcount: int = Field(ge=0, le=10_000_000, description="average headcount for the reporting year")
    gross_revenue_uah: int = Field(ge=0, le=10**15, description="gross revenue for the reporting year, UAH")
    procurement_bid_20m: bool = Field(False, description="bid in a public procurement of ≥ 20 mln UAH")
    city_level: bool = Field(
        True,
        description="a health-care facility of central, oblast, district or city (of oblast significance) level, "
        "whose head declares under ч. 5 ст. 45; false for a village, settlement or smaller-town facility",
    )

    def profile(self) -> dict[str, Any]:
        """The facts applicability rules may read (see ``rules.PROFILE_FIELDS``)."""
        data = self.model_dump(mode="json")
        return {name: data[name] for name in PROFILE_FIELDS}
