"""The shipped checklists: they validate, their structure is pinned, and applicability is right for real profiles."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from inspect_tui.checklist_text import format_checklist, never_applies, refs_text, rule_text
from inspect_tui.checklists import check_file
from inspect_tui.domain.checklist import Checklist, LegalRef
from inspect_tui.domain.edrpou import with_check_digit
from inspect_tui.domain.enterprise import Enterprise
from inspect_tui.domain.inspection import Answer, applicable_finding
from inspect_tui.domain.rules import Kind, Sector
from inspect_tui.paths import bundled_checklists_dir

FULL = "communal-enterprise-1700"
PROGRAMME = "anti-corruption-programme-1700"

# --- pinned structure: a rename, a removal or a move fails here on purpose ----------------------

FULL_SECTIONS: dict[str, list[str]] = {
    "measures": [
        "measures-adopted", "risk-assessment", "risk-measures-implemented", "staff-duties-informed",
        "reporting-recipient-designated", "staff-incitement-reports-handled",
    ],
    "programme": [
        "programme-approved", "programme-discussed", "programme-accessible", "programme-in-contracts",
        "programme-content", "officer-appointed", "officer-eligibility", "officer-incompatibility", "officer-dismissal",
    ],
    "conflict": [
        "coi-mechanism", "coi-notified", "coi-no-acts-under-conflict", "coi-settled", "coi-superior-decision",
        "coi-superior-measures", "coi-measure-conditions", "coi-gift-giver-decisions", "coi-close-persons",
        "coi-corporate-rights",
    ],
    "gifts": [
        "misuse-property", "gifts-prohibited", "gift-limits", "gifts-to-entity", "benefit-offer-response",
        "benefit-found-act", "benefit-storage",
    ],
    "ethics": [
        "ethics-law-courtesy", "ethics-neutrality", "ethics-impartiality", "ethics-competence",
        "ethics-confidentiality", "ethics-unlawful-orders",
    ],
    "declarations": [
        "declarations-list", "declarations-filed-head", "declarations-filed", "declarations-departure",
        "declarations-pre-appointment", "declarations-filing-checked", "declarations-foreign-account",
        "declarations-significant-change",
    ],
    "whistleblowers": [
        "wb-internal-channels", "wb-portal-entry", "wb-preliminary-review", "wb-follow-up", "wb-feedback",
        "wb-confidentiality", "wb-no-retaliation", "wb-report-24h", "wb-reporting-culture",
    ],
    "liability": [
        "disc-after-court", "disc-register-copy", "internal-investigation", "suspension", "unlawful-acts-revoked",
        "register-screening",
    ],
    "training": [
        "familiarisation-hiring", "familiarisation-officials", "familiarisation-ethics", "familiarisation-dismissal",
        "training-held", "training-programme",
    ],
    "lease": ["lease-register", "lease-counterparty-check", "lease-conflicts-settled", "lease-terms-no-favour"],
    "not-applicable": ["na-part-time", "na-post-employment", "na-close-persons", "na-priority-interests", "na-special-check"],
}

PROGRAMME_SECTIONS: dict[str, list[str]] = {
    "adoption": [
        "programme-approved", "programme-discussed", "programme-accessible", "programme-labour-contracts",
        "programme-internal-rules", "programme-counterparty-clauses", "programme-model-conformity",
    ],
    "content": [
        "content-scope", "content-measures", "content-ethics", "content-rights-duties", "content-officer-rights",
        "content-officer-reporting", "content-monitoring", "content-confidential-reporting",
        "content-whistleblower-protection", "content-conflict-of-interest", "content-consulting", "content-training",
        "content-discipline", "content-response", "content-amendments",
    ],
    "officer": [
        "officer-appointed", "officer-eligibility", "officer-incompatibility", "officer-dismissal-consent",
        "officer-dismissal-notice",
    ],
    "implementation": [
        "impl-risk-assessment-regular", "impl-risk-assessment", "impl-officer-reports", "impl-monitoring",
        "impl-conflict-of-interest", "impl-consulting", "impl-training", "impl-internal-channels",
        "impl-reporting-conditions", "impl-offence-response", "impl-offence-procedure", "impl-discipline",
    ],
}

#: The ids of the 0.1.0 starter file: ids are stable forever.
STARTER_IDS = {
    "measures-adopted", "risk-assessment", "staff-duties-informed", "programme-approved", "officer-appointed",
    "coi-mechanism", "gift-limits", "declarations-filed",
}

#: ст. 25, 26, 27, 39, 56–58 bind only п.1 ч.1 ст.3 persons or state/local-government bodies.
NEVER_APPLICABLE = {"na-part-time", "na-post-employment", "na-close-persons", "na-priority-interests", "na-special-check"}

#: Articles whose current text exists in Law 1700-VII (repealed ones — 35, 49, 65 — are not citable).
REPEALED = {"35", "49", "65"}


def _load(name: str) -> Checklist:
    checklist, problems = check_file(bundled_checklists_dir() / f"{name}.toml")
    assert problems == [], "\n".join(str(p) for p in problems)
    assert checklist is not None
    return checklist


@pytest.fixture(scope="module")
def full() -> Checklist:
    return _load(FULL)


@pytest.fixture(scope="module")
def programme() -> Checklist:
    return _load(PROGRAMME)


def test_both_files_validate_with_their_ids_and_versions(full: Checklist, programme: Checklist) -> None:
    assert (full.id, full.version) == (FULL, "2.1.0")
    assert (programme.id, programme.version) == (PROGRAMME, "2.1.0")
    for path in sorted(bundled_checklists_dir().glob("*.toml")):
        assert check_file(path)[1] == [], path


@pytest.mark.parametrize(
    ("name", "expected"), [(FULL, FULL_SECTIONS), (PROGRAMME, PROGRAMME_SECTIONS)], ids=[FULL, PROGRAMME]
)
def test_sections_and_item_ids_are_pinned(name: str, expected: dict[str, list[str]]) -> None:
    checklist = _load(name)
    assert {s.id: [i.id for i in s.items] for s in checklist.sections} == expected
    assert [s.id for s in checklist.sections] == list(expected)


def test_item_counts_by_section(full: Checklist, programme: Checklist) -> None:
    assert {s.id: len(s.items) for s in full.sections} == {
        "measures": 6, "programme": 9, "conflict": 10, "gifts": 7, "ethics": 6, "declarations": 8,
        "whistleblowers": 9, "liability": 6, "training": 6, "lease": 4, "not-applicable": 5,
    }
    assert len(full.items) == 76 >= 45
    assert {s.id: len(s.items) for s in programme.sections} == {"adoption": 7, "content": 15, "officer": 5, "implementation": 12}


def test_the_starter_ids_are_kept(full: Checklist) -> None:
    assert STARTER_IDS <= {i.id for i in full.items}
    assert {"measures", "programme", "conflict", "gifts", "declarations"} <= {s.id for s in full.sections}


@pytest.mark.parametrize("name", [FULL, PROGRAMME])
def test_every_item_is_complete_in_both_languages(name: str) -> None:
    checklist = _load(name)
    ids = [i.id for i in checklist.items]
    assert len(ids) == len(set(ids))
    for text in (checklist.title, checklist.legal_basis, checklist.description):
        assert text is not None and text.uk.strip() and text.en.strip()
    for section in checklist.sections:
        assert section.title.uk.strip() and section.title.en.strip()
    for item in checklist.items:
        assert item.refs, item.id
        assert item.question.uk.strip() and item.question.en.strip(), item.id
        assert all(r.law == "1700-VII" and r.article not in REPEALED for r in item.refs), item.id
        if item.applies_if is not None:
            assert item.na_reason is not None and item.na_reason.uk.strip() and item.na_reason.en.strip(), item.id
            assert "ст." in item.na_reason.uk, f"{item.id}: an N/A reason names its norm"
        if not item.id.startswith("na-"):
            assert item.guidance is not None and item.guidance.uk.strip() and item.guidance.en.strip(), item.id
            assert item.documents, f"{item.id}: documents to request"


def test_ukrainian_texts_use_no_ascii_quotes_and_no_stray_english(full: Checklist, programme: Checklist) -> None:
    for checklist in (full, programme):
        for item in checklist.items:
            for text in (item.question.uk, item.guidance.uk if item.guidance else ""):
                assert '"' not in text, item.id
                assert not re.search(r"\b(the|and|of)\b", text), item.id


#: Items whose «Ні» is a shortcoming, not a violation of the Law: a change of basis fails here on purpose.
FULL_BASIS = {
    "practice": {
        "staff-duties-informed", "reporting-recipient-designated", "coi-mechanism", "coi-close-persons",
        "declarations-list", "register-screening", "familiarisation-hiring", "familiarisation-officials",
        "familiarisation-ethics", "familiarisation-dismissal", "training-held", "training-programme",
        "lease-register", "lease-counterparty-check", "lease-terms-no-favour",
        "suspension", "disc-register-copy", "staff-incitement-reports-handled", "benefit-storage",
    },
    "permissive": {"programme-content"},
}
PROGRAMME_BASIS = {
    "practice": {
        "programme-model-conformity", "impl-officer-reports", "impl-monitoring", "impl-consulting", "impl-training",
        "impl-discipline", "impl-risk-assessment", "impl-conflict-of-interest", "impl-offence-procedure",
    },
    "permissive": {"programme-counterparty-clauses"} | set(PROGRAMME_SECTIONS["content"]),
}


@pytest.mark.parametrize(
    ("name", "expected", "law_count"), [(FULL, FULL_BASIS, 56), (PROGRAMME, PROGRAMME_BASIS, 14)], ids=[FULL, PROGRAMME]
)
def test_basis_of_every_item_is_pinned(name: str, expected: dict[str, set[str]], law_count: int) -> None:
    checklist = _load(name)
    found: dict[str, set[str]] = {}
    for item in checklist.items:
        found.setdefault(item.basis.value, set()).add(item.id)
    assert {k: v for k, v in found.items() if k != "law"} == expected
    assert len(found["law"]) == law_count


def test_items_that_check_only_the_programmes_own_rules_say_so(programme: Checklist, full: Checklist) -> None:
    """Art. 63(1) is «може містити»: not following one's own programme breaches the programme, not the Law."""
    own = [programme.item(i) for i in PROGRAMME_BASIS["practice"] - {"programme-model-conformity"}]
    for item in [*own, full.item("training-programme")]:
        assert item.guidance is not None and "внутрішнього акта" in item.guidance.uk, item.id
        assert {r.article for r in item.refs} == {"63"}, item.id


