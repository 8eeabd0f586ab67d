"""The ``inspect-tui`` command: a thin shell over the services, with errors a person can act on.

Exit codes: 0 success, 1 bad input or a refused operation (message on stderr, no
traceback), 2 bad usage (argparse).

``inspect-tui`` alone (with only the global options) starts the TUI without building the
parser of every command: that imports every command module, the services and pydantic,
which the home does not need to show its first rows. The command modules, the services
and the models are imported only for a command, or for the message of an error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path

from inspect_tui import __version__, collection
from inspect_tui.escaping import terminal_safe
from inspect_tui.i18n import LANGUAGES, set_language, t
from inspect_tui.i18n.errors import os_error_text
from inspect_tui.office.errors import OfficeUnreachable, ReadOnlyLogin
from inspect_tui.paths import default_data_dir
from inspect_tui.store import JournalRefused, StoreCorrupt, StoreError, StoreLocked, StoreVersionError, StoreWriteError
from inspect_tui.stores import STORE_ENV, OfficeExtraMissing, StoreUrlRefused, redact, store_url


def _utf8_console() -> None:
    """Print Cyrillic whatever the console's code page (Windows consoles default to cp866/cp1251)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(encoding="utf-8", errors="replace")
            except (OSError, ValueError):
                pass


def _language_from_argv(argv: list[str]) -> str | None:
    """Look for ``--lang`` before argparse runs, so help texts come out in that language too."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def _global_options(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument("--data-dir", type=Path, default=None, metavar="DIR", help=t("cli.data_dir_help"))
    parser.add_argument("--store", default=None, metavar="URL", help=t("cli.store_help", env=STORE_ENV))
    parser.add_argument("--lang", choices=LANGUAGES, default=None, help=t("cli.lang_help"))
    return parser


def build_parser() -> argparse.ArgumentParser:
    from inspect_tui.commands import modules
    from inspect_tui.commands.parser import LocalParser

    parser = LocalParser(prog="inspect-tui", description=t("cli.description"))
    parser.add_argument("--version", action="version", version=f"inspect-tui {__version__}")
    _global_options(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in modules():
        module.register(sub)
    return parser


def _bare(argv: list[str]) -> argparse.Namespace | None:
    """The global options when ``argv`` has nothing else (the TUI's start), else None: the full parser takes it
    (a command, ``--help``, ``--version``, or an option the full parser must refuse with its own usage)."""
    parser = _global_options(argparse.ArgumentParser(prog="inspect-tui", add_help=False, allow_abbrev=False, exit_on_error=False))
    if any(arg in ("-h", "--help") or not arg.startswith("--") and arg.startswith("-") for arg in argv):
        return None
    try:
        args, rest = parser.parse_known_args(argv)
    except (argparse.ArgumentError, SystemExit):  # a bad value: the full parser says so with its usage
        return None
    return None if rest else args


def _store_message(exc: StoreError) -> str:
    if isinstance(exc, StoreLocked):
        return t("cli.store_locked", data_dir=str(exc.data_dir), holder=exc.holder or "?")
    if isinstance(exc, StoreWriteError):
        return t("store.write_failed", path=str(exc.filename or ""), reason=exc.strerror or str(exc))
    if isinstance(exc, JournalRefused):
        return t("store.journal_refused", path=str(exc.path), detail=exc.detail)
    if isinstance(exc, StoreCorrupt):
        backup = str(exc.backup) if exc.backup else t("cli.no_backup")
        return t("cli.store_corrupt", path=str(exc.path), detail=exc.detail, backup=backup)
    if isinstance(exc, StoreUrlRefused):
        return t("cli.store_url_refused", url=exc.url, env=STORE_ENV)
    if isinstance(exc, OfficeExtraMissing):
        return t("cli.office_extra_missing", url=exc.url)
    if isinstance(exc, OfficeUnreachable):
        return t(f"cli.office_unreachable.{exc.reason.value}", url=exc.url, detail=exc.detail)
    if isinstance(exc, ReadOnlyLogin):
        return t("office_store.read_only_login", url=exc.where, reason=exc.reason)
    if isinstance(exc, StoreVersionError) and isinstance(exc.data_dir, str):  # the office's database, named by its URL
        return t("cli.office_version", url=redact(exc.data_dir), found=exc.found, supported=exc.supported)
    if isinstance(exc, StoreVersionError):
        return t("cli.store_version", data_dir=str(exc.data_dir), found=exc.found, supported=exc.supported)
    return t("cli.store_error", detail=str(exc))


def main(argv: list[str] | None = None) -> int:
    _utf8_console()
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = _language_from_argv(argv)
    if lang in LANGUAGES:
        set_language(lang)
    bare = _bare(argv)
    if bare is not None:
        collection.pause()  # before Textual's imports; the app resumes it once the home shows its rows
        return _guarded(partial(_tui, bare), _warn)
    from inspect_tui.commands.context import Context

    args = build_parser().parse_args(argv)
    ctx = Context(data_dir=args.data_dir or default_data_dir(), store_url=store_url(args.store))
    if args.command is None:  # a bare start the quick path left to the parser (e.g. an abbreviated option)
        return _guarded(partial(_tui, args), ctx.warn)
    return _guarded(lambda: int(args.handler(ctx, args)), ctx.warn)


def _tui(args: argparse.Namespace) -> int:
    from inspect_tui.app import run_app  # Textual is imported only for the TUI

    return run_app(args.data_dir or default_data_dir(), language=args.lang, store_url=store_url(args.store))


def _warn(text: str) -> None:
    print(terminal_safe(text), file=sys.stderr)


def _guarded(run: Callable[[], int], warn: Callable[[str], None]) -> int:
    """``run``'s exit code; an error a person can act on is one message and exit 1, no traceback."""
    try:
        return run()
    except BrokenPipeError:  # output piped into `head` and the like: not an error
        return 0
    except KeyboardInterrupt:
        warn(t("cli.interrupted"))
    except Exception as exc:
        message = _error_message(exc)
        if message is None:
            raise
        warn(message)
    return 1


def _error_message(exc: Exception) -> str | None:
    """The message of an error a person can act on, or None (a bug: its traceback is wanted). The models are
    imported here, not at start: the TUI's start does not need them."""
    from pydantic import ValidationError

    from inspect_tui.commands.context import UserError
    from inspect_tui.domain.inspection import InspectionLocked, SignOffRefused
    from inspect_tui.i18n.errors import dotted, error_reason

    if isinstance(exc, UserError):
        return str(exc)
    if isinstance(exc, StoreError):
        return _store_message(exc)
    if isinstance(exc, InspectionLocked):
        return t("cli.locked", detail=str(exc))
    if isinstance(exc, SignOffRefused):
        return t("cli.signoff_refused", count=len(exc.problems))
    if isinstance(exc, ValidationError):  # a value given breaks a rule of the model it goes into: refused before writing
        error = exc.errors(include_url=False)[0]
        return t("cli.invalid", where=dotted(error["loc"]) or exc.title, reason=error_reason(error))
    if isinstance(exc, OSError):
        return os_error_text(exc)
    return None


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
