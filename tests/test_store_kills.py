"""SIGKILL loops over save, import and export: no acknowledged write is lost, no reader sees a half state.

A zygote process imports the program once and forks one child per round, so a
kill costs milliseconds, not an interpreter start. A child acknowledges each
operation after it returned by appending its number to an ack file (``os.write``
goes to the kernel at once, so a kill cannot lose an acknowledgement). After each
kill a reader (no lock, no recovery) must see a consistent store, then a writer
must find every acknowledged operation.

By default a few rounds of each run; ``pytest -m slow`` runs 200 kills in all.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from factories import inspection
from store_helpers import assert_consistent, store_bytes

from inspect_tui.store import Store
from inspect_tui.sync import export_bundle

pytestmark = pytest.mark.skipif(os.name == "nt", reason="SIGKILL and fork are POSIX")

ZYGOTE = r"""
import itertools, os, signal, sys
from pathlib import Path
from inspect_tui import services
from inspect_tui.store import Store
from inspect_tui.sync import export_bundle, import_bundles

def run(kind, data_dir, ack, arg):
    fd = os.open(ack, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    say = lambda text: os.write(fd, f"{text}\n".encode())
    if kind == "export":
        store = Store.open(data_dir, writer=False)
        say("ready")
        for n in itertools.count():
            export_bundle(store, Path(arg))
            say(n)
    store = Store.open(data_dir)
    say("ready")
    if kind == "save":
        inspection = store.get_inspection(store.inspection_ids()[0])
        items = [i.id for i in inspection.checklist.items]
        for n in itertools.count(int(arg)):
            inspection = services.record_finding(store, inspection, items[n % len(items)], note=f"write {n}")
            say(n)
    bundles = sorted(Path(arg).glob("*.json"))
    for n in itertools.count():
        import_bundles(store, [bundles[n % len(bundles)]])
        say(bundles[n % len(bundles)].stem)

signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the kernel
print("zygote", flush=True)
for line in sys.stdin:
    kind, data_dir, ack, arg = line.rstrip("\n").split("\t")
    pid = os.fork()
    if pid == 0:
        try:
            run(kind, Path(data_dir), Path(ack), arg)
        finally:
            os._exit(0)
    print(pid, flush=True)
"""

DEFAULT_ROUNDS = {"save": 4, "import": 4, "export": 3}
SLOW_ROUNDS = {"save": 80, "import": 80, "export": 40}  # 200 kills


class Zygote:
    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.proc = subprocess.Popen([sys.executable, "-c", ZYGOTE], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self._line() == "zygote"
        self.rounds = 0

    def _line(self) -> str:
        assert self.proc.stdout is not None
        return self.proc.stdout.readline().strip()

    def run_and_kill(self, kind: str, data_dir: Path, arg: str, rng: random.Random) -> list[str]:
        """One child doing ``kind`` until a SIGKILL at a random instant; its acknowledgements."""
        self.rounds += 1
        ack = self.tmp / f"ack-{self.rounds}"
        assert self.proc.stdin is not None
        self.proc.stdin.write(f"{kind}\t{data_dir}\t{ack}\t{arg}\n")
        self.proc.stdin.flush()
        pid = int(self._line())
        acks = 1 + rng.randint(1 if self.rounds == 1 else 0, 2)  # "ready" and a few operations: kills land mid-stream
        deadline = time.monotonic() + 60
        while not (ack.exists() and len(ack.read_text().split()) >= acks):
            assert time.monotonic() < deadline, "the child stopped acknowledging"
            time.sleep(0.002)
        time.sleep(rng.uniform(0.0, 0.03))
        os.kill(pid, signal.SIGKILL)
        while True:  # gone once the kernel reaped it
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.001)
        return ack.read_text().split()[1:]

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(10)


@pytest.fixture
def zygote(tmp_path: Path) -> Iterator[Zygote]:
    z = Zygote(tmp_path)
    yield z
    z.close()


def _kills_for(kind: str) -> list[object]:
    return [
        pytest.param(kind, DEFAULT_ROUNDS, id=f"{kind}-default"),
        pytest.param(kind, SLOW_ROUNDS, id=f"{kind}-slow", marks=pytest.mark.slow),
    ]


@pytest.mark.parametrize("kind, counts", _kills_for("save"))
def test_killed_saves_lose_no_acknowledged_write(
    zygote: Zygote, tmp_path: Path, kind: str, counts: dict[str, int]
) -> None:
    rng = random.Random(1700)
    data_dir = tmp_path / "data"
    with Store.open(data_dir) as store:
        store.save_inspection(inspection())
    acknowledged: list[int] = []
    for _ in range(counts[kind]):
        acknowledged += map(int, zygote.run_and_kill(kind, data_dir, str(acknowledged[-1] + 1 if acknowledged else 0), rng))
        with Store.open(data_dir, writer=False) as reader:  # before any recovery
            [seen] = assert_consistent(reader)
        with Store.open(data_dir) as writer:
            [current] = assert_consistent(writer)
            assert current.history[: len(seen.history)] == seen.history  # the reader saw a committed state
            notes = {h.new for h in current.history if h.field.endswith(".note")}
            assert [n for n in acknowledged if f"write {n}" not in notes] == []
        assert not list(data_dir.rglob("*.tmp"))
    assert acknowledged  # the first round waits for one acknowledged write


@pytest.fixture(scope="module")
def bundles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Bundles of three new inspections each (names sort in import order)."""
    folder = tmp_path_factory.mktemp("bundles")
    source = folder / "source"
    with Store.open(source) as store:
        made = [inspection(number=f"{n}/2026") for n in range(1, 61)]
        for insp in made:
            store.save_inspection(insp)
        for b in range(20):
            export_bundle(store, folder / "out" / f"{b:03}.json", inspection_ids=[i.id for i in made[3 * b : 3 * b + 3]])
    return folder / "out"


@pytest.mark.parametrize("kind, counts", _kills_for("import"))
def test_killed_imports_are_all_or_nothing(
    zygote: Zygote, tmp_path: Path, bundles: Path, kind: str, counts: dict[str, int]
) -> None:
    rng = random.Random(61)
    data_dir = tmp_path / "data"
    contents = {p.stem: {i["id"] for i in json.loads(p.read_text("utf-8"))["inspections"]} for p in bundles.glob("*.json")}
    acknowledged: set[str] = set()
    for _ in range(counts[kind]):
        acknowledged.update(zygote.run_and_kill(kind, data_dir, str(bundles), rng))
        for opener in (False, True):  # a reader before any recovery, then the writer
            with Store.open(data_dir, writer=opener) as store:
                present = {str(i.id) for i in assert_consistent(store)}
                for name, ids in contents.items():
                    assert ids <= present or not ids & present, f"bundle {name} half imported"
                missing = [name for name in acknowledged if not contents[name] <= present]
                assert missing == [], f"acknowledged imports lost: {missing}"
        assert not list(data_dir.rglob("*.tmp"))
    assert acknowledged


@pytest.mark.parametrize("kind, counts", _kills_for("export"))
def test_killed_exports_never_leave_a_torn_bundle(
    zygote: Zygote, demo_store: Store, data_dir: Path, tmp_path: Path, kind: str, counts: dict[str, int]
) -> None:
    rng = random.Random(7)
    ids = {str(s.id) for s in demo_store.list_summaries()}
    demo_store.close()
    before = store_bytes(data_dir)
    out = tmp_path / "stick" / "bundle.json"
    acknowledged = 0
    for _ in range(counts[kind]):
        acknowledged += len(zygote.run_and_kill(kind, data_dir, str(out), rng))
        if acknowledged:
            assert {i["id"] for i in json.loads(out.read_text("utf-8"))["inspections"]} == ids
    assert store_bytes(data_dir) == before  # exporting changes nothing in the store
    assert acknowledged
