"""A deleted draft, kept in the data dir's trash so that a mistaken deletion can be undone."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from inspect_tui.domain.bounds import Moment
from inspect_tui.domain.inspection import Inspection, Status


class Trashed(BaseModel):
    """When a draft was deleted, and the draft as it was (its history included): restoring gives it back whole."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    deleted_at: Moment
    inspection: Inspection

    @property
    def deletable(self) -> bool:
        """Only an unsigned inspection is ever deleted: a signed certificate is evidence, corrected by a new revision."""
        return self.inspection.status is not Status.SIGNED
