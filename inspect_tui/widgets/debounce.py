"""One pause-then-act timer for every screen: a save after typing stops, a search after a word, a position write."""

from __future__ import annotations

from collections.abc import Callable

from textual.message_pump import MessagePump
from textual.timer import Timer


class Debounce:
    """Runs ``action`` once ``delay`` seconds after the last ``poke``; each poke starts the wait again.

    ``owner`` runs the timer (a screen or widget: the timer stops with it).
    """

    def __init__(self, owner: MessagePump, delay: float, action: Callable[[], object]) -> None:
        self._owner = owner
        self._delay = delay
        self._action = action
        self._timer: Timer | None = None

    @property
    def pending(self) -> bool:
        """A poke is waiting for its pause to end."""
        return self._timer is not None

    def poke(self) -> None:
        self.cancel()
        self._timer = self._owner.set_timer(self._delay, self._fire)

    def cancel(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _fire(self) -> None:
        self._timer = None
        self._action()
