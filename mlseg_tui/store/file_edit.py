"""Editing the tools of one file's bytes: where the `[[tools]]` headers are, and the
replacements (start, end, new bytes) that save a file's pending changes into it: edited
tables, removed tables, new tables appended.

Pure bytes in, bytes out: `save` reads and writes the file.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from mlseg_tui.domain.changes import Change
from mlseg_tui.domain.criteria import Metric
from mlseg_tui.domain.model import Tool
from mlseg_tui.store.edit_checks import EditError, WrongTable
from mlseg_tui.store.table_spans import appended_tables, removal_span
from mlseg_tui.store.toml_scan import ScanError, scan
from mlseg_tui.store.tomlkit_edit import edit_whole_file, indexes_by_name
from mlseg_tui.store.tool_edit import edit_tool_text
from mlseg_tui.store.value_texts import ValueTexts

Replacement = tuple[int, int, bytes]  # start, end, new bytes

# The quick search for `[[tools]]` headers: a literal search, then a check that the
# match starts its line. Lines inside multi-line strings can look the same, so a caller
# whose count disagrees with the number of tools the loader found uses careful_offsets.
_QUICK_TOOLS = re.compile(rb"""\[\[[ \t]*(?:tools|"tools"|'tools')[ \t]*\]\]""")
_QUICK_TAIL = re.compile(rb"[ \t]*(?:#[^\n]*)?(?:\r?\n|\Z)")


@dataclass
class FileChanges:
    """The pending changes one file takes: its tools edited, its tools removed, and new
    tools appended to it."""

    edits: list[Change] = field(default_factory=list)
    removals: list[Change] = field(default_factory=list)
    adds: list[Change] = field(default_factory=list)
    # The catalog's metric: which criteria of a tool written anew take several values.
    metric: Metric | None = None

    def all(self) -> list[Change]:
        return [*self.edits, *self.removals, *self.adds]

    def added_tools(self) -> list[Tool]:
        return [change.tool for change in self.adds]


@dataclass
class BodyEdit:
    """What saving a file's changes does to its bytes (after any BOM)."""

    replacements: list[Replacement]
    # Header offsets of the result, when known cheaply (None: find them again next time).
    offsets: list[int] | None
    # Positions in the file (as it was) of the removed tools' tables.
    removed: list[int]
    # The file holds nothing but what its removed tool brought: delete it.
    delete: bool = False


def quick_offsets(body: bytes) -> list[int]:
    """Byte offsets of the lines that look like `[[tools]]` headers; fast, not always right."""
    offsets = []
    for match in _QUICK_TOOLS.finditer(body):
        line_start = body.rfind(b"\n", 0, match.start()) + 1
        if body[line_start : match.start()].strip(b" \t"):
            continue
        if _QUICK_TAIL.match(body, match.end()):
            offsets.append(line_start)
    return offsets


