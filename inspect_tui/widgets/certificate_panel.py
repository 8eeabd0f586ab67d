"""The review's certificate line: rendering, where the PDF is, or why it failed; rendering and printing run in
worker threads (reportlab takes seconds on a long inspection; a printer command may hang)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import work
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.widgets import Static

from inspect_tui.certificate.facts import EvidenceReader
from inspect_tui.domain.inspection import Inspection, Status
from inspect_tui.domain.settings import Settings
from inspect_tui.i18n import t
from inspect_tui.printing import Outcome, PrintFailed, print_pdf


def certificate_path(data_dir: Path, inspection: Inspection) -> Path:
    """Where an inspection's certificate is written: ``<data dir>/certificates/<number>-r<rev>[-draft].pdf``."""
    safe = re.sub(r"[^0-9A-Za-zА-Яа-яІіЇїЄєҐґ_-]+", "-", inspection.number).strip("-") or "inspection"
    draft = "" if inspection.status is Status.SIGNED else "-draft"
    return data_dir / "certificates" / f"{safe}-r{inspection.revision}{draft}.pdf"


class CertificatePanel(Static):
    """Renders and prints the certificate; ``path`` is the last one rendered. Its messages reach the screen too."""

    @dataclass
    class Ready(Message):
        path: Path

    @dataclass
    class Failed(Message):
        reason: str

    @dataclass
    class Printed(Message):
        """The printer's (or viewer's) answer, to show for a while."""

        text: str
        severity: SeverityLevel = "information"

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__("", id=id)
        self.path: Path | None = None

    def show_path(self) -> None:
        """Where the rendered certificate is, or nothing before the first one."""
        self.update(t("tui.review.certificate_at", path=str(self.path)) if self.path else "")
        self.display = self.path is not None

    def render_certificate(self, inspection: Inspection, settings: Settings, out: Path, evidence: EvidenceReader, data_dir: Path) -> None:
        self.update(t("tui.review.rendering"))
        self.display = True
        self._write_pdf(inspection, settings, out, evidence, data_dir)

    @work(thread=True, exclusive=True, group="certificate", exit_on_error=False)
    def _write_pdf(self, inspection: Inspection, settings: Settings, out: Path, evidence: EvidenceReader, data_dir: Path) -> None:
        try:
            from inspect_tui.certificate import render_certificate  # reportlab loads only when needed
        except ImportError as exc:
            self.post_message(self.Failed(t("tui.review.no_renderer", detail=str(exc))))
            return
        try:  # the writer makes a missing folder owner-only, as the data dir's own (certificates/)
            render_certificate(inspection, settings, out, evidence=evidence, data_dir=data_dir)
        except OSError as exc:
            self.post_message(self.Failed(t("tui.review.write_failed", path=str(out), reason=exc.strerror or str(exc))))
            return
        except Exception as exc:  # noqa: BLE001 - any renderer failure is shown, never a crash of the app
            self.post_message(self.Failed(t("tui.review.render_failed", reason=str(exc) or type(exc).__name__)))
            return
        self.post_message(self.Ready(out))

    def on_certificate_panel_ready(self, message: Ready) -> None:
        self.path = message.path
        self.show_path()

    def on_certificate_panel_failed(self, message: Failed) -> None:
        self.update(Text(message.reason, style="red"))
        self.display = True

    @work(thread=True, exclusive=True, group="print", exit_on_error=False)
    def print_certificate(self, path: Path) -> None:
        try:
            outcome = print_pdf(path)
        except PrintFailed as exc:
            self.post_message(self.Printed(t("tui.print.failed", detail=exc.detail), "error"))
            return
        except OSError as exc:
            self.post_message(self.Printed(t("tui.print.failed", detail=exc.strerror or str(exc)), "error"))
            return
        if outcome is Outcome.NOTHING:
            self.post_message(self.Printed(t("tui.print.nothing", path=str(path)), "warning"))
        else:
            self.post_message(self.Printed(t(f"tui.print.{outcome.value}", path=str(path))))
