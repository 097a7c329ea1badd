"""One line naming all four segments with their counts; the narrow layout's pane switcher."""

from __future__ import annotations

from rich.cells import cell_len
from textual.content import Content
from textual.style import Style
from textual.widgets import Static

SEPARATOR = " │ "


class TabStrip(Static):
    """Shows every pane's title and count; the active one stands out. Click a tab to show it.

    Tabs that do not fit on one line wrap between tabs, never inside one.
    """

    DEFAULT_CSS = """
    TabStrip {
        height: auto;
        padding: 0 1;
        background: $panel;
    }
    """

    def __init__(
        self, titles: list[tuple[str, str]], active: int, *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self._titles = titles
        self._active = active
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

    def _render_tabs(self) -> None:
        # Before the first layout the strip has no size yet: it spans the screen less padding.
        width = self.content_region.width or max(1, self.app.size.width - 2)
        labels = [f" {name} · {count} " for name, count in self._titles]
        if sum(map(cell_len, labels)) + len(SEPARATOR) * (len(labels) - 1) > width:
            # Too narrow for one line: the first word of each title is enough to tell them apart.
            labels = [
                f" {name.split()[0] if name.split() else name} {count} "
                for name, count in self._titles
            ]
        parts: list[str | tuple[str, Style]] = []
        used = 0
        for index, label in enumerate(labels):
            if index:
                if used + len(SEPARATOR) + cell_len(label) > width:
                    parts.append("\n")
                    used = 0
                else:
                    parts.append(SEPARATOR)
                    used += len(SEPARATOR)
            click = Style.from_meta({"@click": f"app.show_pane({index})"})
            style = Style(bold=True, reverse=True) if index == self._active else Style()
            parts.append((label, style + click))
            used += cell_len(label)
        content = Content.assemble(*parts)
        if not self._drawn or content.plain != self._plain or self._active != self._drawn_active:
            self.update(content)
        self._plain = content.plain
        self._drawn_active = self._active
        self._drawn = True
