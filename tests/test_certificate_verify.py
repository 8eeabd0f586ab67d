"""``verify`` and the commands: a certificate matches only its signed, untouched inspection;
tampering with the store or the PDF is detected; bad input gives a message and exit 1."""

from __future__ import annotations

import datetime as dt
import io
import json
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from inspect_tui import services
from inspect_tui.certificate import render_certificate, verify_certificate
from inspect_tui.certificate.verify import Reason
from inspect_tui.cli import main
from inspect_tui.demo import VIOLATION_ITEM
from inspect_tui.domain.inspection import Inspection, Status
from inspect_tui.store import Store


def _signed(store: Store) -> Inspection:
    return store.get_inspection(next(s.id for s in store.list_summaries() if s.status is Status.SIGNED))


def _draft(store: Store) -> Inspection:
    return store.get_inspection(next(s.id for s in store.list_summaries() if s.status is Status.DRAFT))


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_fresh_certificate_matches(demo_store: Store, signed_pdf: Path) -> None:
    result = verify_certificate(signed_pdf, demo_store)
    signed = _signed(demo_store)
    assert result.ok and result.reason is Reason.MATCHES and result.inspection_id == signed.id
    assert signed.sha256 is not None and signed.sha256 in result.message and "відповідає" in result.message


def test_changing_a_finding_in_the_stored_file_after_signoff_is_detected(demo_store: Store, signed_pdf: Path) -> None:
    signed = _signed(demo_store)
    path = demo_store.data_dir / "inspections" / f"{signed.id}.json"
    doc = json.loads(path.read_text("utf-8"))
    record = doc["inspection"]["1"]
    record["findings"][VIOLATION_ITEM]["note"] = "Порушень не виявлено."  # a quiet edit of the evidence
    path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    result = verify_certificate(signed_pdf, demo_store)
    assert not result.ok and result.reason is Reason.STORE_TAMPERED
    assert "змінено після підписання" in result.message


@pytest.fixture
def forger(monkeypatch: pytest.MonkeyPatch) -> None:
    """A patched program that prints inspections whatever their hash says (the real one refuses)."""
    monkeypatch.setattr(Inspection, "integrity_problems", lambda self: [])


@pytest.mark.usefixtures("forger")
def test_a_certificate_with_another_hash_is_refused(demo_store: Store, tmp_path: Path) -> None:
    signed = _signed(demo_store)
    forged = signed.model_copy(update={"sha256": "ab" * 32})
    pdf = render_certificate(forged, demo_store.get_settings(), tmp_path / "forged.pdf")
    result = verify_certificate(pdf, demo_store)
    assert not result.ok and result.reason is Reason.HASH_DIFFERS
    assert "ab" * 32 in result.message and str(signed.sha256) in result.message


def test_an_edited_embedded_hash_no_longer_matches_the_stored_one(demo_store: Store, signed_pdf: Path, tmp_path: Path) -> None:
    writer = PdfWriter(clone_from=PdfReader(signed_pdf))
    keywords = str(writer.metadata["/Keywords"])
    sha256 = _signed(demo_store).sha256
    assert sha256 is not None and sha256 in keywords
    writer.add_metadata({"/Keywords": keywords.replace(sha256, "0" * 64)})
    edited = tmp_path / "edited.pdf"
    with open(edited, "wb") as handle:
        writer.write(handle)
    result = verify_certificate(edited, demo_store)
    assert not result.ok and result.reason is Reason.HASH_DIFFERS


@pytest.mark.usefixtures("forger")
def test_draft_certificate_and_unsigned_inspection(demo_store: Store, tmp_path: Path) -> None:
    draft = _draft(demo_store)
    pdf = render_certificate(draft, demo_store.get_settings(), tmp_path / "draft.pdf")
    assert verify_certificate(pdf, demo_store).reason is Reason.DRAFT_CERTIFICATE
    # a certificate claiming a hash for an inspection the store holds unsigned
    claimed = draft.model_copy(update={"sha256": "cd" * 32})
    pdf = render_certificate(claimed, demo_store.get_settings(), tmp_path / "claimed.pdf")
    result = verify_certificate(pdf, demo_store)
    assert not result.ok and result.reason is Reason.NOT_SIGNED


