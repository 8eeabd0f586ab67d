"""Choosing files: open a file (plan CSV, scans, bundles) and «Зберегти як…» (certificates, reports, bundles).

Both show Textual's ``DirectoryTree`` from the last folder used for that kind of file
(``LastFolders``), and keep a path field: typing or pasting a path works as before, a
relative one counts from the folder shown. The path field has the focus first (Tab goes
to the tree); Backspace on the tree goes one folder up.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Button, DirectoryTree, Input, Label, Static

from inspect_tui.i18n import t
from inspect_tui.screens.dialogs import ConfirmDialog, Dialog
from inspect_tui.screens.ui_state import LastFolders
from inspect_tui.services.files import OutputRefused, check_output


class FileTree(DirectoryTree):
    """Folders, and the files a picker wants (by suffix; none: every file); hidden ones left out."""

    def __init__(self, path: Path, *, suffixes: tuple[str, ...] = (), folders_only: bool = False, id: str | None = None) -> None:  # noqa: A002
        super().__init__(path, id=id)
        self.suffixes = tuple(s.lower() for s in suffixes)
        self.folders_only = folders_only

    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        return [p for p in paths if not p.name.startswith(".") and self._shown(p)]

    def _shown(self, path: Path) -> bool:
        try:
            if path.is_dir():
                return True
        except OSError:
            return False
        return not self.folders_only and (not self.suffixes or path.suffix.lower() in self.suffixes)


class _FolderDialog(Dialog[Path | None]):
    """A tree of folders from ``start`` and the path being chosen; subclasses say what a choice is."""

    DEFAULT_CSS = """
    #picker-tree { height: 7; }
    #file-picker Input, #save-as Input { background: $boost; }
    """
    BINDINGS = [Binding("backspace", "parent", "tui.keys.parent_folder", id="folder-up")]

    def __init__(self, title: str, folders: LastFolders, kind: str, start: Path) -> None:
        super().__init__()
        self.title_text = title
        self.folders = folders
        self.kind = kind
        self.start = folders.get(kind, start)

    @property
    def file_tree(self) -> FileTree:
        return self.query_one(FileTree)

    @property
    def folder(self) -> Path:
        """The folder the tree shows: relative paths typed count from it."""
        return Path(self.file_tree.path)

    def show_folder(self, folder: Path) -> None:
        self.file_tree.path = folder
        self.query_one("#picker-folder", Static).update(str(folder))

    def action_parent(self) -> None:
        self.show_folder(self.folder.parent)

    def typed(self, value: str) -> Path:
        path = Path(value.strip()).expanduser()
        return path if path.is_absolute() else self.folder / path

    def error(self, message: str) -> None:
        self.query_one("#picker-error", Static).update(message)

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#picker-path", Input).focus()  # typing a path works at once; Tab goes to the tree

    def chosen(self, path: Path) -> None:
        """Remember the folder and close with ``path``."""
        self.folders.remember(self.kind, path)
        self.dismiss(path)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.submit()
        else:
            self.dismiss(None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit()

    def submit(self) -> None:
        raise NotImplementedError


class FilePickerDialog(_FolderDialog):
    """Choose an existing file: Enter on a file in the tree, or a path typed and Enter."""

    def __init__(self, title: str, folders: LastFolders, kind: str, *, start: Path | None = None, suffixes: tuple[str, ...] = ()) -> None:
        super().__init__(title, folders, kind, start or Path.home())
        self.suffixes = suffixes

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide", id="file-picker"):
            yield Label(self.title_text, classes="dialog-title")
            yield Input(id="picker-path", placeholder=t("files.path_placeholder"), compact=True)
            yield Static(str(self.start), id="picker-folder", classes="dialog-hint", markup=False)
            yield FileTree(self.start, suffixes=self.suffixes, id="picker-tree")
            yield Static(t("files.open_hint"), classes="dialog-hint")
            yield Static("", id="picker-error", classes="field-error")
            yield from self.buttons(t("files.open"))

    def on_directory_tree_file_selected(self, event: DirectoryTree.FileSelected) -> None:
        event.stop()
        self.chosen(Path(event.path))

    def submit(self) -> None:
        raw = self.query_one("#picker-path", Input).value
        if not raw.strip():
            node = self.file_tree.cursor_node
            if node is not None and node.data is not None and Path(node.data.path).is_file():
                self.chosen(Path(node.data.path))
            else:
                self.error(t("files.choose_file"))
            return
        path = self.typed(raw)
        if path.is_dir():
            self.query_one("#picker-path", Input).value = ""
            self.show_folder(path)
        elif path.is_file():
            self.chosen(path)
        else:
            self.error(t("files.no_such_file", path=str(path)))


class SaveAsDialog(_FolderDialog):
    """«Зберегти як…»: a folder (the tree, or typed) and a file name; refuses the data dir and anything but a
    regular file, and asks before replacing a file that is there."""

    def __init__(self, title: str, folders: LastFolders, kind: str, *, name: str, data_dir: Path) -> None:
        super().__init__(title, folders, kind, Path.home())
        self.name_text = name
        self.data_dir = data_dir
        self.selected: Path | None = None  # the folder chosen in the tree or typed

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide", id="save-as"):
            yield Label(self.title_text, classes="dialog-title")
            yield Label(t("files.name"), classes="field-label")
            yield Input(self.name_text, id="picker-path", compact=True)
            yield Static(str(self.start), id="picker-folder", classes="dialog-hint", markup=False)
            yield FileTree(self.start, folders_only=True, id="picker-tree")
            yield Static(t("files.save_hint"), classes="dialog-hint")
            yield Static("", id="picker-error", classes="field-error")
            yield from self.buttons(t("files.save"))

    def on_directory_tree_directory_selected(self, event: DirectoryTree.DirectorySelected) -> None:
        event.stop()
        self.query_one("#picker-folder", Static).update(str(event.path))
        self.selected = Path(event.path)
        self.query_one("#picker-path", Input).focus()  # the folder is chosen: Enter now saves there

    @property
    def folder(self) -> Path:
        return self.selected or Path(self.file_tree.path)

    def show_folder(self, folder: Path) -> None:
        self.selected = folder
        super().show_folder(folder)

    def submit(self) -> None:
        raw = self.query_one("#picker-path", Input).value
        if not raw.strip():
            self.error(t("tui.form.required"))
            return
        path = self.typed(raw)
        if path.is_dir():  # a folder typed: show it and keep asking for the name
            self.query_one("#picker-path", Input).value = self.name_text
            self.show_folder(path)
            return
        try:
            exists = check_output(path, self.data_dir)
        except OutputRefused as exc:
            self.error(t(f"files.refused.{exc.code}", **exc.params))
            return
        if not exists:
            self.chosen(path)
            return

        def replace(yes: bool | None) -> None:
            if yes:
                self.chosen(path)

        self.app.push_screen(ConfirmDialog(t("files.replace", path=str(path))), replace)
