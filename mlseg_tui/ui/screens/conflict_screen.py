"""Asked when a save finds that a file changed on disk since it was loaded."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content

from mlseg_tui.domain.text import one_line
from mlseg_tui.ui.screens.choice_screen import ChoiceScreen


class ConflictScreen(ChoiceScreen):
    """Dismisses with "reload", "overwrite" or "cancel" for one conflicting file."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "choose('cancel')", "Keep pending (esc)", id="conflict.cancel"),
        Binding("r", "choose('reload')", "Reload from disk", id="conflict.reload"),
        Binding("o", "choose('overwrite')", "Overwrite", id="conflict.overwrite"),
    ]

    def __init__(self, path: Path, label: str) -> None:
        message = Content.assemble(
            (one_line(label), "bold"),
            " changed on disk since it was loaded.\n\n",
            ("Reload", "bold"),
            ": read it again and drop this file's unsaved changes.\n",
            ("Overwrite", "bold"),
            ": read the file as it is now and make your changes again on top of it; "
            "the other changes in it, their history among them, are kept.\n",
            ("Cancel", "bold"),
            ": save nothing for now; the changes stay pending.",
        )
        super().__init__(
            "File changed on disk",
            message,
            [("r", "Reload", "reload"), ("o", "Overwrite", "overwrite"), ("c", "Cancel", "cancel")],
        )
        self.path = path
