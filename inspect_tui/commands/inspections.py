"""``inspect-tui inspections list [--json]``."""

from __future__ import annotations

import argparse
import json

from inspect_tui.commands.context import Context
from inspect_tui.i18n import t


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("inspections", help=t("cli.inspections_help"))
    actions = parser.add_subparsers(dest="action", required=True, metavar="{list}")
    listing = actions.add_parser("list", help=t("cli.inspections_list_help"))
    listing.add_argument("--json", action="store_true", help=t("cli.json_help"))
    listing.set_defaults(handler=list_inspections)


def list_inspections(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.open_store(writer=False) as store:
        summaries = store.list_summaries()
    if args.json:
        ctx.print(json.dumps([s.model_dump(mode="json") for s in summaries], ensure_ascii=False, indent=2))
        return 0
    if not summaries:
        ctx.print(t("cli.no_inspections"))
        return 0
    for s in summaries:
        ctx.print(
            f"{s.id}  {s.number:<10} {s.started.isoformat()}  {t('status.' + s.status.value):<12} "
            f"{s.progress:>3}%  {t('cli.violations', count=s.open_violations)}  {t('cli.shortcomings', count=s.shortcomings)}  {s.enterprise} ({s.edrpou})"
        )
    return 0
