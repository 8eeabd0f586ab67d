"""The register of a store with 10,000 signed inspections, ~47,000 «Ні» (actions), a 40-entry plan and follow-ups.

The store is what a council has after a few busy years: 9,000 inspections of 40 enterprises with
five «Ні» each, 1,000 signed follow-up inspections (three remedies confirmed, two «Ні» still there)
and a plan of 40 entries, 30 of them carried out by a linked inspection. It is written straight in
its file format (one file per inspection, the sharded summary index, then the action index built by
a writer) without fsync, to keep set-up short; everything measured reads it through the real path.

Figures (issue 18), medians of REPEATS runs:

- the annual report, PDF and DOCX: < 5 s (CPU time: see ``timed``) and ≤ 2× the baseline measured in
  the same run (list the summaries and write the same table with bare reportlab, in the same font);
- ``plan_execution`` (the home's plan line, the plan screen, the report's plan): < 200 ms;
- ``create_inspection`` of a planned enterprise (the plan entry and the next number are looked up): no target;
- the follow-up screen (50,000 actions): its first paint < 300 ms after it is pushed, keys working;
  its first rows (no target), in-process and headless (Textual's pilot).

Run: python benchmarks/register.py [--tiny]   (--tiny: 40 inspections, one run; the test suite's smoke run)
"""

from __future__ import annotations

import asyncio
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
from inspect_tui.domain.actions import new_follow_up
from inspect_tui.domain.checklist import Checklist
from inspect_tui.domain.edrpou import with_check_digit
from inspect_tui.domain.enterprise import Enterprise
from inspect_tui.domain.inspection import Answer, FollowUpOf, HeadAcknowledgement, Inspection, LegalBasis, SignOff
from inspect_tui.domain.plan import PlanEntry, entry_id
from inspect_tui.domain.settings import Issuer, Settings
from inspect_tui.domain.summary import InspectionSummary
from inspect_tui.register.actions import list_actions
from inspect_tui.store import Store

TINY = "--tiny" in sys.argv
COUNT, REPEATS = (90, 1) if TINY else (10_000, 5)
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


HEAD_OF = HeadAcknowledgement(name="Віктор ШЕВЧЕНКО", position="Директор", acknowledged_on=date(YEAR, 1, 6))
ISSUER = Issuer(council_name="Покровська міська рада", unit_name="Відділ з питань запобігання та виявлення корупції")
FOLLOW_UP_EVERY = 10  # every tenth inspection follows up the previous inspection of its enterprise
PLANNED = 40  # plan entries: one per enterprise, by quarter
CARRIED_OUT = 30  # of them, carried out by a linked (signed) inspection


def signed(draft: Inspection, now: datetime, on: date) -> Inspection:
    signoff = SignOff(signed_on=on, signers=[HEAD], head=HEAD_OF.model_copy(update={"acknowledged_on": on}), recorded_at=now, issuer=ISSUER)
    return ops.sign(ops.update_header(draft, now, conclusion="Висновок"), signoff, now)


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
    return signed(draft, now, date(YEAR, 1, 6))


def follow_up_template(original: Inspection) -> Inspection:
    """A signed follow-up of ``original``: three of its «Ні» remedied («Так»), two still there."""
    now = datetime(YEAR, 1, 20, 9, tzinfo=UTC)
    draft = new_follow_up(original, id=uuid.uuid4(), number="0", now=now, start_date=date(YEAR, 1, 20))
    for n, item in enumerate(draft.checklist.items):
        if n < 3:
            draft = ops.update_finding(draft, item.id, now, answer=Answer.COMPLIES)
        else:
            draft = ops.update_finding(draft, item.id, now, answer=Answer.NO, note="Не усунено", recommendation="Усунути", deadline=date(YEAR + 1, 3, 31))
    return signed(draft, now, date(YEAR, 1, 21))


