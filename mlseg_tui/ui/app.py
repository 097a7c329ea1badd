"""The browser: four segment panes, a detail panel, search, moves, undo and saving.

The app owns the state that spans panes (which pane is active, the search, the edits);
each pane only knows its own list of tool indices and its cursor.
"""

from __future__ import annotations

import bisect
import contextlib
import gc
import threading
from collections.abc import Iterable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import work
from textual.actions import SkipAction
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Container, Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input

from mlseg_tui.catalog.load import LoadResult
from mlseg_tui.catalog.locate import bundled_path
from mlseg_tui.domain.edits import EditSession
from mlseg_tui.domain.model import Catalog, Problem, Tool
from mlseg_tui.domain.text import one_line
from mlseg_tui.store.catalog_store import CatalogStore
from mlseg_tui.ui.controllers.disk_watch import DiskChecked, DiskWatch
from mlseg_tui.ui.widgets.detail import DetailPanel
from mlseg_tui.ui.widgets.key_bar import KeyBar
from mlseg_tui.ui.widgets.tab_strip import TabStrip
from mlseg_tui.ui.widgets.title_bar import TitleBar
from mlseg_tui.ui.widgets.tool_list import ToolList

if TYPE_CHECKING:
    from textual.command import Provider
    from textual.timer import Timer

    from mlseg_tui.search.index import SearchIndex
    from mlseg_tui.search.result import SearchResult
    from mlseg_tui.store import save as storage
    from mlseg_tui.ui.widgets.search_bar import SearchBar


# From this many tools on, what is alive once the catalog and its search index are built is
# put out of the cyclic collector's reach (see _freeze_survivors).
FREEZE_FROM = 5_000
# Seconds of no typing before the detail follows a search's best match: while typing, the
# eye is on the panes, and drawing a detail costs a layout pass of the whole screen.
DETAIL_AFTER_TYPING = 0.15


def _tool_commands() -> type[Provider]:
    from mlseg_tui.ui.commands import ToolCommands

    return ToolCommands


def catalog_label(root: Path) -> str:
    """The catalog folder as a user would type it: relative to here, or with ~ for home."""
    root = root.resolve()
    try:
        return str(root.relative_to(Path.cwd().resolve())) or "."
    except ValueError:
        pass
    home = Path.home().resolve()
    try:
        return str(Path("~") / root.relative_to(home))
    except ValueError:
        return str(root)


class CatalogLoaded(Message):
    """The full load of a catalog shown from a preview, handed from its thread."""

    def __init__(self, result: LoadResult | None, error: str = "") -> None:
        super().__init__()
        self.result = result
        self.error = error


# Up to this many tools a query is searched on the event loop, at once; above, on a thread.
INLINE_SEARCH_TOOLS = 20_000


class SearchDone(Message):
    """A search worker's result, handed to the event loop."""

    def __init__(
        self,
        generation: int,
        query: str,
        result: SearchResult,
        rows: dict[str, list[int]],
    ) -> None:
        super().__init__()
        self.generation = generation
        self.query = query
        self.result = result
        self.rows = rows


def pane_title(name: str, count: str, width: int) -> str:
    """The pane title `Name · count`, shortened to fit `width` cells; the count always shows."""
    room = width - 6  # corners, rules and the spaces around a border title
    title = f"{name} · {count}"
    if width <= 0 or cell_len(title) <= room:
        return title
    title = f"{name} {count}"
    if cell_len(title) <= room:
        return title
    keep = room - cell_len(count) - 2
    short = ""
    for char in name:
        if cell_len(short + char) > keep:
            break
        short += char
    return f"{short}… {count}" if short else count


def _breakpoint(breakpoints: Sequence[tuple[int, str]] | None, size: int) -> list[str]:
    """The class of the widest breakpoint that `size` reaches (as Textual picks it)."""
    for threshold, name in sorted(breakpoints or (), reverse=True):
        if size >= threshold:
            return [name]
    return []


# Command-palette entries for the app's actions: (title, help, action).
PALETTE_ACTIONS: tuple[tuple[str, str, str], ...] = (
    ("Search tools", "Filter every pane as you type", "search_open"),
    ("Keys", "List every key binding", "help"),
    ("Problems", "List the catalog's problems (FILE:LINE:COL)", "problems"),
    ("Next pane", "Focus the segment to the right", "pane(1)"),
    ("Previous pane", "Focus the segment to the left", "pane(-1)"),
    ("Details", "Focus the detail panel to scroll it", "focus_detail"),
    ("Move tool…", "Move the highlighted tool to another segment", "move_pick"),
    ("Move tool left", "Move the highlighted tool one segment left", "move_by(-1)"),
    ("Move tool right", "Move the highlighted tool one segment right", "move_by(1)"),
    ("Undo move", "Take back the latest move", "undo"),
    ("Redo move", "Apply the latest undone move again", "redo"),
    ("Save", "Write the pending moves to the catalog files", "save"),
    ("Reload changed files", "Re-read files changed on disk, load new ones", "reload_changed"),
    ("Quit mlseg-tui", "Leave the browser", "quit_guarded"),
)


