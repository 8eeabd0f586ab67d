"""Legal corrections of issue 9 (checklists 2.0.0): each test fails on the 1.1.0 checklists.

A «Ні» on a ``law`` item prints «порушено вимоги …» (or «виявлено ознаки порушення …» for an
individual's conduct): these tests pin that no item claims a duty the Law does not impose on the
one inspected, and that rules keep norms away from entities they do not bind.
"""

from __future__ import annotations

import pytest

from inspect_tui.checklist_text import never_applies
from inspect_tui.checklists import check_file
from inspect_tui.domain.checklist import Basis, Checklist, LegalRef
from inspect_tui.domain.edrpou import with_check_digit
from inspect_tui.domain.enterprise import Enterprise
from inspect_tui.domain.inspection import Answer, applicable_finding
from inspect_tui.domain.rules import Comparison, Kind, Sector
from inspect_tui.paths import bundled_checklists_dir


def _load(name: str) -> Checklist:
    checklist, problems = check_file(bundled_checklists_dir() / f"{name}.toml")
    assert problems == [] and checklist is not None
    return checklist


@pytest.fixture(scope="module")
def full() -> Checklist:
    return _load("communal-enterprise-1700")


@pytest.fixture(scope="module")
def programme() -> Checklist:
    return _load("anti-corruption-programme-1700")


def _refs(*triples: tuple[str, str, str]) -> list[LegalRef]:
    return [LegalRef(article=a, part=p, point=pt) for a, p, pt in triples]


def _rules_fields(rule) -> set[str]:  # type: ignore[no-untyped-def]
    if isinstance(rule, Comparison):
        return {rule.field}
    children = getattr(rule, "all", None) or getattr(rule, "any", None) or [rule.not_]
    return set().union(*(_rules_fields(c) for c in children))


# --- 1. ч. 1 ст. 63 is «може містити»: the Law's duty is only the regular assessment (ч. 2 ст. 61) ----


def test_programme_risk_assessment_is_split_into_the_law_and_the_programmes_own_periodicity(programme: Checklist) -> None:
    law = programme.item("impl-risk-assessment-regular")
    assert law.basis is Basis.LAW and law.refs == _refs(("61", "2", ""))
    assert law.guidance is not None and "регулярну оцінку корупційних ризиків" in law.guidance.uk
    own = programme.item("impl-risk-assessment")
    assert own.basis is Basis.PRACTICE and {r.article for r in own.refs} == {"63"}


# --- 2. п. 2 ч. 1 ст. 28 is the direct superior; the officer procedure is the programme's ---------------


def test_programme_conflict_procedure_is_practice_and_cites_no_duty_of_article_28(programme: Checklist) -> None:
    item = programme.item("impl-conflict-of-interest")
    assert item.basis is Basis.PRACTICE
    assert item.refs == _refs(("63", "1", "10"))
    assert item.guidance is not None and "безпосереднього керівника" in item.guidance.uk


# --- 3. the 24-hour duty of ч. 6 ст. 53 apart from the permissive п. 14 ч. 1 ст. 63 ----------------------


def test_offence_response_is_narrowed_to_the_24_hour_duty(programme: Checklist) -> None:
    law = programme.item("impl-offence-response")
    assert law.basis is Basis.LAW and law.refs == _refs(("53", "6", ""))
    assert "24 годин" in law.question.uk and "програм" not in law.question.uk
    own = programme.item("impl-offence-procedure")
    assert own.basis is Basis.PRACTICE and own.refs == _refs(("63", "1", "14"))


# --- 4. suspension: by a court on suspicion, «може» after a protocol (ч. 5 ст. 65-1) ---------------------


def test_suspension_is_a_documented_consideration_not_a_duty(full: Checklist) -> None:
    item = full.item("suspension")
    assert item.basis is Basis.PRACTICE
    assert "розглядав" in item.question.uk and "підозр" not in item.question.uk
    assert item.guidance is not None and "може бути відсторонена" in item.guidance.uk and "слідчого судді" in item.guidance.uk


# --- 5. a lease conflict is settled by any lawful measure, not necessarily removal ------------------------


def test_lease_conflicts_accept_any_measure_of_article_29(full: Checklist) -> None:
    item = full.item("lease-conflicts-settled")
    assert item.refs == _refs(("28", "1", "4"), ("29", "1", ""), ("29", "2", ""))
    assert "усунуто" not in item.question.uk and "реальний чи потенційний конфлікт інтересів" in item.question.uk
    assert item.guidance is not None and "сама по собі не є конфліктом інтересів" in item.guidance.uk
    assert "не має постійного характеру" in item.guidance.uk  # the conditions of ч. 1 ст. 30


