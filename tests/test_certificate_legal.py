"""The certificate says only what the Law says (issue: legal corrections).

Each test here failed on the first release: an official's conduct printed as «порушено»,
no issuer of the order, signing without a conclusion or a header, an unqualified «не
виявлено» beside items not examined, practice items listed as confirmed requirements of the
Law, an order to the head, a nominative after «у», no right to object, a rule's «не
застосовується» silently replaced by an answer.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timezone
from pathlib import Path

import pytest
from factories import CONCLUSION, INSPECTOR, ISSUER, checklist, enterprise, inspection
from pydantic import ValidationError
from pypdf import PdfReader

from inspect_tui import services
from inspect_tui.certificate import render_certificate
from inspect_tui.certificate.conclusion import draft_conclusion
from inspect_tui.demo import SIGNS_ITEM, VIOLATION_ITEM
from inspect_tui.domain import inspection as ops
from inspect_tui.domain.checklist import Checklist
from inspect_tui.domain.inspection import (
    Answer,
    HeadAcknowledgement,
    Inspection,
    NoKind,
    OverrideNeedsReason,
    SignOff,
    SignOffRefused,
    Status,
)
from inspect_tui.domain.settings import Issuer, Settings
from inspect_tui.store import Store

NOW = datetime(2026, 3, 22, 12, tzinfo=UTC)


def _flat(pdf: Path) -> str:
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(pdf).pages))


@pytest.fixture
def demo(demo_store: Store) -> Store:
    return demo_store


@pytest.fixture
def signed(demo: Store) -> Inspection:
    return next(demo.get_inspection(s.id) for s in demo.list_summaries() if s.status is Status.SIGNED)


def _mixed() -> Checklist:
    """An entity duty (ст. 61), an official's duty (ст. 28), practice, and a rule-excluded duty (ст. 62)."""
    return checklist(sections=[{"id": "s1", "title": {"uk": "Розділ"}, "items": [
        {"id": "entity", "question": {"uk": "Чи проводилася оцінка ризиків?"}, "refs": [{"article": "61", "part": "2"}]},
        {"id": "official", "question": {"uk": "Чи повідомляли про конфлікт інтересів?"}, "refs": [{"article": "28", "part": "1", "point": "2"}]},
        {"id": "practice", "question": {"uk": "Чи є журнал?"}, "refs": [{"article": "61", "part": "3"}], "basis": "practice"},
        {"id": "programme", "question": {"uk": "Чи затверджено програму?"}, "refs": [{"article": "62", "part": "2"}],
         "applies_if": {"field": "headcount", "op": "gt", "value": 50}, "na_reason": {"uk": "До 50 працівників"}},
    ]}])


def test_an_officials_conduct_is_signs_of_a_breach_never_a_breach() -> None:
    small = inspection(enterprise(headcount=12), _mixed())
    kinds = {item.id: small.no_kind(item) for item in small.checklist.items}
    assert kinds == {"entity": NoKind.VIOLATION, "official": NoKind.SIGNS, "practice": NoKind.SHORTCOMING, "programme": NoKind.SHORTCOMING}


def test_the_certificate_words_each_kind_of_no_as_the_law_allows(signed: Inspection, demo: Store, tmp_path: Path) -> None:
    flat = _flat(render_certificate(signed, demo.get_settings(), tmp_path / "c.pdf"))
    entity, official = signed.checklist.item(VIOLATION_ITEM), signed.checklist.item(SIGNS_ITEM)
    assert signed.no_kind(entity) is NoKind.VIOLATION and signed.no_kind(official) is NoKind.SIGNS
    assert flat.count("порушено вимоги") == 1 and "порушено вимоги ч. 2 ст. 61 Закону" in flat
    assert "виявлено ознаки порушення вимог п. 2 ч. 1 ст. 28 Закону" in flat
    assert "порушено вимоги п. 2 ч. 1 ст. 28" not in flat
    # the 24-hour notice: the duty reminded, and the notice the finding records
    assert "протягом 24 годин (ч. 6 ст. 53, п. 8 ч. 6 ст. 13-1 Закону)" in flat
    assert "надіслано 21.03.2026 № 01-17/312" in flat


def test_signs_without_a_recorded_notice_say_so(signed: Inspection, demo: Store, tmp_path: Path) -> None:
    draft = services.correct(demo, signed, now=NOW)
    draft = ops.update_finding(draft, SIGNS_ITEM, NOW, notice_sent_on=None, notice_number="")
    flat = _flat(render_certificate(draft, demo.get_settings(), tmp_path / "d.pdf"))
    assert "Відомостей про надсилання повідомлення спеціально уповноваженому суб’єкту" in flat


