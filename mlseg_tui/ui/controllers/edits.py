"""Adding (`a`), editing (`e`) and removing (`d`) tools, and undo and redo of any edit.

An add or a removal changes the catalog's list of tools, which the panes and the search
index hold by position; so does undoing one. Then a search ends, the panes show the list
again (the tool concerned highlighted, or its neighbour when it left) and the index is
rebuilt, as after a re-read. An edit that changes what a tool is found by (its name or
aliases) rebuilds the index too; a move follows the tool, as the `m` key does.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from mlseg_tui.catalog.tool_rules import KeyOwners, check_values
from mlseg_tui.domain.changes import Edit
from mlseg_tui.domain.model import SourceRef, Tool
from mlseg_tui.domain.placement import Placement
from mlseg_tui.domain.text import one_line
from mlseg_tui.domain.tool_files import new_file_for, one_tool_per_file, tool_counts, tools_folder
from mlseg_tui.domain.tool_values import FIELDS, ToolValues, values_of
from mlseg_tui.ui.controllers.host import Host
from mlseg_tui.ui.controllers.moves import Moves
from mlseg_tui.ui.controllers.notices import file_label, refuse_while_busy
from mlseg_tui.ui.controllers.search import SearchController

# A catalog with this many files or more offers only the highlighted tool's file, and a
# file of its own, to a new tool: a list of thousands helps nobody.
MAX_FILES_OFFERED = 200


class Edits:
    """The keys that add, edit and remove tools, and undo and redo."""

    def __init__(self, host: Host, search: SearchController, moves: Moves) -> None:
        self.host = host
        self.search = search
        self.moves = moves

    def _check(self, editing: Tool | None) -> Callable[[ToolValues], list]:
        catalog = self.host.catalog
        owners = KeyOwners(catalog.tools)  # once per form: typing checks cost a lookup
        return lambda values: check_values(catalog, values, editing, owners)

    # --- a: add -----------------------------------------------------------------------

    def add(self) -> None:
        """Open the form for a new tool in the highlighted segment."""
        from mlseg_tui.ui.screens.tool_form import ToolForm

        if refuse_while_busy(self.host):
            return
        host, view = self.host, self.host.view
        catalog = host.catalog
        segment = catalog.segments[view.active].id
        highlighted = view.current_tool()
        files, chosen = self._files_offered(highlighted)
        values = ToolValues("", segment, "")
        title = f"Add a tool to {one_line(catalog.segment_title(segment))}"
        form = ToolForm(
            title, values, catalog.segments, self._check(None), files, chosen,
            criteria=catalog.metric.criteria,
        )  # fmt: skip
        host.push_screen(form, lambda result: result and self._added(result.values, result.file))

    def _files_offered(
        self, highlighted: Tool | None
    ) -> tuple[list[tuple[str, Path | None]], Path | None]:
        """The files a new tool may go to, and the one chosen at first: none to choose in
        the one-file-a-tool layout (it gets its own); else the highlighted tool's file."""
        catalog = self.host.catalog
        if one_tool_per_file(catalog):
            return [], None
        counts = tool_counts(catalog)
        paths = sorted(counts)
        if len(paths) > MAX_FILES_OFFERED:
            paths = [highlighted.source.path] if highlighted is not None else []
        offered: list[tuple[str, Path | None]] = [
            (f"{file_label(catalog.root, path)} ({counts[path]})", path) for path in paths
        ]
        offered.append(("(a new file of its own)", None))
        chosen = highlighted.source.path if highlighted is not None else counts.most_common(1)[0][0]
        return offered, chosen

    def _added(self, values: ToolValues, file: Path | None) -> None:
        catalog, session = self.host.catalog, self.host.session
        new_file = file is None
        if new_file:
            pending = {tool.source.path for tool in session.new_files}
            near = self.host.view.current_tool()
            file = new_file_for(
                values.name,
                tools_folder(catalog, near, self.host.store.folders),
                self.host.store.files,
                pending,
            )
        tool = Tool(values.name, values.segment, values.reasoning, SourceRef(file, -1))
        for field in FIELDS:
            setattr(tool, field, values.get(field))
        tool.criteria = values.criteria  # answered in the form (not one of FIELDS)
        self._relist(lambda: session.add(tool, new_file=new_file))

    # --- e: edit ----------------------------------------------------------------------

    def edit(self) -> None:
        """Open the form on the highlighted tool."""
        from mlseg_tui.ui.screens.tool_form import ToolForm

        tool = self._current()
        if tool is None:
            return
        catalog = self.host.catalog
        title = f"Edit {one_line(tool.name)}"
        form = ToolForm(
            title, values_of(tool), catalog.segments, self._check(tool),
            criteria=catalog.metric.criteria,
        )  # fmt: skip
        self.host.push_screen(form, lambda result: result and self._edited(tool, result.values))

    def _edited(self, tool: Tool, values: ToolValues) -> None:
        if tool not in self.host.tools:
            return  # re-read away while the form was open
        before = values_of(tool)
        changes = {field: values.get(field) for field in values.changed(before)}
        edit = self.host.session.edit(tool, changes)
        if edit is not None:
            self._show(edit, undoing=False)

    # --- d: remove --------------------------------------------------------------------

    def remove(self) -> None:
        """Remove the highlighted tool, once the user confirms."""
        from mlseg_tui.ui.screens.remove_screen import RemoveScreen

        tool = self._current()
        if tool is None:
            return
        label = file_label(self.host.catalog.root, tool.source.path)

        def answered(choice: str | None) -> None:
            if choice == "remove" and tool in self.host.tools and not refuse_while_busy(self.host):
                self._relist(lambda: self.host.session.remove(tool))

        self.host.push_screen(RemoveScreen(tool.name, label), answered)

    # --- u and ctrl+r -----------------------------------------------------------------

    def undo(self) -> None:
        self._step(undoing=True)

    def redo(self) -> None:
        self._step(undoing=False)

    def _step(self, undoing: bool) -> None:
        if refuse_while_busy(self.host):
            return
        session = self.host.session
        peek = session.next_undo if undoing else session.next_redo
        if peek is None:
            self.host.notify(f"Nothing to {'undo' if undoing else 'redo'}.", timeout=3)
            return
        if peek.kind in ("add", "remove"):
            self._relist(session.undo if undoing else session.redo)
            return
        edit = session.undo() if undoing else session.redo()
        if edit is not None:
            self._show(edit, undoing)

    # --- showing what changed ---------------------------------------------------------

    def _current(self) -> Tool | None:
        """The highlighted tool; None (and a bell) when there is none, or it may not change."""
        if refuse_while_busy(self.host):
            return None
        tool = self.host.view.current_tool()
        if tool is None:
            self.host.bell()
        return tool

    def _show(self, edit: Edit, undoing: bool) -> None:
        """Show an edit (or its undoing) of a tool that stays in the catalog."""
        before, after = (edit.after, edit.before) if undoing else (edit.before, edit.after)
        assert before is not None and after is not None
        if before.values.keys != after.values.keys:
            self._relist(lambda: edit, edit.tool)  # what finds the tool changed
        elif before.values.segment != after.values.segment:
            self.moves.follow(edit.tool, before.values.segment)
        else:
            view = self.host.view
            for pane in view.panes:
                pane.refresh()  # a tentative mark may come or go
            view.show_detail(changed=True)
            self.host.show_unsaved()

    def _relist(self, change: Callable[[], Edit | None], focus: Tool | None = None) -> None:
        """Make `change` to the catalog's list of tools, then show the list again with the
        tool concerned highlighted (or the one that took its row) and index it anew."""
        host, view = self.host, self.host.view
        self.search.close(None)
        active, shown = view.selection()
        before = list(host.tools)
        rows = {pane.segment_id: list(pane.rows) for pane in view.panes}
        edit = change()
        if edit is None:
            return
        tool = focus or edit.tool
        present = {id(t) for t in host.tools}
        if id(tool) not in present:
            tool = _neighbour(tool, before, rows.get(tool.segment, []), present)
        shown = list(shown)
        if tool is not None and _hidden(view.placement, host.tools, tool):
            host.notify(
                f"{one_line(tool.name)} is not shown: the essay view hides the tools added "
                "since the essay (E shows every tool).",
                markup=False,
            )
        elif tool is not None:
            active = view.placement.segment_ids.index(tool.segment)
            shown[active] = tool
        view.restore((active, shown))
        self.search.use(host.tools)
        host.show_unsaved()


def _hidden(placement: Placement, tools: list[Tool], tool: Tool) -> bool:
    """Whether the view hides `tool` (the essay view hides tools added since the essay)."""
    return placement.keep is not None and not placement.keep(tool)


def _neighbour(tool: Tool, before: list[Tool], rows: list[int], present: set[int]) -> Tool | None:
    """The tool shown after `tool` in its pane (else before it) that is still present."""
    order = [before[index] for index in rows]
    if tool not in order:
        return None
    at = order.index(tool)
    for other in [*order[at + 1 :], *reversed(order[:at])]:
        if id(other) in present:
            return other
    return None
