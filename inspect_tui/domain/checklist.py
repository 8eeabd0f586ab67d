"""Checklists: sections of legal requirements, each item a question with its legal reference."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from functools import cached_property
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, SerializerFunctionWrapHandler, StringConstraints, model_serializer, model_validator
from pydantic_core import PydanticCustomError

from inspect_tui.domain.canonical import sha256_of
from inspect_tui.domain.rules import Rule
from inspect_tui.domain.text import NonEmpty, Text

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9._-]{0,63}$")]
#: «section.item» as printed («3.2»)
ItemNumber = Annotated[str, StringConstraints(pattern=r"^[1-9][0-9]{0,3}\.[1-9][0-9]{0,3}$")]


class LegalRef(BaseModel):
    """A pinpoint reference into a law: article, part, point (e.g. ст. 62 ч. 2 п. 1)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    law: NonEmpty = "1700-VII"
    article: NonEmpty
    part: str = ""
    point: str = ""

    def citation(self) -> str:
        """As officials cite it, the key of its review record: «п. 1 ч. 2 ст. 62», «п. 2 «а» ч. 1 ст. 3», «ст. 30»."""
        bits = [f"п. {self.point.strip()}" if self.point.strip() else "", f"ч. {self.part.strip()}" if self.part.strip() else ""]
        return " ".join([*(b for b in bits if b), f"ст. {self.article.strip()}"])


class RefReview(BaseModel):
    """The text of a cited norm a checklist was last reviewed against: its digest and the Law's редакція.

    ``sha256`` is the digest of the unit's text as ``inspect_tui.law`` computes it; a later text of the
    Law with another digest for the same citation is a change the checklist's author has to look at.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)
    edition: date
    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


class Basis(StrEnum):
    """How binding an item is: a «Ні» is a violation of the Law only for ``law`` items.

    ``practice`` items check established practice or a council's own acts, and
    ``permissive`` ones what the Law allows but does not require («може містити»);
    a «Ні» there is a shortcoming to recommend on, not «порушено вимоги ст. …».
    """

    LAW = "law"
    PRACTICE = "practice"
    PERMISSIVE = "permissive"


class Holder(StrEnum):
    """Whose duty an item checks, which decides what a «Ні» on it states.

    ``entity``: the inspected enterprise (its head acting for it): «порушено вимоги …».
    ``official``: an official or declarant in person (ст. 22–52, ч. 6 ст. 53): «виявлено ознаки
    порушення вимог …», with the unit's written notice to the specially authorised body.
    ``officer``: the authorised officer (Уповноважений, ст. 64) in person: «ознаки» too, but the
    breach is not a corruption offence, so no notice under ч. 6 ст. 53 is due.
    """

    ENTITY = "entity"
    OFFICIAL = "official"
    OFFICER = "officer"

    @property
    def individual(self) -> bool:
        """An individual's duty: only the procedure the law sets establishes the offence and the guilt."""
        return self is not Holder.ENTITY


#: Articles of Law 1700-VII whose duties bind individuals (ст. 22–27, 28–36, 38–44, 45–52). Checklists
#: before 2.1 had no ``holder`` on their items; the copies pinned in signed inspections still decide
#: by this list, so their certificates say what they said when signed. New checklists name the holder.
_LEGACY_INDIVIDUAL_ARTICLES = frozenset(
    {str(n) for n in (*range(22, 37), *range(38, 53))} | {"35-1", "51-1", "51-2", "51-3", "51-4", "52-1", "52-2"}
)
MAIN_LAW = "1700-VII"


