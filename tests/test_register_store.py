"""The store contract (``RegisterStore``) on both backends: the file store and the office's PostgreSQL store."""

from __future__ import annotations

from uuid import UUID

import pytest
from factories import enterprise, inspection

from inspect_tui import services
from inspect_tui.domain.inspection import Answer, InspectionLocked, Status
from inspect_tui.domain.settings import Settings
from inspect_tui.domain.summary import InspectionSummary, SummaryRow
from inspect_tui.store import NotFound
from inspect_tui.store_protocol import RegisterStore


def test_inspection_round_trip_and_summary(register_store: RegisterStore) -> None:
    insp = inspection()
    register_store.save_inspection(insp)
    assert register_store.get_inspection(insp.id) == insp
    assert register_store.list_summaries() == [InspectionSummary.of(insp)]
    assert register_store.summary_rows() == [SummaryRow.of(InspectionSummary.of(insp))]
    updated = services.record_finding(register_store, insp, "a", answer=Answer.NO, note="Немає наказу")
    assert register_store.get_inspection(insp.id) == updated
    assert register_store.list_summaries()[0].open_violations == 1
    assert register_store.has_inspection(insp.id) and register_store.inspection_ids() == [insp.id]