def test_unknown_inspection(demo_store: Store, signed_pdf: Path, tmp_path: Path) -> None:
    with Store.open(tmp_path / "other") as empty:
        result = verify_certificate(signed_pdf, empty)
    assert not result.ok and result.reason is Reason.UNKNOWN_INSPECTION


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (None, Reason.MISSING_FILE),
        (b"hello, not a pdf", Reason.NOT_PDF),
        (b"%PDF-1.4\n%garbage with no objects", Reason.UNREADABLE),
    ],
)
def test_bad_files(demo_store: Store, tmp_path: Path, content: bytes | None, reason: Reason) -> None:
    path = tmp_path / "input.pdf"
    if content is not None:
        path.write_bytes(content)
    result = verify_certificate(path, demo_store)
    assert not result.ok and result.reason is reason and str(path) in result.message


def test_a_pdf_that_is_not_a_certificate(demo_store: Store, tmp_path: Path) -> None:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    path = tmp_path / "blank.pdf"
    with open(path, "wb") as handle:
        writer.write(handle)
    assert verify_certificate(path, demo_store).reason is Reason.NOT_CERTIFICATE


def test_a_truncated_certificate_is_unreadable(demo_store: Store, signed_pdf: Path, tmp_path: Path) -> None:
    torn = tmp_path / "torn.pdf"
    torn.write_bytes(signed_pdf.read_bytes()[:4000])
    assert verify_certificate(torn, demo_store).reason in (Reason.UNREADABLE, Reason.NOT_CERTIFICATE)


# --- the commands ------------------------------------------------------------------------------


