import json
import uuid
from datetime import date, timedelta

import pytest
from factories import CONCLUSION, INSPECTOR, ISSUER, T0, checklist, enterprise, inspection
from pydantic import ValidationError

from inspect_tui.domain.canonical import canonical_json, sha256_of
from inspect_tui.domain.inspection import (
    Answer,
    HeadAcknowledgement,
    Inspection,
    InspectionLocked,
    SignOff,
    SignOffRefused,
    Status,
    complete,
    new_revision,
    sign,
    signoff_problems,
    update_finding,
    update_header,
)

LATER = T0 + timedelta(hours=1)


def signoff(day: date = date(2026, 3, 22), **head: object) -> SignOff:
    ack = {"name": "Віктор ШЕВЧЕНКО", "position": "Директор", "acknowledged_on": day, **head}
    return SignOff(
        signed_on=day, signers=[INSPECTOR], head=HeadAcknowledgement.model_validate(ack), recorded_at=LATER, issuer=ISSUER
    )


def answered(**kw: object) -> Inspection:
    insp = inspection(**kw)
    for item_id, f in insp.findings.items():
        if f.answer is Answer.UNANSWERED:
            insp = update_finding(insp, item_id, LATER, answer=Answer.COMPLIES)
    return update_header(insp, LATER, conclusion=CONCLUSION)


def test_rule_excluded_items_start_not_applicable_with_the_reason() -> None:
    small = inspection(enterprise(headcount=12))
    assert small.findings["b"].answer is Answer.NOT_APPLICABLE
    assert small.findings["b"].na_by_rule and small.findings["b"].na_reason == "Менше 50 працівників"
    assert inspection().findings["b"].answer is Answer.UNANSWERED


def test_every_finding_change_is_in_the_history() -> None:
    insp = inspection()
    insp2 = update_finding(insp, "a", LATER, answer=Answer.NO, note="Немає наказу")
    assert insp.findings["a"].answer is Answer.UNANSWERED  # the input is not mutated
    changes = [(h.field, h.old, h.new) for h in insp2.history]
    assert ("findings.a.answer", "unanswered", "violation") in changes
    assert ("findings.a.note", "", "Немає наказу") in changes
    assert insp2.updated_at == LATER


def test_a_no_op_change_records_nothing() -> None:
    insp = update_finding(inspection(), "a", LATER, answer=Answer.COMPLIES)
    assert update_finding(insp, "a", LATER, answer=Answer.COMPLIES) is insp


def test_header_changes_are_in_the_history_and_validated() -> None:
    insp = update_header(inspection(), LATER, number="7/2026", end_date=date(2026, 3, 22))
    fields = {h.field: (h.old, h.new) for h in insp.history}
    assert fields["number"] == ("1/2026", "7/2026")
    assert fields["end_date"] == ("2026-03-21", "2026-03-22")
    with pytest.raises(ValidationError) as caught:
        update_header(insp, LATER, end_date=date(2026, 3, 1))
    assert caught.value.errors()[0]["type"] == "dates_order"


def test_date_rules() -> None:
    with pytest.raises(ValidationError):
        inspection(start_date=date(2026, 3, 22), end_date=date(2026, 3, 21))
    with pytest.raises(ValidationError):
        inspection(period_from=date(2026, 1, 1), period_to=date(2025, 1, 1))
    with pytest.raises(ValidationError):  # a remedy deadline must fall after the inspection
        update_finding(inspection(), "a", LATER, answer=Answer.NO, deadline=date(2026, 3, 21))
    insp = answered()
    insp = update_finding(insp, "a", LATER, answer=Answer.NO, note="n", recommendation="r", deadline=date(2026, 3, 25))
    with pytest.raises(ValidationError):  # signing after the deadline would make it past already
        sign(insp, signoff(date(2026, 3, 26)), LATER)
    with pytest.raises(ValidationError):  # signed before the inspection ended
        sign(answered(end_date=date(2026, 3, 23)), signoff(date(2026, 3, 22)), LATER)
    with pytest.raises(ValidationError):  # acknowledged before signing
        sign(answered(), signoff(date(2026, 3, 22), acknowledged_on=date(2026, 3, 21)), LATER)


def test_signoff_problems_name_each_item_and_reason() -> None:
    insp = update_finding(inspection(), "a", LATER, answer=Answer.NO)
    problems = {(p.code, p.item_id) for p in signoff_problems(insp)}
    assert problems == {
        ("no_conclusion", None),
        ("violation_no_note", "a"),
        ("violation_no_recommendation", "a"),
        ("violation_no_deadline", "a"),
        ("unanswered", "b"),
        ("unanswered", "c"),
    }
    with pytest.raises(SignOffRefused) as caught:
        sign(insp, signoff(), LATER)
    assert len(caught.value.problems) == 6


def test_sign_freezes_under_a_content_hash() -> None:
    signed = sign(answered(), signoff(), LATER)
    assert signed.status is Status.SIGNED and signed.sha256 == signed.content_hash()
    assert signed.integrity_problems() == []
    with pytest.raises(InspectionLocked):
        update_finding(signed, "a", LATER, note="пізніше")
    with pytest.raises(InspectionLocked):
        update_header(signed, LATER, conclusion="змінено")
    tampered = signed.model_copy(update={"conclusion": "підмінено"})
    assert tampered.integrity_problems() == ["signed content does not match its sha256"]


def test_signed_inspection_survives_a_json_round_trip_with_its_hash() -> None:
    signed = sign(answered(), signoff(), LATER)
    again = Inspection.model_validate_json(signed.model_dump_json())
    assert again == signed and again.content_hash() == signed.sha256