def test_a_no_on_a_rule_excluded_item_needs_a_reason_and_is_never_a_violation(demo: Store, tmp_path: Path) -> None:
    small = inspection(enterprise(headcount=12), _mixed())
    assert small.findings["programme"].answer is Answer.NOT_APPLICABLE and small.findings["programme"].na_by_rule
    with pytest.raises(OverrideNeedsReason):
        ops.update_finding(small, "programme", NOW, answer=Answer.NO)
    overridden = ops.update_finding(
        small, "programme", NOW, answer=Answer.NO, override_reason="програму затверджено добровільно, але не виконують",
        note="Не виконують", recommendation="Виконувати", deadline=date(2026, 6, 1),
    )
    assert overridden.open_violations == 0 and overridden.shortcomings == 1
    flat = _flat(render_certificate(overridden, Settings(), tmp_path / "o.pdf"))
    assert "порушено вимоги ч. 2 ст. 62" not in flat
    assert "за правилом застосовності не поширюється на суб’єкта перевірки" in flat
    # back to «не застосовується» forgets the reason
    back = ops.update_finding(overridden, "programme", NOW, answer=Answer.NOT_APPLICABLE, na_reason="До 50 працівників")
    assert back.findings["programme"].override_reason == ""


def test_sign_off_refuses_without_a_conclusion_the_act_or_the_header() -> None:
    done = inspection()
    for item_id in done.findings:
        if done.findings[item_id].answer is Answer.UNANSWERED:
            done = ops.update_finding(done, item_id, NOW, answer=Answer.COMPLIES)
    done = ops.update_header(done, NOW, basis=done.basis.model_copy(update={"act": ""}))
    head = HeadAcknowledgement(name="Віктор ШЕВЧЕНКО", position="Директор", acknowledged_on=date(2026, 3, 22))
    bare = SignOff(signed_on=date(2026, 3, 22), signers=[INSPECTOR], head=head, recorded_at=NOW, issuer=Issuer())
    with pytest.raises(SignOffRefused) as caught:
        ops.sign(done, bare, NOW)
    assert {p.code for p in caught.value.problems} == {"no_conclusion", "basis_no_act", "no_council_name", "no_unit_name"}
    done = ops.update_header(done, NOW, conclusion=CONCLUSION, basis=done.basis.model_copy(update={"act": "розпорядження міського голови"}))
    signed = ops.sign(done, bare.model_copy(update={"issuer": ISSUER}), NOW)
    assert signed.signoff is not None and signed.signoff.issuer == ISSUER


def test_the_signed_header_does_not_follow_later_settings(signed: Inspection, demo: Store, tmp_path: Path) -> None:
    renamed = demo.get_settings().model_copy(update={"council_name": "Інша рада", "unit_name": "Інший відділ"})
    flat = _flat(render_certificate(signed, renamed, tmp_path / "c.pdf"))
    assert "ПОКРОВСЬКА МІСЬКА РАДА" in flat and "Інша рада".upper() not in flat


def test_draft_conclusion_states_counts_and_scope_never_a_grade(signed: Inspection) -> None:
    text = draft_conclusion(signed)
    assert text.startswith("За результатами перевірки за розглянутими питаннями виявлено:")
    # the demo: the entity's violation (1.2); the deputy's contract is signs in 3.2-3.4; 1.3 and 8.5 not examined
    assert "порушень вимог Закону суб’єктом перевірки — 1" in text and "ознак порушення вимог Закону посадовими особами — 3" in text
    assert "не розглядалися — 2" in text and "задовільн" not in text
    clean = inspection()
    for item_id in clean.findings:
        if clean.findings[item_id].answer is Answer.UNANSWERED:
            clean = ops.update_finding(clean, item_id, NOW, answer=Answer.COMPLIES)
    assert "за розглянутими питаннями" not in draft_conclusion(clean)
    assert "не виявлено" in draft_conclusion(clean)


def test_no_violations_is_qualified_when_items_were_not_examined(tmp_path: Path) -> None:
    insp = inspection()
    insp = ops.update_finding(insp, "a", NOW, answer=Answer.COMPLIES)
    insp = ops.update_finding(insp, "c", NOW, answer=Answer.NOT_EXAMINED)
    flat = _flat(render_certificate(insp, Settings(), tmp_path / "q.pdf"))
    assert "та ознак таких порушень за розглянутими питаннями не виявлено" in flat
    insp = ops.update_finding(insp, "c", NOW, answer=Answer.COMPLIES)
    flat = _flat(render_certificate(insp, Settings(), tmp_path / "q2.pdf"))
    assert "ознак таких порушень не виявлено" in flat and "за розглянутими питаннями" not in flat


def test_practice_items_are_never_listed_as_confirmed_requirements_of_the_law(signed: Inspection, demo: Store, tmp_path: Path) -> None:
    flat = _flat(render_certificate(signed, demo.get_settings(), tmp_path / "c.pdf"))
    law_part = flat[flat.index("8. Вимоги Закону, дотримання яких підтверджено"):flat.index("Питання практики та диспозитивних норм")]
    practice = [i for i in signed.checklist.items if i.basis.value != "law" and signed.findings[i.id].answer is Answer.COMPLIES]
    assert practice
    for item in practice:
        assert re.sub(r"\s+", " ", item.question.uk) not in law_part, item.id


