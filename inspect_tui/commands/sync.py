"""``inspect-tui export``, ``import`` and ``schema``: moving inspections between installations."""

from __future__ import annotations

import argparse
import getpass
import os
import re
import sys
from datetime import date
from pathlib import Path
from typing import NoReturn
from uuid import UUID

from inspect_tui.commands.context import Context, UserError
from inspect_tui.i18n import t
from inspect_tui.sync import (
    DEFAULT_MAX_BYTES,
    MAX_BYTES_ENV,
    BundleRejected,
    ExportRefused,
    bundle_schema_text,
    export_bundle,
    import_bundles,
    refuse_unusable,
)
from inspect_tui.sync.passphrase import passphrase_problem
from inspect_tui.sync.sealed import PASSPHRASE_ENV, sealed_file

_UNITS = {"": 1, "K": 1_000, "M": 1_000_000, "G": 1_000_000_000}


def register(sub: argparse._SubParsersAction) -> None:
    export = sub.add_parser("export", help=t("sync.export_help"))
    export.add_argument("--out", type=Path, required=True, metavar="FILE.json", help=t("sync.out_help"))
    which = export.add_mutually_exclusive_group()
    which.add_argument("--all", action="store_true", help=t("sync.all_help"))
    which.add_argument("--since", type=_date, metavar="YYYY-MM-DD", help=t("sync.since_help"))
    which.add_argument("--inspection", type=_uuid, action="append", metavar="ID", help=t("sync.inspection_help"))
    export.add_argument("--no-attachments", action="store_true", help=t("sync.no_attachments_help"))
    export.add_argument("--encrypt", action="store_true", help=t("sync.encrypt_help", env=PASSPHRASE_ENV))
    export.set_defaults(handler=run_export)

    importing = sub.add_parser("import", help=t("sync.import_help"))
    importing.add_argument("paths", nargs="+", type=Path, metavar="FILE.json", help=t("sync.files_help"))
    importing.add_argument("--dry-run", action="store_true", help=t("sync.dry_run_help"))
    importing.add_argument("--max-size", type=_size, default=None, metavar="SIZE", help=t("sync.max_size_help", env=MAX_BYTES_ENV))
    importing.set_defaults(handler=run_import)

    sub.add_parser("schema", help=t("sync.schema_help")).set_defaults(handler=print_schema)


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(t("sync.bad_date", value=value)) from None


def _uuid(value: str) -> UUID:
    try:
        return UUID(value)
    except ValueError:
        raise argparse.ArgumentTypeError(t("sync.bad_uuid", value=value)) from None


def _size(value: str) -> int:
    match = re.fullmatch(r"\s*(\d+)\s*([KMG]?)B?\s*", value.upper())
    if match is None:
        raise argparse.ArgumentTypeError(t("sync.bad_size", value=value))
    return int(match.group(1)) * _UNITS[match.group(2)]


def _max_bytes(option: int | None) -> int:
    if option is not None:
        return option
    env = os.environ.get(MAX_BYTES_ENV)
    if env is None:
        return DEFAULT_MAX_BYTES
    try:
        return _size(env)
    except argparse.ArgumentTypeError as exc:
        raise UserError(f"{MAX_BYTES_ENV}: {exc}") from None


def _passphrase(*, confirm: bool) -> str:
    """The bundle passphrase: from the environment (non-interactive use), else asked for without echo.

    ``confirm``: a new bundle is sealed with it, so it is asked twice and a weak one is refused
    before anything is read.
    """
    given = os.environ.get(PASSPHRASE_ENV)
    if given is None:
        given = _ask_passphrase(confirm=confirm)
    problem = passphrase_problem(given) if confirm else None
    if problem is not None:
        raise UserError(t("sync.passphrase_refused", reason=problem))
    return given


def _ask_passphrase(*, confirm: bool) -> str:
    if not sys.stdin.isatty():
        raise UserError(t("sync.passphrase_unavailable", env=PASSPHRASE_ENV))
    try:
        first = getpass.getpass(t("sync.passphrase_prompt"))
        if confirm and getpass.getpass(t("sync.passphrase_again")) != first:
            raise UserError(t("sync.passphrase_mismatch"))
    except (EOFError, OSError):
        raise UserError(t("sync.passphrase_unavailable", env=PASSPHRASE_ENV)) from None
    return first


def run_export(ctx: Context, args: argparse.Namespace) -> int:
    passphrase = _passphrase(confirm=True) if args.encrypt else None
    with ctx.open_store(writer=False) as store:
        try:
            report = export_bundle(
                store, args.out, inspection_ids=args.inspection, since=args.since,
                attachments=not args.no_attachments, passphrase=passphrase,
            )
        except ExportRefused as exc:
            raise UserError(str(exc)) from None
    ctx.print(report.summary())
    return 0


def run_import(ctx: Context, args: argparse.Namespace) -> int:
    max_bytes = _max_bytes(args.max_size)
    try:  # before the store lock, which a FIFO would hold forever, and before asking for a passphrase
        refuse_unusable(args.paths, max_bytes, os.environ.get(PASSPHRASE_ENV))
    except BundleRejected as exc:
        _refuse(ctx, exc)
    passphrase = _passphrase(confirm=False) if any(sealed_file(p) for p in args.paths) else None
    with ctx.open_store() as store:
        try:
            report = import_bundles(store, args.paths, dry_run=args.dry_run, max_bytes=max_bytes, passphrase=passphrase)
        except BundleRejected as exc:
            _refuse(ctx, exc)
    for line in report.details():
        ctx.print(line)
    ctx.print(report.summary_table())
    return 0


def _refuse(ctx: Context, exc: BundleRejected) -> NoReturn:
    """Print the problems kept (the rest only counted) and end with exit 1."""
    for problem in exc.problems:
        ctx.warn(str(problem))
    for line in exc.tail():
        ctx.warn(line)
    raise UserError(str(exc)) from None


def print_schema(ctx: Context, args: argparse.Namespace) -> int:
    ctx.print(bundle_schema_text().rstrip("\n"))
    return 0
