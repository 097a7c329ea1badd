"""The keys of a pane of tools; their ids let a user's keymap rebind them."""

from __future__ import annotations

from textual.binding import Binding, BindingType

PANE_BINDINGS: list[BindingType] = [
    Binding("up,k", "cursor_up", "Up", show=False, id="pane.up"),
    Binding("down,j", "cursor_down", "Down", show=False, id="pane.down"),
    Binding("home", "cursor_home", "First tool", show=False, id="pane.home"),
    Binding("end", "cursor_end", "Last tool", show=False, id="pane.end"),
    Binding("pageup", "page_up", "Page up", show=False, id="pane.page_up"),
    Binding("pagedown", "page_down", "Page down", show=False, id="pane.page_down"),
    Binding("left,h", "app.pane(-1)", "Previous pane", show=False, id="pane.left"),
    Binding("right,l", "app.pane(1)", "Next pane", show=False, id="pane.right"),
    Binding("tab", "app.pane(1)", "Next pane", show=False, id="pane.next"),
    Binding("shift+tab", "app.pane(-1)", "Previous pane", show=False, id="pane.previous"),
    Binding("enter", "app.pane_enter", "Details", show=False, id="pane.enter"),
    Binding("m", "app.move_pick", "Move", id="pane.move"),
    Binding("e", "app.tool_edit", "Edit", id="pane.edit"),
    Binding("a", "app.tool_add", "Add", show=False, id="pane.add"),
    Binding("d", "app.tool_remove", "Remove", show=False, id="pane.remove"),
    Binding(
        "shift+left,H",
        "app.move_by(-1)",
        "Move tool a pane left (heavier)",
        show=False,
        id="pane.move_left",
    ),
    Binding(
        "shift+right,L",
        "app.move_by(1)",
        "Move tool a pane right (lighter, then off the scale)",
        show=False,
        id="pane.move_right",
    ),
    Binding("escape", "app.pane_escape", "Clear search", show=False, id="pane.escape"),
]
