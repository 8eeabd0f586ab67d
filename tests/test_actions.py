"""Follow-up actions: derived from signed «Ні», remedies recorded with history, follow-up inspections close them."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from backends import reopen
from test_sync_support import at, by_number, sign

from inspect_tui import services
from inspect_tui.cli import main
from inspect_tui.domain.actions import (
    FOLLOW_UP_SUFFIX,
    Action,
    ActionKind,
    ActionState,
    NothingToFollowUp,
    Remedy,
    SignedActions,
    new_follow_up,
)
from inspect_tui.domain.inspection import Answer, Inspection, NoKind, Status
from inspect_tui.register.actions import ActionFacts, action_counts, list_actions
from inspect_tui.store import Store, StoreCorrupt

pytestmark = pytest.mark.backends

SIGNED = "1/2026"  # the demo's signed inspection: four «Ні» (1.2, 3.2-3.4), deadlines 31.12.2026, signed 22.03.2026
APRIL = date(2026, 4, 1)
#: the signed demo's «Ні» in checklist order: the entity's violation (1.2) and the deputy director's contract
#: with his brother's company, signs of an official's breach in 3.2, 3.3 and 3.4
NOES = ("risk-assessment", "coi-notified", "coi-no-acts-under-conflict", "coi-settled")


def _signed(store: Store) -> Inspection:
    return by_number(store, SIGNED)


def _remedy(store: Store, item: str = "risk-assessment", *, on: date = APRIL, what: str = "Проведено оцінку ризиків", remedied: bool = True) -> None:
    services.record_action_remedy(store, _signed(store).id, item, remedied=remedied, on=on, what=what, now=at(on))


def _sign_follow_up(store: Store, answers: dict[str, Answer], day: date = date(2027, 1, 20)) -> Inspection:
    follow_up = services.start_follow_up(store, _signed(store).id, order_number="101-од", order_date=day, now=at(day), start_date=day)
    assert set(answers) == {i.id for i in follow_up.checklist.items}, "a follow-up is signed with every item answered"
    for item_id, answer in answers.items():
        changes: dict[str, object] = {"answer": answer}
        if answer is Answer.NO:
            changes.update(note="Не усунуто", recommendation="Усунути", deadline=date(2027, 6, 30))
            if follow_up.checklist.item(item_id).needs_notice:
                changes.update(notice_reason="повідомлення надіслано за первинною перевіркою")
        follow_up = services.record_finding(store, follow_up, item_id, now=at(day), **changes)
    return sign(store, follow_up, day)


def test_every_no_of_a_signed_inspection_is_an_action(demo_store: Store) -> None:
    actions = list_actions(demo_store, today=date(2026, 11, 24))
    assert [(a.inspection_number, a.item_number, a.state) for a in actions] == [
        (SIGNED, "1.2", ActionState.OPEN),
        (SIGNED, "3.2", ActionState.OPEN),
        (SIGNED, "3.3", ActionState.OPEN),
        (SIGNED, "3.4", ActionState.OPEN),
    ]  # the draft 2/2026 has a «Ні» too, but no action until it is signed; «Не розглядалося» (1.3, 8.5) is none
    assert [a.item_id for a in actions] == list(NOES)
    first = actions[0]
    # 3.2-3.4 are an official's conduct (the deputy's contract): signs of a breach, not a violation
    assert [a.kind for a in actions[1:]] == [ActionKind.SIGNS] * 3
    assert first.kind is ActionKind.VIOLATION and first.deadline == date(2026, 12, 31) and first.signed_on == date(2026, 3, 22)
    assert {(a.deadline, a.signed_on) for a in actions[1:]} == {(date(2026, 12, 31), date(2026, 3, 22))}
    assert first.section.startswith("Антикорупційні заходи") and first.question.startswith("Чи проводилася")
    assert action_counts(actions) == (4, 0)
    overdue = list_actions(demo_store, today=date(2027, 1, 1))
    assert {a.state for a in overdue} == {ActionState.OVERDUE} and action_counts(overdue) == (4, 4)
    assert list_actions(demo_store, today=APRIL, year=2025) == []
    assert list_actions(demo_store, today=APRIL, edrpou=first.edrpou) == actions
    assert list_actions(demo_store, today=APRIL, edrpou="32145678") == []


def test_a_remedy_closes_the_action_and_a_second_one_keeps_the_first_in_history(demo_store: Store) -> None:
    _remedy(demo_store, remedied=False, what="Інформацію не надано", on=date(2027, 1, 5))
    (action, *others) = list_actions(demo_store, today=date(2027, 1, 6))
    assert action.state is ActionState.NOT_REMEDIED and action.is_open
    assert [a.state for a in others] == [ActionState.OVERDUE] * 3
    _remedy(demo_store, on=date(2027, 1, 10), what="Оцінку ризиків проведено")
    record = demo_store.get_remedy(_signed(demo_store).id, "risk-assessment")
    assert record is not None and record.remedy.what == "Оцінку ризиків проведено"
    assert [v.what for v in record.history] == ["Інформацію не надано"]
    action = list_actions(demo_store, today=date(2027, 1, 11))[0]
    assert action.state is ActionState.REMEDIED and not action.is_open and action.remedy == record.remedy


@pytest.mark.parametrize(
    ("item", "on", "code"),
    [
        ("risk-assessment", date(2026, 3, 1), "before_signing"),
        ("risk-assessment", date(2099, 1, 1), "future"),
        ("measures-adopted", APRIL, "not_an_action"),  # answered «Так»
    ],
)
def test_remedies_the_app_refuses_change_nothing(demo_store: Store, item: str, on: date, code: str) -> None:
    with pytest.raises(services.ActionRefused) as refused:
        services.record_action_remedy(demo_store, _signed(demo_store).id, item, remedied=True, on=on, what="x", now=at(APRIL))
    assert refused.value.code == code
    assert demo_store.remedy_records() == []


def test_a_draft_has_no_actions_to_remedy_or_follow_up(demo_store: Store) -> None:
    draft = by_number(demo_store, "2/2026")
    with pytest.raises(services.ActionRefused, match="not_signed"):
        services.record_action_remedy(demo_store, draft.id, "risk-assessment", remedied=True, on=APRIL, what="x", now=at(APRIL))
    with pytest.raises(services.ActionRefused, match="follow_up_not_signed"):
        services.start_follow_up(demo_store, draft.id, order_number="1", order_date=APRIL, now=at(APRIL))


def test_a_follow_up_inspection_checks_exactly_the_no_items(demo_store: Store) -> None:
    original = _signed(demo_store)
    follow_up = services.start_follow_up(
        demo_store, original.id, order_number="101-од", order_date=date(2027, 1, 19), now=at(date(2027, 1, 20)), start_date=date(2027, 1, 20)
    )
    assert follow_up.follows_up == original.id and follow_up.number == "1/2027"
    assert [i.id for i in follow_up.checklist.items] == list(NOES)
    assert follow_up.checklist.version == original.checklist.version + FOLLOW_UP_SUFFIX
    assert follow_up.checklist_sha256 == follow_up.checklist.sha256 != original.checklist_sha256
    # the sections of the «Ні», in order, each once: 3.2-3.4 share the conflict-of-interests section
    assert [[i.id for i in s.items] for s in follow_up.checklist.sections] == [["risk-assessment"], list(NOES[1:])]
    assert [s.title for s in follow_up.checklist.sections] == [original.checklist.section_of(i).title for i in ("risk-assessment", "coi-notified")]
    assert follow_up.period_from == date(2026, 3, 22) and follow_up.enterprise.edrpou == original.enterprise.edrpou
    assert (follow_up.basis.order_number, follow_up.basis.order_date, follow_up.basis.planned) == ("101-од", date(2027, 1, 19), False)
    assert follow_up.basis.act == original.basis.act and follow_up.status is Status.DRAFT
    assert demo_store.get_inspection(follow_up.id) == follow_up


def test_signing_a_follow_up_confirms_what_it_found_remedied(demo_store: Store) -> None:
    follow_up = _sign_follow_up(
        demo_store,
        {"risk-assessment": Answer.COMPLIES, "coi-notified": Answer.NO, "coi-no-acts-under-conflict": Answer.COMPLIES, "coi-settled": Answer.NO},
    )
    actions = {(a.inspection_number, a.item_id): a for a in list_actions(demo_store, today=date(2027, 1, 21))}
    assert sorted(actions) == sorted([*((SIGNED, i) for i in NOES), (follow_up.number, "coi-notified"), (follow_up.number, "coi-settled")])
    for item_id in ("risk-assessment", "coi-no-acts-under-conflict"):
        confirmed = actions[(SIGNED, item_id)]
        assert confirmed.state is ActionState.CONFIRMED and confirmed.confirmed_by == follow_up.id and not confirmed.is_open
    for item_id in ("coi-notified", "coi-settled"):
        still = actions[(SIGNED, item_id)]
        assert still.state is ActionState.NOT_REMEDIED and still.followed_up_by == follow_up.id and still.confirmed_by is None
        assert not still.is_open  # carried on by the follow-up's own action, with its new deadline
        carried = actions[(follow_up.number, item_id)]
        assert carried.state is ActionState.OPEN and carried.deadline == date(2027, 6, 30) and carried.is_open
        assert carried.kind is ActionKind.SIGNS
    with pytest.raises(services.ActionRefused, match="confirmed"):
        _remedy(demo_store, on=date(2027, 1, 21))


def test_a_follow_up_needs_a_no_and_starts_after_the_signing(demo_store: Store) -> None:
    original = _signed(demo_store)
    with pytest.raises(services.ActionRefused, match="follow_up_before_signing"):
        services.start_follow_up(demo_store, original.id, order_number="1", order_date=APRIL, now=at(APRIL), start_date=date(2026, 3, 1))
    complied = original.model_copy(update={"findings": {k: f.model_copy(update={"answer": Answer.COMPLIES}) for k, f in original.findings.items()}})
    with pytest.raises(NothingToFollowUp):
        new_follow_up(complied, id=original.id, number="9/2027", now=at(APRIL), start_date=APRIL)


def test_signed_inspections_from_before_follow_ups_still_verify(demo_store: Store) -> None:
    data = json.loads((Path(__file__).parent / "data" / "signed-demo.json").read_text("utf-8"))
    old = Inspection.model_validate(data)
    assert "follows_up" not in data and old.follows_up is None
    assert old.integrity_problems() == [] and old.content_hash() == old.sha256
    assert _signed(demo_store).integrity_problems() == []


@pytest.mark.backends("file")  # how the file store keeps its files
def test_the_action_index_is_read_around_and_rebuilt_when_damaged(demo_store: Store) -> None:
    expected = list_actions(demo_store, today=APRIL)
    shard = demo_store.data_dir / "actions" / f"{str(_signed(demo_store).id)[:2]}.json"
    assert len(list(shard.parent.glob("*.json"))) == 3  # every inspection is listed, drafts as null
    shard.write_text("{not json", "utf-8")
    with Store.open(demo_store.data_dir, writer=False) as reader:
        assert list_actions(reader, today=APRIL) == expected
    assert list_actions(demo_store, today=APRIL) == expected  # a writer rebuilds the shard
    assert SignedActions.model_validate(json.loads(shard.read_text("utf-8"))["actions"][str(_signed(demo_store).id)]).number == SIGNED
    shard.unlink()
    assert list_actions(demo_store, today=APRIL) == expected and shard.exists()
    shutil.rmtree(shard.parent)  # a store from before the action index
    with Store.open(demo_store.data_dir, writer=False) as reader:
        assert list_actions(reader, today=APRIL) == expected and not shard.parent.exists()
    assert list_actions(demo_store, today=APRIL) == expected and len(list(shard.parent.glob("*.json"))) == 3


@pytest.mark.parametrize(
    ("no_kind", "kind"),
    [(NoKind.VIOLATION, ActionKind.VIOLATION), (NoKind.SIGNS, ActionKind.SIGNS), (NoKind.SHORTCOMING, ActionKind.SHORTCOMING)],
)
def test_an_action_is_of_the_kind_its_no_states(no_kind: NoKind, kind: ActionKind) -> None:
    assert ActionKind.of(no_kind) is kind


@pytest.mark.backends("file")  # how the file store keeps its files
def test_an_action_shard_of_the_old_format_is_not_trusted_for_the_kind(demo_store: Store) -> None:
    """Version 1 of the index wrote «violation» for signs of an official's breach: such a shard is rebuilt."""
    expected = list_actions(demo_store, today=APRIL)
    shard = demo_store.data_dir / "actions" / f"{str(_signed(demo_store).id)[:2]}.json"
    data = json.loads(shard.read_text("utf-8"))
    del data["format"]
    for entry in data["actions"].values():
        for row in (entry or {}).get("rows", []):
            row["kind"] = row["kind"].replace("signs", "violation")
    shard.write_text(json.dumps(data), "utf-8")
    with Store.open(demo_store.data_dir, writer=False) as reader:
        assert list_actions(reader, today=APRIL) == expected  # read around
    assert [a.kind for a in list_actions(demo_store, today=APRIL)] == [ActionKind.VIOLATION, *[ActionKind.SIGNS] * 3]
    rebuilt = json.loads(shard.read_text("utf-8"))
    rows = rebuilt["actions"][str(_signed(demo_store).id)]["rows"]
    assert rebuilt["format"] == {"version": 2} and [r["kind"] for r in rows] == ["violation", "signs", "signs", "signs"]
    inode = shard.stat().st_ino  # a shard of the current format is trusted: not rewritten when read
    assert list_actions(demo_store, today=APRIL) == expected and shard.stat().st_ino == inode
    del rebuilt["format"]  # an old shard is not carried over by the next write either
    shard.write_text(json.dumps(rebuilt), "utf-8")
    services.record_finding(demo_store, by_number(demo_store, "2/2026"), "risk-assessment", now=at(APRIL), note="Нотатка")
    assert list_actions(demo_store, today=APRIL) == expected


