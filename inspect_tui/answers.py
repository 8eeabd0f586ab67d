"""How each answer looks and behaves: one row per ``Answer``, read by every place that shows one.

The checklist screen takes its keys, marks, colours and what follows an answer from here;
the review its marks; ``checklists show`` and the certificate their labels and columns.
Adding an ``Answer`` means adding its row here, and a test fails until it has one.

The rows are plain data (a character, a rich style name, a key), so this module sits
beside the domain rather than in ``widgets``: the certificate and the CLI read it without
importing textual or rich, and the domain keeps only what an answer means for an inspection.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum

from inspect_tui.domain.inspection import Answer


class Then(Enum):
    """What the checklist screen does once an answer is recorded."""

    ADVANCE = "advance"  # on to the next item to answer
    NOTE = "note"  # into the note: a «Ні» must say what was found
    STAY = "stay"  # clearing an answer stays on the item


@dataclass(frozen=True)
class AnswerRow:
    """One answer as the inspector enters it and every screen and document shows it."""

    answer: Answer
    mark: str
    #: the mark's colour in the item tree; ``None``: the colour of what a «Ні» states (``NoKind``)
    mark_style: str | None
    #: the answer as the item pane heads it; ``None`` as for ``mark_style``
    pane_style: str | None
    key: str
    binding_id: str
    key_help: str  # catalog key of the footer and help text
    key_shown: bool  # in the footer (every key is in the help)
    then: Then
    #: one of the four answers of the unified acts: listed by ``checklists show`` and always a
    #: column of the certificate's results (the others only when some item has them)
    official: bool

    @property
    def label_key(self) -> str:
        """Catalog key of the answer's name («Так», «Ні», …) in any language."""
        return f"answer.{self.answer.value}"


ANSWERS: dict[Answer, AnswerRow] = {
    row.answer: row
    for row in (
        AnswerRow(
            Answer.UNANSWERED, mark="·", mark_style="", pane_style="bold",
            key="u", binding_id="clear", key_help="tui.keys.clear", key_shown=False, then=Then.STAY, official=False,
        ),
        AnswerRow(
            Answer.COMPLIES, mark="✓", mark_style="green", pane_style="bold green",
            key="y", binding_id="complies", key_help="tui.keys.complies", key_shown=True, then=Then.ADVANCE, official=True,
        ),
        AnswerRow(
            Answer.NO, mark="✗", mark_style=None, pane_style=None,
            key="n", binding_id="violation", key_help="tui.keys.violation", key_shown=True, then=Then.NOTE, official=True,
        ),
        AnswerRow(
            Answer.NOT_APPLICABLE, mark="–", mark_style="dim", pane_style="bold",
            key="a", binding_id="not-applicable", key_help="tui.keys.not_applicable", key_shown=True, then=Then.ADVANCE,
            official=True,
        ),
        AnswerRow(
            Answer.NOT_EXAMINED, mark="?", mark_style="yellow", pane_style="bold yellow",
            key="x", binding_id="not-examined", key_help="tui.keys.not_examined", key_shown=True, then=Then.ADVANCE,
            official=True,
        ),
    )
}


def in_act_order() -> Iterator[AnswerRow]:
    """The four answers in the order of the unified acts, then the rest: how keys and columns are listed."""
    yield from (row for row in ANSWERS.values() if row.official)
    yield from (row for row in ANSWERS.values() if not row.official)
