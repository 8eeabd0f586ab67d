"""Plans keyed by council and year: a region's database holds several councils' plans for one year, a laptop's
file store its settings' council's. Moving and merging registers never puts one council's plan over another's."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from annual_year import CSS, EXPECTED_PLAN, WATER, YEAR, _new
from factories import CONCLUSION
from office_register import register, register_template, run
from test_office_pg import _report_text
from test_sync_support import answer_all, at

from inspect_tui import services
from inspect_tui.cli import main
from inspect_tui.domain.enterprise import Enterprise
from inspect_tui.domain.inspection import HeadAcknowledgement, SignOff
from inspect_tui.domain.plan import OtherCouncilsPlan, PlanEntry, entry_id
from inspect_tui.domain.revalidate import revalidate
from inspect_tui.domain.settings import Issuer
from inspect_tui.office.pgstore import PgStore
from inspect_tui.register.annual import annual_report
from inspect_tui.report import FORMATS, render, rows
from inspect_tui.services import office
from inspect_tui.services.store_copy import PlanRefused, copy_register, differences, fingerprint
from inspect_tui.store import Store
from inspect_tui.store_protocol import RegisterStore
from inspect_tui.sync import import_bundles
from inspect_tui.sync.export import export_bundle

__all__ = ["register", "register_template"]  # fixtures

OTHER = "Мирноградська міська рада"
TODAY = date(YEAR + 1, 6, 1)


def _entry(ent: Enterprise, month: int, year: int = YEAR) -> PlanEntry:
    return PlanEntry(id=entry_id(year, ent.edrpou, month, None), year=year, edrpou=ent.edrpou, enterprise=ent.short_name, month=month)


def other_councils_laptop(folder: Path) -> Path:
    """A laptop of another council: its settings name it, and its plan for the year has one entry."""
    with Store.open(folder) as laptop:
        laptop.save_settings(revalidate(laptop.get_settings(), council_name=OTHER, unit_name="Сектор з питань запобігання корупції"))
        laptop.save_enterprises([CSS, WATER])
        services.save_plan_entry(laptop, _entry(WATER, 4), new=True)
    return folder


def test_import_store_of_another_council_into_a_region_database_is_refused_whole(
    capsys: pytest.CaptureFixture[str], register: Path, pg_url: str, tmp_path: Path
) -> None:
    """Today's rule, kept: a database that holds a register takes no second one by ``import-store`` (its plan
    for the year is neither overwritten nor merged); a region gathers its councils' registers by bundles."""
    local = ["--data-dir", str(tmp_path / "l")]
    assert run(capsys, *local, "office", "import-store", str(register), pg_url)[0] == 0
    with PgStore.open(pg_url, tmp_path / "l", writer=False) as pg:
        before = fingerprint(pg)
    laptop = other_councils_laptop(tmp_path / "other")
    code, out, err = run(capsys, *local, "office", "import-store", str(laptop), pg_url)
    assert code == 1 and out == "" and err.startswith("Реєстр-одержувач уже містить дані")
    with PgStore.open(pg_url, tmp_path / "l", writer=False) as pg:
        assert differences(before, fingerprint(pg)) == []


def test_another_councils_bundle_keeps_its_plan_under_its_council_in_a_region_database(register: Path, pg_url: str, tmp_path: Path) -> None:
    """Before plans were keyed by council, council B's bundle merged its plan's entries into council A's plan."""
    laptop = other_councils_laptop(tmp_path / "other")
    with Store.open(laptop, writer=False) as source:
        bundle = export_bundle(source, tmp_path / "other.json").path
        theirs = source.get_plan(YEAR)
    with Store.open(register, writer=False) as source, PgStore.open(pg_url, tmp_path / "l") as pg:
        office.move_into(source, pg)
        mine, own = pg.get_plan(YEAR), pg.get_settings().council_name
        report = import_bundles(pg, [bundle])
        assert pg.get_plan(YEAR) == pg.get_plan(YEAR, own) == mine
        assert pg.get_plan(YEAR, OTHER) == theirs and len(report.plan_added) == 1
        assert pg.plan_councils(YEAR) == sorted([own, OTHER]) and pg.get_settings().council_name == own


