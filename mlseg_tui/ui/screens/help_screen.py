"""The `?` screen: every key binding of the browser, grouped by where it works."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from mlseg_tui.ui.screens.boxed_modal import BoxedModal

INTRO = (
    'Each pane is one segment of the 2020 essay "MLOps Segmentation". The panes run along '
    "the essay's hand-holding scale, from heavy platforms on the left, through the middle "
    "of the road, to narrow light tools; segments the essay left off the scale come last. "
    "A name ending in ? is a placement marked tentative: the essay's hedged placements "
    "carry the mark, and it stays after a move until the edit form (e) clears it. "
    "H and L (shift+arrows) move a tool one pane along this order: heavier, lighter, and "
    "past the light end to the segments off the scale. The panel below or beside the "
    "panes says why the highlighted tool sits where it does."
)

# A section of the help: its heading and the bindings it lists.
HelpSection = tuple[str, Sequence[BindingType]]


def help_sections(app_bindings: Sequence[BindingType]) -> list[HelpSection]:
    """Every part of the browser with its keys; `app_bindings` work anywhere."""
    from mlseg_tui.ui.screens.changed_screen import ChangedOnDiskScreen
    from mlseg_tui.ui.screens.choice_screen import ChoiceScreen
    from mlseg_tui.ui.screens.conflict_screen import ConflictScreen
    from mlseg_tui.ui.screens.deleted_screen import DeletedScreen
    from mlseg_tui.ui.screens.discard_screen import DiscardScreen
    from mlseg_tui.ui.screens.problems_screen import ProblemsScreen
    from mlseg_tui.ui.screens.quit_screen import QuitScreen
    from mlseg_tui.ui.screens.reason_prompt import ReasonPrompt
    from mlseg_tui.ui.screens.recovery_screen import RecoveryScreen
    from mlseg_tui.ui.screens.remove_screen import RemoveScreen
    from mlseg_tui.ui.screens.review_screen import ReviewScreen
    from mlseg_tui.ui.screens.segment_picker import SegmentPicker
    from mlseg_tui.ui.screens.tool_form import ToolForm
    from mlseg_tui.ui.widgets.detail import DetailPanel
    from mlseg_tui.ui.widgets.search_bar import SearchInput
    from mlseg_tui.ui.widgets.tool_list import ToolList

    return [
        ("In a segment pane", ToolList.BINDINGS),
        ("Anywhere", app_bindings),
        ("In the search box", SearchInput.BINDINGS),
        ("In the detail panel", DetailPanel.BINDINGS),
        ("Choosing a segment (m)", SegmentPicker.BINDINGS),
        ("Typing the reason for a move", ReasonPrompt.BINDINGS),
        ("Adding or editing a tool (a, e): tab and enter go to the next field", ToolForm.BINDINGS),
        ("Cancelling a form with changes typed", DiscardScreen.BINDINGS),
        ("Removing a tool (d)", RemoveScreen.BINDINGS),
        ("Quitting with unsaved changes", QuitScreen.BINDINGS),
        ("Saving a file that changed on disk", ConflictScreen.BINDINGS),
        ("Saving a file that was deleted", DeletedScreen.BINDINGS),
        ("Reloading a changed file that holds your changes", ChangedOnDiskScreen.BINDINGS),
        ("Unsaved changes of a stopped session, at start", RecoveryScreen.BINDINGS),
        ("In any of these questions", ChoiceScreen.BINDINGS),
        ("In the problems list", ProblemsScreen.BINDINGS),
        ("In the review list", ReviewScreen.BINDINGS),
        ("In this help", HelpScreen.BINDINGS),
    ]


class HelpScreen(BoxedModal[None]):
    """Lists the keys of each part of the app, as remapped by the app's keymap."""

    DEFAULT_CSS: ClassVar[str] = """
    #help-box {
        width: 90%;
        max-width: 100;
        height: 90%;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "dismiss", "Close help", id="help.close"),
        Binding("up,k", "scroll(-1)", "Scroll up", show=False, id="help.up"),
        Binding("down,j", "scroll(1)", "Scroll down", show=False, id="help.down"),
    ]

    def __init__(self, sections: Sequence[HelpSection], keymap: dict[str, str]) -> None:
        super().__init__()
        self._sections = sections
        self._keymap = keymap

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box", classes="modal-box") as box:
            box.border_title = "Keys"
            box.border_subtitle = "esc closes"
            yield Static(self._help_text(), id="help-body")

    def _help_text(self) -> Content:
        lines: list[Content] = [Content(INTRO), Content("")]
        for heading, bindings in self._sections:
            lines.append(Content(""))
            lines.append(Content.styled(heading, "bold $text-accent"))
            for keys, description in self._entries(bindings):
                lines.append(Content.assemble((f"  {keys:<22}", "bold"), description))
        return Content("\n").join(lines)

    def _entries(self, bindings: Sequence[BindingType]) -> list[tuple[str, str]]:
        """(keys, description) per line; bindings in a row that say the same (the number
        keys: one binding each) share one line, "1-9" for a run of digits."""
        entries: list[tuple[list[str], str]] = []
        for item in bindings:
            binding = item if isinstance(item, Binding) else Binding(*item)
            if not (binding.description and binding.id):
                continue
            keys = self._keys_of(binding)
            if entries and entries[-1][1] == binding.description:
                entries[-1][0].append(keys)
            else:
                entries.append(([keys], binding.description))
        return [(_joined(keys), description) for keys, description in entries]

    def _keys_of(self, binding: Binding) -> str:
        """Every key of `binding`, as remapped by the keymap, for display."""
        key = self._keymap.get(binding.id, binding.key) if binding.id else binding.key
        return " / ".join(
            self.app.get_key_display(binding.with_key(one.strip())) for one in key.split(",")
        )

    def action_scroll(self, lines: int) -> None:
        self.query_one("#help-box", VerticalScroll).scroll_relative(y=lines, animate=False)


def _joined(keys: list[str]) -> str:
    """Keys for one help line: a run of consecutive digits as "1-9"."""
    digits = [int(key) for key in keys if len(key) == 1 and key.isdigit()]
    if (
        len(keys) > 2
        and len(digits) == len(keys)
        and digits == list(range(digits[0], digits[-1] + 1))
    ):
        return f"{keys[0]}-{keys[-1]}"
    return " / ".join(keys)
