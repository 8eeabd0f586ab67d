"""From the paragraphs of a consolidated text to its structure: articles, parts, points, sub-points.

Every source (the portal's TXT or HTML, the Ansvar-Systems JSON) is first read into paragraphs
(``sources``); this module knows the Law's typography, not the file's:

* «Стаття 13-1. Назва» opens an article, «2.» a part, «1)» a point, «а)» a sub-point. A number opens
  a unit only when it comes after the previous one at its level: «1.» inside п. 5 розд. XIII, where the
  Law quotes the articles of other codes it amends, stays a paragraph of п. 5.
* A paragraph without a number belongs to the open point while the point's text runs on (the
  previous paragraph ends with «:» or «;», as in a list inside a point), else to the part.
* «Розділ XIII» (or «ПРИКІНЦЕВІ ТА ПЕРЕХІДНІ ПОЛОЖЕННЯ») opens the final provisions; after it no
  «Стаття» heading opens an article (they are quoted amendments), and the signature ends the text.
* Editorial notes in braces («{Із змінами …}», «{Статтю 35 виключено …}») are left out; a unit whose
  whole text is one is repealed.

A text that does not name the Law in a heading of its own before «Стаття 1.» (an HTML page's ``<title>``
or a preamble citing the Law does not count), skips or repeats an article, has a heading longer than any
of the Law's, or ends before its final provisions is refused with the place where the parser gave up and
what it expected there. Whether it has every article of the Law is ``law.structure``'s question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from pydantic import ValidationError

from inspect_tui.i18n import t
from inspect_tui.law.model import FINAL_SECTION, MAX_HEADING, Kind, LawText, Unit

LAW_NAME = "Про запобігання корупції"
#: the Law's own title line: «Про запобігання корупції», «Закон України «Про запобігання корупції»»
_TITLE = re.compile(rf"^(?:Закон України\s*)?[«\"]?{LAW_NAME}[»\"]?\.?$", re.IGNORECASE)
UK_LETTERS = "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя"
NUMBER = r"\d{1,4}(?:-\d{1,3})?"  # bounded: a number is an int() of few digits

_ARTICLE = re.compile(rf"^Стаття\s+({NUMBER})\s*\.\s*(.*)$")
_PART = re.compile(rf"^({NUMBER})\s*\.\s+(\S.*)$")
_POINT = re.compile(rf"^({NUMBER})\s*\)\s*(.*)$")
_SUBPOINT = re.compile(rf"^([{UK_LETTERS}](?:-\d+)?)\s*\)\s*(.*)$")
_SECTION = re.compile(r"^Розділ\s+([IVXLC]+(?:-\d+)?)\b\.?\s*(.*)$")
_SIGNATURE = re.compile(r"^(Президент України\b|[А-ЯҐЄІЇ]\.\s?[А-ЯҐЄІЇ'’]{3,}$)")
_SUPERSCRIPT = re.compile(r"(?<=\d)(?:\s+-\s*|-\s+)(?=\d)")
_BEFORE_PUNCT = re.compile(r"(?<=\S)\s+([,;:}])")


@dataclass(frozen=True)
class Para:
    """One paragraph of a source and where it stands there (a localised «рядок 12»)."""

    text: str
    where: str


class LawParseError(ValueError):
    """A text refused: where, and what was expected there (both for a person to read)."""

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"{where}: {problem}")
        self.where = where
        self.problem = problem


def clean(text: str) -> str:
    """One paragraph's spacing: no runs of spaces, superscript numbers written «52-1» as the Law cites them."""
    text = " ".join(text.replace("\u00a0", " ").split())
    text = _BEFORE_PUNCT.sub(r"\1", text)
    return _SUPERSCRIPT.sub("-", text)


def note(text: str) -> str | None:
    """The note's text when a paragraph is only an editorial note («{…}», the portal's «/-{…}-/»)."""
    inner = text.strip()
    if inner.startswith("/-") and inner.endswith("-/"):
        inner = inner[2:-2].strip()
    if inner.startswith("{") and inner.endswith("}") and inner.count("{") == 1:
        return inner[1:-1].strip()
    return None


def order(number: str) -> tuple[int, int]:
    """Sort key of «13», «13-1», «а», «а-1»."""
    head, _, tail = number.partition("-")
    first = int(head) if _digits(head) else UK_LETTERS.index(head) if head in UK_LETTERS else -1
    return first, int(tail) if _digits(tail) else 0


def _digits(text: str) -> bool:
    """ASCII digits only: a stored text's «²» is ``isdigit()`` yet no ``int()``."""
    return text.isascii() and text.isdigit()


@dataclass
class _Node:
    kind: Kind
    number: str
    title: str = ""
    repealed: bool = False
    body: list[str | _Node] = field(default_factory=list)

    def last(self, kind: Kind) -> _Node | None:
        for block in reversed(self.body):
            if isinstance(block, _Node) and block.kind is kind:
                return block
        return None

    def opens(self, kind: Kind, number: str) -> bool:
        """Whether ``number`` comes after the last unit of ``kind`` here (so it is one, not a quote)."""
        previous = self.last(kind)
        return previous is None or order(number) > order(previous.number)

    def add(self, kind: Kind, number: str, text: str) -> _Node:
        repealed_note = note(text)
        node = _Node(kind, number, repealed=repealed_note is not None)
        if text:
            node.body.append("{" + repealed_note + "}" if repealed_note is not None else text)
        self.body.append(node)
        return node

    def freeze(self) -> Unit:
        return Unit(
            kind=self.kind, number=self.number, title=self.title, repealed=self.repealed,
            body=[b.freeze() if isinstance(b, _Node) else b for b in self.body],
        )


