"""The certificate PDF: every field present and correct (read back with pypdf), drafts marked,
hostile user text rendered without an exception, long tables split with their header repeated."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime, timezone
from pathlib import Path

import pytest
from examples import examples
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from inspect_tui import services
from inspect_tui.certificate import render_certificate
from inspect_tui.certificate.conclusion import draft_conclusion
from inspect_tui.certificate.render import render_pdf
from inspect_tui.certificate.stamp import Stamp
from inspect_tui.checklist_text import refs_text
from inspect_tui.demo import DEMO_CHECKLIST, VIOLATION_ITEM, install_demo
from inspect_tui.domain import inspection as ops
from inspect_tui.domain.checklist import Basis, Checklist
from inspect_tui.domain.inspection import Answer, HeadAcknowledgement, Inspection, SignOff, Status
from inspect_tui.domain.text import Person
from inspect_tui.services import available_checklists
from inspect_tui.store import Store

NOW = datetime(2026, 7, 28, 12, tzinfo=UTC)


def _by_status(store: Store, status: Status) -> Inspection:
    summary = next(s for s in store.list_summaries() if s.status is status)
    return store.get_inspection(summary.id)


def _pages(pdf: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(pdf).pages]


def _without_page_breaks(pages: list[str]) -> str:
    """The pages joined as one text: each page's footer and the table header repeated on the next
    page left out, so that a table row split across two pages reads as one."""
    footer = re.compile(r"\n?Довідка № [^\n]*\nСторінка \d+ з \d+\nSHA-256 [^\n]*\s*$")
    header = re.compile(r"^\s*№ з/п\nПитання перевірки та норма Закону\nВідповідь, причина\n")
    return "\n".join(header.sub("", footer.sub("", page)) for page in pages)


def _flat(text: str) -> str:
    """Extracted text with line wrapping undone, for phrases that may wrap."""
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """One demo store for the tests that only read it (installing the demo takes a while)."""
    with Store.open(tmp_path_factory.mktemp("demo")) as store:
        found, _ = available_checklists(store.data_dir)
        install_demo(store, next(a.checklist for a in found if a.checklist.id == DEMO_CHECKLIST))
        yield store


@pytest.fixture
def signed(demo: Store) -> Inspection:
    return _by_status(demo, Status.SIGNED)


@pytest.fixture
def draft(demo: Store) -> Inspection:
    """The demo inspection in progress (it has the violation)."""
    return next(demo.get_inspection(s.id) for s in demo.list_summaries() if s.status is Status.DRAFT and s.open_violations)


@pytest.fixture
def signed_pdf(demo: Store, signed: Inspection, tmp_path: Path) -> Path:
    return render_certificate(signed, demo.get_settings(), tmp_path / "signed.pdf")


def test_signed_certificate_states_every_field(demo: Store, signed: Inspection, signed_pdf: Path) -> None:
    pages = _pages(signed_pdf)
    text = "\n".join(pages)
    flat = _flat(text)
    e, so = signed.enterprise, signed.signoff
    assert so is not None and signed.sha256 is not None
    # header: council, unit, title, number, date, place
    assert "ПОКРОВСЬКА МІСЬКА РАДА ДОНЕЦЬКОЇ ОБЛАСТІ" in text
    assert "Відділ з питань запобігання та виявлення корупції" in text
    assert "ДОВІДКА" in text
    # no case to inflect: the entity's name follows a colon (never a nominative after «у»)
    assert "за результатами перевірки стану дотримання вимог Закону України «Про запобігання корупції» щодо суб’єкта перевірки: " + _flat(e.name) in flat
    assert _flat(e.name) in flat
    assert f"№ {signed.number}" in text and signed.number == "1/2026"
    assert so.signed_on.strftime("%d.%m.%Y") in text and "м. Покровськ" in text
    # legal basis
    assert f"Розпорядження міського голови від {signed.basis.order_date:%d.%m.%Y} № {signed.basis.order_number} «Про проведення перевірки»" in flat
    assert "планова" in flat and "п. 6 ч. 6 ст. 13-1 Закону" in flat and "Положення про відділ" in flat
    # enterprise
    for value in (e.short_name, e.legal_form, e.edrpou, e.address, e.head_name, "охорона здоров’я", "28 500 000 грн"):
        assert _flat(value) in flat, value
    assert "Код за ЄДРПОУ" in text and "Оксана ЛИСЕНКО" in text
    assert f"{e.headcount} осіб" in flat
    # period and dates
    assert "з 01.01.2025 по 31.12.2025" in flat and f"проведено {signed.start_date:%d.%m.%Y}" in flat
    # inspectors (position and name)
    for person in signed.inspectors:
        assert person.name in text and _flat(person.position) in flat
    # results by section: the answer columns and the total row
    for label in ("Так", "Ні", "Не застосовується", "Не розглядалося", "Усього"):
        assert label in flat, label


VIOLATIONS = "6. Виявлені порушення вимог Закону"
SHORTCOMINGS = "7. Виявлені недоліки (рекомендації щодо вдосконалення організації роботи)"
COMPLIANT = "8. Вимоги Закону, дотримання яких підтверджено"


def _part(flat: str, heading: str, next_heading: str) -> str:
    """The text of one numbered part of the certificate: from its heading to the next one."""
    start = flat.index(heading)
    return flat[start:flat.index(next_heading, start)]


def test_a_no_on_a_law_item_is_a_numbered_breach_of_the_law(signed: Inspection, signed_pdf: Path) -> None:
    flat = _flat("\n".join(_pages(signed_pdf)))
    finding = signed.findings[VIOLATION_ITEM]
    item = signed.checklist.item(VIOLATION_ITEM)
    assert item.basis is Basis.LAW and finding.answer is Answer.NO and finding.deadline is not None
    part = _part(flat, VIOLATIONS, SHORTCOMINGS)
    assert _flat(f"порушено вимоги {refs_text(item.refs, 'uk')}") in part
    assert _flat(finding.note) in part and _flat(finding.recommendation) in part
    assert finding.deadline.strftime("%d.%m.%Y") in part
    assert "Перевірені документи: " + finding.documents[0] in part
    assert "не є порушеннями вимог Закону" not in flat  # no shortcomings in the demo
    # the duty to report, by the latest deadline, asks of violations their remedy and of signs the measures taken
    assert f"рекомендовано у строк до {finding.deadline:%d.%m.%Y} поінформувати" in flat
    assert ("поінформувати відділ з питань запобігання та виявлення корупції про усунення виявлених порушень та про вжиті "
            "заходи щодо виявлених ознак порушень (врегулювання конфлікту інтересів") in flat


def test_violations_of_the_law_and_shortcomings_are_numbered_apart(demo: Store, draft: Inspection, tmp_path: Path) -> None:
    law, permissive = draft.checklist.item("risk-assessment"), draft.checklist.item("programme-content")
    practice = draft.checklist.item("coi-mechanism")
    assert law.basis is Basis.LAW and permissive.basis is Basis.PERMISSIVE and practice.basis is Basis.PRACTICE
    changed = ops.update_finding(
        draft, law.id, NOW, answer=Answer.NO, note="Оцінку ризиків не проводили.", recommendation="Провести оцінку.",
        deadline=date(2027, 2, 1),
    )
    changed = ops.update_finding(
        changed, permissive.id, NOW, answer=Answer.NO, note="Немає порядку консультувань.",
        recommendation="Доповнити програму.", deadline=date(2026, 12, 1),
    )
    changed = ops.update_finding(
        changed, practice.id, NOW, answer=Answer.NO, note="Журналу повідомлень немає.",
        recommendation="Запровадити облік повідомлень.", deadline=date(2026, 12, 1),
    )
    flat = _flat("\n".join(_pages(render_certificate(changed, demo.get_settings(), tmp_path / "both.pdf"))))
    violations, shortcomings = _part(flat, VIOLATIONS, SHORTCOMINGS), _part(flat, SHORTCOMINGS, COMPLIANT)
    assert flat.count("порушено вимоги") == 1
    assert _flat(f"порушено вимоги {refs_text(law.refs, 'uk')}") in violations and "Оцінку ризиків не проводили." in violations
    assert "Немає порядку" not in violations and "Журналу повідомлень немає." not in violations
    assert "Оцінку ризиків" not in shortcomings and "Немає порядку консультувань." in shortcomings
    assert _flat(f"Підстава: {refs_text(permissive.refs, 'uk')} — диспозитивна норма") in shortcomings
    # each table numbers its own rows from 1
    assert re.search(r"Строк усунення 1 1\.2\. ", violations)
    assert re.search(r"Строк виконання 1 2\.5\. .*? 2 3\.1\. ", shortcomings)
    assert "рекомендовано у строк до 01.02.2027 поінформувати" in flat and "про усунення виявлених порушень та про усунення виявлених недоліків із наданням" in flat


def test_compliant_and_not_applicable_items_are_listed_compactly(signed: Inspection, signed_pdf: Path) -> None:
    flat = _flat(_without_page_breaks(_pages(signed_pdf)))  # a row may break across pages
    for item in signed.checklist.items:
        finding = signed.findings[item.id]
        if finding.answer in (Answer.COMPLIES, Answer.NOT_APPLICABLE):
            assert _flat(item.question.uk) in flat, item.id
        if finding.answer is Answer.NOT_APPLICABLE:
            assert _flat(finding.na_reason) in flat, item.id


def test_signature_blocks_conclusion_and_integrity(signed: Inspection, signed_pdf: Path) -> None:
    pages = _pages(signed_pdf)
    flat = _flat("\n".join(pages))
    so = signed.signoff
    assert so is not None and signed.sha256 is not None
    assert _flat(signed.conclusion) in flat
    assert "Перевірку проводили:" in flat and flat.count("(підпис)") == len(so.signers) + 1
    assert "З довідкою ознайомлений(а), один примірник отримав(ла):" in flat
    assert so.head.name in flat and "Зауваження (заперечення) під час ознайомлення: не висловлено" in flat
    assert signed.sha256 in flat and str(signed.id) in flat
    assert "ПРОЄКТ" not in flat
    total = len(pages)
    for n, page in enumerate(pages, start=1):
        assert f"Сторінка {n} з {total}" in page
        assert f"SHA-256 {signed.sha256[:16]}" in page  # every page names the hash it belongs to


def test_signed_pdf_embeds_the_stamp_and_the_font(signed: Inspection, signed_pdf: Path) -> None:
    reader = PdfReader(signed_pdf)
    stamp = Stamp.parse(str(reader.metadata["/Keywords"]))
    assert stamp == Stamp(signed.id, signed.revision, signed.sha256)
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts.add(str(font["/BaseFont"]))
            if "/DescendantFonts" not in font and "/FontDescriptor" in font:
                assert "/FontFile2" in font["/FontDescriptor"]  # an embedded TrueType program
    assert any("Gentium" in f for f in fonts) and not any("Helvetica" in f or "Times" in f for f in fonts)


def test_draft_has_the_mark_on_every_page_and_no_hash(demo: Store, draft: Inspection, tmp_path: Path) -> None:
    pdf = render_certificate(draft, demo.get_settings(), tmp_path / "draft.pdf")
    pages = _pages(pdf)
    for n, page in enumerate(pages, start=1):
        assert "ПРОЄКТ" in page and f"Сторінка {n} з {len(pages)}" in page
    flat = _flat("\n".join(pages))
    assert "SHA-256" not in flat and "Контроль цілісності" not in flat
    assert draft.end_date.strftime("%d.%m.%Y") in flat  # a draft is dated by the end of the inspection
    assert "Без відповіді" in flat and "Питання без відповіді" in flat
    assert "Зауваження (заперечення) під час ознайомлення: ____" in flat
    stamp = Stamp.parse(str(PdfReader(pdf).metadata["/Keywords"]))
    assert stamp is not None and stamp.sha256 is None


def test_refused_head_and_remarks_are_printed(demo: Store, draft: Inspection, tmp_path: Path) -> None:
    done = draft
    for item in draft.checklist.items:
        if done.findings[item.id].answer is Answer.UNANSWERED:
            done = ops.update_finding(done, item.id, NOW, answer=Answer.COMPLIES)
    done = ops.update_header(done, NOW, conclusion=draft_conclusion(done))
    signoff = SignOff(
        signed_on=date(2026, 7, 29),
        signers=done.inspectors,
        recorded_at=NOW,
        issuer=demo.get_settings().issuer(),
        head=HeadAcknowledgement(name="Віктор ШЕВЧЕНКО", position="Директор", refused=True, remarks="Не згоден з п. 3.1 <усно>"),
    )
    signed = ops.sign(done, signoff, NOW)
    flat = _flat("\n".join(_pages(Path(render_certificate(signed, demo.get_settings(), tmp_path / "r.pdf")))))
    assert "Директор Віктор ШЕВЧЕНКО від підпису та отримання примірника довідки відмовився(лася)." in flat
    assert "Зауваження (заперечення) під час ознайомлення: Не згоден з п. 3.1 <усно>" in flat


HOSTILE = [
    "<b>not bold</b> & &amp; \"quoted\" 'single' <para> </font> <br/> <",
    "Ж" * 3000,
    ("Примітка з довгим текстом. " * 200)[:5000],
    "emoji 😀👍🏽 and family 👨‍👩‍👧",
    "עברית and العربية mixed",
    "control\x00\x01\x07\x1b[31m chars\u202e reversed\u202c\ttab\r\nnew line\u2028sep",
    "no glyph: \ue000 \U0010fffd",
]


@pytest.mark.parametrize("note", HOSTILE, ids=["markup", "long-word", "5000-chars", "emoji", "rtl", "controls", "private"])
def test_hostile_user_text_renders_visibly(demo: Store, draft: Inspection, note: str, tmp_path: Path) -> None:
    changed = ops.update_finding(draft, VIOLATION_ITEM, NOW, note=note, recommendation=note, documents=[note[:1000]])
    changed = ops.update_header(changed, NOW, conclusion=note, place=note[:200])
    pdf = render_certificate(changed, demo.get_settings(), tmp_path / "hostile.pdf")
    flat = _flat("\n".join(_pages(pdf)))
    assert "Сторінка 1 з" in flat
    if note is HOSTILE[0]:
        assert '<b>not bold</b> & &amp; "quoted" \'single\' <para> </font> <br/> <' in flat
    if note is HOSTILE[3]:
        assert "[U+1F600 U+1F44D U+1F3FD]" in flat  # shown as code points, not as empty boxes
    if note is HOSTILE[5]:
        assert "[U+0000 U+0001 U+0007 U+001B]" in flat and "[U+202E]" in flat


def test_long_tables_split_across_pages_with_the_header_repeated(demo: Store, tmp_path: Path) -> None:
    items = [
        {"id": f"i{n}", "question": {"uk": f"Питання номер {n}: чи виконано вимогу?"}, "refs": [{"article": "61", "part": "1"}]}
        for n in range(90)
    ]
    checklist = Checklist.model_validate(
        {"id": "long", "version": "1", "title": {"uk": "Довгий перелік"}, "legal_basis": {"uk": "Закон № 1700-VII"},
         "sections": [{"id": "s", "title": {"uk": "Розділ"}, "items": items}]}
    )
    base = _by_status(demo, Status.SIGNED)
    ins = ops.new_inspection(
        id=base.id, number="9/2026", enterprise=base.enterprise, checklist=checklist, basis=base.basis,
        period_from=base.period_from, period_to=base.period_to, start_date=base.start_date, end_date=base.end_date,
        inspectors=base.inspectors, now=NOW,
    )
    for n, item in enumerate(checklist.items):
        ins = ops.update_finding(
            ins, item.id, NOW, answer=Answer.NO, note=f"Порушення {n}. " * 8, recommendation="Усунути.",
            deadline=date(2026, 12, 31),
        )
    pages = _pages(render_certificate(ins, demo.get_settings(), tmp_path / "long.pdf"))
    with_violations = [p for p in pages if "Порушення " in p]
    assert len(with_violations) >= 3
    for page in with_violations:
        assert "Рекомендація щодо" in page and "Що встановлено" in page


@settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(note=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_any_unicode_note_renders(demo: Store, draft: Inspection, note: str) -> None:
    changed = ops.update_finding(draft, VIOLATION_ITEM, NOW, note=note, recommendation=note)
    data = render_pdf(changed, demo.get_settings())
    assert data.startswith(b"%PDF-") and b"%%EOF" in data[-32:]


def test_evidence_is_listed_with_its_hash_and_state(demo_store: Store, tmp_path: Path) -> None:
    draft = next(demo_store.get_inspection(s.id) for s in demo_store.list_summaries() if s.open_violations and s.status is Status.DRAFT)
    scan = tmp_path / "наказ <№ 5>.pdf"
    scan.write_bytes(b"scan of an order")
    with_evidence = services.attach_evidence(demo_store, draft, VIOLATION_ITEM, scan, now=NOW)
    evidence = with_evidence.findings[VIOLATION_ITEM].evidence[0]
    flat = _flat("\n".join(_pages(render_certificate(with_evidence, demo_store.get_settings(), tmp_path / "e.pdf", evidence=demo_store.read_evidence))))
    assert "наказ <№ 5>.pdf" in flat and evidence.sha256 in flat.replace(" ", "")
    assert "файл у сховищі, SHA-256 збігається" in flat
    demo_store.evidence_path(evidence.sha256).write_bytes(b"changed")
    flat = _flat("\n".join(_pages(render_certificate(with_evidence, demo_store.get_settings(), tmp_path / "e.pdf", evidence=demo_store.read_evidence))))
    assert "файл у сховищі змінено: SHA-256 не збігається" in flat


def test_rendering_writes_atomically_and_replaces(demo: Store, signed: Inspection, tmp_path: Path) -> None:
    out = tmp_path / "nested" / "c.pdf"
    render_certificate(signed, demo.get_settings(), out)
    render_certificate(signed, demo.get_settings(), out)
    assert sorted(p.name for p in out.parent.iterdir()) == ["c.pdf"]  # no temp file or backup left beside it


def test_reportlab_is_not_imported_until_a_certificate_is_rendered() -> None:
    code = (
        "import sys, inspect_tui.app, inspect_tui.certificate, inspect_tui.cli;"
        "print(sorted(m for m in ('reportlab', 'pypdf', 'pyhanko') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_breached_norms_are_cited_as_inspectors_cite_them(tmp_path: Path) -> None:
    """Several points of one article read «пп. 3–5 ч. 3 ст. 61 Закону», not the law's name three times."""
    from inspect_tui.domain.checklist import LegalRef

    refs = [LegalRef(article="61", part="3", point=p) for p in ("3", "4", "5")]
    assert refs_text(refs, "uk") == "пп. 3–5 ч. 3 ст. 61 Закону"
