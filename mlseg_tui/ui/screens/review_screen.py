"""The review list: what an analyst should look at (disagreements between placement and
criteria, criteria not answered, stale reasoning, tentative placements), each with its
reason; enter jumps to the tool. `mlseg-tui review` prints the same list."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from mlseg_tui.domain.review import KIND_TITLES, KINDS, ReviewItem
from mlseg_tui.domain.text import one_line, plural
from mlseg_tui.ui.screens.boxed_modal import BoxedModal

# Items listed of each kind; the rest are counted (the CLI lists every one).
SHOWN_PER_KIND = 200


def review_options(items: Sequence[ReviewItem]) -> list[Option]:
    """Each kind's heading (not selectable), then its items, the tool index as the id."""
    options: list[Option] = []
    for kind in KINDS:
        mine = [item for item in items if item.kind == kind]
        if not mine:
            continue
        heading = Content.styled(f"{KIND_TITLES[kind]} ({len(mine)})", "bold $text-accent")
        options.append(Option(heading, id=f"kind:{kind}", disabled=True))
        for item in mine[:SHOWN_PER_KIND]:
            prompt = Content.assemble(
                ("  ", ""), (one_line(item.name), "bold"), "  ", (one_line(item.reason), "")
            )
            options.append(Option(prompt, id=f"{kind}:{item.tool_index}"))
        hidden = len(mine) - SHOWN_PER_KIND
        if hidden > 0:
            more = f"  … and {hidden:,} more: `mlseg-tui review` lists them all"
            options.append(Option(Content.styled(more, "$text-muted"), disabled=True))
    return options


class ReviewScreen(BoxedModal[int | None]):
    """Lists the review items; enter answers with the chosen tool's index, esc with None."""

    DEFAULT_CSS: ClassVar[str] = """
    #review-box {
        width: 90%;
        max-width: 110;
        height: 90%;
    }
    #review-list {
        height: 1fr;
        border: none;
        padding: 0;
        background: $surface;
    }
    #review-empty {
        color: $text-muted;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,r,q", "dismiss", "Close the review", id="review.close"),
        Binding("enter", "jump", "Go to the tool", id="review.jump"),
        Binding("up,k", "step(-1)", "Previous item", show=False, id="review.up"),
        Binding("down,j", "step(1)", "Next item", show=False, id="review.down"),
    ]

    def __init__(self, items: Sequence[ReviewItem]) -> None:
        super().__init__()
        self._items = items

    def compose(self) -> ComposeResult:
        with Vertical(id="review-box", classes="modal-box") as box:
            box.border_title = f"Review: {plural(len(self._items), 'item')}"
            box.border_subtitle = "enter: go to the tool · esc closes"
            if self._items:
                yield OptionList(*review_options(self._items), id="review-list")
            else:
                yield Static(
                    "Nothing to review: placements agree with their criteria, every tool "
                    "answers them, no reasoning is stale and no placement is tentative.",
                    id="review-empty",
                )

    def on_mount(self) -> None:
        lists = self.query(OptionList)
        if lists:
            options = lists.first()
            options.focus()
            options.action_first()  # the first item (headings cannot be highlighted)

    def action_step(self, delta: int) -> None:
        lists = self.query(OptionList)
        if lists:
            (lists.first().action_cursor_down if delta > 0 else lists.first().action_cursor_up)()

    def action_jump(self) -> None:
        lists = self.query(OptionList)
        if not lists:
            self.dismiss(None)
            return
        options = lists.first()
        highlighted = options.highlighted
        if highlighted is None:
            return
        option_id = options.get_option_at_index(highlighted).id or ""
        self.dismiss(int(option_id.rsplit(":", 1)[1]))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id or ""
        self.dismiss(int(option_id.rsplit(":", 1)[1]))
