"""The office register on PostgreSQL at a region's size: ten councils' years, 100,000 signed inspections.

Each council's year is benchmarks/register.py's register (10,000 signed inspections of 40 enterprises,
~47,000 «Ні», follow-ups, a plan), made with its generator as a file store, with enterprises and
certificate numbers of its own (``seed(..., council=k)``), then moved into PostgreSQL the way an office
moves one: ``office import-store`` (copy and verification in one transaction) for the first council into
a database of its own, and the same copy (``copy_register``, one transaction per council) of all ten
into the region's database. The server is a local one (``inspect_tui.office.server``) in a temp folder.

Figures (issue 20), medians of REPEATS runs, wall clock (the work is shared with the server's process):

- importing: ``import-store`` of one council (10,000, verified) and the region's 100,000 (no target);
- the annual report of one council < 2 s and of the whole region < 10 s: the report's facts
  (``annual_report``: the year's lines, follow-ups, plan, actions — what the register queries); rendering
  them into a file costs the same on both backends (benchmarks/register.py measures it); one council's is
  measured inside the region's database (``report annual --council NAME``: ``annual_report(..., council=…)``)
  and, beside it, on a database of its own;
- the home's first page < 100 ms: ``first_rows(50)``, what the home shows before the whole list
  (one walk of the ``summaries_newest`` index); the whole list (``summary_rows``, which the home then
  reads in the background) beside it (no target);
- ratios against the file store at 10,000 (the same council, measured in the same run).

One council's report: a signed inspection names its council (the sign-off's issuer, ``InspectionSummary.council``),
its plan is kept under that council (plans are keyed by council and year), and ``report annual --council NAME``
selects by it. The generator gives each council its own name (``register.council_name``: its settings, its plan's
council, its sign-offs' issuer), so the first council's report is taken out of the region's database; the region's
report covers every inspection, with each council's plan and the last copied council's header (the settings move
with each copy). The councils' numbers do not overlap here; real councils' «1/2026» would, and the region's report
would list them as number conflicts.

Run: python benchmarks/office.py [--tiny] [--lists-only] [--councils N]
(--tiny: 10 councils of 9 inspections, one run; the test suite's smoke run. --lists-only: only the list figures,
no reports and no verified import-store (seeding is most of the time: ~N minutes). --councils N: N councils'
years instead of ten, when the full region does not fit the time at hand: the figures' names say the size.)
"""

from __future__ import annotations

import json
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path

import psycopg
from register import YEAR, council_name, seed

from inspect_tui.office import server
from inspect_tui.office.pgstore import PgStore
from inspect_tui.register.annual import annual_report
from inspect_tui.services import office
from inspect_tui.services.store_copy import copy_register
from inspect_tui.store import Store
from inspect_tui.store_protocol import RegisterStore

TINY = "--tiny" in sys.argv
LISTS_ONLY = "--lists-only" in sys.argv
COUNCILS = int(sys.argv[sys.argv.index("--councils") + 1]) if "--councils" in sys.argv else 10
PER_COUNCIL, REPEATS = (9, 1) if TINY else (10_000, 5)
REGION = COUNCILS * PER_COUNCIL
TODAY = date(YEAR, 12, 31)
PAGE = 50  # the home's first page


