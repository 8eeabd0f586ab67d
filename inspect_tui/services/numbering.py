"""Inspection numbers: the next free one of a year, and who else holds a number."""

from __future__ import annotations

from inspect_tui.domain.inspection import Inspection
from inspect_tui.domain.numbering import NumberHolder, holders_of, next_free, taken_numbers
from inspect_tui.register.numbering import number_holders
from inspect_tui.store_protocol import RegisterStore


def next_number(store: RegisterStore, year: int) -> str:
    """The next free inspection number of a year, in the usual «N/YYYY» form."""
    return next_free(taken_numbers(number_holders(store)), year)


def number_taken(store: RegisterStore, inspection: Inspection) -> list[NumberHolder]:
    """Other inspections (not revisions of this one) holding this inspection's number: signing warns of them."""
    return holders_of(number_holders(store), inspection.number, besides=inspection.id)
