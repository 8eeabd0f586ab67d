"""Optional PAdES digital signatures with pyHanko (the ``sign`` extra).

Signing is PAdES B-B: offline, no timestamp server. The signature is an
invisible signature field added as an incremental update, so the certificate
renders exactly as before and any later byte change breaks the signature.
pyHanko is imported only here, inside the functions; without it, signing says
which package to install. Validation runs pyHanko's synchronous API, which
starts its own event loop: call it from a worker thread inside the TUI.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from inspect_tui.i18n import t
from inspect_tui.outputs import write_output

FIELD_NAME = "InspectorSignature"
PASSPHRASE_ENV = "INSPECT_TUI_P12_PASSPHRASE"


class SigningError(Exception):
    """Signing or signature checking cannot proceed; the message says why, in the user's language."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(t(f"certificate.sign.{key}", **params))
        self.key = key


def _pyhanko_signers() -> ModuleType:
    try:
        from pyhanko.sign import signers
    except ImportError:
        raise SigningError("unavailable") from None
    return signers


def pyhanko_available() -> bool:
    try:
        _pyhanko_signers()
    except SigningError:
        return False
    return True


def load_signer(pkcs12: Path, passphrase: bytes | None) -> Any:
    """The inspector's key and certificate from a PKCS#12 file (checked before anything is written)."""
    signers = _pyhanko_signers()
    try:
        data = Path(pkcs12).read_bytes()
    except FileNotFoundError:
        raise SigningError("key_missing", path=str(pkcs12)) from None
    try:
        return signers.SimpleSigner.load_pkcs12_data(data, other_certs=[], passphrase=passphrase)
    except Exception:  # pyHanko/cryptography raise assorted errors for a wrong passphrase or a bad file
        raise SigningError("bad_key", path=str(pkcs12)) from None


def signer_name(signer: Any) -> str:
    return str(signer.signing_cert.subject.human_friendly)


def sign_pdf(data: bytes, signer: Any, *, reason: str, location: str) -> bytes:
    """``data`` with a PAdES signature appended as an incremental update."""
    signers = _pyhanko_signers()
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign.fields import SigSeedSubFilter

    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME, md_algorithm="sha256", subfilter=SigSeedSubFilter.PADES, reason=reason, location=location or None
    )
    out = io.BytesIO()
    signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(data)), meta, signer=signer, output=out)
    return out.getvalue()


def sign_certificate(pdf: Path, signer: Any, *, reason: str, location: str = "", data_dir: Path | None = None) -> Path:
    """Sign a rendered certificate in place (atomically: the unsigned file stays if signing fails; the same
    output rules as rendering it, ``outputs.write_output``)."""
    pdf = Path(pdf)
    try:
        signed = sign_pdf(pdf.read_bytes(), signer, reason=reason, location=location)
    except SigningError:
        raise
    except Exception as exc:  # pyHanko refuses malformed input with assorted errors
        raise SigningError("failed", path=str(pdf), detail=str(exc) or type(exc).__name__) from None
    return write_output(pdf, signed, data_dir=data_dir)


@dataclass(frozen=True)
class SignatureCheck:
    """One embedded signature: whose, whether the signed bytes are untouched, and trust."""

    signer: str
    intact: bool  # the digest of the signed byte ranges matches
    valid: bool  # the cryptographic signature over it is correct
    whole_file: bool  # nothing was appended after signing
    trusted: bool  # the certificate chains to one of the given trust roots


def check_signatures(data: bytes, trust: Sequence[Path] = ()) -> list[SignatureCheck]:
    """Validate every embedded signature offline, against ``trust`` roots (PEM or DER) if any."""
    _pyhanko_signers()
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.errors import SignatureValidationError
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    roots = []
    for path in trust:
        try:
            roots.append(load_cert_from_pemder(str(path)))
        except Exception:  # asn1crypto/OS errors for a missing or malformed certificate file
            raise SigningError("trust_unreadable", path=str(path)) from None
    for logger in ("pyhanko", "pyhanko_certvalidator"):  # failures are reported as our verdict, not as tracebacks
        logging.getLogger(logger).setLevel(logging.CRITICAL)
    context = ValidationContext(trust_roots=roots, allow_fetching=False)
    checks = []
    for embedded in PdfFileReader(io.BytesIO(data), strict=False).embedded_signatures:
        try:
            status = validate_pdf_signature(embedded, context)
        except SignatureValidationError:
            checks.append(SignatureCheck(signer="?", intact=False, valid=False, whole_file=False, trusted=False))
            continue
        checks.append(
            SignatureCheck(
                signer=str(status.signing_cert.subject.human_friendly),
                intact=bool(status.intact),
                valid=bool(status.valid),
                whole_file=status.coverage is SignatureCoverageLevel.ENTIRE_FILE,
                trusted=bool(status.trusted),
            )
        )
    return checks
