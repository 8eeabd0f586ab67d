"""``inspect-tui registry import|export|list``: the council's enterprises, to and from the CSV the office keeps in Excel."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from inspect_tui import services
from inspect_tui.commands.context import Context, UserError
from inspect_tui.i18n import t
from inspect_tui.register.registry_csv import RegistryRejected


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("registry", help=t("registry.cli.help"))
    actions = parser.add_subparsers(dest="action", required=True, metavar="{import,export,list}")
    importing = actions.add_parser("import", help=t("registry.cli.import_help"))
    importing.add_argument("file", type=Path, metavar="FILE.csv", help=t("registry.cli.file_help"))
    importing.add_argument("--dry-run", action="store_true", help=t("registry.cli.dry_run_help"))
    importing.set_defaults(handler=run_import)
    export = actions.add_parser("export", help=t("registry.cli.export_help"))
    export.add_argument("--out", type=Path, required=True, metavar="FILE.csv", help=t("registry.cli.out_help"))
    export.set_defaults(handler=run_export)
    listing = actions.add_parser("list", help=t("registry.cli.list_help"))
    listing.add_argument("--json", action="store_true", help=t("cli.json_help"))
    listing.set_defaults(handler=run_list)


def run_import(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.open_store(writer=not args.dry_run) as store:
        try:
            rows = services.import_registry(store, args.file, dry_run=args.dry_run)
        except RegistryRejected as exc:
            for line in exc.lines():
                ctx.warn(line)
            raise UserError(str(exc)) from None
        except services.RegistryRefused as exc:
            raise UserError(str(exc)) from None
    key = "registry.cli.would_import" if args.dry_run else "registry.cli.imported"
    ctx.print(t(key, path=str(args.file), added=len(rows.added), updated=len(rows.updated), unchanged=rows.unchanged))
    return 0


def run_export(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.open_store(writer=False) as store:
        count = services.export_registry(store, args.out)
    ctx.print(t("registry.cli.exported", count=count, path=str(args.out)))
    return 0


def run_list(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.open_store(writer=False) as store:
        enterprises = store.list_enterprises()
    if args.json:
        ctx.print(json.dumps([e.model_dump(mode="json") for e in enterprises], ensure_ascii=False, indent=2))
        return 0
    if not enterprises:
        ctx.print(t("registry.cli.empty"))
    for e in enterprises:
        known = "; ".join(t(f"tui.{name}.{value.value}") for name, value in (("kind", e.kind), ("sector", e.sector)) if value is not None)
        missing = services.missing_facts_text(e)
        ctx.print(f"{e.edrpou}  {e.short_name}  ({'; '.join(filter(None, (known, missing and t('registry.incomplete.facts', facts=missing))))})")
    return 0