class _Builder:
    def __init__(self) -> None:
        self.articles: list[_Node] = []
        self.final: _Node | None = None
        self.part: _Node | None = None
        self.point: _Node | None = None
        self.sub: _Node | None = None
        self.previous = ""
        self.section_title_next = False

    @property
    def top(self) -> _Node | None:
        return self.final if self.final is not None else (self.articles[-1] if self.articles else None)

    def enter_final(self) -> None:
        self.final = _Node(Kind.SECTION, FINAL_SECTION, title="ПРИКІНЦЕВІ ТА ПЕРЕХІДНІ ПОЛОЖЕННЯ")
        self.part = self.point = self.sub = None

    def article(self, number: str, title: str, where: str) -> None:
        if len(title) > MAX_HEADING:
            raise LawParseError(where, t("law.heading_too_long", article=number, length=len(title), limit=MAX_HEADING))
        if self.articles:
            (a, b), (c, d) = order(self.articles[-1].number), order(number)
            if (c, d) <= (a, b):
                raise LawParseError(where, t("law.article_repeated", previous=self.articles[-1].number, found=number))
            if not ((c == a and d > b) or (c == a + 1 and d == 0)):
                raise LawParseError(where, t("law.article_gap", previous=self.articles[-1].number, found=number))
        repealed_note = note(title)
        self.articles.append(_Node(Kind.ARTICLE, number, title=title, repealed=repealed_note is not None))
        self.part = self.point = self.sub = None

    def paragraph(self, text: str) -> None:
        """A paragraph without a number of its own: see the module docstring for where it goes."""
        top = self.top
        assert top is not None
        if top.repealed:
            return  # a repealed article's body only repeats its note
        runs_on = self.previous.endswith((":", ";"))
        if self.point is not None and runs_on:
            (self.sub or self.point).body.append(text)
            return
        self.point = self.sub = None
        (self.part or top).body.append(text)

    def feed(self, text: str, where: str) -> None:
        top = self.top
        assert top is not None
        if self.final is None:
            match = _ARTICLE.match(text)
            if match:  # before the final provisions a heading is an article: a repeated one is refused, not run on
                self.article(match.group(1), match.group(2).strip(), where)
                return
            part = _PART.match(text)
            if part and part.group(1) == "1" and part.group(2).startswith("Цей Закон набирає чинності") and top.last(Kind.PART):
                self.enter_final()  # a source that lost the «Розділ XIII» heading (the Ansvar JSON)
                top = self.top
                assert top is not None
        match = _PART.match(text)
        if match and top.opens(Kind.PART, match.group(1)) and not top.repealed:
            self.part = top.add(Kind.PART, match.group(1), match.group(2))
            self.point = self.sub = None
            return
        container = self.part or top
        match = _POINT.match(text)
        if match and container.opens(Kind.POINT, match.group(1)) and not top.repealed:
            self.point = container.add(Kind.POINT, match.group(1), match.group(2))
            self.sub = None
            return
        match = _SUBPOINT.match(text)
        if match and self.point is not None and self.point.opens(Kind.SUBPOINT, match.group(1)):
            self.sub = self.point.add(Kind.SUBPOINT, match.group(1), match.group(2))
            return
        self.paragraph(text)


MAX_PARAGRAPHS = 200_000


def build(paras: list[Para], *, edition: date, source: str = "", title: str = "") -> LawText:
    """The structure of the Law from its paragraphs; ``LawParseError`` names the place it is refused at."""
    if not paras:
        raise LawParseError(t("law.place_file"), t("law.empty"))
    if len(paras) > MAX_PARAGRAPHS:
        raise LawParseError(paras[MAX_PARAGRAPHS].where, t("law.too_many_paragraphs", limit=MAX_PARAGRAPHS))
    builder = _Builder()
    found_title = LAW_NAME in title  # a JSON source's own title field, never an HTML page's <title>
    started = False
    last_where = paras[0].where
    for para in paras:
        text = clean(para.text)
        if not text:
            continue
        last_where = para.where
        if not started:
            found_title = found_title or _TITLE.match(text) is not None
            match = _ARTICLE.match(text)
            if not match:
                continue
            if match.group(1) != "1":
                raise LawParseError(para.where, t("law.first_article", found=match.group(1)))
            if not found_title:
                raise LawParseError(para.where, t("law.not_the_law"))
            started = True
            builder.article("1", match.group(2).strip(), para.where)
            continue
        if note(text) is not None:
            continue
        if builder.final is not None and _SIGNATURE.match(text):
            break  # the signature and what follows it («м. Київ», the date, the number) are not the Law
        section = _SECTION.match(text)
        if section:
            builder.section_title_next = True
            if section.group(1) == FINAL_SECTION or "ПРИКІНЦЕВІ" in section.group(2).upper():
                builder.enter_final()
            continue
        if builder.section_title_next and not any(c.islower() for c in text):
            if "ПРИКІНЦЕВІ" in text:
                builder.enter_final()
            continue
        builder.section_title_next = False
        builder.feed(text, para.where)
        builder.previous = text
    if not started:
        raise LawParseError(paras[0].where, t("law.not_the_law"))
    if builder.final is None or not builder.final.last(Kind.PART):
        raise LawParseError(last_where, t("law.truncated", article=builder.articles[-1].number))
    try:
        return LawText(
            title=LAW_NAME, edition=edition, source=source,
            articles=[a.freeze() for a in builder.articles], final=builder.final.freeze(),
        )
    except ValidationError as exc:  # a bound of the model no check above names (e.g. 5,000 paragraphs in one part)
        raise LawParseError(t("law.place_file"), t("law.bad_shape", detail=_first_error(exc))) from None


def _first_error(exc: ValidationError) -> str:
    first = exc.errors()[0]
    return f"{'.'.join(str(p) for p in first['loc'])}: {first['msg']}"
