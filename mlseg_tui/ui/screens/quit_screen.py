"""Asked on quit while changes are unsaved: save, discard or stay."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content

from mlseg_tui.domain.text import plural
from mlseg_tui.ui.screens.choice_screen import ChoiceScreen


class QuitScreen(ChoiceScreen):
    """Dismisses with "save", "discard" or "cancel"."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "choose('cancel')", "Stay (esc)", id="quit.cancel"),
        Binding("s", "choose('save')", "Save, then quit", id="quit.save"),
        Binding("d", "choose('discard')", "Quit unsaved", id="quit.discard"),
    ]

    def __init__(self, pending: int) -> None:
        changes = plural(pending, "unsaved change")
        super().__init__(
            "Unsaved changes",
            Content(f"{changes}. Save {'them' if pending != 1 else 'it'} before quitting?"),
            [("s", "Save", "save"), ("d", "Discard", "discard"), ("c", "Cancel", "cancel")],
        )