class Item(BaseModel):
    """One requirement to check. ``id`` is stable across checklist versions."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: Slug
    question: Text
    refs: list[LegalRef] = Field(min_length=1)
    basis: Basis = Basis.LAW
    guidance: Text | None = None
    documents: list[NonEmpty] = []
    applies_if: Rule | None = None
    na_reason: Text | None = None
    #: whose duty it is; None only in checklists pinned before 2.1 (a checklist file must name it)
    holder: Holder | None = None

    @model_serializer(mode="wrap")
    def _no_unset_holder(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """Copies of checklists pinned before holders were named are written back byte for byte."""
        data: dict[str, Any] = handler(self)
        if self.holder is None:
            data.pop("holder", None)
        return data

    @property
    def duty_holder(self) -> Holder:
        """``holder``, or for a checklist pinned before holders were named, what its references implied then.

        The old rule: any reference to an individual's article made the item an official's (in doubt the
        milder wording «ознаки порушення»).
        """
        if self.holder is not None:
            return self.holder
        legacy = any(r.law == MAIN_LAW and r.article in _LEGACY_INDIVIDUAL_ARTICLES for r in self.refs)
        return Holder.OFFICIAL if legacy else Holder.ENTITY

    @property
    def needs_notice(self) -> bool:
        """Whether signs of a breach here are to be notified to the specially authorised body (ч. 6 ст. 53)."""
        return self.duty_holder is Holder.OFFICIAL

    def excludes(self, profile: dict[str, Any]) -> bool:
        """Whether the item's applicability rule says its norm does not bind an entity of this profile.

        Only a rule that is plainly false excludes: one left unknown by an unanswered profile fact does not.
        """
        return self.applies_if is not None and self.applies_if.evaluate(profile) is False

    @model_validator(mode="after")
    def _reason_with_rule(self) -> Item:
        if self.applies_if is not None and self.na_reason is None:
            raise PydanticCustomError("na_reason_required", "an item with 'applies_if' needs 'na_reason'")
        return self


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: Slug
    title: Text
    items: list[Item] = Field(min_length=1)


class Checklist(BaseModel):
    """A versioned checklist; its sha256 pins the exact content an inspection used."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: Slug
    version: Annotated[str, StringConstraints(pattern=r"^[0-9A-Za-z][0-9A-Za-z.+-]{0,31}$")]
    title: Text
    legal_basis: Text
    description: Text | None = None
    sections: list[Section] = Field(min_length=1)
    #: citation of a reference to the Law (``LegalRef.citation``) → the text it was reviewed against;
    #: empty in checklists written before reviews were recorded (and then left out of the hash)
    law_review: dict[str, RefReview] = {}
    #: item id → the number it had in the inspection a follow-up checks («3.2»): a follow-up's subset keeps
    #: the original's numbers; empty in full checklists and in follow-ups started before (left out of the hash)
    numbers: dict[Slug, ItemNumber] = {}

    @model_validator(mode="after")
    def _unique_ids(self) -> Checklist:
        seen: set[str] = set()
        for section in self.sections:
            for item in section.items:
                if item.id in seen:
                    raise PydanticCustomError("duplicate_item", "duplicate item id {id}", {"id": item.id})
                seen.add(item.id)
        section_ids: set[str] = set()
        for section in self.sections:
            if section.id in section_ids:
                raise PydanticCustomError("duplicate_section", "duplicate section id {id}", {"id": section.id})
            section_ids.add(section.id)
        return self

    @model_validator(mode="after")
    def _numbers_cover_items(self) -> Checklist:
        """Kept numbers are all or nothing: each item one number, no two items the same one."""
        if self.numbers:
            ids = [item.id for item in self.items]
            if set(self.numbers) != set(ids):
                raise PydanticCustomError("numbers_items", "the kept item numbers must name exactly the checklist's items")
            if len(set(self.numbers.values())) != len(ids):
                raise PydanticCustomError("numbers_unique", "two items keep the same number")
        return self

    def cited(self) -> set[str]:
        """Citations of the checklist's references to the Law (the keys ``law_review`` may have)."""
        return {r.citation() for item in self.items for r in item.refs if r.law == MAIN_LAW}

    def stale_reviews(self) -> list[str]:
        """Review records of references the checklist no longer cites (a file checks for them; a follow-up's
        subset of a checklist keeps its parent's records and ignores those)."""
        cited = self.cited()
        return [key for key in self.law_review if key not in cited]

    @model_serializer(mode="wrap")
    def _no_empty_review(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """Stored inspections keep their checklist copy byte for byte: an empty review record or kept numbering is not written."""
        data: dict[str, Any] = handler(self)
        for name in ("law_review", "numbers"):
            if not getattr(self, name):
                data.pop(name, None)
        return data

    def reviewed_editions(self) -> list[date]:
        """The editions of the Law this checklist's references were reviewed against, oldest first."""
        cited = self.cited()
        return sorted({r.edition for key, r in self.law_review.items() if key in cited})

    @property
    def items(self) -> list[Item]:
        return [item for section in self.sections for item in section.items]

    def item(self, item_id: str) -> Item:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    def item_numbers(self) -> dict[str, str]:
        """item id → «section.item» as screens and the certificate print it («2.3»): numbered from 1, or the
        numbers a follow-up's subset kept from the inspection it checks."""
        if self.numbers:
            return {item.id: self.numbers[item.id] for item in self.items}
        return {
            item.id: f"{s}.{i}"
            for s, section in enumerate(self.sections, start=1)
            for i, item in enumerate(section.items, start=1)
        }

    def section_numbers(self) -> list[str]:
        """Each section's number as printed before its title: its items' («3» for 3.1, 3.2), so a follow-up's
        sections keep the original's numbers too."""
        numbers = self.item_numbers()
        return [numbers[section.items[0].id].split(".")[0] for section in self.sections]

    def section_of(self, item_id: str) -> Section:
        for section in self.sections:
            if any(i.id == item_id for i in section.items):
                return section
        raise KeyError(item_id)

    def content(self) -> dict[str, Any]:
        """The canonical JSON form that is hashed.

        Fields equal to their defaults are left out, so a later version of the
        program that adds a field with a default keeps every pinned hash valid.
        """
        return self.model_dump(mode="json", by_alias=True, exclude_defaults=True)

    @cached_property
    def sha256(self) -> str:
        """Computed once per (immutable) checklist: every save checks the pin against it."""
        return sha256_of(self.content())
