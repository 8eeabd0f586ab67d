"""A real PostgreSQL for the office register's tests: one server per test process, a new database per test.

Started from the system's server programs (``inspect_tui.office.server``: as the ``postgres`` user under
root), without fsyncs (a test's database dies with its run). Where none are installed the tests that need
it are skipped, naming why; with ``INSPECT_TUI_REQUIRE_PG=1`` (set by ``.ci/run``) they fail instead, so CI
never passes by skipping them.

A test's database is cheap: ``pg_database(template)`` makes one, a copy (``CREATE DATABASE … TEMPLATE``, a
file copy) of ``pg_register_template`` (the schema, migrated once per session, no installation named yet,
so the store that opens it names its own) or of ``pg_demo_template`` (the demo); ``pg_url`` is a new, empty
one; ``pg_demo_url`` a copy of the demo's. Each is dropped when its test ends.
"""

from __future__ import annotations

import itertools
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
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
    started = server.start(root / "server", durable=False)
    try:
        yield started
    finally:
        server.stop(started.folder)
        shutil.rmtree(root, ignore_errors=True)


def _admin(pg_server: server.LocalServer, statement: str) -> None:
    import psycopg

    with psycopg.connect(pg_server.database_url("postgres"), autocommit=True) as conn:
        conn.execute(statement)


def _new_database(pg_server: server.LocalServer, template: str | None = None) -> str:
    """A new database (a copy of ``template``, else empty); its name."""
    name = f"t{os.getpid()}_{next(_names)}"
    _admin(pg_server, f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    return name


@pytest.fixture
def pg_database(pg_server: server.LocalServer) -> Iterator[Callable[[str | None], str]]:
    """Make new databases for one test (each a copy of the template named, else empty); dropped when it ends."""
    made: list[str] = []

    def new(template: str | None = None) -> str:
        made.append(_new_database(pg_server, template))
        return pg_server.database_url(made[-1])

    yield new
    for name in made:
        _admin(pg_server, f'DROP DATABASE "{name}" WITH (FORCE)')  # a test's leftover connections go with it


@pytest.fixture
def pg_url(pg_database: Callable[[str | None], str]) -> str:
    """The URL of a new, empty database on the test process's server."""
    return pg_database(None)


@pytest.fixture(scope="session")
def pg_register_template(pg_server: server.LocalServer) -> str:
    """A database with the register's schema and nothing in it, not even an installation's name."""
    import psycopg

    from inspect_tui.office import migrate

    name = _new_database(pg_server)
    with psycopg.connect(pg_server.database_url(name), autocommit=True) as conn:
        migrate.migrate(conn)
    return name


@pytest.fixture(scope="session")
def pg_demo_template(pg_server: server.LocalServer, pg_register_template: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A database holding the demo, installed once (its timestamps are fixed, as the file store's template's)."""
    from inspect_tui.demo import DEMO_CHECKLIST, install_demo
    from inspect_tui.office.pgstore import PgStore
    from inspect_tui.services import available_checklists

    name = _new_database(pg_server, pg_register_template)
    folder = tmp_path_factory.mktemp("pg-demo")
    found, _ = available_checklists(folder)
    with PgStore.open(pg_server.database_url(name), folder) as template:
        install_demo(template, next(a.checklist for a in found if a.checklist.id == DEMO_CHECKLIST))
    return name


@pytest.fixture
def pg_demo_url(pg_database: Callable[[str | None], str], pg_demo_template: str) -> str:
    """A new database holding the demo."""
    return pg_database(pg_demo_template)
