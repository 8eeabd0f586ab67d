"""Reading a law file into paragraphs: the portal's TXT (UTF-8 or Windows-1251) or HTML, or JSON.

The official text of zakon.rada.gov.ua saved as TXT has one paragraph per indented line (long
ones wrapped onto unindented lines) or one paragraph per line; saved as HTML, one ``<p>`` per
paragraph inside ``<div id="article">``, superscript numbers as ``<sup>`` or a hidden «-» before
the digits («13<sup>1</sup>» is ст. 13-1). JSON is either the Ansvar-Systems format
(``provisions[].title/content``: the portal's text as one article per provision, headings of
sections lost) or this program's own stored form.

Every file is hostile until parsed: its size is bounded, a pipe or device is refused before it is
read, and a refusal names the file's line (or JSON place) and what was wrong there.
"""

from __future__ import annotations

import json
import re
import stat
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from inspect_tui.i18n import t
from inspect_tui.law.model import FORMAT, LawText
from inspect_tui.law.parse import LawParseError, Para, build

MAX_BYTES = 16 * 1024 * 1024
_EDITION = re.compile(r"[Рр]едакці[яії]\s+(?:від|станом на)\s+(\d{2})\.(\d{2})\.(\d{4})")
_EDITION_URL = re.compile(r"<option[^>]*\bselected\b[^>]*/ed(\d{4})(\d{2})(\d{2})|/ed(\d{4})(\d{2})(\d{2})[^>]*\bselected\b")


@dataclass(frozen=True)
class Read:
    """What a file gave: paragraphs to build from (or a stored text as is), the title a JSON source declares,
    and its редакція if it says."""

    paras: list[Para]
    title: str = ""
    edition: date | None = None
    stored: LawText | None = None


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _edition(text: str) -> date | None:
    match = _EDITION.search(text)
    if match is None:
        return None
    try:
        return date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
    except ValueError:
        return None


def _decode(data: bytes, *, legacy: bool) -> str:
    """UTF-8 (a BOM allowed), or Windows-1251 where the portal's own saves use it (``legacy``)."""
    if b"\x00" in data:
        raise LawParseError(t("law.place_line", line=_line_of(data, data.index(b"\x00"))), t("law.binary"))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if not legacy:
            raise LawParseError(t("law.place_line", line=_line_of(data, exc.start)), t("law.not_utf8")) from None
        if any(byte >= 0x80 for byte in data[: exc.start]):  # UTF-8 letters before it: a damaged UTF-8 file
            raise LawParseError(t("law.place_line", line=_line_of(data, exc.start)), t("law.bad_utf8")) from None
    try:
        return data.decode("cp1251")
    except UnicodeDecodeError as exc:
        raise LawParseError(t("law.place_line", line=_line_of(data, exc.start)), t("law.bad_encoding")) from None


def read_txt(data: bytes) -> Read:
    """Paragraphs of a plain text: indented lines (or lines after a blank one) open a paragraph when
    the file indents them, else every line is one."""
    text = _decode(data, legacy=True)
    lines = text.splitlines()
    indented = any(line[:1] in (" ", "\t") and line.strip() for line in lines)
    paras: list[Para] = []
    current: list[str] = []
    start = 0
    blank = True
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            blank = True
            continue
        opens = not indented or blank or line[:1] in (" ", "\t")
        if opens and current:
            paras.append(Para(" ".join(current), t("law.place_line", line=start)))
            current = []
        if not current:
            start = number
        current.append(line.strip())
        blank = False
    if current:
        paras.append(Para(" ".join(current), t("law.place_line", line=start)))
    head = "\n".join(p.text for p in paras[:200])
    return Read(paras, edition=_edition(head))


