"""Search in the browser: the query filters every pane, best first; up and down step
through the matches across panes; enter jumps to one; escape puts the panes back.

Up to INLINE_SEARCH_TOOLS tools a query is searched in the handler that changes the
field, so one frame shows field and panes; above, on a thread. Each query has a
generation, and an answer for an older one is dropped. A step or enter that comes before
the answer to the text typed so far is kept and done once that answer is shown, so keys
act in the order they came without the event loop waiting for a thread.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING

from textual.widgets import Input

from mlseg_tui.domain.model import Tool
from mlseg_tui.ui.controllers.host import Host
from mlseg_tui.ui.controllers.search_index import IndexKeeper
from mlseg_tui.ui.controllers.search_results import show_result
from mlseg_tui.ui.messages import SearchDone
from mlseg_tui.ui.widgets.detail import DetailPanel

if TYPE_CHECKING:
    from mlseg_tui.search.result import SearchResult
    from mlseg_tui.ui.screens.main_screen import MainScreen

# Up to this many tools a query is searched on the event loop, at once; above, on a thread.
INLINE_SEARCH_TOOLS = 20_000
# A search thread waits this long at most for an index still being built.
THREAD_WAITS_FOR_INDEX = 60.0


class SearchController:
    """The search field's workflow: open, query, step, jump, close."""

    def __init__(self, host: Host) -> None:
        self.host = host
        self.index = IndexKeeper(host)
        self.searching = False
        self.text = ""
        # The applied search's result (None: no search shown); its Matches are made only
        # for the rows drawn and the match stepped to.
        self.last_result: SearchResult | None = None
        self._generation = 0
        self._applied_generation = 0
        self._match_pos = 0
        # Steps and an enter that came before the answer to the text typed: done with it.
        self._pending_steps = 0
        self._pending_jump = False
        # Before the search: the active pane and each pane's highlighted tool.
        self._saved: tuple[int, list[int | None]] | None = None

    @property
    def view(self) -> MainScreen:
        return self.host.view

    def _set_text(self, text: str) -> None:
        self.text = text
        self.view.query_text = text  # pane titles count "shown/total" while it is set

    # --- opening and typing -----------------------------------------------------------

    async def open(self) -> None:
        """Show the search bar and focus its field (a search already open stays as is)."""
        view = self.view
        bar = await view.mount_search_bar()
        bar.input.on_text = self._field_changed
        if not self.searching:
            self._saved = (view.active, view.cursors())
            self.searching = True
            view.add_class("-searching")
            bar.show_status("")
            bar.show_problem("")
        view.focus_now(bar.input)

    async def open_with(self, query: str) -> None:
        """Open the search bar with `query` in its field, searched."""
        await self.open()
        bar = self.view.search_bar()
        if bar is not None:
            bar.input.value = query
            bar.input.cursor_position = len(query)

    def _field_changed(self, value: str) -> None:
        """The field's text, as it changes (the field is also cleared when a search ends)."""
        if self.searching:
            self.set_query(value)

    def set_query(self, query: str) -> None:
        view = self.view
        bar = view.search_bar()
        assert bar is not None  # typing into it mounted it
        self._set_text(query)
        self._generation += 1
        self._pending_steps = 0  # new text: its best match first, as its answer will show
        if not query.strip():
            self._set_text("")
            self._applied_generation = self._generation
            self.last_result = None
            self._match_pos = 0
            bar.show_status("")
            bar.show_problem("")
            active, cursors = self._saved or (view.active, view.cursors())
            view.fill_panes(cursors, active, typing=True)
            return
        if self.host.tools_changing():
            # The tool indices would not survive the load or reload: search once it is in.
            bar.show_status("when loaded…")
            return
        index = self.index.built
        if index is not None and len(self.host.tools) <= INLINE_SEARCH_TOOLS:
            # Quick enough to answer at once: the panes then change in the same frame as
            # the field, where a thread would show them a frame later.
            result = index.search(query, self.host.session.placement)
            self._apply(self._generation, query, result, self._rows(result))
            return
        self.index.start()  # (the thread waits for it)
        self.host.run_worker(
            partial(self._search_on_thread, self._generation, query),
            thread=True,
            exclusive=True,
            group="search",
            exit_on_error=False,
            description="search",
        )

    def _search_on_thread(self, generation: int, query: str) -> None:
        index = self.index.wait(THREAD_WAITS_FOR_INDEX)
        if index is None or generation != self._generation:
            return
        result = index.search(query, self.host.session.placement)
        if generation != self._generation:
            return  # a newer query is on its way; never show a stale result
        rows = self._rows(result)
        with contextlib.suppress(RuntimeError):  # the event loop closed meanwhile
            self.host.post_message(SearchDone(generation, query, result, rows))

    def found(self, message: SearchDone) -> None:
        """A search thread's answer, on the event loop."""
        self._apply(message.generation, message.query, message.result, message.rows)

    def _rows(self, result: SearchResult) -> dict[str, list[int]]:
        """The tool indices of each segment's matches, best first (no Match is made)."""
        return result.tools_by_segment(self.host.session.placement)

    def _apply(
        self, generation: int, query: str, result: SearchResult, rows: dict[str, list[int]]
    ) -> None:
        view = self.view
        bar = view.search_bar()
        if generation != self._generation or not self.searching or bar is None:
            return
        self._applied_generation = generation
        self.last_result = result
        self._match_pos = max(0, min(self._pending_steps, len(result) - 1))
        self._pending_steps = 0
        show_result(self.host, bar, query, result, rows)
        self._show_match(typing=True)
        if self._pending_jump:
            self._pending_jump = False
            self.jump()

    def _ensure_current(self) -> bool:
        """Bring the result up to date at once where the index is built (a key came before
        the thread answered); False when the answer is still to come."""
        if not self.text.strip() or self._applied_generation == self._generation:
            return True
        index = None if self.host.tools_changing() else self.index.built
        if index is None:
            return False  # being built, or the tools are loading: the answer comes later
        result = index.search(self.text, self.host.session.placement)
        self._apply(self._generation, self.text, result, self._rows(result))
        return True

    def _show_match(self, typing: bool = False) -> None:
        """Highlight the current match; `typing` when a keystroke in the query led here."""
        view = self.view
        result = self.last_result
        if not result:
            if typing:
                view.show_detail_after_typing()
            else:
                view.show_detail()
            return
        tool_index = result.tool_at(self._match_pos)
        pane = view.pane_of(tool_index)
        view.panes[pane].select_tool(tool_index)
        view.scale.list.select_tool(tool_index)  # (drawn only while the scale shows)
        view.set_active(pane, detail="after typing" if typing else "soon")

    # --- keys in the search -----------------------------------------------------------

    def step(self, delta: int) -> None:
        if not self._ensure_current():
            self._pending_steps += delta
            return
        if self.last_result:
            last = len(self.last_result) - 1
            self._match_pos = max(0, min(self._match_pos + delta, last))
            self._show_match()

    def jump(self) -> None:
        """Close the search on the match stepped to (from the field) or the highlighted tool."""
        if not self._ensure_current():
            self._pending_jump = True
            return
        target = None
        if self.text.strip():
            view = self.view
            target = view.current_list().current_tool
            bar = view.search_bar()
            if bar is not None and view.focused is bar.input and self.last_result:
                target = self.last_result.tool_at(self._match_pos)
        self.close(target)

    def to_panes(self) -> None:
        self.view.current_list().focus()

    # --- ending a search --------------------------------------------------------------

    def teardown(self) -> tuple[int, list[int | None]] | None:
        """End the search, leaving the panes as they are; the highlights from before it.

        Closing a search and a reload both end one here.
        """
        self.searching = False
        self._generation += 1
        self._pending_steps, self._pending_jump = 0, False
        self._set_text("")
        self.last_result = None
        view = self.view
        view.query_one(DetailPanel).set_words("")
        view.remove_class("-searching")
        bar = view.search_bar()
        if bar is not None:
            with bar.input.prevent(Input.Changed):
                bar.input.value = ""
        saved, self._saved = self._saved, None
        return saved

    def close(self, target: int | None) -> None:
        """Leave search: all tools again; `target` highlighted, else the old highlights."""
        if not self.searching:
            return
        view = self.view
        active, cursors = self.teardown() or (view.active, view.cursors())
        if target is not None:
            active = view.pane_of(target)
            cursors = list(cursors)
            cursors[active] = target
        view.fill_panes(cursors, active)
        view.focus_now(view.current_list())

    # --- the catalog changing under a search ------------------------------------------

    def follow_move(self, tool_index: int, target: int) -> bool:
        """Tool `tool_index` moved to pane `target` while a search shows: regroup the
        matches, the tool highlighted there. False (nothing done) when none shows."""
        result = self.last_result
        if not (self.searching and self.text.strip() and result is not None):
            return False
        view = self.view
        cursors = view.cursors()
        cursors[target] = tool_index
        rows = self._rows(result)
        for pane, cursor in zip(view.panes, cursors, strict=True):
            pane.set_rows(
                rows.get(pane.segment_id, []), result.match_of, result.words, select=cursor
            )
        rank = result.rank_of(tool_index)
        if rank >= 0:
            self._match_pos = rank
        return True

    def remap(self, where: Callable[[int | None], int | None]) -> None:
        """The catalog was replaced by its full load: the highlights saved before the
        search follow their tools to their new indices."""
        if self._saved is not None:
            active, cursors = self._saved
            self._saved = (active, [where(index) for index in cursors])

    def use(self, tools: Sequence[Tool] | None) -> None:
        """Search `tools` from now on (None: nothing, a preview): a new index is built,
        and a query typed while they were loading runs now."""
        self.index.use(tools)
        if tools is None:
            return
        self.index.start()
        if self.searching and self.text.strip():
            self.set_query(self.text)