def test_canonical_hash_does_not_depend_on_key_order() -> None:
    data = json.loads(sign(answered(), signoff(), LATER).model_dump_json())
    reordered = json.loads(json.dumps(data, sort_keys=True), object_pairs_hook=lambda pairs: dict(reversed(pairs)))
    assert list(reordered) != list(data)
    assert sha256_of(reordered) == sha256_of(data)
    assert canonical_json({"б": 1, "a": [1, {"z": None, "y": "ї"}]}) == '{"a":[1,{"y":"ї","z":null}],"б":1}'.encode()


def test_head_refusal_needs_no_date_but_acknowledgement_does() -> None:
    signed = sign(answered(), signoff(refused=True, acknowledged_on=None, remarks="Не згоден"), LATER)
    assert signed.signoff and signed.signoff.head.refused
    with pytest.raises(ValidationError):
        HeadAcknowledgement(name="X", position="Y")


def test_complete_then_edit_goes_back_to_draft() -> None:
    done = complete(answered(), LATER)
    assert done.status is Status.COMPLETED
    edited = update_finding(done, "a", LATER, note="уточнення")
    assert edited.status is Status.DRAFT
    assert ("status", "completed", "draft") in [(h.field, h.old, h.new) for h in edited.history]


def test_a_correction_is_a_new_revision_pointing_to_the_original() -> None:
    signed = sign(answered(), signoff(), LATER)
    revision = new_revision(signed, id=uuid.uuid4(), now=LATER)
    assert revision.supersedes == signed.id and revision.revision == 2
    assert revision.status is Status.DRAFT and revision.sha256 is None
    assert update_finding(revision, "a", LATER, note="виправлено").findings["a"].note == "виправлено"


def test_findings_must_match_the_pinned_checklist() -> None:
    insp = inspection()
    data = insp.model_dump()
    del data["findings"]["c"]
    with pytest.raises(ValidationError) as caught:
        Inspection.model_validate(data)
    assert caught.value.errors()[0]["type"] == "findings_mismatch"


def test_pinned_checklist_hash_is_checked() -> None:
    insp = inspection()
    assert insp.checklist_sha256 == checklist().sha256
    changed = insp.model_copy(update={"checklist_sha256": "0" * 64})
    assert "checklist content does not match its pinned sha256" in changed.integrity_problems()


def test_na_reason_is_cleared_when_the_answer_changes() -> None:
    small = inspection(enterprise(headcount=12))
    insp = update_finding(small, "b", LATER, answer=Answer.COMPLIES, override_reason="документи надано добровільно")
    assert insp.findings["b"].na_reason == "" and not insp.findings["b"].na_by_rule


def test_hashed_forms_leave_defaults_out_so_upgrades_keep_pins_valid() -> None:
    """A field added later with a default must not change pinned checklist or signed-content hashes."""
    content = json.dumps(checklist().content())
    assert '"basis"' not in content and '"law":' not in content  # defaults: basis=law, law=1700-VII
    signed = sign(answered(), signoff(), LATER)
    hashed = signed.model_dump(mode="json", exclude={"sha256", "enterprise"}, exclude_defaults=True)
    assert "na_by_rule" not in json.dumps(hashed) and "supersedes" not in hashed
    hashed["enterprise"] = signed.enterprise.hashed_form()  # frozen at the first release's shape
    assert sha256_of(hashed) == signed.sha256


def test_an_edit_does_not_revalidate_the_pinned_checklist() -> None:
    insp = inspection()
    edited = update_finding(insp, "a", LATER, note="x")
    assert edited.checklist is insp.checklist


def test_not_examined_keeps_its_reason_and_a_change_of_answer_drops_it() -> None:
    insp = update_finding(inspection(), "a", LATER, answer=Answer.NOT_EXAMINED, na_reason="Документи вилучено НАБУ")
    assert insp.findings["a"].na_reason == "Документи вилучено НАБУ"
    assert update_finding(insp, "a", LATER, note="n").findings["a"].na_reason == "Документи вилучено НАБУ"
    # the reason of «не розглядалося» never stands as the reason the norm does not apply, nor the other way round
    moved = update_finding(insp, "a", LATER, answer=Answer.NOT_APPLICABLE)
    assert moved.findings["a"].na_reason == ""
    assert update_finding(moved, "a", LATER, answer=Answer.COMPLIES).findings["a"].na_reason == ""


@pytest.mark.parametrize(("version", "required"), [("1.0", False), ("2.0.3", False), ("2.1.0", True), ("2.10", True), ("3", True), ("dev", True)])
def test_not_examined_needs_a_reason_to_sign_from_checklist_2_1_0(version: str, required: bool) -> None:
    """Inspections pinned to older checklists were signed without the reason: they must stay valid (sealed_problems)."""
    insp = answered(cl=checklist(version=version))
    insp = update_finding(insp, "c", LATER, answer=Answer.NOT_EXAMINED)
    problems = {(p.code, p.item_id) for p in signoff_problems(insp)}
    assert (("ne_no_reason", "c") in problems) is required
    given = update_finding(insp, "c", LATER, na_reason="Немає доступу до архіву")
    assert signoff_problems(given) == []
    assert sign(given, signoff(), LATER).findings["c"].na_reason == "Немає доступу до архіву"


def test_a_signed_inspection_of_an_older_checklist_without_the_reason_stays_sealed() -> None:
    from inspect_tui.domain.inspection import sealed_problems

    insp = update_finding(answered(cl=checklist(version="2.0.0")), "c", LATER, answer=Answer.NOT_EXAMINED)
    signed = sign(insp, signoff(), LATER)
    assert sealed_problems(signed) == []
