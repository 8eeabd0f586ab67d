"""What the services, sync, the register and the screens need of a store: one interface, two backends.

The laptop's file store (``inspect_tui.store.Store``, TinyDB files) and the office's PostgreSQL store
(``inspect_tui.office.pgstore.PgStore``) both implement ``RegisterStore``; code above the store names
only this protocol, so every command and screen works against either. The rules behind each operation
are the same on both and are the contract a backend must keep:

- every write is atomic and durable; ``transaction()`` groups writes (all land or none), nests (the
  outer one commits) and belongs to the thread that opened it; it is exclusive: no other writer (thread,
  program, officer) writes until it ends, because the services read and then write inside one (the next
  free number, a stored remedy, an import's merge) and count on nothing landing in between;
- a signed inspection is never overwritten with other content (``InspectionLocked``); objections
  received after signing may only be appended; a signed one whose content does not match its sha256
  is refused (``ValueError``); what is written is validated as the read path validates it;
- a missing inspection or trash entry is ``NotFound``; stored data that fails validation is
  ``StoreCorrupt`` naming where it is; a write that fails is ``StoreWriteError``.

``data_dir`` is a local folder on both: law texts, checklists, written certificates, reports and
exports, and the screens' remembered folders live there, never in the register.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from contextlib import AbstractContextManager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, Self
from uuid import UUID

if TYPE_CHECKING:
    from inspect_tui.domain.actions import ActionIndex, PlainActions, RemedyRecord
    from inspect_tui.domain.enterprise import Enterprise
    from inspect_tui.domain.inspection import Evidence, Inspection
    from inspect_tui.domain.plan import PlanEntry
    from inspect_tui.domain.settings import Settings
    from inspect_tui.domain.summary import InspectionSummary, SummaryRow
    from inspect_tui.domain.trash import Trashed


class RegisterStore(Protocol):
    """The register's storage: inspections and their summaries, the registry, plans, actions, remedies, settings."""

    data_dir: Path
    installation_id: UUID
    installation_name: str

    @property
    def writable(self) -> bool: ...

    def close(self) -> None: ...

    def __enter__(self) -> Self: ...

    def __exit__(self, *exc: object) -> None: ...

    def transaction(self) -> AbstractContextManager[None]:
        """Group writes: all of them land, or (after a crash or an exception) none do."""
        ...

    # settings, the registry, plans

    def get_settings(self) -> Settings: ...

    def settings_language(self) -> str | None:
        """The language saved in the settings, read without checking the rest: the app picks its language first."""
        ...

    def save_settings(self, settings: Settings) -> None: ...

    def list_enterprises(self) -> list[Enterprise]:
        """The registry, sorted by short name as the Ukrainian alphabet sorts."""
        ...

    def get_enterprise(self, edrpou: str) -> Enterprise | None: ...

    def save_enterprise(self, enterprise: Enterprise) -> None: ...

    def save_enterprises(self, enterprises: list[Enterprise]) -> None:
        """Add or replace the registry entries with these ЄДРПОУ codes."""
        ...

    #: True where the store keeps one council's plans alone (a laptop's: its settings' council's)
    one_councils_plans: bool

    def get_plan(self, year: int, council: str | None = None) -> list[PlanEntry]:
        """The year's plan of ``council``; None: of the council the settings name (the one the user works for).
        Plans are keyed by council and year: a region's database holds several councils' plans for a year."""
        ...

    def plan_years(self) -> list[int]:
        """The years any council has a plan for, oldest first."""
        ...

    def plan_councils(self, year: int) -> list[str]:
        """The councils that have a plan for ``year``, sorted (code points)."""
        ...

    def save_plan(self, year: int, entries: list[PlanEntry], council: str | None = None) -> None:
        """Replace the year's whole plan of ``council`` (None: of the settings' council) at once; a store that
        keeps one council's plans refuses another council's (``OtherCouncilsPlan``)."""
        ...

    # inspections

    def get_inspection(self, inspection_id: UUID) -> Inspection: ...

    def has_inspection(self, inspection_id: UUID) -> bool: ...

    def save_inspection(self, inspection: Inspection, *, edited_from: Inspection | None = None) -> None:
        """Persist an inspection and what the register derives from it (summary, actions) together.

        ``edited_from``: the copy this one was edited from. When a version of it is stored and is no longer that
        copy's (``domain.inspection.version``), ``EditConflict`` is raised and nothing is written: an edit never undoes
        a change saved meanwhile by someone else; nor brings back a draft deleted to the trash meanwhile (``EditConflict``
        with ``trashed``). One never stored is saved: a new one."""
        ...

    def save_inspections(self, inspections: Sequence[Inspection]) -> None:
        """Persist these inspections together (all land or none), each as ``save_inspection`` persists it: how a
        register moved in is written, many at a time."""
        ...

    def inspection_ids(self) -> list[UUID]: ...

    def list_summaries(self) -> list[InspectionSummary]:
        """Every inspection's summary, newest first."""
        ...

    def summary_rows(self, progress: Callable[[int, int], None] | None = None) -> list[SummaryRow]:
        """Every inspection's summary as a plain row, newest first: what the home screen shows."""
        ...

    def first_rows(self, limit: int) -> list[SummaryRow]:
        """The newest ``limit`` rows of ``summary_rows`` without reading the others: the home's first page.

        Never a row that ``summary_rows`` would not list, in the same order (started, number, revision, id;
        newest first)."""
        ...

    def year_summaries(self, year: int, council: str | None = None) -> list[InspectionSummary]:
        """The summaries of the inspections started in ``year``, newest first; with ``council``, only the signed
        ones whose sign-off names that council as the issuer (``InspectionSummary.council``)."""
        ...

    def councils(self) -> list[str]:
        """The councils the sign-offs name as issuers, sorted: the councils whose registers this one holds."""
        ...

    def plan_rows(self, entry_ids: Collection[UUID], council: str | None = None) -> list[SummaryRow]:
        """The rows of the inspections that carry out these plan entries, newest first (as ``summary_rows``);
        with ``council``, only the signed ones whose sign-off names that council, and the unsigned ones (which
        name no council until they are signed)."""
        ...

    def reindex(self) -> int:
        """Rebuild what the register derives from the inspections; returns how many were read."""
        ...

    # the trash of deleted drafts

    def trash_inspection(self, inspection_id: UUID, now: datetime) -> Trashed:
        """Move an unsigned inspection into the trash (a signed one: ``InspectionLocked``)."""
        ...

    def trashed(self) -> list[Trashed]: ...

    def get_trashed(self, inspection_id: UUID) -> Trashed: ...

    def restore_trashed(self, inspection_id: UUID) -> Inspection: ...

    # the register's actions and remedies

    def action_index(self) -> ActionIndex:
        """What the register needs of every signed inspection: its «Ні» and their texts."""
        ...

    def linked_actions(self, inspection_ids: Collection[UUID]) -> ActionIndex:
        """The action index of these inspections and of every signed one linked to them by revisions and
        follow-ups (``ActionIndex.linked``): all the register needs to derive their actions."""
        ...

    def plain_actions(self, inspection_ids: Collection[UUID], today: date) -> PlainActions:
        """The actions of the plain ones of these inspections, counted (``PlainActions.of`` over ``action_index``
        and the remedies is what this must give): what the annual report need not derive one by one."""
        ...

    def remedy_records(self) -> list[RemedyRecord]: ...

    def remedy_records_of(self, inspection_ids: Collection[UUID]) -> list[RemedyRecord]:
        """The remedies recorded against these inspections' actions."""
        ...

    def get_remedy(self, inspection_id: UUID, item_id: str) -> RemedyRecord | None: ...

    def save_remedy(self, record: RemedyRecord) -> None: ...

    # small files kept with the register (import conflict copies), by a relative POSIX path

    def write_file(self, relative: str, data: bytes) -> None: ...

    def read_file(self, relative: str) -> bytes | None: ...

    def list_files(self, folder: str) -> list[str]:
        """Relative paths of the files under ``folder`` (at any depth), sorted."""
        ...

    # attachments, by content hash

    def add_evidence(self, source: Path) -> Evidence:
        """Copy a file into the register; the same content twice is kept once."""
        ...

    def save_evidence(self, data: bytes) -> str:
        """Keep these bytes as an attachment; returns their sha256."""
        ...

    def has_evidence(self, sha256: str) -> bool: ...

    def read_evidence(self, sha256: str) -> bytes | None:
        """The attachment's bytes as stored (the caller checks them against their hash), or None."""
        ...

    def evidence_location(self, sha256: str) -> str:
        """Where the attachment is kept, for messages (a file's path, a database's row)."""
        ...
