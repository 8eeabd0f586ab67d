"""Sync between installations: export bundles (JSON) and merge-import them all-or-nothing.

Free of Textual: the CLI and the TUI call the same functions.
"""

from inspect_tui.sync.bundle import FORMAT_VERSION, Bundle, bundle_schema, bundle_schema_text
from inspect_tui.sync.conflicts import ConflictCopy, list_conflicts
from inspect_tui.sync.export import ExportRefused, ExportReport, export_bundle
from inspect_tui.sync.importer import import_bundles, refuse_unusable
from inspect_tui.sync.merge import Reason
from inspect_tui.sync.problems import BundleProblem, BundleRejected
from inspect_tui.sync.reader import DEFAULT_MAX_BYTES, MAX_BYTES_ENV
from inspect_tui.sync.report import EnterpriseDifference, ImportReport, Outcome

__all__ = [
    "Bundle",
    "BundleProblem",
    "BundleRejected",
    "ConflictCopy",
    "DEFAULT_MAX_BYTES",
    "EnterpriseDifference",
    "ExportRefused",
    "ExportReport",
    "FORMAT_VERSION",
    "ImportReport",
    "MAX_BYTES_ENV",
    "Outcome",
    "Reason",
    "bundle_schema",
    "bundle_schema_text",
    "export_bundle",
    "import_bundles",
    "list_conflicts",
    "refuse_unusable",
]
