"""What the store checks with pydantic: the adapters of its sharded tables, and the check of what it reads
(``validated``); what it writes is checked by ``domain.revalidate.readable``, as the office's store does.

The store's methods import this module when they first need it, so opening a store, reading its settings'
language and listing the home's rows (``Store.summary_rows``) load no inspection model: the app's start-up.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from inspect_tui.domain.actions import ActionText, RemedyRecord, SignedActions
from inspect_tui.domain.inspection import Inspection
from inspect_tui.domain.plan import PlanEntry
from inspect_tui.domain.summary import InspectionSummary, SummaryRow
from inspect_tui.store.errors import StoreCorrupt
from inspect_tui.store.storage import good_backup

SUMMARIES = TypeAdapter(list[InspectionSummary])
SIGNED_ACTIONS = TypeAdapter(list[SignedActions])
ACTION_TEXTS = TypeAdapter(dict[str, ActionText])
REMEDY_RECORDS = TypeAdapter(list[RemedyRecord])
PLAN = TypeAdapter(list[PlanEntry])


def row_of(inspection: Inspection) -> SummaryRow:
    return SummaryRow.of(InspectionSummary.of(inspection))


def validated(model: Any, data: Any, path: Path) -> Any:
    """Validate stored data with a model or a TypeAdapter; invalid data is a damaged file."""
    try:
        return model.validate_python(data) if isinstance(model, TypeAdapter) else model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"])
        raise StoreCorrupt(path, good_backup(path), f"{where}: {first['msg']}") from None
