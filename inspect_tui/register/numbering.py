"""Who holds which certificate number in a store, and the numbers held twice: for renumbering, the
conflicts command, the home screen and the annual report."""

from __future__ import annotations

from inspect_tui.domain.numbering import NumberConflict, NumberHolder, find_conflicts
from inspect_tui.store_protocol import RegisterStore


def number_holders(store: RegisterStore) -> list[NumberHolder]:
    """Every inspection's number, from the summary index (cheap: no inspection is loaded)."""
    return [NumberHolder.of(s) for s in store.list_summaries()]


def number_conflicts(store: RegisterStore) -> list[NumberConflict]:
    """Every «N/YYYY» held by two or more different inspections (revisions of one count once), by year and number.

    ``NumberConflict.signed`` names the holders whose certificates are signed; a conflict that is not
    ``resolvable`` is a pair of valid signed certificates the register must note.
    """
    return find_conflicts(number_holders(store))
