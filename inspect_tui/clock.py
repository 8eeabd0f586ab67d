"""The app's default clock: a leaf, so the TUI can start without importing the services."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC)
