"""Every store test on both backends: the laptop's file store and the office's PostgreSQL store.

How: a test module (or test) marked ``pytest.mark.backends`` runs once per backend, ``[file]`` and
``[postgresql]``: its ``store`` and ``demo_store`` and the sync tests' ``office`` are then a store of
each kind; a test of such a module marked ``backends("file")`` stays on the file store. On PostgreSQL a
command the test runs (``--data-dir`` the store's) opens the same register: ``INSPECT_TUI_STORE`` names it. Unmarked tests get the file store, as they always did. ``register_store``
and ``demo_register_store`` are the same pair as fixtures of their own (tests/test_register_store.py).
A PostgreSQL store lives in a database of its own, copied from a session template (tests/pg.py).

Which tests run on both, and why the others do not (the inventory; keep it current):

Shared: behaviour the ``RegisterStore`` contract promises, whatever keeps the data —
- store operations: test_register_store (the contract itself), test_trash_transaction, test_drafts'
  service-level tests, test_first_rows' protocol tests, test_files;
- sync: test_sync (round trip, idempotence, merge, conflicts, all-or-nothing), test_actions_sync (remedies
  merged by import), test_sync_council (plans and settings merged), test_sync_registry_fill, test_numbering's
  import conflicts, test_sync_hostile's signed-hash and all-or-nothing refusals into a store;
- register: test_actions (actions, remedies, follow-ups), test_plan and test_plan_register (the plan and
  its execution), test_open_end, test_register_verdicts, test_register_council, test_follow_up_numbers;
- TUI pilot tests that change data: test_tui_flow (create, answer, sign), test_tui_drafts (trash, restore),
  test_tui_follow_up (remedies), test_tui_plan (the plan), test_tui_sync (import).

File store only, on purpose — what they test is how files are kept, which PostgreSQL does not have:
- durability by files: test_store_crash, test_store_kills (SIGKILL mid-write), test_store_faults and
  test_store_tui_faults (injected failures of ``atomic.replace``/fsync), test_store_machine (a state
  machine over the files), test_store's temp files, ``.bak`` recovery, locks, modes and quarantine;
- file formats and repair: test_first_rows' ``first_rows.json``, test_doctor_truth and ``doctor`` (a file
  store's check and repair), test_home_startup's index checks;
- byte-level «no file changed» proofs: the sync tests above prove the same on PostgreSQL through the
  protocol (``register_state``), and keep the file snapshot on the file store.
PostgreSQL only: test_office_pg, test_office_cli, test_office_server, the concurrency and role tests in
test_register_store (several connections, GRANTs, migrations).
Not yet on both (no reason but time): the CLI tests (test_cli, test_sync_cli, test_plan_cli), which run a
command on a data dir; the certificate and report tests that read a store only (the annual report's
equality on both backends is test_office_pg's).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from inspect_tui.office.pgstore import PgStore
from inspect_tui.store import Store
from inspect_tui.store_protocol import RegisterStore
from inspect_tui.stores import STORE_ENV, open_store, store_url

BACKENDS = ["file", "postgresql"]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "backends(*names): run the test once per store backend (file, postgresql; or those named): tests/backends.py"
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test marked ``backends`` that uses a store runs on each backend; ``backends("file")`` on a test of a
    marked module keeps that one to the file store (it checks how files are kept)."""
    marker = metafunc.definition.get_closest_marker("backends")
    if "backend" in metafunc.fixturenames and marker is not None:
        metafunc.parametrize("backend", list(marker.args) or BACKENDS, indirect=True)


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    """The store backend of this test: ``file`` unless the test is marked ``backends``."""
    return str(getattr(request, "param", "file"))


def open_backend(name: str, request: pytest.FixtureRequest, data_dir: Path) -> RegisterStore:
    """A new, empty store of backend ``name`` (each call another one), keeping its local files in ``data_dir``."""
    if name == "file":
        return Store.open(data_dir)
    new_database = request.getfixturevalue("pg_database")
    return PgStore.open(new_database(request.getfixturevalue("pg_register_template")), data_dir)


def open_demo(name: str, request: pytest.FixtureRequest, data_dir: Path) -> RegisterStore:
    """A store of backend ``name`` holding the demo (a copy of the session's, each kind's own)."""
    if name == "file":
        shutil.copytree(request.getfixturevalue("demo_template"), data_dir, ignore=shutil.ignore_patterns(".lock", ".lock.info"))
        return Store.open(data_dir)
    new_database = request.getfixturevalue("pg_database")
    return PgStore.open(new_database(request.getfixturevalue("pg_demo_template")), data_dir)


def commands_use(opened: RegisterStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """A command the test runs on the store's data dir opens this register: on PostgreSQL the environment names
    it, as an office's officers set it (the test server's URLs carry no password: ``where`` is the URL)."""
    if isinstance(opened, PgStore):
        monkeypatch.setenv(STORE_ENV, opened.where)


def reopen(data_dir: Path, *, writer: bool = True) -> RegisterStore:
    """The register of the test's store opened again, as a command opens it (the data dir's, or the one
    ``INSPECT_TUI_STORE`` names): to look at what a command left."""
    return open_store(data_dir, url=store_url(None), writer=writer)


@pytest.fixture
def store(backend: str, request: pytest.FixtureRequest, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[RegisterStore]:
    """An empty store: the file store, or each backend's for a test marked ``backends``."""
    with open_backend(backend, request, data_dir) as opened:
        commands_use(opened, monkeypatch)
        yield opened


@pytest.fixture
def demo_store(backend: str, request: pytest.FixtureRequest, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[RegisterStore]:
    """A store holding the demo: one signed inspection, one in progress with a violation, one fresh
    (the file store, or each backend's for a test marked ``backends``)."""
    with open_demo(backend, request, data_dir) as opened:
        commands_use(opened, monkeypatch)
        yield opened


@pytest.fixture(params=BACKENDS)
def register_store(request: pytest.FixtureRequest, data_dir: Path) -> Iterator[RegisterStore]:
    with open_backend(request.param, request, data_dir) as opened:
        yield opened


@pytest.fixture
def demo_office_store(pg_demo_url: str, data_dir: Path) -> Iterator[PgStore]:
    """The office store holding the demo."""
    with PgStore.open(pg_demo_url, data_dir) as opened:
        yield opened


@pytest.fixture(params=BACKENDS)
def demo_register_store(request: pytest.FixtureRequest, data_dir: Path) -> Iterator[RegisterStore]:
    """A store of each backend holding the demo: one signed inspection, one in progress with a violation, one fresh."""
    with open_demo(request.param, request, data_dir) as opened:
        yield opened
