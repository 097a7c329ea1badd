"""Asked at start when a session of this catalog ended with changes unsaved (a recovery
file, `store.recovery`): make them again, discard them, or decide later."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content

from mlseg_tui.domain.text import one_line, plural
from mlseg_tui.ui.screens.choice_screen import ChoiceScreen

SHOWN_NAMES = 5


class RecoveryScreen(ChoiceScreen):
    """Dismisses with "apply", "discard" or "cancel" (later)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("l", "choose('cancel')", "Later, kept (esc)", id="recovery.later"),
        Binding("a", "choose('apply')", "Re-apply them", id="recovery.apply"),
        Binding("d", "choose('discard')", "Discard them", id="recovery.discard"),
    ]

    def __init__(self, ended: str, changes: int, names: list[str]) -> None:
        shown = ", ".join(one_line(name) for name in names[:SHOWN_NAMES])
        more = len(names) - SHOWN_NAMES
        if more > 0:
            shown += f" and {plural(more, 'other')}"
        message = Content.assemble(
            "The browser was stopped on ",
            (one_line(ended.replace("T", " ")), "bold"),
            f" with {plural(changes, 'unsaved change')} of this catalog ({shown}).\n\n",
            ("Re-apply", "bold"),
            ": make them again now; they can be undone, and ctrl+s saves them.\n",
            ("Discard", "bold"),
            ": forget them for good.\n",
            ("Later", "bold"),
            ": keep them; the next start asks again.",
        )
        super().__init__(
            "Changes from a stopped session",
            message,
            [("a", "Re-apply", "apply"), ("d", "Discard", "discard"), ("l", "Later", "cancel")],
        )