def plan(enterprises: list[Enterprise]) -> list[PlanEntry]:
    return [
        PlanEntry(id=entry_id(YEAR, e.edrpou, None, n % 4 + 1), year=YEAR, edrpou=e.edrpou, enterprise=e.short_name, quarter=n % 4 + 1)
        for n, e in enumerate(enterprises[:PLANNED])
    ]


def council_name(council: int) -> str:
    """The name council ``council`` signs its certificates and keeps its plan under (council 0: this benchmark's)."""
    return ISSUER.council_name if council == 0 else f"Рада громади № {council}"


def seed(data_dir: Path, count: int, *, council: int = 0) -> None:
    """``count`` signed inspections of 40 enterprises over the year (one day, several days, across months),
    every FOLLOW_UP_EVERY-th a follow-up of the previous one of its enterprise; the year's plan, its
    first CARRIED_OUT entries linked to an inspection.

    ``council`` (benchmarks/office.py's region) gives a council enterprises, certificate numbers and a name
    of its own (``council_name``: its settings', its plan's and its sign-offs' issuer), so one council's report
    can be selected out of a region's register: council 0 is the register this benchmark measures."""
    issuer = ISSUER.model_copy(update={"council_name": council_name(council)})
    template, rng = signed_template(), random.Random(12)
    follow_up = follow_up_template(template)
    enterprises = [
        e.model_copy(update={
            "edrpou": with_check_digit(f"{3_000_000 + council * 1_000 + n:07d}"),
            "short_name": f"{e.short_name} {n}" if council == 0 else f"{e.short_name} {council}.{n}",
        })
        for n, e in enumerate(demo_enterprises() * 10)
    ]
    entries = plan(enterprises)
    shards: dict[str, dict[str, dict]] = defaultdict(dict)
    for folder in ("inspections", "index"):
        (data_dir / folder).mkdir(parents=True)
    latest: dict[str, Inspection] = {}  # ЄДРПОУ → the enterprise's last inspection written
    for n in range(count):
        enterprise = enterprises[n % len(enterprises)]
        earlier = latest.get(enterprise.edrpou)
        if n % FOLLOW_UP_EVERY == FOLLOW_UP_EVERY - 1 and earlier is not None and earlier.follows_up is None:
            assert earlier.signoff is not None
            start = end = earlier.signoff.signed_on + timedelta(days=rng.randrange(1, 20))
            update: dict[str, object] = {
                "follows_up": earlier.id, "follows_up_of": FollowUpOf(number=earlier.number, signed_on=earlier.signoff.signed_on),
            }
            base = follow_up
        else:
            start = date(YEAR, 1, 5) + timedelta(days=rng.randrange(340))
            end = start + timedelta(days=rng.choice((0, 0, 0, 1, 2, 4)))
            update = {"plan_entry": entries[n].id} if n < CARRIED_OUT else {}
            base = template
        signed_on = end + timedelta(days=rng.choice((0, 1, 3)))
        assert base.signoff is not None and base.signoff.head is not None
        signoff = base.signoff.model_copy(update={
            "signed_on": signed_on, "head": base.signoff.head.model_copy(update={"acknowledged_on": signed_on}), "issuer": issuer,
        })
        copy = base.model_copy(update={
            "id": uuid.uuid4(), "number": f"{council * count + n + 1}/{YEAR}", "enterprise": enterprise, "start_date": start, "end_date": end,
            "signoff": signoff, **update,
        })
        copy = copy.model_copy(update={"sha256": copy.content_hash()})
        latest[enterprise.edrpou] = copy
        (data_dir / "inspections" / f"{copy.id}.json").write_text(json.dumps({"inspection": {"1": copy.model_dump(mode="json")}}, ensure_ascii=False), "utf-8")
        shard = shards[copy.id.hex[:2]]
        shard[str(len(shard) + 1)] = InspectionSummary.of(copy).model_dump(mode="json")
    for name, docs in shards.items():
        (data_dir / "index" / f"{name}.json").write_text(json.dumps({"summaries": docs}, ensure_ascii=False), "utf-8")
    with Store.open(data_dir) as store:  # the meta file, and the settings the report's header prints
        store.save_settings(Settings(council_name=issuer.council_name, unit_name="Відділ", place="м. Покровськ"))
        for e in enterprises:
            store.save_enterprise(e)
        store.save_plan(YEAR, entries)
        list_actions(store, today=date(YEAR, 12, 31))  # a writer builds the register's action index from the inspections
        store.summary_rows()  # and its whole read writes the newest rows apart (the home's first page), as a migration does


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


