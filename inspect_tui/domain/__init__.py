"""The pure domain: checklists, enterprises, inspections. No I/O, no Textual, no TinyDB."""

from inspect_tui.domain.checklist import Basis, Checklist, Item, LegalRef, Section
from inspect_tui.domain.enterprise import Enterprise
from inspect_tui.domain.inspection import (
    Answer,
    Evidence,
    Finding,
    HeadAcknowledgement,
    HistoryEntry,
    Inspection,
    InspectionLocked,
    LegalBasis,
    Problem,
    SignOff,
    SignOffRefused,
    Status,
)
from inspect_tui.domain.rules import Kind, Sector
from inspect_tui.domain.settings import Settings
from inspect_tui.domain.summary import InspectionSummary
from inspect_tui.domain.text import Person, Text

__all__ = [
    "Answer",
    "Basis",
    "Checklist",
    "Enterprise",
    "Evidence",
    "Finding",
    "HeadAcknowledgement",
    "HistoryEntry",
    "Inspection",
    "InspectionLocked",
    "InspectionSummary",
    "Item",
    "Kind",
    "LegalBasis",
    "LegalRef",
    "Person",
    "Problem",
    "Section",
    "Sector",
    "Settings",
    "SignOff",
    "SignOffRefused",
    "Status",
    "Text",
]
