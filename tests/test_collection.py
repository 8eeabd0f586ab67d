"""The garbage collector is held off while the app starts and always turned back on (``inspect_tui.collection``)."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from tui_helpers import test_app, until

from inspect_tui import collection
from inspect_tui.app import run_app
from inspect_tui.screens.home import HomeScreen
from inspect_tui.store import Store, StoreLocked


@pytest.fixture(autouse=True)
def collector_restored() -> Iterator[None]:
    yield
    collection.resume()
    gc.enable()


def test_resume_turns_on_only_what_pause_turned_off() -> None:
    collection.pause()
    assert not gc.isenabled()
    collection.resume()
    assert gc.isenabled()
    gc.disable()  # off for another reason (a caller's own choice): pause and resume leave it off
    collection.pause()
    collection.resume()
    assert not gc.isenabled()


def test_a_start_that_fails_turns_the_collector_back_on(data_dir: Path) -> None:
    with Store.open(data_dir), pytest.raises(StoreLocked):
        run_app(data_dir)
    assert gc.isenabled()


def test_the_home_turns_the_collector_back_on_once_it_has_listed(demo_store: Store) -> None:
    async def scenario() -> None:
        collection.pause()
        app = test_app(demo_store)
        async with app.run_test() as pilot:
            await until(pilot, lambda: isinstance(app.screen, HomeScreen) and app.screen.complete)
            await until(pilot, gc.isenabled)

    asyncio.run(scenario())


def test_the_collector_comes_back_on_its_own_when_the_home_never_lists(demo_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(HomeScreen, "reload", lambda self: None)  # a list that never comes (a hung server)
    monkeypatch.setattr("inspect_tui.app.COLLECTION_FALLBACK_S", 1.5)

    async def scenario() -> None:
        collection.pause()
        app = test_app(demo_store)
        async with app.run_test() as pilot:
            assert not gc.isenabled()  # the home has not listed, and the fallback's time has not come
            await until(pilot, gc.isenabled)

    asyncio.run(scenario())
