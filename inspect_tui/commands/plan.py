"""``inspect-tui plan import|export|show``: the yearly inspection plan as CSV, and how it is being carried out."""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path

from inspect_tui import services
from inspect_tui.commands.context import Context, UserError
from inspect_tui.domain.bounds import FIRST_YEAR, LAST_YEAR
from inspect_tui.escaping import one_line
from inspect_tui.i18n import t
from inspect_tui.register.plan import PlanProgress, PlanRefused, period_label, plan_execution
from inspect_tui.register.plan_csv import PlanRejected


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("plan", help=t("plan.cli.help"))
    actions = parser.add_subparsers(dest="action", required=True, metavar="{import,export,show}")
    importing = actions.add_parser("import", help=t("plan.cli.import_help"))
    importing.add_argument("file", type=Path, metavar="FILE.csv", help=t("plan.cli.file_help"))
    importing.add_argument("--year", type=_year, required=True, metavar="YYYY", help=t("plan.cli.year_help"))
    importing.add_argument("--replace", action="store_true", help=t("plan.cli.replace_help"))
    importing.add_argument("--register-missing", action="store_true", help=t("plan.missing.register_help"))
    importing.add_argument("--dry-run", action="store_true", help=t("plan.missing.dry_run_help"))
    importing.set_defaults(handler=run_import)
    export = actions.add_parser("export", help=t("plan.cli.export_help"))
    export.add_argument("--year", type=_year, required=True, metavar="YYYY", help=t("plan.cli.year_help"))
    export.add_argument("--out", type=Path, required=True, metavar="FILE.csv", help=t("plan.cli.out_help"))
    export.set_defaults(handler=run_export)
    show = actions.add_parser("show", help=t("plan.cli.show_help"))
    show.add_argument("--year", type=_year, required=True, metavar="YYYY", help=t("plan.cli.year_help"))
    show.add_argument("--json", action="store_true", help=t("cli.json_help"))
    show.set_defaults(handler=run_show)


def _year(value: str) -> int:
    if not (value.isascii() and value.isdecimal() and FIRST_YEAR <= int(value) <= LAST_YEAR):
        raise argparse.ArgumentTypeError(t("plan.cli.bad_year", value=value))
    return int(value)


def run_import(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.open_store(writer=not args.dry_run) as store:
        try:
            done = services.import_plan(
                store, args.file, year=args.year, replace=args.replace, register_missing=args.register_missing, dry_run=args.dry_run
            )
        except PlanRejected as exc:
            for line in exc.lines():
                ctx.warn(line)
            raise UserError(str(exc)) from None
        except PlanRefused as exc:
            raise UserError(str(exc)) from None
    count, listed = len(done.registered), services.enterprise_list(done.registered)
    if args.dry_run:
        ctx.print(t("plan.missing.would_import", year=args.year, count=len(done.entries), path=str(args.file)))
        if done.registered:
            ctx.print(t("plan.missing.would_register", count=count, enterprises=listed))
            if not args.register_missing:
                ctx.print(t("plan.missing.needs_flag"))
        return 0
    ctx.print(t("plan.cli.imported", year=args.year, count=len(done.entries), path=str(args.file)))
    if done.registered:
        ctx.print(t("plan.missing.registered", count=count, enterprises=listed))
    return 0


def run_export(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.open_store(writer=False) as store:
        count = services.export_plan(store, args.year, args.out)
    ctx.print(t("plan.cli.exported", year=args.year, count=count, path=str(args.out)))
    return 0


def run_show(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.open_store(writer=False) as store:
        rows = plan_execution(store, args.year)
    progress = PlanProgress.of(args.year, rows)
    today = date.today()
    if args.json:
        ctx.print(json.dumps(
            {**progress.model_dump(mode="json"), "entries": [{**row.model_dump(mode="json"), "state": row.state(today).value} for row in rows]},
            ensure_ascii=False, indent=2,
        ))
        return 0
    if not rows:
        ctx.print(t("plan.cli.empty_plan", year=args.year))
        return 0
    ctx.print(t("plan.progress", **progress.model_dump()))
    for row in rows:
        e = row.entry
        ctx.print(
            f"{period_label(e):<12} {t('plan.state.' + row.state(today).value):<12} {one_line(e.enterprise)} ({one_line(e.edrpou)})"
            f"{'  ' + one_line(', '.join(row.numbers)) if row.numbers else ''}{'  — ' + one_line(e.not_done_reason) if e.not_done_reason else ''}"
        )
    return 0
