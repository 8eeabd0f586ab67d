"""Hostile bundles, issue 10: each class is refused through the CLI with exit 1, a located
Ukrainian message (file: place: problem) and the store's data files unchanged byte for byte."""

from __future__ import annotations

import copy
import json
import os
import shutil
import stat
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from test_sync_support import (  # noqa: F401  (fixtures)
    Bundle,
    at,
    bundle_path,
    by_number,
    draft_of,
    edit,
    field_store,
    first_finding,
    read_measured,
    signed_of,
    snapshot,
    state,
)

from inspect_tui import services
from inspect_tui.cli import main
from inspect_tui.domain.inspection import Inspection, Status, sealed_problems
from inspect_tui.i18n import set_language
from inspect_tui.store import Store
from inspect_tui.store_protocol import RegisterStore
from inspect_tui.sync import BundleRejected, export_bundle, import_bundles
from inspect_tui.sync.problems import MAX_PROBLEMS

HEADER = (
    '{"format_version":1,"installation_id":"00000000-0000-4000-8000-000000000001",'
    '"installation_name":"x","exported_at":"2026-01-01T00:00:00Z","attachments":false'
)


pytestmark = pytest.mark.backends


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def _held(store: RegisterStore) -> object:
    """What proves an import wrote nothing: the data dir's bytes (a file store, closed for the command that
    takes its lock), or the office register read through the protocol."""
    return snapshot(store.data_dir) if isinstance(store, Store) else state(store)


def refused(capsys: pytest.CaptureFixture[str], store: RegisterStore, *paths: Path, extra: tuple[str, ...] = ()) -> str:
    """Import ``paths`` into ``store``'s register by the CLI: exit 1, nothing written; the stderr."""
    if isinstance(store, Store):
        store.close()
    before = _held(store)
    code, out, err = run(capsys, "--data-dir", str(store.data_dir), "import", *extra, *map(str, paths))
    assert (code, out) == (1, "")
    assert "Нічого не записано" in err
    assert _held(store) == before
    return err


def _history(target: Callable[[Bundle], dict[str, Any]], key: str, value: Any) -> Callable[[bytes], bytes]:
    return edit(lambda b: target(b)["history"][0].__setitem__(key, value))


def _nested(depth: int) -> Any:
    value: Any = "x"
    for _ in range(depth):
        value = [value]
    return value


def _relabel(issuer: dict[str, Any] | None) -> Callable[[bytes], bytes]:
    """The draft in progress relabelled signed with a self-computed, matching hash; without an
    issuer its sign-off passes for one of the first release, held to that release's rules."""

    def change(b: Bundle) -> None:
        draft = draft_of(b)
        day = draft["end_date"]
        draft["status"] = Status.SIGNED.value
        draft["signoff"] = {
            "signed_on": day,
            "signers": draft["inspectors"],
            "head": {"name": "Віктор ШЕВЧЕНКО", "position": "Директор", "acknowledged_on": day},
            "recorded_at": f"{day}T12:00:00Z",
            "issuer": issuer,
        }
        draft["sha256"] = "0" * 64
        draft["sha256"] = Inspection.model_validate(draft).content_hash()

    return edit(change)


ISSUER = {"council_name": "Покровська міська рада", "unit_name": "Відділ з питань запобігання корупції"}


def _duplicate_key(target: Callable[[Bundle], dict[str, Any]], key: str) -> Callable[[bytes], bytes]:
    """``key`` written twice in the object ``target`` picks, the second time with another value."""

    def mutate(raw: bytes) -> bytes:
        bundle = json.loads(raw)
        target(bundle)[key] = "@@SECOND@@"
        text = json.dumps(bundle, ensure_ascii=False)
        return text.replace('"@@SECOND@@"', json.dumps("dup") + f', "{key}": "00000000-0000-4000-8000-00000000000f"', 1).encode()

    return mutate


def _enterprise(b: Bundle) -> dict[str, Any]:
    return b["enterprises"][0]


def _evidence(b: Bundle) -> dict[str, Any]:
    return b["evidence"][0]


def _header(b: Bundle) -> Bundle:
    return b


def _draft_finding(b: Bundle) -> dict[str, Any]:
    return first_finding(draft_of(b))


