"""The ``inspect-tui`` command: a thin shell over the services, with errors a person can act on.

Exit codes: 0 success, 1 bad input or a refused operation (message on stderr, no
traceback), 2 bad usage (argparse).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pydantic import ValidationError

from inspect_tui import __version__
from inspect_tui.commands import modules
from inspect_tui.commands.context import Context, UserError
from inspect_tui.commands.parser import LocalParser
from inspect_tui.domain.inspection import InspectionLocked, SignOffRefused
from inspect_tui.i18n import LANGUAGES, set_language, t
from inspect_tui.i18n.errors import dotted, error_reason, os_error_text
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


def build_parser() -> argparse.ArgumentParser:
    parser = LocalParser(prog="inspect-tui", description=t("cli.description"))
    parser.add_argument("--version", action="version", version=f"inspect-tui {__version__}")
    parser.add_argument("--data-dir", type=Path, default=None, metavar="DIR", help=t("cli.data_dir_help"))
    parser.add_argument("--store", default=None, metavar="URL", help=t("cli.store_help", env=STORE_ENV))
    parser.add_argument("--lang", choices=LANGUAGES, default=None, help=t("cli.lang_help"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in modules():
        module.register(sub)
    return parser


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
    args = build_parser().parse_args(argv)
    ctx = Context(data_dir=args.data_dir or default_data_dir(), store_url=store_url(args.store))
    try:
        if args.command is None:
            from inspect_tui.app import run_app  # Textual is imported only for the TUI

            return run_app(ctx.data_dir, language=args.lang, store_url=ctx.store_url)
        return int(args.handler(ctx, args))
    except UserError as exc:
        ctx.warn(str(exc))
    except StoreError as exc:
        ctx.warn(_store_message(exc))
    except InspectionLocked as exc:
        ctx.warn(t("cli.locked", detail=str(exc)))
    except SignOffRefused as exc:
        ctx.warn(t("cli.signoff_refused", count=len(exc.problems)))
    except ValidationError as exc:  # a value given breaks a rule of the model it goes into: refused before writing
        error = exc.errors(include_url=False)[0]
        ctx.warn(t("cli.invalid", where=dotted(error["loc"]) or exc.title, reason=error_reason(error)))
    except BrokenPipeError:  # output piped into `head` and the like: not an error
        return 0
    except OSError as exc:
        ctx.warn(os_error_text(exc))
    except KeyboardInterrupt:
        ctx.warn(t("cli.interrupted"))
    return 1


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
