"""Operations on stored data that the TUI and the CLI share: each loads, changes through the
domain, and saves, so every user action has a function a test can call without a terminal.

One module per area; every operation is importable from here (``from inspect_tui.services import X``,
``services.X``), which is how the CLI, the TUI and the tests call them.
"""

from __future__ import annotations

from inspect_tui.services.actions import ActionRefused, record_action_remedy, start_follow_up
from inspect_tui.services.conflicts import ConflictRefused, Resolved, open_conflicts, resolve_conflict
from inspect_tui.services.drafts import DraftRefused, delete_draft, edit_header, header_value, restore_draft, trashed
from inspect_tui.services.inspections import (
    attach_evidence,
    attach_objection,
    available_checklists,
    complete,
    correct,
    create_inspection,
    record_finding,
    renumber,
    sign_off,
    update_header,
    utcnow,
)
from inspect_tui.services.law import check_law, checklist_files, damaged_law_texts, law_in_force, law_newer_than_reviews, load_law
from inspect_tui.services.numbering import next_number, number_taken
from inspect_tui.services.plan import (
    MissingEnterprises,
    PlanImport,
    check_plan_file,
    enterprise_list,
    export_plan,
    import_plan,
    read_plan_file,
    remove_plan_entry,
    save_plan_entry,
)
from inspect_tui.services.registry import RegistryRefused, export_registry, import_registry, missing_facts_text
from inspect_tui.services.report import report_councils, write_annual_report

__all__ = [
    "ActionRefused",
    "RegistryRefused",
    "ConflictRefused",
    "Resolved",
    "attach_evidence",
    "attach_objection",
    "available_checklists",
    "check_law",
    "check_plan_file",
    "enterprise_list",
    "checklist_files",
    "complete",
    "correct",
    "create_inspection",
    "delete_draft",
    "DraftRefused",
    "edit_header",
    "header_value",
    "export_plan",
    "export_registry",
    "import_plan",
    "MissingEnterprises",
    "PlanImport",
    "import_registry",
    "missing_facts_text",
    "damaged_law_texts",
    "law_in_force",
    "law_newer_than_reviews",
    "load_law",
    "next_number",
    "number_taken",
    "open_conflicts",
    "read_plan_file",
    "record_action_remedy",
    "record_finding",
    "remove_plan_entry",
    "renumber",
    "restore_draft",
    "resolve_conflict",
    "save_plan_entry",
    "sign_off",
    "start_follow_up",
    "trashed",
    "update_header",
    "utcnow",
    "write_annual_report",
    "report_councils",
]
