"""Names sort in Ukrainian alphabetical order (Ґ after Г, Є after Е, І and Ї after И, Ї after І)."""

from __future__ import annotations

from factories import enterprise
from hypothesis import given
from hypothesis import strategies as st

from inspect_tui.collation import sort_key
from inspect_tui.domain.edrpou import with_check_digit
from inspect_tui.store import Store

ALPHABET = "АБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЬЮЯ"


def test_the_ukrainian_alphabet_sorts_in_its_own_order() -> None:
    letters = list(ALPHABET)
    assert sorted(reversed(letters), key=sort_key) == letters
    assert sorted(["Їжак", "Ірина", "Ива", "Йод"], key=sort_key) == ["Ива", "Ірина", "Їжак", "Йод"]
    assert sorted(["Ґудзик", "Гора", "Євген", "Ехо"], key=sort_key) == ["Гора", "Ґудзик", "Ехо", "Євген"]


@given(st.lists(st.text(alphabet=ALPHABET + ALPHABET.lower() + " «»-'", max_size=12), max_size=20))
def test_sorting_is_total_and_stable_for_any_names(names: list[str]) -> None:
    once = sorted(names, key=sort_key)
    assert sorted(once, key=sort_key) == once and sorted(names) == sorted(once)


def test_the_registry_lists_enterprises_alphabetically(store: Store) -> None:
    for n, short in enumerate(["ЯКП «Ятрань»", "КП «Ґалицьке»", "ЄКП «Єдність»", "КП «Гай»", "ІКП «Ірпінь»"]):
        store.save_enterprise(enterprise(edrpou=with_check_digit(f"3{n}14567"), short_name=short))
    names = [e.short_name for e in store.list_enterprises()]
    assert names == ["ЄКП «Єдність»", "ІКП «Ірпінь»", "КП «Гай»", "КП «Ґалицьке»", "ЯКП «Ятрань»"]