# --- 6. declarations: the term that applied, martial-law deferrals and exemptions --------------------------


@pytest.mark.parametrize("item_id", ["declarations-filed-head", "declarations-filed"])
def test_annual_declarations_ask_for_the_term_that_applied(full: Checklist, item_id: str) -> None:
    item = full.item(item_id)
    assert "у строк, що застосовувався" in item.question.uk and "ч. 7–14 ст. 45" in item.question.uk
    guidance = item.guidance.uk  # type: ignore[union-attr]
    for phrase in ("щорічно до 1 квітня", "не пізніше 31 січня 2024 року", "не пізніше 90 календарних днів",
                   "ч. 9 ст. 45", "ч. 10 ст. 45", "ч. 12 ст. 45", "ч. 13 ст. 45", "ч. 14 ст. 45", "п. 2-7 розділу XIII"):
        assert phrase in guidance, (item_id, phrase)


def test_departure_declaration_names_the_deferred_terms(full: Checklist) -> None:
    item = full.item("declarations-departure")
    assert "відкладений строк" in item.question.uk
    assert "не пізніше 90 календарних днів" in item.guidance.uk  # type: ignore[union-attr]


def test_foreign_account_notice_knows_the_martial_law_exemptions(full: Checklist) -> None:
    item = full.item("declarations-foreign-account")
    assert "ч. 6 ст. 52" in item.question.uk and "2-6" in item.question.uk
    assert "може не подаватися" in item.guidance.uk and "ч. 6 ст. 52" in item.guidance.uk  # type: ignore[union-attr]


def test_significant_change_notice_knows_the_martial_law_exemptions(full: Checklist) -> None:
    item = full.item("declarations-significant-change")
    assert "2-5" in item.question.uk and "ч. 6 ст. 52" in item.question.uk
    assert "п. 2-5 розділу XIII" in item.guidance.uk  # type: ignore[union-attr]


def test_declarations_filed_reason_quotes_the_law(full: Checklist) -> None:
    reason = full.item("declarations-filed").na_reason
    assert reason is not None and "керівники вищих навчальних закладів та їх заступники" in reason.uk


def test_pre_appointment_says_who_declares_in_health_science_and_education(full: Checklist) -> None:
    question = full.item("declarations-pre-appointment").question.uk
    assert "лише на посаду керівника" in question and "заступників" in question


# --- 7. gift limits: п. 2-3 розд. XIII and the wording by date ---------------------------------------------


def test_gift_limits_know_the_wartime_exemption_and_the_change_of_2023(full: Checklist) -> None:
    item = full.item("gift-limits")
    assert "п. 2-3 розділу XIII" in item.question.uk
    guidance = item.guidance.uk  # type: ignore[union-attr]
    assert "п. 2-3 розділу XIII" in guidance and "у повному обсязі використаних" in guidance
    assert "12.10.2023" in guidance and "№ 3384-IX" in guidance


# --- 8. the programme rule: participants, and companies of п. 1 ч. 2 ст. 62 -------------------------------


def test_programme_rules_name_participants_and_companies(full: Checklist, programme: Checklist) -> None:
    for checklist in (full, programme):
        for item in checklist.items:
            if item.applies_if is None:
                continue
            assert "procurement_bid_20m" not in _rules_fields(item.applies_if), item.id
            if "procurement_participant_20m" in _rules_fields(item.applies_if) and item.id not in ("wb-internal-channels", "wb-portal-entry", "impl-offence-response"):
                company = {"kind": "company", "sector": "other", "headcount": 51, "gross_revenue_uah": 70_000_001,
                           "procurement_participant_20m": False, "city_level": None, "higher_education": False}
                assert item.applies_if.evaluate(company), item.id


# --- medium and low -----------------------------------------------------------------------------------------


def test_staff_reports_are_one_official_duty_and_incitement_is_practice(full: Checklist) -> None:
    # 2.1.0 retired staff-reports-handled: it repeated 7.3 (ч. 3 ст. 53-2) and 7.8 (ч. 6 ст. 53), so one missed
    # notice was two or three numbered violations
    assert "staff-reports-handled" not in {i.id for i in full.items}
    assert sum(1 for i in full.items for r in i.refs if (r.article, r.part) == ("53", "6")) == 1
    incitement = full.item("staff-incitement-reports-handled")
    assert incitement.basis is Basis.PRACTICE and incitement.refs == _refs(("61", "3", "3"))


