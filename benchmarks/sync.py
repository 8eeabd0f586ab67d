"""Export and import of 10,000 inspections of 100 findings, against plain pydantic validation.

The bundle is generated directly (one inspection built with the domain functions,
cloned as JSON with new ids and numbers): saving 10,000 inspections through the
store first would take as long as the import being measured. The import fills a
store, which the export then reads. Each phase runs in a fresh process so its
peak memory (ru_maxrss) is its own.

Usage: python benchmarks/sync.py [COUNT | --tiny]   (--tiny: 20 inspections; the test suite's smoke run)
"""

from __future__ import annotations

import gc
import json
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

COUNT = 20 if "--tiny" in sys.argv else int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 10_000
ITEMS = 100


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def build_bundle(path: Path, count: int) -> int:
    """Write a bundle of ``count`` inspections of ``ITEMS`` answered findings; returns its size."""
    from inspect_tui.demo import HEAD, SPECIALIST, demo_enterprises
    from inspect_tui.domain import inspection as ops
    from inspect_tui.domain.checklist import Checklist
    from inspect_tui.sync.bundle import FORMAT_VERSION

    sections = [
        {
            "id": f"s{s}",
            "title": {"uk": f"Розділ {s + 1}", "en": f"Section {s + 1}"},
            "items": [
                {
                    "id": f"item-{s}-{k}",
                    "question": {"uk": f"Чи виконано вимогу {s + 1}.{k + 1} щодо запобігання корупції?", "en": f"Is requirement {s + 1}.{k + 1} met?"},
                    "refs": [{"article": str(50 + s), "part": str(k + 1)}],
                    "documents": ["Наказ", "Журнал"],
                }
                for k in range(ITEMS // 10)
            ],
        }
        for s in range(10)
    ]
    checklist = Checklist.model_validate(
        {"id": "bench", "version": "1", "title": {"uk": "Перелік"}, "legal_basis": {"uk": "Закон № 1700-VII"}, "sections": sections}
    )
    enterprise = demo_enterprises()[0]
    now = datetime(2026, 3, 2, 9, tzinfo=UTC)
    inspection = ops.new_inspection(
        id=uuid.uuid4(), number="0/2026", enterprise=enterprise, checklist=checklist,
        basis=ops.LegalBasis(order_number="1-од", order_date=date(2026, 3, 1)), period_from=date(2025, 1, 1),
        period_to=date(2025, 12, 31), start_date=date(2026, 3, 2), end_date=date(2026, 3, 3), inspectors=[HEAD, SPECIALIST], now=now,
    )
    for item in checklist.items:
        inspection = ops.update_finding(inspection, item.id, now, answer=ops.Answer.COMPLIES, documents=["Наказ"])
    template = inspection.model_dump(mode="json")
    header = {
        "format_version": FORMAT_VERSION, "installation_id": str(uuid.uuid4()), "installation_name": "bench",
        "exported_at": now.isoformat(), "attachments": True,
    }
    with open(path, "w", encoding="utf-8") as out:
        out.write(json.dumps(header, ensure_ascii=False)[:-1])
        out.write(',"enterprises":[' + enterprise.model_dump_json() + '],"inspections":[\n')
        for n in range(count):
            template["id"], template["number"] = str(uuid.uuid4()), f"{n + 1}/2026"
            out.write(("" if n == 0 else ",\n") + json.dumps(template, ensure_ascii=False))
        out.write('\n],"evidence":[],"remedies":[],"plans":[]}\n')
    return path.stat().st_size


def phase_validate(bundle: Path) -> dict[str, float]:
    """The baseline: the bundle validated by pydantic in one call, GC paused as the import does."""
    from inspect_tui.sync import Bundle

    data = bundle.read_bytes()
    gc.collect()
    before = _peak_mb()
    gc.disable()
    start = time.perf_counter()
    Bundle.model_validate_json(data)
    seconds = time.perf_counter() - start
    gc.enable()
    return {"seconds": seconds, "peak_mb": _peak_mb(), "start_mb": before}


def phase_import(bundle: Path, data_dir: Path, dry_run: bool) -> dict[str, float]:
    from inspect_tui.store import Store
    from inspect_tui.sync import import_bundles

    with Store.open(data_dir) as store:
        before = _peak_mb()
        start = time.perf_counter()
        report = import_bundles(store, [bundle], dry_run=dry_run, max_bytes=2_000_000_000)
        seconds = time.perf_counter() - start
    assert len(report.added) == COUNT, report.summary_table()
    return {"seconds": seconds, "peak_mb": _peak_mb(), "start_mb": before}


def phase_export(data_dir: Path, out: Path) -> dict[str, float]:
    from inspect_tui.store import Store
    from inspect_tui.sync import export_bundle

    with Store.open(data_dir, writer=False) as store:
        before = _peak_mb()
        start = time.perf_counter()
        report = export_bundle(store, out)
        seconds = time.perf_counter() - start
    assert report.inspections == COUNT
    return {"seconds": seconds, "peak_mb": _peak_mb(), "start_mb": before}


def _child(*args: str) -> dict[str, float]:
    done = subprocess.run([sys.executable, __file__, str(COUNT), *args], check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        bundle = root / "bundle.json"
        start = time.perf_counter()
        size = build_bundle(bundle, COUNT)
        size_mb = size / 1e6
        print(f"bundle: {COUNT} inspections × {ITEMS} findings, {size_mb:.0f} MB ({size / COUNT / 1000:.1f} kB each), "
              f"generated in {time.perf_counter() - start:.1f} s", flush=True)
        validate = _child("validate", str(bundle))
        print(f"plain pydantic validation: {validate['seconds']:.1f} s, peak {validate['peak_mb']:.0f} MB", flush=True)
        dry = _child("import", str(bundle), str(root / "dry"), "dry")
        print(f"import --dry-run (check + plan, no writes): {dry['seconds']:.1f} s, peak {dry['peak_mb']:.0f} MB", flush=True)
        imported = _child("import", str(bundle), str(root / "office"), "write")
        print(f"import: {imported['seconds']:.1f} s, peak {imported['peak_mb']:.0f} MB "
              f"(process at start {imported['start_mb']:.0f} MB)", flush=True)
        exported = _child("export", str(root / "office"), str(root / "out.json"))
        print(f"export: {exported['seconds']:.1f} s, peak {exported['peak_mb']:.0f} MB", flush=True)
    ratio = imported["seconds"] / validate["seconds"]
    dry_ratio = dry["seconds"] / validate["seconds"]
    memory = (imported["peak_mb"] - imported["start_mb"]) / size_mb
    print(f"import / validation: {ratio:.2f}x (dry run {dry_ratio:.2f}x); import peak memory growth / bundle size: {memory:.2f}x")
    figures: list[dict[str, Any]] = [
        {"name": f"import_{COUNT}_s", "value": round(imported["seconds"], 2), "unit": "s", "target": 60, "better": "lower"},
        {"name": "import_vs_validation_ratio", "value": round(ratio, 2), "unit": "x", "target": 3, "better": "lower"},
        {"name": "dry_run_vs_validation_ratio", "value": round(dry_ratio, 2), "unit": "x", "better": "lower"},
        {"name": f"export_{COUNT}_s", "value": round(exported["seconds"], 2), "unit": "s", "better": "lower"},
        {"name": "validation_s", "value": round(validate["seconds"], 2), "unit": "s", "better": "lower"},
        {"name": "import_peak_memory_vs_bundle", "value": round(memory, 2), "unit": "x", "better": "lower"},
        {"name": "bundle_mb", "value": round(size_mb, 1), "unit": "MB", "better": "lower"},
    ]
    print(json.dumps({"benchmark": "sync", "figures": figures}))


if __name__ == "__main__":
    if len(sys.argv) > 2:
        phase, rest = sys.argv[2], sys.argv[3:]
        if phase == "validate":
            result = phase_validate(Path(rest[0]))
        elif phase == "import":
            result = phase_import(Path(rest[0]), Path(rest[1]), rest[2] == "dry")
        else:
            result = phase_export(Path(rest[0]), Path(rest[1]))
        print(json.dumps(result))
    else:
        main()
