"""The line above the side-by-side panes: the essay's hand-holding scale, heavy to light,
over the panes on it, and "not on the scale" over the others."""

from __future__ import annotations

from rich.cells import cell_len
from textual.content import Content
from textual.widget import Widget

HEAVY = "◀ heavy: more hand-holding"
LIGHT = "lighter, narrower ▶"
SHORT_HEAVY, SHORT_LIGHT = "◀ heavy", "light ▶"
RULE = "─"
OFF_SCALE = "not on the scale"


def axis_text(width: int) -> str:
    """The axis, exactly `width` cells: its ends named, a rule between them."""
    for heavy, light in ((HEAVY, LIGHT), (SHORT_HEAVY, SHORT_LIGHT), ("◀", "▶")):
        room = width - cell_len(heavy) - cell_len(light) - 2
        if room >= 3:
            return f"{heavy} {RULE * room} {light}"
    return "◀" + RULE * max(0, width - 2) + "▶" if width >= 2 else RULE * width


def off_scale_text(width: int) -> str:
    """`OFF_SCALE` centred in `width` cells (cut when it does not fit)."""
    label = OFF_SCALE if cell_len(OFF_SCALE) <= width - 2 else "off"
    if cell_len(label) > width:
        return " " * width
    left = (width - cell_len(label)) // 2
    return " " * left + label + " " * (width - left - cell_len(label))


class ScaleAxis(Widget):
    """One line: the axis over the first `split` cells (the panes on the scale), the
    note "not on the scale" over the rest. The main screen sets the split from where the
    panes fall once they are laid out."""

    DEFAULT_CSS = """
    ScaleAxis {
        height: 1;
        width: 100%;
        background: $panel;
        color: $text-muted;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._split: int | None = None  # None: every pane is on the scale

    def set_split(self, split: int | None) -> None:
        """The column where the panes off the scale begin (None: there are none)."""
        if split != self._split:
            self._split = split
            self.refresh()

    def render(self) -> Content:
        width = self.size.width
        split = width if self._split is None else max(0, min(self._split, width))
        axis = Content.styled(axis_text(split), "$text-muted") if split else Content("")
        rest = off_scale_text(width - split)
        return Content.assemble(axis, (rest, "italic $text-muted"))
