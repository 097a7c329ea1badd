"""Read a catalog folder, validate it strictly, and report every problem with its place.

One pass collects all problems instead of stopping at the first, so a user fixing a
hand-edited or merged catalog sees everything at once. Tools with errors are left out;
the valid rest is still returned so the browser can open with a list of problems.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import re
import stat
import time
from array import array
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mlseg_tui.catalog import cache as catalog_cache
from mlseg_tui.catalog.cache import Signature, blake2b
from mlseg_tui.domain.model import (
    SEGMENT_IDS,
    Catalog,
    EssayListing,
    FileStamps,
    HistoryEntry,
    Problem,
    Segment,
    SourceRef,
    Tool,
)

SEGMENTS_FILE = "segments.toml"
# Deeper folders are skipped (reported): the walk recurses, and no catalog needs more.
MAX_FOLDER_DEPTH = 100
UTF8_BOM = b"\xef\xbb\xbf"

# A file of many [[tools]] tables is parsed this many tables at a time (see
# _tools_by_chunks); cut only before a header written exactly like this.
PARSE_CHUNK_TABLES = 5000
_TOOLS_HEADER = "\n[[tools]]"

# A `[[tools]]` header at the start of a line. Used only to point problems at a line,
# so a look-alike inside a multi-line string can at worst misplace a line number.
TOOL_HEADER = re.compile(r"^[ \t]*\[\[[ \t]*tools[ \t]*\]\]", re.MULTILINE)

STRING_FIELDS = (
    "kind",
    "description",
    "vendor",
    "homepage",
    "repository",
    "license",
    "status",
)
KNOWN_FIELDS = frozenset(
    {
        "name",
        "segment",
        "reasoning",
        "aliases",
        "tentative",
        "open_source",
        "tags",
        "essay",
        "history",
        *STRING_FIELDS,
    }
)
ESSAY_FIELDS = frozenset({"listed_as", "segments", "note"})
HISTORY_FIELDS = frozenset({"date", "from", "to", "reason", "previous_reasoning"})
SEGMENT_FIELDS = frozenset({"id", "title", "definition", "scale", "source", "note"})


@dataclass
class LoadResult:
    """The catalog (None when it cannot be used at all) and every problem found."""

    catalog: Catalog | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def ok(self) -> bool:
        return self.catalog is not None and not self.errors


class CatalogNotFound(Exception):
    """The catalog folder does not exist or is not a folder."""


@dataclass
class SourceText:
    """A file's decoded text, with helpers to turn table positions into line numbers."""

    path: Path
    text: str
    digest: str = ""
    _headers: list[int] | None = None

    def tool_line(self, index: int) -> int:
        """Line of the `index`-th `[[tools]]` header, or 1 when it cannot be found."""
        if self._headers is None:
            self._headers = [
                self.text.count("\n", 0, m.start()) + 1 for m in TOOL_HEADER.finditer(self.text)
            ]
        return self._headers[index] if index < len(self._headers) else 1

    def key_line(self, index: int, key: str) -> int:
        """Line where `key = ...` is set inside the `index`-th tool, else its header."""
        start = self.tool_line(index)
        lines = self.text.splitlines()
        pattern = re.compile(rf"^\s*(?:{re.escape(key)}|\"{re.escape(key)}\")\s*=")
        for number in range(start, len(lines) + 1):
            line = lines[number - 1]
            if number > start and TOOL_HEADER.match(line):
                break
            if pattern.match(line):
                return number
        return start


def read_text(path: Path, problems: list[Problem]) -> SourceText | None:
    """Read a file as UTF-8 text, reporting why not when it cannot be."""
    data = read_bytes(path, problems)
    return None if data is None else decode_text(path, data, problems)


def read_bytes(path: Path, problems: list[Problem]) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError as error:
        problems.append(Problem(path, 1, 1, f"cannot read file: {error.strerror}"))
        return None


