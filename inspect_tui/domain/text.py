"""Small shared value types: bilingual text and people."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

#: after these (or at the start) a straight quote opens a quotation; elsewhere it closes one
_OPENS_AFTER = frozenset(" \t\n([{«„-—–/")
_CURLY = str.maketrans({"“": "«", "„": "«", "”": "»"})


def guillemets(text: str) -> str:
    """Quotation marks as Ukrainian documents print them: «КП «Водоканал»» for КП "Водоканал" or КП “Водоканал”.

    Documents use this on what people typed (a name in the registry keeps its own quotes): a straight
    quote opens after a space, a bracket or a dash (or at the start) and closes elsewhere.
    """
    if '"' not in text:
        return text.translate(_CURLY)
    out: list[str] = []
    for ch in text.translate(_CURLY):
        if ch == '"':
            ch = "«" if not out or out[-1] in _OPENS_AFTER else "»"
        out.append(ch)
    return "".join(out)


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
