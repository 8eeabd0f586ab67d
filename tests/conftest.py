"""Shared fixtures: an isolated data dir, the demo, and a machine with no network (a store and the demo in one:
tests/backends.py)."""

from __future__ import annotations

import os
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from inspect_tui.demo import DEMO_CHECKLIST, install_demo
from inspect_tui.domain.checklist import Checklist
from inspect_tui.domain.inspection import Status
from inspect_tui.i18n import set_language
from inspect_tui.services import available_checklists
from inspect_tui.store import Store

pytest_plugins = ["pg", "backends"]  # a real PostgreSQL for the office register's tests (tests/pg.py); every store test on both backends (tests/backends.py)

# Property tests: a fast default (CI, a plain `pytest`); HYPOTHESIS_PROFILE=thorough runs the full counts
# (see tests/examples.py for the tests that state their own).
settings.register_profile("fast", max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "fast"))


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """Never touch the developer's real data dir; start every test in Ukrainian."""
    monkeypatch.setenv("INSPECT_TUI_DATA_DIR", str(tmp_path / "default-data"))
    monkeypatch.delenv("INSPECT_TUI_LANG", raising=False)
    set_language("uk")
    yield
    set_language("uk")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def checklist(data_dir: Path) -> Checklist:
    found, _ = available_checklists(data_dir)
    return next(a.checklist for a in found if a.checklist.id == DEMO_CHECKLIST)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo built once per session (its timestamps are fixed, so every copy is identical)."""
    folder = tmp_path_factory.mktemp("demo") / "data"
    found, _ = available_checklists(folder)
    with Store.open(folder) as template:
        install_demo(template, next(a.checklist for a in found if a.checklist.id == DEMO_CHECKLIST))
    return folder


@pytest.fixture(scope="session")
def signed_pdf_template(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The certificate of the demo's signed inspection, rendered once per session from the demo every store copies."""
    from inspect_tui.certificate.render import render_certificate  # reportlab only for the tests that print

    set_language("uk")
    with Store.open(demo_template, writer=False) as template:
        signed = template.get_inspection(next(s.id for s in template.list_summaries() if s.status is Status.SIGNED))
        return render_certificate(signed, template.get_settings(), tmp_path_factory.mktemp("signed") / "signed.pdf")


@pytest.fixture
def signed_pdf(signed_pdf_template: Path, tmp_path: Path) -> Path:
    """A copy of that certificate for one test, which may edit it."""
    return Path(shutil.copyfile(signed_pdf_template, tmp_path / "signed.pdf"))


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open a socket fails the test."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked ``slow`` (the larger fault-injection variants) run only when asked for: ``pytest -m slow``."""
    if "slow" in (config.option.markexpr or ""):
        return
    skip = pytest.mark.skip(reason="slow: run with -m slow")
    for item in items:
        if item.get_closest_marker("slow") is not None:
            item.add_marker(skip)
