"""The enterprise profile after the legal corrections: renamed flag, unset health level, new kinds.

Inspections signed under the first release must keep verifying: their sha256 was
computed over the enterprise as it was then (``procurement_bid_20m``, ``city_level``
defaulting to true). ``data/signed-1.x.json`` was written by that release.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from factories import enterprise
from pydantic import ValidationError

from inspect_tui.domain.inspection import Inspection
from inspect_tui.domain.rules import Comparison, Kind, Sector

SIGNED_1X = json.loads((Path(__file__).parent / "data" / "signed-1.x.json").read_text("utf-8"))


@pytest.mark.parametrize("raw", SIGNED_1X, ids=["procurement-flag", "health-city", "health-village"])
def test_inspections_signed_by_the_first_release_still_verify(raw: dict) -> None:
    inspection = Inspection.model_validate(raw)
    assert inspection.integrity_problems() == []
    # and after a round trip through the current stored form (new key names)
    again = Inspection.model_validate_json(inspection.model_dump_json())
    assert again.integrity_problems() == []
    assert "procurement_participant_20m" in inspection.enterprise.model_dump()


def test_old_flag_name_reads_as_participation() -> None:
    assert SIGNED_1X[0]["enterprise"]["procurement_bid_20m"] is True
    assert Inspection.model_validate(SIGNED_1X[0]).enterprise.procurement_participant_20m is True


def test_a_rule_pinned_with_the_old_field_name_still_evaluates() -> None:
    rule = Comparison(field="procurement_bid_20m", op="eq", value=True)
    assert rule.evaluate(enterprise(procurement_participant_20m=True).profile())
    assert not rule.evaluate(enterprise().profile())
    assert rule.model_dump()["field"] == "procurement_bid_20m"  # pinned checklist hashes unchanged


def test_the_level_of_a_health_facility_must_be_answered() -> None:
    with pytest.raises(ValidationError, match="city_level"):
        enterprise(sector="health")
    assert enterprise(sector="health", city_level=False).city_level is False
    assert enterprise().city_level is None  # outside health care it decides nothing and is not guessed


def test_new_kinds_and_sectors() -> None:
    assert Kind("company") is Kind.COMPANY
    assert {Sector("science"), Sector("defence")} == {Sector.SCIENCE, Sector.DEFENCE}
    assert enterprise(kind="company", sector="science").profile()["kind"] == "company"
    assert enterprise(sector="education", higher_education=True).profile()["higher_education"] is True
