"""Hostile certificates: ``verify`` must refuse every PDF whose visible content is not a fresh
rendering of the signed inspection, say which page and line differ, and bound its work."""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject, StreamObject, TextStringObject
from reportlab.pdfgen.canvas import Canvas

from inspect_tui.certificate import CertificateRefused, render_certificate, verify_certificate
from inspect_tui.certificate.verify import MAX_BYTES, MAX_PAGES, Reason
from inspect_tui.cli import main
from inspect_tui.domain.inspection import Inspection, Status
from inspect_tui.store import Store


def _signed(store: Store) -> Inspection:
    return store.get_inspection(next(s.id for s in store.list_summaries() if s.status is Status.SIGNED))


def _write(writer: PdfWriter, path: Path) -> Path:
    with open(path, "wb") as handle:
        writer.write(handle)
    return path


def _edit_text(pdf: Path, out: Path, old: bytes, new: bytes) -> Path:
    """Replace ``old`` by ``new`` in the first page stream showing it, and recompress, as a forger would."""
    writer = PdfWriter(clone_from=PdfReader(pdf))
    for page in writer.pages:
        contents = page.get_contents()
        assert contents is not None
        data = contents.get_data()
        if old in data:
            contents.set_data(data.replace(old, new, 1))
            page.replace_contents(contents)
            page.compress_content_streams()
            return _write(writer, out)
    raise AssertionError(f"{old!r} is not shown in {pdf}")


def _verify(store: Store, pdf: Path) -> tuple[int, str]:
    """Exit code and stderr of ``inspect-tui verify`` (capsys-free: the CLI writes to the real streams)."""
    err = io.StringIO()
    out = io.StringIO()
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        code = main(["--data-dir", str(store.data_dir), "verify", str(pdf)])
    finally:
        sys.stdout, sys.stderr = saved
    return code, err.getvalue()


# --- the body -------------------------------------------------------------------------------------


def test_an_edited_edrpou_digit_is_named_by_page_and_line(demo_store: Store, signed_pdf: Path, tmp_path: Path) -> None:
    edrpou = _signed(demo_store).enterprise.edrpou
    forged_code = edrpou[:-1] + ("0" if edrpou[-1] != "0" else "1")
    forged = _edit_text(signed_pdf, tmp_path / "forged.pdf", f"({edrpou})".encode(), f"({forged_code})".encode())
    result = verify_certificate(forged, demo_store)
    assert not result.ok and result.reason is Reason.BODY_DIFFERS
    assert "сторінка 1, рядок" in result.message and f"«{forged_code}»" in result.message and f"«{edrpou}»" in result.message
    code, err = _verify(demo_store, forged)
    assert code == 1 and "сторінка 1, рядок" in err and "Traceback" not in err


def test_a_recompressed_but_unchanged_certificate_still_matches(demo_store: Store, signed_pdf: Path, tmp_path: Path) -> None:
    """Streams are compared by what they decode to, so a PDF tool re-saving the file is no forgery."""
    writer = PdfWriter(clone_from=PdfReader(signed_pdf))
    for page in writer.pages:
        contents = page.get_contents()
        assert contents is not None
        contents.set_data(contents.get_data())  # stored again, Flate only (reportlab also used ASCII85)
        page.replace_contents(contents)
        page.compress_content_streams()
    resaved = _write(writer, tmp_path / "resaved.pdf")
    assert resaved.read_bytes() != signed_pdf.read_bytes()
    assert verify_certificate(resaved, demo_store).ok


def test_an_edited_date_is_refused(demo_store: Store, signed_pdf: Path, tmp_path: Path) -> None:
    forged = _edit_text(signed_pdf, tmp_path / "forged.pdf", b"(22.03.2026)", b"(21.03.2026)")
    result = verify_certificate(forged, demo_store)
    assert result.reason is Reason.BODY_DIFFERS and "«21.03.2026»" in result.message and "«22.03.2026»" in result.message
    assert "відрізняються сторінок — 1 з" in result.message


def test_a_hand_made_pdf_with_the_right_id_and_hash_is_refused(demo_store: Store, tmp_path: Path) -> None:
    signed = _signed(demo_store)
    keywords = str(PdfReader(render_certificate(signed, demo_store.get_settings(), tmp_path / "real.pdf")).metadata["/Keywords"])
    for pages in (1, len(PdfReader(tmp_path / "real.pdf").pages)):
        path = tmp_path / f"hand-{pages}.pdf"
        canvas = Canvas(str(path))
        canvas.setKeywords(keywords)
        for _ in range(pages):
            canvas.drawString(72, 720, f"{signed.id} {signed.sha256}")
            canvas.showPage()
        canvas.save()
        result = verify_certificate(path, demo_store)
        assert not result.ok and result.reason is (Reason.PAGE_COUNT if pages == 1 else Reason.BODY_DIFFERS)
        code, err = _verify(demo_store, path)
        assert code == 1 and "Traceback" not in err


