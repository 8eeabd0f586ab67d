"""A real PostgreSQL for the office register's tests: one server per test process, a new database per test.

Started from the system's server programs (``inspect_tui.office.server``: as the ``postgres`` user under
root). Where none are installed the tests that need it are skipped, naming why; with
``INSPECT_TUI_REQUIRE_PG=1`` (set by ``.ci/run``) they fail instead, so CI never passes by skipping them.
"""

from __future__ import annotations

import itertools
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from inspect_tui.office import server

_names = itertools.count(1)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[server.LocalServer]:
    if server.server_bin_dir() is None:
        reason = "no PostgreSQL server programs (the system's «postgresql» package) on this machine"
        if os.environ.get("INSPECT_TUI_REQUIRE_PG"):
            pytest.fail(reason)
        pytest.skip(reason)
    root = Path(tempfile.mkdtemp(prefix="inspect-tui-pg-"))
    root.chmod(0o711)  # the server runs as «postgres» under root: it must reach its folder
    started = server.start(root / "server")
    try:
        yield started
    finally:
        server.stop(started.folder)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def pg_url(pg_server: server.LocalServer) -> str:
    """The URL of a new, empty database on the test process's server."""
    import psycopg

    name = f"t{os.getpid()}_{next(_names)}"
    with psycopg.connect(pg_server.database_url("postgres"), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return pg_server.database_url(name)
