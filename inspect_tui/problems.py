"""Why an input file is refused: the file, the place in it, and the reason, in the user's language.

Checklist files (TOML) name the place as section/item; bundles (JSON) as a JSON path. One shape
for both, so the CLI and the screens print every refusal the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class FileProblem:
    """``place`` is "" when the problem is the file as a whole."""

    file: Path
    place: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}: {self.place}: {self.reason}" if self.place else f"{self.file}: {self.reason}"
