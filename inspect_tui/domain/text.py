"""Small shared value types: bilingual text and people."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Text(BaseModel):
    """Text in Ukrainian (required: official documents are Ukrainian) and English (optional)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    uk: NonEmpty = Field(max_length=20_000)
    en: str = Field("", max_length=20_000)

    def get(self, lang: str) -> str:
        """The text in ``lang``, falling back to Ukrainian when no translation exists."""
        return self.en if lang == "en" and self.en.strip() else self.uk


class Person(BaseModel):
    """A named official with a position, as printed in signature blocks."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: NonEmpty = Field(max_length=200)
    position: NonEmpty = Field(max_length=300)
