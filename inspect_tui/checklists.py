"""Find, load and validate checklist files (TOML), reporting every problem with its place.

A problem reads ``file: section/item: reason``: the section and item are named by
their ids where the file gives them, else by position, so an author can find the
spot even in a file that is badly broken.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from inspect_tui.domain.checklist import Checklist
from inspect_tui.i18n import t
from inspect_tui.i18n.errors import dotted, error_lines
from inspect_tui.problems import FileProblem

MAX_FILE_BYTES = 5 * 1024 * 1024


class ChecklistProblem(FileProblem):
    """One thing wrong with a checklist file; ``place`` names the section and item."""


def _read_toml(path: Path) -> tuple[dict[str, Any] | None, list[ChecklistProblem]]:
    """Parse a file, turning every way it can be unreadable into a located problem."""

    def fail(key: str, **params: Any) -> tuple[None, list[ChecklistProblem]]:
        return None, [ChecklistProblem(path, t("checklists.place_file"), t(f"checklists.{key}", **params))]

    if not path.exists():
        return fail("not_found")
    if path.is_dir():
        return fail("is_directory")
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return fail("too_big", limit=MAX_FILE_BYTES // (1024 * 1024))
        raw = path.read_bytes()
    except OSError as exc:
        return fail("unreadable", reason=exc.strerror or exc.__class__.__name__)
    if not raw.strip():
        return fail("empty")
    if b"\x00" in raw:
        return fail("binary")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return fail("not_utf8", offset=exc.start)
    try:
        return tomllib.loads(text), []
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+), column (\d+)", str(exc))
        line, column = (match.group(1), match.group(2)) if match else ("?", "?")
        detail = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc)) or str(exc)
        place = t("checklists.place_line", line=line, column=column)
        return None, [ChecklistProblem(path, place, t("checklists.bad_toml", detail=detail))]
    except RecursionError:
        return fail("too_deep")


def _place(data: dict[str, Any], loc: tuple[int | str, ...]) -> tuple[str, str]:
    """Split a pydantic location into a readable ``section/item`` place and a field path."""
    sections = data.get("sections")
    if len(loc) >= 2 and loc[0] == "sections" and isinstance(loc[1], int) and isinstance(sections, list):
        section = sections[loc[1]] if loc[1] < len(sections) else None
        name = _named(section, loc[1])
        rest = loc[2:]
        items = section.get("items") if isinstance(section, dict) else None
        if len(rest) >= 2 and rest[0] == "items" and isinstance(rest[1], int) and isinstance(items, list):
            item = items[rest[1]] if rest[1] < len(items) else None
            return f"{name}/{_named(item, rest[1])}", dotted(rest[2:])
        return name, dotted(rest)
    return t("checklists.place_checklist"), dotted(loc)


def _named(node: Any, index: int) -> str:
    if isinstance(node, dict) and isinstance(node.get("id"), str) and node["id"].strip():
        return node["id"]
    return f"#{index + 1}"


def _duplicates(data: dict[str, Any], path: Path) -> list[ChecklistProblem]:
    """Duplicate ids, found on the raw data so they are reported alongside every other error."""
    problems: list[ChecklistProblem] = []
    sections = data.get("sections")
    if not isinstance(sections, list):
        return problems
    seen_sections: set[str] = set()
    seen_items: dict[str, str] = {}
    for s_index, section in enumerate(sections):
        if not isinstance(section, dict):
            continue
        s_name = _named(section, s_index)
        if isinstance(section.get("id"), str):
            if section["id"] in seen_sections:
                problems.append(ChecklistProblem(path, s_name, t("errors.duplicate_section", id=section["id"])))
            seen_sections.add(section["id"])
        items = section.get("items")
        for i_index, item in enumerate(items if isinstance(items, list) else []):
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                item_id = item["id"]
                if item_id in seen_items:
                    reason = t("checklists.duplicate_item", id=item_id, first=seen_items[item_id])
                    problems.append(ChecklistProblem(path, f"{s_name}/{_named(item, i_index)}", reason))
                else:
                    seen_items[item_id] = s_name
    return problems


MAX_DEPTH = 40


def _too_deep(node: Any, loc: tuple[int | str, ...] = ()) -> tuple[int | str, ...] | None:
    """Location of the first value nested deeper than ``MAX_DEPTH`` (rules nest; nothing else does)."""
    stack: list[tuple[Any, tuple[int | str, ...]]] = [(node, loc)]
    while stack:
        current, where = stack.pop()
        if len(where) > MAX_DEPTH:
            return where
        if isinstance(current, dict):
            stack.extend((v, (*where, k)) for k, v in current.items())
        elif isinstance(current, list):
            stack.extend((v, (*where, i)) for i, v in enumerate(current))
    return None


def check_file(path: Path) -> tuple[Checklist | None, list[ChecklistProblem]]:
    """Load a checklist file; return it, or ``None`` with every problem found."""
    data, problems = _read_toml(path)
    if data is None:
        return None, problems
    deep = _too_deep(data)
    if deep is not None:
        place, _ = _place(data, deep)
        return None, [ChecklistProblem(path, place, t("checklists.too_deep"))]
    problems = _duplicates(data, path)
    try:
        checklist = Checklist.model_validate(data)
    except ValidationError as exc:
        for loc, reason in error_lines(exc):
            if problems and not loc:
                continue  # the model's own duplicate check, already reported with its place
            place, field = _place(data, loc)
            problems.append(ChecklistProblem(path, place, f"{field}: {reason}" if field else reason))
        return None, problems
    problems += [ChecklistProblem(path, "law_review", t("errors.unknown_review", key=key)) for key in checklist.stale_reviews()]
    problems += [
        ChecklistProblem(path, f"{section.id}/{item.id}", t("errors.no_holder"))
        for section in checklist.sections
        for item in section.items
        if item.holder is None
    ]
    return (checklist, []) if not problems else (None, problems)


@dataclass(frozen=True)
class Available:
    path: Path
    checklist: Checklist


def discover(folders: list[Path]) -> tuple[list[Available], list[ChecklistProblem]]:
    """Every valid checklist in ``folders`` (later folders override earlier ids) and the problems of the rest."""
    found: dict[str, Available] = {}
    problems: list[ChecklistProblem] = []
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.toml")):
            checklist, file_problems = check_file(path)
            if checklist is None:
                problems.extend(file_problems)
            else:
                found[checklist.id] = Available(path, checklist)
    return sorted(found.values(), key=lambda a: a.checklist.id), problems

