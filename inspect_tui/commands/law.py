"""``inspect-tui law show|load``: read a norm of the Law offline, load a newer consolidated text."""

from __future__ import annotations

import argparse
from pathlib import Path

from inspect_tui import services
from inspect_tui.commands.context import Context, UserError
from inspect_tui.commands.inspections import day
from inspect_tui.i18n import t
from inspect_tui.law.model import LawText, parse_citation
from inspect_tui.law.parse import LawParseError
from inspect_tui.law.store import LawRefused


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("law", help=t("law.cli.help"))
    actions = parser.add_subparsers(dest="action", required=True, metavar="{show,load}")
    show = actions.add_parser("show", help=t("law.cli.show_help"))
    show.add_argument("ref", nargs="?", default="", metavar="REF", help=t("law.cli.ref_help"))
    show.set_defaults(handler=show_norm)
    load = actions.add_parser("load", help=t("law.cli.load_help"))
    load.add_argument("file", type=Path, metavar="FILE")
    load.add_argument("--edition", type=day, default=None, metavar="DATE", help=t("law.cli.edition_help"))
    load.add_argument("--replace", action="store_true", help=t("law.cli.replace_help"))
    load.set_defaults(handler=load_law)


def about(law: LawText) -> str:
    counts = law.counts()
    return t(
        "law.cli.about", edition=law.edition.strftime("%d.%m.%Y"), articles=counts["articles"], repealed=counts["repealed"],
        parts=counts["parts"], points=counts["points"], subpoints=counts["subpoints"], source=law.source or "-",
    )


def law_in_force(ctx: Context) -> LawText:
    """The text in force, after a warning for each stored text passed over (``warn_damaged``)."""
    warn_damaged(ctx)
    try:
        return services.law_in_force(ctx.data_dir)
    except LawParseError as exc:  # only the shipped text itself can fail here: a damaged installation
        raise UserError(t("law.cli.damaged", where=exc.where, problem=exc.problem)) from None


def warn_damaged(ctx: Context) -> None:
    """Say which stored texts are passed over, and how to recover (``law load --replace``)."""
    for exc in services.damaged_law_texts(ctx.data_dir):
        ctx.warn(t("law.cli.passed_over", where=exc.where, problem=exc.problem))


def show_norm(ctx: Context, args: argparse.Namespace) -> int:
    """The cited unit's text (with its article's heading), or, without a reference, which text is in force."""
    law = law_in_force(ctx)
    if not args.ref.strip():
        ctx.print(about(law))
        return 0
    cite = parse_citation(args.ref)
    if cite is None:
        raise UserError(t("law.cli.bad_ref", ref=args.ref))
    passage = law.passage(cite)
    if passage is None:
        raise UserError(t("law.cli.no_unit", ref=cite.label(), edition=law.edition.strftime("%d.%m.%Y")))
    ctx.print(t("law.cli.heading", ref=cite.label(), edition=law.edition.strftime("%d.%m.%Y")))
    ctx.print()
    for line in passage:
        ctx.print(line)
    return 0


def load_law(ctx: Context, args: argparse.Namespace) -> int:
    try:
        law, moved = services.load_law(ctx.data_dir, args.file, edition=args.edition, replace=args.replace)
    except LawParseError as exc:
        raise UserError(t("law.cli.refused", path=str(args.file), where=exc.where, problem=exc.problem)) from None
    except LawRefused as exc:
        raise UserError(f"{args.file}: {exc} {t('law.cli.replace_hint')}") from None
    ctx.print(t("law.cli.loaded", path=str(args.file)))
    for path in moved:
        ctx.print(t("law.cli.set_aside", path=str(path)))
    ctx.print(about(law))
    ctx.print(t("law.cli.check_next"))
    return 0
