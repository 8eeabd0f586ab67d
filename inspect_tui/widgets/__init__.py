"""Widgets and helpers the screens share (footer, forms, command palette)."""