@pytest.mark.backends("file")  # how the file store keeps its files
def test_a_damaged_remedy_file_is_named_never_skipped(demo_store: Store) -> None:
    _remedy(demo_store)
    (path,) = (demo_store.data_dir / "remedies").glob("*.json")
    path.write_text('{"remedies": {"x": {"inspection_id": 1}}}', "utf-8")
    with pytest.raises(StoreCorrupt) as damaged:
        list_actions(demo_store, today=APRIL)
    assert damaged.value.path == path


def test_remedy_versions_are_bounded() -> None:
    with pytest.raises(ValueError):
        Remedy(remedied=True, on=date(2026, 5, 2), what="x", recorded_at=at(APRIL))  # recorded before it happened
    with pytest.raises(ValueError):
        Remedy(remedied=True, on=APRIL, what="   ", recorded_at=at(APRIL))


def _run(data_dir: Path, *args: str) -> int:
    return main(["--data-dir", str(data_dir), *args])


def test_cli_lists_remedies_and_starts_a_follow_up(demo_store: Store, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data_dir = demo_store.data_dir
    demo_store.close()
    scan = tmp_path / "звіт.pdf"
    scan.write_bytes(b"%PDF-1.4 report")
    assert _run(data_dir, "actions", "remedy", SIGNED, "1.2", "--on", "01.04.2026", "--what", "Проведено", "--document", "Звіт", "--evidence", str(scan)) == 0
    assert "Усунення записано: № 1/2026, питання 1.2." in capsys.readouterr().out  # the number users read, not the id
    assert _run(data_dir, "actions", "list", "--json") == 0
    open_actions = json.loads(capsys.readouterr().out)
    assert [a["item_number"] for a in open_actions] == ["3.2", "3.3", "3.4"]
    assert all(a["open"] and a["state"] == "open" and a["kind"] == "signs" for a in open_actions)
    assert _run(data_dir, "actions", "list") == 0
    listed = capsys.readouterr().out
    assert all(f"{n}    ознаки порушення · " in listed for n in ("3.2", "3.3", "3.4")) and " 1.2    " not in listed
    assert _run(data_dir, "--lang", "en", "actions", "list") == 0
    listed = capsys.readouterr().out
    assert all(f"{n}    signs of a breach · " in listed for n in ("3.2", "3.3", "3.4")) and " 1.2    " not in listed
    assert _run(data_dir, "--lang", "uk", "actions", "list", "--all", "--json") == 0
    remedied = json.loads(capsys.readouterr().out)[0]
    assert remedied["item_number"] == "1.2" and remedied["remedy"]["documents"] == ["Звіт"] and remedied["remedy"]["evidence"][0]["filename"] == "звіт.pdf"
    assert _run(data_dir, "inspections", "follow-up", SIGNED, "--order", "101-од", "--order-date", "20.11.2026") == 0
    assert "Розпочато повторну перевірку" in capsys.readouterr().out
    assert _run(data_dir, "actions", "list") == 0
    assert "3.2" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "uk", "en"),
    [
        (["actions", "remedy", SIGNED, "1.2", "--on", "01.01.2026", "--what", "x"], "раніша за підписання", "before certificate"),
        (["actions", "remedy", SIGNED, "9.9", "--on", "01.04.2026", "--what", "x"], "немає питання", "has no item"),
        (["actions", "remedy", SIGNED, "1.2", "--what", "x"], "Потрібна дата", "date is needed"),
        (["actions", "remedy", SIGNED, "1.2", "--on", "01.04.2026", "--what", "x", "--evidence", "/no/such"], "не знайдено", "not found"),
        (["actions", "remedy", SIGNED, "1.2", "--on", "01.04.2026", "--what", " "], "Неприйнятне значення", "Unacceptable value"),
        (["inspections", "follow-up", "2/2026", "--order", "1", "--order-date", "01.04.2026"], "не підписано", "not signed"),
    ],
)
def test_cli_refusals_in_both_languages(
    demo_store: Store, capsys: pytest.CaptureFixture[str], args: list[str], uk: str, en: str
) -> None:
    data_dir = demo_store.data_dir
    demo_store.close()
    for lang, text in (("uk", uk), ("en", en)):
        assert _run(data_dir, "--lang", lang, *args) == 1
        captured = capsys.readouterr()
        assert text in captured.err and "Traceback" not in captured.err
    with reopen(data_dir, writer=False) as store:
        assert store.remedy_records() == [] and len(store.list_summaries()) == 3


