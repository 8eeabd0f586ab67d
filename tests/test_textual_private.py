"""The one private Textual name the app still overrides must exist, or this fails loudly on an upgrade.

``ItemTree._size_updated`` skips a scrollbar repaint on every layout (a frame per key press);
Textual offers no public hook for it. Textual is pinned to the version the tests pass on.
"""

from __future__ import annotations

import inspect

from textual.widgets import Tree

from inspect_tui.widgets.item_tree import ItemTree


def test_the_overridden_private_method_still_exists_with_its_signature() -> None:
    assert "_size_updated" in vars(ItemTree)
    base = inspect.signature(Tree._size_updated)
    assert list(base.parameters) == ["self", "size", "virtual_size", "container_size", "layout"]


def test_no_other_private_textual_import() -> None:
    import pathlib

    package = pathlib.Path(__file__).parent.parent / "inspect_tui"
    offenders = [
        f"{path}: {line.strip()}"
        for path in package.rglob("*.py")
        for line in path.read_text("utf-8").splitlines()
        if line.lstrip().startswith(("from textual", "import textual")) and "._" in line.split(" import ")[0]
    ]
    assert offenders == []