def test_cli_certificate_and_verify(demo_store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = str(demo_store.data_dir)
    signed = _signed(demo_store)
    out = tmp_path / "c.pdf"
    code, stdout, err = _run(capsys, "--data-dir", data, "certificate", str(signed.id)[:8], "--out", str(out))
    assert code == 0 and "Довідку № 1/2026 збережено" in stdout and err == ""
    code, stdout, err = _run(capsys, "--data-dir", data, "verify", str(out))
    assert code == 0 and "відповідає" in stdout
    code, stdout, _ = _run(capsys, "--data-dir", data, "--lang", "en", "certificate", "1/2026", "--out", str(out))
    assert code == 0 and "written" in stdout


def test_cli_draft_certificate_says_it_is_a_draft(demo_store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    draft = _draft(demo_store)
    code, stdout, _ = _run(capsys, "--data-dir", str(demo_store.data_dir), "certificate", str(draft.id), "--out", str(tmp_path / "d.pdf"))
    assert code == 0 and "ПРОЄКТ" in stdout


@pytest.mark.parametrize("wanted", ["0000", "not-an-id", "99/2099", ""])
def test_cli_bad_ids(demo_store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str], wanted: str) -> None:
    out = tmp_path / "x.pdf"
    code, stdout, err = _run(capsys, "--data-dir", str(demo_store.data_dir), "certificate", wanted, "--out", str(out))
    assert code == 1 and "не знайдено" in err and "Traceback" not in err and not out.exists()


def test_cli_number_shared_by_revisions_is_ambiguous(demo_store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    correction = services.correct(demo_store, _signed(demo_store))  # a new draft revision with the same number
    code, _, err = _run(capsys, "--data-dir", str(demo_store.data_dir), "certificate", "1/2026", "--out", str(tmp_path / "x.pdf"))
    assert code == 1 and "кільком" in err and str(correction.id) in err
    code, stdout, _ = _run(capsys, "--data-dir", str(demo_store.data_dir), "certificate", str(correction.id), "--out", str(tmp_path / "x.pdf"))
    assert code == 0 and "ПРОЄКТ" in stdout


def test_cli_verify_bad_inputs(demo_store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = str(demo_store.data_dir)
    text_file = tmp_path / "notes.txt"
    text_file.write_text("просто текст", "utf-8")
    for path, words in ((tmp_path / "missing.pdf", "не знайдено"), (text_file, "не PDF")):
        code, stdout, err = _run(capsys, "--data-dir", data, "verify", str(path))
        assert code == 1 and words in err and str(path) in err and "Traceback" not in err and stdout == ""


def test_cli_verify_after_tampering_exits_1(demo_store: Store, signed_pdf: Path, capsys: pytest.CaptureFixture[str]) -> None:
    signed = _signed(demo_store)
    path = demo_store.data_dir / "inspections" / f"{signed.id}.json"
    doc = json.loads(path.read_text("utf-8"))
    doc["inspection"]["1"]["findings"][VIOLATION_ITEM]["recommendation"] = "—"
    path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    code, _, err = _run(capsys, "--data-dir", str(demo_store.data_dir), "verify", str(signed_pdf))
    assert code == 1 and "змінено після підписання" in err


# --- PAdES signatures (pyHanko, the optional "sign" extra) ------------------------------------


def _make_key(folder: Path, passphrase: bytes) -> tuple[Path, Path]:
    """A self-made signing key and certificate: a PKCS#12 file and the certificate as PEM."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Олена КОВАЛЬЧУК")])
    now = dt.datetime.now(dt.UTC)
    usage = x509.KeyUsage(
        digital_signature=True, content_commitment=True, key_encipherment=False, data_encipherment=False,
        key_agreement=False, key_cert_sign=True, crl_sign=True, encipher_only=False, decipher_only=False,
    )
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(usage, critical=True)
        .sign(key, hashes.SHA256())
    )
    p12 = folder / "inspector.p12"
    p12.write_bytes(pkcs12.serialize_key_and_certificates(b"inspector", key, cert, None, serialization.BestAvailableEncryption(passphrase)))
    pem = folder / "inspector.pem"
    pem.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return p12, pem


@pytest.fixture
def key(tmp_path: Path) -> tuple[Path, Path]:
    pytest.importorskip("pyhanko")
    return _make_key(tmp_path, b"secret")


def test_signed_pdf_verifies_with_its_signature(
    demo_store: Store, tmp_path: Path, key: tuple[Path, Path], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    p12, pem = key
    data, out = str(demo_store.data_dir), tmp_path / "signed.pdf"
    monkeypatch.setenv("INSPECT_TUI_P12_PASSPHRASE", "secret")
    code, stdout, err = _run(capsys, "--data-dir", data, "certificate", "1/2026", "--out", str(out), "--sign", "--p12", str(p12))
    assert code == 0, err
    assert "КОВАЛЬЧУК" in stdout
    code, stdout, err = _run(capsys, "--data-dir", data, "verify", str(out), "--trust", str(pem))
    assert code == 0, err
    assert "цілісний, дійсний, сертифікат довірений" in stdout and "відповідає" in stdout
    # one changed byte after signing breaks the signature
    raw = bytearray(out.read_bytes())
    at = raw.find(b"/Title")
    raw[at + 12] ^= 0x01
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(bytes(raw))
    result = verify_certificate(broken, demo_store)
    assert not result.ok and result.reason is Reason.SIGNATURE_BROKEN
    # another authority's root is not trusted
    (tmp_path / "other").mkdir()
    _, other = _make_key(tmp_path / "other", b"x")
    result = verify_certificate(out, demo_store, trust=[other])
    assert not result.ok and result.reason is Reason.SIGNATURE_UNTRUSTED


def test_signing_refuses_a_wrong_passphrase_and_writes_nothing(
    demo_store: Store, tmp_path: Path, key: tuple[Path, Path], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    p12, _ = key
    out = tmp_path / "c.pdf"
    monkeypatch.setenv("INSPECT_TUI_P12_PASSPHRASE", "wrong")
    code, _, err = _run(capsys, "--data-dir", str(demo_store.data_dir), "certificate", "1/2026", "--out", str(out), "--sign", "--p12", str(p12))
    assert code == 1 and "неправильний пароль" in err and not out.exists()


def test_signing_a_draft_is_refused(
    demo_store: Store, tmp_path: Path, key: tuple[Path, Path], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    p12, _ = key
    monkeypatch.setenv("INSPECT_TUI_P12_PASSPHRASE", "secret")
    draft = _draft(demo_store)
    code, _, err = _run(
        capsys, "--data-dir", str(demo_store.data_dir), "certificate", str(draft.id), "--out", str(tmp_path / "d.pdf"), "--sign", "--p12", str(p12)
    )
    assert code == 1 and "лише на довідку підписаної перевірки" in err


def test_sign_without_pyhanko_says_what_to_install(
    demo_store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pyhanko", None)  # as if the extra were not installed
    monkeypatch.setitem(sys.modules, "pyhanko.sign", None)
    code, _, err = _run(
        capsys, "--data-dir", str(demo_store.data_dir), "certificate", "1/2026", "--out", str(tmp_path / "c.pdf"), "--sign"
    )
    assert code == 1 and "inspect-tui[sign]" in err and "Traceback" not in err


def test_sign_without_a_key_configured(
    demo_store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("pyhanko")
    code, _, err = _run(capsys, "--data-dir", str(demo_store.data_dir), "certificate", "1/2026", "--out", str(tmp_path / "c.pdf"), "--sign")
    assert code == 1 and "PKCS#12" in err


def test_the_pdf_reads_back_in_memory(signed_pdf: Path) -> None:
    """The certificate is a well-formed PDF that pypdf parses strictly."""
    reader = PdfReader(io.BytesIO(signed_pdf.read_bytes()), strict=True)
    assert len(reader.pages) >= 2 and reader.metadata.title.startswith("Довідка № 1/2026")
