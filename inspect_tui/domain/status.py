"""An inspection's status: a leaf (no pydantic), so the home's rows and the store's index can name it without
loading the inspection models."""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    DRAFT = "draft"
    COMPLETED = "completed"
    SIGNED = "signed"