def test_a_laptop_leaves_another_councils_plan_out_and_says_so(tmp_path: Path) -> None:
    laptop = other_councils_laptop(tmp_path / "other")
    with Store.open(laptop, writer=False) as source:
        bundle = export_bundle(source, tmp_path / "other.json").path
    with Store.open(tmp_path / "mine") as mine:
        mine.save_settings(revalidate(mine.get_settings(), council_name="Покровська міська рада"))
        mine.save_plan(YEAR, [_entry(CSS, 2)])
        report = import_bundles(mine, [bundle])
        assert mine.get_plan(YEAR) == [_entry(CSS, 2)] and mine.get_plan(YEAR, OTHER) == []
        assert [o.change.reason.value for o in report.plan] == ["other_council"]
        assert "сховище ноутбука зберігає плани лише своєї ради" in report.plan[0].line()
        with pytest.raises(OtherCouncilsPlan):
            mine.save_plan(YEAR, [_entry(WATER, 4)], OTHER)
        assert mine.plan_councils(YEAR) == ["Покровська міська рада"] and mine.plan_councils(YEAR + 1) == []


def test_each_councils_plan_is_its_own_on_the_office_register(pg_url: str, tmp_path: Path) -> None:
    with PgStore.open(pg_url, tmp_path / "l") as pg:
        pg.save_settings(revalidate(pg.get_settings(), council_name="Покровська міська рада"))
        pg.save_plan(YEAR, [_entry(WATER, 3)])
        pg.save_plan(YEAR, [_entry(CSS, 5)], OTHER)
        pg.save_plan(YEAR, [_entry(CSS, 2)], "")  # a plan of no council's (saved before one was named)
        assert pg.get_plan(YEAR) == pg.get_plan(YEAR, "Покровська міська рада") == [_entry(WATER, 3)]
        assert pg.get_plan(YEAR, OTHER) == [_entry(CSS, 5)] and pg.get_plan(YEAR, "") == [_entry(CSS, 2)]
        assert pg.plan_councils(YEAR) == sorted(["", "Покровська міська рада", OTHER]) and pg.plan_years() == [YEAR]


def test_a_council_named_first_adopts_the_plans_saved_before_and_a_renamed_one_keeps_them(pg_url: str, tmp_path: Path) -> None:
    with PgStore.open(pg_url, tmp_path / "l") as pg:
        pg.save_plan(YEAR, [_entry(CSS, 2)])  # right after ``office init``: no settings yet, the council ""
        pg.save_plan(YEAR + 1, [_entry(CSS, 4, YEAR + 1)])
        pg.save_plan(YEAR + 1, [_entry(WATER, 3, YEAR + 1)], "Покровська міська рада")  # its own plan of that year
        pg.save_settings(revalidate(pg.get_settings(), council_name="Покровська міська рада"))
        assert pg.get_plan(YEAR) == [_entry(CSS, 2)] and pg.plan_councils(YEAR) == ["Покровська міська рада"]
        assert pg.get_plan(YEAR + 1) == [_entry(WATER, 3, YEAR + 1)]  # its own plan is never replaced...
        assert pg.get_plan(YEAR + 1, "") == [_entry(CSS, 4, YEAR + 1)]  # ...and the other stays where it was, not lost
        pg.save_settings(revalidate(pg.get_settings(), council_name=OTHER))  # renamed: a typo or another council?
        assert pg.get_plan(YEAR) == [] and pg.get_plan(YEAR, "Покровська міська рада") == [_entry(CSS, 2)]


def test_the_migration_gives_a_plan_saved_before_the_settings_council(pg_url: str) -> None:
    import psycopg

    from inspect_tui.office import migrate

    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())")
        for m in migrate.migrations()[:5]:  # a database of the program before plans were kept by council
            conn.execute(m.sql)
        conn.cursor().executemany("INSERT INTO schema_migrations (version, name) VALUES (%s, %s)", [(m.version, m.name) for m in migrate.migrations()[:5]])
        conn.execute("""INSERT INTO settings (body, document) VALUES ('{"council_name":"Покровська міська рада"}', '{"council_name":"Покровська міська рада"}')""")
        conn.execute("INSERT INTO plans (year, body, entries) VALUES (2023, '[]', '[]'), (2024, '[]', '[]')")
        assert [m.name for m in migrate.migrate(conn)] == ["council_plans"]
        assert conn.execute("SELECT council, year FROM plans ORDER BY year").fetchall() == [("Покровська міська рада", 2023), ("Покровська міська рада", 2024)]


