"""What the workflows may use of the app: the narrow protocol between them.

The app (`ui/app.py`) holds the catalog being browsed and the workflows; a workflow reaches
the app only through these members, never through its private methods, and never imports
it (the ui's import contract puts the app above the controllers).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Literal, Protocol, TypeVar

if TYPE_CHECKING:
    from rich.console import RenderableType
    from textual.message import Message
    from textual.notifications import SeverityLevel
    from textual.screen import Screen
    from textual.timer import Timer
    from textual.worker import Worker
    from textual.worker_manager import WorkerManager

    from mlseg_tui.catalog.load import LoadResult
    from mlseg_tui.domain.edits import EditSession
    from mlseg_tui.domain.model import Catalog, Tool
    from mlseg_tui.store.catalog_store import CatalogStore
    from mlseg_tui.ui.screens.main_screen import MainScreen

Answer = TypeVar("Answer")
# Why the catalog cannot be searched, moved or saved just now (None: it can).
Busy = Literal["loading", "saving", "reloading"] | None


class Host(Protocol):
    """The app as the workflows see it."""

    # --- the catalog being browsed (replaced whole by the full load after a preview) ---
    result: LoadResult
    catalog: Catalog
    store: CatalogStore
    session: EditSession
    loading: tuple[int, int] | None  # (files shown, files listed) while a preview shows

    @property
    def tools(self) -> list[Tool]: ...

    @property
    def view(self) -> MainScreen: ...

    def open_catalog(self, result: LoadResult, loading: tuple[int, int] | None = None) -> None:
        """Browse `result` from now on (the screen is told separately)."""
        ...

    def catalog_in(self, after_first_frame: bool = False) -> None:
        """The whole catalog is in: announce its problems, index it, watch its files."""
        ...

    def busy(self) -> Busy:
        """Why the catalog may not change just now, if it may not."""
        ...

    def tools_changing(self) -> bool:
        """True while the list of tools is being replaced (a load or a re-read)."""
        ...

    def show_unsaved(self) -> None:
        """Show the count of unsaved moves."""
        ...

    def jump_to_tool(self, tool_index: int) -> None:
        """Show and focus `tool_index` (closing any search)."""
        ...

    # --- Textual's public App API, as used ---------------------------------------------
    @property
    def workers(self) -> WorkerManager: ...

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
        """Textual's notify; a notice with a `key` replaces the last of that key and can be
        withdrawn by it (`withdraw_notice`)."""
        ...

    def withdraw_notice(self, key: str) -> None:
        """Take the notice of `key` off the screen: what it said no longer holds."""
        ...

    def bell(self) -> None: ...

    def post_message(self, message: Message) -> bool: ...

    def call_after_refresh(self, callback: Callable[..., Any], *args: Any) -> bool: ...

    def set_timer(self, delay: float, callback: Callable[[], Any], *, name: str) -> Timer: ...

    def set_interval(self, interval: float, callback: Callable[[], Any], *, name: str) -> Timer: ...

    def run_worker(
        self,
        work: Callable[[], Any] | Awaitable[Any],
        *,
        group: str,
        description: str = "",
        exit_on_error: bool = True,
        exclusive: bool = False,
        thread: bool = False,
    ) -> Worker[Any]: ...

    def push_screen(
        self, screen: Screen[Answer], callback: Callable[[Answer | None], None] | None = None
    ) -> Any: ...

    async def push_screen_wait(self, screen: Screen[Answer]) -> Answer: ...

    def refresh_bindings(self) -> None: ...

    def exit(self, *, return_code: int = 0, message: RenderableType | None = None) -> None: ...
