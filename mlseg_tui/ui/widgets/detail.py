"""The detail panel: everything known about the highlighted tool, and why it sits where it does."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from mlseg_tui.domain.model import TENTATIVE_MARK, Catalog, Tool
from mlseg_tui.domain.text import clipped, one_line, visible
from mlseg_tui.ui.widgets.detail_facts import (
    HEADING,
    LABEL,
    MUTED,
    entry_text,
    homepage_text,
    last_move,
    move_text,
    source_lines,
    timeline_lines,
)
from mlseg_tui.ui.widgets.detail_metric import highlighted, metric_lines

WARNING = "bold $text-warning"
# The keys that change the tool shown, listed under it (`?` lists every key).
KEYS_HINT = "Keys: e edit · m move · d remove · a add a tool · u undo"


def _field(label: str, value: str) -> list[Content]:
    if not value:
        return []
    return [Content.assemble((f"{label}: ", LABEL), one_line(clipped(value)))]


def _block(heading: str, body: str) -> list[Content]:
    if not body.strip():
        return []
    shown = visible(clipped(body.strip()))
    return [Content(""), Content.styled(heading, HEADING), Content(shown)]


def _open_source(tool: Tool) -> str:
    if tool.open_source is None:
        return one_line(tool.license)
    answer = "yes" if tool.open_source else "no"
    return f"{answer} ({one_line(tool.license)})" if tool.license else answer


def tool_detail(catalog: Catalog, tool: Tool, words: str = "") -> Content:
    """The detail text of `tool`, built from literal text (names are data, never markup);
    a search's `words` are marked where they match its reasoning, description and tags."""
    lines: list[Content] = []
    mark = TENTATIVE_MARK if tool.tentative else ""
    lines.append(Content.assemble((one_line(clipped(tool.name)), "bold"), (mark, WARNING)))
    try:
        segment = catalog.segment(tool.segment)
    except KeyError:
        segment = None
    title = one_line(catalog.segment_title(tool.segment))
    scale = f" — {one_line(segment.scale)}" if segment and segment.scale else ""
    lines.append(Content.assemble(("Segment: ", LABEL), (title, "bold"), (scale, MUTED)))
    last = last_move(tool)
    if last is not None:
        moved = move_text(catalog, last)
        lines.append(
            Content.assemble(
                ("Last move: ", LABEL),
                f"{last.date.isoformat()}  {moved}",
                ("  (history below)", MUTED),
            )
        )
    if tool.tentative:
        lines.append(Content.styled(tentative_text(catalog, tool), WARNING))
    if tool.reasoning.strip():
        lines += [Content(""), Content.styled(f"Why {one_line(tool.name)} is here", HEADING)]
        lines.append(highlighted(clipped(tool.reasoning.strip()), words))
    lines += metric_lines(catalog, tool)
    if segment is not None:
        lines += _block(f"Why tools go in {title}", segment.definition)
        if segment.source:
            lines.append(Content.styled(f"— {one_line(segment.source)}", MUTED))
        if segment.note.strip():
            lines.append(Content.assemble(("Note: ", LABEL), visible(segment.note.strip())))
    lines.append(Content(""))
    lines.append(Content.styled("About", HEADING))
    lines += _field("Aliases", ", ".join(tool.aliases))
    if tool.description.strip():
        lines.append(highlighted(clipped(tool.description.strip()), words))
    lines += _field("Kind", tool.kind)
    lines += _field("Vendor", tool.vendor)
    lines += _field("Open source", _open_source(tool))
    lines += _field("SDK licence", tool.sdk_license)
    lines += _field("Homepage", homepage_text(tool))
    lines += _field("Repository", tool.repository)
    lines += _field("Status", tool.status)
    if tool.tags:
        lines.append(
            Content.assemble(("Tags: ", LABEL), highlighted(one_line(", ".join(tool.tags)), words))
        )
    lines += _essay_lines(catalog, tool)
    lines += timeline_lines(catalog, tool)
    lines += _history_lines(catalog, tool)
    lines += source_lines(tool)
    lines.append(Content(""))
    unsaved = " (a new tool: written there on save)" if tool.source.index < 0 else ""
    file = one_line(str(_relative(catalog, tool)))
    lines.append(Content.styled(f"File: {file}{unsaved}", MUTED))
    lines.append(Content.styled(KEYS_HINT, MUTED))
    return Content("\n").join(lines)


def _relative(catalog: Catalog, tool: Tool) -> Path:
    """The tool's file relative to the catalog folder, as a user would find it there."""
    try:
        return tool.source.path.relative_to(catalog.root)
    except ValueError:
        return tool.source.path


def _essay_lines(catalog: Catalog, tool: Tool) -> list[Content]:
    essay = tool.essay
    if essay is None:
        return []
    lines = [Content(""), Content.styled("In the 2020 essay", HEADING)]
    if essay.listed_as:
        quoted = ", ".join(f"“{one_line(token)}”" for token in essay.listed_as)
        lines.append(Content.assemble(("Listed as: ", LABEL), quoted))
    if len(essay.segments) > 1:
        groups = ", ".join(
            one_line(catalog.segment_title(segment_id)) for segment_id in essay.segments
        )
        lines.append(Content.assemble(("Listed under: ", LABEL), groups))
    elif essay.segments and essay.segments[0] != tool.segment:
        lines.append(
            Content.assemble(
                ("Listed under: ", LABEL), one_line(catalog.segment_title(essay.segments[0]))
            )
        )
    if essay.note.strip():
        lines.append(Content.assemble(("Note: ", LABEL), visible(essay.note.strip())))
    return lines


