"""The local server the office's trial and tests run on: started from the system's programs, refused clearly."""

from __future__ import annotations

import os
from pathlib import Path

import psycopg
import pytest

from inspect_tui.office import server


def test_a_new_database_per_test_on_a_real_server(pg_url: str) -> None:
    with psycopg.connect(pg_url) as conn:
        conn.execute("CREATE TABLE t (x int)")
        conn.execute("INSERT INTO t VALUES (1)")
        assert conn.execute("SELECT count(*) FROM t").fetchone() == (1,)


@pytest.mark.skipif(os.geteuid() != 0, reason="the hand-over to «postgres» happens only under root")
def test_a_folder_the_service_user_cannot_reach_is_refused_naming_it(tmp_path: Path) -> None:
    closed = tmp_path / "closed"
    closed.mkdir(mode=0o700)
    with pytest.raises(server.ServerError, match="closed to others"):
        server.start(closed / "server")
