"""Placeholder until the TUI lands: tells the user what works today."""

from __future__ import annotations

from pathlib import Path


def run_app(data_dir: Path, language: str | None = None) -> int:
    from textual.app import App
    from textual.widgets import Footer, Static

    class Placeholder(App[None]):
        BINDINGS = [("q", "quit", "Quit")]

        def compose(self):  # type: ignore[no-untyped-def]
            yield Static(f"inspect-tui: the TUI is being built. Data dir: {data_dir}\nUse the CLI: inspect-tui --help")
            yield Footer()

    Placeholder().run()
    return 0