def test_practice_is_said_in_guidance_not_hidden_in_references(full: Checklist) -> None:
    practice = {
        "coi-mechanism", "staff-duties-informed", "familiarisation-hiring", "familiarisation-officials",
        "familiarisation-ethics", "familiarisation-dismissal", "training-held", "register-screening",
        "lease-register", "lease-counterparty-check", "lease-terms-no-favour",
    }
    for item_id in practice:
        item = full.item(item_id)
        assert item.guidance is not None and "практик" in item.guidance.uk.lower(), item_id
        assert "practice" in item.guidance.en.lower(), item_id


# --- applicability for real profiles ---------------------------------------------------------


def _enterprise(seven: str, **fields: object) -> Enterprise:
    base = {"edrpou": with_check_digit(seven), "reporting_year": 2025, "headcount": 0, "gross_revenue_uah": 0}
    return Enterprise.model_validate({**base, **fields})


WATER_UTILITY = _enterprise(
    "3214567", name="Міське комунальне підприємство «ВОДОКАНАЛ»", short_name="МКП «ВОДОКАНАЛ»", legal_form="МКП",
    kind=Kind.ENTERPRISE, sector=Sector.UTILITIES, headcount=120, gross_revenue_uah=95_000_000,
)
PRIMARY_CARE = _enterprise(
    "3845120", name="КНП «Центр первинної медико-санітарної допомоги»", short_name="КНП «ЦПМСД»", legal_form="КНП",
    kind=Kind.ENTERPRISE, sector=Sector.HEALTH, headcount=40, gross_revenue_uah=28_500_000, city_level=True,
)
SOCIAL_CENTRE = _enterprise(
    "4102583", name="Центр соціальних служб міської ради", short_name="ЦСС", legal_form="установа",
    kind=Kind.INSTITUTION, sector=Sector.SOCIAL, headcount=18,
)
BIG_INSTITUTION = _enterprise(
    "4207316", name="Комунальна установа «Муніципальна служба»", short_name="КУ «МС»", legal_form="установа",
    kind=Kind.INSTITUTION, sector=Sector.OTHER, headcount=80, gross_revenue_uah=100_000_000,
)
SMALL_BIDDER = _enterprise(
    "3512947", name="Комунальне підприємство «Благоустрій»", short_name="КП «Благоустрій»", legal_form="КП",
    kind=Kind.ENTERPRISE, sector=Sector.UTILITIES, headcount=12, gross_revenue_uah=5_000_000, procurement_participant_20m=True,
)

