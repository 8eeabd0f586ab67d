"""Every store test on both backends: the laptop's file store and the office's PostgreSQL store.

How: a test module (or test) marked ``pytest.mark.backends`` runs once per backend, ``[file]`` and
``[postgresql]``: its ``store`` and ``demo_store`` and the sync tests' ``office`` are then a store of
each kind; a test of such a module marked ``backends("file")`` stays on the file store. On PostgreSQL a
command the test runs (``--data-dir`` the store's) opens the same register: ``INSPECT_TUI_STORE`` names it. Unmarked tests get the file store, as they always did. ``register_store``
and ``demo_register_store`` are the same pair as fixtures of their own (tests/test_register_store.py).
A PostgreSQL store lives in a database of its own, copied from a session template (tests/pg.py).

Which tests run on both, and why the others do not (the inventory; keep it current when adding a test):

Shared: behaviour the ``RegisterStore`` contract promises, whatever keeps the data —
- store operations: test_register_store (the contract itself), test_trash_transaction (the trash's
  transactions), test_first_rows and test_files (their protocol tests), test_home_first_page;
- sync, with the importing office on each backend (the laptops stay file stores): test_sync (round trip,
  idempotence, merge, conflicts kept aside, signed-hash refusals, all-or-nothing), test_actions_sync
  (remedies merged), test_sync_council (plans, settings, registry; the annual report equal in four formats),
  test_sync_registry_fill, test_sync_hostile (every hostile bundle refused by the CLI, nothing written),
  test_numbering (numbering conflicts of an import, renumbering), test_open_end;
- register and services: test_actions (actions, remedies, follow-ups), test_follow_up_numbers, test_plan,
  test_plan_basis, test_plan_verdict, test_register_verdicts, test_register_council, test_drafts,
  test_numbering_concurrency (threads and processes at once: one writer at a time), test_input_bounds,
  test_company_power, test_signs_apart, test_demo_facts — their CLI tests too (``INSPECT_TUI_STORE``);
- TUI pilot tests that change data, the main flows: test_tui_flow (create, answer, sign, print),
  test_tui_drafts (edit the header, delete, restore), test_tui_follow_up (remedy, follow-up, its signing),
  test_tui_plan (import, add, edit, remove), test_tui_sync (import through the screens), test_tui_create_once,
  test_tui_numbering, test_tui_follow_up_dates.

File store only, on purpose — what they test is how files are kept, which PostgreSQL does not have:
- durability by files: test_store_crash, test_store_kills (SIGKILL mid-write), test_store_faults and
  test_store_tui_faults (injected failures of ``atomic.replace``/fsync), test_store_machine (a state machine
  over the files), test_store (temp files, ``.bak`` recovery, locks, modes, quarantine), the crash tests
  of test_drafts and test_trash_transaction;
- file formats and repair: shards and damaged files (marked ``backends("file")`` where their module runs on
  both), ``first_rows.json``, test_doctor_truth and ``doctor`` (a file store's check and repair; the office
  register's refuses it), test_home_startup's index checks;
- the data dir's lock: test_sync_hostile's FIFO refusal before the lock, test_numbering_concurrency's
  second program waiting for it (its PostgreSQL variant has no lock to wait for).
PostgreSQL only: test_office_pg, test_office_cli, test_office_server, the concurrency, role, migration
and damaged-row tests of test_register_store.
Not yet on both, for time (each a full TUI run, 10-100 s on this machine): the other TUI pilot tests
(test_tui_screens, test_tui_legal, test_tui_plan's other flows, test_tui_sync_files, test_tui_annual_report),
which mostly read; and the certificate and report tests (test_certificate_*, test_annual_report), which
read one store (the office's annual report is compared with the file store's in test_sync_council and
test_office_pg).
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
