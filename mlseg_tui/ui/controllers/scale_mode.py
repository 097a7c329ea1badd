"""Switching between the segment panes and the scale view (`s`), keeping the highlighted
tool and any search: the scale shows the search's matches, the panes the tool in its
segment."""

from __future__ import annotations

from mlseg_tui.ui.controllers.host import Host
from mlseg_tui.ui.controllers.search import SearchController


class ScaleMode:
    """The `s` key's workflow."""

    def __init__(self, host: Host, search: SearchController) -> None:
        self.host = host
        self.search = search

    def toggle(self) -> None:
        view = self.host.view
        scale = view.scale
        current = view.current_list().current_tool
        result = self.search.last_result if self.search.searching else None
        if not scale.shown:
            scale.shown = True
            if result is not None:
                scale.searched(result, select=current)
            else:
                scale.fill(select=current)
            view.add_class("-scale")
        else:
            scale.shown = False
            view.remove_class("-scale")
            if current is not None:
                pane = view.pane_of(current)
                if view.panes[pane].select_tool(current) or result is None:
                    view.set_active(pane, detail="soon")
        view.focus_now(view.current_list())
        view.show_detail()
