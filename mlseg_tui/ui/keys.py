"""The browser's app-wide keys (the panes', fields' and dialogs' own keys are in their
classes' BINDINGS): what `?` and the palette list under "Anywhere"."""

from __future__ import annotations

from textual.binding import Binding, BindingType

APP_BINDINGS: list[BindingType] = [
    # Priority, so keys typed right after `/` already reach the search box.
    Binding("slash", "search_open", "Search", priority=True, id="app.search"),
    Binding("question_mark", "help", "Help", id="app.help"),
    Binding("exclamation_mark", "problems", "Problems", show=False, id="app.problems"),
    Binding("r", "review", "Review placements", show=False, id="app.review"),
    Binding("s", "scale", "Scale view", show=False, id="app.scale"),
    Binding("ctrl+p", "command_palette", "Commands", show=False, priority=True, id="app.palette"),
    Binding("u", "undo", "Undo", id="app.undo"),
    Binding("ctrl+r", "redo", "Redo", show=False, id="app.redo"),
    Binding("ctrl+s", "save", "Save", id="app.save"),
    Binding("R", "reload_changed", "Reload changed files", show=False, id="app.reload"),
    Binding(
        "E",
        "essay_view",
        "Essay view: the 2020 list's tools, placed as today",
        show=False,
        id="app.essay",
    ),
    Binding("z", "zoom_detail", "Zoom the detail (esc restores)", show=False, id="app.zoom"),
    *(
        Binding(
            str(n),
            f"show_pane({n - 1})",
            "Show the pane of that number",
            show=False,
            id=f"app.pane_{n}",
        )
        for n in range(1, 10)
    ),
    Binding("q", "quit_guarded", "Quit", id="app.quit"),
    Binding("ctrl+q", "quit_guarded", "Quit", show=False, priority=True, id="app.quit_now"),
]