def _set(target: Callable[[Bundle], dict[str, Any]], key: str, value: Any) -> Callable[[bytes], bytes]:
    return edit(lambda b: target(b).__setitem__(key, value))


def _raw(old: bytes, new: bytes) -> Callable[[bytes], bytes]:
    def mutate(raw: bytes) -> bytes:
        assert old in raw
        return raw.replace(old, new, 1)

    return mutate


#: name → (mutation of a valid bundle, JSON path the problem is at ("" for the file), text of the problem)
CASES: dict[str, tuple[Callable[[bytes], bytes], str, str]] = {
    # naive timestamps, and years the history view cannot show
    "naive history time": (_history(draft_of, "at", "2026-07-27T09:00:00"), "inspections[1].history[0].at", "часовий пояс"),
    "naive created_at": (_set(draft_of, "created_at", "2026-07-27T09:00:00"), "inspections[1].created_at", "часовий пояс"),
    "naive updated_at": (_set(draft_of, "updated_at", "2026-07-28T09:00:00"), "inspections[1].updated_at", "часовий пояс"),
    "naive recorded_at of a signed one": (
        edit(lambda b: signed_of(b)["signoff"].__setitem__("recorded_at", "2026-03-21T12:00:00")),
        "inspections[0].signoff.recorded_at", "часовий пояс",
    ),
    "naive exported_at": (_set(_header, "exported_at", "2026-01-01T00:00:00"), "exported_at", "часовий пояс"),
    "year 1 in history": (_history(draft_of, "at", "0001-01-01T00:00:00Z"), "inspections[1].history[0].at", "рік 1 поза межами 1991–2100"),
    "year 9999 start date": (_set(draft_of, "start_date", "9999-07-27"), "inspections[1].start_date", "рік 9999 поза межами"),
    "year 9999 deadline": (_set(_draft_finding, "deadline", "9999-12-31"), "inspections[1].findings", "рік 9999 поза межами"),
    "year 9999 exported_at": (_set(_header, "exported_at", "9999-12-31T23:59:59Z"), "exported_at", "рік 9999 поза межами"),
    # numbers and history values
    "1e999 in history": (_raw(b'"field":"created","old":null', b'"field":"created","old":1e999'), "", "число 1e999 нескінченне"),
    "-1e999 in history": (_raw(b'"field":"created","old":null', b'"field":"created","old":-1e999'), "", "число -1e999 нескінченне"),
    "huge history string": (_history(draft_of, "new", "я" * 200_000), "inspections[1].history[0].new", "значення задовге"),
    "deep history value": (_history(draft_of, "new", _nested(20)), "inspections[1].history[0].new", "забагато вкладених рівнів (не більше 8)"),
    "deeper than the parser": (_history(draft_of, "new", _nested(400)), "inspections[1]", "некоректний JSON: забагато вкладених рівнів"),
    "long history field": (_history(draft_of, "field", "f" * 1000), "inspections[1].history[0].field", "задовгий текст"),
    "huge revision": (_set(draft_of, "revision", 10**30), "inspections[1].revision", "має бути не більше 10000"),
    "huge headcount": (_set(_enterprise, "headcount", 10**18), "enterprises[0].headcount", "має бути не більше"),
    "huge evidence size": (_set(_evidence, "size", 10**15), "evidence[0].size", "має бути не більше"),
    "huge checklist title": (
        edit(lambda b: draft_of(b)["checklist"]["title"].__setitem__("uk", "Т" * 30_000)),
        "inspections[1].checklist.title.uk", "задовгий текст",
    ),
    # duplicate keys: the last would win silently
    "duplicate id in an inspection": (_duplicate_key(draft_of, "id"), "", 'ключ "id" повторюється'),
    "duplicate key in a finding": (_duplicate_key(_draft_finding, "note"), "", 'ключ "note" повторюється'),
    "duplicate key in an enterprise": (_duplicate_key(_enterprise, "name"), "", 'ключ "name" повторюється'),
    "duplicate key in evidence": (_duplicate_key(_evidence, "data"), "", 'ключ "data" повторюється'),
    # unpaired surrogates cannot be stored as UTF-8
    "lone surrogate in a note": (_raw(b'"field":"created"', b'"field":"created\\ud800"'), "", "половина сурогатної пари"),
    "lone surrogate in the header": (_raw(b'"installation_name":"', b'"installation_name":"\\udfff'), "", "половина сурогатної пари"),
    # relabelled drafts with self-computed hashes
    "draft relabelled signed": (_relabel(None), "inspections[1]", "має статус «підписана», але не відповідає правилам підписання"),
    "draft relabelled signed by an issuer": (_relabel(ISSUER), "inspections[1]", "не відповідає правилам підписання"),
}


