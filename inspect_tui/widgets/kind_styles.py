"""The colours of the three kinds of «Ні» (violation, signs of a breach, shortcoming): a leaf, so the home's
counts can use them without importing the checklist and the Law's text that ``basis`` renders."""

from __future__ import annotations

VIOLATION_STYLE = "bold red"
SIGNS_STYLE = "bold magenta"
SHORTCOMING_STYLE = "dark_orange"
