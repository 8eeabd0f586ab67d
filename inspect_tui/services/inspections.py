"""Inspections from creation to signing, and after: each change goes through the domain and is saved at once."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from pathlib import Path
from typing import Any, Unpack
from uuid import UUID

from inspect_tui.checklists import Available, ChecklistProblem, discover
from inspect_tui.clock import utcnow
from inspect_tui.domain import inspection as ops
from inspect_tui.domain.inspection import Inspection, InspectionHeader, LegalBasis, SignOff
from inspect_tui.domain.numbering import check_free, check_renumber
from inspect_tui.domain.revalidate import revalidate
from inspect_tui.paths import bundled_checklists_dir, user_checklists_dir
from inspect_tui.register.numbering import number_holders
from inspect_tui.register.plan import open_entry
from inspect_tui.services.numbering import next_number
from inspect_tui.store_protocol import RegisterStore


def available_checklists(data_dir: Path) -> tuple[list[Available], list[ChecklistProblem]]:
    """Bundled checklists plus the council's own (in ``<data dir>/checklists``), which override by id."""
    return discover([bundled_checklists_dir(), user_checklists_dir(data_dir)])


def create_inspection(
    store: RegisterStore, *, number: str | None = None, now: datetime | None = None, **header: Unpack[InspectionHeader]
) -> Inspection:
    """Create and save a draft (numbered «N/YYYY» unless given); the enterprise is (re)registered with the facts used.

    A number given must be free (``NumberRefused``): a store never issues one number twice itself, because
    the number is chosen and the inspection saved in one transaction (which holds the store's lock, so a
    second create waits for the first's number to be taken).
    Unless ``plan_entry`` is given (None: not linked), the inspection carries out the open entry of its
    enterprise in the plan of its start date's year (the entry of its start date's period first), if there is one.
    """
    with store.transaction():
        if number:
            check_free(number, number_holders(store))
        if "plan_entry" not in header:
            entry = open_entry(store, header["enterprise"].edrpou, header["start_date"])
            header["plan_entry"] = entry.id if entry else None
        header["basis"] = _with_plan_basis(store, header)
        inspection = ops.new_inspection(
            id=uuid.uuid4(),
            number=number or next_number(store, header["start_date"].year),
            now=now or utcnow(),
            **header,
        )
        store.save_enterprise(header["enterprise"])
        store.save_inspection(inspection)
    return inspection


def _with_plan_basis(store: RegisterStore, header: InspectionHeader) -> LegalBasis:
    """The basis with the linked plan's approving act as its own fact (never glued to the order's act)."""
    basis, entry_id = header["basis"], header.get("plan_entry")
    if entry_id is None or basis.plan_basis:
        return basis
    entry = next((e for e in store.get_plan(header["start_date"].year) if e.id == entry_id), None)
    return revalidate(basis, plan_basis=entry.basis.strip()) if entry is not None and entry.basis.strip() else basis


def record_finding(store: RegisterStore, inspection: Inspection, item_id: str, *, now: datetime | None = None, **changes: Any) -> Inspection:
    """Change one finding and save at once (autosave after every change); ``EditConflict`` when ``inspection`` is no
    longer the stored version (another officer saved this draft meanwhile): nothing is saved over their change."""
    updated = ops.update_finding(inspection, item_id, now or utcnow(), **changes)
    if updated is not inspection:
        store.save_inspection(updated, edited_from=inspection)
    return updated


def update_header(store: RegisterStore, inspection: Inspection, *, now: datetime | None = None, **changes: Any) -> Inspection:
    """Change the header and save it; ``EditConflict`` as ``record_finding``."""
    updated = ops.update_header(inspection, now or utcnow(), **changes)
    if updated is not inspection:
        store.save_inspection(updated, edited_from=inspection)
    return updated


def renumber(store: RegisterStore, inspection_id: UUID, number: str, *, now: datetime | None = None) -> Inspection:
    """Give an unsigned inspection a new number, free in its year (``NumberRefused`` says why not).

    A signed certificate's number never changes, nor a correction's; the change is a header edit, in the history.
    """
    with store.transaction():  # checked and saved under the store's lock: no create takes the number meanwhile
        inspection = store.get_inspection(inspection_id)
        new = check_renumber(inspection, number, number_holders(store))
        return update_header(store, inspection, now=now, number=str(new))


def attach_evidence(store: RegisterStore, inspection: Inspection, item_id: str, source: Path, *, now: datetime | None = None) -> Inspection:
    """Copy a scan into the store and list it on the finding."""
    evidence = store.add_evidence(source)
    current = inspection.findings[item_id].evidence
    if any(e.sha256 == evidence.sha256 for e in current):
        return inspection
    return record_finding(store, inspection, item_id, now=now, evidence=[*current, evidence])


def complete(store: RegisterStore, inspection: Inspection, *, now: datetime | None = None) -> Inspection:
    updated = ops.complete(inspection, now or utcnow())
    if updated is not inspection:
        store.save_inspection(updated)
    return updated


def sign_off(store: RegisterStore, inspection: Inspection, signoff: SignOff, *, now: datetime | None = None) -> Inspection:
    """Freeze the inspection under its sha256 (refused with the exact reasons while incomplete).

    The council, unit and acts of the settings are frozen into the sign-off unless given.
    """
    if signoff.issuer is None:
        signoff = revalidate(signoff, issuer=store.get_settings().issuer())
    signed = ops.sign(inspection, signoff, now or utcnow())
    store.save_inspection(signed)
    return signed


def attach_objection(store: RegisterStore, signed: Inspection, *, received_on: date, text: str, now: datetime | None = None) -> Inspection:
    """Attach the head's written objections received after signing (the signed content stays as it was)."""
    updated = ops.attach_objection(signed, received_on=received_on, text=text, now=now or utcnow())
    store.save_inspection(updated)
    return updated


def correct(store: RegisterStore, signed: Inspection, *, now: datetime | None = None) -> Inspection:
    """Start a correction of a signed inspection: a new draft revision pointing to it."""
    revision = ops.new_revision(signed, id=uuid.uuid4(), now=now or utcnow())
    store.save_inspection(revision)
    return revision
