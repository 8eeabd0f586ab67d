"""``inspect-tui inspections list [--json]``, ``objection ID``, ``conflicts [--json]``, ``renumber ID NUMBER`` and ``follow-up ID``
(``edit``, ``delete``, ``trash`` and ``restore``: ``commands.drafts``)."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from datetime import date
from pathlib import Path

from inspect_tui import services
from inspect_tui.commands import conflicts as conflict_copies
from inspect_tui.commands import drafts
from inspect_tui.commands.certificate import find_inspection
from inspect_tui.commands.context import Context, UserError, bounded
from inspect_tui.domain.inspection import Addendum, LegalBasis, Status
from inspect_tui.domain.numbering import NumberRefused, proposals
from inspect_tui.escaping import one_line
from inspect_tui.i18n import t
from inspect_tui.register.numbering import number_conflicts, number_holders
from inspect_tui.sync.report import conflict_lines

#: Objections are a page or two of text, never a file of megabytes.
MAX_OBJECTION_BYTES = 200_000


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("inspections", help=t("cli.inspections_help"))
    actions = parser.add_subparsers(
        dest="action", required=True, metavar="{list,objection,conflicts,renumber,follow-up,edit,delete,trash,restore,copies,resolve}"
    )
    listing = actions.add_parser("list", help=t("cli.inspections_list_help"))
    listing.add_argument("--json", action="store_true", help=t("cli.json_help"))
    listing.set_defaults(handler=list_inspections)
    objection = actions.add_parser("objection", help=t("cli.objection_help"))
    objection.add_argument("id", help=t("certificate.id_help"))
    objection.add_argument("--received", required=True, type=day, help=t("cli.objection_received_help"))
    text = objection.add_mutually_exclusive_group(required=True)
    text.add_argument("--text", help=t("cli.objection_text_help"))
    text.add_argument("--file", type=Path, help=t("cli.objection_file_help"))
    objection.set_defaults(handler=attach_objection)
    conflicts = actions.add_parser("conflicts", help=t("numbering.cli.conflicts_help"))
    conflicts.add_argument("--json", action="store_true", help=t("cli.json_help"))
    conflicts.set_defaults(handler=list_number_conflicts)
    renumber = actions.add_parser("renumber", help=t("numbering.cli.renumber_help"))
    renumber.add_argument("id", help=t("certificate.id_help"))
    renumber.add_argument("number", help=t("numbering.cli.number_help"))
    renumber.set_defaults(handler=renumber_inspection)
    follow_up = actions.add_parser("follow-up", help=t("actions.cli.follow_up_help"))
    follow_up.add_argument("id", help=t("certificate.id_help"))
    follow_up.add_argument("--order", required=True, metavar="NUMBER", help=t("actions.cli.order_help"))
    follow_up.add_argument("--order-date", required=True, type=day, metavar="DATE", help=t("actions.cli.order_date_help"))
    follow_up.add_argument("--start", type=day, default=None, metavar="DATE", help=t("actions.cli.start_help"))
    follow_up.add_argument("--end", type=day, default=None, metavar="DATE", help=t("actions.cli.end_help"))
    follow_up.set_defaults(handler=start_follow_up)
    drafts.register_actions(actions)
    conflict_copies.register(actions)


def start_follow_up(ctx: Context, args: argparse.Namespace) -> int:
    """A draft follow-up inspection of a signed one: its «Ні» items only, linked to it."""
    bounded("--order", args.order, LegalBasis, "order_number")
    with ctx.open_store() as store:
        original = find_inspection(store, args.id, ctx.data_dir)
        try:
            follow_up = services.start_follow_up(
                store, original.id, order_number=args.order, order_date=args.order_date, start_date=args.start, end_date=args.end
            )
        except services.ActionRefused as exc:
            raise UserError(t(f"actions.refused.{exc.code}", **exc.params)) from None
    ctx.print(t("actions.cli.follow_up_started", number=follow_up.number, id=str(follow_up.id), original=original.number, items=len(follow_up.findings)))
    return 0


def day(text: str) -> date:
    """DD.MM.YYYY as Ukrainian documents write dates, or ISO YYYY-MM-DD."""
    for parse in (lambda s: date(int(s[6:10]), int(s[3:5]), int(s[0:2])) if len(s) == 10 and s[2] == "." else None, date.fromisoformat):
        try:
            parsed = parse(text.strip())
        except ValueError:
            continue
        if parsed is not None:
            return parsed
    raise argparse.ArgumentTypeError(t("cli.bad_date", text=text))


def _objection_text(args: argparse.Namespace) -> str:
    if args.text is not None:
        text = str(args.text)
    else:
        path: Path = args.file
        if not path.is_file():
            raise UserError(t("cli.objection_not_file", path=str(path)))
        if path.stat().st_size > MAX_OBJECTION_BYTES:
            raise UserError(t("cli.objection_too_big", path=str(path), limit=MAX_OBJECTION_BYTES))
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise UserError(t("cli.objection_encoding", path=str(path), offset=exc.start)) from None
    if not text.strip():
        raise UserError(t("cli.objection_empty"))
    return text.strip()


def attach_objection(ctx: Context, args: argparse.Namespace) -> int:
    """Attach the head's written objections received after signing; the signed content stays as it was."""
    text = bounded("--text", _objection_text(args), Addendum, "text")
    with ctx.open_store() as store:
        inspection = find_inspection(store, args.id, ctx.data_dir)
        if inspection.status is not Status.SIGNED:
            raise UserError(t("cli.objection_not_signed", number=inspection.number))
        assert inspection.signoff is not None
        if args.received < inspection.signoff.signed_on:
            raise UserError(t("cli.objection_before_signing", number=inspection.number, signed=f"{inspection.signoff.signed_on:%d.%m.%Y}"))
        updated = services.attach_objection(store, inspection, received_on=args.received, text=text)
    ctx.print(t("cli.objection_attached", number=updated.number, sha256=updated.addenda[-1].sha256))
    return 0


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
            f"{s.id}  {one_line(s.number):<10} {s.started.isoformat()}  {t('status.' + s.status.value):<12} "
            f"{s.progress:>3}%  {t('cli.violations', violations=s.violations, signs=s.signs)}  {t('cli.shortcomings', count=s.shortcomings)}  "
            f"{one_line(s.enterprise)} ({one_line(s.edrpou)})"
            + ("" if s.finished is not None else " " + t("cli.started_only", date=f"{s.started:%d.%m.%Y}"))
        )
    return 0


