"""Why a bundle is refused: every problem, each with its file, JSON path and reason."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from inspect_tui.i18n import t


@dataclass(frozen=True)
class BundleProblem:
    """One reason to refuse: ``json_path`` is like ``inspections[3].findings.coi.note`` ("" for the file)."""

    file: Path
    json_path: str
    reason: str

    def __str__(self) -> str:
        if self.json_path:
            return t("sync.problem_at", file=str(self.file), path=self.json_path, reason=self.reason)
        return t("sync.problem", file=str(self.file), reason=self.reason)


class BundleRejected(Exception):
    """The import was refused as a whole; nothing was written. ``problems`` lists every reason."""

    def __init__(self, problems: list[BundleProblem]) -> None:
        super().__init__(t("sync.rejected", count=len(problems)))
        self.problems = problems
