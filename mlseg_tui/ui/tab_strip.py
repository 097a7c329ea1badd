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

    def __init__(
        self, titles: list[tuple[str, str]], active: int, *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self._titles = titles
        self._active = active
        self._drawn = False  # hidden in the wide layout: drawn once it is shown

    def show_tabs(self, titles: list[tuple[str, str]], active: int) -> None:
        """`titles` holds (segment title, count) per pane."""
        if (titles, active) == (self._titles, self._active) and self._drawn:
            return
        self._titles = titles
        self._active = active
        self._drawn = False
        if self.display:
            self._render_tabs()

    def on_resize(self) -> None:
        self._render_tabs()

    def on_show(self) -> None:
        self._render_tabs()

    def _render_tabs(self) -> None:
        width = self.content_region.width or 80
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
        self.update(Content.assemble(*parts))
        self._drawn = True
