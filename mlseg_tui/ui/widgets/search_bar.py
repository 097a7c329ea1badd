"""The search box: typing filters every pane; up/down step through matches best first."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Label

from mlseg_tui.ui.widgets.text_field import TextField


class SearchInput(TextField):
    """The query field. Its keys act on the panes while the query keeps focus."""

    DEFAULT_CSS = """
    SearchInput {
        width: 1fr;
        height: 1;
        border: none;
        padding: 0;
        background: $panel;
        &:focus { border: none; background-tint: $foreground 5%; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "app.search_step(1)", "Next match", show=False, id="search.next"),
        Binding("up", "app.search_step(-1)", "Previous match", show=False, id="search.previous"),
        Binding("enter", "app.search_jump", "Jump to match", id="search.jump"),
        Binding("escape", "app.search_cancel", "Cancel search", id="search.cancel"),
        Binding("tab", "app.search_to_panes", "Browse matches", show=False, id="search.to_panes"),
    ]

    # Called with the new text in the same handler that changes it (the app filters the
    # panes): by the time the Changed message arrives a frame may already show the field
    # alone, and the panes would follow a frame later.
    on_text: Callable[[str], None] | None = None

    # Input's watcher of `value` assigns `virtual_size` (the text's scroll range), which
    # Widget declares a layout reactive: every keystroke would re-lay out and repaint the
    # whole screen (four panes, detail). This field's place and size never depend on its
    # text (one line, 1fr wide), so here a new scroll range repaints only the field.
    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)

    def watch_value(self, value: str) -> None:
        if self.on_text is not None:
            self.on_text(value)


class SearchBar(Horizontal):
    """Prompt, query field and a count of matches; hidden while no search is open."""

    DEFAULT_CSS = """
    SearchBar {
        height: 1;
        background: $panel;
        & > #search-prompt { padding: 0 1; color: $text-accent; text-style: bold; }
        /* A share of the bar, never the text's width: a new status needs no layout pass.
           Wide enough on a wide screen to say which query found nothing. */
        & > #search-status {
            width: 35%;
            min-width: 18;
            max-width: 60;
            padding: 0 1;
            text-align: right;
            text-wrap: nowrap;
            text-overflow: ellipsis;
            color: $text-muted;
        }
        & > SearchInput { min-width: 8; }
        & > #search-problem {
            display: none;
            width: auto;
            max-width: 45%;
            padding: 0 1;
            text-wrap: nowrap;
            text-overflow: ellipsis;
            color: $text-warning;
            &.-shown { display: block; }
        }
    }
    """

    def compose(self) -> ComposeResult:
        yield Label("Search:", id="search-prompt")
        yield SearchInput(
            placeholder="a name, words, seg:narrow lic:mit… · ↑↓ step · enter jump · esc",
            id="search-input",
            select_on_focus=False,
        )
        yield Label("", id="search-problem")
        yield Label("", id="search-status")

    @property
    def input(self) -> SearchInput:
        return self.query_one(SearchInput)

    def show_problem(self, text: str) -> None:
        """Say what is wrong with the query (a facet term it cannot use), or nothing."""
        label = self.query_one("#search-problem", Label)
        if not text and not label.has_class("-shown"):
            return  # the usual case while typing: no layout pass
        label.update(Content(text))
        label.set_class(bool(text), "-shown")

    def show_status(self, text: str) -> None:
        # A fixed-width label: a new count needs no layout pass while typing.
        self.query_one("#search-status", Label).update(Content(text), layout=False)
