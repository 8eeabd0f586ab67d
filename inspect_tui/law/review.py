"""Checklists against the text in force: every reference to the Law resolved, its text compared with
the one the checklist was reviewed against.

A checklist records, per reference, the digest of the norm's text and the редакція it was reviewed
against (``Checklist.law_review``). Against a newer text a reference is

* ``ok``: the same text (its digest unchanged), whatever the редакція;
* ``unreviewed``: no record yet (a checklist written before records were kept, or a new reference);
* ``changed``: the unit exists with another text (the old text, if its редакція is still here, is
  shown as a word diff);
* ``moved``: the reviewed text now stands under another number (renumbered);
* ``missing`` / ``repealed``: no such unit any more, or only its «виключено» note.

Recording a review (``accept``) rewrites only the ``[law_review]`` table at the end of the TOML
file, after checking that nothing else of the checklist changes; a person runs it after reading
what changed, it never happens by itself.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path

from pydantic import ValidationError

from inspect_tui.domain.checklist import MAIN_LAW, Checklist
from inspect_tui.law.model import Citation, LawText, Unit, fold
from inspect_tui.outputs import write_output


class RefStatus(StrEnum):
    OK = "ok"
    UNREVIEWED = "unreviewed"
    CHANGED = "changed"
    MOVED = "moved"
    MISSING = "missing"
    REPEALED = "repealed"


@dataclass(frozen=True)
class RefCheck:
    """One cited norm of a checklist against the text in force."""

    key: str
    status: RefStatus
    items: tuple[str, ...]
    unit: Unit | None
    reviewed_edition: date | None = None
    moved_to: str = ""
    old_text: str | None = None

    @property
    def acceptable(self) -> bool:
        """Whether a review can be recorded: the norm exists in the text in force."""
        return self.unit is not None and not self.unit.repealed

    def diff(self) -> str | None:
        """Word diff of the reviewed and the current text («[-old-]{+new+}»), when both are known."""
        if self.old_text is None or self.unit is None:
            return None
        return word_diff(self.old_text, self.unit.text())


@dataclass
class ChecklistCheck:
    path: Path
    checklist: Checklist
    refs: list[RefCheck] = field(default_factory=list)

    @property
    def open(self) -> list[RefCheck]:
        """The references still to review (everything but ``ok``)."""
        return [r for r in self.refs if r.status is not RefStatus.OK]


def _digests(law: LawText) -> dict[str, str]:
    """digest → citation label of the first unit with that text (to say where a text went)."""
    found: dict[str, str] = {}
    for cite, unit in law.units():
        found.setdefault(unit.digest, cite.label())
    return found


def check_checklist(
    path: Path, checklist: Checklist, law: LawText, old_texts: dict[date, LawText | None] | None = None
) -> ChecklistCheck:
    """Every reference of ``checklist`` to the Law against ``law``; ``old_texts`` by редакція, for diffs."""
    old_texts = old_texts or {}
    cited: dict[str, list[str]] = {}
    citations: dict[str, Citation] = {}
    for item in checklist.items:
        for ref in item.refs:
            if ref.law != MAIN_LAW:
                continue
            key = ref.citation()
            cited.setdefault(key, [])
            if item.id not in cited[key]:
                cited[key].append(item.id)
            citations[key] = Citation.of(ref)
    where: dict[str, str] | None = None
    result = ChecklistCheck(path, checklist)
    for key, items in cited.items():
        cite = citations[key]
        unit = law.find(cite)
        record = checklist.law_review.get(key)
        status = RefStatus.OK
        moved_to = ""
        old_text: str | None = None
        if record is not None and (unit is None or unit.digest != record.sha256):
            where = where if where is not None else _digests(law)
            moved_to = where.get(record.sha256, "")
            old = old_texts.get(record.edition)
            if old is not None:
                old_unit = old.find(cite)
                if old_unit is None or old_unit.digest != record.sha256:
                    old_unit = next((u for _, u in old.units() if u.digest == record.sha256), None)
                old_text = old_unit.text() if old_unit is not None else None
        if unit is None:
            status = RefStatus.MOVED if moved_to else RefStatus.MISSING
        elif unit.repealed:
            status = RefStatus.REPEALED
        elif record is None:
            status = RefStatus.UNREVIEWED
        elif unit.digest != record.sha256:
            status = RefStatus.MOVED if moved_to else RefStatus.CHANGED
        result.refs.append(RefCheck(
            key=key, status=status, items=tuple(items), unit=unit,
            reviewed_edition=record.edition if record else None, moved_to=moved_to, old_text=old_text,
        ))
    return result


_WORDS = re.compile(r"\S+|\n")


def word_diff(old: str, new: str) -> str:
    """The words removed as «[-…-]» and added as «{+…+}», the rest as it stands (typography folded first)."""
    a, b = _WORDS.findall(fold(old)), _WORDS.findall(fold(new))
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.extend(a[i1:i2])
            continue
        if i2 > i1:
            out.append("[-" + " ".join(a[i1:i2]) + "-]")
        if j2 > j1:
            out.append("{+" + " ".join(b[j1:j2]) + "+}")
    return " ".join(out).replace(" \n ", "\n").replace("\n ", "\n")


# --- recording a review -----------------------------------------------------------------------------

HEADER = "[law_review]"
COMMENT = "# Звірка посилань з текстом Закону (редакція, sha256 тексту норми): inspect-tui checklists check-law --accept"
_TABLE = re.compile(r"^\s*\[")


class ReviewRefused(ValueError):
    """The file cannot take the review record: it is left as it was."""


def _without_review(text: str) -> str:
    """The file without its ``[law_review]`` table (and the comment this module writes above it)."""
    lines = text.splitlines()
    out: list[str] = []
    skipping = False
    for line in lines:
        if line.strip() == HEADER:
            skipping = True
            if out and out[-1].strip() == COMMENT:
                out.pop()
            continue
        if skipping and _TABLE.match(line):
            skipping = False
        if not skipping:
            out.append(line)
    while out and not out[-1].strip():
        out.pop()
    return "\n".join(out) + "\n"


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def review_table(entries: dict[str, tuple[date, str]]) -> str:
    lines = [COMMENT, HEADER]
    lines += [f"{_toml_string(key)} = {{ edition = {when.isoformat()}, sha256 = \"{digest}\" }}" for key, (when, digest) in entries.items()]
    return "\n".join(lines) + "\n"


def accept(check: ChecklistCheck, law: LawText) -> int:
    """Record the review of every reference that exists in ``law`` into the checklist file; how many.

    References to a missing or repealed unit keep their old record (or none): the checklist itself has
    to change. The rewritten file must load to the same checklist but for ``law_review``.
    """
    entries: dict[str, tuple[date, str]] = {}
    accepted = 0
    for ref in check.refs:
        if ref.acceptable:
            assert ref.unit is not None
            entries[ref.key] = (law.edition, ref.unit.digest)
            accepted += 1
        elif ref.key in check.checklist.law_review:
            old = check.checklist.law_review[ref.key]
            entries[ref.key] = (old.edition, old.sha256)
    original = check.path.read_text("utf-8-sig")
    text = _without_review(original) + "\n" + review_table(entries)
    try:
        rewritten = Checklist.model_validate(tomllib.loads(text))
    except (tomllib.TOMLDecodeError, ValidationError) as exc:
        raise ReviewRefused(str(exc).splitlines()[0]) from None
    if _content(rewritten) != _content(check.checklist):
        raise ReviewRefused(check.path.name)
    write_output(check.path, text.encode("utf-8"), data_dir=None)  # the council's checklists live in the data dir
    return accepted


def _content(checklist: Checklist) -> dict[str, object]:
    return checklist.model_dump(mode="json", exclude={"law_review"})
