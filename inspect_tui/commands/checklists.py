"""``inspect-tui checklists list|show|validate|check-law``."""

from __future__ import annotations

import argparse
from pathlib import Path

from inspect_tui import services
from inspect_tui.checklist_text import format_checklist
from inspect_tui.checklists import check_file
from inspect_tui.commands.context import Context, UserError
from inspect_tui.commands.law import law_in_force, warn_damaged
from inspect_tui.domain.checklist import Checklist
from inspect_tui.escaping import one_line
from inspect_tui.i18n import get_language, t
from inspect_tui.law.parse import LawParseError
from inspect_tui.law.review import RefCheck, RefStatus, ReviewRefused, accept
from inspect_tui.paths import bundled_checklists_dir
from inspect_tui.services import available_checklists


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("checklists", help=t("cli.checklists_help"))
    actions = parser.add_subparsers(dest="action", required=True, metavar="{list,show,validate,check-law}")
    actions.add_parser("list", help=t("cli.checklists_list_help")).set_defaults(handler=list_checklists)
    show = actions.add_parser("show", help=t("cli.checklists_show_help"))
    show.add_argument("id")
    show.add_argument("--details", action="store_true", help=t("cli.checklists_details_help"))
    show.add_argument("--law", action="store_true", help=t("law.cli.show_law_help"))
    show.set_defaults(handler=show_checklist)
    validate = actions.add_parser("validate", help=t("cli.checklists_validate_help"))
    validate.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    validate.set_defaults(handler=validate_checklists)
    check = actions.add_parser("check-law", help=t("law.cli.check_help"))
    check.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    check.add_argument("--accept", action="store_true", help=t("law.cli.accept_help"))
    check.set_defaults(handler=check_law)


def list_checklists(ctx: Context, args: argparse.Namespace) -> int:
    found, problems = available_checklists(ctx.data_dir)
    lang = get_language()
    for available in found:
        c = available.checklist
        ctx.print(f"{c.id}\t{one_line(c.version)}\t{t('cli.items', count=len(c.items))}\t{one_line(c.title.get(lang))}")
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
    law = law_in_force(ctx) if args.law else None
    ctx.print(format_checklist(checklist, get_language(), details=args.details, subsistence=subsistence, law=law).rstrip())
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


def _ref_lines(ref: RefCheck) -> list[str]:
    """One open reference: what happened to the norm, and (for a changed one) the word diff."""
    params = {
        "ref": ref.key, "items": ", ".join(ref.items), "moved": ref.moved_to,
        "reviewed": ref.reviewed_edition.strftime("%d.%m.%Y") if ref.reviewed_edition else "-",
    }
    lines = [t(f"law.check.{ref.status.value}", **params)]
    diff = ref.diff()
    if ref.status in (RefStatus.CHANGED, RefStatus.MOVED) and ref.unit is not None:
        if diff is None:
            lines.append("    " + t("law.check.no_old_text"))
            lines.extend("    " + line for line in ref.unit.paragraphs())
        else:
            lines.extend("    " + line for line in diff.splitlines())
    return lines


def _installed(path: Path) -> bool:
    """A bundled checklist inside an installed package: not the council's to edit."""
    folder = bundled_checklists_dir()
    return folder.name == "_bundled_checklists" and path.resolve().is_relative_to(folder.resolve())


def check_law(ctx: Context, args: argparse.Namespace) -> int:
    """Resolve every reference to the Law against the text in force; exit 1 while any is not reviewed.

    ``--accept`` records the review (digest and редакція) of every reference that resolves, after the
    person has read what the check printed; references to norms that no longer exist stay open.
    """
    paths = list(args.paths) or services.checklist_files(ctx.data_dir)
    warn_damaged(ctx)
    try:
        law, checks, problems = services.check_law(ctx.data_dir, paths)
    except LawParseError as exc:
        raise UserError(t("law.cli.damaged", where=exc.where, problem=exc.problem)) from None
    edition = law.edition.strftime("%d.%m.%Y")
    ctx.print(t("law.check.against", edition=edition))
    for problem in problems:
        ctx.warn(str(problem))
    still_open = bool(problems)
    for check in checks:
        c = check.checklist
        ctx.print(t("law.check.file", path=str(check.path), id=c.id, version=c.version, refs=len(check.refs), open=len(check.open)))
        if args.accept and any(r.acceptable for r in check.refs) and check.open:
            if _installed(check.path):
                raise UserError(t("law.check.installed", path=str(check.path)))
            try:
                count = accept(check, law)
            except ReviewRefused as exc:
                raise UserError(t("law.check.refused", path=str(check.path), detail=str(exc))) from None
            ctx.print(t("law.check.accepted", path=str(check.path), count=count, edition=edition))
            ctx.print(t("law.check.bump_version", version=check.checklist.version))
            remaining = [r for r in check.refs if not r.acceptable]
        else:
            remaining = check.open
        for ref in remaining:
            for line in _ref_lines(ref):
                ctx.print(f"{check.path.name}: {line}" if line and not line.startswith(" ") else line)
        still_open = still_open or bool(remaining)
    return 1 if still_open else 0

