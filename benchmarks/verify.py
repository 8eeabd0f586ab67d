"""Time ``verify`` takes on a certificate of about 1,000 pages (7,200 items, 3,600 violations), and
its ratio to rendering that certificate, which verify must do once (it compares every page with a
fresh rendering): the floor. Also the time to refuse a 20,000-page PDF carrying the right stamp.
Medians of a few runs; the last line printed is the JSON result.

Run: python benchmarks/verify.py [--tiny]   (--tiny: 40 items, 2,000 pages to refuse, one run; the suite's smoke run)
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from certificate import synthetic_inspection
from pypdf import PdfReader, PdfWriter

from inspect_tui.certificate import render_certificate, verify_certificate
from inspect_tui.certificate.render import render_pdf
from inspect_tui.domain.settings import Settings
from inspect_tui.store import Store

TINY = "--tiny" in sys.argv
ITEMS, MANY, RUNS = (40, 2_000, 1) if TINY else (7_200, 20_000, 3)


def _seconds(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def main() -> None:
    inspection = synthetic_inspection(ITEMS, ITEMS // 2, 20)
    settings = Settings(council_name="Покровська міська рада", unit_name="Відділ з питань запобігання корупції", place="м. Покровськ")
    with tempfile.TemporaryDirectory() as folder, Store.open(Path(folder) / "data") as store:
        store.save_settings(settings)
        store.save_inspection(inspection)
        pdf = render_certificate(inspection, settings, Path(folder) / "certificate.pdf")
        pages = len(PdfReader(pdf).pages)
        render = statistics.median(_seconds(lambda: render_pdf(inspection, settings)) for _ in range(RUNS))
        verify = statistics.median(_seconds(lambda: verify_certificate(pdf, store)) for _ in range(RUNS))
        assert verify_certificate(pdf, store).ok
        many = PdfWriter()
        for _ in range(MANY):
            many.add_blank_page(595, 842)
        many.add_metadata({"/Keywords": str(PdfReader(pdf).metadata["/Keywords"])})
        with open(Path(folder) / "many.pdf", "wb") as handle:
            many.write(handle)
        refuse = _seconds(lambda: verify_certificate(Path(folder) / "many.pdf", store))
        size = pdf.stat().st_size
    print(f"certificate of {ITEMS} items: {pages} pages, {size // 1024} KB")
    print(f"render {render:.2f} s, verify {verify:.2f} s (ratio {verify / render:.2f}), refuse {MANY:,} pages {refuse:.2f} s")
    print(json.dumps({
        "benchmark": "verify",
        "figures": [
            {"name": f"verify_{pages}_pages", "value": round(verify, 2), "unit": "s", "better": "lower"},
            {"name": "ratio_vs_render", "value": round(verify / render, 2), "unit": "x", "better": "lower"},
            {"name": f"refuse_{MANY}_pages", "value": round(refuse, 2), "unit": "s", "better": "lower"},
        ],
    }))


if __name__ == "__main__":
    main()
