"""The TUI's screens: one module per screen, dialogs together in ``dialogs``."""
