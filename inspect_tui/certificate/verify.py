"""Check a certificate PDF against the store: is it the certificate of a signed, untouched inspection?

The PDF names its inspection and sha256 in its Keywords (``stamp.Stamp``).
Verification fails, with the reason, when the file is too big or not a regular
file (refused before it is read), has more pages than any certificate (refused
before a page is parsed or anything rendered), cannot be read, names no inspection, is a
draft, names an inspection the store lacks or has not signed, carries a hash
other than the stored one, when the stored inspection no longer matches its own
sha256 (the store was edited after sign-off), when an embedded digital signature
is broken, partial or (with trust roots) untrusted, and when its pages are not
those of a fresh rendering of the stored inspection.

The body check is content-agnostic: the certificate is rendered again from the
store (the same code that printed it, so wording can change freely) and each page
is compared with the PDF's. A page whose content stream and resources (fonts,
images, page boxes) are identical draws identically, so its text is not even
extracted; a page that differs has its text extracted from both files and the
first lines that differ are reported, or, when the text is equal, the page is
reported as drawn differently (an overlaid image, a changed glyph). The page
count is compared before any page is parsed, so a huge PDF is refused at once.
Program version and font files are recorded in the PDF (``stamp.Provenance``):
when they differ from this program's, the report says the difference may come
from the version. pypdf and pyHanko are imported inside the functions.
"""

from __future__ import annotations

import difflib
import hashlib
import io
import logging
import os
import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any
from uuid import UUID

from inspect_tui.certificate.stamp import Provenance, Stamp
from inspect_tui.domain.inspection import Inspection, Status
from inspect_tui.i18n import t
from inspect_tui.store import NotFound, StoreCorrupt

if TYPE_CHECKING:
    from pypdf import PageObject, PdfReader

    from inspect_tui.store_protocol import RegisterStore

#: Files above this are refused unread; a 200-row certificate is ~82 KB, 1,000 pages ~1.9 MB.
MAX_BYTES = 20_000_000
#: More pages than any certificate has (5,000 pages hold ~36,000 findings): refused before rendering.
MAX_PAGES = 5_000
#: Differences shown; the rest are only counted, so a wholly different file reports quickly.
SHOWN_DIFFERENCES = 5
#: Pages with more lines than this are compared line by line in place, not aligned (difflib is quadratic).
_ALIGNED_LINES = 2_000
#: Page keys that do not change what the page shows (annotations are checked on their own).
_PAGE_LINKS = frozenset({"/Parent", "/Annots"})
#: Stream keys that only say how the data is encoded: the decoded data is compared instead.
_ENCODING = frozenset({"/Length", "/Filter", "/DecodeParms"})


class Reason(StrEnum):
    """Why a certificate matches or not; the value is the message key under ``certificate.verify``."""

    MATCHES = "matches"
    MISSING_FILE = "missing_file"
    NOT_A_FILE = "not_a_file"
    TOO_LARGE = "too_large"
    TOO_MANY_PAGES = "too_many_pages"
    ACTIVE_CONTENT = "active_content"
    NOT_PDF = "not_pdf"
    UNREADABLE = "unreadable"
    NOT_CERTIFICATE = "not_certificate"
    DRAFT_CERTIFICATE = "draft_certificate"
    UNKNOWN_INSPECTION = "unknown_inspection"
    STORE_UNREADABLE = "store_unreadable"
    NOT_SIGNED = "not_signed"
    STORE_TAMPERED = "store_tampered"
    HASH_DIFFERS = "hash_differs"
    PAGE_COUNT = "page_count"
    BODY_DIFFERS = "body_differs"
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


def _has_signature(reader: Any) -> bool:
    fields = reader.get_fields() or {}
    return any(f.get("/FT") == "/Sig" and f.get("/V") is not None for f in fields.values())


