"""Every store test on both backends: the laptop's file store and the office's PostgreSQL store.

``register_store`` is an empty store of each kind; ``demo_register_store`` holds the demo (the file store's a
copy of the session's demo, the PostgreSQL one installed into a new database with ``install_demo``: the
office store's own tests take that one, ``demo_office_store``, alone).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from inspect_tui.demo import install_demo
from inspect_tui.domain.checklist import Checklist
from inspect_tui.office.pgstore import PgStore
from inspect_tui.store import Store
from inspect_tui.store_protocol import RegisterStore

BACKENDS = ["file", "postgresql"]


def open_backend(request: pytest.FixtureRequest, data_dir: Path) -> RegisterStore:
    """A new, empty store of the test's backend (``request.param``)."""
    if request.param == "file":
        return Store.open(data_dir)
    return PgStore.open(request.getfixturevalue("pg_url"), data_dir)


@pytest.fixture(params=BACKENDS)
def register_store(request: pytest.FixtureRequest, data_dir: Path) -> Iterator[RegisterStore]:
    with open_backend(request, data_dir) as opened:
        yield opened


@pytest.fixture
def demo_office_store(pg_url: str, data_dir: Path, checklist: Checklist) -> Iterator[PgStore]:
    """The office store holding the demo, installed into a new database."""
    with PgStore.open(pg_url, data_dir) as opened:
        install_demo(opened, checklist)
        yield opened


@pytest.fixture(params=BACKENDS)
def demo_register_store(request: pytest.FixtureRequest, data_dir: Path, demo_template: Path) -> Iterator[RegisterStore]:
    """A store of each backend holding the demo: one signed inspection, one in progress with a violation, one fresh."""
    if request.param == "postgresql":
        yield request.getfixturevalue("demo_office_store")
        return
    shutil.copytree(demo_template, data_dir, ignore=shutil.ignore_patterns(".lock", ".lock.info"))
    with Store.open(data_dir) as opened:
        yield opened
