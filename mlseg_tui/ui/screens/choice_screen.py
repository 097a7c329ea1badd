"""A question with a few answers, each on a key and a button; subclasses bind the keys."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Static

from mlseg_tui.ui.screens.boxed_modal import BoxedModal

# (key shown on the button, button label, value returned); the first answer has focus.
Choice = tuple[str, str, str]


class ChoiceScreen(BoxedModal[str]):
    """Dismisses with the chosen value; escape answers "cancel"."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Escape gives the safe answer; each dialog shows it on that answer's key, listed first.
        Binding("escape", "choose('cancel')", "Cancel", show=False, id="choice.cancel"),
        Binding("left", "app.focus_previous", "Previous answer", show=False, id="choice.left"),
        Binding("right", "app.focus_next", "Next answer", show=False, id="choice.right"),
    ]

    DEFAULT_CSS: ClassVar[str] = """
    #choice-box {
        width: 64;
        max-width: 95%;
        height: auto;
    }

    /* A long message scrolls; the answers stay in view below it. */
    #choice-scroll {
        height: auto;
        max-height: 60vh;
    }

    #choice-message {
        padding: 1 0;
    }

    #choice-buttons {
        height: auto;
        align: center middle;
    }

    #choice-buttons Button {
        margin: 0 1;
    }

    ChoiceScreen.-short #choice-message {
        padding: 0 0 1 0;
    }

    /* Too narrow for the answers side by side: one under the other. */
    ChoiceScreen.-tiny #choice-buttons {
        layout: vertical;
    }

    ChoiceScreen.-tiny #choice-buttons Button {
        width: 100%;
        margin: 0;
    }
    """

    def __init__(self, title: str, message: Content, choices: Sequence[Choice]) -> None:
        super().__init__()
        self._title = title
        self._message = message
        self._choices = list(choices)

    def compose(self) -> ComposeResult:
        with Vertical(id="choice-box", classes="modal-box") as box:
            box.border_title = Content(self._title)
            with VerticalScroll(id="choice-scroll", can_focus=False):
                yield Static(self._message, id="choice-message")
            with Horizontal(id="choice-buttons"):
                for key, label, value in self._choices:
                    yield Button(Content(f"{label} ({key})"), id=f"choice-{value}")

    def on_mount(self) -> None:
        self.query_one(Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss((event.button.id or "").removeprefix("choice-"))

    def action_choose(self, value: str) -> None:
        self.dismiss(value)
