"""The annual report, written in the format asked for (the heavy rendering is imported only when it is written)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from inspect_tui.domain.settings import DateDash
from inspect_tui.store_protocol import RegisterStore

if TYPE_CHECKING:
    from inspect_tui.register.annual import AnnualReport


def write_annual_report(
    store: RegisterStore, *, year: int, out: Path, fmt: str, today: date, dash: DateDash | None = None, council: str | None = None
) -> AnnualReport:
    """The year's annual report (``register.annual``) written to ``out`` in ``fmt`` (pdf, docx, csv, json);
    date ranges with ``dash``, by default as the settings say; ``council``: that council's report alone."""
    from inspect_tui.outputs import check_output
    from inspect_tui.register.annual import annual_report
    from inspect_tui.report import write_report

    check_output(out, data_dir=store.data_dir)  # refused before the register is read
    report = annual_report(store, year, today=today, dash=dash, council=council)
    write_report(report, out, fmt, data_dir=store.data_dir)
    return report


def report_councils(store: RegisterStore) -> list[str]:
    """The councils a report can be of: those whose certificates the register holds, and those with a plan in it
    (a council's plan before its first certificate of the year), sorted as ``councils`` sorts them."""
    planned = {council for year in store.plan_years() for council in store.plan_councils(year)}
    return sorted((set(store.councils()) | planned) - {""}, key=lambda c: c.encode("utf-8"))
