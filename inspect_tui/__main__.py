"""Allow ``python -m inspect_tui``."""

from inspect_tui.cli import main

raise SystemExit(main())
