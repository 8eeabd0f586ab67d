"""The sync screens do what the CLI does, and paths are chosen with a picker (uk, 80×24): an encrypted export and
import with a passphrase, a weak passphrase refused, the dry run writing nothing, the conflict viewer choosing the
copy, the picker choosing a file, «Зберегти як…» writing into a chosen folder and refusing the data dir."""

from __future__ import annotations

import os
import stat
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from test_sync_support import at, by_number, field_store, laptop, snapshot  # noqa: F401  (fixtures)
from textual.pilot import Pilot
from textual.widgets import Checkbox, Static, TextArea
from tui_helpers import check_bundle_in_new_office, drive, paste, static_text, wait_for

from inspect_tui import services
from inspect_tui.app import InspectApp
from inspect_tui.domain.conflict import CONFLICT_FIELD
from inspect_tui.domain.inspection import Answer, Status
from inspect_tui.i18n import t
from inspect_tui.screens.conflict_view import ConflictViewScreen
from inspect_tui.screens.dialogs import ConfirmDialog
from inspect_tui.screens.files import FilePickerDialog, FileTree, SaveAsDialog
from inspect_tui.screens.passphrase import PassphraseDialog
from inspect_tui.screens.review import ReviewScreen
from inspect_tui.screens.settings import FirstRunDialog
from inspect_tui.screens.sync import ConflictsScreen, ExportScreen, ImportScreen
from inspect_tui.store import Store
from inspect_tui.sync import Reason, export_bundle, import_bundles, list_conflicts, sealed
from inspect_tui.sync.conflicts import ConflictCopy, keep

PASSPHRASE = "Зелена ґава летить, 2026"


@pytest.fixture(autouse=True)
def _cheap_scrypt_and_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Cheap sealed files (the bounds are the real ones), and a home folder of the test's own for the pickers."""
    monkeypatch.setattr(sealed, "LOG2_N", sealed.MIN_LOG2_N)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv(sealed.PASSPHRASE_ENV, raising=False)
    (tmp_path / "home").mkdir()


async def export_sealed(app: InspectApp, pilot: Pilot[Any], out: Path, passphrases: tuple[str, str]) -> PassphraseDialog:
    """Export with «Зашифрувати» ticked, typing the passphrase twice; returns the passphrase dialog."""
    await pilot.press("e")
    await wait_for(pilot, lambda: isinstance(app.screen, ExportScreen))
    await pilot.press("ctrl+u")
    await paste(pilot, str(out))
    app.screen.query_one("#encrypt", Checkbox).focus()
    await pilot.press("space")
    await pilot.press("ctrl+s")
    await wait_for(pilot, lambda: isinstance(app.screen, PassphraseDialog))
    dialog = app.screen
    assert isinstance(dialog, PassphraseDialog)
    await paste(pilot, passphrases[0])
    await pilot.press("enter")
    await paste(pilot, passphrases[1])
    await pilot.press("enter")
    return dialog