PROGRAMME_ITEMS = set(FULL_SECTIONS["programme"]) | {"wb-reporting-culture", "training-programme"}
DECLARATION_ITEMS = set(FULL_SECTIONS["declarations"]) | {"familiarisation-dismissal"}


def _not_applicable(checklist: Checklist, enterprise: Enterprise) -> set[str]:
    """Ids the rules pre-mark «Не застосовується», checked to carry the item's reason."""
    out = set()
    for item in checklist.items:
        finding = applicable_finding(item, enterprise)
        if finding.answer is Answer.NOT_APPLICABLE:
            assert finding.na_by_rule and item.na_reason is not None and finding.na_reason == item.na_reason.uk
            out.add(item.id)
        else:
            assert finding.answer is Answer.UNANSWERED
    return out


def test_water_utility_with_120_staff_and_95_mln_must_have_a_programme(full: Checklist, programme: Checklist) -> None:
    assert _not_applicable(full, WATER_UTILITY) == NEVER_APPLICABLE
    assert _not_applicable(programme, WATER_UTILITY) == set()


def test_primary_care_knp_with_40_staff_has_no_programme_and_only_its_head_declares(full: Checklist, programme: Checklist) -> None:
    na = _not_applicable(full, PRIMARY_CARE)
    assert na == NEVER_APPLICABLE | PROGRAMME_ITEMS | {"declarations-filed"}
    assert "declarations-filed-head" not in na and "declarations-filing-checked" not in na
    assert _not_applicable(programme, PRIMARY_CARE) == {i.id for i in programme.items}