def test_copying_a_councils_plan_over_another_plan_of_it_is_refused(pg_url: str, tmp_path: Path) -> None:
    laptop = other_councils_laptop(tmp_path / "other")
    with Store.open(laptop, writer=False) as source, PgStore.open(pg_url, tmp_path / "l") as pg:
        pg.save_plan(YEAR, [_entry(CSS, 9)], OTHER)
        with pytest.raises(PlanRefused, match=f"іншої ради|ради «{OTHER}» на {YEAR} рік"):
            copy_register(source, pg)
        assert pg.get_plan(YEAR, OTHER) == [_entry(CSS, 9)] and pg.list_enterprises() == []
        pg.save_plan(YEAR, source.get_plan(YEAR), OTHER)  # the same plan there already: copied as it is
        assert copy_register(source, pg).counts["plans"] == 1


def test_export_store_of_a_region_with_several_councils_plans_is_refused_naming_them(
    capsys: pytest.CaptureFixture[str], pg_url: str, tmp_path: Path
) -> None:
    with PgStore.open(pg_url, tmp_path / "l") as pg:
        pg.save_settings(revalidate(pg.get_settings(), council_name="Покровська міська рада"))
        pg.save_plan(YEAR, [_entry(WATER, 3)])
        pg.save_plan(YEAR, [_entry(CSS, 5)], OTHER)
    code, out, err = run(capsys, "--data-dir", str(tmp_path / "l"), "office", "export-store", pg_url, str(tmp_path / "laptop"))
    assert code == 1 and out == "" and f"«{OTHER}»" in err and "(«Покровська міська рада»)" in err and "нічого не перенесено" in err
    assert not (tmp_path / "laptop").exists() and not [p for p in tmp_path.iterdir() if ".partial-" in p.name]


def test_plan_import_on_the_office_register_edits_the_settings_councils_plan(pg_url: str, tmp_path: Path) -> None:
    with PgStore.open(pg_url, tmp_path / "l") as pg:
        pg.save_settings(revalidate(pg.get_settings(), council_name="Покровська міська рада"))
        pg.save_enterprises([CSS, WATER])
        pg.save_plan(YEAR, [_entry(CSS, 5)], OTHER)
    source = tmp_path / "plan.csv"
    source.write_text(f"ЄДРПОУ;Місяць;Квартал;Підстава\n{WATER.edrpou};березень;;план\n", encoding="utf-8")
    assert main(["--data-dir", str(tmp_path / "l"), "--store", pg_url, "plan", "import", str(source), "--year", str(YEAR)]) == 0
    with PgStore.open(pg_url, tmp_path / "l") as pg:
        assert [e.edrpou for e in pg.get_plan(YEAR)] == [WATER.edrpou] and pg.get_plan(YEAR, OTHER) == [_entry(CSS, 5)]


def _other_councils_inspection(store: RegisterStore) -> None:
    """Council B inspects ЦСС in May and signs it as its own, carrying out its plan's entry (the same enterprise
    and period as council A's February entry would be another id; here B planned it for February too)."""
    made = answer_all(store, _new(store, CSS, "1/2023", date(YEAR, 5, 10), date(YEAR, 5, 10)), at(date(YEAR, 5, 10)))
    made = services.update_header(store, made, now=at(date(YEAR, 5, 10)), conclusion=CONCLUSION)
    head = HeadAcknowledgement(name="Віктор ШЕВЧЕНКО", position="Директор", acknowledged_on=date(YEAR, 5, 11))
    issuer = Issuer(council_name=OTHER, unit_name="Сектор з питань запобігання корупції")
    signoff = SignOff(signed_on=date(YEAR, 5, 11), signers=list(made.inspectors), head=head, recorded_at=at(date(YEAR, 5, 11)), issuer=issuer)
    services.sign_off(store, made, signoff, now=at(date(YEAR, 5, 11)))


