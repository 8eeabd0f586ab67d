"""The Law's text as data: articles, parts, points and sub-points, and how a reference finds one.

A unit keeps its paragraphs and its sub-units in document order (``body``): a part's lead
sentence, its points, then any paragraph that follows the points («Дія цієї частини не
поширюється …»). Editorial notes of the portal («{Із змінами …}») are not part of the norm and are
not kept; a unit whose whole text is such a note is ``repealed``.

A unit's digest is the sha256 of its text as a reader sees it, with typography that carries no
meaning folded (quotes, apostrophes, dashes, spacing, superscripts written «52 -1» or «52-1»), and
without its own number: a renumbered unit keeps its digest, so a check can say where it went.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cached_property
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from inspect_tui.domain.checklist import MAIN_LAW, LegalRef

FORMAT: Literal["inspect-tui-law/1"] = "inspect-tui-law/1"
#: the final and transitional provisions of Law 1700-VII (розд. XIII), cited «п. 2-3 розд. XIII»
FINAL_SECTION = "XIII"
#: the longest heading of an article the Law has is about 150 characters
MAX_HEADING = 500


class Kind(StrEnum):
    ARTICLE = "article"
    SECTION = "section"  # розділ: only the final provisions are kept as one
    PART = "part"  # частина статті («1.») or пункт of the final provisions («2-3.»)
    POINT = "point"  # пункт («1)»)
    SUBPOINT = "subpoint"  # підпункт («а)»)


class Unit(BaseModel):
    """One article, part, point or sub-point: its number, and its paragraphs and sub-units in order."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    kind: Kind
    number: str = Field(min_length=1, max_length=16)
    title: str = Field("", max_length=MAX_HEADING)
    repealed: bool = False
    body: list[str | Unit] = Field(default_factory=list, max_length=5_000)

    @property
    def children(self) -> list[Unit]:
        return [b for b in self.body if isinstance(b, Unit)]

    def child(self, kind: Kind, number: str) -> Unit | None:
        for unit in self.children:
            if unit.kind is kind and unit.number == number:
                return unit
        return None

    def label(self) -> str:
        """The unit's number as the text prints it: «Стаття 61.», «2.», «1)», «а)»."""
        if self.kind is Kind.ARTICLE:
            return f"Стаття {self.number}."
        if self.kind is Kind.SECTION:
            return f"Розділ {self.number}"
        if self.kind is Kind.PART:
            return f"{self.number}."
        return f"{self.number})"

    def paragraphs(self, *, numbered: bool = True) -> list[str]:
        """The unit's text, one paragraph per line, each sub-unit with its number."""
        out: list[str] = []
        if self.kind in (Kind.ARTICLE, Kind.SECTION):
            out.append(" ".join(x for x in (self.label() if numbered else "", self.title) if x))
            lead = ""
        else:
            lead = self.label() + " " if numbered else ""
        for block in self.body:
            if isinstance(block, Unit):
                out.extend(block.paragraphs())
            elif lead:
                out.append(lead + block)
                lead = ""
            else:
                out.append(block)
        if lead:
            out.append(lead.strip())
        return out

    def text(self) -> str:
        return "\n".join(self.paragraphs())

    @cached_property
    def digest(self) -> str:
        """sha256 of the unit's meaning-bearing text (see the module docstring)."""
        return hashlib.sha256(fold("\n".join(self.paragraphs(numbered=False))).encode("utf-8")).hexdigest()


_QUOTES = str.maketrans({"«": '"', "»": '"', "“": '"', "”": '"', "„": '"', "’": "'", "ʼ": "'", "`": "'", "‘": "'",
                         "–": "-", "—": "-", "‐": "-", "‑": "-", "‒": "-", "\u00a0": " "})
_SUPERSCRIPT = re.compile(r"(\d)\s*-\s*(\d)")
_SPACES = re.compile(r"[ \t]+")


def fold(text: str) -> str:
    """Text with its meaningless typography folded, for digests and comparisons."""
    text = unicodedata.normalize("NFC", text).translate(_QUOTES)
    text = _SUPERSCRIPT.sub(r"\1-\2", text)
    text = re.sub(r"\s+([.,;:)])", r"\1", text)
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.splitlines() if line.strip())


