"""Asked before `d` removes the highlighted tool: it names the tool and its file."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content

from mlseg_tui.domain.text import one_line
from mlseg_tui.ui.screens.choice_screen import ChoiceScreen


class RemoveScreen(ChoiceScreen):
    """Dismisses with "remove" or "cancel"."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "choose('cancel')", "Keep it (esc)", id="remove.no"),
        Binding("y", "choose('remove')", "Remove it", id="remove.yes"),
    ]

    def __init__(self, tool_name: str, file_label: str) -> None:
        name = one_line(tool_name)
        message = Content.assemble(
            "Remove ",
            (name, "bold"),
            f" from the catalog? Its table leaves {one_line(file_label)} when you save "
            "(a file left with nothing else goes); u undoes it until then.",
        )
        super().__init__(
            f"Remove {name}?",
            message,
            [("n", "Keep it", "cancel"), ("y", "Remove", "remove")],
        )
