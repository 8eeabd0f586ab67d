"""Command palette: every key binding of the current screen (and the app) as a searchable command.

Commands are derived from the bindings themselves, so nothing a key does is missing
from the palette and the two never disagree.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.dom import DOMNode

from inspect_tui.widgets.footer import describe


def _commands(provider: Provider) -> Iterator[tuple[str, str, DOMNode, Binding]]:
    """(title, key, node, binding) of each translated binding, screen first, no duplicates."""
    screen = provider.screen
    seen: set[str] = set()
    for node in (screen, provider.app):
        for binding in node.BINDINGS:
            if not isinstance(binding, Binding) or not binding.description.startswith("tui."):
                continue
            title = describe(binding.description)
            if binding.action in seen or binding.action == "command_palette":
                continue
            seen.add(binding.action)
            yield title, provider.app.get_key_display(binding), node, binding


class InspectCommands(Provider):
    async def discover(self) -> Hits:
        for title, key, node, binding in _commands(self):
            yield DiscoveryHit(title, partial(self.app.run_action, binding.action, node), help=key)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, key, node, binding in _commands(self):
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), partial(self.app.run_action, binding.action, node), help=key)
