"""The office register on a real PostgreSQL, through what users run: ``--store`` on every verb, the
``office`` verbs, a register moved in and out verified, the annual report equal from both backends,
four officers importing and recording at once, and the TUI on the office's store."""

from __future__ import annotations

import asyncio
import itertools
import multiprocessing
import shutil
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import psycopg
import pytest
from annual_year import YEAR
from docx import Document
from factories import ISSUER
from office_register import LAPTOPS, laptop_bundles, register, register_template, run
from pypdf import PdfReader
from textual.widgets import DataTable
from tui_helpers import test_app, wait_for

from inspect_tui import services
from inspect_tui.office.pgstore import PgStore
from inspect_tui.screens.home import HomeScreen
from inspect_tui.services import office
from inspect_tui.services.store_copy import differences, fingerprint
from inspect_tui.store import Store
from inspect_tui.sync import import_bundles


def _report_text(path: Path) -> Any:
    """What a report file says: CSV and JSON byte for byte, a PDF's text page by page, a DOCX's paragraphs and cells."""
    if path.suffix == ".pdf":
        return [page.extract_text() for page in PdfReader(path).pages]
    if path.suffix == ".docx":
        doc = Document(str(path))
        return [p.text for p in doc.paragraphs] + [c.text for table in doc.tables for row in table.rows for c in row.cells]
    return path.read_bytes()


def test_a_register_moved_into_postgresql_and_back_is_the_same_and_reports_the_same(
    capsys: pytest.CaptureFixture[str], register: Path, pg_url: str, tmp_path: Path
) -> None:
    code, out, _ = run(capsys, "office", "init", pg_url)
    assert code == 0 and out.startswith(f"Схема реєстру {pg_url}: версія ")

    code, out, err = run(capsys, "--data-dir", str(tmp_path / "local"), "office", "import-store", str(register), pg_url)
    assert code == 0, err
    with Store.open(register, writer=False) as laptop:
        inspections = len(laptop.inspection_ids())
    assert out.splitlines()[0].startswith(f"Перенесено з {register} до {pg_url}: підприємства: 5, пункти планів: 5, перевірки: ")
    assert "Перевірено: кількість кожного виду однакова" in out
    assert err.splitlines()[-2:] == [f"Перенесено перевірок: {inspections} з {inspections}", "Перевіряємо перенесене: порівнюємо обидва реєстри…"]

    code, out, err = run(capsys, "office", "export-store", pg_url, str(tmp_path / "back"))
    assert code == 0, err
    with Store.open(register, writer=False) as laptop, PgStore.open(pg_url, tmp_path / "local", writer=False) as pg:
        source, middle = fingerprint(laptop), fingerprint(pg)
    with Store.open(tmp_path / "back", writer=False) as back:
        returned = fingerprint(back)
    assert differences(source, middle) == [] and differences(source, returned) == []
    assert source.signed == middle.signed == returned.signed and len(source.signed) >= 6

    # the whole register's year (remedies, a follow-up, a corrected revision, drafts), and one council's
    for fmt, council in itertools.product(("csv", "json", "pdf", "docx"), ([], ["--council", ISSUER.council_name])):
        files = {}
        for name, store_args in (("file", ["--data-dir", str(register)]), ("pg", ["--data-dir", str(tmp_path / "local"), "--store", pg_url])):
            files[name] = tmp_path / f"{name}{len(council)}.{fmt}"
            code, _, err = run(capsys, *store_args, "report", "annual", "--year", str(YEAR), *council, "--out", str(files[name]))
            assert code == 0, err
        said = _report_text(files["file"])
        assert said == _report_text(files["pg"]), (fmt, council)
        if council and fmt == "csv":  # one council's report has its plan (the settings' council's)
            assert "За планом перевірок на 2023 рік заплановано 5" in said.decode("utf-8")


def test_import_store_refuses_a_database_that_holds_a_register_and_leaves_it(
    capsys: pytest.CaptureFixture[str], register: Path, pg_url: str, tmp_path: Path
) -> None:
    assert run(capsys, "--data-dir", str(tmp_path / "l"), "office", "import-store", str(register), pg_url)[0] == 0
    with PgStore.open(pg_url, tmp_path / "l", writer=False) as pg:
        before = fingerprint(pg)
    code, out, err = run(capsys, "--data-dir", str(tmp_path / "l"), "office", "import-store", str(register), pg_url)
    assert code == 1 and out == ""
    assert err.startswith("Реєстр-одержувач уже містить дані (підприємства: 5, пункти планів: 1, перевірки: ")
    with PgStore.open(pg_url, tmp_path / "l", writer=False) as pg:
        assert differences(before, fingerprint(pg)) == []


