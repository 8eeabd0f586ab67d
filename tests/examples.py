"""How many examples a property test runs: a fast default, the full count with ``HYPOTHESIS_PROFILE=thorough``.

The numbers written in the tests are the thorough ones; CI and a plain ``pytest`` run about a fifth of them
(never fewer than 10). Hypothesis keeps the failing examples it finds in its database and replays them first.
"""

from __future__ import annotations

import os

THOROUGH = os.environ.get("HYPOTHESIS_PROFILE") == "thorough"


def examples(thorough: int) -> int:
    """``thorough`` under the thorough profile, else about a fifth of it."""
    return thorough if THOROUGH else min(thorough, max(10, thorough // 5))
