"""The catalog's data: plain Python, no Textual, no file I/O."""

from __future__ import annotations

import datetime as dt
from array import array
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

# The four segment ids the essay defines, in its own order.
SEGMENT_IDS = ("hand-holding", "narrow", "middle", "other")
# Shown after the name of a tool whose placement is hedged ("(Octo.ml?)" in the essay).
TENTATIVE_MARK = "?"


class FileStamps:
    """Tool files' stat stamps: the load's in two flat columns, in load order, and later
    ones (from saves, reloads, checks) in a small dict.

    A dict of the load's stamps alone would hold ~10 MB at 100k files; the columns ~1.6 MB.
    A stamp is never 0 (0 marks "none" in the columns); one that is 0 counts as none.
    """

    def __init__(self, paths: list[Path] | None = None, stamps: array[int] | None = None) -> None:
        self._paths = paths if paths is not None else []
        self._stamps = stamps if stamps is not None else array("q")
        self._later: dict[Path, int] = {}

    def __setitem__(self, path: Path, stamp: int) -> None:
        self._later[path] = stamp

    def forget(self, path: Path) -> None:
        self._later[path] = 0

    def get(self, path: Path) -> int | None:
        """The stamp of one file (a linear search of the load's: checks use `with_digests`)."""
        stamp = self._later.get(path)
        if stamp is None:
            stamp = next(
                (s for p, s in zip(self._paths, self._stamps, strict=True) if p == path), 0
            )
        return stamp or None

    def with_digests(self, hashes: Mapping[Path, str]) -> Iterator[tuple[Path, str, int | None]]:
        """Each file of `hashes` once: its path, its digest and its stamp (None for none)."""
        later = self._later
        covered = 0
        for path, stamp in zip(self._paths, self._stamps, strict=True):
            digest = hashes.get(path)
            if digest is None:
                continue
            covered += 1
            if later:
                stamp = later.get(path, stamp)
            yield path, digest, stamp or None
        if covered < len(hashes):
            loaded = set(self._paths)
            for path, digest in hashes.items():
                if path not in loaded:
                    yield path, digest, later.get(path) or None


@dataclass(frozen=True, slots=True)
class Segment:
    """One group of the essay, as defined in `segments.toml`."""

    id: str
    title: str
    definition: str
    scale: str = ""
    source: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One move of a tool from one segment to another."""

    date: dt.date
    from_segment: str
    to_segment: str
    reason: str = ""
    previous_reasoning: str = ""


@dataclass(frozen=True, slots=True)
class EssayListing:
    """What the 2020 essay itself wrote about a tool, kept apart from later edits."""

    listed_as: tuple[str, ...] = ()
    segments: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where a tool was read from: the file and its position among that file's tools."""

    path: Path
    index: int


@dataclass(slots=True, eq=False)
class Tool:
    """One tool of the catalog. `segment`, `reasoning` and `history` change on a move."""

    name: str
    segment: str
    reasoning: str
    source: SourceRef
    aliases: tuple[str, ...] = ()
    tentative: bool = False
    kind: str = ""
    description: str = ""
    vendor: str = ""
    homepage: str = ""
    repository: str = ""
    open_source: bool | None = None
    license: str = ""
    status: str = ""
    tags: tuple[str, ...] = ()
    essay: EssayListing | None = None
    history: tuple[HistoryEntry, ...] = ()

    @property
    def keys(self) -> tuple[str, ...]:
        """Every string a user may type to find this tool: its name, then its aliases."""
        return (self.name, *self.aliases)


@dataclass(slots=True)
class Catalog:
    """Segments in display order and every tool, as loaded from one folder."""

    root: Path
    segments: list[Segment]
    tools: list[Tool]
    # Content hash of every tool file at load time, so a save can detect outside edits.
    file_hashes: dict[Path, str] = field(default_factory=dict)
    # Per tool file: the stat stamp (loader.stat_stamp) under which its bytes were last
    # proven to hash to `file_hashes[path]`, so a check for outside edits can skip reading it.
    file_stamps: FileStamps = field(default_factory=lambda: FileStamps())
    # Per folder walked: its stamp (loader.folder_stamp) when its files were listed, so a
    # check for added files lists only folders whose stamp changed.
    folder_stamps: dict[Path, int] = field(default_factory=dict)
    # Hash of segments.toml's bytes as loaded ("" when unread), to notice it change.
    segments_hash: str = ""

    def segment(self, segment_id: str) -> Segment:
        for segment in self.segments:
            if segment.id == segment_id:
                return segment
        raise KeyError(segment_id)

    def segment_title(self, segment_id: str) -> str:
        """The segment's title, or its id when the catalog does not define it."""
        for segment in self.segments:
            if segment.id == segment_id:
                return segment.title
        return segment_id

    def segment_ids(self) -> list[str]:
        return [segment.id for segment in self.segments]

    def tools_in(self, segment_id: str) -> list[Tool]:
        return [tool for tool in self.tools if tool.segment == segment_id]

    def find(self, name: str) -> Tool | None:
        """The tool whose name or alias equals `name`, case-insensitively."""
        wanted = name.casefold()
        for tool in self.tools:
            if any(key.casefold() == wanted for key in tool.keys):
                return tool
        return None


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong (or doubtful) in a catalog, located as precisely as known."""

    path: Path
    line: int
    column: int
    message: str
    severity: str = "error"  # "error" or "warning"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"
