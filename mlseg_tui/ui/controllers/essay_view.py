"""The essay view: the map as the 2020 essay posted it (its tools only), or as it is today."""

from __future__ import annotations

from mlseg_tui.domain.model import Tool
from mlseg_tui.ui.controllers.host import Host
from mlseg_tui.ui.controllers.search import SearchController


def in_essay(tool: Tool) -> bool:
    """A tool the 2020 essay listed (tools added later have no essay fields)."""
    return tool.essay is not None


class EssayView:
    """Which view is shown; the catalog's Placement hides the later tools in the essay's."""

    def __init__(self, app: Host, search: SearchController) -> None:
        self.app = app
        self.search = search
        self.shown = False

    def apply(self) -> None:
        """Hide or show the later tools in the session's placement (a new session too)."""
        self.app.session.placement.show_only(in_essay if self.shown else None)

    def toggle(self) -> None:
        app = self.app
        if app.tools_changing():
            return
        self.search.close(None)
        self.shown = not self.shown
        self.apply()
        app.view.fill_panes(app.view.cursors(), app.view.active)
        app.show_unsaved()
