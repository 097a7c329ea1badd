"""The whole catalog, loaded on a thread after the first frame showed a preview of it.

A catalog of many files opens on its first files (`catalog.preview`); until the full
load replaces them nothing may be searched, moved or saved (the app says so). Once it is
in, every pane shows all its tools, each pane keeping its highlighted tool.
"""

from __future__ import annotations

import contextlib

from rich.text import Text

from mlseg_tui.domain.text import one_line
from mlseg_tui.ui.controllers.host import Host
from mlseg_tui.ui.controllers.search import SearchController
from mlseg_tui.ui.messages import CatalogLoaded


class FullLoad:
    """Starts the load (`start`) and puts its result in place (`finished`)."""

    def __init__(self, host: Host, search: SearchController) -> None:
        self.host = host
        self.search = search

    def start(self) -> None:
        self.host.run_worker(
            self._load, thread=True, group="load", exit_on_error=False, description="full load"
        )

    def _load(self) -> None:
        from mlseg_tui.catalog.load import CatalogNotFound, load_catalog

        root = self.host.catalog.root
        try:
            message = CatalogLoaded(load_catalog(root))
        except (CatalogNotFound, OSError) as error:
            message = CatalogLoaded(None, one_line(str(error)))
        with contextlib.suppress(RuntimeError):  # the event loop closed meanwhile
            self.host.post_message(message)

    def finished(self, message: CatalogLoaded) -> None:
        """Replace the preview with the whole catalog, keeping the highlighted tools; or
        leave with an error (status 1, the reason on stderr) when it could not be read."""
        host = self.host
        result = message.result
        if result is None or result.catalog is None:
            errors = result.errors if result is not None else []
            problems = "; ".join(one_line(str(problem)) for problem in errors[:3])
            # The reason is user text (file names, parser messages): never markup.
            reason = Text(f"The catalog could not be loaded: {message.error or problems}")
            host.exit(return_code=1, message=reason)
            return
        where = {
            (tool.source.path, tool.source.index): index
            for index, tool in enumerate(result.catalog.tools)
        }
        view = host.view

        def in_full(index: int | None) -> int | None:
            tool = view.tool_at(index)
            return None if tool is None else where.get((tool.source.path, tool.source.index))

        active, cursors = view.active, [in_full(index) for index in view.cursors()]
        self.search.remap(in_full)  # where escape returns to, from an open search
        host.open_catalog(result)
        view.set_catalog(host.catalog, host.session.placement)
        view.fill_panes(cursors, active)
        view.show_detail(changed=True)
        host.refresh_bindings()
        host.catalog_in()
