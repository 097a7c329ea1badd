"""The narrow layouts' pane switcher: every segment with its count, in the panes' order,
along the hand-holding scale ("heavy ◀ ... ▶ light") with the segments off it after."""

from __future__ import annotations

from rich.cells import cell_len
from textual.content import Content
from textual.style import Style
from textual.widgets import Static

SEPARATOR = " │ "
HEAVY, LIGHT = "heavy ◀", "▶ light"
OFF_SCALE = "┆"

# One piece of the strip: its text, and the pane it shows when clicked (None: a marker).
Piece = tuple[str, int | None]


class TabStrip(Static):
    """Shows every pane's title and count; the active one stands out. Click a tab to show it.

    Tabs that do not fit on one line wrap between tabs, never inside one; on a short
    screen, where a second line costs a row of tools, the tabs shrink to their numbers
    (the number keys show the panes).
    """

    DEFAULT_CSS = """
    TabStrip {
        height: auto;
        padding: 0 1;
        background: $panel;
    }
    """

    def __init__(
        self,
        titles: list[tuple[str, str]],
        active: int,
        on_scale: int | None = None,
        *,
        id: str | None = None,
    ) -> None:
        """`on_scale`: how many of the first panes sit on the scale (None: all)."""
        super().__init__(id=id)
        self._titles = titles
        self._active = active
        self._on_scale = len(titles) if on_scale is None else on_scale
        self._drawn = False  # hidden in the wide layout: drawn once it is shown
        self._plain = ""
        self._drawn_active = -1

    def show_tabs(self, titles: list[tuple[str, str]], active: int) -> None:
        """`titles` holds (segment title, count) per pane."""
        if (titles, active) == (self._titles, self._active) and self._drawn:
            return
        self._titles = titles
        self._active = active
        self._drawn = False
        if self.display:
            self._render_tabs()

    def on_mount(self) -> None:
        self._render_tabs()  # part of the first frame in the narrow layouts

    def on_resize(self) -> None:
        # After the layout pass: a height change requested inside it would be lost.
        self.call_after_refresh(self._render_tabs)

    def on_show(self) -> None:
        self.call_after_refresh(self._render_tabs)

    def _pieces(self, labels: list[str]) -> list[Piece]:
        """The labels with the scale's ends marked around the panes on it."""
        split = self._on_scale
        pieces: list[Piece] = []
        if split:
            pieces.append((HEAVY, None))
            pieces += [(label, index) for index, label in enumerate(labels[:split])]
            pieces.append((LIGHT, None))
        if split < len(labels):
            if split:
                pieces.append((OFF_SCALE, None))
            pieces += [(label, split + i) for i, label in enumerate(labels[split:])]
        return pieces

    def _fitting(self, width: int) -> list[Piece]:
        """The longest labels whose pieces fit on one line (on a short screen, the numbers
        if nothing else fits); else the shortest, which wrap."""
        titles = self._titles
        choices = [
            [f" {name} · {count} " for name, count in titles],
            # The first word of each title is enough to tell them apart.
            [f" {name.split()[0] if name.split() else name} {count} " for name, count in titles],
        ]
        for labels in choices:
            pieces = self._pieces(labels)
            if _line_width(pieces) <= width:
                return pieces
        if self.screen.has_class("-short"):
            return self._pieces([f" {number} " for number in range(1, len(titles) + 1)])
        return self._pieces(choices[-1])

    def _render_tabs(self) -> None:
        # Before the first layout the strip has no size yet: it spans the screen less padding.
        width = self.content_region.width or max(1, self.app.size.width - 2)
        parts: list[str | tuple[str, Style]] = []
        used = 0
        previous: int | None = None
        for number, (text, pane) in enumerate(self._fitting(width)):
            if number:
                gap = SEPARATOR if pane is not None and previous is not None else " "
                if used + len(gap) + cell_len(text) > width:
                    parts.append("\n")
                    used = 0
                else:
                    parts.append(gap)
                    used += len(gap)
            if pane is None:
                parts.append((text, Style(dim=True)))
            else:
                click = Style.from_meta({"@click": f"app.show_pane({pane})"})
                active = pane == self._active
                parts.append(
                    (text, (Style(bold=True, reverse=True) if active else Style()) + click)
                )
            used += cell_len(text)
            previous = pane
        content = Content.assemble(*parts)
        if not self._drawn or content.plain != self._plain or self._active != self._drawn_active:
            self.update(content)
        self._plain = content.plain
        self._drawn_active = self._active
        self._drawn = True


def _line_width(pieces: list[Piece]) -> int:
    """The cells `pieces` take on one line, with their separators."""
    width = 0
    previous: int | None = None
    for number, (text, pane) in enumerate(pieces):
        if number:
            width += len(SEPARATOR) if pane is not None and previous is not None else 1
        width += cell_len(text)
        previous = pane
    return width
