"""Parsing the Law's text grows linearly with the page: the portal's HTML of the shipped text with 10,000 and
100,000 ``<sup>`` tags added in one paragraph (issue 18: 100,000 took 104 s, quadratic, then a traceback).
The figure is the ratio of the two times (under 10x is linear: the page itself costs the same in both; the old
quadratic parser took 1.2 s at 10,000 and ~100 s at 100,000); also the plain page's time, the baseline.
Medians of a few runs; the last line printed is the JSON result.

Run: python benchmarks/law.py [--tiny]   (--tiny: 1,000 and 10,000 tags, one run; the suite's smoke run)
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from law_render import portal_html  # noqa: E402  (the tests' renderer of the portal's page)

from inspect_tui.law.sources import parse_bytes  # noqa: E402
from inspect_tui.law.store import BUNDLED, read_text  # noqa: E402

TINY = "--tiny" in sys.argv
SMALL, LARGE, RUNS = (1_000, 10_000, 1) if TINY else (10_000, 100_000, 5)


def _page(tags: int) -> bytes:
    page = portal_html(read_text(BUNDLED))
    anchor = '<p class="rvps2">Президент України'  # the signature: the tags' paragraph ends the final provisions
    assert anchor in page
    return page.replace(anchor, "<p>" + "13<sup>1</sup> " * tags + "</p>" + anchor).encode()


def _seconds(data: bytes) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        parse_bytes(data)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    plain = _seconds(_page(0))
    small, large = _seconds(_page(SMALL)), _seconds(_page(LARGE))
    ratio = large / small
    print(f"plain page {plain * 1000:.0f} ms; +{SMALL:,} <sup> {small * 1000:.0f} ms; +{LARGE:,} <sup> {large * 1000:.0f} ms")
    print(json.dumps({
        "benchmark": "law",
        "figures": [
            {"name": "parse_sup_ratio_large_vs_small", "value": round(ratio, 2), "unit": "x", "target": 10, "better": "lower"},
            {"name": f"parse_{LARGE}_sup", "value": round(large * 1000, 1), "unit": "ms", "better": "lower"},
            {"name": "parse_portal_html", "value": round(plain * 1000, 1), "unit": "ms", "better": "lower"},
        ],
    }))


if __name__ == "__main__":
    main()