def test_a_health_facility_below_city_level_declares_nothing(full: Checklist) -> None:
    village = PRIMARY_CARE.model_copy(update={"city_level": False})
    assert DECLARATION_ITEMS <= _not_applicable(full, village)


def test_social_services_centre_files_no_declarations(full: Checklist) -> None:
    na = _not_applicable(full, SOCIAL_CENTRE)
    assert na == NEVER_APPLICABLE | PROGRAMME_ITEMS | DECLARATION_ITEMS
    reason = full.item("declarations-filed-head").na_reason
    assert reason is not None and "ч. 5 ст. 45" in reason.uk


@pytest.mark.parametrize("sector", [Sector.CULTURE_SPORT, Sector.EDUCATION])
def test_culture_sport_and_education_are_exempt_from_declarations(full: Checklist, sector: Sector) -> None:
    entity = SOCIAL_CENTRE.model_copy(update={"sector": sector, "higher_education": False})  # a school, not a university
    assert DECLARATION_ITEMS <= _not_applicable(full, entity)


def test_an_institution_needs_no_programme_however_big(full: Checklist, programme: Checklist) -> None:
    na = _not_applicable(full, BIG_INSTITUTION)
    assert na == NEVER_APPLICABLE | PROGRAMME_ITEMS
    assert _not_applicable(programme, BIG_INSTITUTION) == {i.id for i in programme.items}
    assert "підприємством" in (full.item("programme-approved").na_reason.uk)  # type: ignore[union-attr]


