"""Cost of saving one finding with 10 and with 10,000 inspections stored (target ratio <= 1.5, < 20 ms).

The 10,000 inspections are written straight in the store's file format (one file
per inspection, sharded summary index) without fsync, to keep set-up short; the
measured saves go through the real path: services.record_finding → Store with
atomic, fsynced writes.

Run: python benchmarks/store.py [--tiny]   (--tiny: 20 inspections, a few saves; the test suite's smoke run)
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from datetime import date
from pathlib import Path

from inspect_tui import services
from inspect_tui.demo import DEMO_CHECKLIST, HEAD, demo_enterprises
from inspect_tui.domain.inspection import Inspection, LegalBasis, new_inspection
from inspect_tui.domain.summary import InspectionSummary
from inspect_tui.store import Store

TINY = "--tiny" in sys.argv
REPEATS, LARGE = (4, 20) if TINY else (60, 10_000)


def seed(data_dir: Path, template: Inspection, count: int) -> None:
    """Write ``count`` copies of ``template`` in the store's layout (fast, not durable: set-up only)."""
    shards: dict[str, dict[str, dict]] = defaultdict(dict)
    (data_dir / "inspections").mkdir(parents=True, exist_ok=True)
    (data_dir / "index").mkdir(parents=True, exist_ok=True)
    for n in range(count):
        copy = template.model_copy(update={"id": uuid.uuid4(), "number": f"{n + 1}/2026"})
        data = copy.model_dump(mode="json")
        (data_dir / "inspections" / f"{copy.id}.json").write_text(json.dumps({"inspection": {"1": data}}, ensure_ascii=False), "utf-8")
        shard = shards[copy.id.hex[:2]]
        shard[str(len(shard) + 1)] = InspectionSummary.of(copy).model_dump(mode="json")
    for name, docs in shards.items():
        (data_dir / "index" / f"{name}.json").write_text(json.dumps({"summaries": docs}, ensure_ascii=False), "utf-8")


def time_saves(data_dir: Path, template: Inspection) -> list[float]:
    with Store.open(data_dir) as store:
        inspection = template.model_copy(update={"id": uuid.uuid4(), "number": "bench/2026"})
        store.save_inspection(inspection)
        item_ids = list(inspection.findings)
        samples = []
        for n in range(REPEATS):
            start = time.perf_counter()
            inspection = services.record_finding(store, inspection, item_ids[n % len(item_ids)], note=f"нотатка {n}")
            samples.append((time.perf_counter() - start) * 1000)
    return samples


def main() -> None:
    found, _ = services.available_checklists(Path(tempfile.gettempdir()))
    checklist = next(a.checklist for a in found if a.checklist.id == DEMO_CHECKLIST)
    template = new_inspection(
        id=uuid.uuid4(), number="0", enterprise=demo_enterprises()[0], checklist=checklist,
        basis=LegalBasis(order_number="1", order_date=date(2026, 1, 1), act="розпорядження міського голови"),
        period_from=date(2025, 1, 1),
        period_to=date(2025, 12, 31), start_date=date(2026, 1, 2), end_date=date(2026, 1, 2), inspectors=[HEAD],
        now=services.utcnow(),
    )
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for count in (10, LARGE):
            data_dir = Path(tmp) / str(count)
            seed(data_dir, template, count)
            samples = time_saves(data_dir, template)
            results[count] = statistics.median(samples)
            spread = statistics.quantiles(samples, n=10)
            print(f"{count:>6} inspections: save one finding median {results[count]:.2f} ms "
                  f"(p10 {spread[0]:.2f}, p90 {spread[-1]:.2f}; {len(template.findings)} findings each)")
        with Store.open(Path(tmp) / str(LARGE), writer=False) as reader:
            start = time.perf_counter()
            listed = len(reader.list_summaries())
            listing = (time.perf_counter() - start) * 1000
        print(f"list {listed} summaries: {listing:.0f} ms")
    ratio = results[LARGE] / results[10]
    print(json.dumps({"benchmark": "store", "figures": [
        {"name": "save_ratio_10k_vs_10", "value": round(ratio, 2), "unit": "x", "target": 1.5, "better": "lower"},
        {"name": "save_ms_10k", "value": round(results[LARGE], 2), "unit": "ms", "target": 20, "better": "lower"},
        {"name": "save_ms_10", "value": round(results[10], 2), "unit": "ms", "better": "lower"},
        {"name": "list_summaries_ms_10k", "value": round(listing), "unit": "ms", "better": "lower"},
    ]}))


if __name__ == "__main__":
    main()
