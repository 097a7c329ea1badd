"""The row of segment panes, which says when the layout gave it a new size."""

from __future__ import annotations

from collections.abc import Callable

from textual import events
from textual.containers import Horizontal


class PaneRow(Horizontal):
    """The panes' row: calls `resized` once the layout has given it a new size.

    A terminal resize reaches the app before the layout settles (breakpoint classes
    restyle the screen after it), so pane titles fitted then can be fitted to a width
    that is already gone; the row's own resize comes with the width the panes got.
    """

    def __init__(self, resized: Callable[[], object], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._resized = resized

    def on_resize(self, event: events.Resize) -> None:
        self._resized()
