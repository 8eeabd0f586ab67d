"""inspect-tui: offline anti-corruption inspections of communal enterprises (Law 1700-VII)."""

__version__ = "0.1.0"
