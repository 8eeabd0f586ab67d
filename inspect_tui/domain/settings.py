"""User settings kept in the store: who inspects, for which council, in which language."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from inspect_tui.domain.text import Person


class Letterhead(BaseModel):
    """The council, unit and place a certificate is headed with, frozen into the sign-off.

    They come from the settings, which may change after printing (a renamed unit):
    kept under the signed sha256, a signed certificate re-renders exactly, and
    ``verify`` can compare every printed line with a fresh rendering.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)
    council_name: str = Field("", max_length=300)
    unit_name: str = Field("", max_length=300)
    place: str = Field("", max_length=200)


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

    def letterhead(self) -> Letterhead:
        return Letterhead(council_name=self.council_name, unit_name=self.unit_name, place=self.place)

    def with_letterhead(self, letterhead: Letterhead) -> "Settings":
        """These settings as they were when ``letterhead`` was recorded (for re-rendering a signed certificate)."""
        return self.model_copy(update=letterhead.model_dump())
