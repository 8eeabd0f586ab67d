"""The Law's text: the one in force, loading a newer one, and checking the checklists' references against it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from inspect_tui.checklists import ChecklistProblem, check_file
from inspect_tui.domain.checklist import Checklist
from inspect_tui.law import sources as law_sources
from inspect_tui.law import store as law_store
from inspect_tui.law.model import LawText
from inspect_tui.law.parse import LawParseError
from inspect_tui.law.review import ChecklistCheck, check_checklist
from inspect_tui.paths import bundled_checklists_dir, user_checklists_dir
from inspect_tui.services.inspections import available_checklists


def law_in_force(data_dir: Path) -> LawText:
    """The text of the Law in force here (the shipped one, or a newer sound one the council loaded)."""
    return law_store.in_force(data_dir)


def damaged_law_texts(data_dir: Path) -> list[LawParseError]:
    """Stored texts passed over for the one in force (damaged, not the whole Law, dated in the future): to warn."""
    return law_store.damaged(data_dir)


def load_law(data_dir: Path, source: Path, *, edition: date | None = None, replace: bool = False) -> tuple[LawText, list[Path]]:
    """Parse a consolidated text (portal TXT/HTML or JSON) and make it the text in force; a refused file
    (``LawParseError``, ``LawRefused``) leaves the text in force as it was. ``replace`` recovers from a bad
    stored text: the texts it overrides are moved aside (returned)."""
    law = law_sources.parse_file(source, edition=edition)
    return law, law_store.accept(data_dir, law, replace=replace)


def checklist_files(data_dir: Path) -> list[Path]:
    """Every checklist file, bundled and the council's (an overridden bundled one is still checked)."""
    return [p for folder in (bundled_checklists_dir(), user_checklists_dir(data_dir)) if folder.is_dir() for p in sorted(folder.glob("*.toml"))]


def check_law(data_dir: Path, paths: list[Path]) -> tuple[LawText, list[ChecklistCheck], list[ChecklistProblem]]:
    """Every reference of the checklists in ``paths`` against the text in force (see ``law.review``)."""
    law = law_in_force(data_dir)
    checks: list[ChecklistCheck] = []
    problems: list[ChecklistProblem] = []
    old_texts: dict[date, LawText | None] = {}
    for path in paths:
        checklist, found = check_file(path)
        if checklist is None:
            problems.extend(found)
            continue
        for when in checklist.reviewed_editions():
            if when not in old_texts:
                old_texts[when] = law_store.edition_text(data_dir, when)
        checks.append(check_checklist(path, checklist, law, old_texts))
    return law, checks, problems


def law_newer_than_reviews(data_dir: Path) -> list[tuple[Checklist, date | None]]:
    """Checklists whose review is older than the text in force (``None``: never reviewed), for a notice on start."""
    law = law_in_force(data_dir)
    found, _ = available_checklists(data_dir)
    stale: list[tuple[Checklist, date | None]] = []
    for available in found:
        editions = available.checklist.reviewed_editions()
        if not editions or editions[0] < law.edition:
            stale.append((available.checklist, editions[0] if editions else None))
    return stale