class LawText(BaseModel):
    """A consolidated text of the Law: its articles and final provisions as in force on ``edition``."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    format: Literal["inspect-tui-law/1"] = FORMAT
    law: str = MAIN_LAW
    title: str = Field(min_length=1, max_length=500)
    edition: date
    source: str = Field("", max_length=2_000)
    articles: list[Unit] = Field(min_length=1, max_length=2_000)
    final: Unit | None = None

    @cached_property
    def by_number(self) -> dict[str, Unit]:
        return {a.number: a for a in self.articles}

    def article(self, number: str) -> Unit | None:
        return self.by_number.get(number)

    def find(self, cite: Citation) -> Unit | None:
        """The unit a citation names, or ``None`` when this text has no such unit."""
        if cite.section:
            top = self.final if self.final is not None and cite.article == self.final.number else None
        else:
            top = self.article(cite.article)
        unit = top
        if unit is not None and cite.part:
            unit = unit.child(Kind.PART, cite.part)
        if unit is not None and cite.point:
            unit = unit.child(Kind.POINT, cite.point)
        if unit is not None and cite.subpoint:
            unit = unit.child(Kind.SUBPOINT, cite.subpoint)
        return unit

    def passage(self, cite: Citation) -> list[str] | None:
        """What a reader of the cited norm needs: the article's heading, for a point the lead sentence of its
        part (ending «…» where it introduces the list), then the unit's text; ``None`` if there is no such unit."""
        unit = self.find(cite)
        if unit is None:
            return None
        top = self.find(Citation(article=cite.article, section=cite.section))
        assert top is not None
        lines = [top.paragraphs()[0]]
        if unit is top:
            return lines + top.paragraphs()[1:]
        if cite.point and cite.part:
            part = self.find(Citation(article=cite.article, part=cite.part, section=cite.section))
            if part is not None and part.body and isinstance(part.body[0], str):
                lines.append(f"{part.label()} {part.body[0]} …")
        if cite.subpoint:
            point = self.find(Citation(article=cite.article, part=cite.part, point=cite.point, section=cite.section))
            if point is not None and point.body and isinstance(point.body[0], str):
                lines.append(f"{point.label()} {point.body[0]} …")
        return lines + unit.paragraphs()

    def quote(self, cite: Citation) -> str | None:
        """The cited norm as a note quotes it: «ч. 2 ст. 61 Закону: «2. Керівник … аудиту.»»."""
        passage = self.passage(cite)
        if passage is None:
            return None
        return f"{cite.label()} Закону: «{' '.join(passage[1:] or passage)}»"

    def units(self) -> list[tuple[Citation, Unit]]:
        """Every unit with its citation, in document order (for finding where a text went)."""
        out: list[tuple[Citation, Unit]] = []
        tops = [(a, False) for a in self.articles] + ([(self.final, True)] if self.final is not None else [])
        for top, section in tops:
            base = Citation(article=top.number, section=section)
            out.append((base, top))
            for part in top.children:
                if part.kind is Kind.POINT:
                    out.extend(_points(base, part))
                    continue
                cite = Citation(article=top.number, part=part.number, section=section)
                out.append((cite, part))
                for point in part.children:
                    out.extend(_points(cite, point))
        return out

    def counts(self) -> dict[str, int]:
        """How many articles (repealed ones included), parts, points and sub-points the text has."""
        units = self.units()
        kinds = [u.kind for _, u in units]
        return {
            "articles": len(self.articles),
            "repealed": sum(a.repealed for a in self.articles),
            "parts": sum(1 for c, u in units if u.kind is Kind.PART and not c.section),
            "points": kinds.count(Kind.POINT),
            "subpoints": kinds.count(Kind.SUBPOINT),
        }


def _points(base: Citation, point: Unit) -> list[tuple[Citation, Unit]]:
    cite = Citation(article=base.article, part=base.part, point=point.number, section=base.section)
    out = [(cite, point)]
    for sub in point.children:
        out.append((Citation(article=base.article, part=base.part, point=point.number, subpoint=sub.number, section=base.section), sub))
    return out


# --- citations --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Citation:
    """A pinpoint into the text: «п. 2 «а» ч. 1 ст. 3», or «п. 2-3 розд. XIII» (``section``)."""

    article: str
    part: str = ""
    point: str = ""
    subpoint: str = ""
    section: bool = False

    def label(self) -> str:
        """As officials cite it: «п. 1 ч. 2 ст. 62», «ст. 30», «п. 2 «а» ч. 1 ст. 3», «п. 2-3 розд. XIII»."""
        bits: list[str] = []
        if self.point:
            bits.append(f"п. {self.point}" + (f" «{self.subpoint}»" if self.subpoint else ""))
        if self.section:
            if self.part:
                bits.append(f"п. {self.part}")
            bits.append(f"розд. {self.article}")
        else:
            if self.part:
                bits.append(f"ч. {self.part}")
            bits.append(f"ст. {self.article}")
        return " ".join(bits)

    @classmethod
    def of(cls, ref: LegalRef) -> Citation:
        """The citation of a checklist's reference (its point may carry a sub-point: «2 «а»»)."""
        point, subpoint = ref.point, ""
        match = re.fullmatch(r"\s*(\d+(?:-\d+)?)\s*[«\"']\s*([^»\"']+?)\s*[»\"']\s*", ref.point)
        if match:
            point, subpoint = match.group(1), match.group(2)
        return cls(article=ref.article.strip(), part=ref.part.strip(), point=point.strip(), subpoint=subpoint)


_NUMBER = r"\d+(?:\s*-\s*\d+)?"
_CITE = re.compile(
    rf"^(?:пп?\.\s*(?P<point>{_NUMBER})(?:\s*[«\"](?P<sub>[а-яґєії](?:-\d+)?)[»\"])?\s*)?"
    rf"(?:ч\.\s*(?P<part>{_NUMBER})\s*)?"
    rf"(?:(?:ст\.|стаття|статті)\s*(?P<article>{_NUMBER})|розд\.\s*(?P<section>[IVXLC]+))"
    r"(?:\s+Закону)?\.?$",
    re.IGNORECASE,
)


def parse_citation(text: str) -> Citation | None:
    """«ч. 2 ст. 61», «п. 2 «а» ч. 1 ст. 3», «ст. 13-1», «п. 2-3 розд. XIII» → a citation; ``None`` if unreadable.

    In the final provisions a пункт has the place of a part: «п. 2-3 розд. XIII» is part 2-3 there.
    """
    match = _CITE.match(" ".join(text.replace("\u00a0", " ").split()))
    if match is None:
        return None

    def num(name: str) -> str:
        return re.sub(r"\s+", "", match.group(name) or "")

    if match.group("section"):
        if match.group("part"):
            return None
        return Citation(article=match.group("section").upper(), part=num("point"), section=True)
    return Citation(article=num("article"), part=num("part"), point=num("point"), subpoint=match.group("sub") or "")


def ref_key(ref: LegalRef) -> str:
    """The key a checklist's review record uses for a reference: its citation («ч. 2 ст. 61»)."""
    return Citation.of(ref).label()