def decode_text(path: Path, data: bytes, problems: list[Problem]) -> SourceText | None:
    """`data` as UTF-8 text (a byte-order mark dropped with a warning), or None if it is not."""
    digest = file_hash(data)
    if data.startswith(UTF8_BOM):
        problems.append(Problem(path, 1, 1, "file starts with a UTF-8 byte-order mark", "warning"))
        data = data[len(UTF8_BOM) :]
    nul = data.find(b"\x00")
    if nul >= 0:
        line, column = _line_column(data, nul)
        problems.append(Problem(path, line, column, "file holds a NUL byte"))
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _line_column(data, error.start)
        problems.append(
            Problem(
                path,
                line,
                column,
                f"not UTF-8 text (byte 0x{data[error.start]:02x} cannot be decoded)",
            )
        )
        return None
    return SourceText(path, text, digest)


def _line_column(data: bytes, offset: int) -> tuple[int, int]:
    line_start = data.rfind(b"\n", 0, offset) + 1
    return data.count(b"\n", 0, offset) + 1, offset - line_start + 1


def parse_toml(source: SourceText, problems: list[Problem]) -> dict[str, Any] | None:
    import tomli  # here, not at the top: a load served by the cache parses nothing

    try:
        return tomli.loads(source.text)
    except tomli.TOMLDecodeError as error:
        line = getattr(error, "lineno", 1) or 1
        column = getattr(error, "colno", 1) or 1
        message = getattr(error, "msg", str(error))
        hint = " (an unresolved git merge conflict?)" if "<<<<<<<" in source.text else ""
        problems.append(Problem(source.path, line, column, f"malformed TOML: {message}{hint}"))
        return None
    except RecursionError:  # tomli refuses arrays or inline tables nested 400 deep this way
        problems.append(Problem(source.path, 1, 1, "malformed TOML: nested too deeply"))
        return None
    except ValueError as error:  # an integer of more than 4300 digits, for one
        problems.append(Problem(source.path, 1, 1, f"malformed TOML: {error}"))
        return None


def file_hash(data: bytes) -> str:
    return blake2b(data, digest_size=16).hexdigest()


def stat_stamp(digest: str, signature: Signature) -> int:
    """One int standing for "a file of this signature holds bytes of this hash": one per file
    costs ~40 bytes where the tuples cost ~200 at 100k files."""
    return hash((digest, *signature))


def signature_of(info: os.stat_result) -> Signature:
    return (info.st_mtime_ns, info.st_ctime_ns, info.st_size, info.st_ino, info.st_dev)


def settled(signature: Signature, read_at_ns: int) -> bool:
    """True when a file of this signature, read after `read_at_ns`, cannot change later
    without changing its signature: its last change is older than the timestamps' grain."""
    return max(signature[0], signature[1]) < read_at_ns - catalog_cache.RACY_NS


# A tool file found by the walk: its path relative to the root ("tools/x.toml"), its path,
# and its stat signature (see cache.signature). A plain tuple: at 100k files every
# microsecond and every byte a file counts.
ToolFile = tuple[str, Path, Signature]


def iter_tool_files(root: Path, problems: list[Problem]) -> Iterator[Path]:
    """Every tool file under `root` in a stable order, never following folder links."""
    for _, path, _ in scan_tool_files(root, problems):
        yield path


def scan_tool_files(root: Path, problems: list[Problem]) -> list[ToolFile]:
    """`iter_tool_files` with each file's stat, from one `scandir` pass and one `stat` a file."""
    found: list[ToolFile] = []
    for item in _scan(root):
        if isinstance(item, Problem):
            problems.append(item)
        else:
            found.append(item)
    return found


def _scan(root: Path, folders: dict[Path, int] | None = None) -> Iterator[ToolFile | Problem]:
    """Tool files and the walk's problems, in the order of a sorted top-down `os.walk`.

    A folder's warnings come first, then its files by name, then its subfolders by name;
    an unreadable folder is skipped silently. Problems stay in line with the files so that
    a load reports everything in the order it meets it. Files come one at a time, each
    stat'ed as it is handed out: a list of 100k files with their signatures held ~50 MB.
    `folders`, when given, gets the `folder_stamp` of each folder walked.
    """
    return scan_folder(root, "", folders, time.time_ns())


