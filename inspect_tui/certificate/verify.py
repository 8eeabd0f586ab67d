"""Check a certificate PDF against the store: is it the certificate of a signed, untouched inspection?

The PDF names its inspection and sha256 in its Keywords (``stamp.Stamp``) and
prints both on its last page. Verification fails, with the reason, when the
file cannot be read, names no inspection, is a draft, names an inspection the
store lacks or has not signed, carries a hash other than the stored one, when
the stored inspection no longer matches its own sha256 (the store was edited
after sign-off), when the printed id or hash differ from the embedded ones, or
when an embedded digital signature is broken, partial or (with trust roots)
untrusted. pypdf and pyHanko are imported inside the functions.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence
from uuid import UUID

from inspect_tui.certificate.stamp import Stamp
from inspect_tui.domain.inspection import Status
from inspect_tui.i18n import t
from inspect_tui.store import NotFound, StoreCorrupt

if TYPE_CHECKING:
    from inspect_tui.store import Store


class Reason(StrEnum):
    """Why a certificate matches or not; the value is the message key under ``certificate.verify``."""

    MATCHES = "matches"
    MISSING_FILE = "missing_file"
    NOT_PDF = "not_pdf"
    UNREADABLE = "unreadable"
    NOT_CERTIFICATE = "not_certificate"
    DRAFT_CERTIFICATE = "draft_certificate"
    PRINTED_MISMATCH = "printed_mismatch"
    UNKNOWN_INSPECTION = "unknown_inspection"
    STORE_UNREADABLE = "store_unreadable"
    NOT_SIGNED = "not_signed"
    STORE_TAMPERED = "store_tampered"
    HASH_DIFFERS = "hash_differs"
    SIGNATURE_BROKEN = "signature_broken"
    SIGNATURE_PARTIAL = "signature_partial"
    SIGNATURE_UNTRUSTED = "signature_untrusted"


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    reason: Reason
    message: str
    inspection_id: UUID | None = None
    notes: tuple[str, ...] = field(default=())  # e.g. the digital signature's status


def _result(reason: Reason, pdf: Path, stamp: Stamp | None = None, notes: tuple[str, ...] = (), **params: Any) -> VerifyResult:
    inspection_id = stamp.inspection_id if stamp else None
    message = t(f"certificate.verify.{reason.value}", path=str(pdf), id=str(inspection_id or ""), **params)
    return VerifyResult(reason is Reason.MATCHES, reason, message, inspection_id, notes)


def _printed_text(reader: Any, needles: list[str]) -> bool:
    """Whether every needle is printed in the PDF (searching from the last page, where the hash is)."""
    seen = ""
    for page in reversed(reader.pages):
        seen = re.sub(r"\s+", "", page.extract_text() or "") + seen
        if all(n in seen for n in needles):
            return True
    return False


def _has_signature(reader: Any) -> bool:
    fields = reader.get_fields() or {}
    return any(f.get("/FT") == "/Sig" and f.get("/V") is not None for f in fields.values())


def verify_certificate(pdf: Path, store: "Store", *, trust: Sequence[Path] = ()) -> VerifyResult:
    """Verify ``pdf`` against ``store`` (and its digital signature against ``trust`` roots, if given)."""
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # damage is reported as our reason, not as log noise
    pdf = Path(pdf)
    try:
        data = pdf.read_bytes()
    except FileNotFoundError:
        return _result(Reason.MISSING_FILE, pdf)
    except OSError as exc:
        return _result(Reason.UNREADABLE, pdf, detail=exc.strerror or str(exc))
    if not data.lstrip(b"\0\t\n\r ").startswith(b"%PDF-"):
        return _result(Reason.NOT_PDF, pdf)
    try:
        reader = PdfReader(io.BytesIO(data))
        keywords = str((reader.metadata or {}).get("/Keywords", ""))
        stamp = Stamp.parse(keywords)
        printed = stamp is not None and stamp.sha256 is not None and _printed_text(reader, [str(stamp.inspection_id), stamp.sha256])
        signed_pdf = _has_signature(reader)
    except Exception as exc:  # pypdf raises many kinds of errors on damaged or foreign files
        return _result(Reason.UNREADABLE, pdf, detail=type(exc).__name__ + (f": {exc}" if str(exc) else ""))
    if stamp is None:
        return _result(Reason.NOT_CERTIFICATE, pdf)
    if stamp.sha256 is None:
        return _result(Reason.DRAFT_CERTIFICATE, pdf, stamp)
    if not printed:
        return _result(Reason.PRINTED_MISMATCH, pdf, stamp)
    try:
        stored = store.get_inspection(stamp.inspection_id)
    except NotFound:
        return _result(Reason.UNKNOWN_INSPECTION, pdf, stamp)
    except StoreCorrupt as exc:
        return _result(Reason.STORE_UNREADABLE, pdf, stamp, detail=exc.detail)
    if stored.status is not Status.SIGNED or stored.sha256 is None:
        return _result(Reason.NOT_SIGNED, pdf, stamp)
    if stored.integrity_problems():
        return _result(Reason.STORE_TAMPERED, pdf, stamp)
    if stored.sha256 != stamp.sha256:
        return _result(Reason.HASH_DIFFERS, pdf, stamp, pdf_sha256=stamp.sha256, store_sha256=stored.sha256)
    notes: tuple[str, ...] = ()
    if signed_pdf:
        failure, notes = _signature_verdict(data, trust)
        if failure is not None:
            reason, signer = failure
            return _result(reason, pdf, stamp, notes, signer=signer)
    return _result(Reason.MATCHES, pdf, stamp, notes, number=stored.number, sha256=stored.sha256)


def _signature_verdict(data: bytes, trust: Sequence[Path]) -> tuple[tuple[Reason, str] | None, tuple[str, ...]]:
    """(the first failing signature's reason and signer, or None; status lines of good signatures)."""
    from inspect_tui.certificate import signing

    if not signing.pyhanko_available():
        return None, (t("certificate.verify.signature_unchecked"),)
    notes = []
    for check in signing.check_signatures(data, trust):
        if not (check.intact and check.valid):
            return (Reason.SIGNATURE_BROKEN, check.signer), ()
        if not check.whole_file:
            return (Reason.SIGNATURE_PARTIAL, check.signer), ()
        if trust and not check.trusted:
            return (Reason.SIGNATURE_UNTRUSTED, check.signer), ()
        trusted = t("certificate.verify.signature_trusted") if check.trusted else ""
        notes.append(t("certificate.verify.signature_ok", signer=check.signer, trusted=trusted))
    return None, tuple(notes)