def test_register_copy_is_practice_under_the_nazk_regulation(full: Checklist) -> None:
    item = full.item("disc-register-copy")
    assert item.basis is Basis.PRACTICE and "Положення" in item.guidance.uk  # type: ignore[union-attr]


def test_risk_measures_have_no_deadline_of_the_law(full: Checklist) -> None:
    item = full.item("risk-measures-implemented")
    assert "у визначені строки" not in item.question.uk and "строків їх виконання не встановлює" in item.guidance.uk  # type: ignore[union-attr]


def test_gift_giver_decisions_cite_the_breached_duty_not_the_fiction(full: Checklist) -> None:
    item = full.item("coi-gift-giver-decisions")
    assert item.refs == _refs(("28", "1", "3"), ("67", "1", ""))
    assert "4 ст. 23" in item.guidance.uk  # type: ignore[union-attr]


def test_close_persons_question_reads_yes_for_compliance(full: Checklist) -> None:
    question = full.item("coi-close-persons").question.uk
    assert not question.startswith("Чи виявлено") and question.startswith("Чи врегульовано")


def test_the_demo_violation_item_stays_a_law_item(full: Checklist) -> None:
    item = full.item("risk-assessment")
    assert item.basis is Basis.LAW and item.refs == _refs(("61", "2", ""))


def test_never_applicable_items_stay_so_whatever_kinds_come(full: Checklist) -> None:
    for item_id in ("na-part-time", "na-post-employment", "na-close-persons", "na-priority-interests", "na-special-check"):
        rule = full.item(item_id).applies_if
        assert rule is not None and never_applies(rule)
        assert not rule.evaluate({"kind": "a-kind-added-later"})


# --- reference profiles -------------------------------------------------------------------------------------


def _enterprise(seven: str, **fields: object) -> Enterprise:
    base = {"edrpou": with_check_digit(seven), "reporting_year": 2025, "headcount": 0, "gross_revenue_uah": 0}
    return Enterprise.model_validate({**base, **fields})


BUYER_ONLY = _enterprise(
    "3600123", name="Комунальне підприємство «Міськсвітло»", short_name="КП «Міськсвітло»", legal_form="КП",
    kind=Kind.ENTERPRISE, sector=Sector.UTILITIES, headcount=30, gross_revenue_uah=40_000_000, procurement_participant_20m=False,
)
COMPANY = _enterprise(
    "3700456", name="Товариство з обмеженою відповідальністю «Міські теплові мережі»", short_name="ТОВ «МТМ»",
    legal_form="ТОВ", kind=Kind.COMPANY, sector=Sector.UTILITIES, headcount=200, gross_revenue_uah=150_000_000,
)
VILLAGE_CLINIC = _enterprise(
    "3800789", name="КНП «Сільська амбулаторія»", short_name="КНП «СА»", legal_form="КНП",
    kind=Kind.ENTERPRISE, sector=Sector.HEALTH, headcount=12, gross_revenue_uah=3_000_000, city_level=False,
)
UNIVERSITY = _enterprise(
    "3900321", name="Комунальний заклад вищої освіти «Міська академія»", short_name="КЗВО «МА»", legal_form="КЗ",
    kind=Kind.INSTITUTION, sector=Sector.EDUCATION, headcount=300, gross_revenue_uah=90_000_000, higher_education=True,
)
SCHOOL = UNIVERSITY.model_copy(update={"higher_education": False})

NEVER = {"na-part-time", "na-post-employment", "na-close-persons", "na-priority-interests", "na-special-check"}
PROGRAMME_ITEMS = {
    "programme-approved", "programme-discussed", "programme-accessible", "programme-in-contracts", "programme-content",
    "officer-appointed", "officer-eligibility", "officer-incompatibility", "officer-dismissal", "wb-reporting-culture",
    "training-programme",
}
DECLARATION_ITEMS = {
    "declarations-list", "declarations-filed-head", "declarations-filed", "declarations-departure",
    "declarations-pre-appointment", "declarations-filing-checked", "declarations-foreign-account",
    "declarations-significant-change", "familiarisation-dismissal",
}
#: Items on norms that bind only persons of пп. 1, 2 ч. 1 ст. 3 or public-law entities (ст. 23, 24, 28–44, ч. 6 ст. 53).
PUBLIC_ONLY = {
    "coi-mechanism", "coi-notified", "coi-no-acts-under-conflict", "coi-settled", "coi-superior-decision",
    "coi-superior-measures", "coi-measure-conditions", "coi-gift-giver-decisions", "coi-close-persons",
    "coi-corporate-rights", "gifts-prohibited", "gift-limits", "gifts-to-entity", "benefit-offer-response",
    "benefit-found-act", "benefit-storage", "ethics-law-courtesy", "ethics-neutrality", "ethics-impartiality",
    "ethics-competence", "ethics-confidentiality", "ethics-unlawful-orders", "familiarisation-officials",
    "familiarisation-ethics", "lease-counterparty-check", "lease-conflicts-settled", "wb-report-24h",
}


