"""The ПМ table and the gift limits of ч. 2 ст. 23 by date: 2 ПМ per gift on the day and 4 ПМ a year from one
source (ПМ on 1 January) from 12.10.2023, when Law No. 3384-IX took effect; 1 ПМ and 2 ПМ before."""

from __future__ import annotations

import tomllib
from datetime import date
from importlib import resources

import pytest

from inspect_tui import gifts
from inspect_tui.domain.settings import Settings
from inspect_tui.gifts import (
    LIMITS_RAISED_ON,
    OLD_PER_GIFT_PM,
    OLD_PER_YEAR_PM,
    PER_GIFT_PM,
    PER_YEAR_PM,
    SubsistenceMinimumUnknown,
    bundled_table,
    check_gifts,
    gift_limits,
    latest_year,
    limits_change_in,
    merge,
    multipliers,
    parse_table,
    per_gift_limit,
    per_year_limit,
    subsistence_minimum,
    subsistence_minimum_on,
    subsistence_table,
)

#: Verified against ст. 7 of each year's State Budget Law (see the data file's header).
JANUARY_VALUES = {
    2015: 1218, 2016: 1378, 2017: 1600, 2018: 1762, 2019: 1921, 2020: 2102,
    2021: 2270, 2022: 2481, 2023: 2684, 2024: 3028, 2025: 3028, 2026: 3328,
}


def test_the_current_text_multipliers_and_the_older_wording() -> None:
    assert (PER_GIFT_PM, PER_YEAR_PM) == (2, 4)
    assert (OLD_PER_GIFT_PM, OLD_PER_YEAR_PM) == (1, 2)
    assert LIMITS_RAISED_ON == date(2023, 10, 12)  # Law No. 3384-IX: published 11.10.2023, in force the next day
    assert multipliers(date(2023, 10, 11)) == (1, 2)
    assert multipliers(date(2023, 10, 12)) == (2, 4)
    assert limits_change_in(2023) == date(2023, 10, 12) and limits_change_in(2024) is None


def test_the_bundled_table_ships_inside_the_package_and_every_row_names_its_source() -> None:
    data = resources.files("inspect_tui").joinpath("data/subsistence_minimum.toml")
    assert data.is_file()
    table = bundled_table()
    assert {year: row.uah for year, row in table.items()} == JANUARY_VALUES
    for row in table.values():
        assert row.verified and "Про Державний бюджет України на" in row.source and str(row.year) in row.source
        assert "ст. 7" in row.source


def test_the_2022_value_matches_the_domain_research() -> None:
    # DOMAIN-RESEARCH.md, DK-06: ПМ for 2022 was 2,481 UAH, so 50 ПМ = 124,050 UAH
    assert subsistence_minimum(2022) * 50 == 124_050


@pytest.mark.parametrize(
    ("year", "expected"),
    [(2026, (6656, 13312)), (2025, (6056, 12112)), (2024, (6056, 12112)), (2023, (5368, 10736)), (2022, (2481, 4962)),
     (2016, (1378, 2756))],
)
def test_gift_limits_by_year(year: int, expected: tuple[int, int]) -> None:
    assert gift_limits(year) == expected  # the wording in force at the year's end
    assert per_year_limit(year) == expected[1]


def test_2023_has_both_wordings_by_the_day_of_the_gift() -> None:
    assert gift_limits(2023, on=date(2023, 10, 11)) == (2684, 5368)
    assert gift_limits(2023, on=date(2023, 10, 12)) == (5368, 10736)
    assert per_gift_limit(date(2023, 10, 11)) == 2684
    assert per_gift_limit(date(2023, 10, 12)) == 5368
    assert per_year_limit(2023, on=date(2023, 3, 1)) == 5368
    with pytest.raises(ValueError):
        gift_limits(2023, on=date(2024, 1, 1))


def test_a_gift_of_2023_is_judged_by_the_wording_of_its_day() -> None:
    # 4000 UAH: over 1 ПМ (2684) in September, within 2 ПМ (5368) in November
    result = check_gifts([(date(2023, 9, 1), 4000), (date(2023, 11, 1), 4000)])
    # 4000 on 1 September was over the 1 ПМ of that day but is within today's 2 ПМ: noted, never «Ні»
    assert result.over_single == () and result.over_old_single == (0,) and result.ok
    # the year's running total of 8000 is checked on 1 November, against 4 ПМ (10,736)
    assert result.over_year == {} and result.over_old_year == {}
    early = check_gifts([(date(2023, 3, 1), 2684), (date(2023, 6, 1), 2685)])
    # over 1 ПМ a gift and 2 ПМ a year before 12 October, within 2 and 4 ПМ: the milder law decides
    assert early.ok and early.over_old_single == (1,) and early.over_old_year == {2023: 5369}
    assert check_gifts([(date(2022, 5, 1), 2481), (date(2022, 6, 1), 2481)]).ok  # exactly 2 ПМ of 1 January 2022
    above = check_gifts([(date(2023, 3, 1), 5369), (date(2023, 6, 1), 5369)])  # above the current limits too
    assert above.over_single == (0, 1) and above.over_year == {2023: 10738} and above.over_old_year == {} and not above.ok


