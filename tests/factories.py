"""Small builders for domain objects, shared by the foundation tests."""

from __future__ import annotations

import tomllib
import uuid
from datetime import UTC, date, datetime, timezone
from pathlib import Path
from typing import Any

from inspect_tui.domain.checklist import Checklist
from inspect_tui.domain.edrpou import with_check_digit
from inspect_tui.domain.enterprise import Enterprise
from inspect_tui.domain.inspection import Inspection, LegalBasis, new_inspection
from inspect_tui.domain.settings import Issuer
from inspect_tui.domain.text import Person

T0 = datetime(2026, 3, 21, 9, 0, tzinfo=UTC)
INSPECTOR = Person(name="Олена КОВАЛЬЧУК", position="Начальник відділу")
ISSUER = Issuer(council_name="Покровська міська рада", unit_name="Відділ з питань запобігання та виявлення корупції")
CONCLUSION = "За результатами перевірки порушень вимог Закону не виявлено."


def pinned_checklist(path: Path) -> Checklist:
    """A checklist as an inspection pinned it in its day: older files (no ``holder`` on their items) are
    no longer valid checklist files, but their copies in stored inspections are valid checklists."""
    return Checklist.model_validate(tomllib.loads(path.read_text("utf-8")))


def enterprise(**overrides: Any) -> Enterprise:
    data: dict[str, Any] = {
        "edrpou": with_check_digit("3214567"),
        "name": "Міське комунальне підприємство «Водоканал»",
        "short_name": "МКП «Водоканал»",
        "legal_form": "МКП",
        "kind": "enterprise",
        "sector": "utilities",
        "reporting_year": 2025,
        "headcount": 120,
        "gross_revenue_uah": 95_000_000,
    }
    data.update(overrides)
    return Enterprise.model_validate(data)


def checklist_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "test",
        "version": "1.0",
        "title": {"uk": "Тестовий перелік", "en": "Test checklist"},
        "legal_basis": {"uk": "Закон № 1700-VII"},
        "sections": [
            {
                "id": "s1",
                "title": {"uk": "Розділ 1"},
                "items": [
                    {"id": "a", "question": {"uk": "Питання А?"}, "refs": [{"article": "61", "part": "1"}]},
                    {
                        "id": "b",
                        "question": {"uk": "Питання Б?"},
                        "refs": [{"article": "62", "part": "2"}],
                        "applies_if": {"field": "headcount", "op": "gt", "value": 50},
                        "na_reason": {"uk": "Менше 50 працівників"},
                    },
                ],
            },
            {
                "id": "s2",
                "title": {"uk": "Розділ 2"},
                "items": [{"id": "c", "question": {"uk": "Питання В?"}, "refs": [{"article": "28"}]}],
            },
        ],
    }
    data.update(overrides)
    return data


def checklist(**overrides: Any) -> Checklist:
    return Checklist.model_validate(checklist_data(**overrides))


def inspection(ent: Enterprise | None = None, cl: Checklist | None = None, **overrides: Any) -> Inspection:
    args: dict[str, Any] = {
        "id": uuid.uuid4(),
        "number": "1/2026",
        "enterprise": ent or enterprise(),
        "checklist": cl or checklist(),
        "basis": LegalBasis(order_number="12-од", order_date=date(2026, 3, 16), act="розпорядження міського голови"),
        "period_from": date(2025, 1, 1),
        "period_to": date(2025, 12, 31),
        "start_date": date(2026, 3, 21),
        "end_date": date(2026, 3, 21),
        "inspectors": [INSPECTOR],
        "now": T0,
    }
    args.update(overrides)
    return new_inspection(**args)
