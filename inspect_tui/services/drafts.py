"""Correcting and deleting drafts: every header field edited through the history, a mistaken draft kept in
the trash until it is restored. A signed inspection is neither: its corrections are new revisions."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from pydantic_core import ErrorDetails

from inspect_tui.domain.inspection import Inspection, LegalBasis, Status
from inspect_tui.domain.numbering import NumberHolder, NumberRefused, check_free
from inspect_tui.domain.trash import Trashed
from inspect_tui.register.numbering import number_holders
from inspect_tui.services.inspections import update_header, utcnow
from inspect_tui.store import NotFound
from inspect_tui.store_protocol import RegisterStore

#: header fields of the inspection itself
HEADER = ("start_date", "end_date", "period_from", "period_to", "place", "inspectors")
#: fields of its legal basis (the order, the act and whether the inspection is planned)
BASIS = ("order_number", "order_date", "act", "title", "planned")
EDITABLE = HEADER + BASIS
#: refusals of the inspection as a whole, by the field a person would correct («dates», «period»: the order of two)
DOMAIN_ERROR_FIELD = {
    "dates_order": "dates", "period_order": "period", "deadline_after_end": "end_date", "notice_before_start": "start_date",
    "deadline_after_start": "start_date",
}


class DraftRefused(Exception):
    """An edit, deletion or restoring refused; ``code`` is a catalog key under ``drafts.refused``."""

    def __init__(self, code: str, **params: str) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def refused_field(error: ErrorDetails) -> str:
    """The ``EDITABLE`` field (or «dates») a refusal of ``edit_header`` is about."""
    named = [str(part) for part in error["loc"] if str(part) in EDITABLE]
    return DOMAIN_ERROR_FIELD.get(error["type"]) or (named[-1] if named else "dates")


def header_value(inspection: Inspection, name: str) -> Any:
    """The value of an ``EDITABLE`` field (a basis field from the basis)."""
    return getattr(inspection.basis if name in BASIS else inspection, name)


def _draft(store: RegisterStore, inspection_id: UUID) -> Inspection:
    inspection = store.get_inspection(inspection_id)
    if inspection.status is Status.SIGNED:
        raise DraftRefused("signed", number=inspection.number)
    return inspection


def edit_header(store: RegisterStore, inspection_id: UUID, *, now: datetime | None = None, **changes: Any) -> Inspection:
    """Change header fields of an unsigned inspection (``EDITABLE``), each a history entry; saved at once.

    Values are validated as the new-inspection form's are (a ``ValidationError`` names the field: a basis
    field by its own name, the date order by none); nothing is saved when one is refused.
    """
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not a header field: {sorted(unknown)}")
    inspection = _draft(store, inspection_id)
    header = {name: changes[name] for name in HEADER if name in changes}
    basis = {name: changes[name] for name in BASIS if name in changes}
    if basis:
        header["basis"] = LegalBasis.model_validate({**inspection.basis.model_dump(), **basis})
    return update_header(store, inspection, now=now, **header)


def delete_draft(store: RegisterStore, inspection_id: UUID, *, now: datetime | None = None) -> Trashed:
    """Move an unsigned inspection into the trash (``restore_draft`` brings it back)."""
    _draft(store, inspection_id)
    return store.trash_inspection(inspection_id, now or utcnow())


def trashed(store: RegisterStore) -> list[Trashed]:
    """The deleted drafts, the last deleted first."""
    return store.trashed()


def restore_draft(store: RegisterStore, inspection_id: UUID) -> Inspection:
    """Put a deleted draft back, unless its number is now another inspection's (say which, and a free one)."""
    try:
        kept = store.get_trashed(inspection_id)
    except NotFound:
        raise DraftRefused("not_in_trash", id=str(inspection_id)) from None
    inspection = kept.inspection
    if store.has_inspection(inspection_id):
        raise DraftRefused("in_store", number=inspection.number, id=str(inspection_id))
    try:
        check_free(inspection.number, [*number_holders(store), NumberHolder.of(inspection)], besides=inspection.id)
    except NumberRefused as exc:
        raise DraftRefused("taken", **exc.params) from None
    return store.restore_trashed(inspection_id)
