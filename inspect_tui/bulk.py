"""Bulk work over thousands of pydantic models (the index at start-up, an import)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def bulk_validation() -> Iterator[None]:
    """Pause the cyclic garbage collector: validating thousands of models is otherwise mostly GC."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