def test_a_missing_database_and_a_newer_schema_are_one_line_each(
    capsys: pytest.CaptureFixture[str], pg_url: str, tmp_path: Path
) -> None:
    missing = pg_url.rsplit("/", 1)[0] + "/no_such_register"
    code, _, err = run(capsys, "--data-dir", str(tmp_path / "l"), "--store", missing, "inspections", "list")
    assert code == 1 and err.startswith(f"На сервері реєстру немає бази {missing}.") and err.count("\n") == 1

    assert run(capsys, "office", "init", pg_url)[0] == 0
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("INSERT INTO schema_migrations (version, name) VALUES (999, 'from_the_future')")
    for argv in (["--store", pg_url, "inspections", "list"], ["office", "init", pg_url]):
        code, _, err = run(capsys, "--data-dir", str(tmp_path / "l"), *argv)
        assert code == 1 and err.count("\n") == 1
        assert err.startswith("Реєстр postgresql://") and "має схему новішої версії програми (999;" in err


def test_every_verb_works_on_the_office_register(capsys: pytest.CaptureFixture[str], pg_url: str, tmp_path: Path) -> None:
    """The demo made on PostgreSQL, listed, printed and reported through ``--store``."""
    local = ["--data-dir", str(tmp_path / "l"), "--store", pg_url]
    code, out, _ = run(capsys, *local, "demo")
    assert code == 0 and out.rstrip().endswith(f"у {pg_url}")  # the register it went into, not the local folder
    code, out, _ = run(capsys, *local, "inspections", "list", "--json")
    assert code == 0 and '"1/2026"' in out
    assert run(capsys, *local, "certificate", "1/2026", "--out", str(tmp_path / "d.pdf"))[0] == 0
    assert (tmp_path / "d.pdf").stat().st_size > 10_000


# --- four officers at once ----------------------------------------------------------------------------

REMEDIED_ON = date(YEAR, 9, 1)


def _officer(url: str, local: str, bundle: str, start: Any) -> None:
    """One officer's program: imports its laptop's bundle, then records a remedy on each of its actions."""
    with PgStore.open(url, Path(local)) as store:
        start.wait()
        import_bundles(store, [Path(bundle)])
        _record_remedies(store, bundle)


def _record_remedies(store: Any, bundle: str) -> None:
    number = f"{int(Path(bundle).stem.removeprefix('laptop')) + 1}/{YEAR}"
    summary = next(s for s in store.list_summaries() if s.number == number)
    for item_id in ("a", "c"):
        services.record_action_remedy(
            store, summary.id, item_id, remedied=item_id == "a", on=REMEDIED_ON, what=f"Вжито заходів ({number}, {item_id})",
            now=datetime(YEAR, 9, 2, 9, tzinfo=UTC),
        )