def scan_folder(
    folder: Path, rel: str, folders: dict[Path, int] | None, started_ns: int
) -> Iterator[ToolFile | Problem]:
    """`_scan` from one folder down; `rel` is its path from the catalog root ("" or "a/")."""
    if rel.count("/") >= MAX_FOLDER_DEPTH:
        yield Problem(folder, 1, 1, f"folder nested over {MAX_FOLDER_DEPTH} deep; skipped")
        return
    if folders is not None:
        folders[folder] = folder_stamp(folder, started_ns)  # before listing, never after
    subfolders: list[tuple[str, bool]] = []  # (name, is a link)
    names: list[str] = []  # tool files (or what looks like one: a link, a fifo)
    try:
        # Only names are kept: 100k DirEntry or stat objects would cost ~60 MB.
        with os.scandir(folder) as listing:
            for entry in listing:
                name = entry.name
                try:
                    is_folder = entry.is_dir()
                except OSError:
                    is_folder = False
                if is_folder:
                    if not name.startswith("."):
                        subfolders.append((name, _is_link(entry)))
                elif name.endswith(".toml") and not name.startswith("."):
                    if not rel and name == SEGMENTS_FILE:
                        continue
                    names.append(name)
    except OSError:
        return
    subfolders.sort()
    names.sort()
    child = getattr(folder, "_make_child_relpath", folder.joinpath)
    for name, _ in subfolders:
        if name.endswith(".toml"):
            yield Problem(folder / name, 1, 1, "a folder named .toml is skipped", "warning")
    prefix = os.path.join(folder, "")
    for name in names:
        path = child(name)
        signature = _signature(prefix + name)
        if signature is None:
            yield Problem(path, 1, 1, "not a regular file (a broken link?); skipped")
        else:
            yield (rel + name, path, signature)
    for name, linked in subfolders:
        if not linked:
            yield from scan_folder(child(name), f"{rel}{name}/", folders, started_ns)


def folder_stamp(folder: Path, started_ns: int) -> int:
    """A folder's stat as one int: it changes whenever an entry is added, removed or renamed
    in the folder. 0 when the folder cannot be stat'ed, or changed too recently (after
    `started_ns` less the timestamps' grain) to vouch for a listing made after it."""
    try:
        info = os.stat(folder)
    except OSError:
        return 0
    signature = signature_of(info)
    return hash(signature) if settled(signature, started_ns) else 0


def _signature(path: str) -> Signature | None:
    """The cache signature of a regular file (links followed), or None for anything else."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    return signature_of(info)


def _is_link(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_symlink()
    except OSError:
        return False


def load_segments(root: Path, problems: list[Problem]) -> list[Segment] | None:
    path = root / SEGMENTS_FILE
    if not path.is_file():
        problems.append(
            Problem(path, 1, 1, f"missing {SEGMENTS_FILE}: the catalog defines no segments")
        )
        return None
    source = read_text(path, problems)
    if source is None:
        return None
    document = parse_toml(source, problems)
    if document is None:
        return None
    tables = document.get("segments")
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        problems.append(Problem(path, 1, 1, "expected [[segments]] tables"))
        return None
    segments: list[Segment] = []
    seen: set[str] = set()
    failed = False
    for index, table in enumerate(tables):
        line = _segment_line(source.text, index)
        values = {}
        for key in ("id", "title", "definition"):
            value = table.get(key)
            if not isinstance(value, str) or not value.strip():
                problems.append(Problem(path, line, 1, f"segment needs a non-empty string `{key}`"))
                failed = True
            values[key] = value if isinstance(value, str) else ""
        for key in ("scale", "source", "note"):
            value = table.get(key, "")
            if not isinstance(value, str):
                problems.append(Problem(path, line, 1, f"`{key}` must be a string"))
                failed = True
                value = ""
            values[key] = value
        for key in table.keys() - SEGMENT_FIELDS:
            problems.append(Problem(path, line, 1, f"unknown field `{key}`", "warning"))
        segment_id = values["id"]
        if segment_id and segment_id not in SEGMENT_IDS:
            problems.append(
                Problem(
                    path,
                    line,
                    1,
                    f"unknown segment id {segment_id!r} (expected one of {', '.join(SEGMENT_IDS)})",
                )
            )
            failed = True
        elif segment_id in seen:
            problems.append(Problem(path, line, 1, f"segment {segment_id!r} is defined twice"))
            failed = True
        seen.add(segment_id)
        segments.append(Segment(**values))
    for missing in [s for s in SEGMENT_IDS if s not in seen]:
        problems.append(Problem(path, 1, 1, f"segment {missing!r} is not defined"))
        failed = True
    return None if failed else segments


def _segment_line(text: str, index: int) -> int:
    headers = [
        text.count("\n", 0, m.start()) + 1
        for m in re.finditer(r"^[ \t]*\[\[[ \t]*segments[ \t]*\]\]", text, re.MULTILINE)
    ]
    return headers[index] if index < len(headers) else 1


class _ToolChecker:
    """Validates one tool table; every problem is pinned to the key's line."""

    def __init__(self, source: SourceText, index: int, problems: list[Problem]) -> None:
        self.source = source
        self.index = index
        self.problems = problems
        self.failed = False

    def problem(self, key: str | None, message: str, severity: str = "error") -> None:
        line = self.source.key_line(self.index, key) if key else self.source.tool_line(self.index)
        self.problems.append(Problem(self.source.path, line, 1, message, severity))
        if severity == "error":
            self.failed = True

    def string(self, table: dict[str, Any], key: str, required: bool = False) -> str:
        value = table.get(key)
        if value is None:
            if required:
                self.problem(None, f"tool is missing the required field `{key}`")
            return ""
        if not isinstance(value, str):
            self.problem(key, f"`{key}` must be a string, not {_type_name(value)}")
            return ""
        if required and not value.strip():
            self.problem(key, f"`{key}` must not be empty")
        return value

    def strings(self, table: dict[str, Any], key: str) -> tuple[str, ...]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(key, f"`{key}` must be an array of strings, not {_type_name(value)}")
            return ()
        return tuple(value)

    def boolean(self, table: dict[str, Any], key: str) -> bool | None:
        value = table.get(key)
        if value is None or isinstance(value, bool):
            return value
        self.problem(key, f"`{key}` must be true or false, not {_type_name(value)}")
        return None


