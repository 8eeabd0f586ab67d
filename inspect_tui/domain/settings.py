"""User settings kept in the store: who inspects, for which council, in which language."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from inspect_tui.domain.text import Person

#: how the annual report writes a range of dates: «27–28.07.2023» (en dash, the default) or «27-28.07.2023»,
#: the hyphen of councils that paste the lines into a document already written with it
DateDash = Literal["en", "hyphen"]


class Issuer(BaseModel):
    """Who issues a certificate and under which acts: printed in its header and basis.

    A sign-off keeps its own copy, so a later change of the settings never changes what a
    signed certificate says.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)
    council_name: str = Field("", max_length=300, description="e.g. Покровська міська рада")
    unit_name: str = Field("", max_length=300, description="the council's anti-corruption unit")
    unit_regulation: str = Field(
        "", max_length=500, description="the unit's regulation (положення про відділ), its approving act, date and number"
    )
    inspection_procedure: str = Field(
        "", max_length=500, description="the council's procedure for inspections of its enterprises, if it has one"
    )
    objection_days: int = Field(
        0, ge=0, le=60, description="working days the procedure gives the head for written objections; 0 if it sets none"
    )

    def missing(self) -> list[str]:
        """Fields a certificate cannot be issued without (the council and its unit)."""
        return [name for name in ("council_name", "unit_name") if not getattr(self, name).strip()]


class CouncilSettings(BaseModel):
    """The council's settings, alike on every installation of its unit: what certificates and the annual report print.

    An export bundle carries them from the laptop to the office; personal and local settings (the
    language, the inspector, the signing key's path) stay in ``Settings`` and never travel.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)
    council_name: str = Field("", max_length=300, description="e.g. Покровська міська рада")
    unit_name: str = Field("", max_length=300, description="the council's anti-corruption unit")
    unit_regulation: str = Field("", max_length=500, description="see Issuer")
    inspection_procedure: str = Field("", max_length=500, description="see Issuer")
    objection_days: int = Field(0, ge=0, le=60, description="see Issuer")
    place: str = Field("", max_length=200, description="where certificates are drawn up (місто)")
    unit_head_position: str = Field(
        "", max_length=300, description="the post of the unit's head, who signs the annual report; blank: a line to fill by hand"
    )
    unit_head_name: str = Field("", max_length=200, description="the unit head's name (Ім'я ПРІЗВИЩЕ); blank: a line to fill by hand")
    report_date_dash: DateDash = "en"

    def unset(self, name: str) -> bool:
        """Whether the field ``name`` was never set: blank text, or the default of a number or a choice."""
        value = getattr(self, name)
        return bool(value == type(self).model_fields[name].default) or (isinstance(value, str) and not value.strip())

    def council(self) -> CouncilSettings:
        """Only the council's settings (of a ``Settings``: without the personal and local ones)."""
        return CouncilSettings.model_validate({name: getattr(self, name) for name in CouncilSettings.model_fields})


class Settings(CouncilSettings):
    """Everything the store keeps: the council's settings and this installation's own."""

    language: Literal["uk", "en"] = "uk"
    inspector: Person | None = None
    inspectors: list[Person] = Field(default_factory=list, description="remembered co-inspectors")
    signing_pkcs12: str = Field("", description="path to the inspector's PKCS#12 key for PAdES signing")
    subsistence_minimum: dict[int, int] = Field(
        default_factory=dict, description="user overrides of the ПМ table: year → UAH per month"
    )

    def issuer(self) -> Issuer:
        return Issuer(**{name: getattr(self, name) for name in Issuer.model_fields})