def test_an_institution_that_bid_in_a_20_mln_procurement_needs_a_programme(full: Checklist) -> None:
    bidder = BIG_INSTITUTION.model_copy(update={"procurement_participant_20m": True})
    assert PROGRAMME_ITEMS.isdisjoint(_not_applicable(full, bidder))


def test_small_kp_that_bid_in_a_25_mln_procurement_must_have_a_programme(full: Checklist, programme: Checklist) -> None:
    assert _not_applicable(full, SMALL_BIDDER) == NEVER_APPLICABLE
    assert _not_applicable(programme, SMALL_BIDDER) == set()


@pytest.mark.parametrize(
    ("headcount", "revenue", "mandatory"),
    [(50, 95_000_000, False), (51, 70_000_000, False), (51, 70_000_001, True), (500, 10_000_000, False)],
)
def test_programme_thresholds_are_strict_and_both_needed(full: Checklist, headcount: int, revenue: int, mandatory: bool) -> None:
    entity = WATER_UTILITY.model_copy(update={"headcount": headcount, "gross_revenue_uah": revenue})
    assert ("programme-approved" not in _not_applicable(full, entity)) is mandatory


def test_restrictions_of_articles_25_to_27_39_and_56_to_58_are_never_answerable(full: Checklist) -> None:
    items = [full.item(i) for i in sorted(NEVER_APPLICABLE)]
    cited = {r.article for item in items for r in item.refs}
    assert {"25", "26", "27", "39", "56", "57", "58"} <= cited
    for item in items:
        assert item.applies_if is not None and never_applies(item.applies_if), item.id
        assert "п. 1 ч. 1 ст. 3" in item.na_reason.uk or "ст. 56" in item.na_reason.uk  # type: ignore[union-attr]
    # ... and no other item of either checklist cites them
    for checklist in (full, _load(PROGRAMME)):
        others = [i for i in checklist.items if i.id not in NEVER_APPLICABLE]
        assert not {r.article for i in others for r in i.refs} & {"25", "26", "27", "39", "56", "57", "58"}
    assert not any(never_applies(i.applies_if) for i in full.items if i.applies_if and i.id not in NEVER_APPLICABLE)


# --- the printed table of contents -----------------------------------------------------------


