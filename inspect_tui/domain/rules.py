"""Declarative applicability rules over an enterprise profile, evaluated without ``eval``.

A rule is one of
  ``{field = "headcount", op = "gt", value = 50}``  a comparison,
  ``{all = [rule, ...]}``, ``{any = [rule, ...]}``   conjunction / disjunction,
  ``{not = rule}``                                     negation.

A field left unset (None, e.g. a profile question not answered yet) makes a comparison
unknown, and the logic is three-valued (Kleene): a rule that comes out unknown does not
exclude its item, so an unanswered fact never turns a real duty into «не застосовується».
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, model_validator
from pydantic_core import PydanticCustomError


class Kind(StrEnum):
    """Legal kind of the inspected entity: the Law treats each apart.

    A ``company`` is a господарське товариство in which the community's share
    exceeds 50%: it is a legal entity bound by ч. 2 ст. 62, but its officials
    are not officials of a public-law entity, so the restrictions and the
    declaration duties that bind a КП's officials do not bind them.
    """

    ENTERPRISE = "enterprise"
    INSTITUTION = "institution"
    COMPANY = "company"


class Sector(StrEnum):
    """Sector, which drives the declaration exemptions of ч.5 ст.45."""

    UTILITIES = "utilities"
    HEALTH = "health"
    SOCIAL = "social"
    EDUCATION = "education"
    CULTURE_SPORT = "culture_sport"
    SCIENCE = "science"
    DEFENCE = "defence"
    OTHER = "other"


#: Profile fields a rule may name, with the Python types their values take.
PROFILE_FIELDS: dict[str, tuple[type, ...]] = {
    "kind": (str,),
    "sector": (str,),
    "headcount": (int,),
    "gross_revenue_uah": (int,),
    "procurement_participant_20m": (bool,),
    "city_level": (bool,),
    "higher_education": (bool,),
}

#: Names a profile field had in checklists pinned by older inspections → its name now.
#: ``procurement_bid_20m`` was renamed because a КП that was only the *customer* of a
#: large procurement ticked it; п. 2 ч. 2 ст. 62 covers participants (tenderers) only.
LEGACY_FIELDS: dict[str, str] = {"procurement_bid_20m": "procurement_participant_20m"}

#: Allowed values of enumerated profile fields, so a typo in a checklist is caught.
ENUM_FIELDS: dict[str, frozenset[str]] = {
    "kind": frozenset(k.value for k in Kind),
    "sector": frozenset(s.value for s in Sector),
}

_ORDERING = {"gt": operator.gt, "ge": operator.ge, "lt": operator.lt, "le": operator.le}
_OPS: dict[str, Callable[[Any, Any], bool]] = {
    "eq": operator.eq,
    "ne": operator.ne,
    **_ORDERING,
    "in": lambda a, b: a in b,
    "not_in": lambda a, b: a not in b,
}

Op = Literal["eq", "ne", "gt", "ge", "lt", "le", "in", "not_in"]
Scalar = bool | int | str


def _value_fits(field: str, value: Any) -> bool:
    field = LEGACY_FIELDS.get(field, field)
    types = PROFILE_FIELDS[field]
    # bool is an int subclass: keep booleans and numbers apart in both directions
    if isinstance(value, bool) != (bool in types):
        return False
    if not isinstance(value, types):
        return False
    allowed = ENUM_FIELDS.get(field)
    return allowed is None or value in allowed


class Comparison(BaseModel):
    """Compare one profile field with a constant."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    field: str
    op: Op
    value: Scalar | list[Scalar]

    @model_validator(mode="after")
    def _check(self) -> Comparison:
        if self.field not in PROFILE_FIELDS and self.field not in LEGACY_FIELDS:
            known = ", ".join(sorted(PROFILE_FIELDS))
            raise PydanticCustomError(
                "unknown_profile_field", "unknown profile field {field} (known: {known})", {"field": self.field, "known": known}
            )
        values = self.value if isinstance(self.value, list) else [self.value]
        wants_list = self.op in ("in", "not_in")
        if wants_list != isinstance(self.value, list):
            kind = "rule_op_list" if wants_list else "rule_op_scalar"
            raise PydanticCustomError(kind, "operator {op} needs a different kind of value", {"op": self.op})
        for v in values:
            if not _value_fits(self.field, v):
                raise PydanticCustomError(
                    "rule_value", "value {value} does not fit profile field {field}", {"value": repr(v), "field": self.field}
                )
        if self.op in _ORDERING and PROFILE_FIELDS[self.profile_field] != (int,):
            raise PydanticCustomError(
                "rule_op_numeric", "operator {op} needs a numeric field, not {field}", {"op": self.op, "field": self.field}
            )
        return self

    @property
    def profile_field(self) -> str:
        """The profile field compared: the current name of a legacy one (kept as written for pinned hashes)."""
        return LEGACY_FIELDS.get(self.field, self.field)

    def evaluate(self, profile: dict[str, Any]) -> bool | None:
        """The comparison's truth, or None when the field is unset: an unanswered fact decides nothing."""
        actual = profile[self.profile_field]
        return None if actual is None else _OPS[self.op](actual, self.value)


