"""Whether an education entity is a higher-education institution is asked, never assumed (ч. 5 ст. 45).

Its heads and their deputies declare; other educational institutions' officials do not. An
unticked checkbox used to stand for «no», so a university's real declaration duties became
«не застосовується». The answer is now unset until given and required in education, and an
unset profile fact never excludes an item, whichever rule reads it.
"""

from __future__ import annotations

from typing import Any

import pytest
from factories import enterprise
from pydantic import ValidationError

from inspect_tui.checklists import check_file
from inspect_tui.domain.checklist import Checklist
from inspect_tui.domain.enterprise import Enterprise
from inspect_tui.domain.inspection import Answer, applicable_finding
from inspect_tui.domain.rules import AllOf, AnyOf, Comparison, Kind, Not, Sector
from inspect_tui.i18n import set_language, t
from inspect_tui.i18n.errors import error_reason
from inspect_tui.paths import bundled_checklists_dir

DECLARANTS_RULE_ITEM = "declarations-filed-head"


@pytest.fixture(scope="module")
def full() -> Checklist:
    checklist, problems = check_file(bundled_checklists_dir() / "communal-enterprise-1700.toml")
    assert problems == [] and checklist is not None
    return checklist


def test_education_needs_the_answer_and_the_refusal_names_it() -> None:
    with pytest.raises(ValidationError) as caught:
        enterprise(sector="education", kind="institution")
    error = caught.value.errors(include_url=False)[0]
    assert error["type"] == "higher_education_required"
    assert "ч. 5 ст. 45" in error_reason(error) and error_reason(error) == t("errors.higher_education_required")
    set_language("en")
    assert "Art. 45(5)" in error_reason(error)
    assert enterprise(sector="education", higher_education=False).higher_education is False
    assert enterprise(sector="education", higher_education=True).profile()["higher_education"] is True


def test_outside_education_it_is_not_guessed() -> None:
    assert enterprise().higher_education is None
    assert enterprise().profile()["higher_education"] is None
    assert enterprise(higher_education=False).higher_education is False  # an old record stays as recorded


def test_a_first_release_record_reads_as_it_was_recorded() -> None:
    """The first release wrote the procurement flag under its old key and had no higher_education flag."""
    first_release = enterprise().model_dump(mode="json", exclude={"procurement_participant_20m", "higher_education"})
    first_release.update(sector="education", kind="institution", procurement_bid_20m=False, city_level=True)
    assert Enterprise.model_validate(first_release).higher_education is False
    # a record of today's shape without the answer is refused, in a bundle as in the form
    current = {k: v for k, v in enterprise(sector="education", higher_education=True).model_dump(mode="json").items() if k != "higher_education"}
    with pytest.raises(ValidationError, match="higher_education_required"):
        Enterprise.model_validate(current)


@pytest.mark.parametrize("sector", ["education", "utilities"])
def test_the_hashed_form_keeps_old_hashes_and_tells_the_three_answers_apart(sector: str) -> None:
    answers = (False, True) if sector == "education" else (None, False, True)  # unset is refused in education
    forms = [enterprise(sector=sector, higher_education=v).hashed_form() for v in answers]
    assert len({repr(sorted(f.items())) for f in forms}) == len(forms)
    # false was the default when the first inspections with this flag were signed: hashed by omission
    assert "higher_education" not in enterprise(sector=sector, higher_education=False).hashed_form()


def test_an_unset_comparison_is_unknown_and_the_logic_is_three_valued() -> None:
    unset: dict[str, Any] = {"sector": "education", "higher_education": None}
    he = Comparison(field="higher_education", op="eq", value=True)
    education = Comparison(field="sector", op="eq", value="education")
    health = Comparison(field="sector", op="eq", value="health")
    assert he.evaluate(unset) is None
    assert Not(**{"not": he}).evaluate(unset) is None
    assert AllOf(all=[education, he]).evaluate(unset) is None
    assert AllOf(all=[health, he]).evaluate(unset) is False
    assert AnyOf(any=[education, he]).evaluate(unset) is True
    assert AnyOf(any=[health, he]).evaluate(unset) is None


def test_an_unset_flag_never_makes_a_duty_not_applicable(full: Checklist) -> None:
    """Even a profile that slipped past validation (model_copy does not validate) keeps the duties."""
    university = enterprise(kind="institution", sector="education", higher_education=True)
    unknown = university.model_copy(update={"higher_education": None})
    item = full.item(DECLARANTS_RULE_ITEM)
    assert applicable_finding(item, university).answer is Answer.UNANSWERED
    assert applicable_finding(item, unknown).answer is Answer.UNANSWERED
    school = university.model_copy(update={"higher_education": False})
    assert applicable_finding(item, school).answer is Answer.NOT_APPLICABLE


def test_a_known_outcome_holds_whatever_the_unset_facts_turn_out_to_be(full: Checklist) -> None:
    """Kleene soundness over every shipped rule: where an unset fact leaves a rule decided, no answer changes it."""
    rules = {repr(i.applies_if): i.applies_if for i in full.items if i.applies_if is not None}
    base = enterprise(kind="institution", higher_education=False).profile()
    for rule in rules.values():
        for kind in Kind:
            for sector in Sector:
                for level in (None, False, True):
                    for higher in (None, False, True):
                        profile = {**base, "kind": kind.value, "sector": sector.value, "city_level": level, "higher_education": higher}
                        outcome = rule.evaluate(profile)
                        if outcome is None:
                            continue
                        for filled_level in (False, True) if level is None else (level,):
                            for filled_higher in (False, True) if higher is None else (higher,):
                                filled = {**profile, "city_level": filled_level, "higher_education": filled_higher}
                                assert rule.evaluate(filled) is outcome
