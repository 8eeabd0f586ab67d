"""Python's cyclic garbage collector held off while the app starts, then told the start's objects are permanent.

Importing Textual and the app and showing the home allocate hundreds of thousands of objects that live as long as
the process, and the collector kept walking them: ~130 collections, 75–200 ms of a start of ~750 ms
(``benchmarks/tui.py``). Reference counting still frees what the start drops; only cycles wait. Once the home has
shown its rows, ``resume`` moves the survivors into the permanent generation (``gc.freeze``) so later collections
do not walk them again, and turns the collector back on. A start that never lists (an error, a hung server) is
covered by the app's fallback timer, so the collector is never left off.
"""

from __future__ import annotations

import gc

_paused = False


def pause() -> None:
    """Hold off the collector (once; a no-op when it is already off for another reason)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume() -> None:
    """Turn the collector back on if ``pause`` turned it off, after freezing what the start made."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()