def test_a_follow_up_certificate_names_the_certificate_it_follows_up_and_verifies(demo_store: Store, tmp_path: Path) -> None:
    import re

    from pypdf import PdfReader

    from inspect_tui.certificate import render_certificate, verify_certificate

    follow_up = _sign_follow_up(demo_store, dict.fromkeys(NOES, Answer.COMPLIES))
    assert follow_up.follows_up_of is not None and follow_up.follows_up_of.number == SIGNED
    pdf = render_certificate(follow_up, demo_store.get_settings(), tmp_path / "follow-up.pdf")
    text = re.sub(r"\s+", " ", "".join(page.extract_text() for page in PdfReader(pdf).pages))
    assert "Повторна перевірка за довідкою № 1/2026 від 22.03.2026" in text
    assert verify_certificate(pdf, demo_store).ok
    original = render_certificate(_signed(demo_store), demo_store.get_settings(), tmp_path / "original.pdf")
    assert "Повторна перевірка" not in "".join(page.extract_text() for page in PdfReader(original).pages)


@pytest.mark.backends("file")  # how the file store keeps its files
def test_doctor_names_a_damaged_remedy_file_and_rebuilds_the_action_index(demo_store: Store) -> None:
    from inspect_tui.store.doctor import examine

    _remedy(demo_store)
    data_dir = demo_store.data_dir
    demo_store.close()
    (remedies,) = (data_dir / "remedies").glob("*.json")
    actions = next((data_dir / "actions").glob("*.json"))
    actions.unlink()
    remedies.write_text("{", "utf-8")
    report = examine(data_dir)
    assert [(f.code, f.path) for f in report.left] == [("corrupt", remedies)]
    assert actions.exists()


def test_action_facts_name_the_fields_of_an_action_in_its_order() -> None:
    """The annual report counts ``ActionFacts``; ``list_actions`` validates each one's ``_asdict()`` as an ``Action``."""
    assert ActionFacts._fields == tuple(Action.model_fields)
