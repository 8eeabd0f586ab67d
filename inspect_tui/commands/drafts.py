"""``inspect-tui inspections edit ID``, ``delete ID``, ``trash`` and ``restore ID``: correcting and deleting drafts."""

from __future__ import annotations

import argparse
from datetime import date, datetime
from typing import Any

from pydantic import ValidationError

from inspect_tui import services
from inspect_tui.commands.certificate import find_inspection
from inspect_tui.commands.context import Context, UserError
from inspect_tui.domain.trash import Trashed
from inspect_tui.i18n import t
from inspect_tui.i18n.errors import error_reason
from inspect_tui.services.drafts import refused_field
from inspect_tui.store_protocol import RegisterStore

#: option → the header field it edits, for the dates typed as text
DATE_OPTIONS = {"start": "start_date", "end": "end_date", "period_from": "period_from", "period_to": "period_to", "order_date": "order_date"}


def register_actions(actions: argparse._SubParsersAction) -> None:
    """Add ``edit``, ``delete``, ``trash`` and ``restore`` to ``inspect-tui inspections``."""
    edit = actions.add_parser("edit", help=t("drafts.cli.edit_help"))
    edit.add_argument("id", help=t("certificate.id_help"))
    end = edit.add_mutually_exclusive_group()
    for option in ("start", "end", "period_from", "period_to", "place", "order_number", "order_date", "act", "title"):
        (end if option == "end" else edit).add_argument(f"--{option.replace('_', '-')}", dest=option, metavar="DD.MM.YYYY" if option in DATE_OPTIONS else "TEXT",
                          help=t(f"drafts.cli.{option}_help"))
    end.add_argument("--no-end", dest="no_end", action="store_true", help=t("drafts.cli.no_end_help"))
    edit.add_argument("--planned", dest="planned", action="store_true", default=None, help=t("drafts.cli.planned_help"))
    edit.add_argument("--unplanned", dest="planned", action="store_false", help=t("drafts.cli.unplanned_help"))
    edit.add_argument("--inspector", dest="inspectors", action="append", metavar="'NAME, POSITION'", help=t("drafts.cli.inspector_help"))
    edit.set_defaults(handler=edit_header)
    delete = actions.add_parser("delete", help=t("drafts.cli.delete_help"))
    delete.add_argument("id", help=t("certificate.id_help"))
    delete.set_defaults(handler=delete_draft)
    trash = actions.add_parser("trash", help=t("drafts.cli.trash_help"))
    trash.set_defaults(handler=list_trash)
    restore = actions.add_parser("restore", help=t("drafts.cli.restore_help"))
    restore.add_argument("id", help=t("drafts.cli.trash_id_help"))
    restore.set_defaults(handler=restore_draft)


def _date(option: str, text: str) -> date:
    try:
        return datetime.strptime(text.strip(), "%d.%m.%Y").date()
    except ValueError:
        try:
            return date.fromisoformat(text.strip())
        except ValueError:
            raise UserError(t("drafts.bad_date", option=f"--{option.replace('_', '-')}", text=text)) from None


def _person(text: str) -> dict[str, str]:
    """«ПІБ, посада» (or «ПІБ; посада», as the TUI's form writes them)."""
    separator = ";" if ";" in text else ","
    name, found, position = text.partition(separator)
    if not found or not name.strip() or not position.strip():
        raise UserError(t("drafts.bad_person", text=text))
    return {"name": name.strip(), "position": position.strip()}


def header_changes(args: argparse.Namespace) -> dict[str, Any]:
    """The header fields the options give, parsed (a bad date or person: ``UserError`` naming the option)."""
    changes: dict[str, Any] = {}
    for option, field in DATE_OPTIONS.items():
        if getattr(args, option) is not None:
            changes[field] = _date(option, getattr(args, option))
    if args.no_end:
        changes["end_date"] = None
    for field in ("place", "order_number", "act", "title", "planned"):
        if getattr(args, field) is not None:
            changes[field] = getattr(args, field)
    if args.inspectors is not None:
        changes["inspectors"] = [_person(text) for text in args.inspectors]
    return changes


def refusal(exc: ValidationError) -> str:
    """The first refused value, named by its field as the officer knows it."""
    error = exc.errors(include_url=False)[0]
    return t("drafts.invalid", field=t(f"drafts.field.{refused_field(error)}"), reason=error_reason(error))


def edit_header(ctx: Context, args: argparse.Namespace) -> int:
    """Change header fields of an unsigned inspection; nothing is saved when a value is refused."""
    changes = header_changes(args)
    if not changes:
        raise UserError(t("drafts.nothing_given"))
    with ctx.open_store() as store:
        inspection = find_inspection(store, args.id, ctx.data_dir)
        try:
            updated = services.edit_header(store, inspection.id, **changes)
        except services.DraftRefused as exc:
            raise UserError(t(f"drafts.refused.{exc.code}", **exc.params)) from None
        except ValidationError as exc:
            raise UserError(refusal(exc)) from None
    changed = [name for name in changes if services.header_value(updated, name) != services.header_value(inspection, name)]
    if changed:
        ctx.print(t("drafts.edited", number=updated.number, fields=", ".join(t(f"drafts.field.{name}") for name in changed)))
    else:
        ctx.print(t("drafts.unchanged", number=updated.number))
    return 0


def delete_draft(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.open_store() as store:
        inspection = find_inspection(store, args.id, ctx.data_dir)
        try:
            services.delete_draft(store, inspection.id)
        except services.DraftRefused as exc:
            raise UserError(t(f"drafts.refused.{exc.code}", **exc.params)) from None
    ctx.print(t("drafts.deleted", number=inspection.number, enterprise=inspection.enterprise.short_name, id=str(inspection.id)))
    return 0


def _row(kept: Trashed) -> str:
    ins = kept.inspection
    return t(
        "drafts.trash_row", id=str(ins.id), number=ins.number, enterprise=ins.enterprise.short_name,
        status=t(f"status.{ins.status.value}"), deleted=kept.deleted_at.astimezone().strftime("%d.%m.%Y %H:%M"),
    )


def list_trash(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.open_store(writer=False) as store:
        kept = services.trashed(store)
    ctx.print("\n".join(map(_row, kept)) if kept else t("drafts.trash_empty"))
    return 0


def _find_trashed(store: RegisterStore, wanted: str) -> Trashed:
    """The one deleted draft whose id starts with ``wanted`` (dashes optional) or whose number it is."""
    key = wanted.strip().lower()
    bare = key.replace("-", "")
    matches = [
        kept for kept in services.trashed(store)
        if key and (str(kept.inspection.id).startswith(key) or (bare and kept.inspection.id.hex.startswith(bare)) or kept.inspection.number.lower() == key)
    ]
    if not matches:
        raise UserError(t("drafts.not_in_trash", id=wanted))
    if len(matches) > 1:
        raise UserError(t("drafts.ambiguous", id=wanted, candidates=", ".join(f"{k.inspection.id} ({k.inspection.number})" for k in matches)))
    return matches[0]


def restore_draft(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.open_store() as store:
        kept = _find_trashed(store, args.id)
        try:
            restored = services.restore_draft(store, kept.inspection.id)
        except services.DraftRefused as exc:
            raise UserError(t(f"drafts.refused.{exc.code}", **exc.params)) from None
    ctx.print(t("drafts.restored", number=restored.number, enterprise=restored.enterprise.short_name))
    return 0
