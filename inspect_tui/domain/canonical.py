"""Canonical JSON and its sha256: the identity of a checklist or a signed inspection.

Keys sorted, no insignificant whitespace, UTF-8 without escaping, so the same
content gives the same bytes whatever order fields were written in.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any


def canonical_json(data: Any) -> bytes:
    """Serialise JSON-compatible data canonically (sorted keys, compact, UTF-8)."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")


def sha256_of(data: Any) -> str:
    """Hex sha256 of the canonical JSON of ``data``."""
    return hashlib.sha256(canonical_json(data)).hexdigest()
