"""User text as a DataTable cell: plain text on one line, never markup.

A DataTable reads a ``str`` cell as Rich markup, so a name like «[@click=app.quit]КП[/]» from an
imported bundle would become a link that runs an action, and a line break would split the row.
"""

from __future__ import annotations

from rich.text import Text

from inspect_tui.escaping import one_line


def cell(text: str, style: str = "") -> Text:
    """``text`` shown as it is (``one_line``), in ``style``."""
    return Text(one_line(text), style=style, no_wrap=True)
