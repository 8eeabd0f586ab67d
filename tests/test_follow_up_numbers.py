"""A follow-up keeps the original's item numbers (checklist, certificate, actions), lasts the days it is
given, and its certificate says which items of the original it found remedied and which not."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from backends import reopen
from pydantic import ValidationError
from test_sync_support import at, by_number, sign

from inspect_tui import services
from inspect_tui.certificate import render_certificate
from inspect_tui.certificate.facts import follow_up_outcome
from inspect_tui.cli import main
from inspect_tui.domain.actions import follow_up_checklist
from inspect_tui.domain.canonical import sha256_of
from inspect_tui.domain.checklist import Checklist
from inspect_tui.domain.inspection import Answer, Inspection
from inspect_tui.domain.revalidate import revalidate
from inspect_tui.register.actions import list_actions
from inspect_tui.store import Store

pytestmark = pytest.mark.backends

SIGNED = "1/2026"  # the demo's signed inspection, signed 22.03.2026
NOES = ["1.2", "3.2", "3.3", "3.4"]  # its «Ні», by the numbers its certificate printed
DAY = date(2027, 1, 20)


def _start(store: Store, start: date = DAY, end: date | None = None) -> Inspection:
    original = by_number(store, SIGNED)
    return services.start_follow_up(store, original.id, order_number="101-од", order_date=start, now=at(start), start_date=start, end_date=end)


def _original_numbers(store: Store) -> dict[str, str]:
    original = by_number(store, SIGNED)
    numbers = original.checklist.item_numbers()
    return {item.id: numbers[item.id] for item, _ in original.noes()}


def _answer(store: Store, follow_up: Inspection, answers: dict[str, Answer]) -> Inspection:
    for item_id, answer in answers.items():
        changes: dict[str, object] = {"answer": answer}
        if answer is Answer.NOT_EXAMINED:
            changes.update(na_reason="Документи вилучено правоохоронним органом")
        if answer is Answer.NO:
            changes.update(note="Не усунуто", recommendation="Усунути", deadline=date(2027, 6, 30))
            if follow_up.checklist.item(item_id).needs_notice:
                changes.update(notice_reason="повідомлення надіслано за первинною перевіркою")
        follow_up = services.record_finding(store, follow_up, item_id, now=at(DAY), **changes)
    return follow_up


def _flat(pdf: Path) -> str:
    from pypdf import PdfReader

    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(pdf).pages))


def test_the_demo_has_noes_in_two_sections(demo_store: Store) -> None:
    """The premise: renumbering from 1 would print other numbers (1.1, 2.1, …) than the original's."""
    assert sorted(_original_numbers(demo_store).values()) == NOES


def test_a_follow_up_keeps_the_original_item_numbers(demo_store: Store) -> None:
    follow_up = _start(demo_store)
    original = _original_numbers(demo_store)
    assert follow_up.checklist.item_numbers() == original
    assert list(follow_up.checklist.item_numbers().values()) == NOES  # in checklist order
    assert follow_up.checklist.section_numbers() == ["1", "3"]
    stored = demo_store.get_inspection(follow_up.id)
    assert stored.checklist.item_numbers() == original and stored.checklist_sha256 == stored.checklist.sha256


def test_a_follow_up_of_a_follow_up_keeps_them_too(demo_store: Store) -> None:
    first = _start(demo_store)
    ids = [i.id for i in first.checklist.items]
    second = follow_up_checklist(first.checklist, {ids[-1]})
    assert second.item_numbers() == {ids[-1]: "3.4"}


def test_actions_of_a_signed_follow_up_carry_the_original_numbers(demo_store: Store) -> None:
    follow_up = _start(demo_store)
    ids = [i.id for i in follow_up.checklist.items]
    follow_up = _answer(demo_store, follow_up, {ids[0]: Answer.COMPLIES, ids[1]: Answer.NO, ids[2]: Answer.COMPLIES, ids[3]: Answer.COMPLIES})
    sign(demo_store, follow_up, DAY)
    carried = [a for a in list_actions(demo_store, today=DAY) if a.inspection_number == follow_up.number]
    assert [a.item_number for a in carried] == ["3.2"]


