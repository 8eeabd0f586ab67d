"""``inspect-tui doctor``: check the store, repair what is safe, exit 1 while anything is left."""

from __future__ import annotations

import argparse

from inspect_tui import services
from inspect_tui.commands.context import Context, UserError
from inspect_tui.i18n import t
from inspect_tui.store.doctor import Finding, examine
from inspect_tui.stores import redact


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("doctor", help=t("doctor.help"))
    parser.add_argument("--reindex", action="store_true", help=t("doctor.reindex_help"))
    parser.add_argument("--restore", action="store_true", help=t("doctor.restore_help"))
    parser.set_defaults(handler=run_doctor)


def _line(finding: Finding) -> str:
    what = t(f"doctor.{finding.code}", path=str(finding.path), detail=finding.detail)
    return t("doctor.repaired" if finding.repaired else "doctor.left", what=what)


def run_doctor(ctx: Context, args: argparse.Namespace) -> int:
    if ctx.store_url is not None:  # doctor reads the file store's files; the office server keeps its own
        raise UserError(t("doctor.office_store", url=redact(ctx.store_url), data_dir=str(ctx.data_dir)))
    report = examine(ctx.data_dir, reindex=args.reindex, restore=args.restore)
    for damaged in services.damaged_law_texts(ctx.data_dir):  # the Law's texts are not the store's: checked beside it
        report.add("law_damaged", ctx.data_dir / "law", f"{damaged.where}: {damaged.problem}")
    for finding in report.findings:
        (ctx.print if finding.repaired else ctx.warn)(_line(finding))
    left = len(report.left)
    repaired = len(report.findings) - left
    if left:
        ctx.warn(t("doctor.summary_left", left=left, repaired=repaired, data_dir=str(ctx.data_dir)))
        return 1
    ctx.print(t("doctor.summary_ok", repaired=repaired, inspections=report.inspections, data_dir=str(ctx.data_dir)))
    return 0
