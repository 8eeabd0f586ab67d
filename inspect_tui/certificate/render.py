"""Render a certificate to PDF bytes and write it atomically.

reportlab is imported here and only here (and in the modules this one imports),
so the TUI does not pay for it until a certificate is rendered.
"""

from __future__ import annotations

import io
from functools import partial
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate

from inspect_tui import __version__
from inspect_tui.certificate.errors import CertificateRefused
from inspect_tui.certificate.facts import EvidenceReader, doc_text
from inspect_tui.certificate.fonts import fonts_digest, register_fonts
from inspect_tui.certificate.page import NumberedCanvas, PageFurniture
from inspect_tui.certificate.stamp import Provenance, Stamp
from inspect_tui.certificate.story import Writer
from inspect_tui.certificate.text import visible_text
from inspect_tui.domain.inspection import Inspection
from inspect_tui.domain.settings import Settings
from inspect_tui.i18n import t
from inspect_tui.outputs import check_output, write_output

# Margins close to ДСТУ 4163 (left 30 mm for binding, here 25 mm to keep tables wide).
_LEFT, _RIGHT, _TOP, _BOTTOM = 25 * mm, 15 * mm, 18 * mm, 22 * mm


def render_pdf(inspection: Inspection, settings: Settings, *, evidence: EvidenceReader | None = None) -> bytes:
    """The certificate as PDF bytes; a draft carries the «ПРОЄКТ» mark and no hash.

    A signed inspection whose stored content no longer matches its sha256 is refused:
    printed, it would carry a hash that vouches for data it does not show.
    """
    if inspection.sha256 is not None and inspection.integrity_problems():
        raise CertificateRefused(t("certificate.tampered_refused", number=inspection.number, id=str(inspection.id)))
    fonts = register_fonts()
    stamp = Stamp.of(inspection)
    plain = partial(visible_text, covered=fonts.covered)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=_LEFT,
        rightMargin=_RIGHT,
        topMargin=_TOP,
        bottomMargin=_BOTTOM,
        title=f"{doc_text('footer', number=inspection.number)} — {inspection.enterprise.short_name}",
        author=settings.unit_name or settings.council_name,
        subject=doc_text("pdf_subject"),
        keywords=stamp.line() + provenance().line(),
        creator=f"inspect-tui {__version__}",
        lang="uk",
        initialFontName=fonts.regular,
    )
    furniture = PageFurniture(
        fonts=fonts,
        page_size=A4,
        left_margin=_LEFT,
        right_margin=_RIGHT,
        footer_left=plain(doc_text("footer", number=inspection.number)),
        footer_right=doc_text("footer_hash", short=stamp.sha256[:16]) if stamp.sha256 else "",
        draft_mark=None if stamp.sha256 else doc_text("draft_mark"),
    )
    story = Writer(inspection, settings, fonts, A4[0] - _LEFT - _RIGHT, evidence).story()
    doc.build(story, canvasmaker=partial(NumberedCanvas, furniture=furniture))
    return buffer.getvalue()


def provenance() -> Provenance:
    """This program's version and font files, as recorded in the certificates it renders."""
    return Provenance(__version__, fonts_digest())


def render_certificate(
    inspection: Inspection, settings: Settings, out: Path, *, evidence: EvidenceReader | None = None, data_dir: Path | None = None
) -> Path:
    """Write the certificate of ``inspection`` to ``out`` (temp file, fsync, rename): never a torn PDF, never over
    anything but a regular file outside ``data_dir`` (``outputs``), refused before rendering.

    ``evidence`` reads the store's attachments by sha256 (``RegisterStore.read_evidence``);
    when given, each listed attachment is checked to be there with its hash.
    """
    out = check_output(Path(out), data_dir=data_dir)
    return write_output(out, render_pdf(inspection, settings, evidence=evidence), data_dir=data_dir)