def _type_name(value: object) -> str:
    names = {str: "a string", bool: "a boolean", int: "an integer", float: "a float",
             list: "an array", dict: "a table"}  # fmt: skip
    return names.get(type(value), type(value).__name__)


def build_tool(
    table: Any,
    source: SourceText,
    index: int,
    segment_ids: set[str] | None,
    problems: list[Problem],
) -> Tool | None:
    """A Tool from one `[[tools]]` table, or None when it has errors (all reported)."""
    tool = _clean_tool(table, source.path, index, segment_ids)
    if tool is not None:
        return tool
    check = _ToolChecker(source, index, problems)
    if not isinstance(table, dict):
        check.problem(None, "each entry of `tools` must be a table")
        return None
    name = check.string(table, "name", required=True)
    segment = check.string(table, "segment", required=True)
    reasoning = check.string(table, "reasoning", required=True)
    if segment and segment_ids is not None and segment not in segment_ids:
        check.problem(
            "segment",
            f"unknown segment id {segment!r} (expected one of {', '.join(sorted(segment_ids))})",
        )
    aliases = check.strings(table, "aliases")
    if any(not alias.strip() for alias in aliases):
        check.problem("aliases", "an alias must not be empty")
    tags = check.strings(table, "tags")
    tentative = check.boolean(table, "tentative") or False
    open_source = check.boolean(table, "open_source")
    strings = {key: check.string(table, key) for key in STRING_FIELDS}
    essay = _essay(table.get("essay"), check)
    history = _history(table.get("history"), check)
    for key in sorted(table.keys() - KNOWN_FIELDS):
        check.problem(key, f"unknown field `{key}` (ignored)", "warning")
    if check.failed:
        return None
    return Tool(
        name=name,
        segment=segment,
        reasoning=reasoning,
        source=SourceRef(source.path, index),
        aliases=aliases,
        tentative=tentative,
        open_source=open_source,
        tags=tags,
        essay=essay,
        history=history,
        **strings,
    )


FAST_FIELDS = KNOWN_FIELDS - {"history"}


