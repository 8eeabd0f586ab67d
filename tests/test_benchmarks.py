"""Every benchmark runs in its tiny mode and ends with its JSON line, so a rename cannot rot one unnoticed.

No timing is asserted: the figures' values depend on the machine; their shape does not.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = sorted((Path(__file__).parent.parent / "benchmarks").glob("*.py"))


def test_every_benchmark_is_covered() -> None:
    assert {b.stem for b in BENCHMARKS} >= {"certificate", "store", "sync", "tui"}


@pytest.mark.parametrize("script", BENCHMARKS, ids=[b.stem for b in BENCHMARKS])
def test_benchmark_runs_tiny_and_prints_its_figures(script: Path, tmp_path: Path) -> None:
    env = {**os.environ, "INSPECT_TUI_DATA_DIR": str(tmp_path / "data")}
    done = subprocess.run(
        [sys.executable, str(script), "--tiny"], capture_output=True, text=True, timeout=600, cwd=tmp_path, env=env
    )
    assert done.returncode == 0, done.stderr[-3000:]
    last = done.stdout.strip().splitlines()[-1]
    result = json.loads(last)
    assert result["benchmark"] == script.stem
    assert result["figures"], "a benchmark reports at least one figure"
    for figure in result["figures"]:
        assert {"name", "value", "unit", "better"} <= set(figure), figure
        assert isinstance(figure["value"], (int, float)) and figure["better"] in ("lower", "higher")
