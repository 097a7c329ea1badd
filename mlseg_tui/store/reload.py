"""Re-reading tool files into a loaded catalog, keeping the Tool objects of tools still
there (references held elsewhere stay valid), in time linear in the catalog's size."""

from __future__ import annotations

import dataclasses
import os
import time
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from mlseg_tui.catalog.clashes import check_unique_keys
from mlseg_tui.catalog.files import read_regular_text
from mlseg_tui.catalog.parse import load_tool_file
from mlseg_tui.catalog.source import SourceText
from mlseg_tui.domain.edits import EditSession
from mlseg_tui.domain.model import Catalog, Problem, Tool
from mlseg_tui.store.disk_state import DiskState

# The warning of a re-read file that is gone (the browser announces it as a removal).
FILE_GONE = "the file no longer exists"

# Says why a file's re-read must not be taken (None: take it), from what the re-read found
# in it: its tools (only those that would join the catalog) and its problems.
Refusal = Callable[[Path, list[Tool], list[Problem]], str | None]


@dataclass
class Reread:
    """What a re-read did: the problems of the files taken, the tools of `keep` it no
    longer found, and the files `refuse` kept as they were (with why)."""

    problems: list[Problem] = field(default_factory=list)
    left_out: list[Tool] = field(default_factory=list)
    refused: dict[Path, str] = field(default_factory=dict)


def reload_files(
    catalog: Catalog,
    disk: DiskState,
    session: EditSession,
    paths: Sequence[Path],
    keep: Collection[Tool] = (),
    refuse: Refusal | None = None,
) -> Reread:
    """Re-read the tool files `paths`, in order.

    Tools still in a file keep their Tool objects (matched by name, else position),
    updated in place; tools gone from it leave `catalog.tools`, new ones join it where
    the file's tools were. The session forgets what it knew of the files' tools, except
    the moves of the `keep` tools still in the catalog (a save just wrote them). A file
    `refuse` gives a reason for is left as it was: its tools, their pending changes and
    what the store knew of its bytes all stay.
    """
    wanted = dict.fromkeys(paths)
    old: dict[Path, list[Tool]] = {path: [] for path in wanted}
    owners: dict[str, Tool] = {}  # every key in use, casefolded, and its tool
    for tool in catalog.tools:
        if tool.source.path in wanted:
            old[tool.source.path].append(tool)
        for key in tool.keys:
            owners[key.casefold()] = tool
    segment_ids = set(catalog.segment_ids())
    done = Reread()
    merged: dict[Path, list[Tool]] = {}
    for path in wanted:
        for tool in old[path]:
            for key in tool.keys:
                folded = key.casefold()
                if owners.get(folded) is tool:
                    del owners[folded]
        started = time.time_ns()
        before = _stat_or_none(path)
        problems: list[Problem] = []
        digest: str | None = None
        fresh: list[Tool] = []
        if before is None:
            problems.append(Problem(path, 1, 1, FILE_GONE, "warning"))
        else:
            fresh, digest = load_tool_file(path, segment_ids, problems, catalog.metric)
            fresh = _unique_tools(path, fresh, owners, problems)
        reason = refuse(path, fresh, problems) if refuse is not None else None
        if reason is not None:
            done.refused[path] = reason
            fresh = old[path]  # the catalog keeps the file's tools as they were
        elif digest is None:
            disk.forget(path)
        elif before is not None:
            disk.hashes[path] = digest
            disk.confirm(path, digest, before, started)
        if reason is None:
            done.problems += problems
            fresh = merge_in_place(old[path], fresh)
        merged[path] = fresh
        for tool in fresh:
            for key in tool.keys:
                owners[key.casefold()] = tool
    _replace_tools(catalog, merged)
    taken = [path for path in wanted if path not in done.refused]
    present = {tool for tools in merged.values() for tool in tools}
    reread = [tool for path in taken for tool in old[path]]
    kept = {tool for tool in keep if tool in present}
    session.forget(tool for tool in reread if tool not in kept)
    session.forget_removals_in(taken)  # the files hold those tools again
    session.placement.refresh()  # the tool list changed
    dropped = set(keep).difference(present)
    done.left_out = [tool for tool in reread if tool in dropped]
    return done


def _replace_tools(catalog: Catalog, merged: dict[Path, list[Tool]]) -> None:
    """Put each file's `merged` tools where its old tools began (at the end for a file
    that held none), in one pass."""
    tools: list[Tool] = []
    placed: set[Path] = set()
    for tool in catalog.tools:
        path = tool.source.path
        if path not in merged:
            tools.append(tool)
        elif path not in placed:
            placed.add(path)
            tools += merged[path]
    for path, file_tools in merged.items():
        if path not in placed:
            tools += file_tools
    # Update the list in place: the UI may hold it.
    catalog.tools[:] = tools


def _unique_tools(
    path: Path, fresh: list[Tool], owners: dict[str, Tool], problems: list[Problem]
) -> list[Tool]:
    """`fresh` without tools whose name or alias another file's tool (in `owners`) uses."""
    fresh = check_unique_keys(fresh, problems)
    kept = []
    lines: SourceText | None = None
    for tool in fresh:
        clash = next((key for key in tool.keys if key.casefold() in owners), None)
        if clash is None:
            kept.append(tool)
            continue
        if lines is None:
            try:
                text = read_regular_text(path)
            except OSError:
                text = ""  # gone since it was parsed: the problem points at line 1
            lines = SourceText(path, text)
        owner = owners[clash.casefold()]
        problems.append(
            Problem(
                path,
                lines.tool_line(tool.source.index),
                1,
                f"{clash!r} is already used by {owner.name!r} ({owner.source.path}); "
                f"tool {tool.name!r} skipped",
            )
        )
    return kept


def merge_in_place(old_tools: list[Tool], fresh: list[Tool]) -> list[Tool]:
    """`fresh`, with each tool that matches an old one (by name, else by position) put
    into that old Tool object instead."""
    by_name = {tool.name.casefold(): tool for tool in old_tools}
    by_index = {tool.source.index: tool for tool in old_tools}
    fresh_names = {tool.name.casefold() for tool in fresh}
    used: set[Tool] = set()
    chosen: list[Tool | None] = []
    for tool in fresh:
        match = by_name.get(tool.name.casefold())
        if match is not None and match not in used:
            used.add(match)
        else:
            match = None
        chosen.append(match)
    for number, tool in enumerate(fresh):
        if chosen[number] is None:
            match = by_index.get(tool.source.index)
            if match is not None and match not in used and match.name.casefold() not in fresh_names:
                used.add(match)
                chosen[number] = match
    merged = []
    for tool, match in zip(fresh, chosen, strict=True):
        if match is None:
            merged.append(tool)
            continue
        for item in dataclasses.fields(Tool):
            setattr(match, item.name, getattr(tool, item.name))
        merged.append(match)
    return merged


def _stat_or_none(path: Path) -> os.stat_result | None:
    try:
        return os.stat(path)
    except OSError:
        return None