def test_four_officers_importing_and_recording_at_once_lose_nothing(pg_server: Any, pg_url: str, tmp_path: Path) -> None:
    bundles = laptop_bundles(tmp_path)
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(LAPTOPS)
    officers = [context.Process(target=_officer, args=(pg_url, str(tmp_path / "l"), str(b), start)) for b in bundles]
    for process in officers:
        process.start()
    for process in officers:
        process.join(timeout=300)
    assert [p.exitcode for p in officers] == [0] * LAPTOPS

    one_by_one = pg_url.rsplit("/", 1)[0] + "/one_by_one"
    with psycopg.connect(pg_url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute("CREATE DATABASE one_by_one")
    with PgStore.open(one_by_one, tmp_path / "l") as store:
        for bundle in bundles:
            import_bundles(store, [bundle])
            _record_remedies(store, str(bundle))
        expected = fingerprint(store)
        expected_actions = store.action_index()
        expected_summaries = sorted(s.model_dump_json() for s in store.list_summaries())
    with PgStore.open(pg_url, tmp_path / "l", writer=False) as store:
        found = fingerprint(store)
        actions = store.action_index()
        summaries = sorted(s.model_dump_json() for s in store.list_summaries())
    assert differences(expected, found) == []
    assert found.counts["inspections"] == found.counts["signed"] == LAPTOPS and found.counts["remedies"] == 2 * LAPTOPS
    assert found.signed == expected.signed and summaries == expected_summaries
    assert sorted(e.model_dump_json() for e in actions.entries) == sorted(e.model_dump_json() for e in expected_actions.entries)


# --- the TUI ------------------------------------------------------------------------------------------


def test_the_app_lists_the_office_registers_inspections(register: Path, pg_url: str, tmp_path: Path) -> None:
    with Store.open(register, writer=False) as laptop:
        numbers = {s.number for s in laptop.list_summaries()}
    office.import_store(register, pg_url, data_dir=tmp_path / "l")

    async def scenario() -> None:
        with PgStore.open(pg_url, tmp_path / "l") as store:
            app = test_app(store)
            async with app.run_test(size=(120, 40)) as pilot:

                def shown() -> set[str]:
                    if not isinstance(app.screen, HomeScreen):
                        return set()
                    table = app.screen.query_one("#inspections", DataTable)
                    return {str(table.get_row_at(n)[0]) for n in range(table.row_count)}

                await wait_for(pilot, lambda: numbers <= shown())
                assert numbers <= shown()

    asyncio.run(scenario())


def test_the_reader_role_reads_reports_and_is_refused_writing(capsys: pytest.CaptureFixture[str], register: Path, pg_url: str, tmp_path: Path) -> None:
    """The council's management (``inspect_reader``, as README shows): lists and reports; a write is one line, exit 1."""
    office.import_store(register, pg_url, data_dir=tmp_path / "l")
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'head') THEN CREATE ROLE head LOGIN IN ROLE inspect_reader; END IF; END $$")
    reader = pg_url.replace("postgresql://inspect@", "postgresql://head@")
    local = ["--data-dir", str(tmp_path / "l"), "--store", reader]
    code, out, err = run(capsys, *local, "inspections", "list")
    assert code == 0 and "2/2023" in out, err
    assert run(capsys, *local, "report", "annual", "--year", str(YEAR), "--out", str(tmp_path / "r.csv"))[0] == 0
    code, out, err = run(capsys, *local, "demo")
    assert code == 1 and err.count("\n") == 1, err
    assert err.startswith("Користувач, яким програма ввійшла до реєстру postgresql://head@") and "може лише читати реєстр (роль inspect_reader)" in err
    code, out, err = run(capsys, "--lang", "en", *local, "demo")
    assert code == 1 and "may only read the register (role inspect_reader)" in err, err
    with PgStore.open(pg_url, tmp_path / "l", writer=False) as pg:
        assert "1/2026" not in {s.number for s in pg.list_summaries()}


def test_demo_server_starts_with_the_schema_says_how_to_use_it_and_stops(capsys: pytest.CaptureFixture[str], pg_server: Any, tmp_path: Path) -> None:
    root = Path(tempfile.mkdtemp(prefix="inspect-tui-demo-"))
    root.chmod(0o711)  # under root the server runs as «postgres»: it must reach its folder
    folder = root / "pg"
    try:
        code, out, err = run(capsys, "office", "demo-server", str(folder))
        assert code == 0, err
        url = next(line.removeprefix("Адреса: ") for line in out.splitlines() if line.startswith("Адреса: "))
        assert f"inspect-tui --store {url}" in out and f"inspect-tui office demo-server {folder} --stop" in out
        assert out.startswith(f"Сервер PostgreSQL працює в {folder}, схема реєстру — версія ")
        code, out, err = run(capsys, "--data-dir", str(tmp_path / "l"), "--store", url, "inspections", "list")
        assert code == 0 and out.startswith("У сховищі ще немає перевірок."), err
        assert run(capsys, "office", "demo-server", str(folder), "--stop")[0] == 0
        code, _, err = run(capsys, "--data-dir", str(tmp_path / "l"), "--store", url + "?connect_timeout=2", "inspections", "list")
        assert code == 1 and "не відповідає" in err
    finally:
        if (folder / "data" / "postmaster.pid").exists():  # a failed assertion left it running
            office.stop_demo_server(folder)
        shutil.rmtree(root, ignore_errors=True)
