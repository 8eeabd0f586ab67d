"""A local PostgreSQL server in a folder, from the system's ``initdb`` and ``pg_ctl``: for trying the office
register (``office demo-server``) and for the tests.

PostgreSQL refuses to run as root, so under root the server runs as the ``postgres`` user, which must own
the folder (it is handed over) and reach it (every parent must be searchable by others). The server listens
on 127.0.0.1 and on a socket inside the folder, with trust authentication for this machine only: it is a
server to try things on, never the office's real one.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

SUPERUSER = "inspect"
DATABASE = "inspect"
_SERVICE_USER = "postgres"
_START_TIMEOUT_S = 60


class ServerError(Exception):
    """The local server could not be set up or started; the message says why."""


def server_bin_dir() -> Path | None:
    """The folder of the newest installed PostgreSQL's server programs, or None when none is installed."""
    versions = sorted(
        (p for p in Path("/usr/lib/postgresql").glob("*/bin") if (p / "initdb").exists()),
        key=lambda p: [int(n) for n in re.findall(r"\d+", p.parent.name)] or [0],
    )
    if versions:
        return versions[-1]
    found = shutil.which("initdb")
    return Path(found).resolve().parent if found else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass(frozen=True)
class LocalServer:
    """A server's folder (``data/``, ``server.log``, the socket) and the port it listens on."""

    folder: Path
    port: int

    @property
    def url(self) -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{DATABASE}"

    def database_url(self, name: str) -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{name}"


def _as_service_user(command: list[str]) -> list[str]:
    """Run as ``postgres`` when we are root (initdb and postgres refuse root)."""
    if os.geteuid() != 0:
        return command
    try:
        pwd.getpwnam(_SERVICE_USER)
    except KeyError:
        raise ServerError(f"running as root, and there is no «{_SERVICE_USER}» user to run the server as") from None
    return ["runuser", "-u", _SERVICE_USER, "--", *command]


def _hand_over(folder: Path) -> None:
    """Under root, give the folder to ``postgres`` and check it can reach it."""
    if os.geteuid() != 0:
        return
    user = pwd.getpwnam(_SERVICE_USER)
    os.chown(folder, user.pw_uid, user.pw_gid)
    for parent in folder.resolve().parents:
        if not os.stat(parent).st_mode & 0o001:
            raise ServerError(f"the «{_SERVICE_USER}» user cannot reach {folder}: {parent} is closed to others")


def _run(command: list[str]) -> None:
    done = subprocess.run(_as_service_user(command), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise ServerError(f"{Path(command[0]).name} failed: {(done.stderr or done.stdout).strip()[-2000:]}")


def start(folder: Path, *, port: int | None = None, durable: bool = True) -> LocalServer:
    """Initialise (once) and start a server in ``folder``; returns when it accepts connections.

    ``durable=False`` (the tests' throwaway servers) skips the server's fsyncs: a test's database dies with
    its run, and each fsync of a new database or a commit costs a shared disk far more than the test."""
    bin_dir = server_bin_dir()
    if bin_dir is None:
        raise ServerError("no PostgreSQL server programs found (install the system's «postgresql» package)")
    folder = folder.resolve()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    _hand_over(folder)
    data = folder / "data"
    if not (data / "PG_VERSION").exists():
        _run([str(bin_dir / "initdb"), "-D", str(data), "-U", SUPERUSER, "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"])
    port = port or _free_port()
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync={'on' if durable else 'off'}"
    if not durable:
        options += " -c synchronous_commit=off -c full_page_writes=off"
    log = folder / "server.log"
    _run([str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w", "-t", str(_START_TIMEOUT_S), "start"])
    server = LocalServer(folder, port)
    _create_database(server)
    return server


def _create_database(server: LocalServer) -> None:
    import psycopg  # the office extra: imported only when a server is used

    deadline = time.monotonic() + _START_TIMEOUT_S
    while True:
        try:
            with psycopg.connect(server.database_url("postgres"), autocommit=True) as conn:
                if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DATABASE,)).fetchone() is None:
                    conn.execute(f'CREATE DATABASE "{DATABASE}"')
                return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def stop(folder: Path) -> None:
    """Stop the server of ``folder`` (fast shutdown: open transactions are rolled back, nothing committed is lost)."""
    bin_dir = server_bin_dir()
    data = folder.resolve() / "data"
    if bin_dir is None or not (data / "postmaster.pid").exists():
        return
    _run([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"])
