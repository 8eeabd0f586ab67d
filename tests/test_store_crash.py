"""Fault injection: SIGKILL a writer at random instants; every acknowledged write must survive.

The writer prints the number of each write after ``record_finding`` returns
(i.e. after the store acknowledged it). After every kill the store must open,
hold every acknowledged write in the inspection's history, and keep its summary
index consistent with the inspection.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from inspect_tui.domain.summary import InspectionSummary
from inspect_tui.store import Store

pytestmark = pytest.mark.skipif(os.name == "nt", reason="SIGKILL is POSIX")

WRITER = """
import sys, uuid
from datetime import date
from pathlib import Path
from inspect_tui import services
from inspect_tui.demo import demo_enterprises, HEAD
from inspect_tui.domain.inspection import LegalBasis
from inspect_tui.store import Store

data_dir, start = Path(sys.argv[1]), int(sys.argv[2])
store = Store.open(data_dir)
ids = store.inspection_ids()
if ids:
    inspection = store.get_inspection(ids[0])
else:
    found, _ = services.available_checklists(data_dir)
    inspection = services.create_inspection(
        store, enterprise=demo_enterprises()[0], checklist=found[0].checklist,
        basis=LegalBasis(order_number="1", order_date=date(2026, 1, 1)),
        period_from=date(2025, 1, 1), period_to=date(2025, 12, 31),
        start_date=date(2026, 1, 2), end_date=date(2026, 1, 2), inspectors=[HEAD],
    )
items = [i.id for i in inspection.checklist.items]
print("ready", flush=True)
n = start
while True:
    inspection = services.record_finding(store, inspection, items[n % len(items)], note=f"write {n}")
    print(n, flush=True)
    n += 1
"""


def _run_and_kill(data_dir: Path, start: int, rng: random.Random) -> list[int]:
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(data_dir), str(start)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    time.sleep(rng.uniform(0.0, 0.25))
    proc.send_signal(signal.SIGKILL)
    out = proc.stdout.read()
    proc.wait()
    return [int(line) for line in out.split()]


@pytest.mark.parametrize("rounds", [6, pytest.param(25, marks=pytest.mark.slow)])
def test_sigkill_never_loses_an_acknowledged_write(tmp_path: Path, rounds: int) -> None:
    rng = random.Random(1700)
    data_dir = tmp_path / "data"
    acknowledged: list[int] = []
    for _ in range(rounds):
        acknowledged += _run_and_kill(data_dir, (acknowledged[-1] + 1) if acknowledged else 0, rng)
        with Store.open(data_dir) as store:  # recovers and cleans like the app does on start
            assert not list(data_dir.rglob("*.tmp"))
            [inspection_id] = store.inspection_ids()
            inspection = store.get_inspection(inspection_id)
            assert store.list_summaries() == [InspectionSummary.of(inspection)]
            written = {h.new for h in inspection.history if h.field.endswith(".note")}
            missing = [n for n in acknowledged if f"write {n}" not in written]
            assert not missing, f"acknowledged writes lost: {missing[:10]}"
    assert len(acknowledged) > rounds  # the kills really landed in the middle of a stream of writes
