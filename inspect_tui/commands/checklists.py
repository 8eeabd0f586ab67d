"""``inspect-tui checklists list|show|validate``."""

from __future__ import annotations

import argparse
from pathlib import Path

from inspect_tui.checklist_text import format_checklist
from inspect_tui.checklists import check_file
from inspect_tui.commands.context import Context, UserError
from inspect_tui.domain.checklist import Checklist
from inspect_tui.i18n import get_language, t
from inspect_tui.services import available_checklists


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("checklists", help=t("cli.checklists_help"))
    actions = parser.add_subparsers(dest="action", required=True, metavar="{list,show,validate}")
    actions.add_parser("list", help=t("cli.checklists_list_help")).set_defaults(handler=list_checklists)
    show = actions.add_parser("show", help=t("cli.checklists_show_help"))
    show.add_argument("id")
    show.add_argument("--details", action="store_true", help=t("cli.checklists_details_help"))
    show.set_defaults(handler=show_checklist)
    validate = actions.add_parser("validate", help=t("cli.checklists_validate_help"))
    validate.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    validate.set_defaults(handler=validate_checklists)


def list_checklists(ctx: Context, args: argparse.Namespace) -> int:
    found, problems = available_checklists(ctx.data_dir)
    lang = get_language()
    for available in found:
        c = available.checklist
        ctx.print(f"{c.id}\t{c.version}\t{t('cli.items', count=len(c.items))}\t{c.title.get(lang)}")
    for problem in problems:
        ctx.warn(t("cli.skipped_checklist", problem=str(problem)))
    return 0


def checklist_named(data_dir: Path, checklist_id: str) -> Checklist:
    """The available checklist with this id; refused with the ids there are."""
    found, _ = available_checklists(data_dir)
    for available in found:
        if available.checklist.id == checklist_id:
            return available.checklist
    raise UserError(t("cli.no_checklist", id=checklist_id, known=", ".join(a.checklist.id for a in found) or "-"))


def show_checklist(ctx: Context, args: argparse.Namespace) -> int:
    """Print a checklist's table of contents; gift limits use the user's ПМ overrides from the store."""
    checklist = checklist_named(ctx.data_dir, args.id)
    # a reader takes no lock, so this works while the TUI has the store open
    with ctx.open_store(writer=False) as store:
        subsistence = store.get_settings().subsistence_minimum
    ctx.print(format_checklist(checklist, get_language(), details=args.details, subsistence=subsistence).rstrip())
    return 0


def validate_checklists(ctx: Context, args: argparse.Namespace) -> int:
    failed = 0
    for path in args.paths:
        checklist, problems = check_file(path)
        if checklist is None:
            failed += 1
            for problem in problems:
                ctx.warn(str(problem))
        else:
            ctx.print(t("cli.valid_checklist", path=str(path), id=checklist.id, version=checklist.version, count=len(checklist.items)))
    if failed:
        ctx.warn(t("cli.invalid_files", failed=failed, total=len(args.paths)))
    return 1 if failed else 0
