"""The annual report as files: PDF (the certificate's fonts and page furniture), DOCX, CSV and JSON.

Every format prints the same ``AnnualReport`` facts (``register.annual``). reportlab and
python-docx are imported only when a file of theirs is written, so the TUI does not pay
for them at start. Files are written atomically: a report is never left half-written.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from inspect_tui.outputs import check_output, write_output

if TYPE_CHECKING:
    from inspect_tui.register.annual import AnnualReport

FORMATS = ("pdf", "docx", "csv", "json")


def format_of(path: Path) -> str | None:
    """The format a file name asks for by its extension, if it is one of ``FORMATS``."""
    suffix = path.suffix.lower().lstrip(".")
    return suffix if suffix in FORMATS else None


def render(report: AnnualReport, fmt: str) -> bytes:
    """The report in ``fmt`` (one of ``FORMATS``) as bytes."""
    if fmt == "pdf":
        from inspect_tui.report.pdf import render_pdf

        return render_pdf(report)
    if fmt == "docx":
        from inspect_tui.report.word import render_docx

        return render_docx(report)
    from inspect_tui.report import tables

    if fmt == "csv":
        return tables.render_csv(report)
    if fmt == "json":
        return tables.render_json(report)
    raise ValueError(f"unknown report format {fmt!r}; choose one of {', '.join(FORMATS)}")


def write_report(report: AnnualReport, out: Path, fmt: str, *, data_dir: Path | None = None) -> Path:
    """Write the report to ``out`` (temp file, fsync, rename; never over a non-regular file or into ``data_dir``,
    refused before rendering) and return ``out``."""
    out = check_output(Path(out), data_dir=data_dir)
    return write_output(out, render(report, fmt), data_dir=data_dir)


__all__ = ["FORMATS", "format_of", "render", "write_report"]
