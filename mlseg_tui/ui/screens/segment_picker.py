"""The `m` picker: choose the segment to move the highlighted tool to."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from mlseg_tui.domain.model import Segment
from mlseg_tui.domain.text import one_line
from mlseg_tui.ui.screens.boxed_modal import BoxedModal


class SegmentPicker(BoxedModal[str | None]):
    """Dismisses with the chosen segment id, or None when cancelled.

    The number keys pick the segments in the panes' order (the scale's), whatever the
    tool's segment.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        # Off the key bar: the box's own hint says which numbers this catalog has.
        *(
            Binding(
                str(n),
                f"pick({n - 1})",
                "Pick the segment of that number",
                show=False,
                id=f"picker.{n}",
            )
            for n in range(1, 10)
        ),
        Binding("escape", "cancel", "Cancel the move", id="picker.cancel"),
    ]

    DEFAULT_CSS: ClassVar[str] = """
    #picker-box {
        width: 64;
        max-width: 95%;
        height: auto;
    }

    #picker-options {
        height: auto;
        border: none;
        padding: 0;
    }

    #picker-hint {
        width: 100%;
        color: $text-muted;
        padding: 1 0 0 0;
    }

    /* A short screen keeps its lines for the segments. */
    SegmentPicker.-short #picker-hint {
        display: none;
    }
    """

    def __init__(self, tool_name: str, segments: Sequence[Segment], current: str) -> None:
        super().__init__()
        self._tool_name = tool_name
        self._segments = list(segments)
        self._current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-box", classes="modal-box") as box:
            box.border_title = Content(f"Move {one_line(self._tool_name)} to")
            box.border_subtitle = f"1-{len(self._segments)} or ↑↓ enter · esc cancels"
            options = []
            for number, segment in enumerate(self._segments, start=1):
                here = "  (current)" if segment.id == self._current else ""
                prompt = Content.assemble(
                    (f"{number}  ", "bold"), one_line(segment.title), (here, "$text-muted")
                )
                options.append(Option(prompt, id=segment.id))
            picker = OptionList(*options, id="picker-options")
            ids = [segment.id for segment in self._segments]
            picker.highlighted = ids.index(self._current) if self._current in ids else 0
            yield picker
            yield Static(Content("The tool's history records each move."), id="picker-hint")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_pick(self, index: int) -> None:
        if 0 <= index < len(self._segments):
            self.dismiss(self._segments[index].id)

    def action_cancel(self) -> None:
        self.dismiss(None)
