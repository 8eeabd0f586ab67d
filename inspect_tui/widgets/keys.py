"""Letter keys that also work with the Ukrainian keyboard layout switched on.

An inspector typing a note in Ukrainian and then pressing the answer key must not have
to switch layouts: the same physical key sends «н» instead of «y», so both are bound.
"""

from __future__ import annotations

_UK_LAYOUT = dict(
    zip(
        "qwertyuiop[]asdfghjkl;'zxcvbnm,.",
        "йцукенгшщзхїфівапролджєячсмитьбю",
        strict=True,
    )
)
_KEY_NAMES = {"[": "left_square_bracket", "]": "right_square_bracket", ";": "semicolon", "'": "apostrophe", ",": "comma", ".": "full_stop"}


def any_layout(key: str) -> str:
    """``"y"`` → ``"y,н"``: a binding key list for a single-character key in both layouts."""
    name = _KEY_NAMES.get(key, key)
    other = _UK_LAYOUT.get(key)
    return f"{name},{other}" if other else name
