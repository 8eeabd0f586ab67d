"""Time to render the certificate of a 150-item inspection with 40 violations, and its ratio to a
bare reportlab document holding the same item tables (40 violations, 110 items complied with) in
the same font: the floor any renderer of that content pays. Medians of several runs; the last
line printed is the JSON result.

Run: python benchmarks/certificate.py [--tiny]   (--tiny: a few items, one run; the test suite's smoke run)
"""

from __future__ import annotations

import io
import json
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

from inspect_tui.certificate.conclusion import draft_conclusion
from inspect_tui.certificate.fonts import register_fonts
from inspect_tui.certificate.render import render_pdf
from inspect_tui.checklist_text import refs_text
from inspect_tui.demo import HEAD, SPECIALIST, demo_enterprises
from inspect_tui.domain import inspection as ops
from inspect_tui.domain.checklist import Checklist
from inspect_tui.domain.inspection import Answer, HeadAcknowledgement, Inspection, LegalBasis, SignOff
from inspect_tui.domain.settings import Settings

TINY = "--tiny" in sys.argv
ITEMS, VIOLATIONS, SECTIONS, RUNS = (20, 4, 2, 1) if TINY else (150, 40, 10, 15)
NOW = datetime(2026, 3, 22, 12, tzinfo=UTC)
SETTINGS = Settings(council_name="Покровська міська рада", unit_name="Відділ з питань запобігання корупції", place="м. Покровськ")
NOTE = "Встановлено, що порядок не затверджено, а повідомлення працівників не обліковуються належним чином. " * 3


def synthetic_inspection(items: int = ITEMS, violations: int = VIOLATIONS, sections: int = SECTIONS) -> Inspection:
    """A signed inspection of a synthetic checklist of ``items`` items: ``violations`` «Ні», the rest complied with."""
    per = items // sections
    checklist = Checklist.model_validate({
        "id": "bench", "version": "1", "title": {"uk": "Синтетичний перелік"}, "legal_basis": {"uk": "Закон № 1700-VII"},
        "sections": [
            {
                "id": f"s{s}", "title": {"uk": f"Розділ {s + 1}"},
                "items": [
                    {"id": f"i{s}-{i}", "question": {"uk": f"Чи виконано вимогу {s + 1}.{i + 1} щодо запобігання корупції?"},
                     "refs": [{"article": str(50 + i), "part": "1"}]}
                    for i in range(per)
                ],
            }
            for s in range(sections)
        ],
    })
    ins = ops.new_inspection(
        id=uuid.uuid4(), number="1/2026", enterprise=demo_enterprises()[0], checklist=checklist,
        basis=LegalBasis(order_number="12-од", order_date=date(2026, 3, 16), act="розпорядження міського голови"),
        period_from=date(2025, 1, 1),
        period_to=date(2025, 12, 31), start_date=date(2026, 3, 21), end_date=date(2026, 3, 21),
        inspectors=[HEAD, SPECIALIST], now=NOW, place="м. Покровськ",
    )
    for n, item in enumerate(checklist.items):
        if n % (items // violations) == 0 and n // (items // violations) < violations:
            ins = ops.update_finding(
                ins, item.id, NOW, answer=Answer.NO, note=NOTE, recommendation="Затвердити порядок і запровадити облік.",
                deadline=date(2026, 12, 31), documents=["Накази з основної діяльності"],
            )
        else:
            ins = ops.update_finding(ins, item.id, NOW, answer=Answer.COMPLIES)
    ins = ops.update_header(ins, NOW, conclusion=draft_conclusion(ins))
    head = HeadAcknowledgement(name="Віктор ШЕВЧЕНКО", position="Директор", acknowledged_on=date(2026, 3, 22))
    signoff = SignOff(signed_on=date(2026, 3, 22), signers=[HEAD, SPECIALIST], head=head, recorded_at=NOW, issuer=SETTINGS.issuer())
    return ops.sign(ins, signoff, NOW)


def bare_tables(inspection: Inspection) -> bytes:
    """The baseline: the certificate's two item tables (violations, items complied with) with the
    same cell texts, widths and font, in a plain reportlab document: no escaping, header, page
    furniture, QR code or signature blocks."""
    fonts = register_fonts()
    style = ParagraphStyle("cell", fontName=fonts.regular, fontSize=9, leading=11)
    compact = ParagraphStyle("compact", style, fontSize=8.5, leading=10)
    width = A4[0] - 40 * mm
    violations = [[Paragraph(h, style) for h in ("№", "Вимога", "Встановлено", "Рекомендація", "Строк")]]
    complied = [[Paragraph(h, compact) for h in ("№", "Вимога")]]
    for n, item in enumerate(inspection.checklist.items, start=1):
        f = inspection.findings[item.id]
        if f.answer is Answer.NO:
            violations.append([
                Paragraph(str(n), style),
                Paragraph(f"{item.question.uk}<br/>порушено вимоги {refs_text(item.refs)}", style),
                Paragraph(f"{f.note}<br/>Перевірені документи: {'; '.join(f.documents)}", style),
                Paragraph(f.recommendation, style),
                Paragraph(f"{f.deadline:%d.%m.%Y}", style),
            ])
        else:
            complied.append([Paragraph(str(n), compact), Paragraph(f"{item.question.uk} ({refs_text(item.refs)})", compact)])
    tables = [
        Table(violations, colWidths=[width * w for w in (0.06, 0.28, 0.32, 0.22, 0.12)], repeatRows=1),
        Table(complied, colWidths=[width * w for w in (0.07, 0.93)], repeatRows=1),
    ]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build(tables)
    return buffer.getvalue()


def timed(work: Callable[[], bytes]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def main() -> None:
    inspection = synthetic_inspection()
    settings = SETTINGS
    render_pdf(inspection, settings)  # warm up: font registration and imports happen once per process
    bare_tables(inspection)
    # interleaved, so drifting machine load hits both sides alike; the ratio is the median of per-pair ratios
    pairs = [(timed(lambda: render_pdf(inspection, settings)), timed(lambda: bare_tables(inspection))) for _ in range(RUNS)]
    certificate = statistics.median(c for c, _ in pairs)
    baseline = statistics.median(b for _, b in pairs)
    ratio = statistics.median(c / b for c, b in pairs)
    spread = max(c / b for c, b in pairs) - min(c / b for c, b in pairs)
    size = len(render_pdf(inspection, settings))
    print(f"certificate ({ITEMS} items, {VIOLATIONS} violations): {certificate * 1000:.0f} ms, {size // 1024} KB")
    print(f"bare reportlab document, same item tables and font: {baseline * 1000:.0f} ms")
    print(f"ratio (median of {RUNS} interleaved pairs): {ratio:.2f}; spread of the pair ratios {spread:.2f} (machine noise)")
    print(json.dumps({
        "benchmark": "certificate",
        "figures": [
            {"name": "render_150_items_40_violations", "value": round(certificate, 3), "unit": "s", "target": 1.0, "better": "lower"},
            {"name": "ratio_vs_bare_reportlab_tables", "value": round(ratio, 2), "unit": "x", "target": 1.5, "better": "lower"},
        ],
    }, ensure_ascii=False))


if __name__ == "__main__":
    main()