def test_an_extra_page_and_a_removed_page_are_refused(demo_store: Store, signed_pdf: Path, tmp_path: Path) -> None:
    total = len(PdfReader(signed_pdf).pages)
    extra = PdfWriter(clone_from=PdfReader(signed_pdf))
    extra.add_blank_page()
    removed = PdfWriter(clone_from=PdfReader(signed_pdf))
    removed.remove_page(2)
    for writer, pages in ((extra, total + 1), (removed, total - 1)):
        result = verify_certificate(_write(writer, tmp_path / f"p{pages}.pdf"), demo_store)
        assert result.reason is Reason.PAGE_COUNT
        assert f"у PDF {pages} сторінок" in result.message and f"— {total}" in result.message


def test_swapped_pages_are_named(demo_store: Store, signed_pdf: Path, tmp_path: Path) -> None:
    reader = PdfReader(signed_pdf)
    writer = PdfWriter(clone_from=reader)
    writer.remove_page(1)
    writer.insert_page(reader.pages[1], index=2)  # pages 2 and 3 swapped
    result = verify_certificate(_write(writer, tmp_path / "swapped.pdf"), demo_store)
    assert result.reason is Reason.BODY_DIFFERS and "сторінка 2" in result.message


def test_an_overlay_annotation_is_refused(demo_store: Store, signed_pdf: Path, tmp_path: Path) -> None:
    writer = PdfWriter(clone_from=PdfReader(signed_pdf))
    note = DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"),
        NameObject("/Subtype"): NameObject("/FreeText"),
        NameObject("/Rect"): ArrayObject([FloatObject(v) for v in (100, 600, 300, 620)]),
        NameObject("/Contents"): TextStringObject("ЄДРПОУ 00000000"),
    })
    writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(note)])
    result = verify_certificate(_write(writer, tmp_path / "annotated.pdf"), demo_store)
    assert result.reason is Reason.BODY_DIFFERS and "сторінка 1: поверх сторінки додано" in result.message


def test_a_drawing_over_the_text_is_refused(demo_store: Store, signed_pdf: Path, tmp_path: Path) -> None:
    """A white box over a line changes what is seen, not what is extracted: the page must still differ."""
    writer = PdfWriter(clone_from=PdfReader(signed_pdf))
    box = PdfWriter()
    box.add_blank_page(595.27, 841.89)
    stream = StreamObject()
    stream.set_data(b"q 1 1 1 rg 70 600 450 40 re f Q")
    box.pages[0].replace_contents(stream)
    writer.pages[0].merge_page(box.pages[0])
    result = verify_certificate(_write(writer, tmp_path / "boxed2.pdf"), demo_store)
    assert result.reason is Reason.BODY_DIFFERS
    assert "сторінка 1: текст той самий, але сторінку намальовано інакше" in result.message


def test_a_difference_from_another_program_version_says_so(demo_store: Store, signed_pdf: Path, tmp_path: Path) -> None:
    forged = _edit_text(signed_pdf, tmp_path / "old.pdf", b"(22.03.2026)", b"(21.03.2026)")
    writer = PdfWriter(clone_from=PdfReader(forged))
    keywords = str(writer.metadata["/Keywords"])
    writer.add_metadata({"/Keywords": keywords.replace(";app=", ";app=0.0.1-").split(";fonts=")[0] + ";fonts=" + "0" * 12})
    result = verify_certificate(_write(writer, tmp_path / "older.pdf"), demo_store)
    assert result.reason is Reason.BODY_DIFFERS
    assert "іншою версією програми (0.0.1-" in result.message and "шрифти змінено: True" in result.message
    writer.add_metadata({"/Keywords": keywords.split(";app=")[0]})
    result = verify_certificate(_write(writer, tmp_path / "unknown.pdf"), demo_store)
    assert "не зазначено версію програми" in result.message


def test_a_settings_change_after_signing_keeps_the_certificate_valid(demo_store: Store, signed_pdf: Path, tmp_path: Path) -> None:
    """The issuer is frozen in the sign-off: a renamed unit changes neither old nor new certificates."""
    settings = demo_store.get_settings()
    demo_store.save_settings(settings.model_copy(update={"unit_name": "Інший відділ", "council_name": "Інша рада", "place": "м. Інше"}))
    assert verify_certificate(signed_pdf, demo_store).ok
    again = render_certificate(_signed(demo_store), demo_store.get_settings(), tmp_path / "again.pdf")
    assert "Інша рада".upper() not in PdfReader(again).pages[0].extract_text()
    assert verify_certificate(again, demo_store).ok


# --- bounded work and bad structure ---------------------------------------------------------------


