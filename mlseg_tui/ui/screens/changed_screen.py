"""Asked before a reload would drop unsaved changes of a file that changed on disk."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content

from mlseg_tui.domain.text import one_line, plural
from mlseg_tui.ui.screens.choice_screen import ChoiceScreen


class ChangedOnDiskScreen(ChoiceScreen):
    """Dismisses with "reload" or "cancel" for one changed file holding unsaved changes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("k", "choose('cancel')", "Keep my changes (esc)", id="changed.keep"),
        Binding("r", "choose('reload')", "Reload from disk", id="changed.reload"),
    ]

    def __init__(self, label: str, changes: int, deleted: bool = False) -> None:
        some = plural(changes, "unsaved change")
        if deleted:
            message = Content.assemble(
                (one_line(label), "bold"),
                f" was deleted on disk, and it held {some} of yours.\n\n",
                ("Reload", "bold"),
                ": accept the deletion; its tools leave the browser with those changes.\n",
                ("Keep", "bold"),
                ": keep them pending; saving will ask whether to write the file again.",
            )
        else:
            message = Content.assemble(
                (one_line(label), "bold"),
                f" changed on disk, and it holds {some} of yours.\n\n",
                ("Reload", "bold"),
                ": read it again and drop those changes.\n",
                ("Keep", "bold"),
                ": keep them pending; saving will ask whether to overwrite the file.",
            )
        super().__init__(
            "File deleted on disk" if deleted else "File changed on disk",
            message,
            [("r", "Reload", "reload"), ("k", "Keep my changes", "cancel")],
        )