def careful_offsets(body: bytes) -> list[int]:
    """Byte offsets of the real `[[tools]]` headers, found by scanning every line."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise EditError("the file is not UTF-8 text") from error
    char_offsets = [
        r.start for r in scan(text) if r.kind == "header" and r.keys == ("tools",) and r.is_array
    ]
    offsets = []
    done_chars = done_bytes = 0
    for offset in char_offsets:
        done_bytes += len(text[done_chars:offset].encode("utf-8"))
        done_chars = offset
        offsets.append(done_bytes)
    return offsets


def _saved_name(change: Change) -> str:
    return change.saved.values.name if change.saved is not None else change.tool.name


def _index(change: Change, indexes: Mapping[str, int] | None) -> int:
    return change.tool.source.index if indexes is None else indexes.get(_saved_name(change), -1)


def _span_of(body: bytes, offsets: list[int], index: int, name: str) -> tuple[int, int]:
    if not 0 <= index < len(offsets):
        raise WrongTable(f"the file holds no tool number {index + 1} ({name!r})")
    return offsets[index], offsets[index + 1] if index + 1 < len(offsets) else len(body)


def _edit_at(
    body: bytes,
    offsets: list[int],
    change: Change,
    index: int,
    texts: ValueTexts | None,
    metric: Metric | None = None,
) -> Replacement:
    start, end = _span_of(body, offsets, index, _saved_name(change))
    try:
        text = body[start:end].decode("utf-8")
    except UnicodeDecodeError as error:
        raise EditError("the tool's table is not UTF-8 text") from error
    try:
        new = edit_tool_text(text, change, texts, metric).encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: no TOML escape can hold it
        raise EditError(f"{change.tool.name!r} holds text that cannot be written") from None
    # What follows the tool's own lines (blank lines, the next tool's comments) is never
    # edited: leave it out of the replacement, so the next tool's removal may take it.
    old = body[start:end]
    same = 0
    limit = min(len(old), len(new))
    while same < limit and old[len(old) - 1 - same] == new[len(new) - 1 - same]:
        same += 1
    return start, end - same, new[: len(new) - same]


def tool_replacements(
    body: bytes,
    offsets: list[int],
    changes: FileChanges,
    indexes: Mapping[str, int] | None = None,
    texts: ValueTexts | None = None,
) -> BodyEdit | None:
    """The replacements that save `changes` into `body`, in file order; None when a tool
    is not where expected. `indexes`: where to look for each tool by its name on disk,
    instead of its loaded position."""
    replacements: list[Replacement] = []
    removed: list[int] = []
    try:
        for change in changes.edits:
            at = _index(change, indexes)
            replacements.append(_edit_at(body, offsets, change, at, texts, changes.metric))
        for change in changes.removals:
            index = _index(change, indexes)
            _span_of(body, offsets, index, _saved_name(change))
            start, end = removal_span(body, offsets, index, _saved_name(change))
            replacements.append((start, end, b""))
            removed.append(index)
    except WrongTable:
        return None
    replacements.sort()
    for (_, end, _), (start, _, _) in itertools.pairwise(replacements):
        if start < end:
            raise EditError("two changes overlap in the file")
    kept = shifted_offsets(offsets, replacements, set(removed))
    if not changes.adds and _emptied(body, offsets, replacements, removed):
        return BodyEdit(replacements, None, removed, delete=True)
    if changes.adds:
        size = len(body) + sum(len(new) - (end - start) for start, end, new in replacements)
        text, headers = appended_tables(body, changes.added_tools(), changes.metric)
        replacements.append((len(body), len(body), text))
        kept += [size + header for header in headers]
    return BodyEdit(replacements, kept, removed)


def _emptied(
    body: bytes, offsets: list[int], replacements: list[Replacement], removed: list[int]
) -> bool:
    """True when the file would be left with nothing, or with nothing but the comments
    that opened it when it held just the one tool removed (the bundled layout's
    `# Catalog entry for ...` line is that tool's): then the file goes."""
    if not removed:
        return False
    rest, done = [], 0
    for start, end, new in replacements:
        rest += [body[done:start], new]
        done = end
    rest.append(body[done:])
    if not b"".join(rest).strip():
        return True
    if len(offsets) != 1 or len(replacements) != 1:
        return False
    start, end, _ = replacements[0]
    if body[end:].strip():
        return False
    try:
        return all(record.kind == "trivia" for record in scan(body[:start].decode("utf-8")))
    except (UnicodeDecodeError, ScanError):
        return False


def edit_body(
    body: bytes,
    changes: FileChanges,
    known_offsets: list[int] | None,
    loaded_count: Callable[[int], int],
    by_name: bool,
    texts: ValueTexts | None = None,
) -> BodyEdit:
    """What saving `changes` does to `body` (a file's bytes after any BOM).

    `known_offsets`: the header offsets of exactly these bytes, when remembered.
    `loaded_count(found)`: how many tools the loader found in the file (`found`, the quick
    search's count, is a likely answer). `by_name`: find each tool by its name when its
    loaded position no longer holds it (the file changed on disk and the caller chose to
    overwrite). Raises EditError when the file cannot be edited safely.
    """
    edit = None
    try:
        careful = False
        if known_offsets is not None:
            offsets = known_offsets
        else:
            offsets = quick_offsets(body)
            if len(offsets) != loaded_count(len(offsets)):
                offsets, careful = careful_offsets(body), True
        edit = tool_replacements(body, offsets, changes, texts=texts)
        if edit is None and not careful:
            offsets = careful_offsets(body)
            edit = tool_replacements(body, offsets, changes, texts=texts)
        if edit is None and by_name:
            edit = tool_replacements(body, offsets, changes, indexes_by_name(body), texts)
    except ScanError:
        edit = None
    if edit is None:
        # No `[[tools]]` headers to follow (say, a `tools = [...]` array): use tomlkit.
        whole = edit_whole_file(
            body, changes.edits, changes.removals, changes.added_tools(), by_name, changes.metric
        )
        return BodyEdit([whole], None, [])
    return edit


def shifted_offsets(
    offsets: list[int], replacements: list[Replacement], removed: set[int] = frozenset()
) -> list[int]:
    """The header `offsets` once `replacements` (in file order) are made, without the
    headers of the `removed` tools (by position): headers after each replaced span move
    by the size changes of the spans before them."""
    shifted: list[int] = []
    delta = done = 0
    for start, end, replacement in replacements:
        cut = bisect.bisect_left(offsets, end)
        shifted += [o + delta for o in offsets[done:cut]] if delta else offsets[done:cut]
        delta += len(replacement) - (end - start)
        done = max(done, cut)
    shifted += [offset + delta for offset in offsets[done:]]
    if removed:
        shifted = [offset for index, offset in enumerate(shifted) if index not in removed]
    return shifted
