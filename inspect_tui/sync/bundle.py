"""The export bundle: the JSON a laptop hands to the office, described by pydantic models.

The models are the single source of the bundle's JSON Schema (``inspect-tui schema``,
``docs/bundle.schema.json``). Inspections are carried whole (checklist copy, findings,
change history, sign-off and sha256), so a bundle is evidence in its own right. From format 3 a
bundle also carries what the office needs to print the same documents: the whole registry, the
year plans and the council's settings (never an installation's personal or local ones).
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from inspect_tui.domain.actions import RemedyRecord
from inspect_tui.domain.bounds import Moment
from inspect_tui.domain.enterprise import Enterprise
from inspect_tui.domain.inspection import MAX_EVIDENCE_BYTES, Inspection, Sha256
from inspect_tui.domain.plan import YearPlan
from inspect_tui.domain.settings import CouncilSettings

FORMAT_VERSION: Literal[3] = 3

#: top-level keys holding arrays, read one element at a time (never the whole array at once)
LIST_KEYS = ("enterprises", "inspections", "evidence", "remedies", "plans")
#: arrays added after the first format, by the version that added them (older bundles lack them)
ADDED_IN = {"remedies": 2, "plans": 3}

Base64Text = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9+/]*={0,2}$")]


class BundleEvidence(BaseModel):
    """One attached scan or photo: its bytes (base64) under the sha256 the findings refer to."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    sha256: Sha256
    size: int = Field(ge=0, le=MAX_EVIDENCE_BYTES)
    data: Base64Text


class BundleHeader(BaseModel):
    """Who exported the bundle, when, and in which format."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    format_version: Literal[3] = Field(description="bumped on every incompatible change; older ones are migrated on import")
    installation_id: UUID = Field(description="the exporting installation (made on its first run)")
    installation_name: str = Field(max_length=200)
    exported_at: Moment
    attachments: bool = Field(description="true when every evidence file the inspections list is included")
    settings: CouncilSettings | None = Field(
        None, description="the exporting installation's council settings (certificates and the annual report print them); from format 3"
    )


class Bundle(BundleHeader):
    """An export bundle: header, the registry, inspections with their revisions, evidence, remedies, plans."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="inspect-tui export bundle")
    enterprises: list[Enterprise] = Field(
        description="the exporting installation's whole registry (from format 3; before, the enterprises inspected)"
    )
    inspections: list[Inspection] = Field(description="every revision is its own inspection; `supersedes` links them")
    evidence: list[BundleEvidence] = Field(description="empty when `attachments` is false")
    remedies: list[RemedyRecord] = Field(
        [], description="the remedies recorded for the actions («Ні») of the signed inspections carried; from format 2"
    )
    plans: list[YearPlan] = Field([], description="every year's inspection plan, one element a year; from format 3")


def bundle_schema() -> dict[str, Any]:
    """The JSON Schema of a bundle, generated from the models."""
    return Bundle.model_json_schema()


def bundle_schema_text() -> str:
    """The schema as the checked-in ``docs/bundle.schema.json`` holds it."""
    return json.dumps(bundle_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
