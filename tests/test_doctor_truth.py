"""doctor never calls a store healthy over lost data: a vanished file whose backup remains (put back with --restore),
an indexed inspection gone for good, a missing evidence file, a missing enterprise registry, a garbage text of the Law."""

from __future__ import annotations

from pathlib import Path
from uuid import UUID

import pytest

from inspect_tui.cli import main
from inspect_tui.domain.inspection import Status
from inspect_tui.i18n import t
from inspect_tui.store import Store


def _doctor(capsys: pytest.CaptureFixture[str], data_dir: Path, *extra: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data_dir), "doctor", *extra])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.out, captured.err


def _healthy(out: str) -> bool:
    return "справне" in out


def _draft_path(store: Store) -> Path:
    draft = next(s for s in store.list_summaries() if s.status is not Status.SIGNED)
    return store.data_dir / "inspections" / f"{draft.id}.json"


def test_a_vanished_inspection_whose_backup_remains_is_reported_then_restored(demo_store: Store, data_dir: Path,
                                                                                capsys: pytest.CaptureFixture[str]) -> None:
    backup = next((data_dir / "inspections").glob("*.json.bak"))  # one the demo saved more than once
    path = backup.with_name(backup.name.removesuffix(".bak"))
    count = len(demo_store.list_summaries())
    demo_store.close()
    path.unlink()
    code, out, err = _doctor(capsys, data_dir)
    assert code == 1 and not _healthy(out)
    assert t("doctor.vanished", path=str(path), detail=str(backup)) in err and "--restore" in err
    assert not path.exists() and backup.exists()  # nothing done without asking
    code, out, err = _doctor(capsys, data_dir, "--restore")
    assert code == 0 and t("doctor.restored", path=str(path), detail=str(backup)) in out, err
    with Store.open(data_dir, writer=False) as reader:
        assert len(reader.list_summaries()) == count
    assert _doctor(capsys, data_dir)[0] == 0


def test_an_indexed_inspection_gone_without_a_backup_is_lost_not_healthy(demo_store: Store, data_dir: Path,
                                                                         capsys: pytest.CaptureFixture[str]) -> None:
    path = _draft_path(demo_store)
    demo_store.close()
    path.unlink()
    path.with_name(path.name + ".bak").unlink(missing_ok=True)
    code, out, err = _doctor(capsys, data_dir)
    assert code == 1 and not _healthy(out) and t("doctor.lost", path=str(path)) in err


def test_a_vanished_registry_and_a_missing_one(demo_store: Store, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    registry = data_dir / "enterprises.json"
    demo_store.close()
    registry.unlink()
    code, out, err = _doctor(capsys, data_dir)
    if registry.with_name("enterprises.json.bak").exists():
        assert t("doctor.vanished", path=str(registry), detail=str(registry) + ".bak") in err
        registry.with_name("enterprises.json.bak").unlink()
        code, out, err = _doctor(capsys, data_dir)
    assert code == 1 and not _healthy(out) and t("doctor.registry_missing", path=str(registry)) in err


def test_a_missing_evidence_file_is_named_with_its_inspection(demo_store: Store, data_dir: Path, tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    from inspect_tui import services

    scan = tmp_path / "akt-scan.pdf"
    scan.write_bytes(b"%PDF-1.4 a scan")
    path = _draft_path(demo_store)
    inspection = demo_store.get_inspection(UUID(path.stem))
    item_id = next(iter(inspection.findings))
    services.attach_evidence(demo_store, inspection, item_id, scan)
    evidence = next(demo_store.evidence_dir.iterdir())
    demo_store.close()
    assert _doctor(capsys, data_dir)[0] == 0
    evidence.unlink()
    code, out, err = _doctor(capsys, data_dir)
    assert code == 1 and not _healthy(out)
    assert str(evidence) in err and "akt-scan.pdf" in err and inspection.number in err


def test_a_garbage_text_of_the_law_is_reported(data_dir: Path, store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    store.close()
    (data_dir / "law").mkdir()
    (data_dir / "law" / "1700-VII-2026-06-01.json").write_bytes(b"{garbage")
    code, out, err = _doctor(capsys, data_dir)
    assert code == 1 and not _healthy(out) and "1700-VII-2026-06-01.json" in err and "--replace" in err