class AllOf(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    all: list[Rule] = Field(min_length=1)

    def evaluate(self, profile: dict[str, Any]) -> bool | None:
        results = [r.evaluate(profile) for r in self.all]
        return False if False in results else None if None in results else True


class AnyOf(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    any: list[Rule] = Field(min_length=1)

    def evaluate(self, profile: dict[str, Any]) -> bool | None:
        results = [r.evaluate(profile) for r in self.any]
        return True if True in results else None if None in results else False


class Not(BaseModel):
    # "not" is a Python keyword: the field is ``not_`` but always reads and writes as "not"
    model_config = ConfigDict(extra="forbid", frozen=True, validate_by_name=True, serialize_by_alias=True)
    not_: Rule = Field(alias="not")

    def evaluate(self, profile: dict[str, Any]) -> bool | None:
        result = self.not_.evaluate(profile)
        return None if result is None else not result


def _rule_tag(value: Any) -> str | None:
    if isinstance(value, BaseModel):
        return {Comparison: "cmp", AllOf: "all", AnyOf: "any", Not: "not"}.get(type(value))
    if isinstance(value, dict):
        for key, tag in (("all", "all"), ("any", "any"), ("not", "not"), ("not_", "not"), ("field", "cmp")):
            if key in value:
                return tag
    return None


Rule = Annotated[
    Annotated[Comparison, Tag("cmp")] | Annotated[AllOf, Tag("all")] | Annotated[AnyOf, Tag("any")] | Annotated[Not, Tag("not")],
    Discriminator(_rule_tag, custom_error_type="rule", custom_error_message="a rule needs 'field', 'all', 'any' or 'not'"),
]

AllOf.model_rebuild()
AnyOf.model_rebuild()
Not.model_rebuild()


def describe(rule: Rule, lang: str = "uk") -> str:
    """A compact human-readable form of a rule, for `checklists show` and the TUI."""
    if isinstance(rule, Comparison):
        sym = {"eq": "=", "ne": "≠", "gt": ">", "ge": "≥", "lt": "<", "le": "≤", "in": "∈", "not_in": "∉"}[rule.op]
        return f"{rule.field} {sym} {rule.value}"
    if isinstance(rule, Not):
        return f"{'НЕ' if lang == 'uk' else 'NOT'} ({describe(rule.not_, lang)})"
    joiner = (" І " if lang == "uk" else " AND ") if isinstance(rule, AllOf) else (" АБО " if lang == "uk" else " OR ")
    parts = rule.all if isinstance(rule, AllOf) else rule.any
    return "(" + joiner.join(describe(p, lang) for p in parts) + ")"
