"""``inspect-tui office init|import-store|export-store|demo-server``: the office register on PostgreSQL."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from inspect_tui.commands.context import Context, UserError
from inspect_tui.i18n import t
from inspect_tui.services import office
from inspect_tui.services.store_copy import KINDS, CopyMismatch, CopyRefused, CopyReport, PlanRefused, Progress
from inspect_tui.stores import STORE_ENV, redact

R = TypeVar("R")

#: a progress line on stderr every this many inspections of a long copy
PROGRESS_EVERY = 1000


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("office", help=t("office.help"))
    verbs = parser.add_subparsers(dest="office", required=True, metavar="{init,import-store,export-store,demo-server}")

    init = verbs.add_parser("init", help=t("office.init_help"))
    init.add_argument("url", metavar="URL", help=t("office.url_help"))
    init.set_defaults(handler=run_init)

    into = verbs.add_parser("import-store", help=t("office.import_help"))
    into.add_argument("folder", type=Path, metavar="DIR", help=t("office.source_dir_help"))
    into.add_argument("url", metavar="URL", help=t("office.url_help"))
    into.set_defaults(handler=run_import_store)

    out = verbs.add_parser("export-store", help=t("office.export_help"))
    out.add_argument("url", metavar="URL", help=t("office.url_help"))
    out.add_argument("folder", type=Path, metavar="DIR", help=t("office.target_dir_help"))
    out.set_defaults(handler=run_export_store)

    demo = verbs.add_parser("demo-server", help=t("office.demo_help"))
    demo.add_argument("folder", type=Path, metavar="DIR", help=t("office.server_dir_help"))
    demo.add_argument("--stop", action="store_true", help=t("office.stop_help"))
    demo.set_defaults(handler=run_demo_server)


def run_init(ctx: Context, args: argparse.Namespace) -> int:
    version, applied = _refused_as_user_error(lambda: office.init_office(args.url))
    ctx.print(t("office.init_done", url=redact(args.url), version=version, applied=applied))
    return 0


def _progress(ctx: Context) -> Progress:
    def report(done: int, total: int) -> None:
        if done % PROGRESS_EVERY == 0 or done == total:
            ctx.warn(t("office.progress", done=done, total=total))
        if done == total:  # the check reads both registers whole: minutes at 100,000
            ctx.warn(t("office.verifying"))

    return report


def _report(ctx: Context, report: CopyReport, source: str, target: str) -> None:
    counts = ", ".join(f"{t(f'office.kind.{kind}')}: {report.counts[kind]}" for kind in KINDS if kind in report.counts)
    ctx.print(t("office.copied", source=source, target=target, counts=counts))
    ctx.print(t("office.verified", signed=report.counts.get("signed", 0)))
    if report.missing_attachments:
        ctx.warn(t("office.missing_attachments", count=len(report.missing_attachments), hashes=", ".join(report.missing_attachments)))


def run_import_store(ctx: Context, args: argparse.Namespace) -> int:
    report = _refused_as_user_error(
        lambda: office.import_store(args.folder, args.url, data_dir=ctx.data_dir, progress=_progress(ctx))
    )
    _report(ctx, report, str(args.folder), redact(args.url))
    ctx.print(t("office.use_it", url=redact(args.url), env=STORE_ENV))
    return 0


def run_export_store(ctx: Context, args: argparse.Namespace) -> int:
    report = _refused_as_user_error(
        lambda: office.export_store(args.url, args.folder, data_dir=ctx.data_dir, progress=_progress(ctx))
    )
    _report(ctx, report, redact(args.url), str(args.folder))
    return 0


def run_demo_server(ctx: Context, args: argparse.Namespace) -> int:
    if args.stop:
        _refused_as_user_error(lambda: office.stop_demo_server(args.folder))
        ctx.print(t("office.server_stopped", path=str(args.folder)))
        return 0
    started, version = _refused_as_user_error(lambda: office.start_demo_server(args.folder))
    ctx.print(t("office.server_started", path=str(args.folder), url=started.url, version=version, env=STORE_ENV))
    return 0


def _refused_as_user_error(run: Callable[[], R]) -> R:
    """The office's refusals as one message each (the CLI prints it, exit 1)."""
    try:
        return run()
    except (office.OfficeRefused, PlanRefused) as exc:
        raise UserError(str(exc)) from None
    except CopyRefused as exc:
        found = ", ".join(f"{t(f'office.kind.{kind}')}: {n}" for kind, n in exc.found.items())
        raise UserError(t("office.target_not_empty", found=found)) from None
    except CopyMismatch as exc:
        raise UserError(t("office.mismatch", differences="\n  ".join(exc.differences))) from None