def test_the_hostile_corpus_is_big_enough() -> None:
    assert len(CASES) >= 25


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_hostile_bundle_is_refused_by_the_cli_with_a_located_message(
    name: str, field_store: RegisterStore, bundle_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mutate, where, problem = CASES[name]
    hostile = tmp_path / "hostile.json"
    hostile.write_bytes(mutate(bundle_path.read_bytes()))
    err = refused(capsys, field_store, hostile)
    lines = [line for line in err.splitlines() if problem in line]
    assert lines, err
    prefix = f"{hostile}: {where}" if where else f"{hostile}: "
    assert lines[0].startswith(prefix), err
    assert "Input should" not in err and "Invalid JSON" not in err  # no pydantic English


def test_a_relabelled_draft_names_the_unanswered_items(field_store: RegisterStore, bundle_path: Path, tmp_path: Path) -> None:
    hostile = tmp_path / "hostile.json"
    hostile.write_bytes(_relabel(None)(bundle_path.read_bytes()))
    with pytest.raises(BundleRejected) as refusal:
        import_bundles(field_store, [hostile])
    (problem,) = refusal.value.problems
    assert "немає відповіді" in problem.reason and "і ще" in problem.reason


def test_pydantic_json_messages_follow_the_language(field_store: RegisterStore, bundle_path: Path, tmp_path: Path) -> None:
    hostile = tmp_path / "hostile.json"
    hostile.write_bytes(CASES["deeper than the parser"][0](bundle_path.read_bytes()))
    set_language("en")
    with pytest.raises(BundleRejected) as refusal:
        import_bundles(field_store, [hostile])
    assert "invalid JSON: too many nested levels" in str(refusal.value.problems[0])


# --- bounded resources -----------------------------------------------------------------------


def _empty_elements(count: int, *, version_last: bool = False) -> str:
    elements = ",".join(["{}"] * count)
    if version_last:
        header = HEADER.replace('"format_version":1,', "")
        return f'{{"inspections":[{elements}],"enterprises":[],"evidence":[],{header[1:]},"format_version":1}}'
    return f'{HEADER},"enterprises":[],"evidence":[],"inspections":[{elements}]}}'


@pytest.mark.parametrize(("count", "version_last"), [(1_000_000, False), (100_000, True)])
def test_a_million_empty_elements_are_refused_in_bounded_memory(count: int, version_last: bool, tmp_path: Path) -> None:
    """Before: 99 s and 2.95 GB for a million (14 million problems formatted); now the first 20."""
    path = tmp_path / "million.json"
    path.write_text(_empty_elements(count, version_last=version_last), "ascii")
    size = path.stat().st_size
    bundle, peak = read_measured(path)
    assert len(bundle.problems) == MAX_PROBLEMS and bundle.stopped
    assert peak < 3 * size + 4_000_000  # the file's bytes and text, not a structure per element


def test_the_cli_lists_the_first_problems_and_says_it_stopped(
    field_store: RegisterStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "many.json"
    path.write_text(_empty_elements(10_000), "ascii")
    err = refused(capsys, field_store, path)
    assert err.count(f"{path}: inspections[") == MAX_PROBLEMS
    assert "і ще" in err and "перевірку зупинено після перших 20 проблем" in err


def test_max_size_far_beyond_the_file_reads_only_the_file(
    field_store: RegisterStore, bundle_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = field_store.data_dir
    field_store.close()
    code, out, _ = run(capsys, "--data-dir", str(data_dir), "import", "--dry-run", "--max-size", "100G", str(bundle_path))
    assert code == 0 and "Пробний запуск" in out


def _fifo(tmp_path: Path) -> Path:
    path = tmp_path / "bundle.fifo"
    os.mkfifo(path)
    return path


@pytest.mark.backends("file")  # the lock of the data dir is what it is about
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX only")
@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_a_fifo_or_device_is_refused_before_the_store_lock(
    kind: str, field_store: RegisterStore, bundle_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _fifo(tmp_path) if kind == "fifo" else Path("/dev/zero")
    assert not stat.S_ISREG(path.stat().st_mode)
    # the store stays open (its lock held): a refusal that needed the lock would say the store is busy
    before = snapshot(field_store.data_dir)
    code, out, err = run(capsys, "--data-dir", str(field_store.data_dir), "import", str(path), str(bundle_path))
    assert (code, out) == (1, "")
    assert f"{path}: це не звичайний файл" in err and "Нічого не записано" in err
    assert snapshot(field_store.data_dir) == before


# --- merge determinism -----------------------------------------------------------------------


@pytest.mark.backends("file")  # laptops and offices copied from the field store's data dir
def test_diverged_drafts_with_equal_updated_at_resolve_the_same_in_either_order(
    field_store: RegisterStore, tmp_path: Path
) -> None:
    base = field_store.data_dir
    field_store.close()
    stamp = at(date(2026, 7, 29), 10)
    bundles = []
    for name, item in (("a", "measures-adopted"), ("b", "risk-assessment")):
        folder = tmp_path / f"laptop-{name}"
        copy_tree(base, folder)
        with Store.open(folder) as laptop:
            services.record_finding(laptop, by_number(laptop, "2/2026"), item, now=stamp, note=f"laptop {name}")
            export_bundle(laptop, tmp_path / f"{name}.json")
        bundles.append(tmp_path / f"{name}.json")
    currents = []
    for order in (bundles, bundles[::-1]):
        folder = tmp_path / f"office-{order[0].stem}"
        copy_tree(base, folder)
        with Store.open(folder) as office:
            for path in order:
                import_bundles(office, [path])
            currents.append(by_number(office, "2/2026"))
    assert currents[0].updated_at == stamp
    assert currents[0] == currents[1]


def copy_tree(source: Path, target: Path) -> None:
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(".lock*"))


def test_inspections_signed_by_the_first_release_pass_the_rules_of_their_time() -> None:
    """Sign-off rules added since (conclusion, the act of the basis) do not refuse them."""
    signed = json.loads((Path(__file__).parent / "data" / "signed-1.x.json").read_text("utf-8"))
    assert [sealed_problems(Inspection.model_validate(raw)) for raw in signed] == [[]] * len(signed)


# --- hashes of signed inspections made before the bounds ------------------------------------

FIXTURE = Path(__file__).parent / "fixtures" / "signed_with_offsets.json"


def test_signed_inspections_stored_before_the_bounds_keep_their_hash() -> None:
    """Made by the code before aware datetimes were required, with +02:00 offsets: values are kept as they
    were (not normalised to UTC), so the canonical JSON and the sha256 are unchanged."""
    raw = FIXTURE.read_text("utf-8")
    stored = json.loads(raw)
    inspection = Inspection.model_validate_json(raw)
    assert inspection.sha256 == stored["sha256"] == "950e23cf99b45440cd0a7fd66c38d5c738b4380a6d0e2a5cb0bb8da12b877a71"
    assert inspection.content_hash() == inspection.sha256 and not inspection.integrity_problems()
    again = json.loads(inspection.model_dump_json())
    for key in ("created_at", "updated_at"):
        assert again[key] == stored[key]  # kept with its offset, not normalised to UTC
    assert again["signoff"]["recorded_at"] == stored["signoff"]["recorded_at"] == "2026-03-21T16:30:00+02:00"
    assert [h["at"] for h in again["history"]] == [h["at"] for h in stored["history"]]


def test_the_app_still_produces_what_it_now_requires() -> None:
    stored = json.loads(FIXTURE.read_text("utf-8"))
    naive = copy.deepcopy(stored)
    naive["created_at"] = naive["created_at"].replace("+02:00", "")
    with pytest.raises(ValueError, match="timezone"):
        Inspection.model_validate(naive)
