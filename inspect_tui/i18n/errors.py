"""Turn pydantic validation errors into located messages in the user's language."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from inspect_tui.i18n import catalog, get_language, t

if TYPE_CHECKING:  # annotations only: the app's forms import this module, and start without pydantic
    from pydantic import ValidationError
    from pydantic_core import ErrorDetails

#: pydantic's JSON parser reports every syntax problem as ``json_invalid`` with English detail
_JSON_DETAILS = (("recursion limit", "errors.json_too_deep"), ("surrogate", "errors.json_surrogate"), ("hex escape", "errors.json_surrogate"))


def first_reason(exc: ValidationError) -> str:
    """The first problem of a refused change, for a one-line message on a screen."""
    return error_reason(exc.errors(include_url=False)[0])


def error_reason(error: ErrorDetails) -> str:
    """One error's reason: the catalog's ``errors.<type>`` when there is one, else pydantic's text."""
    key = f"errors.{error['type']}"
    if error["type"] == "json_invalid":
        detail = str((error.get("ctx") or {}).get("error", ""))
        return t(next((k for part, k in _JSON_DETAILS if part in detail), key))
    if key in catalog(get_language()) or key in catalog("uk"):
        ctx = {k: _short(v) for k, v in (error.get("ctx") or {}).items()}
        return t(key, **ctx)
    return error["msg"]


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "..."


def error_lines(exc: ValidationError) -> Iterable[tuple[tuple[int | str, ...], str]]:
    """``(location, reason)`` for every error, in order."""
    for error in exc.errors(include_url=False):
        yield tuple(error["loc"]), error_reason(error)


def dotted(loc: Iterable[int | str]) -> str:
    """``('sections', 2, 'title')`` → ``sections[2].title``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def os_error_text(exc: OSError, path: Path | str = "") -> str:
    """«Cannot read/write FILE: reason» for a failed file operation: the file the OS names, else ``path``."""
    return t("cli.os_error", path=str(exc.filename or path), reason=exc.strerror or str(exc))
