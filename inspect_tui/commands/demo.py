"""``inspect-tui demo``: a registry and inspections to try the program on."""

from __future__ import annotations

import argparse

from inspect_tui.commands.checklists import checklist_named
from inspect_tui.commands.context import Context
from inspect_tui.demo import DEMO_CHECKLIST, install_demo
from inspect_tui.escaping import one_line
from inspect_tui.i18n import t


def register(sub: argparse._SubParsersAction) -> None:
    sub.add_parser("demo", help=t("cli.demo_help")).set_defaults(handler=run_demo)


def run_demo(ctx: Context, args: argparse.Namespace) -> int:
    checklist = checklist_named(ctx.data_dir, DEMO_CHECKLIST)
    with ctx.open_store() as store:
        made = install_demo(store, checklist)
    for inspection in made:
        ctx.print(f"{inspection.id}  {one_line(inspection.number):<8} {t('status.' + inspection.status.value):<12} {one_line(inspection.enterprise.short_name)}")
    ctx.print(t("cli.demo_done", count=len(made), data_dir=ctx.register))
    return 0