def test_an_encrypted_export_and_import_through_the_screens(demo_store: Store, tmp_path: Path) -> None:
    bundle = tmp_path / "usb" / "bundle.itui"

    async def export(app: InspectApp, pilot: Pilot[Any]) -> None:
        dialog = await export_sealed(app, pilot, bundle, (PASSPHRASE, PASSPHRASE))
        assert all(i.password for i in dialog.query("Input"))  # never echoed
        await wait_for(pilot, lambda: isinstance(app.screen, ExportScreen) and str(bundle) in static_text(app, "#sync-result"))

    drive(demo_store, export)
    raw = bundle.read_bytes()
    assert raw.startswith(sealed.MAGIC) and "ПОКРОВВОДОКАНАЛ".encode() not in raw
    if os.name != "nt":
        assert stat.S_IMODE(bundle.stat().st_mode) == 0o600 and stat.S_IMODE(bundle.parent.stat().st_mode) == 0o700

    with Store.open(tmp_path / "office") as office:

        async def import_(app: InspectApp, pilot: Pilot[Any]) -> None:
            screen = await check_bundle_in_new_office(app, pilot, bundle)
            await wait_for(pilot, lambda: isinstance(app.screen, PassphraseDialog))
            await paste(pilot, "не той пароль, зовсім")
            await pilot.press("enter")
            await wait_for(pilot, lambda: "неправильний пароль" in static_text(app, "#sync-result"))
            assert screen.checked is None
            before = snapshot(office.data_dir)
            await pilot.press("ctrl+r")  # asked again
            await wait_for(pilot, lambda: isinstance(app.screen, PassphraseDialog))
            await paste(pilot, PASSPHRASE)
            await pilot.press("enter")
            await wait_for(pilot, lambda: screen.checked is not None)
            assert static_text(app, "#sync-result").startswith(t("sync.dry_run_title", files=1))
            assert snapshot(office.data_dir) == before  # the dry run wrote nothing
            await pilot.press("ctrl+s")
            await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
            await pilot.press("y")
            await wait_for(pilot, lambda: static_text(app, "#sync-result").startswith(t("sync.import_title", files=1)))

        drive(office, import_)
        assert {s.number for s in office.list_summaries()} == {s.number for s in demo_store.list_summaries()}


def test_a_weak_passphrase_is_refused_and_nothing_written(demo_store: Store, tmp_path: Path) -> None:
    bundle = tmp_path / "bundle.itui"

    async def scenario(app: InspectApp, pilot: Pilot[Any]) -> None:
        dialog = await export_sealed(app, pilot, bundle, ("коротко", "коротко"))
        assert app.screen is dialog
        assert "пароль закороткий: 7 симв., потрібно щонайменше 12" in str(dialog.query_one("#passphrase-error", Static).render())
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportScreen))
        assert static_text(app, "#sync-result") == ""

    drive(demo_store, scenario)
    assert not bundle.exists()


def test_the_conflict_viewer_takes_the_copy_and_the_history_records_it(field_store: Store, laptop: Store, tmp_path: Path) -> None:
    day = date(2026, 7, 29)
    ours = services.record_finding(field_store, by_number(field_store, "2/2026"), "measures-adopted", now=at(day, 9), note="Наказ № 47-од надано")
    services.record_finding(laptop, by_number(laptop, "2/2026"), "risk-assessment", now=at(day, 15), answer=Answer.COMPLIES)
    export_bundle(laptop, tmp_path / "laptop.json")
    import_bundles(field_store, [tmp_path / "laptop.json"])
    (copy,) = list_conflicts(field_store)

    async def scenario(app: InspectApp, pilot: Pilot[Any]) -> None:
        await pilot.press("i")
        await wait_for(pilot, lambda: isinstance(app.screen, ImportScreen))
        await pilot.press("ctrl+k")
        await wait_for(pilot, lambda: isinstance(app.screen, ConflictsScreen) and bool(app.screen.copies))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConflictViewScreen))
        shown = " ".join(str(s.render()) for s in app.screen.query(".conflict-side"))
        assert "Наказ № 47-од надано" in shown and "Так" in shown  # both sides of both items that differ
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, ConflictsScreen) and not app.screen.copies)

    drive(field_store, scenario)
    now = field_store.get_inspection(ours.id)
    assert now.findings == ours.findings
    assert (CONFLICT_FIELD, copy.sha256, "copy") in [(e.field, e.old, e.new) for e in now.history]


def test_a_signed_inspection_offers_only_keeping_it(demo_store: Store, tmp_path: Path) -> None:
    signed = next(s for s in demo_store.list_summaries() if s.status is Status.SIGNED)
    inspection = demo_store.get_inspection(signed.id)
    other = inspection.model_validate({**inspection.model_dump(), "addenda": []})
    with demo_store.transaction():
        keep(demo_store, ConflictCopy(
            reason=Reason.SIGNED_DIFFERS, kept_at=at(date(2026, 8, 1)), from_store=False, file="laptop.json",
            installation_id=demo_store.installation_id, installation_name="ноутбук", inspection=other,
        ))

    async def scenario(app: InspectApp, pilot: Pilot[Any]) -> None:
        app.push_screen(ConflictsScreen())
        await wait_for(pilot, lambda: isinstance(app.screen, ConflictsScreen) and bool(app.screen.copies))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConflictViewScreen))
        assert "ніколи не перезаписують" in static_text(app, "#form-status")
        await pilot.press("c")  # greyed out
        assert isinstance(app.screen, ConflictViewScreen)

    drive(demo_store, scenario)
    assert demo_store.get_inspection(signed.id) == inspection


