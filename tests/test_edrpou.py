from hypothesis import given
from hypothesis import strategies as st

from inspect_tui.domain.edrpou import is_valid_edrpou, with_check_digit


def test_real_codes_are_valid() -> None:
    assert is_valid_edrpou("00032129")
    assert is_valid_edrpou("14360570")


def test_wrong_check_digit_and_shapes_are_invalid() -> None:
    for code in ["12345670", "0003212", "000321290", "0003212a", "", "０００３２１２９", " 00032129"]:
        assert not is_valid_edrpou(code), code


def test_middle_range_uses_the_second_weight_set() -> None:
    code = with_check_digit("3500000")
    assert 30_000_000 <= int(code) <= 60_000_000 and is_valid_edrpou(code)


@given(st.from_regex(r"\A[0-9]{7}\Z"))
def test_completed_codes_are_valid_and_any_other_last_digit_is_not(first_seven: str) -> None:
    code = with_check_digit(first_seven)
    assert is_valid_edrpou(code)
    for digit in "0123456789":
        if digit != code[-1]:
            assert not is_valid_edrpou(first_seven + digit)