def median_ms(run: Callable[[], object]) -> float:
    """Median wall milliseconds of REPEATS runs (in-process work of a fraction of a second: the wall clock is what a user waits)."""
    times = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def plan_and_create(data_dir: Path) -> tuple[float, float]:
    """``plan_execution`` of the year (a reader, as the report reads), and ``create_inspection`` of a planned enterprise."""
    from inspect_tui import services
    from inspect_tui.register.plan import plan_execution

    with Store.open(data_dir, writer=False) as store:
        rows = plan_execution(store, YEAR)
        if sum(1 for r in rows if r.inspection_ids) != min(CARRIED_OUT, COUNT):
            raise SystemExit(f"expected {min(CARRIED_OUT, COUNT)} entries carried out, found {[len(r.inspection_ids) for r in rows]}")
        plan_ms = median_ms(lambda: plan_execution(store, YEAR))
    template = signed_template()
    with Store.open(data_dir) as store:
        planned = store.get_plan(YEAR)[-1]  # not carried out yet: each create links to it, the next ones find it taken
        enterprise = store.get_enterprise(planned.edrpou)
        assert enterprise is not None
        create_ms = median_ms(lambda: services.create_inspection(
            store, enterprise=enterprise, checklist=template.checklist, basis=template.basis, period_from=date(YEAR - 1, 1, 1),
            period_to=date(YEAR - 1, 12, 31), start_date=date(YEAR, 12, 1), end_date=date(YEAR, 12, 1), inspectors=[HEAD],
        ))
    return plan_ms, create_ms


