"""Why a bundle is refused: every problem, each with its file, JSON path and reason."""

from __future__ import annotations

from pathlib import Path

from inspect_tui.i18n import t
from inspect_tui.problems import FileProblem

#: problems kept in full per refusal; the rest are only counted
MAX_PROBLEMS = 20


class BundleProblem(FileProblem):
    """One reason to refuse a bundle: ``place`` is a JSON path like ``inspections[3].findings.coi.note``."""


class BundleRejected(Exception):
    """The import was refused as a whole; nothing was written.

    ``problems`` lists the first ``MAX_PROBLEMS`` reasons and ``more`` counts the others
    found; ``stopped`` names the files whose checking stopped there, unread to the end.
    A hostile file may hold millions of problems: finding and listing them all cost
    minutes and gigabytes, so the refusal costs no more than its first problems.
    """

    def __init__(self, problems: list[BundleProblem], more: int = 0, stopped: list[Path] | None = None) -> None:
        self.problems = problems[:MAX_PROBLEMS]
        self.more = more + len(problems) - len(self.problems)
        self.total = len(self.problems) + self.more
        self.stopped = stopped or []
        super().__init__(t("sync.rejected", count=self.total))

    def tail(self) -> list[str]:
        """Lines saying what is not listed: problems only counted, files not read to the end."""
        lines = [t("sync.rejected_more", count=self.more, total=self.total)] if self.more else []
        lines.extend(t("sync.stopped", file=str(path), limit=MAX_PROBLEMS) for path in self.stopped)
        return lines
