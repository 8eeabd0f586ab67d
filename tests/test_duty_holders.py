"""Whose duty an item checks decides where its «Ні» lands on the certificate (issue 17).

Every item of both shipped checklists is answered «Ні» wherever it binds the entity, for each kind of
entity, and the certificate is read back: an entity's duty is a numbered breach in part 6.1
(«порушено вимоги …»), an official's or the authorised officer's signs of a breach in part 6.2, and
practice or a permissive norm a shortcoming in part 7. The certificate is Ukrainian whatever the
interface language, so the same holds with the interface in English.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from factories import T0, enterprise, inspection
from pypdf import PdfReader

from inspect_tui.certificate import render_certificate
from inspect_tui.checklist_text import format_checklist, refs_text
from inspect_tui.checklists import check_file
from inspect_tui.domain import inspection as ops
from inspect_tui.domain.checklist import Basis, Checklist, Holder, Item
from inspect_tui.domain.enterprise import Enterprise
from inspect_tui.domain.inspection import Answer, Inspection, signoff_problems
from inspect_tui.domain.settings import Settings
from inspect_tui.i18n import set_language
from inspect_tui.paths import bundled_checklists_dir

PROFILES = {
    # above the thresholds of ч. 2 ст. 62, so the programme's items bind the enterprise and the company
    "enterprise": {"kind": "enterprise", "sector": "utilities"},
    "institution": {"kind": "institution", "sector": "health", "city_level": True, "procurement_participant_20m": True},
    "company": {"kind": "company", "sector": "other", "legal_form": "ТОВ", "short_name": "ТОВ «Водоканал»"},
}
PARTS = ("6.1. Порушення вимог Закону", "6.2. Ознаки порушення вимог Закону", "7. Виявлені недоліки", "8. Вимоги Закону")


def _checklists() -> list[Checklist]:
    found = []
    for path in sorted(bundled_checklists_dir().glob("*.toml")):
        checklist, problems = check_file(path)
        assert checklist is not None and not problems, problems
        found.append(checklist)
    return found


def _all_no(checklist: Checklist, ent: Enterprise) -> Inspection:
    """Every item that binds the entity answered «Ні», as a finished record of it (note, advice, deadline, notice)."""
    ins = inspection(ent=ent, cl=checklist)
    profile = ent.profile()
    for item in checklist.items:
        if item.excludes(profile):
            continue
        changes: dict[str, object] = {
            "answer": Answer.NO, "note": f"Установлено: {item.id}.", "recommendation": "Усунути.", "deadline": date(2026, 6, 30),
        }
        if item.needs_notice:
            changes["notice_reason"] = "повідомлення надіслав керівник суб'єкта перевірки"
        ins = ops.update_finding(ins, item.id, T0, **changes)
    return ins


def _part(item: Item) -> int:
    """Index into PARTS of the part a «Ні» on ``item`` belongs to."""
    if item.basis is not Basis.LAW:
        return 2
    return 0 if item.duty_holder is Holder.ENTITY else 1


def _parts(pdf: Path) -> list[str]:
    """The text of parts 6.1, 6.2 and 7, page furniture removed and line wrapping undone."""
    footer = re.compile(r"Довідка № \S+ Сторінка \d+ з \d+ SHA-256 \S+")
    text = footer.sub(" ", re.sub(r"\s+", " ", " ".join(page.extract_text() or "" for page in PdfReader(pdf).pages)))
    starts = [text.find(heading) for heading in PARTS]
    return [text[start:next((s for s in starts[n + 1:] if s > start), len(text))] if start >= 0 else "" for n, start in enumerate(starts[:3])]


@pytest.mark.parametrize("lang", ["uk", "en"])
@pytest.mark.parametrize("kind", sorted(PROFILES))
def test_each_no_lands_in_the_part_its_holder_implies(kind: str, lang: str, tmp_path: Path) -> None:
    set_language(lang)
    ent = enterprise(**PROFILES[kind])
    for checklist in _checklists():
        ins = _all_no(checklist, ent)
        numbers = ins.checklist.item_numbers()
        answered = [item for item in checklist.items if ins.findings[item.id].answer is Answer.NO]
        assert answered, (kind, checklist.id)
        parts = _parts(Path(render_certificate(ins, Settings(), tmp_path / f"{checklist.id}.pdf")))
        for item in answered:
            where = _part(item)
            row = re.sub(r"\s+", " ", f"{numbers[item.id]}. {item.question.uk}")[:60]
            assert row in parts[where], (kind, checklist.id, item.id, PARTS[where])
            for other in {0, 1, 2} - {where}:
                assert row not in parts[other], (kind, checklist.id, item.id, PARTS[other])
            refs = re.sub(r"\s+", " ", refs_text(item.refs, "uk"))
            if where == 0:
                assert f"порушено вимоги {refs}" in parts[0], item.id
            elif where == 1:
                assert f"виявлено ознаки порушення вимог {refs}" in parts[1], item.id
        # no «порушено вимоги» outside 6.1, and only the entity's duties are numbered there
        assert sum(p.count("порушено вимоги") for p in parts[1:]) == 0
        assert parts[0].count("порушено вимоги") == sum(1 for i in answered if _part(i) == 0)


def test_the_duties_the_review_named_are_assigned_as_the_law_words_them() -> None:
    by_id = {item.id: item for checklist in _checklists() for item in checklist.items}
    # «юридичні особи публічного права зобов'язані перевіряти» (ч. 1 ст. 51-2): the entity's
    assert by_id["declarations-filing-checked"].duty_holder is Holder.ENTITY
    # «Посадові і службові особи … зобов'язані … повідомити» (ч. 6 ст. 53): an official's, with the notice
    for item_id in ("wb-report-24h", "impl-offence-response"):
        assert by_id[item_id].duty_holder is Holder.OFFICIAL and by_id[item_id].needs_notice
    # «Уповноважений у дводенний строк … зобов'язаний повідомити» (абз. 2 ч. 4 ст. 64): the officer's, no 24-hour notice
    assert by_id["officer-incompatibility"].duty_holder is Holder.OFFICER and not by_id["officer-incompatibility"].needs_notice
    # «зберігаються в органі» (ч. 3 ст. 24): a body's duty, reaching an enterprise only by analogy: practice
    assert by_id["benefit-storage"].duty_holder is Holder.ENTITY and by_id["benefit-storage"].basis is Basis.PRACTICE


def test_signing_signs_of_an_officials_breach_needs_the_notice_or_why_not() -> None:
    ent = enterprise(**PROFILES["enterprise"])
    programme = next(c for c in _checklists() if c.id == "anti-corruption-programme-1700")
    ins = inspection(ent=ent, cl=programme)
    no = {"answer": Answer.NO, "note": "Листів немає.", "recommendation": "Повідомити.", "deadline": date(2026, 6, 30)}
    ins = ops.update_finding(ins, "impl-offence-response", T0, **no)
    ins = ops.update_finding(ins, "officer-incompatibility", T0, **no)
    codes = {(p.code, p.item_id) for p in signoff_problems(ins)}
    assert ("signs_no_notice", "impl-offence-response") in codes
    assert ("signs_no_notice", "officer-incompatibility") not in codes  # the officer's own duty: no notice is due
    with_reason = ops.update_finding(ins, "impl-offence-response", T0, notice_reason="повідомлення надіслав керівник")
    assert ("signs_no_notice", "impl-offence-response") not in {(p.code, p.item_id) for p in signoff_problems(with_reason)}
    sent = ops.update_finding(ins, "impl-offence-response", T0, notice_sent_on=date(2026, 3, 21), notice_number="01-17/5")
    assert ("signs_no_notice", "impl-offence-response") not in {(p.code, p.item_id) for p in signoff_problems(sent)}


def test_the_reason_a_notice_was_not_sent_is_printed(tmp_path: Path) -> None:
    programme = next(c for c in _checklists() if c.id == "anti-corruption-programme-1700")
    ins = inspection(ent=enterprise(**PROFILES["enterprise"]), cl=programme)
    ins = ops.update_finding(
        ins, "impl-offence-response", T0, answer=Answer.NO, note="Листів немає.", recommendation="Повідомити.",
        deadline=date(2026, 6, 30), notice_reason="ознаки виявлено після повідомлення, надісланого поліцією",
    )
    signs = _parts(Path(render_certificate(ins, Settings(), tmp_path / "c.pdf")))[1]
    assert ("Повідомлення спеціально уповноваженому суб’єкту не надсилалося: ознаки виявлено після повідомлення, "
            "надісланого поліцією.") in signs
    assert "Відомостей про надсилання" not in signs


@pytest.mark.parametrize("lang", ["uk", "en"])
def test_checklists_show_names_every_items_holder(lang: str) -> None:
    label = {"uk": "Чий обов'язок:", "en": "Whose duty:"}[lang]
    for checklist in _checklists():
        text = format_checklist(checklist, lang)
        assert text.count(label) == len(checklist.items)
