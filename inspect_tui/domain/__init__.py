"""The pure domain: checklists, enterprises, inspections. No I/O, no Textual, no TinyDB.

Import each model from its own module (``inspect_tui.domain.inspection`` …): this package imports
nothing itself, so a leaf such as ``summary_row`` loads without every pydantic model (the app's start).
"""