def _flat(text: str) -> str:
    """The text with line wrapping and non-breaking spaces undone, to look for phrases."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " "))


def test_table_of_contents_reads_like_an_inspection_plan(full: Checklist) -> None:
    text = format_checklist(full, "uk", year=2026)
    assert text.startswith("ПЕРЕЛІК ПИТАНЬ ПЕРЕВІРКИ\n")
    assert "76 питань у 11 розділах" in text
    assert "Розділ 2. Антикорупційна програма" in text
    assert re.search(r"^  2\.1\. Чи затверджено керівником антикорупційну програму", text, re.M)
    flat = _flat(text)
    assert "Нормативне обґрунтування: пп. 1, 2 ч. 2 ст. 62 Закону" in flat
    assert "пп. 3–5 ч. 3 ст. 61 Закону" in flat
    assert "ст. 30–34 Закону" in flat
    assert "середньооблікова чисельність понад 50 осіб і валовий дохід понад 70 млн грн" in flat
    assert "«Не застосовується» для будь-якого суб'єкта" in flat
    assert "один подарунок — до 6 656 грн, від однієї особи за рік — до 13 312 грн" in flat
    assert "field" not in text and "gross_revenue_uah" not in text  # no raw rules
    assert all(len(line) <= 100 for line in text.splitlines())
    assert "Документи для запиту" not in text
    detailed = _flat(format_checklist(full, "uk", details=True, year=2026))
    assert "Документи для запиту: Наказ (план) заходів" in detailed and "Пояснення: " in detailed


def test_table_of_contents_in_english(full: Checklist, programme: Checklist) -> None:
    text = _flat(format_checklist(full, "en", year=2022))
    assert "76 questions in 11 sections" in text and "Section 1. Anti-corruption measures" in text
    assert "Legal basis: Art. 62(2)(1), (2)(2) of the Law" in text
    assert "one gift up to UAH 2,481; from one source in a year up to UAH 4,962" in text  # 1 / 2 ПМ before 12.10.2023
    assert "The questions of this section apply if" in _flat(format_checklist(programme, "en"))


def test_the_year_the_gift_limits_changed_shows_both_wordings(full: Checklist) -> None:
    flat = _flat(format_checklist(full, "uk", year=2023))
    assert "прийнятих по 11.10.2023 включно, — один подарунок до 2 684 грн, від однієї особи за рік до 5 368 грн" in flat
    assert "з 12.10.2023 — один подарунок до 5 368 грн, від однієї особи за рік до 10 736 грн" in flat


def test_gift_limits_follow_the_users_overrides(full: Checklist) -> None:
    text = _flat(format_checklist(full, "uk", year=2027, subsistence={2027: 3500}))
    assert "у 2027 р." in text and "до 7 000 грн" in text and "до 14 000 грн" in text
    assert "Граничні розміри" not in format_checklist(full, "uk", year=1999)  # unknown year: no figures rather than wrong ones


def test_reference_and_rule_wording() -> None:
    refs = [LegalRef(article="28", part="1", point="1"), LegalRef(article="28", part="1", point="2"), LegalRef(article="67", part="1")]
    assert refs_text(refs, "uk") == "пп. 1, 2 ч. 1 ст. 28, ч. 1 ст. 67 Закону"
    assert refs_text([LegalRef(article="56"), LegalRef(article="57"), LegalRef(article="58")], "uk") == "ст. 56–58 Закону"
    assert refs_text([LegalRef(law="877-V", article="7", part="2")], "uk") == "ч. 2 ст. 7 Закону № 877-V"
    assert refs_text([LegalRef(article="53-1", part="4", point="1")], "en") == "Art. 53-1(4)(1) of the Law"
    full = _load(FULL)
    words = rule_text(full.item("declarations-filed-head").applies_if, "uk")  # type: ignore[arg-type]
    assert "охорона здоров'я" in words and "міського" in words


def test_practice_and_permissive_items_are_marked_with_a_legend(full: Checklist, programme: Checklist) -> None:
    text = format_checklist(full, "uk", year=2026)
    flat = _flat(text)
    assert "Позначки: [практика] — усталена практика" in flat and "[диспозитивна норма] — положення, яке Закон дозволяє" in flat
    assert "недолік з рекомендацією, а не порушення Закону" in flat
    assert "Нормативне обґрунтування: п. 1 ч. 1 ст. 28 Закону [практика]" in flat  # coi-mechanism
    assert "Нормативне обґрунтування: ч. 1 ст. 63 Закону [диспозитивна норма]" in flat  # programme-content
    assert flat.count("[практика]") == len(FULL_BASIS["practice"]) + 1  # each item, and the legend
    assert flat.count("[диспозитивна норма]") == len(FULL_BASIS["permissive"]) + 1
    assert re.search(r"Нормативне обґрунтування: ч\. 1 ст\. 61 Закону\n", text)  # a law item carries no mark
    assert "[диспозитивна\n" not in text and all(len(line) <= 100 for line in text.splitlines())
    english = _flat(format_checklist(programme, "en"))
    assert "Marks: [practice]" in english and "Legal basis: Art. 63(1)(1) of the Law [permissive norm]" in english
    assert english.count("[permissive norm]") == len(PROGRAMME_BASIS["permissive"]) + 1


def test_a_checklist_of_law_items_only_has_no_legend() -> None:
    only_law = Checklist.model_validate({
        "id": "law", "version": "1", "title": {"uk": "Т"}, "legal_basis": {"uk": "Закон"},
        "sections": [{"id": "s", "title": {"uk": "Р"}, "items": [{"id": "i", "question": {"uk": "Питання?"}, "refs": [{"article": "61"}]}]}],
    })
    assert "Позначки" not in format_checklist(only_law, "uk") and "[практика]" not in format_checklist(only_law, "uk")
