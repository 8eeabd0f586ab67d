"""Demo data: a city council's enterprise registry and inspections in every state.

The enterprises are those of a real year's plan (Pokrovsk, 2023) with made-up,
check-digit-valid ЄДРПОУ codes. Ids are fixed, so running the demo twice adds nothing.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time
from typing import Any

from inspect_tui import services
from inspect_tui.certificate.conclusion import draft_conclusion
from inspect_tui.domain import inspection as ops
from inspect_tui.domain.checklist import Checklist
from inspect_tui.domain.edrpou import with_check_digit
from inspect_tui.domain.enterprise import Enterprise
from inspect_tui.domain.inspection import Answer, HeadAcknowledgement, Inspection, LegalBasis, SignOff
from inspect_tui.domain.rules import Kind, Sector
from inspect_tui.domain.settings import Settings
from inspect_tui.domain.text import Person
from inspect_tui.store_protocol import RegisterStore

DEMO_NAMESPACE = uuid.UUID("5b0e7a2c-3f51-4c1e-9a57-1f4f3d0e2a10")
DEMO_CHECKLIST = "communal-enterprise-1700"
VIOLATION_ITEM = "risk-assessment"  # ч. 2 ст. 61: the entity's duty, so a «Ні» is «порушено вимоги»
NOT_EXAMINED_ITEM = "risk-measures-implemented"  # follows the assessment that was not made
SIGNS_ITEM = "coi-notified"  # п. 2 ч. 1 ст. 28: an official's duty, so a «Ні» is «ознаки порушення»
ACT = "розпорядження міського голови"
ACT_TITLE = "Про проведення перевірки"

HEAD = Person(name="Олена КОВАЛЬЧУК", position="Начальник відділу з питань запобігання та виявлення корупції")
SPECIALIST = Person(name="Андрій МЕЛЬНИК", position="Головний спеціаліст відділу з питань запобігання та виявлення корупції")


def _enterprise(seven: str, **fields: object) -> Enterprise:
    return Enterprise.model_validate({"edrpou": with_check_digit(seven), "reporting_year": 2025, **fields})


def demo_enterprises() -> list[Enterprise]:
    return [
        _enterprise(
            "3214567", name="Міське комунальне підприємство «ПОКРОВВОДОКАНАЛ»", short_name="МКП «ПОКРОВВОДОКАНАЛ»",
            legal_form="МКП", kind=Kind.ENTERPRISE, sector=Sector.UTILITIES, address="85300, м. Покровськ, вул. Соборна, 12",
            head_name="Віктор ШЕВЧЕНКО", head_position="Директор", responsible_person="Ірина БОНДАР, юрисконсульт",
            headcount=120, gross_revenue_uah=95_000_000,
        ),
        _enterprise(
            "3845120", name="Комунальне некомерційне підприємство «Центр первинної медико-санітарної допомоги Покровської міської ради»",
            short_name="КНП «ЦПМСД ПМР»", legal_form="КНП", kind=Kind.ENTERPRISE, sector=Sector.HEALTH,
            address="85302, м. Покровськ, вул. Захисників України, 7", head_name="Наталія ТКАЧЕНКО",
            head_position="Генеральний директор", responsible_person="Оксана ЛИСЕНКО, начальник відділу кадрів",
            headcount=40, gross_revenue_uah=28_500_000, city_level=True,
        ),
        _enterprise(
            "4102583", name="Центр соціальних служб Покровської міської ради Донецької області", short_name="ЦСС ПМР ДО",
            legal_form="установа", kind=Kind.INSTITUTION, sector=Sector.SOCIAL, address="85300, м. Покровськ, пл. Шибанкова, 3",
            head_name="Світлана КРАВЧЕНКО", head_position="Директор", headcount=18, gross_revenue_uah=0,
        ),
        _enterprise(
            "3512947", name="Покровське міське комунальне підприємство «ЖИТЛКОМСЕРВІС»", short_name="ПМКП «ЖИТЛКОМСЕРВІС»",
            legal_form="ПМКП", kind=Kind.ENTERPRISE, sector=Sector.UTILITIES, address="85300, м. Покровськ, вул. Поштова, 5",
            head_name="Сергій ПОЛІЩУК", head_position="Директор", headcount=35, gross_revenue_uah=22_000_000,
            procurement_participant_20m=True,
        ),
    ]


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


CONTRACT = "договір від 12.09.2025 № 45 з ТОВ «Медтехсервіс», засновником якого є брат заступника генерального директора"
CONTRACT_DOCUMENTS = ["Договір від 12.09.2025 № 45", "Витяг з ЄДР щодо ТОВ «Медтехсервіс»"]
COI_ITEMS = ("coi-no-acts-under-conflict", "coi-settled")  # the same facts, seen from п. 3 and п. 4 ч. 1 ст. 28

#: The full inspection's answers other than «Так», one set of facts: the risk assessment was not made,
#: and the deputy director signed a contract with his brother's company without notifying his superior,
#: so he acted under a real conflict of interests that nobody settled. Each «Ні» of an official's duty is
#: signs of a breach (part 6.2) with the 24-hour notice recorded; the contract's revocation (ч. 1 ст. 67)
#: follows from this inspection's own finding, so it was not examined, not confirmed.
FACTS: dict[str, dict[str, Any]] = {
    VIOLATION_ITEM: dict(
        answer=Answer.NO,
        note="Оцінку корупційних ризиків у діяльності підприємства у 2025 році не проводили: наказу про її "
        "проведення, звіту чи реєстру ризиків за період не надано.",
        documents=["Накази з основної діяльності за 2025 рік", "Протоколи засідань робочої групи"],
        recommendation="Провести оцінку корупційних ризиків у діяльності підприємства та визначити "
        "періодичність її проведення.",
    ),
    NOT_EXAMINED_ITEM: dict(
        answer=Answer.NOT_EXAMINED,
        note="Оцінку корупційних ризиків не проводили, тож заходи щодо усунення ризиків не визначалися.",
        na_reason="Заходи визначаються за результатами оцінки корупційних ризиків, яку на підприємстві не проводили.",
    ),
    SIGNS_ITEM: dict(
        answer=Answer.NO,
        note=f"Заступник генерального директора 12.09.2025 підписав {CONTRACT}, без повідомлення безпосереднього "
        "керівника про конфлікт інтересів.",
        documents=CONTRACT_DOCUMENTS,
        recommendation="Провести роз'яснювальну роботу щодо обов'язку повідомлення про конфлікт інтересів.",
    ),
    COI_ITEMS[0]: dict(
        answer=Answer.NO,
        note=f"Заступник генерального директора, маючи реальний конфлікт інтересів, сам підписав {CONTRACT}, "
        "а не утримався від цього.",
        documents=CONTRACT_DOCUMENTS,
        recommendation="Розглянути питання про притягнення до дисциплінарної відповідальності та про скасування "
        "(розірвання) договору від 12.09.2025 № 45 або визнання його недійсним (ч. 1 ст. 67 Закону).",
    ),
    COI_ITEMS[1]: dict(
        answer=Answer.NO,
        note="Конфлікт інтересів заступника генерального директора (договір від 12.09.2025 № 45) не врегульовано: "
        "ні самостійно, ні зовнішніми заходами.",
        documents=CONTRACT_DOCUMENTS,
        recommendation="Вжити заходів для врегулювання конфлікту інтересів заступника генерального директора "
        "у спосіб, визначений ст. 29 Закону.",
    ),
    "coi-superior-decision": dict(
        answer=Answer.COMPLIES,
        note="Повідомлень працівників про конфлікт інтересів у 2025 році не надходило; про договір від "
        "12.09.2025 № 45 (п. 3.2) керівникові не повідомляли.",
    ),
    "coi-superior-measures": dict(
        answer=Answer.COMPLIES,
        note="Про конфлікт інтересів заступника (договір від 12.09.2025 № 45) генеральному директору до перевірки "
        "відомо не було; про інші конфлікти інтересів підлеглих, відомі не з їхніх повідомлень, не встановлено.",
    ),
    "unlawful-acts-revoked": dict(
        answer=Answer.NOT_EXAMINED,
        note="Рішень, прийнятих з порушенням вимог Закону, підприємство до перевірки не виявляло; договір від "
        "12.09.2025 № 45 укладено в умовах реального конфлікту інтересів, що встановлено цією перевіркою "
        "(п. 3.3), — питання його скасування є предметом рекомендації.",
        na_reason="Порушення виявлено цією перевіркою: до неї підприємство не мало підстав скасовувати договір; "
        "виконання рекомендації щодо нього перевіряється контролем усунення.",
    ),
}


def _answer_all(store: RegisterStore, inspection: Inspection, *, upto: int | None, day: date) -> Inspection:
    """Answer the open items as ``FACTS`` have it (else «Так»): in a full inspection all of them, in a
    partial one the first ``upto`` and the risk assessment's «Ні»."""
    open_items = [i for i in inspection.checklist.items if inspection.findings[i.id].answer is Answer.UNANSWERED]
    chosen = open_items[:upto] + [i for i in open_items[upto or len(open_items) :] if i.id == VIOLATION_ITEM]
    deadline = date(day.year, 12, 31) if day.month < 12 else date(day.year + 1, 3, 31)
    for n, item in enumerate(chosen):
        facts = FACTS.get(item.id, dict(answer=Answer.COMPLIES, documents=list(item.documents[:2])))
        changes = dict(facts)
        if facts["answer"] is Answer.NO:
            changes["deadline"] = deadline
            if item.needs_notice:  # one notice to the specially authorised body names every official's breach
                changes.update(notice_sent_on=day, notice_number="01-17/312")
        inspection = services.record_finding(store, inspection, item.id, now=_at(day, 10 + n // 30), **changes)
    return inspection


def install_demo(store: RegisterStore, checklist: Checklist) -> list[Inspection]:
    """Fill the store with the demo registry, settings and inspections (idempotent)."""
    settings = store.get_settings()
    if not settings.council_name:
        store.save_settings(
            Settings(
                language=settings.language,
                council_name="Покровська міська рада Донецької області",
                unit_name="Відділ з питань запобігання та виявлення корупції",
                unit_regulation="Положення про відділ з питань запобігання та виявлення корупції, затверджене "
                "рішенням міської ради від 24.02.2022 № 8/21-12",
                inspection_procedure="Порядок проведення перевірок комунальних підприємств, установ та організацій, "
                "затверджений розпорядженням міського голови від 10.01.2023 № 5-р",
                objection_days=3,
                place="м. Покровськ",
                inspector=HEAD,
                inspectors=[HEAD, SPECIALIST],
            )
        )
    enterprises = demo_enterprises()
    for enterprise in enterprises:
        if store.get_enterprise(enterprise.edrpou) is None:
            store.save_enterprise(enterprise)
    plans = [
        # (enterprise, order no., order date, start, end, how many items to answer, sign on)
        (enterprises[1], "12-од", date(2026, 3, 16), date(2026, 3, 21), date(2026, 3, 21), None, date(2026, 3, 22)),
        (enterprises[0], "47-од", date(2026, 7, 20), date(2026, 7, 27), date(2026, 7, 28), 4, None),
        (enterprises[2], "58-од", date(2026, 11, 16), date(2026, 11, 23), date(2026, 11, 23), 0, None),
    ]
    made = []
    for n, (enterprise, order_no, order_date, start, end, upto, signed_on) in enumerate(plans, start=1):
        inspection_id = uuid.uuid5(DEMO_NAMESPACE, f"{enterprise.edrpou}/{start.isoformat()}")
        if store.has_inspection(inspection_id):
            made.append(store.get_inspection(inspection_id))
            continue
        inspection = ops.new_inspection(
            id=inspection_id, number=f"{n}/{start.year}", enterprise=enterprise, checklist=checklist,
            basis=LegalBasis(order_number=order_no, order_date=order_date, planned=True, act=ACT, title=ACT_TITLE),
            period_from=date(start.year - 1, 1, 1), period_to=date(start.year - 1, 12, 31),
            start_date=start, end_date=end, inspectors=[HEAD, SPECIALIST], place="м. Покровськ", now=_at(start, 9),
        )
        store.save_inspection(inspection)
        if upto != 0:
            inspection = _answer_all(store, inspection, upto=upto, day=start)
        if signed_on is not None:
            inspection = services.update_header(store, inspection, now=_at(end, 17), conclusion=draft_conclusion(inspection))
            signoff = SignOff(
                signed_on=signed_on, signers=[HEAD, SPECIALIST], recorded_at=_at(signed_on, 12),
                head=HeadAcknowledgement(name=enterprise.head_name, position=enterprise.head_position, acknowledged_on=signed_on),
            )
            inspection = services.sign_off(store, inspection, signoff, now=_at(signed_on, 12))
        made.append(inspection)
    return made