class _Paragraphs(HTMLParser):
    """``<p>``-level blocks of the law's body (``#article`` when the page has one), with their lines.

    Linear in the page: a paragraph's text is joined once, when it ends, never per tag inside it.
    The page's ``<title>`` is skipped with scripts and styles: it names a page, not the text.
    """

    BLOCKS = frozenset({"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre", "td", "tr", "br", "table"})
    SKIPPED = frozenset({"script", "style", "title"})

    def __init__(self, only_article: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.only_article = only_article
        self.depth = 0  # open <div>s inside #article (0: outside)
        self.skip = 0
        self.superscript = False  # a <sup> just opened: its number follows a dash («13<sup>1</sup>» is 13-1)
        self.buffer: list[str] = []
        self.line = 1
        self.paras: list[Para] = []

    @property
    def inside(self) -> bool:
        return not self.only_article or self.depth > 0

    def flush(self) -> None:
        text = "".join(self.buffer)
        if text.strip() and self.inside:
            self.paras.append(Para(text, t("law.place_line", line=self.line)))
        self.buffer = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIPPED:
            self.skip += 1
        if tag in self.BLOCKS:
            self.flush()
            self.line = self.getpos()[0]
        if tag == "div":
            if self.depth:
                self.depth += 1
            elif dict(attrs).get("id") == "article":
                self.depth = 1
        if tag == "sup":
            self.superscript = True

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIPPED:
            self.skip = max(0, self.skip - 1)
        if tag in self.BLOCKS:
            self.flush()
        if tag == "div" and self.depth:
            self.depth -= 1

    def _ends_with_dash(self) -> bool:
        for piece in reversed(self.buffer):
            if piece:
                return piece.endswith("-")
        return False

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if not self.buffer:
            self.line = self.getpos()[0]
        if self.superscript and data.strip():
            self.superscript = False
            if not data.lstrip().startswith("-") and not self._ends_with_dash():
                data = "-" + data.lstrip()
        self.buffer.append(data)


def read_html(data: bytes) -> Read:
    head = data[:4096].decode("ascii", "replace").lower()
    legacy = "1251" in head
    text = _decode(data, legacy=legacy)
    parser = _Paragraphs(only_article=re.search(r"""id\s*=\s*["']?article\b""", text) is not None)
    parser.feed(text)
    parser.close()
    parser.flush()
    edition = _edition("\n".join(p.text for p in parser.paras[:200]))
    if edition is None:
        match = _EDITION_URL.search(text)
        if match:
            y, m, d = (g for g in match.groups() if g is not None)
            try:
                edition = date(int(y), int(m), int(d))
            except ValueError:
                edition = None
    return Read(parser.paras, edition=edition)


def read_json(data: bytes) -> Read:
    text = _decode(data, legacy=False)
    try:
        value: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LawParseError(t("law.place_line", line=exc.lineno), t("law.bad_json", detail=exc.msg)) from None
    except RecursionError:
        raise LawParseError(t("law.place_file"), t("law.too_deep")) from None
    if not isinstance(value, dict):
        raise LawParseError(t("law.place_file"), t("law.json_shape"))
    if value.get("format") == FORMAT:
        try:
            return Read([], stored=LawText.model_validate(value))
        except (ValidationError, RecursionError) as exc:
            detail = str(exc).splitlines()[1] if isinstance(exc, ValidationError) and "\n" in str(exc) else t("law.too_deep")
            raise LawParseError(t("law.place_file"), t("law.bad_stored", detail=detail)) from None
    provisions = value.get("provisions")
    if not isinstance(provisions, list) or not provisions:
        raise LawParseError("provisions", t("law.json_shape"))
    paras: list[Para] = []
    for index, provision in enumerate(provisions):
        where = f"provisions[{index}]"
        if not isinstance(provision, dict) or not isinstance(provision.get("title"), str) or not isinstance(provision.get("content"), str):
            raise LawParseError(where, t("law.json_provision"))
        paras.append(Para(provision["title"], f"{where}.title"))
        for number, line in enumerate(provision["content"].splitlines(), start=1):
            paras.append(Para(line, t("law.place_provision", where=where, line=number)))
    title = value.get("title") if isinstance(value.get("title"), str) else ""
    return Read(paras, title=title or "")


def sniff(data: bytes) -> str:
    """``json``, ``html`` or ``txt`` from the first bytes (not the file's name: saves get renamed)."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"{", b"[")):
        return "json"
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<p" in head or b"<div" in head or b"<body" in head:
        return "html"
    return "txt"


READERS = {"json": read_json, "html": read_html, "txt": read_txt}


def read_bytes(path: Path) -> bytes:
    """The file's bytes: a regular file of at most ``MAX_BYTES``, else a refusal naming why."""
    try:
        info = path.stat()
    except OSError as exc:
        raise LawParseError(t("law.place_file"), t("law.unreadable", reason=exc.strerror or str(exc))) from None
    if not stat.S_ISREG(info.st_mode):
        raise LawParseError(t("law.place_file"), t("law.not_regular"))
    if info.st_size > MAX_BYTES:
        raise LawParseError(t("law.place_file"), t("law.too_big", limit=MAX_BYTES // (1024 * 1024)))
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise LawParseError(t("law.place_file"), t("law.unreadable", reason=exc.strerror or str(exc))) from None
    if len(data) > MAX_BYTES:
        raise LawParseError(t("law.place_file"), t("law.too_big", limit=MAX_BYTES // (1024 * 1024)))
    if not data.strip():
        raise LawParseError(t("law.place_file"), t("law.empty"))
    return data


def parse_bytes(data: bytes, *, edition: date | None = None, source: str = "") -> LawText:
    """The Law from a file's bytes; ``edition`` overrides (or supplies) the редакція the file states."""
    read = READERS[sniff(data)](data)
    if read.stored is not None:
        return read.stored if edition is None else LawText.model_validate({**read.stored.model_dump(), "edition": edition})
    when = edition or read.edition
    law = build(read.paras, edition=when or date.min, source=source, title=read.title)
    if when is None:
        raise LawParseError(t("law.place_file"), t("law.no_edition"))
    return law


def parse_file(path: Path, *, edition: date | None = None) -> LawText:
    return parse_bytes(read_bytes(path), edition=edition, source=path.name)