def test_a_single_gift_uses_the_value_in_force_on_the_day() -> None:
    assert subsistence_minimum_on(date(2022, 6, 30)) == 2481
    assert subsistence_minimum_on(date(2022, 7, 1)) == 2600
    assert subsistence_minimum_on(date(2022, 12, 31)) == 2684
    assert per_gift_limit(date(2022, 7, 1)) == 2600  # 1 ПМ before 12.10.2023
    assert per_gift_limit(date(2024, 7, 1)) == 2 * 3028  # the current wording
    # ... while the yearly cap stays at the 1 January value
    assert per_year_limit(2022) == 2 * 2481


def test_user_overrides_win_for_the_whole_year_and_add_missing_years() -> None:
    overrides = {2022: 2500, 2027: 3500}
    assert subsistence_minimum(2022, overrides) == 2500
    assert subsistence_minimum_on(date(2022, 12, 31), overrides) == 2500  # mid-year changes dropped
    assert gift_limits(2027, overrides) == (7000, 14000)
    table = subsistence_table(overrides)
    assert table[2022].overridden and not table[2022].verified and table[2022].source  # keeps its law as context
    assert table[2027].overridden and table[2027].source == ""
    assert subsistence_minimum(2023, overrides) == 2684  # other years untouched
    assert latest_year(overrides) == 2027
    assert latest_year(overrides, up_to=2026) == 2026


def test_overrides_from_settings_are_usable_as_they_are_stored() -> None:
    settings = Settings.model_validate({"subsistence_minimum": {"2027": 3500}})
    assert gift_limits(2027, settings.subsistence_minimum) == (7000, 14000)
    assert gift_limits(2027, {"2027": 3500}) == (7000, 14000)  # JSON object keys as strings


@pytest.mark.parametrize(
    "overrides",
    [{2027: 0}, {2027: -5}, {2027: 3500.5}, {2027: True}, {"soon": 3000}, {1800: 3000}, {2027: "3500"}],
)
def test_invalid_overrides_are_refused(overrides: dict) -> None:
    with pytest.raises(ValueError):
        subsistence_table(overrides)


def test_an_unknown_year_is_an_error_not_a_guess() -> None:
    with pytest.raises(SubsistenceMinimumUnknown) as caught:
        gift_limits(2014)
    assert caught.value.year == 2014
    with pytest.raises(LookupError):
        per_gift_limit(date(2099, 1, 1))


def test_check_gifts_from_one_source() -> None:
    result = check_gifts([(date(2026, 3, 1), 6656), (date(2026, 4, 1), 6657), (date(2026, 5, 1), 1)])
    assert result.over_single == (1,)  # equal to the limit is within it ("не перевищує")
    assert result.over_year == {2026: 13314}
    assert not result.ok
    assert check_gifts([(date(2026, 1, 2), 6656), (date(2026, 12, 30), 6656)]).ok  # exactly 4 ПМ in a year
    split = check_gifts([(date(2025, 12, 31), 6000), (date(2026, 1, 1), 6000)])
    assert split.ok  # each year counted on its own
    with pytest.raises(ValueError):
        check_gifts([(date(2026, 1, 1), -1)])


def test_parse_table_rejects_broken_data() -> None:
    good = {"years": [{"year": 2030, "uah": 4000, "changes": [{"from": date(2030, 7, 1), "uah": 4100}]}]}
    assert parse_table(good)[2030].on(date(2030, 7, 1)) == 4100
    bad_rows = [
        {},
        {"years": []},
        {"years": [{"year": 2030, "uah": 4000}, {"year": 2030, "uah": 4000}]},
        {"years": [{"year": 2030, "uah": 0}]},
        {"years": [{"year": 2030, "uah": 4000, "changes": [{"from": date(2031, 7, 1), "uah": 4100}]}]},
        {"years": [{"year": 2030, "uah": 4000, "changes": [{"from": date(2030, 1, 1), "uah": 4100}]}]},
        {"years": [{"year": 2030, "uah": 4000, "changes": [
            {"from": date(2030, 9, 1), "uah": 4200}, {"from": date(2030, 7, 1), "uah": 4100},
        ]}]},
    ]
    for data in bad_rows:
        with pytest.raises(ValueError):
            parse_table(data)


def test_the_data_file_parses_on_its_own() -> None:
    text = resources.files("inspect_tui").joinpath("data/subsistence_minimum.toml").read_text("utf-8")
    assert parse_table(tomllib.loads(text)) == bundled_table()


def test_merge_does_not_change_its_input() -> None:
    table = bundled_table()
    before = dict(table)
    merge(table, {2026: 1})
    assert bundled_table() == before
    assert gifts.subsistence_minimum(2026) == 3328
