"""``inspect-tui report annual --year YYYY --out FILE [--format pdf|docx|csv|json] [--hyphen] [--council NAME]``."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from inspect_tui import services
from inspect_tui.commands.context import Context, UserError
from inspect_tui.domain.bounds import FIRST_YEAR, LAST_YEAR
from inspect_tui.escaping import one_line
from inspect_tui.i18n import t
from inspect_tui.report import FORMATS, format_of


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("report", help=t("report.help"))
    kinds = parser.add_subparsers(dest="report", required=True, metavar="{annual}")
    annual = kinds.add_parser("annual", help=t("report.annual_help"))
    annual.add_argument("--year", type=int, required=True, metavar="YYYY", help=t("report.year_help"))
    annual.add_argument("--out", type=Path, required=True, metavar="FILE", help=t("report.out_help"))
    annual.add_argument("--format", choices=FORMATS, default=None, help=t("report.format_help"))
    annual.add_argument("--hyphen", action="store_true", help=t("report.hyphen_help"))
    annual.add_argument("--council", metavar="NAME", default=None, help=t("report.council_help"))
    annual.set_defaults(handler=annual_report)


def annual_report(ctx: Context, args: argparse.Namespace) -> int:
    if not FIRST_YEAR <= args.year <= LAST_YEAR:
        raise UserError(t("report.bad_year", year=args.year, first=FIRST_YEAR, last=LAST_YEAR))
    fmt = args.format or format_of(args.out)
    if fmt is None:
        raise UserError(t("report.unknown_format", path=str(args.out)))
    with ctx.open_store(writer=False) as store:
        if args.council is not None and args.council not in (known := services.report_councils(store)):
            raise UserError(t("report.unknown_council", council=one_line(args.council), known=", ".join(map(one_line, known)) or "—"))
        report = services.write_annual_report(
            store, year=args.year, out=args.out, fmt=fmt, today=date.today(), dash="hyphen" if args.hyphen else None,
            council=args.council,
        )
    ctx.print(t("report.written", year=args.year, format=fmt.upper(), path=str(args.out), signed=len(report.inspections), drafts=len(report.drafts)))
    if args.council is not None:
        ctx.warn(t("report.council_no_drafts"))
    if not (report.council.strip() and report.unit.strip()):
        ctx.warn(t("report.no_header"))
    return 0
