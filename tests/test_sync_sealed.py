"""``export --encrypt`` / ``import`` of sealed bundles, and export refusing damaged signed inspections."""

from __future__ import annotations

import io
import json
import struct
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from test_sync_support import field_store, snapshot  # noqa: F401  (fixtures)

from inspect_tui.cli import main
from inspect_tui.domain.inspection import Status
from inspect_tui.store import Store
from inspect_tui.sync import passphrase as strength
from inspect_tui.sync import sealed
from inspect_tui.sync.sealed import MAGIC, PASSPHRASE_ENV, SealError, seal, unseal

PASSPHRASE = "Зелена ґава, 2026!"


@pytest.fixture(autouse=True)
def _cheap_scrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests write cheap files (n = 2**10); reading bounds and formats are the real ones."""
    monkeypatch.setattr(sealed, "LOG2_N", sealed.MIN_LOG2_N)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.fixture
def field(field_store: Store) -> Path:
    """The field store's data dir, closed so that commands can open it."""
    field_store.close()
    return field_store.data_dir


@pytest.fixture
def sealed_bundle(field: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Path:
    out = tmp_path / "bundle.itui"
    monkeypatch.setenv(PASSPHRASE_ENV, PASSPHRASE)
    code, printed, _ = run(capsys, "--data-dir", str(field), "export", "--encrypt", "--out", str(out))
    assert code == 0 and "Експортовано перевірок: 3" in printed
    monkeypatch.delenv(PASSPHRASE_ENV)
    return out


def test_a_sealed_bundle_hides_its_content_and_imports_with_the_passphrase(
    sealed_bundle: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = sealed_bundle.read_bytes()
    assert raw.startswith(MAGIC)
    assert "ПОКРОВВОДОКАНАЛ".encode() not in raw and b"inspections" not in raw
    monkeypatch.setenv(PASSPHRASE_ENV, PASSPHRASE)
    code, out, _ = run(capsys, "--data-dir", str(tmp_path / "office"), "import", str(sealed_bundle))
    assert code == 0 and "додано" in out and "ПОКРОВВОДОКАНАЛ" in out


def _flip(offset: int) -> Callable[[bytes], bytes]:
    return lambda raw: raw[:offset] + bytes([raw[offset] ^ 1]) + raw[offset + 1 :]


def _header(log2_n: int = sealed.MIN_LOG2_N, r: int = 8, p: int = 1, version: int = 1) -> Callable[[bytes], bytes]:
    return lambda raw: MAGIC + struct.pack(">BBBB", version, log2_n, r, p) + raw[12:]


#: name → (change to a sealed bundle, passphrase given, message)
SEALED_CASES = {
    "wrong passphrase": (lambda raw: raw, "не той пароль", "неправильний пароль"),
    "flipped ciphertext byte": (_flip(-20), PASSPHRASE, "неправильний пароль, або зашифрований пакет пошкоджено"),
    "flipped salt byte": (_flip(14), PASSPHRASE, "неправильний пароль"),
    "truncated": (lambda raw: raw[:30], PASSPHRASE, "зашифрований пакет обірвано"),
    "scrypt n too big": (_header(log2_n=40), PASSPHRASE, "недопустимі параметри scrypt у заголовку (log2 n = 40"),
    "scrypt n too small": (_header(log2_n=1), PASSPHRASE, "недопустимі параметри scrypt"),
    "scrypt r too big": (_header(r=255), PASSPHRASE, "недопустимі параметри scrypt"),
    "scrypt p too big": (_header(p=255), PASSPHRASE, "недопустимі параметри scrypt"),
    "scrypt r zero": (_header(r=0), PASSPHRASE, "недопустимі параметри scrypt"),
    "unknown envelope version": (_header(version=9), PASSPHRASE, "невідома версія шифрування 9"),
}


@pytest.mark.parametrize("name", sorted(SEALED_CASES))
def test_a_sealed_bundle_that_cannot_be_opened_is_refused_and_nothing_written(
    name: str, sealed_bundle: Path, field: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    change, passphrase, message = SEALED_CASES[name]
    hostile = tmp_path / "hostile.itui"
    hostile.write_bytes(change(sealed_bundle.read_bytes()))
    monkeypatch.setenv(PASSPHRASE_ENV, passphrase)
    before = snapshot(field)
    code, out, err = run(capsys, "--data-dir", str(field), "import", str(hostile))
    assert (code, out) == (1, "")
    assert f"{hostile}: {message}" in err and "Нічого не записано" in err
    assert snapshot(field) == before


def test_without_a_passphrase_and_a_terminal_the_import_says_how_to_give_one(
    sealed_bundle: Path, field: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # not a terminal, even under pytest -s
    before = snapshot(field)
    code, _, err = run(capsys, "--data-dir", str(field), "import", str(sealed_bundle))
    assert code == 1 and PASSPHRASE_ENV in err
    assert snapshot(field) == before


def test_an_empty_passphrase_is_refused_and_no_file_written(
    field: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(PASSPHRASE_ENV, "")
    out = tmp_path / "bundle.itui"
    code, _, err = run(capsys, "--data-dir", str(field), "export", "--encrypt", "--out", str(out))
    assert code == 1 and "пароль не може бути порожнім" in err and not out.exists()


@pytest.mark.parametrize("passphrase", ["короткий11ч", "ab", "і\u0308" * 11])
def test_a_weak_passphrase_is_refused_before_anything_is_written(
    passphrase: str, field: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(PASSPHRASE_ENV, passphrase)
    out = tmp_path / "bundle.itui"
    code, _, err = run(capsys, "--data-dir", str(field), "export", "--encrypt", "--out", str(out))
    assert code == 1 and "пароль закороткий" in err and f"щонайменше {strength.MIN_PASSPHRASE}" in err and not out.exists()
    with pytest.raises(SealError, match="закороткий"):
        seal(b"{}", passphrase)


def test_a_bundle_sealed_under_a_short_passphrase_still_opens(monkeypatch: pytest.MonkeyPatch) -> None:
    """The rule is for new bundles: one sealed before it opens with the passphrase it was sealed under."""
    with monkeypatch.context() as before_the_rule:
        before_the_rule.setattr(strength, "MIN_PASSPHRASE", 1)
        box = seal(b"{}", "ab", log2_n=sealed.MIN_LOG2_N)
    assert unseal(box, "ab") == b"{}"


def test_the_passphrase_is_normalised_and_the_header_authenticated() -> None:
    composed, decomposed = "Київ, вулиця Їжакова", "Киі\u0308в, вулиця І\u0308жакова"  # the same letters typed two ways
    box = seal(b"{}", composed, log2_n=sealed.MIN_LOG2_N)
    assert unseal(box, decomposed) == b"{}"
    with pytest.raises(SealError):
        unseal(box[:8] + bytes([box[8]]) + bytes([box[9] + 1]) + box[10:], composed)


def test_export_refuses_a_signed_inspection_whose_stored_file_was_edited(
    field: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Store.open(field) as store:
        signed = next(s for s in store.list_summaries() if s.status is Status.SIGNED)
    stored = field / "inspections" / f"{signed.id}.json"
    doc = json.loads(stored.read_bytes())
    inspection = doc["inspection"]["1"]
    next(iter(inspection["findings"].values()))["note"] = "дописано після підписання"
    stored.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    out = tmp_path / "bundle.json"
    code, printed, err = run(capsys, "--data-dir", str(field), "export", "--out", str(out))
    assert (code, printed) == (1, "")
    assert f"перевірка № {signed.number} ({signed.id}, «підписана»)" in err and "Експорт відхилено" in err
    assert not out.exists()