def _load(pdf: Path) -> bytes | VerifyResult:
    """The file's bytes, or the refusal: missing, not a regular file (a FIFO would block), too large."""
    try:
        fd = os.open(pdf, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        return _result(Reason.MISSING_FILE, pdf)
    except OSError as exc:
        return _result(Reason.UNREADABLE, pdf, detail=exc.strerror or str(exc))
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        return _result(Reason.NOT_A_FILE, pdf)
    with os.fdopen(fd, "rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        if size > MAX_BYTES:
            return _result(Reason.TOO_LARGE, pdf, size=_megabytes(size), limit=_megabytes(MAX_BYTES))
        try:
            data = handle.read(MAX_BYTES + 1)  # the file may have grown since fstat
        except OSError as exc:
            return _result(Reason.UNREADABLE, pdf, detail=exc.strerror or str(exc))
    if len(data) > MAX_BYTES:
        return _result(Reason.TOO_LARGE, pdf, size=_megabytes(len(data)), limit=_megabytes(MAX_BYTES))
    return data


def _active_content(root: Any) -> list[str]:
    """Document-level actions a viewer runs on opening (JavaScript, /OpenAction, /AA): no certificate has them."""
    found = [key for key in ("/OpenAction", "/AA") if key in root]
    names = root.get("/Names")
    if names is not None and "/JavaScript" in names.get_object():
        found.append("/Names /JavaScript")
    return found


def _page_leaves(pages: Any, limit: int) -> int:
    """How many pages the tree really has, counted up to ``limit + 1`` at most: a /Count that lies about a huge
    tree (15.8 s and 413 MB in pypdf's walk) is caught after at most a few times ``limit`` nodes."""
    stack, leaves, budget = [pages], 0, 4 * limit + 16
    while stack and budget > 0:
        budget -= 1
        node = stack.pop().get_object()
        kids = node.get("/Kids")
        if kids is None:
            leaves += 1
            if leaves > limit:
                break
            continue
        kids = kids.get_object()
        if len(kids) > limit:
            return limit + 1
        stack.extend(reversed(kids))
    return leaves if not stack else limit + 1


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f}"


def verify_certificate(pdf: Path, store: RegisterStore, *, trust: Sequence[Path] = ()) -> VerifyResult:
    """Verify ``pdf`` against ``store`` (and its digital signature against ``trust`` roots, if given)."""
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # damage is reported as our reason, not as log noise
    pdf = Path(pdf)
    data = _load(pdf)
    if isinstance(data, VerifyResult):
        return data
    if not data.lstrip(b"\0\t\n\r ").startswith(b"%PDF-"):
        return _result(Reason.NOT_PDF, pdf)
    try:
        reader = PdfReader(io.BytesIO(data))
        metadata = reader.metadata
        keywords = str(metadata.get("/Keywords", "")) if metadata is not None else ""
        stamp = Stamp.parse(keywords)
        root: Any = reader.root_object
        count = root["/Pages"]["/Count"]  # the tree's own count: len(pages) would walk the tree
        active = _active_content(root)
        signed_pdf = _has_signature(reader)
    except Exception as exc:  # pypdf raises many kinds of errors on damaged or foreign files
        return _unreadable(pdf, exc)
    if active:
        return _result(Reason.ACTIVE_CONTENT, pdf, found=", ".join(active))
    if stamp is None:
        return _result(Reason.NOT_CERTIFICATE, pdf)
    if stamp.sha256 is None:
        return _result(Reason.DRAFT_CERTIFICATE, pdf, stamp)
    if not isinstance(count, int):
        return _result(Reason.UNREADABLE, pdf, detail=f"/Pages /Count {str(count)[:40]}")
    if count > MAX_PAGES:
        return _result(Reason.TOO_MANY_PAGES, pdf, stamp, found=count, limit=MAX_PAGES)
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
    from inspect_tui.certificate.render import render_pdf

    # A copy printed before objections were attached after signing lacks them (later copies print
    # them): the PDF must be the rendering with all of them, or with the first few, or with none.
    first_refusal: VerifyResult | None = None
    for kept in range(len(stored.addenda), -1, -1):
        copy = stored.model_copy(update={"addenda": stored.addenda[:kept]})
        # rendered outside the try below: a failure of our own renderer must not pass for a damaged file
        expected = PdfReader(io.BytesIO(render_pdf(copy, store.get_settings(), evidence=store.read_evidence)))
        try:
            refusal = _compare_body(pdf, stamp, reader, count, expected, copy, Provenance.parse(keywords))
        except Exception as exc:  # a page tree or stream pypdf cannot walk: the file is damaged or hostile
            return _unreadable(pdf, exc)
        if refusal is None:
            break
        first_refusal = first_refusal or refusal
    else:
        assert first_refusal is not None
        return first_refusal
    notes: tuple[str, ...] = ()
    if signed_pdf:
        failure, notes = _signature_verdict(data, trust)
        if failure is not None:
            reason, signer = failure
            return _result(reason, pdf, stamp, notes, signer=signer)
    return _result(Reason.MATCHES, pdf, stamp, notes, number=stored.number, sha256=stored.sha256)


def _unreadable(pdf: Path, exc: Exception) -> VerifyResult:
    return _result(Reason.UNREADABLE, pdf, detail=type(exc).__name__ + (f": {exc}" if str(exc) else ""))


# --- the body ------------------------------------------------------------------------------------


def _compare_body(
    pdf: Path,
    stamp: Stamp,
    reader: PdfReader,
    count: int,
    expected: PdfReader,
    stored: Inspection,
    recorded: Provenance | None,
) -> VerifyResult | None:
    """None when every page of ``reader`` (``count`` as its page tree says) is the page ``expected``
    (the fresh rendering) has; else the refusal naming what differs."""
    from inspect_tui.certificate.render import provenance

    want = len(expected.pages)
    ours = provenance()
    context = _context_notes(stored, recorded, ours)
    if count == want:
        count = _page_leaves(reader.root_object["/Pages"], want)  # a lying /Count is caught before pypdf walks the tree
    if count != want:
        return _result(Reason.PAGE_COUNT, pdf, stamp, found=count, expected=want, context=context)
    stored_bytes = _Digester(decoded=False), _Digester(decoded=False)
    decoded = _Digester(decoded=True), _Digester(decoded=True)
    details: list[str] = []
    differing = 0
    for number, (page, fresh) in enumerate(zip(reader.pages, expected.pages, strict=True), start=1):
        overlay = _foreign_annotations(page)
        if overlay == 0 and any(mine.page(page) == theirs.page(fresh) for mine, theirs in (stored_bytes, decoded)):
            continue
        differing += 1
        if len(details) < SHOWN_DIFFERENCES:
            found = _differences(_lines(page), _lines(fresh), number, SHOWN_DIFFERENCES - len(details))
            if overlay:
                found.insert(0, t("certificate.verify.diff_annotations", page=number, count=overlay))
            details += found or [t("certificate.verify.diff_drawing", page=number)]
    if differing == 0:
        return None
    listed = "\n".join(f"  {line}" for line in details[:SHOWN_DIFFERENCES])
    return _result(Reason.BODY_DIFFERS, pdf, stamp, pages=differing, total=want, details=listed, context=context)


def _context_notes(stored: Inspection, recorded: Provenance | None, ours: Provenance) -> str:
    """What else could explain a difference: another program version or fonts, or a sign-off without its issuer."""
    notes = []
    if recorded is None:
        notes.append(t("certificate.verify.version_unknown", ours=ours.app))
    elif recorded != ours:
        notes.append(t("certificate.verify.version_differs", theirs=recorded.app, ours=ours.app, fonts=recorded.fonts != ours.fonts))
    if stored.signoff is not None and stored.signoff.issuer is None:
        notes.append(t("certificate.verify.issuer_unrecorded"))
    return "".join(f"\n{note}" for note in notes)


def _foreign_annotations(page: PageObject) -> int:
    """Annotations other than the invisible signature widget: anything drawn over the page."""
    count = 0
    for ref in page.get("/Annots") or []:
        annotation = ref.get_object()
        rect = [float(v) for v in annotation.get("/Rect", [0, 0, 0, 0])]
        invisible = len(rect) == 4 and rect[0] == rect[2] and rect[1] == rect[3]
        if not (annotation.get("/Subtype") == "/Widget" and annotation.get("/FT") == "/Sig" and invisible):
            count += 1
    return count


class _Digester:
    """Digests of one file's pages: everything that decides how a page looks (content, resources,
    boxes, rotation). Shared objects (fonts) are digested once per file, and cycles are cut.

    With ``decoded`` streams count by their decoded data, so a file a PDF tool re-compressed still
    matches; without, by their stored bytes, which is much faster and enough for the usual case
    of an untouched page (decoding is only tried when the stored bytes differ).
    """

    def __init__(self, *, decoded: bool) -> None:
        from pypdf.generic import ArrayObject, IndirectObject, StreamObject

        self.decoded = decoded
        self.memo: dict[tuple[int, int], bytes] = {}
        self._types = ArrayObject, IndirectObject, StreamObject

    def page(self, page: PageObject) -> bytes:
        return self._digest({k: v for k, v in page.items() if k not in _PAGE_LINKS})

    def _digest(self, value: Any) -> bytes:
        array, indirect, stream = self._types
        if isinstance(value, indirect):
            key = (value.idnum, value.generation)
            if key not in self.memo:
                self.memo[key] = b"cycle"
                self.memo[key] = self._digest(value.get_object())
            return self.memo[key]
        h = hashlib.sha256()
        if isinstance(value, stream):
            if self.decoded:
                h.update(b"S" + self._digest({k: v for k, v in value.items() if k not in _ENCODING}) + value.get_data())
            else:
                h.update(b"R" + self._digest(dict(value.items())) + value._data)
        elif isinstance(value, dict):
            h.update(b"D")
            for key, item in sorted(value.items()):  # items(), not [key]: keeps references unresolved, so memoised
                h.update(str(key).encode("utf-8", "surrogatepass") + b"\0" + self._digest(item))
        elif isinstance(value, (list, array)):
            h.update(b"A")
            for item in value:
                h.update(self._digest(item))
        else:
            h.update(type(value).__name__.encode() + b":" + repr(value).encode("utf-8", "surrogatepass"))
        return h.digest()


def _lines(page: PageObject) -> list[str]:
    """The page's text as non-empty lines, whitespace collapsed (extraction spacing is not content)."""
    lines = (re.sub(r"\s+", " ", line).strip() for line in (page.extract_text() or "").splitlines())
    return [line for line in lines if line]


def _differences(got: list[str], want: list[str], page: int, limit: int) -> list[str]:
    """Up to ``limit`` lines naming page, line and both texts where ``got`` (the PDF) departs from ``want``."""
    if max(len(got), len(want)) <= _ALIGNED_LINES:
        opcodes = difflib.SequenceMatcher(None, got, want, autojunk=False).get_opcodes()
    else:
        positions = (i for i in range(max(len(got), len(want))) if got[i : i + 1] != want[i : i + 1])
        opcodes = [("replace", i, min(i + 1, len(got)), i, min(i + 1, len(want))) for _, i in zip(range(limit), positions, strict=False)]
    out: list[str] = []
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            continue
        for k in range(max(i2 - i1, j2 - j1)):
            i, j = i1 + k, j1 + k
            line = min(i, len(got)) + 1
            found = got[i] if i < i2 else None
            expected = want[j] if j < j2 else None
            if found is None:
                out.append(t("certificate.verify.diff_missing", page=page, line=line, expected=expected))
            elif expected is None:
                out.append(t("certificate.verify.diff_extra", page=page, line=line, found=found))
            else:
                out.append(t("certificate.verify.diff_changed", page=page, line=line, found=found, expected=expected))
            if len(out) >= limit:
                return out
    return out


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
