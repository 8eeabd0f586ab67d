"""Which text of the Law is in force here: the one shipped with the program, or a newer one the council loaded.

Accepted texts are kept in ``<data dir>/law/1700-VII-<редакція>.json`` (this program's own JSON form),
one file per редакція, written atomically: the previous text stays in force until the new file is
complete on disk. The text in force is the newest sound редакція among them and the shipped one; the
older ones stay, so a review of a checklist against an earlier редакція can still show what changed.

A stored text is checked as a loaded one is (``law.structure``) every time it is read: a file damaged
or edited by hand, or dated after today, is passed over (``damaged`` names it for a warning) and the
next sound text is in force, down to the shipped one; nothing crashes over it. ``accept(replace=True)``
(``law load --replace``) recovers from such a file: it moves every stored text at or after the new
редакція, and every damaged one, into ``law/replaced/`` instead of deleting them.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from inspect_tui import fsutil
from inspect_tui.i18n import t
from inspect_tui.law.model import LawText
from inspect_tui.law.parse import LawParseError
from inspect_tui.law.sources import parse_bytes, read_bytes
from inspect_tui.law.structure import check_structure

BUNDLED = Path(__file__).resolve().parent.parent / "data" / "law" / "1700-VII.json"
PREFIX = "1700-VII-"
REPLACED = "replaced"


def law_dir(data_dir: Path) -> Path:
    return data_dir / "law"


@lru_cache(maxsize=16)
def _parsed(path: Path, mtime_ns: int, size: int, today: date) -> LawText | LawParseError:
    """The text of a file, or why it is refused (cached too: a damaged file is not parsed on every look)."""
    del mtime_ns, size  # the cache key: a replaced file is read again
    try:
        law = parse_bytes(read_bytes(path))
        if path != BUNDLED:
            check_structure(law, shipped(), today=today)
            named = _edition_of(path)
            if named != law.edition:
                raise LawParseError(t("law.place_file"), t("law.misnamed", edition=law.edition.strftime("%d.%m.%Y")))
    except LawParseError as exc:
        return LawParseError(f"{path}: {exc.where}", exc.problem)
    return law


def read_text(path: Path) -> LawText:
    """A stored or shipped text (cached while the file is unchanged); ``LawParseError`` names a damaged one."""
    try:
        info = path.stat()
    except OSError as exc:
        raise LawParseError(str(path), t("law.unreadable", reason=exc.strerror or str(exc))) from None
    found = _parsed(path, info.st_mtime_ns, info.st_size, date.today())
    if isinstance(found, LawParseError):
        raise found
    return found


def shipped() -> LawText:
    """The text shipped with the program: the measure of every other (its articles must all be there)."""
    return read_text(BUNDLED)


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


def _stored(data_dir: Path) -> list[Path]:
    folder = law_dir(data_dir)
    return sorted(folder.glob(f"{PREFIX}*.json")) if folder.is_dir() else []


def editions(data_dir: Path) -> list[Edition]:
    """Every sound text available, oldest first; at one date the council's file comes after the shipped one."""
    found = [Edition(shipped().edition, BUNDLED, True)]
    for path in _stored(data_dir):
        when = _edition_of(path)
        if when is not None and not isinstance(_sound(path), LawParseError):
            found.append(Edition(when, path, False))
    return sorted(found, key=lambda e: (e.edition, not e.shipped))


def _sound(path: Path) -> LawText | LawParseError:
    try:
        return read_text(path)
    except LawParseError as exc:
        return exc


def damaged(data_dir: Path) -> list[LawParseError]:
    """Every stored text passed over, each naming its file and what is wrong with it."""
    return [found for path in _stored(data_dir) if isinstance(found := _sound(path), LawParseError)]


def in_force(data_dir: Path) -> LawText:
    """The text in force here: the newest sound редакція available (the shipped one at worst)."""
    return read_text(editions(data_dir)[-1].path)


def edition_text(data_dir: Path, when: date) -> LawText | None:
    """The text of one редакція, if it is still here and sound (to show what a reviewed norm said)."""
    for edition in reversed(editions(data_dir)):
        if edition.edition == when:
            return read_text(edition.path)
    return None


class LawRefused(ValueError):
    """A text not accepted (older than the one in force): the message says why; nothing was written."""


def accept(data_dir: Path, law: LawText, *, replace: bool = False, today: date | None = None) -> list[Path]:
    """Store ``law`` as the text in force, atomically, once it has the Law's structure (``LawParseError``).

    An older редакція than the one in force is refused (``LawRefused``) unless ``replace``: then every
    stored text at or after ``law``'s редакція, and every damaged one, is moved into ``law/replaced/``
    (returned: where each went).
    """
    check_structure(law, shipped(), today=today or date.today())
    current = in_force(data_dir)
    if law.edition < current.edition and not replace:
        raise LawRefused(t("law.older", edition=law.edition.strftime("%d.%m.%Y"), current=current.edition.strftime("%d.%m.%Y")))
    path = law_dir(data_dir) / f"{PREFIX}{law.edition.isoformat()}.json"
    tmp = fsutil.write_temp(path, dumps(law).encode("utf-8"))
    try:
        moved = _set_aside(data_dir, law.edition) if replace else []
    except OSError:
        tmp.unlink(missing_ok=True)
        raise
    fsutil.replace(tmp, path, keep_backup_copy=False)
    return moved


def _set_aside(data_dir: Path, edition: date) -> list[Path]:
    """Move the stored texts ``replace`` overrides into ``law/replaced/`` (names stamped with the time)."""
    moving = [p for p in _stored(data_dir) if isinstance(_sound(p), LawParseError) or (_edition_of(p) or date.max) >= edition]
    if not moving:
        return []
    folder = law_dir(data_dir) / REPLACED
    fsutil.ensure_dir(folder)
    stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
    moved = []
    for path in moving:
        target = folder / f"{path.name}.{stamp}"
        os.replace(path, target)
        moved.append(target)
    fsutil.fsync_dir(folder)
    fsutil.fsync_dir(law_dir(data_dir))
    return moved
def dumps(law: LawText) -> str:
    """The stored form: one article per line, so two редакції compare line by line in any diff tool."""
    data = {"format": law.format, **law.model_dump(mode="json", exclude_defaults=True, exclude={"articles", "final"})}
    head = json.dumps(data, ensure_ascii=False)[:-1]
    articles = ",\n".join(json.dumps(a.model_dump(mode="json", exclude_defaults=True), ensure_ascii=False) for a in law.articles)
    final = json.dumps(law.final.model_dump(mode="json", exclude_defaults=True) if law.final else None, ensure_ascii=False)
    return f'{head},\n"articles": [\n{articles}\n],\n"final": {final}}}\n'
