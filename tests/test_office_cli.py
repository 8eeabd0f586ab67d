"""Choosing the register (``--store``, ``INSPECT_TUI_STORE``) and the ``office`` verbs' refusals, as users
see them: one Ukrainian line, exit 1, no traceback, and a URL never printed with its password. The verbs'
work on a real server is in tests/test_office_pg.py."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from office_register import run as run_cli

from inspect_tui.cli import main
from inspect_tui.commands import office as office_cli
from inspect_tui.commands.context import Context
from inspect_tui.stores import STORE_ENV, redact, store_url

SECRET = "s3cret-Пароль"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """The command's output, which never holds the password of a URL given to it."""
    code, out, err = run_cli(capsys, *argv)
    assert SECRET not in out + err
    return code, out, err


def test_a_value_that_is_not_a_register_url_is_refused_naming_it_without_the_password(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    code, out, err = run(capsys, "--data-dir", str(data_dir), "--store", f"mysql://officer:{SECRET}@office/register", "inspections", "list")
    assert code == 1 and out == ""
    assert err.strip() == (
        "«mysql://officer@office/register» — не адреса реєстру: потрібна postgresql://користувач@сервер:порт/база "
        f"(параметр --store або змінна {STORE_ENV}). Нічого не відкрито."
    )
    assert not data_dir.exists()  # the laptop's store was not opened (nor made) instead


def test_the_environment_chooses_the_register_too(capsys: pytest.CaptureFixture[str], data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(STORE_ENV, f"mssql://office/register?password={SECRET}")
    code, _, err = run(capsys, "--data-dir", str(data_dir), "report", "annual", "--year", "2026", "--out", str(data_dir.parent / "r.csv"))
    assert code == 1 and "«mssql://office/register»" in err and "не адреса реєстру" in err


def test_a_blank_environment_value_is_the_laptops_store(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(STORE_ENV, " ")
    assert store_url(None) is None
    assert store_url("postgresql://h/db") == "postgresql://h/db"


def test_an_unreachable_server_is_one_line_naming_the_url_without_its_password(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    url = f"postgresql://officer:{SECRET}@127.0.0.1:1/register?connect_timeout=2"
    code, out, err = run(capsys, "--data-dir", str(data_dir), "--store", url, "inspections", "list")
    assert code == 1 and out == ""
    assert err.startswith("Сервер реєстру postgresql://officer@127.0.0.1:1/register?connect_timeout=2 не відповідає: ")
    assert err.strip().endswith("Перевірте, що сервер запущено, а адресу й порт указано правильно.") and err.count("\n") == 1


def test_without_the_driver_the_office_extra_is_named(data_dir: Path) -> None:
    """As on a laptop installed without the office extra: psycopg cannot be imported."""
    script = (
        "import sys; sys.modules['psycopg'] = None; from inspect_tui.cli import main; "
        f"raise SystemExit(main(['--data-dir', {str(data_dir)!r}, '--store', 'postgres://officer:{SECRET}@office/register', 'inspections', 'list']))"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and "Traceback" not in done.stderr and SECRET not in done.stderr
    assert done.stderr.strip() == (
        "Для реєстру офісу (postgres://officer@office/register) потрібен драйвер PostgreSQL, а його не встановлено. "
        'Встановіть: pip install "inspect-tui[office]".'
    )


def test_doctor_says_it_checks_the_laptops_files_not_an_office_server(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    code, out, err = run(capsys, "--data-dir", str(data_dir), "--store", f"postgresql://officer:{SECRET}@office/register", "doctor")
    assert code == 1 and out == ""
    assert err.startswith("«doctor» перевіряє файли сховища ноутбука в каталозі даних, а не реєстр офісу на PostgreSQL (postgresql://officer@office/register)")
    assert "Нічого не перевірено." in err


def test_import_store_refuses_a_folder_without_a_store(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    code, _, err = run(capsys, "office", "import-store", str(tmp_path / "empty"), f"postgresql://officer:{SECRET}@office/register")
    assert code == 1
    assert err.strip() == f"{tmp_path / 'empty'}: тут немає сховища inspect-tui (немає meta.json). Вкажіть каталог даних ноутбука."


def test_office_verbs_refuse_a_url_that_is_not_postgresql(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["--data-dir", str(tmp_path / "laptop"), "demo"]) == 0
    capsys.readouterr()
    for argv in (["init", f"mysql://u:{SECRET}@h/db"], ["import-store", str(tmp_path / "laptop"), f"mysql://u:{SECRET}@h/db"]):
        code, _, err = run(capsys, "office", *argv)
        assert code == 1
        assert err.strip() == "«mysql://u@h/db» — не адреса бази PostgreSQL: потрібна postgresql://користувач@сервер:порт/база."


def test_export_store_refuses_a_folder_that_is_not_empty_before_asking_the_server(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "keep.txt").write_text("x")
    code, _, err = run(capsys, "office", "export-store", f"postgresql://u:{SECRET}@127.0.0.1:1/db", str(tmp_path / "out"))
    assert code == 1 and "каталог не порожній" in err
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["keep.txt"]


def test_demo_server_stop_without_a_server_says_so(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "office", "demo-server", str(tmp_path / "pg"), "--stop")
    assert code == 1 and err.strip() == f"У {tmp_path / 'pg'} немає запущеного сервера."


def test_the_laptop_never_imports_the_postgresql_driver(tmp_path: Path) -> None:
    """The CLI and its store, as a laptop runs them: psycopg stays unloaded (it is the office extra)."""
    script = (
        "import sys; from inspect_tui.cli import main; "
        f"assert main(['--data-dir', {str(tmp_path / 'd')!r}, 'demo']) == 0; "
        f"assert main(['--data-dir', {str(tmp_path / 'd')!r}, 'inspections', 'list']) == 0; "
        "assert not [m for m in sys.modules if m.startswith('psycopg')], 'psycopg imported'"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]


@given(
    user=st.text(st.characters(codec="utf-8", exclude_characters=":@/?#[]%\n\r\t "), min_size=1, max_size=12),
    password=st.text(st.characters(codec="utf-8", exclude_characters="@/?#[]%\n\r\t "), min_size=4, max_size=20),
    port=st.integers(1, 65535),
)
def test_redact_never_leaves_the_password_in(user: str, password: str, port: int) -> None:
    for url in (f"postgresql://{user}:{password}@office.example:{port}/register", f"postgres://{user}@h/db?sslmode=require&password={password}"):
        shown = redact(url)
        assert password not in shown.replace(user, "").replace("office.example", "").replace("sslmode=require", "")


def test_a_password_with_an_unescaped_ampersand_is_left_out_whole() -> None:
    """Hypothesis found it: «password=&111» leaves «111» as a part of its own; what follows the password goes too."""
    assert redact("postgres://u@h/db?sslmode=require&password=&111&x=y") == "postgres://u@h/db?sslmode=require"


_URL_TEXT = st.text(st.characters(codec="ascii", categories=["L", "N"], include_characters="-._~"), min_size=1, max_size=10)


@given(
    scheme=st.sampled_from(["postgresql", "postgres", "sqlite"]),
    netloc=st.one_of(st.just(""), _URL_TEXT, st.builds(lambda u, h, p: f"{u}@{h}:{p}", _URL_TEXT, _URL_TEXT, st.integers(1, 65535))),
    path=st.lists(_URL_TEXT, max_size=3).map(lambda parts: "".join(f"/{p}" for p in parts)),
    query=st.lists(
        st.tuples(_URL_TEXT.filter(lambda k: k.lower() != "password"), st.text(st.sampled_from("ab/%2F:+"), max_size=6)), max_size=3
    ).map(lambda pairs: "&".join(f"{k}={v}" for k, v in pairs)),
)
def test_redact_keeps_a_url_without_a_password_as_written(scheme: str, netloc: str, path: str, query: str) -> None:
    """A URL with no host (``sqlite:///x``, ``postgresql:///db?host=/run/pg``) keeps its ``//``; parameters their spelling."""
    url = f"{scheme}://{netloc}{path}" + (f"?{query}" if query else "")
    assert redact(url) == url
    assert redact(url + ("&" if query else "?") + f"password={SECRET}") == url


def test_redact_keeps_the_slashes_of_a_url_with_no_host() -> None:
    assert redact("sqlite:///x") == "sqlite:///x"
    assert redact(f"postgresql://:{SECRET}@/register?host=/run/postgresql") == "postgresql://@/register?host=/run/postgresql"


def test_progress_lines_come_every_thousand_inspections() -> None:
    err = io.StringIO()
    report = office_cli._progress(Context(data_dir=Path("."), out=io.StringIO(), err=err))
    for n in range(1, 2501):
        report(n, 2500)
    assert err.getvalue().splitlines() == [
        "Перенесено перевірок: 1000 з 2500", "Перенесено перевірок: 2000 з 2500", "Перенесено перевірок: 2500 з 2500",
        "Перевіряємо перенесене: порівнюємо обидва реєстри…",
    ]


@pytest.mark.parametrize(
    ("server_said", "message"),
    [
        ('connection failed: connection to server at "10.0.0.5", port 5432 failed: FATAL:  password authentication failed for user "officer"',
         "Сервер реєстру postgresql://officer@10.0.0.5/register не прийняв користувача або пароль."),
        ('connection failed: connection to server at "10.0.0.5", port 5432 failed: fe_sendauth: no password supplied',
         "Сервер реєстру postgresql://officer@10.0.0.5/register не прийняв користувача або пароль."),
        ('connection failed: connection to server at "10.0.0.5", port 5432 failed: FATAL:  database "register" does not exist',
         "На сервері реєстру немає бази postgresql://officer@10.0.0.5/register."),
        ('connection failed: connection to server at "10.0.0.5", port 5432 failed: Connection refused',
         "Сервер реєстру postgresql://officer@10.0.0.5/register не відповідає: "),
    ],
)
def test_a_refused_connection_says_which_way_it_was_refused(server_said: str, message: str) -> None:
    """libpq reports a refused login as text (a test server trusts every login, so the text is given here)."""
    import psycopg

    from inspect_tui.cli import _store_message
    from inspect_tui.office.errors import unreachable

    shown = _store_message(unreachable(f"postgresql://officer:{SECRET}@10.0.0.5/register", psycopg.OperationalError(server_said)))
    assert shown.startswith(message) and SECRET not in shown


def test_a_huge_refused_value_is_shown_cut(capsys: pytest.CaptureFixture[str], data_dir: Path) -> None:
    code, _, err = run(capsys, "--data-dir", str(data_dir), "--store", "x" * 100_000, "inspections", "list")
    assert code == 1 and err.startswith("«" + "x" * 200 + "…» — не адреса реєстру") and len(err) < 500


def test_the_app_is_refused_a_bad_register_before_it_starts(capsys: pytest.CaptureFixture[str], data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``inspect-tui`` with no command opens its register the same way (``run_app``) and says the same line."""
    monkeypatch.setenv(STORE_ENV, f"oracle://officer:{SECRET}@office/register")
    code, out, err = run(capsys, "--data-dir", str(data_dir))
    assert code == 1 and out == "" and err.startswith("«oracle://officer@office/register» — не адреса реєстру")
