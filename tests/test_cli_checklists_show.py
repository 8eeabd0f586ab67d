"""``inspect-tui checklists show ID [--details]``: the table of contents as the user's settings make it."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from inspect_tui.cli import main
from inspect_tui.domain.settings import Settings
from inspect_tui.store import Store

FULL = "communal-enterprise-1700"


def _show(data_dir: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> str:
    assert main(["--data-dir", str(data_dir), "--lang", "uk", "checklists", "show", FULL, *extra]) == 0
    return re.sub(r"\s+", " ", capsys.readouterr().out)


def test_details_adds_documents_guidance_and_na_reasons(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    short = _show(data_dir, capsys)
    assert "Документи для запиту" not in short and "Пояснення: " not in short and "Причина «Не застосовується»" not in short
    detailed = _show(data_dir, capsys, "--details")
    assert "Документи для запиту: Наказ (план) заходів щодо запобігання і протидії корупції" in detailed
    assert "Пояснення: Запросити наказ (план) заходів" in detailed
    assert "Причина «Не застосовується»: антикорупційна програма не є обов'язковою" in detailed
    assert "[практика]" in detailed and "Позначки: " in detailed


def test_gift_limits_follow_the_ps_overrides_in_the_store(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    year = date.today().year  # the table of contents shows the latest known year not after this one
    with Store.open(data_dir) as store:
        store.save_settings(Settings(subsistence_minimum={year: 3500}))
    text = _show(data_dir, capsys)
    assert f"Граничні розміри у {year} р." in text
    assert "один подарунок — до 7 000 грн, від однієї особи за рік — до 14 000 грн" in text


def test_show_reads_a_store_another_program_holds_open(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with Store.open(data_dir) as store:  # the TUI keeps the writer's lock
        store.save_settings(Settings(subsistence_minimum={date.today().year: 4000}))
        assert "до 8 000 грн" in _show(data_dir, capsys)


def test_show_creates_no_data_dir(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "never-made"
    assert "ПЕРЕЛІК ПИТАНЬ ПЕРЕВІРКИ" in _show(missing, capsys)
    assert not missing.exists()


def test_unknown_checklist_is_refused_with_the_known_ids(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(data_dir), "--lang", "uk", "checklists", "show", "no-such", "--details"]) == 1
    err = capsys.readouterr().err
    assert "«no-such» не знайдено" in err and FULL in err