async def follow_up_screen(data_dir: Path) -> tuple[list[float], list[float]]:
    """Milliseconds from pushing the follow-up screen to its first paint, and to its first rows, per run."""
    from textual.screen import Screen
    from textual.widgets import DataTable

    from inspect_tui.app import make_app
    from inspect_tui.screens.follow_up import FollowUpScreen
    from inspect_tui.screens.home import HomeScreen

    paints: list[tuple[float, Screen[object], int]] = []
    real_refresh = Screen._compositor_refresh

    def rows_of(screen: Screen[object]) -> int:
        tables = screen.query("#actions").results(DataTable) if isinstance(screen, FollowUpScreen) else ()
        return sum(table.row_count for table in tables)  # none before the screen is composed

    def recorded(screen: Screen[object]) -> None:
        real_refresh(screen)
        paints.append((time.perf_counter(), screen, rows_of(screen)))

    first_paint: list[float] = []
    first_rows: list[float] = []
    Screen._compositor_refresh = recorded  # type: ignore[method-assign]
    try:
        with Store.open(data_dir) as store:
            app = make_app(store, blink=False)
            async with app.run_test(size=(120, 40)) as pilot:
                for _ in range(REPEATS):
                    while not (isinstance(app.screen, HomeScreen) and app.screen.counts.known):
                        await pilot.pause(0.05)
                    await app.workers.wait_for_complete()
                    started = time.perf_counter()
                    app.push_screen(FollowUpScreen())
                    while not rows_of(app.screen):
                        await pilot.pause(0.01)
                    await pilot.pause(0.05)
                    mine = [(at, rows) for at, screen, rows in paints if at > started and isinstance(screen, FollowUpScreen)]
                    first_paint.append((mine[0][0] - started) * 1000)
                    first_rows.append((next(at for at, rows in mine if rows) - started) * 1000)
                    await app.workers.wait_for_complete()
                    app.pop_screen()
    finally:
        Screen._compositor_refresh = real_refresh  # type: ignore[method-assign]
    return first_paint, first_rows


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        start = time.perf_counter()
        seed(data_dir, COUNT)
        with Store.open(data_dir, writer=False) as store:
            actions = len(list_actions(store, today=date(YEAR, 12, 31)))
            noes = sum(len(e.rows) for e in store.action_index().entries)
        print(f"seeded {COUNT} signed inspections ({noes} «Ні», {actions} actions listed), a plan of {PLANNED} entries, "
              f"in {time.perf_counter() - start:.1f} s")
        report(data_dir, "pdf"), baseline(data_dir)  # warm-up: imports and fonts, for both sides alike
        runs = timed({"baseline": lambda: baseline(data_dir), "pdf": lambda: report(data_dir, "pdf"), "docx": lambda: report(data_dir, "docx")})
        (base, base_wall, base_size), (pdf, pdf_wall, pdf_size), (docx, docx_wall, docx_size) = runs.values()
        paint, rows = asyncio.run(follow_up_screen(data_dir))
        plan_ms, create_ms = plan_and_create(data_dir)  # last: it adds inspections
    print(f"baseline (summaries + bare reportlab table): {base:.2f} s CPU ({base_wall:.2f} s wall), {base_size // 1024} KB")
    print(f"annual report PDF: {pdf:.2f} s CPU ({pdf_wall:.2f} s wall), {pdf_size // 1024} KB; "
          f"DOCX: {docx:.2f} s CPU ({docx_wall:.2f} s wall), {docx_size // 1024} KB (medians of {REPEATS})")
    print(f"plan_execution: {plan_ms:.0f} ms; create_inspection (planned enterprise): {create_ms:.0f} ms")
    print(f"follow-up screen: first paint {statistics.median(paint):.0f} ms ({min(paint):.0f}-{max(paint):.0f}), "
          f"first rows {statistics.median(rows):.0f} ms ({min(rows):.0f}-{max(rows):.0f})")
    print(json.dumps({"benchmark": "register", "figures": [
        {"name": f"annual_pdf_s_{COUNT}", "value": round(pdf, 2), "unit": "s", "target": 5, "better": "lower"},
        {"name": f"annual_docx_s_{COUNT}", "value": round(docx, 2), "unit": "s", "target": 5, "better": "lower"},
        {"name": "annual_pdf_ratio_vs_bare_reportlab", "value": round(pdf / base, 2), "unit": "x", "target": 2, "better": "lower"},
        {"name": "annual_docx_ratio_vs_bare_reportlab", "value": round(docx / base, 2), "unit": "x", "target": 2, "better": "lower"},
        {"name": f"plan_execution_ms_{COUNT}", "value": round(plan_ms, 1), "unit": "ms", "target": 200, "better": "lower"},
        {"name": f"follow_up_first_paint_ms_{COUNT}", "value": round(statistics.median(paint), 1), "unit": "ms", "target": 300, "better": "lower"},
        {"name": f"follow_up_first_rows_ms_{COUNT}", "value": round(statistics.median(rows), 1), "unit": "ms", "better": "lower"},
        {"name": f"create_inspection_ms_{COUNT}", "value": round(create_ms, 1), "unit": "ms", "better": "lower"},
        {"name": f"baseline_s_{COUNT}", "value": round(base, 2), "unit": "s", "better": "lower"},
        {"name": f"annual_pdf_wall_s_{COUNT}", "value": round(pdf_wall, 2), "unit": "s", "better": "lower"},
        {"name": f"annual_docx_wall_s_{COUNT}", "value": round(docx_wall, 2), "unit": "s", "better": "lower"},
    ]}))


if __name__ == "__main__":
    main()
