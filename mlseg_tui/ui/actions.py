"""The actions that keys, the palette and the widgets' bindings run ("app.pane(1)",
"app.search_step(1)"), each handed to the workflow that does it.

The widgets name them in the app's namespace, so the app has them: `CatalogApp` mixes
this class in, and the work itself stays in the controllers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from textual.actions import SkipAction
from textual.widgets import Input

from mlseg_tui.ui.controllers.notices import refuse_while_busy

if TYPE_CHECKING:
    from textual.binding import BindingType
    from textual.screen import Screen
    from textual.widget import Widget

    from mlseg_tui.ui.controllers.disk_watch import DiskWatch
    from mlseg_tui.ui.controllers.edits import Edits
    from mlseg_tui.ui.controllers.essay_view import EssayView
    from mlseg_tui.ui.controllers.moves import Moves
    from mlseg_tui.ui.controllers.problems import ProblemList
    from mlseg_tui.ui.controllers.reviewing import Reviewing
    from mlseg_tui.ui.controllers.saving import Saving
    from mlseg_tui.ui.controllers.scale_mode import ScaleMode
    from mlseg_tui.ui.controllers.search import SearchController
    from mlseg_tui.ui.screens.main_screen import MainScreen


class WorkflowActions:
    """Search, pane, move, edit and save actions; the app provides the workflows named here."""

    search: SearchController
    moves: Moves
    edits: Edits
    saving: Saving
    disk_watch: DiskWatch
    essay_view: EssayView

    scale_mode: ScaleMode
    view: MainScreen
    problems: ProblemList
    reviewing: Reviewing
    BINDINGS: Any

    if TYPE_CHECKING:  # the app's, from Textual (a definition here would shadow it)
        screen: Screen[Any]
        focused: Widget | None

        def push_screen(self, screen: Screen[Any]) -> Any: ...

    # Not from under a dialog (a form, a question): they would change what it is about.
    MAIN_SCREEN_ACTIONS = frozenset({"undo", "redo", "save", "reload_changed", "zoom_detail"})

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.MAIN_SCREEN_ACTIONS and self.screen is not self.view:
            return False
        # In a text field "/" is a character to type: hide the binding and let it through.
        return not (action == "search_open" and isinstance(self.focused, Input))

    async def action_search_open(self) -> None:
        if self.screen is not self.view or isinstance(self.focused, Input):
            raise SkipAction()  # let a "/" be typed into a text field, or a modal handle it
        await self.search.open()  # while loading too: the query runs once all is in

    def action_help(self) -> None:
        from mlseg_tui.ui.compat import active_keymap
        from mlseg_tui.ui.screens.help_screen import HelpScreen

        keymap = active_keymap(self)  # type: ignore[arg-type]  # the app
        self.push_screen(HelpScreen(self.help_sections(), keymap))

    def help_sections(self) -> list[tuple[str, Sequence[BindingType]]]:
        from mlseg_tui.ui.screens.help_screen import help_sections

        return help_sections(self.BINDINGS)

    def action_problems(self) -> None:
        self.problems.open()

    def action_review(self) -> None:
        self.reviewing.open()

    def action_search_step(self, delta: int) -> None:
        self.search.step(delta)

    def action_search_jump(self) -> None:
        self.search.jump()

    def action_search_cancel(self) -> None:
        self.search.close(None)

    def action_search_to_panes(self) -> None:
        self.search.to_panes()

    def action_pane(self, delta: int) -> None:
        self.view.show_pane((self.view.active + delta) % len(self.view.panes))

    def action_show_pane(self, index: int) -> None:
        if self.view.scale.shown and 0 <= index < len(self.view.panes):
            self.scale_mode.toggle()  # back to the panes, to show that one
        self.view.show_pane(index)

    def action_focus_pane(self) -> None:
        self.view.current_list().focus()

    def action_scale(self) -> None:
        self.scale_mode.toggle()

    def action_focus_detail(self) -> None:
        self.view.focus_now(self.view.query_one("#detail"))

    def action_zoom_detail(self) -> None:
        """The detail on the whole screen (the title and key bars stay), or back."""
        view = self.view
        if view.maximized is not None:
            view.minimize()
            view.focus_now(view.current_list())
            return
        detail = view.query_one("#detail")
        view.focus_now(detail)  # its keys scroll it
        view.maximize(detail, container=False)

    def action_pane_enter(self) -> None:
        if self.search.searching and self.search.text.strip():
            self.search.jump()
        else:
            self.action_focus_detail()

    def action_pane_escape(self) -> None:
        self.search.close(None)

    def action_move_pick(self) -> None:
        self.moves.pick()

    def action_move_by(self, delta: int) -> None:
        self.moves.by(delta)

    def action_tool_add(self) -> None:
        self.edits.add()

    def action_tool_edit(self) -> None:
        self.edits.edit()

    def action_tool_remove(self) -> None:
        self.edits.remove()

    def action_undo(self) -> None:
        self.edits.undo()

    def action_redo(self) -> None:
        self.edits.redo()

    def action_save(self) -> None:
        self.saving.save()

    def action_reload_changed(self) -> None:
        if not refuse_while_busy(self):  # type: ignore[arg-type]  # the app is the host
            self.disk_watch.reload_soon()

    def action_essay_view(self) -> None:
        self.essay_view.toggle()

    def action_quit_guarded(self) -> None:
        self.saving.quit_guarded()
