"""Re-reading files while the browser runs: the save's reload and overwrite, and `R`.

The store re-reads on a thread and meanwhile changes the catalog's list of tools, which
the panes index into. So first the screen is held: any search ends (the one search
teardown, as when a search is closed) and the panes draw from a copy of the list. Once
the thread is done the panes show the new list, the highlighted tools kept in view, and
the search index is rebuilt, and the catalog's problems are validated again.
"""

from __future__ import annotations

from mlseg_tui.ui.controllers.host import Host
from mlseg_tui.ui.controllers.problems import ProblemList
from mlseg_tui.ui.controllers.search import SearchController
from mlseg_tui.ui.screens.main_screen import Selection


class Rereads:
    """Holds the screen still while files are re-read (`hold`), and shows them (`done`)."""

    def __init__(self, host: Host, search: SearchController, problems: ProblemList) -> None:
        self.host = host
        self.search = search
        self.problems = problems
        self.held = False

    def hold(self) -> None:
        """Before a thread re-reads files (again no-op while held)."""
        if self.held:
            return
        view = self.host.view
        active, cursors = view.active, view.cursors()
        self.search.teardown()
        self.held = True
        view.show_tools(list(self.host.tools))
        view.fill_panes(cursors, active)
        view.focus_now(view.current_list())

    def done(self, selection: Selection) -> None:
        """The files were re-read: tool indices moved, so panes and index are rebuilt."""
        self.held = False
        self.host.view.restore(selection)
        self.search.use(self.host.tools)
        self.problems.recheck()  # what the files hold now, as `validate` sees it