def test_a_huge_file_is_refused_unread(demo_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "huge.pdf"
    with open(path, "wb") as handle:
        handle.write(b"%PDF-1.4\n")
        handle.truncate(MAX_BYTES + 1)  # sparse: costs no disk
    result = verify_certificate(path, demo_store)
    assert result.reason is Reason.TOO_LARGE and "завеликий" in result.message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")
def test_a_fifo_is_refused_without_blocking(demo_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "pipe.pdf"
    os.mkfifo(path)
    assert verify_certificate(path, demo_store).reason is Reason.NOT_A_FILE
    assert verify_certificate(tmp_path, demo_store).reason is Reason.NOT_A_FILE


def _raw_pdf(keywords: str, count: int, kids: int, *, cycle: bool = False) -> bytes:
    """A PDF whose page tree declares ``count`` pages and lists ``kids`` references to one page
    (or, with ``cycle``, to itself): tens of thousands of pages in a few hundred kilobytes."""
    kid = "2 0 R" if cycle else "3 0 R"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Count {count} /Kids [{' '.join([kid] * kids)}] >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        f"<< /Keywords ({keywords}) >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 4 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


@pytest.mark.parametrize(
    ("count", "kids", "cycle"),
    [(20_000, 20_000, False), (7, 20_000, False), (7, 7, True), (-1, 1, False)],
    ids=["20000-pages", "lying-count", "cyclic-tree", "negative-count"],
)
def test_many_pages_and_bad_page_trees_are_refused_quickly(
    demo_store: Store, signed_pdf: Path, tmp_path: Path, count: int, kids: int, cycle: bool
) -> None:
    keywords = str(PdfReader(signed_pdf).metadata["/Keywords"])
    total = len(PdfReader(signed_pdf).pages)
    path = tmp_path / "many.pdf"
    path.write_bytes(_raw_pdf(keywords, total if count == 7 else count, kids, cycle=cycle))
    result = verify_certificate(path, demo_store)
    assert not result.ok and result.reason in (Reason.PAGE_COUNT, Reason.UNREADABLE, Reason.BODY_DIFFERS, Reason.TOO_MANY_PAGES)
    if count > MAX_PAGES:  # refused before anything is rendered
        assert result.reason is Reason.TOO_MANY_PAGES and "20000 сторінок" in result.message
    code, err = _verify(demo_store, path)
    assert code == 1 and "Traceback" not in err


def test_damaged_streams_are_refused(demo_store: Store, signed_pdf: Path, tmp_path: Path) -> None:
    raw = bytearray(signed_pdf.read_bytes())
    start = raw.find(b"stream\n", raw.find(b"/FlateDecode")) + len(b"stream\n")
    raw[start : start + 40] = b"\xff" * 40  # the first compressed stream no longer inflates
    path = tmp_path / "damaged.pdf"
    path.write_bytes(bytes(raw))
    result = verify_certificate(path, demo_store)
    assert not result.ok
    code, err = _verify(demo_store, path)
    assert code == 1 and "Traceback" not in err


def test_the_stamp_on_an_unrelated_pdf_is_not_enough(demo_store: Store, signed_pdf: Path, tmp_path: Path) -> None:
    """A real certificate of the same inspection whose keywords were moved to a blank document of equal length."""
    reader = PdfReader(signed_pdf)
    writer = PdfWriter()
    for page in reader.pages:
        writer.add_blank_page(float(page.mediabox.width), float(page.mediabox.height))
    writer.add_metadata({"/Keywords": str(reader.metadata["/Keywords"])})
    result = verify_certificate(_write(writer, tmp_path / "blank.pdf"), demo_store)
    assert result.reason is Reason.BODY_DIFFERS and f"{len(reader.pages)} з {len(reader.pages)}" in result.message
    assert result.message.count("сторінка ") == 5  # the first differences, not all of them


# --- printing a tampered inspection ---------------------------------------------------------------


def test_a_signed_inspection_edited_in_the_store_is_not_printed(demo_store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    signed = _signed(demo_store)
    path = demo_store.data_dir / "inspections" / f"{signed.id}.json"
    doc = json.loads(path.read_text("utf-8"))
    doc["inspection"]["1"]["enterprise"]["edrpou"] = "00000000"[: len(signed.enterprise.edrpou)]
    path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    out = tmp_path / "c.pdf"
    code = main(["--data-dir", str(demo_store.data_dir), "certificate", str(signed.id), "--out", str(out)])
    stdout, err = capsys.readouterr()
    assert code == 1 and stdout == "" and not out.exists()
    assert "змінено після підписання" in err and "Довідку не сформовано" in err and "Traceback" not in err
    with pytest.raises(CertificateRefused):
        render_certificate(demo_store.get_inspection(signed.id), demo_store.get_settings(), out)


@pytest.mark.parametrize("action", ["/OpenAction", "/AA", "/Names"])
def test_document_level_javascript_and_actions_are_refused_naming_the_file(
    demo_store: Store, signed_pdf: Path, tmp_path: Path, action: str
) -> None:
    writer = PdfWriter(clone_from=signed_pdf)
    script = DictionaryObject({NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert(1)")})
    root = writer.root_object
    if action == "/Names":
        tree = DictionaryObject({NameObject("/Names"): ArrayObject([TextStringObject("x"), script])})
        root[NameObject("/Names")] = DictionaryObject({NameObject("/JavaScript"): tree})
    elif action == "/AA":
        root[NameObject("/AA")] = DictionaryObject({NameObject("/WC"): script})
    else:
        root[NameObject("/OpenAction")] = script
    path = _write(writer, tmp_path / "active.pdf")
    result = verify_certificate(path, demo_store)
    assert result.reason is Reason.ACTIVE_CONTENT and str(path) in result.message
    assert verify_certificate(signed_pdf, demo_store).ok  # the program's own certificate has none of them
