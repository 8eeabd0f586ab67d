"""The annual report of a store with 10,000 signed inspections and 50,000 «Ні» (actions): PDF and DOCX.

Targets (issue 12): each file in < 5 s (CPU time: see ``timed``), and ≤ 2× the baseline measured in the same run:
list the summaries and write the same table (one row per inspection) with bare reportlab,
in the same embedded font. The store is written straight in its file format (one file per
inspection, the sharded summary index) without fsync, to keep set-up short; the report
reads it through the real path (Store → register.annual → report). Medians of REPEATS runs.

Run: python benchmarks/register.py [--tiny]   (--tiny: 40 inspections, one run; the test suite's smoke run)
"""

from __future__ import annotations

import io
import json
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from inspect_tui.demo import HEAD, demo_enterprises
from inspect_tui.domain import inspection as ops
from inspect_tui.domain.checklist import Checklist
from inspect_tui.domain.edrpou import with_check_digit
from inspect_tui.domain.inspection import Answer, HeadAcknowledgement, Inspection, LegalBasis, SignOff
from inspect_tui.domain.settings import Issuer
from inspect_tui.domain.summary import InspectionSummary
from inspect_tui.register.actions import list_actions
from inspect_tui.store import Store

TINY = "--tiny" in sys.argv
COUNT, REPEATS = (40, 1) if TINY else (10_000, 5)
NO_ITEMS = {0, 1, 2, 4, 6}  # «Ні» on these items (by position): 4 duties of the entity, 1 of officials
NOES = len(NO_ITEMS)  # per inspection: 50,000 actions at 10,000 inspections
YEAR = 2026
CHUNK = 40


def checklist() -> Checklist:
    sections = [
        {
            "id": f"s{s}",
            "title": {"uk": f"Розділ {s + 1} щодо запобігання корупції"},
            "items": [
                {"id": f"i{s}-{k}", "question": {"uk": f"Чи виконано вимогу {s + 1}.{k + 1}?"}, "refs": [{"article": a}]}
                for k, a in enumerate(("61", "28"))  # a duty of the entity, and one of officials
            ],
        }
        for s in range(10)
    ]
    return Checklist.model_validate({"id": "bench", "version": "1", "title": {"uk": "Перелік"}, "legal_basis": {"uk": "Закон"}, "sections": sections})


def signed_template() -> Inspection:
    """One signed inspection with NOES «Ні»; copies get their own ids, dates and hashes."""
    now = datetime(YEAR, 1, 10, 9, tzinfo=UTC)
    draft = ops.new_inspection(
        id=uuid.uuid4(), number="0", enterprise=demo_enterprises()[0], checklist=checklist(),
        basis=LegalBasis(order_number="1", order_date=date(YEAR, 1, 2), act="розпорядження міського голови"),
        period_from=date(YEAR - 1, 1, 1), period_to=date(YEAR - 1, 12, 31), start_date=date(YEAR, 1, 5),
        end_date=date(YEAR, 1, 5), inspectors=[HEAD], now=now,
    )
    for n, item in enumerate(draft.checklist.items):
        if n in NO_ITEMS:
            draft = ops.update_finding(draft, item.id, now, answer=Answer.NO, note="Не виконано", recommendation="Виконати", deadline=date(YEAR, 12, 31))
        else:
            draft = ops.update_finding(draft, item.id, now, answer=Answer.COMPLIES)
    draft = ops.update_header(draft, now, conclusion="Висновок")
    head = HeadAcknowledgement(name="Віктор ШЕВЧЕНКО", position="Директор", acknowledged_on=date(YEAR, 1, 6))
    issuer = Issuer(council_name="Покровська міська рада", unit_name="Відділ з питань запобігання та виявлення корупції")
    signoff = SignOff(signed_on=date(YEAR, 1, 6), signers=[HEAD], head=head, recorded_at=now, issuer=issuer)
    return ops.sign(draft, signoff, now)


def seed(data_dir: Path, count: int) -> None:
    """``count`` signed inspections of 40 enterprises over the year: one day, several days, across months."""
    template, rng = signed_template(), random.Random(12)
    enterprises = [
        e.model_copy(update={"edrpou": with_check_digit(f"{3_000_000 + n:07d}"), "short_name": f"{e.short_name} {n}"})
        for n, e in enumerate(demo_enterprises() * 10)
    ]
    shards: dict[str, dict[str, dict]] = defaultdict(dict)
    for folder in ("inspections", "index"):
        (data_dir / folder).mkdir(parents=True)
    for n in range(count):
        start = date(YEAR, 1, 5) + timedelta(days=rng.randrange(340))
        end = start + timedelta(days=rng.choice((0, 0, 0, 1, 2, 4)))
        signed = end + timedelta(days=rng.choice((0, 1, 3)))
        signoff = template.signoff.model_copy(update={"signed_on": signed, "head": template.signoff.head.model_copy(update={"acknowledged_on": signed})})  # type: ignore[union-attr]
        copy = template.model_copy(update={
            "id": uuid.uuid4(), "number": f"{n + 1}/{YEAR}", "enterprise": enterprises[n % len(enterprises)],
            "start_date": start, "end_date": end, "signoff": signoff,
        })
        copy = copy.model_copy(update={"sha256": copy.content_hash()})
        (data_dir / "inspections" / f"{copy.id}.json").write_text(json.dumps({"inspection": {"1": copy.model_dump(mode="json")}}, ensure_ascii=False), "utf-8")
        shard = shards[copy.id.hex[:2]]
        shard[str(len(shard) + 1)] = InspectionSummary.of(copy).model_dump(mode="json")
    for name, docs in shards.items():
        (data_dir / "index" / f"{name}.json").write_text(json.dumps({"summaries": docs}, ensure_ascii=False), "utf-8")
    with Store.open(data_dir) as store:  # the meta file, and the settings the report's header prints
        store.save_settings(store.get_settings().model_copy(update={"council_name": "Покровська міська рада"}))
        list_actions(store, today=date(YEAR, 12, 31))  # a writer builds the register's action index from the inspections


