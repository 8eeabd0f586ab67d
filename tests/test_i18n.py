"""Both languages say everything, with the same placeholders."""

from __future__ import annotations

import string
from typing import Any

import pytest

from inspect_tui import i18n
from inspect_tui.i18n import LANGUAGES, catalog, set_language, t


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_catalogs_have_the_same_keys_and_placeholders() -> None:
    uk, en = catalog("uk"), catalog("en")
    assert sorted(set(uk) ^ set(en)) == []
    mismatched = [key for key in uk if _fields(uk[key]) != _fields(en[key])]
    assert mismatched == []


def test_no_empty_messages() -> None:
    for lang in LANGUAGES:
        assert [k for k, v in catalog(lang).items() if not v.strip()] == []


def test_switching_language_and_fallbacks() -> None:
    set_language("en")
    assert t("status.signed") == "signed"
    set_language("uk")
    assert t("status.signed") == "підписана"
    assert t("no.such.key") == "no.such.key"
    assert t("cli.items", count=3) == "3 пит."
    assert t("cli.items") == "{count} пит."  # a missing parameter never crashes
    with pytest.raises(ValueError):
        set_language("ru")


def test_a_catalog_parses_only_the_areas_asked_for(monkeypatch: pytest.MonkeyPatch) -> None:
    """The app's start asks for a few areas' texts: every file of a language took about 30 ms to parse."""
    parsed: list[str] = []
    real = i18n.tomllib.loads

    def counting(text: str) -> dict[str, Any]:
        parsed.append(text)
        return real(text)

    monkeypatch.setattr(i18n.tomllib, "loads", counting)
    fresh = i18n.Catalog("uk")
    draft = fresh["status.draft"]
    assert fresh.get("status.nothing") is None and "no_such_area.key" not in fresh
    assert len(parsed) == 1  # status.toml alone
    assert draft == t("status.draft") and dict(fresh) == dict(catalog("uk"))  # the whole, read area by area, is the same