def test_the_picker_chooses_a_file_and_remembers_its_folder(demo_store: Store, tmp_path: Path) -> None:
    usb = tmp_path / "home" / "usb"
    usb.mkdir()
    (usb / "notes.txt").write_text("not a bundle")
    bundle = usb / "bundle.json"
    bundle.write_text("{}")

    async def scenario(app: InspectApp, pilot: Pilot[Any]) -> None:
        await pilot.press("i")
        await wait_for(pilot, lambda: isinstance(app.screen, ImportScreen))
        await pilot.press("ctrl+o")
        await wait_for(pilot, lambda: isinstance(app.screen, FilePickerDialog))
        tree = app.screen.query_one(FileTree)
        await pilot.press("tab")  # from the path field to the folder tree
        assert app.focused is tree
        await wait_for(pilot, lambda: tree.last_line >= 1)
        await pilot.press("down", "enter")  # «usb» opens
        await wait_for(pilot, lambda: tree.last_line >= 2)
        assert [n.label.plain for n in tree.root.children[0].children] == ["bundle.json"]  # only bundles are offered
        await pilot.press("down", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ImportScreen))
        assert app.screen.query_one("#files", TextArea).text == str(bundle)
        await pilot.press("ctrl+o")  # the next picker opens in the folder used last
        await wait_for(pilot, lambda: isinstance(app.screen, FilePickerDialog))
        assert Path(app.screen.query_one(FileTree).path) == usb
        await paste(pilot, "bundle.json")  # a path typed still works, relative to the folder shown
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ImportScreen))
        assert app.screen.query_one("#files", TextArea).text == f"{bundle}\n{bundle}"

    drive(demo_store, scenario)


def test_save_as_writes_the_certificate_into_the_chosen_folder_and_never_into_the_data_dir(demo_store: Store, tmp_path: Path) -> None:
    usb = tmp_path / "home" / "usb"
    usb.mkdir()
    signed = next(s for s in demo_store.list_summaries() if s.status is Status.SIGNED)

    async def scenario(app: InspectApp, pilot: Pilot[Any]) -> None:
        app.push_screen(ReviewScreen(signed.id))
        await wait_for(pilot, lambda: isinstance(app.screen, ReviewScreen))
        review = app.screen
        await pilot.press("f")
        await wait_for(pilot, lambda: isinstance(app.screen, SaveAsDialog))
        dialog = app.screen
        await pilot.press("ctrl+u")
        await paste(pilot, str(demo_store.data_dir / "certificates" / "x.pdf"))
        await pilot.press("enter")
        assert app.screen is dialog and "лежить у теці даних програми" in static_text(app, "#picker-error")
        await pilot.press("ctrl+u")
        await paste(pilot, "довідка.pdf")
        tree = dialog.query_one(FileTree)
        await pilot.press("tab")
        await wait_for(pilot, lambda: tree.last_line >= 1)
        await pilot.press("down", "enter")  # the «usb» folder; the name field has the focus again
        await wait_for(pilot, lambda: dialog.selected == usb)
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is review and (usb / "довідка.pdf").exists())
        await pilot.press("f")  # again: the file is there, so replacing it is asked
        await wait_for(pilot, lambda: isinstance(app.screen, SaveAsDialog))
        assert Path(app.screen.query_one(FileTree).path) == usb
        await pilot.press("ctrl+u")
        await paste(pilot, "довідка.pdf")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, SaveAsDialog))

    drive(demo_store, scenario)
    assert (usb / "довідка.pdf").read_bytes().startswith(b"%PDF")
    assert not (demo_store.data_dir / "certificates" / "x.pdf").exists()
