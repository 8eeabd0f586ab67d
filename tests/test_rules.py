import pytest
from pydantic import TypeAdapter, ValidationError

from inspect_tui.domain.rules import Rule, describe

RULE = TypeAdapter(Rule)
PROGRAMME = {
    "any": [
        {"all": [
            {"field": "kind", "op": "eq", "value": "enterprise"},
            {"field": "headcount", "op": "gt", "value": 50},
            {"field": "gross_revenue_uah", "op": "gt", "value": 70_000_000},
        ]},
        {"field": "procurement_participant_20m", "op": "eq", "value": True},
    ]
}


def profile(**kw: object) -> dict[str, object]:
    base = {"kind": "enterprise", "sector": "utilities", "headcount": 10, "gross_revenue_uah": 0,
            "procurement_participant_20m": False, "city_level": True}
    return {**base, **kw}


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        ({"headcount": 120, "gross_revenue_uah": 95_000_000}, True),
        ({"headcount": 50, "gross_revenue_uah": 95_000_000}, False),  # "перевищує": strictly more
        ({"headcount": 51, "gross_revenue_uah": 70_000_000}, False),
        ({"kind": "institution", "headcount": 120, "gross_revenue_uah": 95_000_000}, False),
        ({"procurement_participant_20m": True}, True),
    ],
)
def test_programme_threshold_rule(facts: dict[str, object], expected: bool) -> None:
    assert RULE.validate_python(PROGRAMME).evaluate(profile(**facts)) is expected


def test_in_and_not() -> None:
    rule = RULE.validate_python({"not": {"field": "sector", "op": "in", "value": ["social", "culture_sport"]}})
    assert rule.evaluate(profile(sector="health"))
    assert not rule.evaluate(profile(sector="social"))


@pytest.mark.parametrize(
    ("data", "error_type"),
    [
        ({"field": "staff", "op": "gt", "value": 1}, "unknown_profile_field"),
        ({"field": "headcount", "op": "gt", "value": "50"}, "rule_value"),
        ({"field": "headcount", "op": "gt", "value": True}, "rule_value"),
        ({"field": "sector", "op": "eq", "value": "space"}, "rule_value"),
        ({"field": "sector", "op": "gt", "value": "health"}, "rule_op_numeric"),
        ({"field": "sector", "op": "in", "value": "health"}, "rule_op_list"),
        ({"field": "sector", "op": "eq", "value": ["health"]}, "rule_op_scalar"),
        ({"field": "headcount", "op": "approx", "value": 1}, "literal_error"),
        ({"every": []}, "rule"),
        ({"all": []}, "too_short"),
    ],
)
def test_bad_rules_are_refused_with_a_specific_error(data: dict[str, object], error_type: str) -> None:
    with pytest.raises(ValidationError) as caught:
        RULE.validate_python(data)
    assert error_type in {e["type"] for e in caught.value.errors()}


def test_rules_never_eval_strings() -> None:
    with pytest.raises(ValidationError):
        RULE.validate_python({"field": "__import__('os').system('true')", "op": "eq", "value": 1})


def test_describe_reads_like_a_condition() -> None:
    text = describe(RULE.validate_python(PROGRAMME), "uk")
    assert "headcount > 50" in text and " АБО " in text and " І " in text


def test_rules_round_trip_through_both_dump_modes() -> None:
    rule = RULE.validate_python({"not": {"field": "kind", "op": "in", "value": ["enterprise", "institution"]}})
    assert RULE.dump_python(rule) == {"not": {"field": "kind", "op": "in", "value": ["enterprise", "institution"]}}
    assert RULE.validate_python(RULE.dump_python(rule)) == rule
    assert RULE.validate_json(RULE.dump_json(rule)) == rule