def _history_lines(catalog: Catalog, tool: Tool) -> list[Content]:
    if not tool.history:
        return []
    lines = [Content(""), Content.styled("History (newest first)", HEADING)]
    for entry in reversed(tool.history):
        what = entry_text(catalog, entry)
        lines.append(Content.assemble((entry.date.isoformat(), LABEL), "  ", what))
        if entry.reason.strip():
            lines.append(Content.assemble(("  Reason: ", LABEL), visible(entry.reason.strip())))
        if entry.previous_reasoning.strip():
            lines.append(
                Content.assemble(
                    ("  Reasoning before: ", LABEL),
                    (visible(clipped(entry.previous_reasoning.strip())), MUTED),
                )
            )
    return lines


class DetailPanel(VerticalScroll, can_focus=True):
    """Scrollable detail of one tool; keys scroll it when it has focus."""

    ALLOW_MAXIMIZE = True  # `z` zooms it to the whole screen (containers default to not)

    DEFAULT_CSS = """
    DetailPanel {
        border: round $foreground 30%;  /* as the panes' (tool_list.py) */
        padding: 0 1;
        background: $surface;
        &:focus { border: heavy $border; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "scroll_up", "Scroll up", show=False, id="detail.up"),
        Binding("down,j", "scroll_down", "Scroll down", show=False, id="detail.down"),
        Binding("pageup", "page_up", "Page up", show=False, id="detail.page_up"),
        Binding("pagedown,space", "page_down", "Page down", show=False, id="detail.page_down"),
        Binding("home", "scroll_home", "Top", show=False, id="detail.home"),
        Binding("end", "scroll_end", "Bottom", show=False, id="detail.end"),
        Binding("escape,enter", "app.focus_pane", "Back to the list", id="detail.back"),
        Binding("e", "app.tool_edit", "Edit this tool", id="detail.edit"),
        Binding("d", "app.tool_remove", "Remove this tool", show=False, id="detail.remove"),
        Binding("m", "app.move_pick", "Move this tool", show=False, id="detail.move"),
        Binding("tab,shift+tab", "app.focus_pane", "Back to the list", show=False, id="detail.tab"),
    ]

    def __init__(self, catalog: Catalog, tool: Tool | None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._catalog = catalog
        self._shown = tool
        self._empty: Content | None = None
        # A search's words, marked in the text: wanted, and as last drawn.
        self._words = ""
        self._drawn_words = ""

    def compose(self) -> ComposeResult:
        first = (
            tool_detail(self._catalog, self._shown)
            if self._shown
            else Content.styled("No tool selected.", MUTED)
        )
        yield Static(first, id="detail-body")

    def set_words(self, words: str) -> None:
        """Mark a search's `words` from the next `show` on ("" for none)."""
        self._words = words

    def set_catalog(self, catalog: Catalog) -> None:
        """Describe tools of `catalog` from now on (the full load replaced a preview)."""
        self._catalog = catalog

    def show(
        self,
        tool: Tool | None,
        empty: str = "No tool selected.",
        *,
        changed: bool = False,
        top: bool = False,
    ) -> None:
        """Show `tool` (or the `empty` note); scrolls back to the top for a new tool, and
        with `top` (a move: its new segment and last move are at the top).

        The same tool is not redrawn unless `changed` says its data changed (a move, a
        reload): typing a search often keeps the best match, and a redraw costs a layout.
        """
        body = self.query_one("#detail-body", Static)
        same_words = self._drawn_words == self._words
        if tool is not None and tool is self._shown and not changed and same_words:
            return
        if tool is None:
            text = Content.styled(empty, MUTED)
            if self._shown is None and text == self._empty:
                return
            self._empty = text
            body.update(text)
        else:
            body.update(tool_detail(self._catalog, tool, self._words))
            self._drawn_words = self._words
        if tool is not self._shown or top:
            self.scroll_home(animate=False, immediate=True)
        self._shown = tool


def tentative_text(catalog: Catalog, tool: Tool) -> str:
    """What the `?` mark means for this tool: the essay's hedge while the tool is where the
    essay put it, else a mark the placement carries until the edit form clears it."""
    essay = tool.essay
    listed = one_line(", ".join(essay.listed_as)) if essay and essay.listed_as else ""
    hedge = f" (it wrote {listed})" if listed else ""
    if essay is not None and tool.segment in (essay.segments or (tool.segment,)):
        return f"Tentative: the essay hedged this placement{hedge}; treat it as a guess."
    where = ", ".join(catalog.segment_title(s) for s in essay.segments) if essay else ""
    if where:
        return (
            f"Tentative: marked as a guess. The essay hedged it in {one_line(where)}{hedge}, "
            "not here; e clears the mark."
        )
    return "Tentative: the placement is marked as a guess; e clears the mark."
