"""Command-palette provider: tool names are searchable; choosing one jumps to the tool."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import Hit, Hits, Provider
from textual.content import Content

from mlseg_tui.domain.text import one_line

if TYPE_CHECKING:
    from mlseg_tui.ui.app import CatalogApp

# The palette shows a screenful; more hits only cost time on a large catalog.
MAX_HITS = 30


class ToolCommands(Provider):
    """Yields the catalog's tools that match the palette's query, best first."""

    async def search(self, query: str) -> Hits:
        app = cast("CatalogApp", self.app)
        if app.loading is not None:
            return  # a preview's tool indices would not survive the full load
        result = app.search_index().search(query)
        matches = result.first(MAX_HITS)  # Matches are made for these only
        count = len(matches)
        for rank, match in enumerate(matches):
            tool = app.tools[match.tool_index]
            name = one_line(tool.name)
            try:
                where = one_line(app.catalog.segment(tool.segment).title)
            except KeyError:
                where = one_line(tool.segment)
            alias = f"  ({one_line(match.key)})" if match.key_is_alias else ""
            yield Hit(
                # Best first, and always above a weak command match.
                score=1.0 - rank / (count * 2),
                match_display=Content.assemble("Go to tool: ", (name, "bold"), alias),
                command=partial(app.jump_to_tool, match.tool_index),
                text=f"Go to tool: {name}",
                help=Content(f"in {where}"),  # type: ignore[arg-type]  # Content is not parsed
            )
