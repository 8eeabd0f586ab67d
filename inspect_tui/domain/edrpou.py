"""ЄДРПОУ (EDRPOU) code check digit, as published by the State Statistics Service."""

from __future__ import annotations

_LOW_WEIGHTS = (1, 2, 3, 4, 5, 6, 7)
_MID_WEIGHTS = (7, 1, 2, 3, 4, 5, 6)


def _digit(first_seven: str, weights: tuple[int, ...]) -> int:
    digits = [int(c) for c in first_seven]
    remainder = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
    if remainder == 10:
        remainder = sum(d * (w + 2) for d, w in zip(digits, weights, strict=True)) % 11
        if remainder == 10:
            remainder = 0
    return remainder


def _weights(code: int) -> tuple[int, ...]:
    """Codes below 30000000 or above 60000000 use weights 1..7; the rest 7,1..6."""
    return _LOW_WEIGHTS if code < 30_000_000 or code > 60_000_000 else _MID_WEIGHTS


def is_valid_edrpou(code: str) -> bool:
    """True when ``code`` is eight ASCII digits whose last one is the check digit."""
    if len(code) != 8 or not code.isascii() or not code.isdigit():
        return False
    return _digit(code[:7], _weights(int(code))) == int(code[7])


def with_check_digit(first_seven: str) -> str:
    """Complete seven digits into a valid eight-digit code (demo data, tests, forms)."""
    if len(first_seven) != 7 or not first_seven.isascii() or not first_seven.isdigit():
        raise ValueError("expected seven ASCII digits")
    for weights in (_LOW_WEIGHTS, _MID_WEIGHTS):
        code = first_seven + str(_digit(first_seven, weights))
        if is_valid_edrpou(code):
            return code
    raise ValueError(f"no valid check digit for {first_seven}")  # pragma: no cover - ranges are exhaustive
