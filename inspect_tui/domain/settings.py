"""User settings kept in the store: who inspects, for which council, in which language."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from inspect_tui.domain.text import Person


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    language: Literal["uk", "en"] = "uk"
    council_name: str = Field("", max_length=300, description="e.g. Покровська міська рада")
    unit_name: str = Field("", max_length=300, description="the council's anti-corruption unit")
    place: str = Field("", max_length=200, description="where certificates are drawn up (місто)")
    inspector: Person | None = None
    inspectors: list[Person] = Field(default_factory=list, description="remembered co-inspectors")
    signing_pkcs12: str = Field("", description="path to the inspector's PKCS#12 key for PAdES signing")
    subsistence_minimum: dict[int, int] = Field(
        default_factory=dict, description="user overrides of the ПМ table: year → UAH per month"
    )
