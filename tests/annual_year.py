"""A council's year on two laptops, merged at the office: the data the annual report tests read.

Laptop A inspects ЦСС ПМР ДО (one day) and МКП «ПОКРОВВОДОКАНАЛ» (two days of July, a violation
of the entity and signs of an official's breach) and starts one more it does not finish; laptop B
inspects КП «ЦМЛ ПМР ДО» across September and October (signed, then corrected by a second signed
revision) and ПМКП «Добробут» (one day, a violation left past its deadline), plus one inspection each
of 2022 and 2024, outside the year, and starts one more under the number laptop A gave its unfinished
one. At the office, after the merge, the water company reports one violation remedied, and a
follow-up inspection confirms it and finds the other still there.
"""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path
from uuid import UUID

from factories import enterprise, inspection
from test_sync_support import answer_all, at, sign

from inspect_tui import services
from inspect_tui.domain.edrpou import with_check_digit
from inspect_tui.domain.enterprise import Enterprise
from inspect_tui.domain.inspection import Answer, Inspection, LegalBasis
from inspect_tui.domain.plan import PlanEntry, entry_id
from inspect_tui.store import Store
from inspect_tui.sync import export_bundle, import_bundles

YEAR = 2023
#: the report's lines for the year, exactly as the council's report writes them (date ranges with an en dash)
EXPECTED = [
    "20.02.2023 року ЦСС ПМР ДО, довідку підписано 21.02.2023 року;",
    "27–28.07.2023 року МКП «ПОКРОВВОДОКАНАЛ», довідку підписано 31.07.2023 року;",
    "29.09–02.10.2023 року КП «ЦМЛ ПМР ДО», довідку підписано 05.10.2023 року;",
    "23.10.2023 року ПМКП «Добробут», довідку підписано 24.10.2023 року;",
    "06.11.2023 року МКП «ПОКРОВВОДОКАНАЛ», довідку підписано 07.11.2023 року.",  # the follow-up inspection
]
EXPECTED_FOLLOW_UPS = [
    "06.11.2023 року МКП «ПОКРОВВОДОКАНАЛ» за довідкою № 2/2023, довідку № 6/2023 підписано 07.11.2023 року: "
    "усунення підтверджено — 1, не усунено — 0, вжиття заходів реагування на ознаки порушень підтверджено — 0, не вжито — 1."
]
#: the same lines with the hyphen of councils that paste them into a document typed with it
HYPHENED = [
    EXPECTED[0],
    "27-28.07.2023 року МКП «ПОКРОВВОДОКАНАЛ», довідку підписано 31.07.2023 року;",
    "29.09-02.10.2023 року КП «ЦМЛ ПМР ДО», довідку підписано 05.10.2023 року;",
    *EXPECTED[3:],
]
EXPECTED_DRAFTS = [
    "20–21.11.2023 року ПМКП «ЖИТЛКОМСЕРВІС» — довідку не підписано (№ 4/2023, чернетка);",
    "11.12.2023 року ПМКП «Добробут» — довідку не підписано (№ 4/2023, чернетка).",
]
EXPECTED_CONFLICTS = [
    "№ 4/2023: ПМКП «ЖИТЛКОМСЕРВІС» (розпочато 20.11.2023, довідку не підписано); "
    "ПМКП «Добробут» (розпочато 11.12.2023, довідку не підписано)."
]

CSS = enterprise(edrpou=with_check_digit("4102583"), name="Центр соціальних служб Покровської міської ради", short_name="ЦСС ПМР ДО")
WATER = enterprise(edrpou=with_check_digit("3214567"), name="Міське комунальне підприємство «ПОКРОВВОДОКАНАЛ»", short_name="МКП «ПОКРОВВОДОКАНАЛ»")
HOSPITAL = enterprise(edrpou=with_check_digit("3390021"), name="Комунальне підприємство «Центральна міська лікарня»", short_name="КП «ЦМЛ ПМР ДО»")
DOBROBUT = enterprise(edrpou=with_check_digit("3512950"), name="Покровське міське комунальне підприємство «Добробут»", short_name="ПМКП «Добробут»")
HOUSING = enterprise(edrpou=with_check_digit("3512947"), name="Покровське міське комунальне підприємство «ЖИТЛКОМСЕРВІС»", short_name="ПМКП «ЖИТЛКОМСЕРВІС»")


#: the council's plan for the year: (enterprise, month, quarter, reason it was not carried out)
PLAN = [(CSS, 2, None, ""), (WATER, None, 3, ""), (HOSPITAL, 6, None, "Реорганізація підприємства"), (DOBROBUT, 10, None, ""), (HOUSING, 11, None, "")]
EXPECTED_PLAN = [  # in calendar order: a quarter's undated entries before its months
    ["1", "ЦСС ПМР ДО", "лютий", "проведено, довідка № 1/2023", "—"],
    ["2", "КП «ЦМЛ ПМР ДО»", "червень", "не проведено", "Реорганізація підприємства"],
    ["3", "МКП «ПОКРОВВОДОКАНАЛ»", "III квартал", "проведено, довідка № 2/2023", "—"],
    ["4", "ПМКП «Добробут»", "жовтень", "проведено, довідка № 5/2023", "—"],
    ["5", "ПМКП «ЖИТЛКОМСЕРВІС»", "листопад", "розпочато (№ 4/2023), довідку не підписано", "—"],
]


