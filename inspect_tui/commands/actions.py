"""``inspect-tui actions list`` and ``inspect-tui actions remedy``: the register's follow-up actions."""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path

from pydantic import ValidationError

from inspect_tui import services
from inspect_tui.commands.certificate import find_inspection
from inspect_tui.commands.context import Context, UserError, bounded
from inspect_tui.commands.inspections import day
from inspect_tui.domain.actions import Action, Remedy
from inspect_tui.domain.inspection import Inspection
from inspect_tui.escaping import one_line
from inspect_tui.i18n import t
from inspect_tui.i18n.errors import error_reason
from inspect_tui.register.actions import list_actions


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("actions", help=t("actions.cli.help"))
    commands = parser.add_subparsers(dest="action", required=True, metavar="{list,remedy}")
    listing = commands.add_parser("list", help=t("actions.cli.list_help"))
    listing.add_argument("--year", type=int, default=None, help=t("actions.cli.year_help"))
    listing.add_argument("--edrpou", default=None, metavar="CODE", help=t("actions.cli.edrpou_help"))
    listing.add_argument("--all", action="store_true", help=t("actions.cli.all_help"))
    listing.add_argument("--json", action="store_true", help=t("cli.json_help"))
    listing.set_defaults(handler=list_command)
    remedy = commands.add_parser("remedy", help=t("actions.cli.remedy_help"))
    remedy.add_argument("id", metavar="INSPECTION_ID", help=t("certificate.id_help"))
    remedy.add_argument("item", metavar="ITEM_ID", help=t("actions.cli.item_help"))
    remedy.add_argument("--on", type=day, default=None, metavar="DATE", help=t("actions.cli.on_help"))
    remedy.add_argument("--what", required=True, help=t("actions.cli.what_help"))
    remedy.add_argument("--document", action="append", default=[], metavar="D", help=t("actions.cli.document_help"))
    remedy.add_argument("--evidence", action="append", default=[], type=Path, metavar="FILE", help=t("actions.cli.evidence_help"))
    remedy.add_argument("--not-remedied", action="store_true", help=t("actions.cli.not_remedied_help"))
    remedy.set_defaults(handler=remedy_command)


def action_json(action: Action) -> dict[str, object]:
    return {**action.model_dump(mode="json"), "open": action.is_open}


def list_command(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.open_store(writer=False) as store:
        actions = list_actions(store, today=date.today(), year=args.year, edrpou=args.edrpou)
    if not args.all:
        actions = [a for a in actions if a.is_open]
    if args.json:
        ctx.print(json.dumps([action_json(a) for a in actions], ensure_ascii=False, indent=2))
        return 0
    if not actions:
        ctx.print(t("actions.cli.none"))
        return 0
    for a in actions:
        deadline = f"{a.deadline:%d.%m.%Y}" if a.deadline else "—"
        ctx.print(
            f"{deadline:<10}  {t('actions.state.' + a.state.value):<14} № {one_line(a.inspection_number):<10} {one_line(a.item_number):<6} "
            f"{t('actions.kind.' + a.kind.value)} · {one_line(a.enterprise)} ({one_line(a.edrpou)}): {one_line(a.question)}"
        )
    return 0


def _item_id(inspection: Inspection, wanted: str) -> str:
    """An item id, or the number the certificate prints for it («3.2»)."""
    if wanted in inspection.findings:
        return wanted
    by_number = {number: item_id for item_id, number in inspection.checklist.item_numbers().items()}
    if wanted in by_number:
        return by_number[wanted]
    raise UserError(t("actions.cli.no_item", item=wanted, number=inspection.number))


def remedy_command(ctx: Context, args: argparse.Namespace) -> int:
    bounded("--what", args.what, Remedy, "what")
    bounded("--document", args.document, Remedy, "documents")
    bounded("--evidence", args.evidence, Remedy, "evidence")
    for path in args.evidence:
        if not Path(path).is_file():
            raise UserError(t("actions.cli.evidence_not_file", path=str(path)))
    with ctx.open_store() as store:
        inspection = find_inspection(store, args.id, ctx.data_dir)
        item_id = _item_id(inspection, args.item)
        on = args.on
        if on is None:
            if not args.not_remedied:
                raise UserError(t("actions.cli.on_required"))
            on = date.today()
        try:
            services.record_action_remedy(
                store, inspection.id, item_id, remedied=not args.not_remedied, on=on, what=args.what,
                documents=args.document, evidence=args.evidence,
            )
        except services.ActionRefused as exc:
            raise UserError(t(f"actions.refused.{exc.code}", **exc.params)) from None
        except ValidationError as exc:
            error = exc.errors(include_url=False)[0]
            where = ".".join(str(p) for p in error["loc"])
            raise UserError(t("actions.cli.invalid", where=where, reason=error_reason(error))) from None
    key = "actions.cli.recorded" if not args.not_remedied else "actions.cli.recorded_not"
    ctx.print(t(key, number=inspection.number, item=inspection.checklist.item_numbers()[item_id]))  # as the certificate numbers it
    return 0
