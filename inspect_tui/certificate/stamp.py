"""The machine-readable identity a certificate carries: inspection id, revision and sha256.

The same line goes into the PDF's Keywords (read back by ``verify``) and into the
QR code printed on signed certificates, so a phone or a script can check a paper
copy against the store too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from uuid import UUID

from inspect_tui.domain.inspection import Inspection

MARKER = "inspect-tui-certificate/1"
_PATTERN = re.compile(
    rf"{re.escape(MARKER)};id=(?P<id>[0-9a-f-]{{36}});rev=(?P<rev>[0-9]+)(?:;sha256=(?P<sha>[0-9a-f]{{64}}))?(?:;|$)"
)


@dataclass(frozen=True)
class Stamp:
    inspection_id: UUID
    revision: int
    sha256: str | None  # None on a draft certificate

    @classmethod
    def of(cls, inspection: Inspection) -> Stamp:
        return cls(inspection.id, inspection.revision, inspection.sha256)

    def line(self) -> str:
        """``inspect-tui-certificate/1;id=…;rev=…[;sha256=…]``."""
        text = f"{MARKER};id={self.inspection_id};rev={self.revision}"
        return f"{text};sha256={self.sha256}" if self.sha256 else text

    @classmethod
    def parse(cls, text: str) -> Stamp | None:
        """The stamp found in ``text`` (e.g. the PDF keywords), or None when there is none."""
        match = _PATTERN.search(text)
        if match is None:
            return None
        try:
            inspection_id = UUID(match["id"])
        except ValueError:
            return None
        return cls(inspection_id, int(match["rev"]), match["sha"])


_PROVENANCE = re.compile(r";app=(?P<app>[0-9A-Za-z.+!_-]{1,40});fonts=(?P<fonts>[0-9a-f]{12})(?:;|$)")


@dataclass(frozen=True)
class Provenance:
    """Which program version and font files rendered a certificate (appended to the Keywords after the stamp).

    Wording, layout and glyphs may change between versions, so ``verify`` can say a
    difference may come from another version instead of calling it a forgery.
    It is not in the QR code: it identifies the software, not the inspection.
    """

    app: str
    fonts: str  # the first 12 hex digits of the sha256 of the font files

    def line(self) -> str:
        return f";app={self.app};fonts={self.fonts}"

    @classmethod
    def parse(cls, text: str) -> Provenance | None:
        match = _PROVENANCE.search(text)
        return cls(match["app"], match["fonts"]) if match else None
