"""Asked when a save finds that a file holding moved tools was deleted since it was loaded."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content

from mlseg_tui.domain.text import one_line
from mlseg_tui.ui.screens.choice_screen import ChoiceScreen


class DeletedScreen(ChoiceScreen):
    """Dismisses with "recreate", "drop" or "cancel" for one deleted file."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("k", "choose('cancel')", "Keep pending (esc)", id="deleted.keep"),
        Binding("w", "choose('recreate')", "Write it again", id="deleted.recreate"),
        Binding("d", "choose('drop')", "Drop its tools", id="deleted.drop"),
    ]

    def __init__(self, label: str) -> None:
        message = Content.assemble(
            (one_line(label), "bold"),
            " was deleted since it was loaded.\n\n",
            ("Write again", "bold"),
            ": create the file anew with its tools as shown here, your moves included.\n",
            ("Drop", "bold"),
            ": accept the deletion; its tools leave the browser and their moves are dropped.\n",
            ("Keep", "bold"),
            ": save nothing for now (restore the file, say with git, and save again).",
        )
        super().__init__(
            "File deleted on disk",
            message,
            [("w", "Write again", "recreate"), ("d", "Drop", "drop"), ("k", "Keep", "cancel")],
        )