def report(data_dir: Path, fmt: str) -> bytes:
    from inspect_tui.register.annual import annual_report
    from inspect_tui.report import render

    with Store.open(data_dir, writer=False) as store:
        return render(annual_report(store, YEAR, today=date(YEAR, 12, 31)), fmt)


def baseline(data_dir: Path) -> bytes:
    """The plain way: list the summaries, one row of plain strings per inspection, bare reportlab in the
    same font. At its best: given column widths (else reportlab measures every cell) and tables of
    CHUNK rows (one table of 10,000 rows is re-measured at each page it splits at: 7 s instead of 1)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate, Table

    from inspect_tui.certificate.fonts import register_fonts

    fonts = register_fonts()
    with Store.open(data_dir, writer=False) as store:
        summaries = sorted((s for s in store.list_summaries() if s.started.year == YEAR and s.signed_at), key=lambda s: s.started)
    rows = [[str(n), f"{s.started:%d.%m.%Y}", s.enterprise, f"{s.signed_at:%d.%m.%Y}"] for n, s in enumerate(summaries, 1)]
    style = [("FONTNAME", (0, 0), (-1, -1), fonts.regular)]
    widths = [15 * mm, 30 * mm, 95 * mm, 30 * mm]
    buffer = io.BytesIO()
    tables = [Table(rows[n : n + CHUNK], colWidths=widths, style=style) for n in range(0, len(rows), CHUNK)]
    SimpleDocTemplate(buffer, pagesize=A4, initialFontName=fonts.regular).build(tables)
    return buffer.getvalue()


def timed(jobs: dict[str, Callable[[], bytes]]) -> dict[str, tuple[float, float, int]]:
    """Median CPU seconds, median wall seconds and output size of each job, run in turns.

    CPU time is the figure: on a machine shared by other jobs the wall clock measures them too
    (one run here got a quarter of a core); alone on a machine the two agree for this work. The
    jobs take turns in each round, so a change of load hits the report and its baseline alike.
    """
    cpu: dict[str, list[float]] = {name: [] for name in jobs}
    wall: dict[str, list[float]] = {name: [] for name in jobs}
    size: dict[str, int] = {}
    for _ in range(REPEATS):
        for name, run in jobs.items():
            start_cpu, start_wall = time.process_time(), time.perf_counter()
            size[name] = len(run())
            cpu[name].append(time.process_time() - start_cpu)
            wall[name].append(time.perf_counter() - start_wall)
    return {name: (statistics.median(cpu[name]), statistics.median(wall[name]), size[name]) for name in jobs}


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        start = time.perf_counter()
        seed(data_dir, COUNT)
        print(f"seeded {COUNT} signed inspections ({COUNT * NOES} «Ні») in {time.perf_counter() - start:.1f} s")
        report(data_dir, "pdf"), baseline(data_dir)  # warm-up: imports and fonts, for both sides alike
        runs = timed({"baseline": lambda: baseline(data_dir), "pdf": lambda: report(data_dir, "pdf"), "docx": lambda: report(data_dir, "docx")})
        (base, base_wall, base_size), (pdf, pdf_wall, pdf_size), (docx, docx_wall, docx_size) = runs.values()
    print(f"baseline (summaries + bare reportlab table): {base:.2f} s CPU ({base_wall:.2f} s wall), {base_size // 1024} KB")
    print(f"annual report PDF: {pdf:.2f} s CPU ({pdf_wall:.2f} s wall), {pdf_size // 1024} KB; "
          f"DOCX: {docx:.2f} s CPU ({docx_wall:.2f} s wall), {docx_size // 1024} KB (medians of {REPEATS})")
    print(json.dumps({"benchmark": "register", "figures": [
        {"name": f"annual_pdf_s_{COUNT}", "value": round(pdf, 2), "unit": "s", "target": 5, "better": "lower"},
        {"name": f"annual_docx_s_{COUNT}", "value": round(docx, 2), "unit": "s", "target": 5, "better": "lower"},
        {"name": "annual_pdf_ratio_vs_bare_reportlab", "value": round(pdf / base, 2), "unit": "x", "target": 2, "better": "lower"},
        {"name": "annual_docx_ratio_vs_bare_reportlab", "value": round(docx / base, 2), "unit": "x", "target": 2, "better": "lower"},
        {"name": f"baseline_s_{COUNT}", "value": round(base, 2), "unit": "s", "better": "lower"},
        {"name": f"annual_pdf_wall_s_{COUNT}", "value": round(pdf_wall, 2), "unit": "s", "better": "lower"},
        {"name": f"annual_docx_wall_s_{COUNT}", "value": round(docx_wall, 2), "unit": "s", "better": "lower"},
    ]}))


if __name__ == "__main__":
    main()
