"""Sub-commands of ``inspect-tui``: one module per command group, each with ``register(subparsers)``."""

from __future__ import annotations

from types import ModuleType

from inspect_tui.commands import actions, certificate, checklists, demo, doctor, inspections, law, office, plan, registry, report, sync


def modules() -> list[ModuleType]:
    """The command modules, in the order ``--help`` lists them."""
    return [checklists, inspections, registry, plan, actions, certificate, report, sync, doctor, demo, law, office]
