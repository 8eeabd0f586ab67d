"""``inspect-tui certificate ID --out FILE.pdf [--sign]`` and ``inspect-tui verify FILE.pdf [--trust CERT]``."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from inspect_tui.certificate import CertificateRefused, render_certificate, verify_certificate
from inspect_tui.certificate.facts import doc_text
from inspect_tui.commands.context import Context, UserError
from inspect_tui.domain.inspection import Inspection
from inspect_tui.domain.settings import Settings
from inspect_tui.i18n import t
from inspect_tui.store_protocol import RegisterStore


def register(sub: argparse._SubParsersAction) -> None:
    cert = sub.add_parser("certificate", help=t("certificate.certificate_help"))
    cert.add_argument("id", help=t("certificate.id_help"))
    cert.add_argument("--out", type=Path, required=True, metavar="FILE.pdf", help=t("certificate.out_help"))
    cert.add_argument("--sign", action="store_true", help=t("certificate.sign_help"))
    cert.add_argument("--p12", type=Path, default=None, metavar="FILE.p12", help=t("certificate.p12_help"))
    cert.set_defaults(handler=make_certificate)
    verify = sub.add_parser("verify", help=t("certificate.verify_help"))
    verify.add_argument("pdf", type=Path, metavar="FILE.pdf", help=t("certificate.pdf_help"))
    verify.add_argument(
        "--trust", type=Path, action="append", default=[], metavar="CERT.pem", help=t("certificate.trust_help")
    )
    verify.set_defaults(handler=verify_pdf)


def find_inspection(store: RegisterStore, wanted: str, data_dir: Path) -> Inspection:
    """The one inspection whose UUID starts with ``wanted`` (dashes optional) or whose number it is."""
    key = wanted.strip().lower()
    bare = key.replace("-", "")
    matches = [
        s for s in store.list_summaries()
        if key and (str(s.id).startswith(key) or (bare and s.id.hex.startswith(bare)) or s.number.lower() == key)
    ]
    if not matches:
        raise UserError(t("certificate.no_inspection", id=wanted, data_dir=str(data_dir)))
    if len(matches) > 1:
        candidates = ", ".join(f"{s.id} ({s.number}, {t('status.' + s.status.value)})" for s in matches)
        raise UserError(t("certificate.ambiguous", id=wanted, candidates=candidates))
    return store.get_inspection(matches[0].id)


def _passphrase(key: Path) -> bytes | None:
    """From the environment, else asked in the terminal; never from settings or the command line."""
    from inspect_tui.certificate.signing import PASSPHRASE_ENV

    value = os.environ.get(PASSPHRASE_ENV)
    if value is None:
        if not sys.stdin.isatty():
            raise UserError(t("certificate.sign.no_passphrase"))
        value = getpass.getpass(t("certificate.sign.passphrase_prompt", path=str(key)))
    return value.encode("utf-8") if value else None


def _load_signer(args: argparse.Namespace, settings: Settings, inspection: Inspection) -> object:
    """The PKCS#12 signer, loaded before anything is written so a wrong passphrase leaves no file."""
    from inspect_tui.certificate.signing import SigningError, load_signer, pyhanko_available

    if not pyhanko_available():
        raise UserError(t("certificate.sign.unavailable"))
    if inspection.sha256 is None:
        raise UserError(t("certificate.sign.draft_refused", number=inspection.number))
    key = args.p12 or (Path(settings.signing_pkcs12).expanduser() if settings.signing_pkcs12 else None)
    if key is None:
        raise UserError(t("certificate.sign.no_key"))
    try:
        return load_signer(key, _passphrase(key))
    except SigningError as exc:
        raise UserError(str(exc)) from None


def make_certificate(ctx: Context, args: argparse.Namespace) -> int:
    with ctx.open_store(writer=False) as store:
        inspection = find_inspection(store, args.id, ctx.data_dir)
        settings = store.get_settings()
        signer = _load_signer(args, settings, inspection) if args.sign else None
        try:
            out = render_certificate(inspection, settings, args.out, evidence=store.read_evidence, data_dir=store.data_dir)
        except CertificateRefused as exc:
            raise UserError(str(exc)) from None
    ctx.print(t("certificate.written", number=inspection.number, path=str(out)))
    if inspection.sha256 is None:
        ctx.print(t("certificate.draft_written"))
    if signer is not None:
        from inspect_tui.certificate.signing import SigningError, sign_certificate, signer_name

        try:
            sign_certificate(
                out, signer, reason=doc_text("sign_reason", number=inspection.number), location=inspection.place or settings.place,
                data_dir=ctx.data_dir,
            )
        except SigningError as exc:
            raise UserError(str(exc)) from None
        ctx.print(t("certificate.signed_written", signer=signer_name(signer)))
    return 0


def verify_pdf(ctx: Context, args: argparse.Namespace) -> int:
    from inspect_tui.certificate.signing import SigningError

    with ctx.open_store(writer=False) as store:
        try:
            result = verify_certificate(args.pdf, store, trust=args.trust)
        except SigningError as exc:
            raise UserError(str(exc)) from None
    for note in result.notes:
        ctx.print(note)
    if not result.ok:
        raise UserError(result.message)
    ctx.print(result.message)
    return 0
