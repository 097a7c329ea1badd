"""The browser app: the catalog being browsed, the key bindings, and the workflows.

The main screen (`screens/main_screen.py`) shows the panes and the detail; the workflows
live in `controllers/` (search, moves, saving, re-reads, the full load after a preview,
the disk watch) and reach the app only through `controllers.host.Host`. The app binds
keys and palette entries to them and hands each thread's message to the one that asked.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual.app import App, ComposeResult, SystemCommand
from textual.binding import BindingType
from textual.notifications import Notification, Notify, SeverityLevel
from textual.screen import Screen

from mlseg_tui.catalog.load import LoadResult
from mlseg_tui.catalog.locate import bundled_path
from mlseg_tui.domain.edits import EditSession
from mlseg_tui.domain.model import Catalog, Tool
from mlseg_tui.domain.placement import Placement
from mlseg_tui.store.catalog_store import CatalogStore
from mlseg_tui.ui.actions import WorkflowActions
from mlseg_tui.ui.controllers.disk_watch import DiskWatch
from mlseg_tui.ui.controllers.edits import Edits
from mlseg_tui.ui.controllers.essay_view import EssayView
from mlseg_tui.ui.controllers.full_load import FullLoad
from mlseg_tui.ui.controllers.host import Busy
from mlseg_tui.ui.controllers.moves import Moves
from mlseg_tui.ui.controllers.notice_board import NoticeBoard
from mlseg_tui.ui.controllers.problems import ProblemList
from mlseg_tui.ui.controllers.recovery import Recovery
from mlseg_tui.ui.controllers.rereads import Rereads
from mlseg_tui.ui.controllers.reviewing import Reviewing
from mlseg_tui.ui.controllers.saving import Saving
from mlseg_tui.ui.controllers.scale_mode import ScaleMode
from mlseg_tui.ui.controllers.search import SearchController
from mlseg_tui.ui.controllers.theme_settings import ThemeSettings
from mlseg_tui.ui.key_order import KeyOrder
from mlseg_tui.ui.keys import APP_BINDINGS
from mlseg_tui.ui.messages import (
    CatalogLoaded,
    DiskChecked,
    ProblemsChecked,
    ReviewDone,
    SearchDone,
)
from mlseg_tui.ui.screens.labels import catalog_label, subtitle
from mlseg_tui.ui.screens.layout import layout_classes
from mlseg_tui.ui.screens.main_screen import MainScreen
from mlseg_tui.ui.widgets.tool_list import ToolList

if TYPE_CHECKING:
    from textual.command import Provider

    from mlseg_tui.search.index import SearchIndex


# What the first frame does not show (the palette, the help, modal screens) is imported
# when first needed.
def _tool_commands() -> type[Provider]:
    from mlseg_tui.ui.commands import ToolCommands

    return ToolCommands


class CatalogApp(KeyOrder, WorkflowActions, App[None]):
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

    BINDINGS: ClassVar[list[BindingType]] = APP_BINDINGS

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
        self.notices = NoticeBoard(self)
        self.problems = ProblemList(self)
        self.label = label
        self.search = SearchController(self)
        self.essay_view = EssayView(self, self.search)
        self.open_catalog(result, loading)
        self.moves = Moves(self, self.search)
        self.edits = Edits(self, self.search, self.moves)
        self.rereads = Rereads(self, self.search, self.problems)
        self.disk_watch = DiskWatch(self, self.rereads)
        self.saving = Saving(self, self.rereads, self.disk_watch)
        self.full_load = FullLoad(self, self.search)
        self.reviewing = Reviewing(self)
        self.scale_mode = ScaleMode(self, self.search)
        self.recovery = Recovery(self, self.rereads)
        self.theme_settings = ThemeSettings(self)
        self.view = MainScreen(self.catalog, self.session.placement)

    def open_catalog(self, result: LoadResult, loading: tuple[int, int] | None = None) -> None:
        """Browse `result` (at start, and once the full load replaces a preview)."""
        if result.catalog is None:
            raise ValueError("the catalog could not be loaded")
        self.loading = loading
        self.result = result
        self.catalog: Catalog = result.catalog
        self.store = CatalogStore(result)
        self.session = EditSession(self.catalog)
        self.essay_view.apply()
        if self.label is None:
            self.label = catalog_label(self.catalog.root)
        self.show_unsaved()

    def get_default_screen(self) -> Screen:
        self.view.set_classes(layout_classes(self))  # the app's size is known now
        return self.view

    @property
    def tools(self) -> list[Tool]:
        return self.catalog.tools

    @property
    def panes(self) -> list[ToolList]:
        return self.view.panes

    @property
    def active(self) -> int:
        return self.view.active

    @property
    def search_text(self) -> str:
        return self.search.text

    @property
    def detail_pending(self) -> bool:
        return self.view.detail_pending

    def compose(self) -> ComposeResult:
        # Composed by the app, not by the screen's own compose: Textual mounts these before
        # it handles a key, where the screen composes in its own task, maybe after one.
        yield from self.view.widgets()

    def on_mount(self) -> None:
        self.recovery.install()  # SIGTERM, SIGHUP: keep unsaved moves, restore the terminal
        self.theme_settings.apply(self)
        self.view.focus_now(self.view.panes[self.view.active])
        if self.loading is not None:
            # The first frame shows the preview; the load starts once it is drawn.
            self.call_after_refresh(self.full_load.start)
        else:
            self.catalog_in(after_first_frame=True)

    def catalog_in(self, after_first_frame: bool = False) -> None:
        self.problems.announce()
        if after_first_frame:  # the index is built once the first frame is drawn
            self.search.index.use(self.tools)
            self.call_after_refresh(self.search.index.start)
        else:
            self.search.use(self.tools)  # and a query typed while loading runs now
        self.disk_watch.start()
        self.recovery.offer()  # unsaved moves of a session stopped by a signal

    def on_unmount(self) -> None:
        self.recovery.remove()
        self.search.index.release()

    def on_catalog_loaded(self, message: CatalogLoaded) -> None:
        self.full_load.finished(message)

    def on_search_done(self, message: SearchDone) -> None:
        self.search.found(message)

    def on_disk_checked(self, message: DiskChecked) -> None:
        self.disk_watch.found(message)

    def on_review_done(self, message: ReviewDone) -> None:
        self.reviewing.found(message)

    def on_problems_checked(self, message: ProblemsChecked) -> None:
        self.problems.found(message)

    def on_notify(self, event: Notify) -> None:
        # Runs before Textual's own handler adds the notification (subclass first).
        if not self.notices.arrived(event.notification):
            event.prevent_default()  # withdrawn on its way: never shown

    def on_app_focus(self) -> None:
        if self.loading is None:
            self.disk_watch.check()  # back from another window: files may have changed

    def on_resize(self) -> None:
        self.call_after_refresh(self.view.refresh_titles)

    # --- for the workflows (controllers.host.Host) and the palette (commands.py) ------

    def busy(self) -> Busy:
        if self.loading is not None:
            return "loading"
        if self.rereads.held or self.disk_watch.reloading:
            return "reloading"
        return "saving" if self.saving.running else None

    def tools_changing(self) -> bool:
        return self.loading is not None or self.rereads.held

    def show_unsaved(self) -> None:
        self.sub_title = subtitle(
            self.label or "", self.session.pending_count, self.loading, self.essay_view.shown
        )

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
        key: str | None = None,
    ) -> None:
        timeout = self.NOTIFICATION_TIMEOUT if timeout is None else timeout
        self.notices.post(Notification(message, title, severity, timeout, markup=markup), key)

    def withdraw_notice(self, key: str) -> None:
        self.notices.withdraw(key)

    def ready_index(self) -> SearchIndex | None:
        """The search index if built for the tools shown; never waits for it."""
        return None if self.tools_changing() else self.search.index.ready()

    def jump_to_tool(self, tool_index: int) -> None:
        """Show and focus `tool_index` in its pane (closing any search)."""
        if self.tools_changing():
            return  # the index is from before the tools changed
        if self.search.searching:
            self.search.close(tool_index)
        else:
            self.view.show_tool(tool_index)

    async def search_for(self, query: str) -> None:
        """Open the search bar with `query` in it (from the palette)."""
        if self.screen is self.view:
            await self.search.open_with(query)

    @property
    def placement(self) -> Placement:
        return self.session.placement

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        from mlseg_tui.ui.commands import system_commands

        yield from system_commands(self, super().get_system_commands(screen))
