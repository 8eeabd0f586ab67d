"""A register with every kind a move must carry: the annual tests' merged year (settings, registry, plan,
signed inspections and a corrected revision, drafts, remedies and a follow-up), plus an attachment on a
draft, a deleted draft in the trash and an import conflict copy."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from annual_year import YEAR, merged_year

from inspect_tui import services
from inspect_tui.cli import main
from inspect_tui.domain.inspection import Status
from inspect_tui.store import Store
from inspect_tui.sync.conflicts import ConflictCopy, keep
from inspect_tui.sync.merge import Reason

#: what ``rich_register`` holds beyond the merged year, by kind (the copy reports these counts)
EXTRA = {"trash": 1, "conflicts": 1, "attachments": 1}


def rich_register(root: Path) -> Path:
    """The merged year's office data dir, with the extra kinds; returns it."""
    data_dir = merged_year(root)
    scan = root / "акт.pdf"
    scan.write_bytes(b"%PDF-1.4 scan of the enterprise's order\n")
    with Store.open(data_dir) as store:
        drafts = sorted((s for s in store.list_summaries() if s.status is not Status.SIGNED), key=lambda s: s.number)
        kept, deleted = drafts[0], drafts[-1]
        draft = store.get_inspection(kept.id)
        services.attach_evidence(store, draft, next(iter(draft.findings)), scan)
        services.delete_draft(store, deleted.id, now=datetime(YEAR, 12, 20, 9, tzinfo=UTC))
        copy = ConflictCopy(
            reason=Reason.DRAFTS_DIVERGED, kept_at=datetime(YEAR, 12, 21, 9, tzinfo=UTC), from_store=False, file="b.json",
            installation_id=store.installation_id, installation_name="laptop-b", inspection=store.get_inspection(kept.id),
        )
        with store.transaction():
            keep(store, copy)
    return data_dir


#: four laptops of one council: the same registry, each inspecting its own enterprise (two «Ні» each)
LAPTOPS = 4


def laptop_bundles(root: Path) -> list[Path]:
    """Each laptop's export bundle (``inspect-tui export --all``), made from a file store of its own."""
    from annual_year import CSS, DOBROBUT, HOSPITAL, WATER, _signed

    registry = [CSS, WATER, HOSPITAL, DOBROBUT]
    bundles = []
    for k in range(LAPTOPS):
        data_dir = root / f"laptop{k}"
        with Store.open(data_dir) as laptop:
            laptop.save_enterprises(registry)
            day = datetime(YEAR, 3 + k, 10, tzinfo=UTC).date()
            _signed(laptop, registry[k], f"{k + 1}/{YEAR}", day, day, day, noes=("a", "c"))
        bundle = root / f"laptop{k}.json"
        assert main(["--data-dir", str(data_dir), "export", "--out", str(bundle), "--all"]) == 0
        bundles.append(bundle)
    return bundles


@pytest.fixture(scope="module")
def register_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return rich_register(tmp_path_factory.mktemp("register"))


@pytest.fixture
def register(register_template: Path, tmp_path: Path) -> Path:
    """A copy of the rich register for one test, which may change it."""
    return Path(shutil.copytree(register_template, tmp_path / "laptop"))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """``inspect-tui ARGV``: its exit code, stdout and stderr, which never hold a traceback."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err
