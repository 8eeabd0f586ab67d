"""argparse in the user's language: its own words (headings, the help option, its errors) from the catalogs.

argparse takes them from gettext, which an application cannot point at its own catalogs without shipping
compiled .mo files, so the parser translates what it prints through the public methods made for
overriding: ``format_usage``, ``format_help`` and ``error``. In English the words are argparse's own.
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import NoReturn

from inspect_tui.i18n import t

#: argparse's words as it prints them → catalog keys (the help option and ``--version``'s are help texts)
_WORDS = {
    "usage: ": "cli.argparse.usage",
    "positional arguments:": "cli.argparse.positional",
    "options:": "cli.argparse.options",
    "show this help message and exit": "cli.argparse.help",
    "show program's version number and exit": "cli.argparse.version",
}
#: argparse's error messages (Python 3.11) → catalog keys, the named groups as the message's fields
_ERRORS = [
    (re.compile(r"the following arguments are required: (?P<names>.+)"), "cli.argparse.required"),
    (re.compile(r"argument (?P<argument>\S+): invalid choice: (?P<value>.+?) \(choose from (?P<choices>.+)\)"), "cli.argparse.invalid_choice"),
    (re.compile(r"unrecognized arguments: (?P<names>.+)"), "cli.argparse.unrecognized"),
    (re.compile(r"argument (?P<argument>\S+): expected one argument"), "cli.argparse.expected_one"),
    (re.compile(r"argument (?P<argument>\S+): invalid \S+ value: (?P<value>.+)"), "cli.argparse.invalid_value"),
    (re.compile(r"argument (?P<argument>\S+): not allowed with argument (?P<other>.+)"), "cli.argparse.not_allowed"),
    (re.compile(r"one of the arguments (?P<names>.+) is required"), "cli.argparse.one_required"),
    (re.compile(r"argument (?P<argument>\S+): (?P<message>.+)", re.S), "cli.argparse.argument"),  # our own type errors
]
_USAGE = "usage: "


def translated_error(message: str) -> str:
    """An argparse error message in the user's language (one it does not know stays as it is)."""
    for pattern, key in _ERRORS:
        found = pattern.fullmatch(message)
        if found:
            return t(key, **found.groupdict())
    return message


def translated_help(text: str) -> str:
    """argparse's headings and its own help texts translated; the usage's wrapped lines stay aligned."""
    lines = text.split("\n")
    if lines and lines[0].startswith(_USAGE):
        prefix = t(_WORDS[_USAGE])
        shift = len(prefix) - len(_USAGE)
        lines[0] = prefix + lines[0][len(_USAGE) :]
        for i in range(1, len(lines)):
            if not lines[i].startswith(" "):
                break  # the usage ends at its first line that is not a continuation
            lines[i] = " " * shift + lines[i] if shift >= 0 else lines[i][-shift:]
    for i, line in enumerate(lines):
        for words, key in _WORDS.items():
            if words != _USAGE and (line.strip() == words or (not words.endswith(":") and line.endswith(words))):
                lines[i] = line.replace(words, t(key))
    return "\n".join(lines)


class LocalParser(argparse.ArgumentParser):
    """An ArgumentParser that prints in the user's language; its subcommands' parsers are of this class too."""

    def format_usage(self) -> str:
        return translated_help(super().format_usage())

    def format_help(self) -> str:
        return translated_help(super().format_help())

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, t("cli.argparse.error", prog=self.prog, message=translated_error(message)))