def _planned(ent: Enterprise) -> UUID | None:
    """The plan entry an inspection of ``ent`` carries out (the ids are the same on every laptop)."""
    return next((entry_id(YEAR, e.edrpou, month, quarter) for e, month, quarter, _ in PLAN if e is ent and e is not HOSPITAL), None)


def _new(store: Store, ent: Enterprise, number: str, start: date, end: date, *, planned: bool = True) -> Inspection:
    made = inspection(
        ent, id=uuid.uuid4(), number=number, start_date=start, end_date=end, now=at(start),
        plan_entry=_planned(ent) if planned and start.year == YEAR else None,
        basis=LegalBasis(order_number=f"{number}-од", order_date=start, act="розпорядження міського голови"),
        period_from=date(start.year - 1, 1, 1), period_to=date(start.year - 1, 12, 31),
    )
    with store.transaction():
        store.save_enterprise(ent)
        store.save_inspection(made)
    return made


def _signed(store: Store, ent: Enterprise, number: str, start: date, end: date, signed: date, noes: tuple[str, ...] = ()) -> Inspection:
    made = _new(store, ent, number, start, end)
    for item_id in noes:
        made = services.record_finding(
            store, made, item_id, now=at(end), answer=Answer.NO, note="Не виконано", recommendation="Виконати",
            deadline=date(signed.year, 12, 29),
        )
    return sign(store, answer_all(store, made, at(end)), signed)


def laptop_a(store: Store) -> None:
    _signed(store, CSS, "1/2023", date(2023, 2, 20), date(2023, 2, 20), date(2023, 2, 21))
    _signed(store, WATER, "2/2023", date(2023, 7, 27), date(2023, 7, 28), date(2023, 7, 31), noes=("a", "c"))
    _new(store, HOUSING, "4/2023", date(2023, 11, 20), date(2023, 11, 21))


def laptop_b(store: Store) -> None:
    first = _signed(store, HOSPITAL, "3/2023", date(2023, 9, 29), date(2023, 10, 2), date(2023, 10, 3))
    correction = services.correct(store, first, now=at(date(2023, 10, 4)))
    sign(store, correction, date(2023, 10, 5))
    _signed(store, DOBROBUT, "5/2023", date(2023, 10, 23), date(2023, 10, 23), date(2023, 10, 24), noes=("a",))
    _new(store, DOBROBUT, "4/2023", date(2023, 12, 11), date(2023, 12, 11), planned=False)  # laptop A's 4/2023 too
    _signed(store, DOBROBUT, "9/2022", date(2022, 12, 30), date(2022, 12, 30), date(2022, 12, 30))
    _signed(store, CSS, "1/2024", date(2024, 1, 10), date(2024, 1, 10), date(2024, 1, 11))


def merged_year(root: Path) -> Path:
    """Both laptops' stores exported and imported into the office's: its data dir."""
    bundles = []
    for name, fill in (("a", laptop_a), ("b", laptop_b)):
        with Store.open(root / name) as laptop:
            fill(laptop)
            bundles.append(export_bundle(laptop, root / f"{name}.json").path)
    office = root / "office"
    with Store.open(office) as store:
        store.save_settings(store.get_settings().model_copy(update={"council_name": "Покровська міська рада", "unit_name": "Відділ з питань запобігання та виявлення корупції", "place": "м. Покровськ"}))
        import_bundles(store, bundles)
        for ent, month, quarter, reason in PLAN:
            services.save_plan_entry(store, PlanEntry(
                id=entry_id(YEAR, ent.edrpou, month, quarter), year=YEAR, edrpou=ent.edrpou, enterprise=ent.short_name,
                month=month, quarter=quarter, not_done_reason=reason,
            ), new=True)
        follow_up_and_remedy(store)
    return office


def follow_up_and_remedy(store: Store) -> None:
    """2/2023: «a» reported remedied, then a follow-up confirms «a» and finds «c» still not remedied."""
    water = next(s for s in store.list_summaries() if s.number == "2/2023")
    services.record_action_remedy(store, water.id, "a", remedied=True, on=date(2023, 9, 1), what="Оцінку ризиків проведено", now=at(date(2023, 9, 2)))
    follow_up = services.start_follow_up(
        store, water.id, order_number="77-од", order_date=date(2023, 11, 1), start_date=date(2023, 11, 6), now=at(date(2023, 11, 6))
    )
    follow_up = services.record_finding(store, follow_up, "a", now=at(date(2023, 11, 6)), answer=Answer.COMPLIES)
    follow_up = services.record_finding(
        store, follow_up, "c", now=at(date(2023, 11, 6)), answer=Answer.NO, note="Не усунено", recommendation="Усунути",
        deadline=date(2024, 3, 1),
    )
    sign(store, follow_up, date(2023, 11, 7))
