"""The command palette: the app's actions, every bundled theme, and tool names (choosing
a tool jumps to it); facet terms narrow the tools as in the search bar."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable, Iterator, Sequence
from functools import partial
from typing import TYPE_CHECKING, Protocol, cast

from textual.app import App, SystemCommand
from textual.command import Hit, Hits, Provider
from textual.content import Content

from mlseg_tui.domain.text import one_line

if TYPE_CHECKING:
    from mlseg_tui.domain.model import Catalog, Tool
    from mlseg_tui.domain.placement import Placement
    from mlseg_tui.search.index import SearchIndex

# Command-palette entries for the app's actions: (title, help, action).
PALETTE_ACTIONS: tuple[tuple[str, str, str], ...] = (
    ("Search tools", "Filter every pane as you type", "search_open"),
    ("Help: every key", "List every key binding, by where it works (?)", "help"),
    ("Problems", "List the catalog's problems (FILE:LINE:COL)", "problems"),
    (
        "Review placements",
        "Disagreements with the criteria, unanswered criteria, stale reasoning, tentative",
        "review",
    ),
    (
        "Scale view",
        "Every tool along the heavy-light axis by its score, or back to the panes",
        "scale",
    ),
    ("Next pane", "Focus the segment to the right", "pane(1)"),
    ("Previous pane", "Focus the segment to the left", "pane(-1)"),
    ("Details", "Focus the detail panel to scroll it", "focus_detail"),
    ("Zoom the detail", "The detail on the whole screen, or back (z, esc)", "zoom_detail"),
    ("Move tool…", "Move the highlighted tool to another segment", "move_pick"),
    (
        "Move tool left",
        "Move the highlighted tool one pane left: a step heavier on the scale",
        "move_by(-1)",
    ),
    (
        "Move tool right",
        "One pane right: a step lighter, past the light end off the scale (Other)",
        "move_by(1)",
    ),
    ("Add tool…", "Add a tool to the highlighted segment (a)", "tool_add"),
    ("Edit tool…", "Edit the highlighted tool's fields, rename it (e)", "tool_edit"),
    ("Remove tool…", "Remove the highlighted tool from the catalog (d)", "tool_remove"),
    ("Undo", "Take back the latest edit: add, edit, move or removal (u)", "undo"),
    ("Redo", "Apply the latest undone edit again (ctrl+r)", "redo"),
    ("Save", "Write the pending changes to the catalog files (ctrl+s)", "save"),
    ("Reload changed files", "Re-read files changed on disk, load new ones", "reload_changed"),
    ("Quit mlseg-tui", "Leave the browser", "quit_guarded"),
)
# Textual's own entries, renamed so that no two entries share a name, or dropped: its
# "Quit" leaves at once, where "Quit mlseg-tui" asks about unsaved changes first.
TEXTUAL_RENAMED = {"Keys": "Key panel", "Theme": "Theme picker"}
TEXTUAL_DROPPED = frozenset({"Quit"})
THEME_PREFIX = "Theme: "


def system_commands(
    app: App[object], inherited: Iterable[SystemCommand]
) -> Iterator[SystemCommand]:
    """Every palette entry that is not a tool: Textual's (renamed), the app's actions, and
    one entry a theme ("Theme: dracula"), which switches to it (and so is remembered)."""
    for command in inherited:
        if command.title not in TEXTUAL_DROPPED:
            yield command._replace(title=TEXTUAL_RENAMED.get(command.title, command.title))
    for title, help_text, action in PALETTE_ACTIONS:
        yield SystemCommand(title, help_text, partial(app.run_action, action))
    for name in sorted(app.available_themes):
        yield SystemCommand(
            THEME_PREFIX + name,
            f"Switch to the {name} theme; it is kept for the next start",
            partial(setattr, app, "theme", name),
        )


# The palette shows a screenful; more hits only cost time on a large catalog.
MAX_HITS = 30
# While the search index is being built, a query waits this long for it (without holding
# up the event loop), then yields nothing; the next keystroke searches again.
INDEX_WAIT_SECONDS = 3.0
INDEX_POLL_SECONDS = 0.02


class ToolFinder(Protocol):
    """What the provider needs of the app."""

    @property
    def catalog(self) -> Catalog: ...

    @property
    def tools(self) -> Sequence[Tool]: ...

    @property
    def placement(self) -> Placement:
        """Where each tool sits now (the `seg:` and `disagree:` facets read it)."""
        ...

    def ready_index(self) -> SearchIndex | None:
        """The search index if it is built; else None at once (and a build under way)."""
        ...

    def jump_to_tool(self, tool_index: int) -> None: ...

    def search_for(self, query: str) -> None:
        """Open the search bar with `query` in it."""
        ...


async def index_when_ready(finder: ToolFinder) -> SearchIndex | None:
    """The search index once built, waiting at most INDEX_WAIT_SECONDS without blocking."""
    deadline = time.monotonic() + INDEX_WAIT_SECONDS
    index = finder.ready_index()
    while index is None and time.monotonic() < deadline:
        await asyncio.sleep(INDEX_POLL_SECONDS)
        index = finder.ready_index()
    return index


class ToolCommands(Provider):
    """Yields the catalog's tools that match the palette's query, best first."""

    async def search(self, query: str) -> Hits:
        finder = cast("ToolFinder", self.app)
        index = await index_when_ready(finder)
        if index is None:
            return  # still building (or a preview, whose tool indices would not last)
        # The placement, so that `seg:` and `disagree:` work here as in the search bar.
        result = index.search(query, finder.placement)
        said_lines = [said for said in (result.error, *result.notes) if said]
        if said_lines and self._finds_a_command(query):
            # "theme: nord" is a command's name, not a facet the user got wrong.
            said_lines = []
        for said in said_lines:
            if said:
                # What the palette did not understand, as the search bar says it; choosing
                # it opens the search bar with the query, where it can be fixed.
                yield Hit(
                    score=1.0,
                    match_display=Content.assemble(("Not understood: ", "bold"), one_line(said)),
                    command=partial(finder.search_for, query),
                    text=f"Not understood: {one_line(said)}",
                    help=Content("Open the search bar with this query"),  # type: ignore[arg-type]
                )
        matches = result.first(MAX_HITS)  # Matches are made for these only
        count = len(matches)
        catalog = finder.catalog
        for rank, match in enumerate(matches):
            tool = finder.tools[match.tool_index]
            name = one_line(tool.name)
            where = one_line(catalog.segment_title(tool.segment))
            alias = f"  ({one_line(match.key)})" if match.key_is_alias else ""
            yield Hit(
                # Best first, and always above a weak command match.
                score=1.0 - rank / (count * 2),
                match_display=Content.assemble("Go to tool: ", (name, "bold"), alias),
                command=partial(finder.jump_to_tool, match.tool_index),
                text=f"Go to tool: {name}",
                help=Content(f"in {where}"),  # type: ignore[arg-type]  # Content is not parsed
            )

    def _finds_a_command(self, query: str) -> bool:
        """Whether the palette lists a command (an action, a theme) for `query`."""
        matcher = self.matcher(query)
        commands = self.app.get_system_commands(self.screen)
        return any(matcher.match(command.title) > 0 for command in commands)