def _clean_tool(table: Any, path: Path, index: int, segment_ids: set[str] | None) -> Tool | None:
    """The Tool of a table with nothing to report, or None to let the checks decide.

    Most tables are clean; checking them with plain type tests here is a few times faster
    than the reporting path, which also finds every problem's line. Anything unusual
    (a history, a wrong type, an empty value, an unknown key) takes that path instead.
    """
    if type(table) is not dict or not table.keys() <= FAST_FIELDS:
        return None
    get = table.get
    name, segment, reasoning = get("name"), get("segment"), get("reasoning")
    if type(name) is not str or type(segment) is not str or type(reasoning) is not str:
        return None
    if not name.strip() or not segment.strip() or not reasoning.strip():
        return None
    if segment_ids is not None and segment not in segment_ids:
        return None
    aliases, tags = get("aliases", []), get("tags", [])
    if not _clean_strings(aliases, nonblank=True) or not _clean_strings(tags, nonblank=False):
        return None
    tentative, open_source = get("tentative", False), get("open_source")
    if type(tentative) is not bool or (open_source is not None and type(open_source) is not bool):
        return None
    strings = [get(key, "") for key in STRING_FIELDS]
    if not all(type(value) is str for value in strings):
        return None
    essay = get("essay")
    if essay is not None:
        essay = _clean_essay(essay)
        if essay is None:
            return None
    kind, description, vendor, homepage, repository, license, status = strings
    return Tool(
        name, segment, reasoning, SourceRef(path, index), tuple(aliases), tentative, kind,
        description, vendor, homepage, repository, open_source, license, status, tuple(tags),
        essay,
    )  # fmt: skip


def _clean_strings(value: Any, nonblank: bool) -> bool:
    """An array of strings (none blank, if `nonblank`)."""
    if type(value) is not list:
        return False
    if nonblank:
        return all(type(item) is str and item.strip() for item in value)
    return all(type(item) is str for item in value)


def _clean_essay(value: Any) -> EssayListing | None:
    if type(value) is not dict or not value.keys() <= ESSAY_FIELDS:
        return None
    listed_as = value.get("listed_as", [])
    segments = value.get("segments", [])
    note = value.get("note", "")
    if not _clean_strings(listed_as, nonblank=False) or not _clean_strings(
        segments, nonblank=False
    ):
        return None
    if type(note) is not str:
        return None
    return EssayListing(tuple(listed_as), tuple(segments), note)


def _essay(value: Any, check: _ToolChecker) -> EssayListing | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        check.problem("essay", "`essay` must be a table")
        return None
    listed_as = check.strings(value, "listed_as")
    segments = check.strings(value, "segments")
    note = value.get("note", "")
    if not isinstance(note, str):
        check.problem("note", "`essay.note` must be a string")
        note = ""
    for key in sorted(value.keys() - ESSAY_FIELDS):
        check.problem(key, f"unknown field `essay.{key}` (ignored)", "warning")
    return EssayListing(listed_as, segments, note)