def list_number_conflicts(ctx: Context, args: argparse.Namespace) -> int:
    """Every number held by two or more different inspections, with what to do about each (exit 0: a report)."""
    with ctx.open_store(writer=False) as store:
        conflicts = number_conflicts(store)
        proposed = proposals(conflicts, number_holders(store))
    if args.json:
        rows = [
            {
                "number": c.number, "year": c.year, "inspection_ids": [str(i) for i in c.inspection_ids],
                "signed": [str(i) for i in c.signed], "resolvable": c.resolvable,
                "renumber": {str(h.id): proposed[h.id] for h in c.to_renumber()},
                "holders": [asdict(h) for chain in c.chains for h in chain],
            }
            for c in conflicts
        ]
        ctx.print(json.dumps(rows, ensure_ascii=False, indent=2, default=str))  # ids and ISO dates as strings
        return 0
    if not conflicts:
        ctx.print(t("numbering.none"))
        return 0
    for conflict in conflicts:
        for line in conflict_lines(conflict, proposed):
            ctx.print(line)
    ctx.print(t("numbering.count", count=len(conflicts)))
    return 0


def renumber_inspection(ctx: Context, args: argparse.Namespace) -> int:
    """Give an unsigned inspection a new number; a signed certificate's number never changes."""
    with ctx.open_store() as store:
        inspection = find_inspection(store, args.id, ctx.data_dir)
        try:
            updated = services.renumber(store, inspection.id, args.number)
        except NumberRefused as exc:
            raise UserError(t(f"numbering.refused.{exc.code}", **exc.params)) from None
    if updated.number == inspection.number:
        ctx.print(t("numbering.unchanged", id=str(updated.id), number=updated.number))
    else:
        ctx.print(t("numbering.renumbered", old=one_line(inspection.number), new=one_line(updated.number), enterprise=one_line(updated.enterprise.short_name), id=str(updated.id)))
    return 0
