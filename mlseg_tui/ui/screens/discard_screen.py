"""Asked when a form with typed changes is cancelled: throw them away or keep editing."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content

from mlseg_tui.ui.screens.choice_screen import ChoiceScreen


class DiscardScreen(ChoiceScreen):
    """Dismisses with "discard" or "cancel" (keep editing)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("k", "choose('cancel')", "Keep editing (esc)", id="discard.keep"),
        Binding("d", "choose('discard')", "Discard it", id="discard.discard"),
    ]

    def __init__(self) -> None:
        super().__init__(
            "Discard changes?",
            Content("The form holds changes that were typed. Close it without them?"),
            [("k", "Keep editing", "cancel"), ("d", "Discard", "discard")],
        )
