"""One line asking why a tool moves: enter accepts (even empty), escape cancels the move."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Static

from mlseg_tui.domain.text import one_line
from mlseg_tui.ui.screens.boxed_modal import BoxedModal
from mlseg_tui.ui.widgets.text_field import TextField


class ReasonPrompt(BoxedModal[str | None]):
    """Dismisses with the reason typed (maybe ""), or None when the move is cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel the move", id="reason.cancel"),
    ]

    DEFAULT_CSS: ClassVar[str] = """
    #reason-box {
        width: 64;
        max-width: 95%;
        height: auto;
    }

    #reason-label {
        color: $text-muted;
        padding: 1 0 0 0;
    }

    #reason-input {
        margin: 1 0 0 0;
    }

    ReasonPrompt.-short #reason-label,
    ReasonPrompt.-short #reason-input {
        padding: 0;
        margin: 0;
    }

    ReasonPrompt.-short #reason-input {
        height: 1;
        border: none;
    }
    """

    def __init__(self, tool_name: str, from_title: str, to_title: str) -> None:
        super().__init__()
        # The segments go in the body, which wraps: a title is cut on a narrow screen.
        self._title = f"Move {one_line(tool_name)}"
        self._move = f"{one_line(from_title)} → {one_line(to_title)}"

    def compose(self) -> ComposeResult:
        with Vertical(id="reason-box", classes="modal-box") as box:
            box.border_title = Content(self._title)
            box.border_subtitle = "enter moves · esc cancels"
            yield Static(
                Content.assemble(
                    (self._move, "bold"),
                    "\nWhy? It becomes the tool's reasoning (empty keeps the old one).",
                ),
                id="reason-label",
            )
            yield TextField(placeholder="reason (optional)", id="reason-input")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