@pytest.fixture
def region(register: Path, pg_url: str, tmp_path: Path) -> Iterator[PgStore]:
    """Council A's register moved into the office's database, with council B's signed inspection and plan."""
    with Store.open(register, writer=False) as source, PgStore.open(pg_url, tmp_path / "l") as pg:
        office.move_into(source, pg)
        _other_councils_inspection(pg)
        pg.save_plan(YEAR, [_entry(CSS, 2)], OTHER)
        yield pg


def test_a_councils_report_counts_its_own_inspections_against_its_own_plan(region: PgStore) -> None:
    own = region.get_settings().council_name
    mine = annual_report(region, YEAR, today=TODAY, council=own)
    theirs = annual_report(region, YEAR, today=TODAY, council=OTHER)
    deleted = ["5", "ПМКП «ЖИТЛКОМСЕРВІС»", "листопад", "не проведено", "причину не зазначено"]  # its draft is in the trash
    assert rows.plan(mine)[1:] == [*EXPECTED_PLAN[:4], deleted] and rows.plan_councils(mine) == []
    assert [(line.council, line.enterprise, line.state.value, line.numbers) for line in theirs.plan] == [(OTHER, CSS.short_name, "done", ["1/2023"])]
    assert rows.plan_texts(theirs) == [f"За планом перевірок на {YEAR} рік заплановано 1: проведено — 1, розпочато — 0, не проведено — 0, строк ще не настав — 0."]


def test_the_regions_report_states_each_councils_plan_and_their_sum(region: PgStore, tmp_path: Path) -> None:
    own = region.get_settings().council_name
    whole = annual_report(region, YEAR, today=TODAY)
    assert [line.council for line in whole.plan] == [OTHER] + [own] * 5  # the councils in order of their names
    texts = rows.plan_texts(whole)
    assert texts == [
        f"За планами перевірок рад (усього — 2) на {YEAR} рік заплановано 6: проведено — 4, розпочато — 0, не проведено — 2, строк ще не настав — 0. За радами:",
        f"{OTHER}: заплановано 1: проведено — 1, розпочато — 0, не проведено — 0, строк ще не настав — 0.",
        f"{own}: заплановано 5: проведено — 3, розпочато — 0, не проведено — 2, строк ще не настав — 0.",
    ]
    table = rows.plan(whole)
    assert table[0][1] == "Рада" and table[1][1:4] == [OTHER, CSS.short_name, "лютий"] and table[2][1] == own
    assert [row[4] for row in table[1:] if row[2] == CSS.short_name] == ["проведено, довідка № 1/2023"] * 2  # each council its own «1/2023»
    for fmt in FORMATS:
        out = tmp_path / f"region.{fmt}"
        out.write_bytes(render(whole, fmt))
        said = " ".join(" ".join(map(str, _report_text(out))).split()) if fmt in ("pdf", "docx") else out.read_bytes().decode("utf-8")
        assert all(text in said for text in texts[1:]), fmt
        assert "За планами перевірок рад (усього — 2)" in said, fmt
    assert json.loads((tmp_path / "region.json").read_bytes())["plan"][0]["council"] == OTHER


def test_a_council_with_a_plan_and_no_certificate_yet_has_its_report(
    capsys: pytest.CaptureFixture[str], region: PgStore, pg_url: str, tmp_path: Path
) -> None:
    region.save_plan(YEAR, [_entry(WATER, 11)], "Селидівська міська рада")
    assert services.report_councils(region) == sorted([OTHER, region.get_settings().council_name, "Селидівська міська рада"])
    out = tmp_path / "selydove.csv"
    base = ["--data-dir", str(tmp_path / "l"), "--store", pg_url, "report", "annual", "--year", str(YEAR), "--out", str(out)]
    code, said, err = run(capsys, *base, "--council", "Селидівська міська рада")
    assert code == 0, err
    assert "Перевірок із підписаними довідками — 0" in said and "заплановано 1: проведено — 0" in out.read_text("utf-8")
    code, _, err = run(capsys, *base, "--council", "Рада без плану")
    assert code == 1 and "не видавала жодної довідки в цьому реєстрі і не має в ньому плану перевірок" in err and "Селидівська" in err