def _na(checklist: Checklist, enterprise: Enterprise) -> set[str]:
    out = set()
    for item in checklist.items:
        finding = applicable_finding(item, enterprise)
        if finding.answer is Answer.NOT_APPLICABLE:
            assert finding.na_reason and "ст." in finding.na_reason
            out.add(item.id)
    return out


def test_a_kp_that_was_only_the_buyer_of_a_25_mln_procurement_needs_no_programme(full: Checklist, programme: Checklist) -> None:
    assert _na(full, BUYER_ONLY) == NEVER | PROGRAMME_ITEMS
    assert _na(programme, BUYER_ONLY) == {i.id for i in programme.items}


def test_a_company_above_the_thresholds_gets_the_programme_but_no_duties_of_public_officials(full: Checklist, programme: Checklist) -> None:
    na = _na(full, COMPANY)
    assert na == NEVER | DECLARATION_ITEMS | PUBLIC_ONLY
    assert PROGRAMME_ITEMS.isdisjoint(na)
    assert {"misuse-property", "measures-adopted", "risk-assessment", "wb-internal-channels"}.isdisjoint(na)  # ст. 22, 61, 53-1 bind it
    assert _na(programme, COMPANY) == {"impl-offence-response"}  # ч. 6 ст. 53 binds public-law entities only
    reason = full.item("gift-limits").na_reason
    assert reason is not None and "господарського товариства" in reason.uk


def test_a_company_below_the_thresholds_has_no_programme_and_no_internal_channels(full: Checklist) -> None:
    small = COMPANY.model_copy(update={"headcount": 20})
    na = _na(full, small)
    assert PROGRAMME_ITEMS <= na and {"wb-internal-channels", "wb-portal-entry"} <= na


def test_a_village_health_facility_files_no_declarations(full: Checklist) -> None:
    assert _na(full, VILLAGE_CLINIC) == NEVER | PROGRAMME_ITEMS | DECLARATION_ITEMS


def test_a_higher_education_institution_declares_heads_and_deputies(full: Checklist, programme: Checklist) -> None:
    na = _na(full, UNIVERSITY)
    assert na == NEVER | PROGRAMME_ITEMS  # an institution has no programme duty under п. 1 ч. 2 ст. 62
    assert DECLARATION_ITEMS & na == set()
    assert DECLARATION_ITEMS <= _na(full, SCHOOL)


@pytest.mark.parametrize(("sector", "others_declare"), [(Sector.SCIENCE, False), (Sector.DEFENCE, None), (Sector.CULTURE_SPORT, None)])
def test_science_heads_declare_defence_and_culture_are_exempt(full: Checklist, sector: Sector, others_declare: bool | None) -> None:
    entity = BUYER_ONLY.model_copy(update={"sector": sector})
    na = _na(full, entity)
    if others_declare is None:
        assert DECLARATION_ITEMS <= na
    else:
        assert "declarations-filed-head" not in na and "declarations-filed" in na


# --- inspections pinned to 1.1.0 keep their snapshot ----------------------------------------------------------


def test_an_inspection_pinned_to_1_1_0_keeps_its_snapshot_and_verifies(full: Checklist) -> None:
    from pathlib import Path

    from factories import inspection, pinned_checklist

    old = pinned_checklist(Path(__file__).parent / "data" / "communal-enterprise-1700-1.1.0.toml")
    assert old.version == "1.1.0"
    assert full.version == "2.1.0" and old.sha256 != full.sha256
    pinned = inspection(ent=BUYER_ONLY, cl=old)
    assert pinned.checklist_sha256 == old.sha256 and pinned.checklist.version == "1.1.0"
    assert [i.id for i in pinned.checklist.items] == [i.id for i in old.items]  # its own 76 items, not 2.0.0's
    again = type(pinned).model_validate_json(pinned.model_dump_json())
    assert again.checklist == old and again.checklist.sha256 == old.sha256 and again.integrity_problems() == []
    # the ids of 1.1.0 live on, but for the ones retired since: findings can be compared across versions
    assert {i.id for i in old.items} - {i.id for i in full.items} == {"staff-reports-handled"}
