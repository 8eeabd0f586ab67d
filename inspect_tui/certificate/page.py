"""What every page carries besides the story: the footer with «Сторінка N з M» and, on drafts,
the diagonal «ПРОЄКТ» mark drawn over the content so it cannot be hidden behind a table."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from reportlab.lib.colors import Color
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from inspect_tui.certificate.facts import doc_text
from inspect_tui.certificate.fonts import FontSet

_GREY = Color(0.35, 0.35, 0.35)
_DRAFT_INK = Color(0.78, 0.1, 0.1, alpha=0.2)


@dataclass(frozen=True)
class PageFurniture:
    fonts: FontSet
    page_size: tuple[float, float]  # the document's, as reportlab's canvas keeps it only privately
    left_margin: float
    right_margin: float
    footer_left: str
    footer_right: str
    draft_mark: str | None  # the word to print diagonally, or None on a signed certificate

    def draw(self, canvas: Canvas, page: int, total: int) -> None:
        width, height = self.page_size
        if self.draft_mark:
            canvas.saveState()
            canvas.setFillColor(_DRAFT_INK)
            canvas.setFont(self.fonts.bold, 130)
            canvas.translate(width / 2, height / 2)
            canvas.rotate(math.degrees(math.atan2(height, width)))  # along the page's diagonal
            canvas.drawCentredString(0, -45, self.draft_mark)
            canvas.restoreState()
        canvas.saveState()
        right = width - self.right_margin
        canvas.setStrokeColor(_GREY)
        canvas.setLineWidth(0.4)
        canvas.line(self.left_margin, 15 * mm, right, 15 * mm)
        canvas.setFillColor(_GREY)
        canvas.setFont(self.fonts.regular, 8)
        canvas.drawString(self.left_margin, 11 * mm, self.footer_left)
        canvas.drawCentredString((self.left_margin + right) / 2, 11 * mm, doc_text("page", page=page, total=total))
        canvas.drawRightString(right, 11 * mm, self.footer_right)
        canvas.restoreState()


class NumberedCanvas(Canvas):
    """Holds the pages back until the end, so each footer can say how many pages there are."""

    def __init__(self, *args: Any, furniture: PageFurniture, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._furniture = furniture
        self._page_states: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 (reportlab's name)
        self._page_states.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._page_states)
        for number, state in enumerate(self._page_states, start=1):
            self.__dict__.update(state)
            self._furniture.draw(self, number, total)
            super().showPage()
        super().save()
