"""Message catalogs: every string a user reads comes from here, in Ukrainian or English.

Catalogs are TOML files ``i18n/<lang>/<area>.toml``; a key is ``<area>.<dotted.path>``.
Each area (cli, tui, certificate, sync, errors, ...) has its own file so that
parts of the product can grow their messages independently.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterator, Mapping
from functools import cache, cached_property
from pathlib import Path
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


class Catalog(Mapping[str, str]):
    """One language's messages, keyed ``area.path``; an area's file is parsed when a key of it is first asked for.

    The app's start shows a few areas (the home's texts): parsing every file took about 30 ms of it.
    Two threads asking for a new area at once may both parse it; either result is the same.
    """

    def __init__(self, lang: str) -> None:
        self._lang = lang
        self._areas: dict[str, dict[str, str]] = {}

    @cached_property
    def _files(self) -> dict[str, Path]:
        # the package's own folder, not importlib.resources (its import cost the start ~8 ms): the package is
        # always installed as files (a wheel or an editable checkout), never imported from a zip
        folder = Path(__file__).parent / self._lang
        return {e.stem: e for e in sorted(folder.iterdir(), key=lambda e: e.name) if e.suffix == ".toml"}

    def _area(self, area: str) -> dict[str, str]:
        messages = self._areas.get(area)
        if messages is None:
            messages = {}
            entry = self._files.get(area)
            if entry is not None:
                _flatten(area, tomllib.loads(entry.read_text("utf-8")), messages)
            self._areas[area] = messages
        return messages

    def __getitem__(self, key: str) -> str:
        return self._area(key.partition(".")[0])[key]

    def __iter__(self) -> Iterator[str]:
        for area in self._files:
            yield from self._area(area)

    def __len__(self) -> int:
        return sum(len(self._area(area)) for area in self._files)


@cache
def catalog(lang: str) -> Catalog:
    """All messages of one language, keyed ``area.path``."""
    return Catalog(lang)


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