def test_recommendation_to_the_head_objection_right_and_title(signed: Inspection, demo: Store, tmp_path: Path) -> None:
    flat = _flat(render_certificate(signed, demo.get_settings(), tmp_path / "c.pdf"))
    assert "рекомендовано у строк до" in flat
    assert re.search(r"Керівнику \S+ «[^»]+» у строк до", flat) is None  # never an order
    assert "має право протягом 3 робочих днів з дня отримання примірника довідки подати письмові зауваження" in flat
    assert "«Про запобігання корупції» у Комунальне" not in flat
    assert "щодо суб’єкта перевірки: Комунальне некомерційне підприємство" in flat


def test_objections_after_signing_are_attached_without_changing_the_hash(signed: Inspection, demo: Store, tmp_path: Path) -> None:
    later = services.attach_objection(demo, signed, received_on=date(2026, 3, 24), text="Не згоден з висновком щодо п. 3.2.", now=NOW)
    stored = demo.get_inspection(signed.id)
    assert stored.sha256 == signed.sha256 and stored.integrity_problems() == []
    assert len(stored.addenda) == 1 and stored.addenda[0].sha256 == later.addenda[0].sha256
    flat = _flat(render_certificate(stored, demo.get_settings(), tmp_path / "c.pdf"))
    assert "Зауваження (заперечення) керівника, отримані 24.03.2026 після підписання довідки: Не згоден з висновком щодо п. 3.2." in flat
    with pytest.raises(ValueError):  # before signing: objections go into the sign-off
        ops.attach_objection(services.correct(demo, stored, now=NOW), received_on=date(2026, 3, 24), text="x", now=NOW)
    with pytest.raises(ValidationError):  # an objection dated before the signing is refused
        ops.attach_objection(stored, received_on=date(2026, 3, 1), text="x", now=NOW)


def test_a_health_facility_title_is_grammatical_for_every_demo_name(demo: Store, tmp_path: Path) -> None:
    for summary in demo.list_summaries():
        insp = demo.get_inspection(summary.id)
        flat = _flat(render_certificate(insp, demo.get_settings(), tmp_path / f"{insp.number.replace('/', '-')}.pdf"))
        assert f"щодо суб’єкта перевірки: {re.sub(chr(92) + 's+', ' ', insp.enterprise.name)}" in flat


def test_cli_attaches_objections_and_refuses_bad_ones(demo_store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from inspect_tui.cli import main

    data = ["--data-dir", str(demo_store.data_dir)]
    demo_store.close()
    text = tmp_path / "objection.txt"
    text.write_text("Не згоден з висновком.\n", "utf-8")
    assert main([*data, "inspections", "objection", "1/2026", "--received", "24.03.2026", "--file", str(text)]) == 0
    assert "підписаний вміст перевірки не змінено" in capsys.readouterr().out
    for args, message in (
        (["2/2026", "--received", "24.03.2026", "--text", "x"], "ще не підписано"),
        (["1/2026", "--received", "01.03.2026", "--text", "x"], "раніша за дату підписання"),
        (["1/2026", "--received", "25.03.2026", "--text", "   "], "порожній"),
        (["1/2026", "--received", "25.03.2026", "--file", str(tmp_path)], "не звичайний файл"),
    ):
        assert main([*data, "inspections", "objection", *args]) == 1, args
        assert message in capsys.readouterr().err, args
    with Store.open(demo_store.data_dir) as store:
        signed = next(store.get_inspection(s.id) for s in store.list_summaries() if s.number == "1/2026")
        assert [a.text for a in signed.addenda] == ["Не згоден з висновком."] and signed.integrity_problems() == []


def test_copies_printed_before_and_after_objections_both_verify_and_an_invented_objection_does_not(
    signed: Inspection, demo: Store, tmp_path: Path
) -> None:
    from inspect_tui.certificate import verify_certificate

    before = render_certificate(signed, demo.get_settings(), tmp_path / "before.pdf")
    later = services.attach_objection(demo, signed, received_on=date(2026, 3, 24), text="Не згоден.", now=NOW)
    after = render_certificate(later, demo.get_settings(), tmp_path / "after.pdf")
    assert verify_certificate(before, demo).ok and verify_certificate(after, demo).ok
    invented = later.model_copy(update={"addenda": [later.addenda[0].model_copy(update={"text": "Інше."})]})
    forged = render_certificate(invented, demo.get_settings(), tmp_path / "forged.pdf")
    assert not verify_certificate(forged, demo).ok


def test_the_reason_an_item_was_not_examined_is_printed_in_part_9(tmp_path: Path) -> None:
    insp = ops.update_finding(inspection(), "c", NOW, answer=Answer.NOT_EXAMINED, na_reason="Документи вилучено слідчим")
    flat = _flat(render_certificate(insp, Settings(), tmp_path / "q.pdf"))
    assert "Не розглядалося: Документи вилучено слідчим" in flat