class CatalogApp(App[None]):
    """Browse a catalog of MLOps tools, one pane per segment."""

    TITLE = "mlseg-tui"
    CSS_PATH: ClassVar[list[str | Path]] = sorted(bundled_path("styles").glob("*.tcss"))
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [
        (0, "-tiny"),
        (60, "-narrow"),
        (100, "-wide"),
    ]
    VERTICAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-short"), (16, "-tall")]
    COMMANDS: ClassVar = App.COMMANDS | {_tool_commands}

    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority, so keys typed right after `/` already reach the search box.
        Binding("slash", "search_open", "Search", priority=True, id="app.search"),
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("exclamation_mark", "problems", "Problems", show=False, id="app.problems"),
        Binding(
            "ctrl+p", "command_palette", "Commands", show=False, priority=True, id="app.palette"
        ),
        Binding("u", "undo", "Undo", id="app.undo"),
        Binding("ctrl+r", "redo", "Redo", show=False, id="app.redo"),
        Binding("ctrl+s", "save", "Save", id="app.save"),
        Binding("R", "reload_changed", "Reload changed files", show=False, id="app.reload"),
        Binding("q", "quit_guarded", "Quit", id="app.quit"),
        Binding("ctrl+q", "quit_guarded", "Quit", show=False, priority=True, id="app.quit_now"),
    ]

    def __init__(
        self,
        result: LoadResult,
        *,
        label: str | None = None,
        loading: tuple[int, int] | None = None,
    ) -> None:
        """`loading` (files shown, files listed) says `result` is a preview of the first
        files (`preview.catalog_preview`): the app loads the whole catalog on a thread
        after its first frame, and until then allows no search, move or save."""
        super().__init__()
        if result.catalog is None:
            raise ValueError("the catalog could not be loaded")
        self.result = result
        self.catalog: Catalog = result.catalog
        self.store = CatalogStore(result)
        self.label = label if label is not None else catalog_label(self.catalog.root)
        self.loading = loading
        self.sub_title = self._subtitle(0)
        self.active = 0
        self.search_text = ""
        self._index: SearchIndex | None = None
        self._index_lock = threading.Lock()
        self._generation = 0
        self._applied_generation = 0
        # The applied search's result (None: no search shown); its Matches are made only
        # for the rows drawn and the match stepped to.
        self._last_result: SearchResult | None = None
        self._all_rows: dict[str, list[int]] | None = None  # see _segment_rows
        self._match_pos = 0
        self._searching = False
        # Before a search: the active pane and each pane's highlighted tool.
        self._saved: tuple[int, list[int | None]] | None = None
        self._totals: dict[str, int] = {}
        self._panes: list[ToolList] = []
        self.session = EditSession(self.catalog)
        self.disk_watch = DiskWatch(self)
        self._quit_asked = False
        self._saving = False
        self._detail_timer: Timer | None = None
        self._froze = False  # see _freeze_survivors

    # --- layout -----------------------------------------------------------------------

    def get_default_screen(self) -> Screen:
        """The main screen, with this size's layout classes set before its first frame.

        Textual adds breakpoint classes on the first resize; setting them up front
        spares a restyle of every widget before anything is shown.
        """
        width, height = self.size
        classes = {
            name
            for breakpoints, size in (
                (self.HORIZONTAL_BREAKPOINTS, width),
                (self.VERTICAL_BREAKPOINTS, height),
            )
            for name in _breakpoint(breakpoints, size)
        }
        return Screen(id="_default", classes=" ".join(sorted(classes)))

    @property
    def tools(self) -> list[Tool]:
        return self.catalog.tools

    @property
    def panes(self) -> list[ToolList]:
        """The segment panes in segments.toml order."""
        return self._panes

    def compose(self) -> ComposeResult:
        # The first frame is built here, complete, so that mounting causes no second
        # layout pass: rows, the active pane, titles and the detail are all known now.
        rows = self._segment_rows()
        self._totals = {segment_id: len(indices) for segment_id, indices in rows.items()}
        segment_ids = self.catalog.segment_ids()
        self.active = next((i for i, s in enumerate(segment_ids) if rows.get(s)), 0)
        yield TitleBar(id="title-bar")
        titles = [
            (one_line(segment.title), str(self._totals.get(segment.id, 0)))
            for segment in self.catalog.segments
        ]
        yield TabStrip(titles, self.active, id="tabs")
        with Container(id="body"):
            with Horizontal(id="panes"):
                for index, segment in enumerate(self.catalog.segments):
                    pane = ToolList(
                        segment.id,
                        self.tools,
                        rows.get(segment.id, []),
                        id=f"pane-{index}",
                        classes="-active" if index == self.active else None,
                    )
                    pane.empty_message = "No tools in this segment"
                    total = str(self._totals.get(segment.id, 0))
                    pane.set_title(pane_title(one_line(segment.title), total, 0))
                    self._panes.append(pane)
                    yield pane
            first = self._panes[self.active].current_tool
            yield DetailPanel(
                self.catalog, self.tools[first] if first is not None else None, id="detail"
            )
        # The search bar is mounted on the first `/`: it is not part of the first frame.
        yield KeyBar(id="key-bar")

    def on_mount(self) -> None:
        self.focus_now(self.panes[self.active])
        if self.loading is not None:
            # The first frame shows the preview; the load starts once it is drawn.
            self.call_after_refresh(self._load_in_full)
            return
        self._announce_problems()
        self.call_after_refresh(self._build_index_soon)
        self.disk_watch.start()

    @work(thread=True, group="load", exit_on_error=False)
    def _load_in_full(self) -> None:
        from mlseg_tui.catalog.load import CatalogNotFound, load_catalog

        try:
            message = CatalogLoaded(load_catalog(self.catalog.root))
        except (CatalogNotFound, OSError) as error:
            message = CatalogLoaded(None, one_line(str(error)))
        with contextlib.suppress(RuntimeError):  # the event loop closed meanwhile
            self.post_message(message)  # never blocks, unlike call_from_thread

    def on_catalog_loaded(self, message: CatalogLoaded) -> None:
        """Replace the preview with the whole catalog, keeping the highlighted tools."""
        result = message.result
        if result is None or result.catalog is None:
            problems = "; ".join(one_line(str(p)) for p in (result.errors if result else [])[:3])
            # The message is user text (file names, parser errors): never markup.
            text = Text(f"The catalog could not be loaded: {message.error or problems}")
            self.exit(return_code=1, message=text)
            return
        where = {
            (tool.source.path, tool.source.index): index
            for index, tool in enumerate(result.catalog.tools)
        }

        def in_full(index: int | None) -> int | None:
            if index is None:
                return None
            source = self.tools[index].source
            return where.get((source.path, source.index))

        cursors = [in_full(index) for index in self._saved_cursors()]
        if self._saved is not None:  # where escape returns to, from an open search
            saved_active, saved_cursors = self._saved
            self._saved = (saved_active, [in_full(index) for index in saved_cursors])
        self.result = result
        self.catalog = result.catalog
        self.store = CatalogStore(result)
        self._all_rows = None
        self.session = EditSession(self.catalog)
        self.loading = None
        self.query_one(DetailPanel).set_catalog(self.catalog)
        for pane in self.panes:
            pane.set_tools(self.tools)
        self._fill_panes(cursors, self.active)
        self._show_detail(changed=True)
        self.sub_title = self._subtitle(0)
        self.refresh_bindings()
        self._announce_problems()
        with self._index_lock:
            self._index = None  # none should exist for a preview; never reuse one
        self._build_index()
        self.disk_watch.start()
        if self._searching and self.search_text.strip():
            self._set_query(self.search_text)  # typed while loading

    def _still_loading(self) -> bool:
        """True (and says so) while only a preview of the catalog is shown."""
        if self.loading is None:
            return False
        self.notify("Still loading the catalog; try again in a moment.", timeout=3)
        return True

    def _announce_problems(self) -> None:
        if self.result.problems:
            errors = len(self.result.errors)
            count = len(self.result.problems)
            self.notify(
                f"The catalog has {count} problem{'s' if count != 1 else ''} "
                f"({errors} error{'s' if errors != 1 else ''}); press ! to list them.",
                title="Catalog problems",
                severity="error" if errors else "warning",
                timeout=10,
                markup=False,
            )

    def on_app_focus(self) -> None:
        if self.loading is None:
            self.disk_watch.check()  # back from another window: files may have changed

    def on_disk_checked(self, message: DiskChecked) -> None:
        self.disk_watch.found(message)

    def action_reload_changed(self) -> None:
        if not self._still_loading():
            self.disk_watch.reload_soon()

    def _segment_rows(self) -> dict[str, list[int]]:
        """Each segment's tools in catalog order: the panes outside a search. Kept until a
        move or reload (at 100,000 tools a rebuild takes ~40 ms, on each cleared query);
        pane rows are never changed in place, so the lists can be shared."""
        rows = self._all_rows
        if rows is None:
            rows = {segment_id: [] for segment_id in self.catalog.segment_ids()}
            for index, tool in enumerate(self.tools):
                rows.setdefault(tool.segment, []).append(index)
            self._all_rows = rows
        return rows

    def _saved_cursors(self) -> list[int | None]:
        return [pane.current_tool for pane in self.panes]

    def _fill_panes(
        self, cursors: Sequence[int | None], active: int | None, typing: bool = False
    ) -> None:
        """Show every tool again, each pane's cursor on the given tool where possible.

        `active` None makes the first pane that has tools active. `typing`: a query was
        erased, so the detail and scrollbars wait for typing to pause.
        """
        rows = self._segment_rows()
        self._totals = {segment_id: len(indices) for segment_id, indices in rows.items()}
        for pane, cursor in zip(self.panes, cursors, strict=True):
            pane.empty_message = "No tools in this segment"
            pane.set_rows(
                rows.get(pane.segment_id, []), None, "", select=cursor, scrollbar_later=typing
            )
        if active is None:
            active = next((i for i, pane in enumerate(self.panes) if pane.rows), 0)
        self._set_active(active, detail="after typing" if typing else "now")

    def _refresh_titles(self) -> None:
        titles = []
        width = self._pane_width()
        for pane, segment in zip(self.panes, self.catalog.segments, strict=True):
            total = self._totals.get(segment.id, 0)
            count = f"{len(pane.rows)}/{total}" if self.search_text else str(total)
            name = one_line(segment.title)
            pane.set_title(pane_title(name, count, width))
            titles.append((name, count))
        self.query_one(TabStrip).show_tabs(titles, self.active)

    def _subtitle(self, pending: int) -> str:
        unsaved = f"  ● {pending} unsaved" if pending else ""
        loading = ""
        if self.loading is not None:
            shown, listed = self.loading
            loading = f"  ⋯ loading: {shown:,} of {listed:,}+ files shown"
        return f"catalog: {one_line(self.label)}{unsaved}{loading}"

    def _pane_width(self) -> int:
        """Width of a pane; hidden panes (narrow layouts) have no size of their own."""
        room = self.query_one("#panes").size.width
        return room // len(self.panes) if self.screen.has_class("-wide") else room

    def on_resize(self) -> None:
        self.call_after_refresh(self._refresh_titles)

    def _set_active(self, index: int, detail: str = "now") -> None:
        """Make pane `index` active; its tool's detail is shown `detail`: "now", "soon"
        (next frame) or "after typing" (see `_show_detail_after_typing`).

        While typing, with every pane on screen, the active pane's look follows along
        with the detail: a pane's class change restyles it and repaints it whole.
        """
        self.active = index
        if detail != "after typing" or not self.screen.has_class("-wide"):
            self._mark_active()
        self._refresh_titles()
        if detail == "soon":
            self._show_detail_soon()
        elif detail == "after typing":
            self._show_detail_after_typing()
        else:
            self._show_detail()

    def _mark_active(self) -> None:
        """Give the active pane, and only it, the -active class."""
        for number, pane in enumerate(self.panes):
            pane.set_class(number == self.active, "-active")

    def _show_detail_soon(self) -> None:
        """Update the detail in the frame after this one, so moving the cursor or typing
        a search draws the lists first (wrapping a long detail is the slow part)."""
        self.call_after_refresh(self._show_detail)

    def _show_detail_after_typing(self) -> None:
        """Update the detail once typing pauses for DETAIL_AFTER_TYPING seconds."""
        if self._detail_timer is not None:
            self._detail_timer.stop()
        self._detail_timer = self.set_timer(DETAIL_AFTER_TYPING, self._show_detail)

    @property
    def detail_pending(self) -> bool:
        """True while the detail waits for typing to pause (tests wait for it)."""
        return self._detail_timer is not None

    def _show_detail(self, changed: bool = False) -> None:
        """Show the active pane's highlighted tool; `changed` when that tool's data changed."""
        if self._detail_timer is not None:
            self._detail_timer.stop()
            self._detail_timer = None
        self._mark_active()
        for pane in self.panes:  # a layout pass, if any, along with the detail's
            pane.sync_scrollbar()
        pane = self.panes[self.active]
        tool_index = pane.current_tool
        tool = self.tools[tool_index] if tool_index is not None else None
        empty = pane.empty_message if not pane.rows else "No tool selected."
        self.query_one(DetailPanel).show(tool, empty, changed=changed)

    def focus_now(self, widget: Widget) -> None:
        """Focus `widget` before the next key is handled.

        `Widget.focus()` waits a turn of the message queue, so keys typed right after
        `/` would still reach the pane; this also works while the widget is about to
        be displayed (the narrow layout and the search bar toggle `display`).
        """
        widget.screen.set_focus(widget)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # In a text field "/" is a character to type: hide the binding and let it through.
        return not (action == "search_open" and isinstance(self.focused, Input))

    def pane_of(self, tool_index: int) -> int:
        segment_id = self.tools[tool_index].segment
        return self.catalog.segment_ids().index(segment_id)

    # --- events -----------------------------------------------------------------------

    def on_descendant_focus(self, event: object) -> None:
        focused = self.focused
        if isinstance(focused, ToolList):
            index = self.panes.index(focused)
            if index != self.active:
                self._set_active(index)

    def on_tool_list_cursor_moved(self, message: ToolList.CursorMoved) -> None:
        panes = self.panes
        if panes and message.tool_list is panes[self.active]:
            self._show_detail_soon()

    def _search_field_changed(self, value: str) -> None:
        """The search field's text, as it changes (SearchInput.on_text)."""
        if self._searching:  # (the field is also cleared when a search closes)
            self._set_query(value)

    # --- pane actions -----------------------------------------------------------------

    def action_pane(self, delta: int) -> None:
        self.action_show_pane((self.active + delta) % len(self.panes))

    def action_show_pane(self, index: int) -> None:
        if 0 <= index < len(self.panes):
            self._set_active(index)
            self.focus_now(self.panes[index])

    def action_focus_pane(self) -> None:
        self.panes[self.active].focus()

    def action_focus_detail(self) -> None:
        self.focus_now(self.query_one(DetailPanel))

    def action_pane_enter(self) -> None:
        if self._searching and self.search_text.strip():
            self.action_search_jump()
        else:
            self.action_focus_detail()

    def action_pane_escape(self) -> None:
        if self._searching:
            self.action_search_cancel()

    def jump_to_tool(self, tool_index: int) -> None:
        """Show and focus `tool_index` in its pane (closing any search)."""
        if self._searching:
            self._close_search(tool_index)
            return
        pane = self.pane_of(tool_index)
        self.panes[pane].select_tool(tool_index)
        self.action_show_pane(pane)

    # --- search -----------------------------------------------------------------------

    def search_index(self) -> SearchIndex:
        """The search index, built on first use (from any thread)."""
        with self._index_lock:
            if self._index is None:
                from mlseg_tui.search.index import SearchIndex

                self._index = SearchIndex(self.tools)
            return self._index

    def ready_index(self) -> SearchIndex | None:
        """The search index if it is built for the whole catalog; else None at once, with
        a build started unless one is running (never waits for a build)."""
        if self.loading is not None:
            return None
        index = self._index
        if index is None and not any(w.group == "index" and w.is_running for w in self.workers):
            self._build_index()
        return index

    def _build_index_soon(self) -> None:
        self._build_index()

    @work(thread=True, group="index", exit_on_error=False)
    def _build_index(self) -> None:
        self.search_index()
        self._freeze_survivors()

    def _freeze_survivors(self) -> None:
        """Move every object alive now (the catalog, its index, the widgets) to the
        collector's permanent generation, as a long-running server does after start-up.

        At 100,000 tools a full collection walked ~2M objects (~250 ms), and the next
        one was set off by whatever allocated next: opening the command palette during
        a search took ~250 ms longer than when idle. Frozen objects are still freed when
        their last reference goes; only cycles among them would outlive a reload.
        """
        if len(self.tools) >= FREEZE_FROM and (self._froze or not gc.get_freeze_count()):
            # (Not when the process froze objects of its own: unfreezing would let them go.)
            gc.freeze()
            self._froze = True

    def on_unmount(self) -> None:
        if self._froze:  # leave the process as found (tests run many apps in one)
            gc.unfreeze()

    def _bar(self) -> SearchBar:
        """The search bar, once mounted (any search has mounted it)."""
        from mlseg_tui.ui.widgets.search_bar import SearchBar

        return self.query_one(SearchBar)

    async def _search_bar(self) -> SearchBar:
        """The search bar, mounted above the footer the first time it is needed."""
        from mlseg_tui.ui.widgets.search_bar import SearchBar

        bars = self.query(SearchBar)
        if bars:
            return bars.first()
        bar = SearchBar(id="search-bar")
        await self.mount(bar, before=self.query_one(KeyBar))
        bar.input.on_text = self._search_field_changed
        return bar

    async def action_search_open(self) -> None:
        if self.screen is not self.screen_stack[0] or isinstance(self.focused, Input):
            raise SkipAction()  # let a "/" be typed into a text field, or a modal handle it
        # Open while loading too: the query is kept and searched once the catalog is in.
        bar = await self._search_bar()
        if not self._searching:
            self._saved = (self.active, self._saved_cursors())
            self._searching = True
            self.screen.add_class("-searching")
            bar.show_status("")
        self.focus_now(bar.input)

    def _set_query(self, query: str) -> None:
        self.search_text = query
        self._generation += 1
        if not query.strip():
            self.search_text = ""
            self._applied_generation = self._generation
            self._last_result = None
            self._match_pos = 0
            self._bar().show_status("")
            active, cursors = self._saved or (self.active, self._saved_cursors())
            self._fill_panes(cursors, active, typing=True)
            return
        if self.loading is not None:
            # A preview's tool indices would not survive the full load: search then.
            self._bar().show_status("when loaded…")
            return
        index = self._index
        if index is not None and len(self.tools) <= INLINE_SEARCH_TOOLS:
            # Quick enough to answer at once (~1 ms at 10k tools, 2.4 ms at worst): the
            # panes then change in the same frame as the field. In 60 ms bursts at 38
            # tools a key took 33-34 ms through the thread (a frame for the field, one for
            # the panes), 14-17 ms at once.
            result = index.search(query)
            self._apply_search(self._generation, query, result, self._group(result))
            return
        self._search_worker(self._generation, query)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _search_worker(self, generation: int, query: str) -> None:
        result = self.search_index().search(query)
        if generation != self._generation:
            return  # a newer query is on its way; never show a stale result
        rows = self._group(result)
        # post_message never blocks: call_from_thread would wait forever for an app that
        # closed while this thread was searching.
        self.post_message(SearchDone(generation, query, result, rows))

    def on_search_done(self, message: SearchDone) -> None:
        self._apply_search(message.generation, message.query, message.result, message.rows)

    def _group(self, result: SearchResult) -> dict[str, list[int]]:
        """The tool indices of each segment's matches, best first (no Match is made)."""
        return result.tools_by_segment(self.session.placement)

    def _apply_search(
        self, generation: int, query: str, result: SearchResult, rows: dict[str, list[int]]
    ) -> None:
        if generation != self._generation or not self._searching:
            return
        self._applied_generation = generation
        self._last_result = result
        self._match_pos = 0
        shown = one_line(query)
        for pane in self.panes:
            pane.empty_message = f"No tools match '{shown}'"
            pane_rows = rows.get(pane.segment_id, [])
            pane.set_rows(
                pane_rows,
                result.match_of,
                query,
                select=pane_rows[0] if pane_rows else None,
                scrollbar_later=True,
            )
        count = len(result)
        self._bar().show_status(
            f"{count} match{'es' if count != 1 else ''}" if count else f"No tools match '{shown}'"
        )
        self._refresh_titles()
        self._show_match(typing=True)

    def _ensure_current_search(self) -> None:
        """Bring a search result up to date at once (enter pressed before the worker answered)."""
        if self.loading is not None:
            return  # searched once the whole catalog is in (see on_catalog_loaded)
        if self.search_text.strip() and self._applied_generation != self._generation:
            result = self.search_index().search(self.search_text)
            self._apply_search(self._generation, self.search_text, result, self._group(result))

    def _show_match(self, typing: bool = False) -> None:
        """Highlight the current match; `typing` when a keystroke in the query led here."""
        result = self._last_result
        if not result:
            if typing:
                self._show_detail_after_typing()
            else:
                self._show_detail()
            return
        tool_index = result.tool_at(self._match_pos)
        pane = self.pane_of(tool_index)
        self.panes[pane].select_tool(tool_index)
        self._set_active(pane, detail="after typing" if typing else "soon")

    def action_search_step(self, delta: int) -> None:
        self._ensure_current_search()
        if self._last_result:
            self._match_pos = max(0, min(self._match_pos + delta, len(self._last_result) - 1))
            self._show_match()

    def action_search_jump(self) -> None:
        self._ensure_current_search()
        target = None
        if self.search_text.strip():
            pane = self.panes[self.active]
            target = pane.current_tool
            if self.focused is self._bar().input and self._last_result:
                target = self._last_result.tool_at(self._match_pos)
        self._close_search(target)

    def action_search_cancel(self) -> None:
        self._close_search(None)

    def action_search_to_panes(self) -> None:
        self.panes[self.active].focus()

    def _close_search(self, target: int | None) -> None:
        """Leave search: all tools again; `target` highlighted, else the old highlights."""
        if not self._searching:
            return
        self._searching = False
        self._generation += 1
        self.search_text = ""
        self._last_result = None
        self.screen.remove_class("-searching")
        bar = self._bar()
        with bar.input.prevent(Input.Changed):
            bar.input.value = ""
        active, cursors = self._saved or (self.active, self._saved_cursors())
        self._saved = None
        if target is not None:
            active = self.pane_of(target)
            cursors = list(cursors)
            cursors[active] = target
        self._fill_panes(cursors, active)
        self.focus_now(self.panes[active])

    # --- screens ----------------------------------------------------------------------

    def action_help(self) -> None:
        from mlseg_tui.ui.screens.help_screen import HelpScreen

        keymap = getattr(self, "_keymap", {})  # Textual keeps the active keymap here
        self.push_screen(HelpScreen(self.help_sections(), keymap))

    def help_sections(self) -> list[tuple[str, Sequence[BindingType]]]:
        from mlseg_tui.ui.screens.changed_screen import ChangedOnDiskScreen
        from mlseg_tui.ui.screens.choice_screen import ChoiceScreen
        from mlseg_tui.ui.screens.conflict_screen import ConflictScreen
        from mlseg_tui.ui.screens.help_screen import HelpScreen
        from mlseg_tui.ui.screens.problems_screen import ProblemsScreen
        from mlseg_tui.ui.screens.quit_screen import QuitScreen
        from mlseg_tui.ui.screens.reason_prompt import ReasonPrompt
        from mlseg_tui.ui.screens.segment_picker import SegmentPicker
        from mlseg_tui.ui.widgets.search_bar import SearchInput

        return [
            ("In a segment pane", ToolList.BINDINGS),
            ("Anywhere", self.BINDINGS),
            ("In the search box", SearchInput.BINDINGS),
            ("In the detail panel", DetailPanel.BINDINGS),
            ("Choosing a segment (m)", SegmentPicker.BINDINGS),
            ("Typing the reason for a move", ReasonPrompt.BINDINGS),
            ("Quitting with unsaved moves", QuitScreen.BINDINGS),
            ("Saving a file that changed on disk", ConflictScreen.BINDINGS),
            ("Reloading a changed file that holds your moves", ChangedOnDiskScreen.BINDINGS),
            ("In any of these questions", ChoiceScreen.BINDINGS),
            ("In the problems list", ProblemsScreen.BINDINGS),
            ("In this help", HelpScreen.BINDINGS),
        ]

    def action_problems(self) -> None:
        from mlseg_tui.ui.screens.problems_screen import ProblemsScreen

        if self._still_loading():
            return

        self.push_screen(ProblemsScreen(self.result.problems))

    # --- moving, undo, saving ---------------------------------------------------------

    def _current(self) -> Tool | None:
        index = self.panes[self.active].current_tool
        return None if index is None else self.tools[index]

    def _segment_title(self, segment_id: str) -> str:
        try:
            return self.catalog.segment(segment_id).title
        except KeyError:
            return segment_id

    def action_move_pick(self) -> None:
        from mlseg_tui.ui.screens.segment_picker import SegmentPicker

        if self._still_loading():
            return
        tool = self._current()
        if tool is None:
            self.bell()
            return

        def picked(segment_id: str | None) -> None:
            if segment_id is None or segment_id == tool.segment:
                return  # cancelled, or the segment it is already in: nothing changes
            self._ask_reason(tool, segment_id)

        self.push_screen(SegmentPicker(tool.name, self.catalog.segments, tool.segment), picked)

    def _ask_reason(self, tool: Tool, segment_id: str) -> None:
        from mlseg_tui.ui.screens.reason_prompt import ReasonPrompt

        def answered(reason: str | None) -> None:
            if reason is not None:
                self._move(tool, segment_id, reason)

        prompt = ReasonPrompt(
            tool.name, self._segment_title(tool.segment), self._segment_title(segment_id)
        )
        self.push_screen(prompt, answered)

    def action_move_by(self, delta: int) -> None:
        if self._still_loading():
            return
        tool = self._current()
        if tool is None:
            self.bell()
            return
        ids = self.catalog.segment_ids()
        target = ids.index(tool.segment) + delta
        if not 0 <= target < len(ids):
            self.notify(
                f"{one_line(tool.name)} is already in the "
                f"{'first' if delta < 0 else 'last'} segment.",
                markup=False,
                timeout=3,
            )
            return
        self._move(tool, ids[target], "")

    def _move(self, tool: Tool, segment_id: str, reason: str) -> None:
        move = self.session.move(tool, segment_id, reason)
        if move is not None:
            self._follow(tool, move.from_segment)

    def action_undo(self) -> None:
        if self._still_loading():
            return
        move = self.session.undo()
        if move is None:
            self.notify("Nothing to undo.", timeout=3)
            return
        self._follow(move.tool, move.to_segment)

    def action_redo(self) -> None:
        if self._still_loading():
            return
        move = self.session.redo()
        if move is None:
            self.notify("Nothing to redo.", timeout=3)
            return
        self._follow(move.tool, move.from_segment)

    def _follow(self, tool: Tool, left: str) -> None:
        """Show `tool`, which just left segment `left`, highlighted and focused in its pane.

        Only the two panes concerned change, so a move stays quick at 100,000 tools.
        """
        index = self.tools.index(tool)
        target = self.pane_of(index)
        self._all_rows = None
        self._totals[left] = self._totals.get(left, 1) - 1
        self._totals[tool.segment] = self._totals.get(tool.segment, 0) + 1
        if self._searching and self.search_text.strip() and self._last_result is not None:
            cursors: list[int | None] = self._saved_cursors()
            cursors[target] = index
            result = self._last_result
            rows = self._group(result)
            for pane, cursor in zip(self.panes, cursors, strict=True):
                pane.set_rows(
                    rows.get(pane.segment_id, []),
                    result.match_of,
                    self.search_text,
                    select=cursor,
                )
            rank = result.rank_of(index)
            if rank >= 0:
                self._match_pos = rank
        else:
            for pane in self.panes:
                if pane.segment_id == left and index in pane.rows:
                    rows = pane.rows.copy()
                    rows.remove(index)
                    keep = pane.current_tool
                    if keep == index:  # the cursor stays on the row the tool left
                        keep = rows[min(pane.cursor, len(rows) - 1)] if rows else None
                    pane.set_rows(rows, select=keep)
            pane = self.panes[target]
            rows = pane.rows.copy()
            bisect.insort(rows, index)  # outside a search, rows are in catalog order
            pane.set_rows(rows, select=index)
        self._set_active(target)
        self._show_detail(changed=True)  # same tool, new placement and history
        self.focus_now(self.panes[target])
        self._show_unsaved()

    def _show_unsaved(self) -> None:
        self.sub_title = self._subtitle(self.session.pending_count)

    def action_save(self) -> None:
        if not self._saving and not self._still_loading():
            self._save_flow(then_quit=False)

    def _file_label(self, path: Path) -> str:
        """The file as a user finds it in the catalog, safe to show (a file name is data)."""
        try:
            return one_line(str(path.relative_to(self.catalog.root)))
        except ValueError:
            return one_line(str(path))

    @work(group="save")
    async def _save_flow(self, then_quit: bool) -> None:
        """Save; ask about each file changed on disk; quit afterwards when asked and clean."""
        self._saving = True
        try:
            await self._save_and_resolve(then_quit)
        finally:
            self._saving = False

    async def _save_and_resolve(self, then_quit: bool) -> None:
        from mlseg_tui.ui.screens.conflict_screen import ConflictScreen

        selection = self._selection()
        report = self.store.save(self.session)
        reloaded = bool(report.reloaded)
        self._notify_report(report)
        for path in report.conflicts:
            choice = await self.push_screen_wait(ConflictScreen(path, self._file_label(path)))
            if choice == "reload":
                problems = self.store.reload_file(self.session, path)
                reloaded = True
                self.notify(
                    f"Reloaded {self._file_label(path)} from disk; its unsaved moves were dropped.",
                    markup=False,
                )
                self._notify_problems(problems)
            elif choice == "overwrite":
                again = self.store.save(self.session, overwrite=[path])
                reloaded = reloaded or bool(again.reloaded)
                self._notify_report(again, conflicts=False)
        if reloaded:
            self._after_reload(selection)
        self._show_unsaved()
        self.refresh_bindings()
        if then_quit:
            if self.session.pending_count == 0:
                self.exit()
            else:
                self.notify("Not quitting: some moves are still unsaved.", severity="warning")

    def _notify_report(self, report: storage.SaveReport, conflicts: bool = True) -> None:
        for path, reason in report.failures:
            self.notify(
                f"Could not save {self._file_label(path)}: {reason}. "
                "The moves stay pending; fix the problem and save again.",
                title="Save failed",
                severity="error",
                timeout=15,
                markup=False,
            )
        if report.written:
            self.notify(
                f"{len(report.saved_tools)} tool{'s' if len(report.saved_tools) != 1 else ''} "
                f"saved to {len(report.written)} file{'s' if len(report.written) != 1 else ''}.",
                title="Saved",
                markup=False,
            )
        elif not report.failures and not report.conflicts and conflicts:
            self.notify("Nothing to save.", timeout=3)
        self._notify_problems(report.problems)

    def _notify_problems(self, problems: Sequence[Problem]) -> None:
        if problems:
            self.result.problems.extend(problems)
            self.notify(
                f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in the re-read "
                "file; press ! to list them.",
                severity="warning",
                markup=False,
            )

    def _selection(self) -> tuple[int, list[Tool | None]]:
        """The active pane and each pane's highlighted Tool, to find again after a reload."""
        return self.active, [
            None if index is None else self.tools[index] for index in self._saved_cursors()
        ]

    def _after_reload(self, selection: tuple[int, list[Tool | None]]) -> None:
        """Tools were re-read from a file: indices moved, so rebuild panes and the index."""
        self._all_rows = None
        self._last_result = None
        if self._searching:
            self._searching = False
            self._generation += 1
            self.search_text = ""
            self._saved = None
            self.screen.remove_class("-searching")
            bar = self._bar()
            with bar.input.prevent(Input.Changed):
                bar.input.value = ""
        with self._index_lock:
            self._index = None
        self._build_index()
        position = {id(tool): index for index, tool in enumerate(self.tools)}
        active, tools = selection
        cursors = [None if tool is None else position.get(id(tool)) for tool in tools]
        focused = cursors[active]
        if focused is not None:  # the highlighted tool may have changed segment on disk
            active = self.pane_of(focused)
            cursors[active] = focused
        self._fill_panes(cursors, active)
        self._show_detail(changed=True)  # the highlighted tool may have been re-read
        self.focus_now(self.panes[self.active])

    def action_quit_guarded(self) -> None:
        from mlseg_tui.ui.screens.quit_screen import QuitScreen

        pending = self.session.pending_count
        if not pending:
            self.exit()
            return
        if self._quit_asked:
            return

        def answered(choice: str | None) -> None:
            self._quit_asked = False
            if choice == "save":
                self._save_flow(then_quit=True)
            elif choice == "discard":
                self.exit()

        self._quit_asked = True
        self.push_screen(QuitScreen(pending), answered)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for title, help_text, action in PALETTE_ACTIONS:
            yield SystemCommand(title, help_text, partial(self.run_action, action))
