"""Message catalogs: every string a user reads comes from here, in Ukrainian or English.

Catalogs are TOML files ``i18n/<lang>/<area>.toml``; a key is ``<area>.<dotted.path>``.
Each area (cli, tui, certificate, sync, errors, ...) has its own file so that
parts of the product can grow their messages independently.
"""

from __future__ import annotations

import os
import tomllib
from functools import cache
from importlib import resources
from typing import Any

LANGUAGES = ("uk", "en")
DEFAULT_LANGUAGE = "uk"
_current = os.environ.get("INSPECT_TUI_LANG", DEFAULT_LANGUAGE)
if _current not in LANGUAGES:
    _current = DEFAULT_LANGUAGE


def _flatten(prefix: str, table: dict[str, Any], out: dict[str, str]) -> None:
    for key, value in table.items():
        full = f"{prefix}.{key}"
        if isinstance(value, dict):
            _flatten(full, value, out)
        else:
            out[full] = str(value)


@cache
def catalog(lang: str) -> dict[str, str]:
    """All messages of one language, keyed ``area.path``."""
    messages: dict[str, str] = {}
    folder = resources.files(__package__) / lang
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            _flatten(entry.name.removesuffix(".toml"), tomllib.loads(entry.read_text("utf-8")), messages)
    return messages


def set_language(lang: str) -> None:
    """Switch the language of every later ``t()`` call (unknown languages are refused)."""
    global _current
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    _current = lang


def get_language() -> str:
    return _current


def t(key: str, /, **params: Any) -> str:
    """The message ``key`` in the current language, formatted with ``params``."""
    return translate(_current, key, **params)


def translate(lang: str, key: str, /, **params: Any) -> str:
    """The message ``key`` in ``lang`` (documents and `checklists show --lang` need a given language).

    Falls back to Ukrainian, then to the key itself, so a missing translation is
    visible but never crashes the app.
    """
    template = catalog(lang).get(key) or catalog(DEFAULT_LANGUAGE).get(key) or key
    if not params:
        return template
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return template