def median(run: Callable[[], object]) -> float:
    """Median wall seconds of REPEATS runs."""
    times = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def timed(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def create_database(local: server.LocalServer, name: str) -> str:
    with psycopg.connect(local.database_url("postgres"), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return local.database_url(name)


def measures(store: RegisterStore) -> tuple[float, float, float, int]:
    """Seconds of the year's report facts (0 with ``--lists-only``), of the home's rows and of its first page; how many
    lines the report has (the inspections' count with ``--lists-only``)."""
    if len(store.first_rows(PAGE)) != min(PAGE, len(store.inspection_ids())):
        raise SystemExit("the first page is not full")
    rows, page = median(store.summary_rows), median(lambda: store.first_rows(PAGE))
    if LISTS_ONLY:
        return 0.0, rows, page, len(store.inspection_ids())
    lines = len(annual_report(store, YEAR, today=TODAY).inspections)
    return median(lambda: annual_report(store, YEAR, today=TODAY)), rows, page, lines


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        root.chmod(0o711)  # under root the server runs as «postgres»: it must reach its folder
        local = server.start(root / "server")
        try:
            figures = run(root, local)
        finally:
            server.stop(local.folder)
    print(json.dumps({"benchmark": "office", "figures": figures}))


def run(root: Path, local: server.LocalServer) -> list[dict[str, object]]:
    council_url, region_url = create_database(local, "council"), create_database(local, "region")
    here = root / "local"
    seeding = importing = 0.0
    first = root / "council0"
    seeding += timed(lambda: seed(first, PER_COUNCIL))
    with Store.open(first, writer=False) as files:
        file_report, file_rows, file_page, file_lines = measures(files)
    import_one = 0.0 if LISTS_ONLY else timed(lambda: office.import_store(first, council_url, data_dir=here))
    with PgStore.open(region_url, here) as region:
        for k in range(COUNCILS):
            folder = root / f"council{k}"
            if k:
                seeding += timed(partial(seed, folder, PER_COUNCIL, council=k))
            with Store.open(folder, writer=False) as source:

                def copy() -> None:
                    with region.transaction():
                        copy_register(source, region)

                importing += timed(copy)
            shutil.rmtree(folder)
            print(f"council {k + 1}/{COUNCILS} in the region", file=sys.stderr)
    with PgStore.open(region_url, here, writer=False) as region:
        region_report, region_rows, region_page, region_lines = measures(region)
        count = len(region.inspection_ids())
        one = partial(annual_report, region, YEAR, today=TODAY, council=council_name(0))
        in_region, in_region_lines = (0.0, file_lines) if LISTS_ONLY else (median(one), len(one().inspections))
    if in_region_lines != file_lines:
        raise SystemExit(f"expected {file_lines} lines of the first council in the region: found {in_region_lines}")
    if count != REGION or region_lines != REGION:
        raise SystemExit(f"expected {REGION} inspections: found {count}, {region_lines} lines")
    print(f"home's first page of {PAGE}: file store {file_page * 1000:.1f} ms, region {region_page * 1000:.1f} ms; "
          f"whole list: file store {file_rows * 1000:.0f} ms, region {region_rows * 1000:.0f} ms (medians of {REPEATS})")
    lists = [
        {"name": f"first_page_region_ms_{REGION}", "value": round(region_page * 1000, 2), "unit": "ms", "target": 100, "better": "lower"},
        {"name": f"first_page_files_ms_{PER_COUNCIL}", "value": round(file_page * 1000, 2), "unit": "ms", "better": "lower"},
        {"name": f"home_rows_region_ms_{REGION}", "value": round(region_rows * 1000, 1), "unit": "ms", "better": "lower"},
        {"name": f"home_rows_files_ms_{PER_COUNCIL}", "value": round(file_rows * 1000, 1), "unit": "ms", "better": "lower"},
    ]
    if LISTS_ONLY:
        return lists
    with PgStore.open(council_url, here, writer=False) as council:
        council_report, council_rows, _, council_lines = measures(council)
    if council_lines != file_lines:
        raise SystemExit(f"expected {file_lines} lines of a council: found {council_lines}")
    print(f"seeded {COUNCILS} councils × {PER_COUNCIL} signed inspections in {seeding:.1f} s")
    print(f"import-store of one council ({PER_COUNCIL}, verified): {import_one:.1f} s; the region's {REGION}: {importing:.1f} s "
          f"({importing / REGION * 1000:.2f} ms an inspection)")
    print(f"annual report facts: file store {file_report:.2f} s, council on PostgreSQL {council_report:.2f} s "
          f"(in the region's database {in_region:.2f} s), region {region_report:.2f} s")
    return [
        *lists,
        {"name": f"import_store_s_{PER_COUNCIL}", "value": round(import_one, 2), "unit": "s", "better": "lower"},
        {"name": f"region_import_s_{REGION}", "value": round(importing, 1), "unit": "s", "better": "lower"},
        {"name": f"annual_facts_council_s_{PER_COUNCIL}", "value": round(council_report, 3), "unit": "s", "target": 2, "better": "lower"},
        {"name": f"annual_facts_region_s_{REGION}", "value": round(region_report, 3), "unit": "s", "target": 10, "better": "lower"},
        {"name": f"annual_facts_council_in_region_s_{PER_COUNCIL}_of_{REGION}", "value": round(in_region, 3), "unit": "s", "target": 2, "better": "lower"},
        {"name": f"home_rows_council_ms_{PER_COUNCIL}", "value": round(council_rows * 1000, 1), "unit": "ms", "better": "lower"},
        {"name": "annual_facts_ratio_council_pg_vs_files", "value": round(council_report / file_report, 2), "unit": "x", "better": "lower"},
        {"name": "annual_facts_ratio_region_pg_vs_council_files", "value": round(region_report / file_report, 2), "unit": "x", "better": "lower"},
        {"name": "home_rows_ratio_council_pg_vs_files", "value": round(council_rows / file_rows, 2), "unit": "x", "better": "lower"},
        {"name": f"annual_facts_files_s_{PER_COUNCIL}", "value": round(file_report, 3), "unit": "s", "better": "lower"},
    ]


if __name__ == "__main__":
    main()