def test_old_follow_ups_keep_their_numbering_and_hash(demo_store: Store) -> None:
    """A follow-up started before numbers were kept has none: numbered from 1 as it was printed, its pin unchanged."""
    kept = _start(demo_store).checklist
    old = Checklist.model_validate({k: v for k, v in kept.model_dump(mode="json").items() if k != "numbers"})
    assert "numbers" not in old.model_dump() and "numbers" not in old.content()
    assert old.sha256 == sha256_of(old.content()) != kept.sha256
    assert list(old.item_numbers().values()) == ["1.1", "2.1", "2.2", "2.3"]
    assert old.section_numbers() == ["1", "2"]


@pytest.mark.parametrize(
    "numbers",
    [
        {"risk-assessment": "1.2"},  # not every item
        {"risk-assessment": "1.2", "coi-notified": "1.2", "x": "3.3"},  # an item the checklist lacks
        {"risk-assessment": "1.2x"},  # not a number
    ],
)
def test_kept_numbers_are_validated(demo_store: Store, numbers: dict[str, str]) -> None:
    checklist = _start(demo_store).checklist
    with pytest.raises(ValidationError):
        revalidate(checklist, numbers=numbers)


def test_two_items_cannot_keep_one_number(demo_store: Store) -> None:
    checklist = _start(demo_store).checklist
    with pytest.raises(ValidationError, match="numbers_unique|same number"):
        revalidate(checklist, numbers=dict.fromkeys(checklist.item_numbers(), "1.2") | {checklist.items[0].id: "1.2"})


def test_a_follow_up_lasts_the_days_it_is_given(demo_store: Store) -> None:
    follow_up = _start(demo_store, DAY, date(2027, 1, 22))
    assert (follow_up.start_date, follow_up.end_date, follow_up.period_to) == (DAY, date(2027, 1, 22), DAY)
    assert _start(demo_store, DAY).end_date == DAY  # one day unless told


def test_a_follow_up_never_ends_before_it_starts(demo_store: Store) -> None:
    before = demo_store.inspection_ids()
    with pytest.raises(services.ActionRefused) as refused:
        _start(demo_store, DAY, date(2027, 1, 19))
    assert refused.value.code == "follow_up_ends_before_start"
    assert demo_store.inspection_ids() == before


def test_the_cli_takes_the_end_date_and_refuses_one_before_the_start(demo_store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    original = by_number(demo_store, SIGNED)
    base = ["--data-dir", str(demo_store.data_dir), "inspections", "follow-up", SIGNED, "--order", "7-од", "--order-date", "20.01.2027"]
    demo_store.close()
    assert main([*base, "--start", "20.01.2027", "--end", "19.01.2027"]) == 1
    err = capsys.readouterr().err
    assert "не може закінчитися (19.01.2027) раніше, ніж почалася (20.01.2027)" in err and "Traceback" not in err
    assert main([*base, "--start", "20.01.2027", "--end", "21.01.2027"]) == 0
    with reopen(demo_store.data_dir) as store:
        started = [i for i in map(store.get_inspection, store.inspection_ids()) if i.follows_up == original.id]
        assert [(i.start_date, i.end_date) for i in started] == [(DAY, date(2027, 1, 21))]


def test_the_certificate_lists_what_was_remedied_by_the_original_numbers(demo_store: Store, tmp_path: Path) -> None:
    follow_up = _start(demo_store)
    ids = [i.id for i in follow_up.checklist.items]  # 1.2, 3.2, 3.3, 3.4
    follow_up = _answer(demo_store, follow_up, {ids[0]: Answer.COMPLIES, ids[1]: Answer.NO, ids[2]: Answer.NOT_EXAMINED, ids[3]: Answer.COMPLIES})
    expected = (
        f"За результатами повторної перевірки пунктів довідки № {SIGNED}: усунення підтверджено — п. 1.2, 3.4; "
        "не усунено — п. 3.2; «Не розглядалося» — п. 3.3."
    )
    assert follow_up_outcome(follow_up) == expected
    signed = sign(demo_store, follow_up, DAY)
    flat = _flat(render_certificate(signed, demo_store.get_settings(), tmp_path / "f.pdf"))
    assert expected in flat
    assert "1. Антикорупційні заходи" in flat and "3. Запобігання та врегулювання конфлікту інтересів" in flat  # the original's sections
    assert "2. Запобігання" not in flat
    assert "Повторна перевірка за довідкою № 1/2026" in flat


def test_an_inspection_that_follows_up_nothing_has_no_outcome(demo_store: Store) -> None:
    assert follow_up_outcome(by_number(demo_store, SIGNED)) is None
