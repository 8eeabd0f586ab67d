"""Certificates (довідки): render an inspection as a PDF, verify a PDF against the store, sign it.

The public functions import reportlab, pypdf, pyHanko (and, for verify, the store) only
when called, so importing this package (as the TUI does at start) costs nothing, and
rendering never loads the store's engine. Free of Textual.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from inspect_tui.certificate.errors import CertificateRefused

if TYPE_CHECKING:
    from inspect_tui.certificate.facts import EvidenceReader
    from inspect_tui.certificate.verify import VerifyResult
    from inspect_tui.domain.inspection import Inspection
    from inspect_tui.domain.settings import Settings
    from inspect_tui.store_protocol import RegisterStore



def render_certificate(
    inspection: Inspection, settings: Settings, out: Path, *, evidence: EvidenceReader | None = None, data_dir: Path | None = None
) -> Path:
    """Render the certificate of ``inspection`` to ``out`` atomically, never over a non-regular file or into
    ``data_dir`` (``outputs.write_output``); returns ``out``."""
    from inspect_tui.certificate import render

    return render.render_certificate(inspection, settings, out, evidence=evidence, data_dir=data_dir)


def verify_certificate(pdf: Path, store: RegisterStore, *, trust: Sequence[Path] = ()) -> VerifyResult:
    """Check a certificate PDF against the signed inspection it names (and its digital signature, if any)."""
    from inspect_tui.certificate import verify

    return verify.verify_certificate(pdf, store, trust=trust)


__all__ = ["CertificateRefused", "render_certificate", "verify_certificate"]
