"""A search's answer on screen: each pane's matches, the detail's marked words, the
scale list, the status line, and what the bar says of a term it cannot use."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mlseg_tui.domain.text import one_line, plural
from mlseg_tui.ui.controllers.host import Host
from mlseg_tui.ui.widgets.detail import DetailPanel

if TYPE_CHECKING:
    from mlseg_tui.search.result import SearchResult
    from mlseg_tui.ui.widgets.search_bar import SearchBar


def show_result(
    host: Host,
    bar: SearchBar,
    query: str,
    result: SearchResult,
    rows: dict[str, list[int]],
) -> None:
    """Show `result` of `query` (`rows`: each segment's matches); the caller highlights
    the current match."""
    view = host.view
    # A bad facet term says why in every pane, and the detail shows it in full.
    empty = one_line(result.error) if result.error else f"No tools match '{one_line(query)}'"
    for pane in view.panes:
        pane.empty_message = empty
        pane_rows = rows.get(pane.segment_id, [])
        pane.set_rows(
            pane_rows,
            result.match_of,
            result.words,  # names are highlighted for the words, not the facets
            select=pane_rows[0] if pane_rows else None,
            scrollbar_later=True,
        )
    view.query_one(DetailPanel).set_words(result.words)
    if view.scale.shown:
        view.scale.searched(result)
    count = len(result)
    bar.show_status(plural(count, "match") if count else f"No tools match '{one_line(query)}'")
    bar.show_problem(one_line(result.error or "; ".join(result.notes)))
    view.refresh_titles()
