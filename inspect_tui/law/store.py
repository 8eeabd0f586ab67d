"""Which text of the Law is in force here: the one shipped with the program, or a newer one the council loaded.

Accepted texts are kept in ``<data dir>/law/1700-VII-<редакція>.json`` (this program's own JSON form),
one file per редакція, written atomically: the previous text stays in force until the new file is
complete on disk. The text in force is the newest редакція among them and the shipped one; the
older ones stay, so a review of a checklist against an earlier редакція can still show what changed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from inspect_tui import fsutil
from inspect_tui.i18n import t
from inspect_tui.law.model import LawText
from inspect_tui.law.parse import LawParseError
from inspect_tui.law.sources import parse_bytes, read_bytes

BUNDLED = Path(__file__).resolve().parent.parent / "data" / "law" / "1700-VII.json"
PREFIX = "1700-VII-"


def law_dir(data_dir: Path) -> Path:
    return data_dir / "law"


@lru_cache(maxsize=8)
def _parsed(path: Path, mtime_ns: int, size: int) -> LawText:
    del mtime_ns, size  # the cache key: a replaced file is read again
    try:
        return parse_bytes(read_bytes(path))
    except LawParseError as exc:
        raise LawParseError(f"{path}: {exc.where}", exc.problem) from None


def read_text(path: Path) -> LawText:
    """A stored or shipped text (cached while the file is unchanged); ``LawParseError`` names a damaged one."""
    try:
        info = path.stat()
    except OSError as exc:
        raise LawParseError(str(path), t("law.unreadable", reason=exc.strerror or str(exc))) from None
    return _parsed(path, info.st_mtime_ns, info.st_size)


@dataclass(frozen=True)
class Edition:
    """A text of the Law available here: its редакція and its file (``shipped`` for the program's own)."""

    edition: date
    path: Path
    shipped: bool


def _edition_of(path: Path) -> date | None:
    try:
        return date.fromisoformat(path.stem.removeprefix(PREFIX))
    except ValueError:
        return None


def editions(data_dir: Path) -> list[Edition]:
    """Every text available, oldest first; at one date the council's file comes after the shipped one."""
    found = [Edition(read_text(BUNDLED).edition, BUNDLED, True)]
    folder = law_dir(data_dir)
    if folder.is_dir():
        for path in sorted(folder.glob(f"{PREFIX}*.json")):
            when = _edition_of(path)
            if when is not None:
                found.append(Edition(when, path, False))
    return sorted(found, key=lambda e: (e.edition, not e.shipped))


def in_force(data_dir: Path) -> LawText:
    """The text in force here: the newest редакція available."""
    return read_text(editions(data_dir)[-1].path)


def edition_text(data_dir: Path, when: date) -> LawText | None:
    """The text of one редакція, if it is still here (to show what a reviewed norm said)."""
    for edition in reversed(editions(data_dir)):
        if edition.edition == when:
            return read_text(edition.path)
    return None


class LawRefused(ValueError):
    """A text not accepted (older than the one in force): the message says why; nothing was written."""


def accept(data_dir: Path, law: LawText) -> Path:
    """Store ``law`` as the text in force, atomically; an older редакція than the one in force is refused."""
    current = in_force(data_dir)
    if law.edition < current.edition:
        raise LawRefused(t("law.older", edition=law.edition.strftime("%d.%m.%Y"), current=current.edition.strftime("%d.%m.%Y")))
    path = law_dir(data_dir) / f"{PREFIX}{law.edition.isoformat()}.json"
    fsutil.atomic_write_bytes(path, dumps(law).encode("utf-8"), keep_backup=False)
    return path


def dumps(law: LawText) -> str:
    """The stored form: one article per line, so two редакції compare line by line in any diff tool."""
    data = {"format": law.format, **law.model_dump(mode="json", exclude_defaults=True, exclude={"articles", "final"})}
    head = json.dumps(data, ensure_ascii=False)[:-1]
    articles = ",\n".join(json.dumps(a.model_dump(mode="json", exclude_defaults=True), ensure_ascii=False) for a in law.articles)
    final = json.dumps(law.final.model_dump(mode="json", exclude_defaults=True) if law.final else None, ensure_ascii=False)
    return f'{head},\n"articles": [\n{articles}\n],\n"final": {final}}}\n'
