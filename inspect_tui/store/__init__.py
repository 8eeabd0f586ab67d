"""Durable local storage (TinyDB over atomic writes). Depends on the domain only."""

from inspect_tui.store.errors import (
    EditConflict,
    JournalRefused,
    NotFound,
    StoreCorrupt,
    StoreError,
    StoreLocked,
    StoreVersionError,
    StoreWriteError,
)
from inspect_tui.store.store import SCHEMA_VERSION, Store

__all__ = ["EditConflict", "JournalRefused", "NotFound", "SCHEMA_VERSION", "Store", "StoreCorrupt", "StoreError", "StoreLocked", "StoreVersionError", "StoreWriteError"]