def history_date(value: Any) -> dt.date | None:
    """A history entry's `date`: a TOML date, the date of a date-time, or an ISO string."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return value if isinstance(value, dt.date) else None


def _history(value: Any, check: _ToolChecker) -> tuple[HistoryEntry, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        check.problem("history", "`history` must be an array of tables ([[tools.history]])")
        return ()
    entries = []
    for entry in value:
        date = history_date(entry.get("date"))
        if date is None:
            check.problem("date", "history `date` must be a date like 2026-11-27")
            continue
        texts = {}
        for key in ("from", "to", "reason", "previous_reasoning"):
            text = entry.get(key, "")
            if not isinstance(text, str):
                check.problem(key, f"history `{key}` must be a string")
                text = ""
            texts[key] = text
        if not texts["from"] or not texts["to"]:
            check.problem("history", "a history entry needs `from` and `to`")
        for key in sorted(entry.keys() - HISTORY_FIELDS):
            check.problem(key, f"unknown field `history.{key}` (ignored)", "warning")
        entries.append(
            HistoryEntry(
                date, texts["from"], texts["to"], texts["reason"], texts["previous_reasoning"]
            )
        )
    return tuple(entries)


def load_tool_file(
    path: Path,
    segment_ids: set[str] | None,
    problems: list[Problem],
) -> tuple[list[Tool], str | None]:
    """The valid tools of one file and the hash of its bytes (None if unreadable)."""
    data = read_bytes(path, problems)
    if data is None:
        return [], None
    handed = [data]  # over to the parse, which frees the bytes once it has the text
    del data
    return parse_tool_file(path, handed.pop(), segment_ids, problems)


def parse_tool_file(
    path: Path,
    data: bytes,
    segment_ids: set[str] | None,
    problems: list[Problem],
    shared: dict[Any, Any] | None = None,
) -> tuple[list[Tool], str]:
    """The valid tools in `data`, the bytes of the tool file `path`, and the bytes' hash.

    `shared` maps each repeated value (segment, kind, license, status, vendor, description,
    tag, tuple of tags) to one copy, so 100k tools hold four segment strings instead of
    100k. The cache keeps the sharing: marshal writes a shared object once.
    """
    source = decode_text(path, data, problems)
    if source is None:
        return [], file_hash(data)
    # From here on only the text is needed: a caller that handed its bytes over (kept no
    # name for them) gets them freed before the parse, 43 MB at 100k tools in one file.
    del data
    digest = source.digest
    tools = _tools_by_chunks(source, segment_ids, problems, shared)
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
        tool = build_tool(table, source, index, segment_ids, problems)
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
) -> list[Tool] | None:
    """The tools of a file of many [[tools]] tables, parsed PARSE_CHUNK_TABLES at a time.

    tomli's document of 100k tables took ~120 MB at once, and what it freed left the
    memory fragmented (~140 MB of a cold load's RSS). Cut before a `[[tools]]` header, each
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
            tool = build_tool(table, source, index, segment_ids, problems)
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
    # Descriptions repeat less (13k distinct in the synthetic 100k, fewer in a real
    # catalog); a unique one costs only a dict slot, and only while a load parses.
    tool.description = shared.setdefault(tool.description, tool.description)
    if tool.tags:
        tags = tuple([shared.setdefault(tag, tag) for tag in tool.tags])
        tool.tags = shared.setdefault(tags, tags)


def check_unique_keys(tools: list[Tool], problems: list[Problem]) -> list[Tool]:
    """Drop tools whose name or alias another tool already uses, reporting both places."""
    return _drop_clashes(tools, find_clashes(tools), problems)


def find_clashes(tools: list[Tool]) -> list[tuple[int, str, int]]:
    """(index of a tool to skip, the key it shares, index of the earlier tool owning it)."""
    owners: dict[str, int] = {}
    clashes = []
    for index, tool in enumerate(tools):
        name_key = tool.name.casefold()
        if not tool.aliases:
            # Most tools have no alias: one lookup, no tuple built.
            owner = owners.setdefault(name_key, index)
            if owner != index:
                clashes.append((index, tool.name, owner))
            continue
        clash = None
        for key in tool.keys:
            owner = owners.get(key.casefold())
            if owner is not None:
                clash = (index, key, owner)
                break
        if clash is not None:
            clashes.append(clash)
            continue
        for key in tool.keys:
            owners.setdefault(key.casefold(), index)
    return clashes


def _drop_clashes(
    tools: list[Tool], clashes: list[tuple[int, str, int]], problems: list[Problem]
) -> list[Tool]:
    if not clashes:
        return tools
    for index, key, owner in clashes:
        _report_clash(tools[index], key, tools[owner], problems)
    skipped = {index for index, _, _ in clashes}
    return [tool for index, tool in enumerate(tools) if index not in skipped]


def _report_clash(tool: Tool, key: str, owner: Tool, problems: list[Problem]) -> None:
    problems.append(
        Problem(
            tool.source.path,
            _tool_line(tool),
            1,
            f"{key!r} is already used by {owner.name!r} "
            f"({owner.source.path}:{_tool_line(owner)}); tool {tool.name!r} skipped",
        )
    )


def _tool_line(tool: Tool) -> int:
    try:
        text = tool.source.path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return 1
    return SourceText(tool.source.path, text).tool_line(tool.source.index)


def load_catalog(root: Path, *, use_cache: bool = True) -> LoadResult:
    """Load and validate the catalog in folder `root`.

    Raises CatalogNotFound when `root` is not a folder; every other problem is reported.
    Each tool file's result comes from the cache (see `cache.py`) when the file provably did
    not change; `use_cache=False` (or MLSEG_NO_CACHE=1) reads every file.
    """
    root = Path(root)
    if not root.is_dir():
        raise CatalogNotFound(f"{root}: no such catalog folder")
    with _collector_paused():
        return _load(root, use_cache)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Keep the cyclic garbage collector out of a load, which makes ~10 objects a tool and no
    cycles: at 100k tools repeated collections would cost more than the parse.

    On the way out, freeze() then unfreeze() moves every live object to the oldest generation
    without scanning it (both are O(1)), so the first allocation after the load does not set
    off a scan of the whole catalog either; the objects stay collectable as usual.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.freeze()
            gc.unfreeze()
            gc.enable()


class _KeptFiles:
    """What a new cache needs of each file read, but its tool records, until the load knows
    whether to write one; the records are made again from the tools if it does.

    Kept in columns: as a tuple of ints per file (signature, read time, tool count), 100k
    files held ~35 MB at the load's peak, as an array of 64-bit numbers ~6 MB.
    """

    WIDTH = 7  # numbers per file: the 5 of its signature, its read time, its tool count

    def __init__(self) -> None:
        self.rels: list[str] = []
        self.digests: list[str] = []
        self.numbers = array("q")
        self.odd_numbers: dict[int, list[int]] = {}  # by file: numbers that do not fit
        self.problems: dict[int, tuple[catalog_cache.ProblemRecord, ...]] = {}  # by file

    def add(
        self,
        rel: str,
        signature: catalog_cache.Signature,
        read_at: int,
        digest: str,
        tool_count: int,
        problem_records: tuple[catalog_cache.ProblemRecord, ...],
    ) -> None:
        number = len(self.rels)
        self.rels.append(rel)
        self.digests.append(digest)
        values = [*signature, read_at, tool_count]
        try:
            self.numbers.fromlist(values)  # all or nothing
        except OverflowError:  # an inode number of 2**63 or more, say
            self.numbers.fromlist([0] * self.WIDTH)
            self.odd_numbers[number] = values
        if problem_records:
            self.problems[number] = problem_records

    def entries(self, tools: list[Tool]) -> Iterator[tuple[str, catalog_cache.Entry]]:
        """The cache entries of the files kept, whose tools are `tools`, in order: made one
        at a time, as the cache writes them."""
        record = catalog_cache.tool_record
        start = 0
        width = self.WIDTH
        for number, rel in enumerate(self.rels):
            values = (
                self.odd_numbers.get(number) or self.numbers[number * width : (number + 1) * width]
            )
            mtime, ctime, size, inode, device, read_at, count = values
            records = tuple(map(record, tools[start : start + count]))
            yield (
                rel,
                (
                    (mtime, ctime, size, inode, device),
                    read_at,
                    self.digests[number],
                    records,
                    self.problems.get(number, ()),
                ),
            )
            start += count


def _load(root: Path, use_cache: bool) -> LoadResult:
    started_ns = time.time_ns()
    problems: list[Problem] = []
    # Hashed before it is parsed: a change in between then shows as a change, never hides.
    segments_hash = hash_or_empty(root / SEGMENTS_FILE)
    segments = load_segments(root, problems)
    segment_ids = {s.id for s in segments} if segments else None
    store = None
    if use_cache:
        segment_key = tuple(sorted(segment_ids)) if segment_ids is not None else None
        store = catalog_cache.CatalogCache.open(root, segment_key)
    cached = store.entries if store is not None else {}
    # The cached files in order: the walk must meet the same ones for the clashes to hold.
    expected = iter(list(cached))
    same_files = True
    kept = _KeptFiles()
    all_cached = True
    shared: dict[Any, Any] = {segment_id: segment_id for segment_id in SEGMENT_IDS}
    tools: list[Tool] = []
    hashes: dict[Path, str] = {}
    # Stamps of the files whose stat proves their bytes (see `settled`); 0 for the others.
    stamp_paths: list[Path] = []
    stamps = array("q")
    folders: dict[Path, int] = {}
    for item in _scan(root, folders):
        if isinstance(item, Problem):
            problems.append(item)
            continue
        rel, path, current = item
        same_files = same_files and next(expected, None) == rel
        # Popped, so that each entry's tuples go as soon as its tools are made: held to
        # the end, the entries of 100k files cost ~30 MB at the load's peak.
        entry = cached.pop(rel, None)
        file_tools = None
        if entry is not None and catalog_cache.trusted(entry, current):
            file_tools = _from_entry(entry, path, problems)
            if file_tools is not None:
                signature, read_at, digest, _, problem_records = entry
                kept.add(rel, signature, read_at, digest, len(file_tools), problem_records)
                hashes[path] = digest
                stamp_paths.append(path)
                stamps.append(stat_stamp(digest, current))  # `trusted` implies `settled`
        if file_tools is None:
            all_cached = False
            file_tools, digest = _read_tool_file(
                rel, path, current, entry, started_ns, segment_ids, problems, shared, kept
            )
            if digest is not None:
                hashes[path] = digest
                stamp_paths.append(path)
                stamps.append(stat_stamp(digest, current) if settled(current, started_ns) else 0)
        del entry
        tools += file_tools
    if store is not None and all_cached and same_files and next(expected, None) is None:
        # Nothing changed since the cache was written, so neither did the names' clashes.
        clashes = list(store.clashes)
    else:
        clashes = find_clashes(tools)
        if store is not None:
            store.save(kept.entries(tools), clashes)
    tools = _drop_clashes(tools, clashes, problems)
    if not tools and not any(p.is_error for p in problems):
        problems.append(Problem(root, 1, 1, "the catalog holds no tools"))
    if segments is None:
        return LoadResult(None, problems)
    file_stamps = FileStamps(stamp_paths, stamps)
    catalog = Catalog(root, segments, tools, hashes, file_stamps, folders, segments_hash)
    return LoadResult(catalog, problems)


def hash_or_empty(path: Path) -> str:
    """The file's `file_hash`, or "" when it cannot be read."""
    try:
        return file_hash(path.read_bytes())
    except OSError:
        return ""


def _read_tool_file(
    rel: str,
    path: Path,
    current: catalog_cache.Signature,
    entry: catalog_cache.Entry | None,
    started_ns: int,
    segment_ids: set[str] | None,
    problems: list[Problem],
    shared: dict[Any, Any],
    kept: _KeptFiles,
) -> tuple[list[Tool], str | None]:
    """Read one tool file the cache could not vouch for: its tools and the hash of its bytes
    (None if it could not be read); what a new cache needs of it goes to `kept`.

    When the bytes hash the same as the cached entry's (a touched file, or one changed too
    recently to trust its timestamps), the entry's result is reused without parsing.
    """
    file_problems: list[Problem] = []
    data = read_bytes(path, file_problems)
    if data is None:
        problems.extend(file_problems)
        return [], None
    if entry is not None and file_hash(data) == entry[catalog_cache.DIGEST]:
        file_tools = _from_entry(entry, path, problems)
        if file_tools is not None:
            digest, problem_records = entry[catalog_cache.DIGEST], entry[catalog_cache.PROBLEMS]
            kept.add(rel, current, started_ns, digest, len(file_tools), problem_records)
            return file_tools, digest
    handed = [data]  # over to the parse, which frees the bytes once it has the text
    del data
    file_tools, digest = parse_tool_file(path, handed.pop(), segment_ids, file_problems, shared)
    problems.extend(file_problems)
    records = catalog_cache.problem_records(file_problems)
    kept.add(rel, current, started_ns, digest, len(file_tools), records)
    return file_tools, digest


def _from_entry(
    entry: catalog_cache.Entry, path: Path, problems: list[Problem]
) -> list[Tool] | None:
    """The tools and problems of a cache entry, or None if the entry is damaged."""
    make = catalog_cache.tool_from_record
    try:
        file_tools = [make(record, path) for record in entry[catalog_cache.TOOLS]]
        if entry[catalog_cache.PROBLEMS]:
            problems += catalog_cache.problems_from_records(entry[catalog_cache.PROBLEMS], path)
    except (TypeError, ValueError, OverflowError, IndexError):
        return None
    return file_tools
