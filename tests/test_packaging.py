"""The bundled checklists and catalogs are found from a checkout and from a regular wheel install."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import inspect_tui
from inspect_tui.paths import bundled_checklists_dir

REPO = Path(__file__).resolve().parent.parent


def test_bundled_checklists_are_found_where_the_package_runs_from() -> None:
    folder = bundled_checklists_dir()
    assert sorted(folder.glob("*.toml")), folder
    package = Path(inspect_tui.__file__).resolve().parent
    if (package / "_bundled_checklists").is_dir():  # a wheel install (as in CI)
        assert folder == package / "_bundled_checklists"
    else:  # a checkout or an editable install
        assert folder == REPO / "checklists"


def test_the_wheel_ships_checklists_and_catalogs(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), str(REPO)],
        check=True,
    )
    [wheel] = tmp_path.glob("inspect_tui-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for checklist in (REPO / "checklists").glob("*.toml"):
        assert f"inspect_tui/_bundled_checklists/{checklist.name}" in names
    assert "inspect_tui/i18n/uk/cli.toml" in names and "inspect_tui/i18n/en/cli.toml" in names
    assert "inspect_tui/data/law/1700-VII.json" in names  # the Law's text, read offline
    for migration in (REPO / "inspect_tui" / "office" / "migrations").glob("*.sql"):  # the office register's schema
        assert f"inspect_tui/office/migrations/{migration.name}" in names
    assert any(n.endswith("entry_points.txt") for n in names)
