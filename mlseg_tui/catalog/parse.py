"""A tool file's tools: its bytes decoded, parsed (a big file a chunk of tables at a time)
and every table validated."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mlseg_tui.catalog.digest import file_hash
from mlseg_tui.catalog.source import SourceText, decode_text, parse_toml, read_bytes
from mlseg_tui.catalog.tool_table import build_tool
from mlseg_tui.domain.criteria import Metric
from mlseg_tui.domain.model import Problem, Tool

# A file of many [[tools]] tables is parsed this many tables at a time (see
# _tools_by_chunks); cut only before a header written exactly like this.
PARSE_CHUNK_TABLES = 5000
_TOOLS_HEADER = "\n[[tools]]"


def load_tool_file(
    path: Path,
    segment_ids: set[str] | None,
    problems: list[Problem],
    metric: Metric | None = None,
) -> tuple[list[Tool], str | None]:
    """The valid tools of one file and the hash of its bytes (None if unreadable)."""
    data = read_bytes(path, problems)
    if data is None:
        return [], None
    handed = [data]  # over to the parse, which frees the bytes once it has the text
    del data
    return parse_tool_file(path, handed.pop(), segment_ids, problems, metric=metric)


def parse_tool_file(
    path: Path,
    data: bytes,
    segment_ids: set[str] | None,
    problems: list[Problem],
    shared: dict[Any, Any] | None = None,
    metric: Metric | None = None,
) -> tuple[list[Tool], str]:
    """The valid tools in `data`, the bytes of the tool file `path`, and the bytes' hash.

    `shared` maps each repeated value (segment, kind, license, status, vendor, description,
    tag, tuple of tags) to one copy, so a catalog holds one string per segment, not one
    per tool. The cache keeps the sharing: marshal writes a shared object once.
    """
    source = decode_text(path, data, problems)
    if source is None:
        return [], file_hash(data)
    # From here on only the text is needed: a caller that handed its bytes over (kept no
    # name for them) gets them freed before the parse, which is when memory peaks.
    del data
    digest = source.digest
    tools = _tools_by_chunks(source, segment_ids, problems, shared, metric)
    if tools is not None:
        return tools, digest
    document = parse_toml(source, problems)
    if document is None:
        return [], digest
    tables = document.get("tools")
    for key in sorted(document.keys() - {"tools"}):
        problems.append(Problem(path, 1, 1, f"unknown top-level key `{key}` (ignored)", "warning"))
    if tables is None:
        problems.append(Problem(path, 1, 1, "file holds no [[tools]] tables", "warning"))
        return [], digest
    if not isinstance(tables, list):
        problems.append(Problem(path, 1, 1, "`tools` must be an array of [[tools]] tables"))
        return [], digest
    tools = []
    for index, table in enumerate(tables):
        tool = build_tool(table, source, index, segment_ids, problems, metric)
        if tool is not None:
            if shared is not None:
                _share_strings(tool, shared)
            tools.append(tool)
    return tools, digest


def _tools_by_chunks(
    source: SourceText,
    segment_ids: set[str] | None,
    problems: list[Problem],
    shared: dict[Any, Any] | None,
    metric: Metric | None,
) -> list[Tool] | None:
    """The tools of a file of many [[tools]] tables, parsed PARSE_CHUNK_TABLES at a time.

    tomli's document of a whole big file is large at once, and what it frees leaves the
    memory fragmented. Cut before a `[[tools]]` header, each
    piece is a document of its tables alone, unless the cut is inside a multi-line string
    or array, which then leaves a piece unterminated: any piece that does not parse as
    nothing but [[tools]] tables means None, and the file is parsed whole (which reports
    any error with its place). None too for a file of fewer tables.
    """
    text = source.text
    if text.count(_TOOLS_HEADER) < 2 * PARSE_CHUNK_TABLES:
        return None
    import tomli

    reported = len(problems)
    tools: list[Tool] = []
    index = 0
    cuts = _chunk_cuts(text)
    for lo, hi in zip([0, *cuts], [*cuts, len(text)], strict=True):
        try:
            document = tomli.loads(text[lo:hi])
        except (tomli.TOMLDecodeError, RecursionError, ValueError):
            document = {}
        tables = document.get("tools") if document.keys() == {"tools"} else None
        if type(tables) is not list:
            del problems[reported:]
            return None
        for table in tables:
            tool = build_tool(table, source, index, segment_ids, problems, metric)
            if tool is not None:
                if shared is not None:
                    _share_strings(tool, shared)
                tools.append(tool)
            index += 1
        del document, tables
    return tools


def _chunk_cuts(text: str) -> list[int]:
    """Positions of every PARSE_CHUNK_TABLES-th `[[tools]]` header that starts a line."""
    cuts = []
    seen = 0
    position = text.find(_TOOLS_HEADER)
    while position >= 0:
        seen += 1
        if seen % PARSE_CHUNK_TABLES == 0:
            cuts.append(position + 1)  # after the newline
        position = text.find(_TOOLS_HEADER, position + len(_TOOLS_HEADER))
    return cuts


def _share_strings(tool: Tool, shared: dict[Any, Any]) -> None:
    tool.segment = shared.setdefault(tool.segment, tool.segment)
    tool.kind = shared.setdefault(tool.kind, tool.kind)
    tool.license = shared.setdefault(tool.license, tool.license)
    tool.status = shared.setdefault(tool.status, tool.status)
    tool.vendor = shared.setdefault(tool.vendor, tool.vendor)
    # Descriptions repeat less; a unique one costs only a dict slot, and only while a
    # load parses.
    tool.description = shared.setdefault(tool.description, tool.description)
    if tool.tags:
        tags = tuple([shared.setdefault(tag, tag) for tag in tool.tags])
        tool.tags = shared.setdefault(tags, tags)
    if tool.criteria:
        # Few distinct answers to each criterion, though most tools' sets of them differ.
        answers = tuple([shared.setdefault(answer, answer) for answer in tool.criteria])
        tool.criteria = shared.setdefault(answers, answers)
