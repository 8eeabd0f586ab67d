"""Why a certificate is not printed: kept apart so the renderer imports nothing else of the package's surface."""

from __future__ import annotations


class CertificateRefused(Exception):
    """The inspection must not be printed as signed; the message says why, in the user's language."""
