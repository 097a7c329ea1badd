"""The load cache's file: written a piece at a time, and read back a piece at a time as
the load meets the files the pieces hold.

After the header line and the CRC-32 of everything that follows it (4 bytes, big-endian),
the file is a sequence of pieces, each its length (4 bytes, big-endian) and a `marshal`'d
value:

- the segment key the entries were validated against;
- entry pieces: dicts of at most `cache.PIECE_ENTRIES` {file's path from the root: Entry}, in
  the walk's order;
- the trailer: (each entry piece's number of entries, the index, the clashes, the table
  of values the records refer to by number: `cache_entries.ValueTable`). The index
  is a sorted array of 64-bit ints, `crc32(path) << 32 | piece`, so a file met out of
  order (a file added or removed since) is found without reading every piece.

A big catalog's entries are never all in memory at once: their tuples and ints are most
of what a warm load allocates, and once freed they would leave the memory they took
scattered among the strings the tools keep.
"""

from __future__ import annotations

import io
import marshal
import os
import zlib
from array import array
from bisect import bisect_left
from collections import deque
from collections.abc import Iterable
from contextlib import ExitStack
from pathlib import Path
from typing import Any, BinaryIO

from mlseg_tui.catalog.cache_entries import Entry
from mlseg_tui.catalog.clashes import Clash
from mlseg_tui.catalog.files import open_regular

_SIZE_BYTES = 4
# The checksum pass reads this much at a time (see `_check`).
_CHECK_BLOCK = 1 << 20
_PIECE_BITS = 32
_PIECE_MASK = (1 << _PIECE_BITS) - 1
# What reading a damaged or foreign piece raises.
_BAD_PIECE = (OSError, ValueError, EOFError, TypeError, OverflowError)


def _index_key(rel: str) -> int:
    return zlib.crc32(os.fsencode(rel)) << _PIECE_BITS


def write_pieces(
    file: BinaryIO,
    segment_key: Any,
    entries: Iterable[tuple[str, Entry]],
    clashes: Iterable[Clash],
    values: list[Any],
    piece_entries: int,
) -> int:
    """Write the pieces (after the header and CRC, which the caller writes) and return
    their CRC-32. `entries` is consumed a piece at a time; `values`, the table of values
    their records refer to, is written after them (it grows as they are made)."""
    checksum = 0
    counts: list[int] = []
    index = array("Q")

    def put(value: Any) -> None:
        nonlocal checksum
        data = marshal.dumps(value)
        size = len(data).to_bytes(_SIZE_BYTES, "big")
        checksum = zlib.crc32(data, zlib.crc32(size, checksum))
        file.write(size)
        file.write(data)

    def put_piece(piece: dict[str, Entry]) -> None:
        number = len(counts)
        index.extend(_index_key(rel) | number for rel in piece)
        counts.append(len(piece))
        put(piece)

    put(segment_key)
    piece: dict[str, Entry] = {}
    for rel, entry in entries:
        piece[rel] = entry
        if len(piece) >= piece_entries:
            put_piece(piece)
            piece = {}
    if piece:
        put_piece(piece)
    put((tuple(counts), array("Q", sorted(index)).tobytes(), tuple(clashes), tuple(values)))
    return checksum


def _read_exactly(file: Any, size: int) -> bytes:
    """`size` bytes, or fewer at the end of the file (an unbuffered read may return less)."""
    parts = []
    while size > 0 and (part := file.read(size)):
        parts.append(part)
        size -= len(part)
    return b"".join(parts)


class StoredEntries:
    """The entries of a cache file, each handed out once (`take`), read a piece at a time.

    Also tells whether the files were asked for in exactly the stored order, every one of
    them (`all_taken_in_order`): then the walk met the same files as the load that wrote
    the cache, and the name clashes it found still hold.
    """

    def __init__(
        self,
        file: BinaryIO | None = None,
        closer: ExitStack | None = None,
        spans: list[tuple[int, int]] | None = None,
        counts: tuple[int, ...] = (),
        index: array[int] | None = None,
        values: tuple[Any, ...] = (),
    ) -> None:
        # The table of values the entries' records refer to by number.
        self.values = values
        self._file = file
        self._closer = closer
        self._spans = spans or []  # each entry piece's (offset, size) in the file
        self._counts = counts
        self._index = index if index is not None else array("Q")
        self._read = [False] * len(self._spans)
        self._loaded: dict[str, Entry] = {}  # read and not yet taken
        # The order check, while the order holds: the piece to read next, and the rels of
        # the pieces read not taken yet, in order.
        self._in_order = True
        self._next_piece = 0
        self._expected: deque[str] = deque()

    def __len__(self) -> int:
        return sum(self._counts)

    def take(self, rel: str) -> Entry | None:
        """The entry of file `rel` (None if the cache has none, or its piece is damaged)."""
        entry = self._loaded.pop(rel, None)
        if entry is None:
            for piece in self._pieces_of(rel):
                if not self._read[piece]:
                    self._read_piece(piece)
                    entry = self._loaded.pop(rel, None)
                    if entry is not None:
                        break
        if self._in_order and (
            entry is None or not self._expected or self._expected.popleft() != rel
        ):
            self._lose_order()
        return entry

    def all_taken_in_order(self) -> bool:
        """True when every entry was taken, in the stored order, and nothing else asked."""
        return self._in_order and self._next_piece == len(self._spans) and not self._expected

    def close(self) -> None:
        """Let go of the file and of the entries not taken."""
        if self._closer is not None:
            self._closer.close()
        self._file = self._closer = None
        self._loaded.clear()
        if self._expected:  # entries left untaken: not all were taken
            self._lose_order()

    def _pieces_of(self, rel: str) -> list[int]:
        index = self._index
        key = _index_key(rel)
        found = []
        at = bisect_left(index, key)
        while at < len(index) and index[at] & ~_PIECE_MASK == key:
            piece = index[at] & _PIECE_MASK
            if piece < len(self._spans):
                found.append(piece)
            at += 1
        return found

    def _read_piece(self, piece: int) -> None:
        self._read[piece] = True
        offset, size = self._spans[piece]
        try:
            if self._file is None:
                raise ValueError("closed")
            self._file.seek(offset)
            value = marshal.loads(_read_exactly(self._file, size))
        except _BAD_PIECE:
            value = None
        if not isinstance(value, dict) or len(value) != self._counts[piece]:
            self._lose_order()  # its files are read again; the clashes found again
            return
        self._loaded.update(value)
        if self._in_order and piece == self._next_piece:
            self._expected.extend(value)
            self._next_piece += 1
        else:
            self._lose_order()

    def _lose_order(self) -> None:
        self._in_order = False
        self._expected.clear()


def open_stored(path: Path, header: bytes) -> tuple[Any, StoredEntries, tuple[Clash, ...]] | None:
    """The stored (segment key, entries, clashes), or None if the file is missing, bad or
    foreign. The entries keep the file open until closed.

    The whole file is read once to check its checksum and find its pieces (nothing is
    unmarshalled from a damaged file); then only the segment key and the trailer are read.
    """
    with ExitStack() as stack:
        try:
            file = stack.enter_context(open_regular(path, limit=None))
            spans = _check(file, header)
            if spans is None or len(spans) < 2:
                return None
            key_span, *entry_spans, trailer_span = spans
            segment_key = _load_at(file, key_span)
            counts, index_bytes, clashes, values = _load_at(file, trailer_span)
            index = array("Q")
            index.frombytes(index_bytes)
        except (*_BAD_PIECE, AttributeError):
            return None
        if (
            not isinstance(counts, tuple)
            or len(counts) != len(entry_spans)
            or not all(type(count) is int and count > 0 for count in counts)
            or len(index) != sum(counts)
            or not isinstance(clashes, tuple)
            or not isinstance(values, tuple)
        ):
            return None
        # The file stays open: the entries read it, and close it.
        entries = StoredEntries(file, stack.pop_all(), entry_spans, counts, index, values)
        return segment_key, entries, clashes
    return None  # pragma: no cover  (ExitStack does not swallow exceptions)


def _check(file: io.FileIO, header: bytes) -> list[tuple[int, int]] | None:
    """Each piece's (offset, size) after checking the header and the checksum; None if
    either is wrong or a piece is cut short.

    The pieces are checked a block at a time, never whole: a one-file catalog's piece is
    tens of MB, and once freed it would raise the allocator's threshold for handing big
    blocks back to the system, so that the same piece read again to unmarshal it would
    stay in the process's memory after it is freed.
    """
    if _read_exactly(file, len(header)) != header:
        return None
    expected = int.from_bytes(_read_exactly(file, 4), "big")
    offset = len(header) + 4
    crc = 0
    spans = []
    while size_bytes := _read_exactly(file, _SIZE_BYTES):
        if len(size_bytes) != _SIZE_BYTES:
            return None
        crc = zlib.crc32(size_bytes, crc)
        size = left = int.from_bytes(size_bytes, "big")
        while left > 0 and (block := file.read(min(left, _CHECK_BLOCK))):
            crc = zlib.crc32(block, crc)
            left -= len(block)
        if left:
            return None
        spans.append((offset + _SIZE_BYTES, size))
        offset += _SIZE_BYTES + size
    return spans if crc == expected else None


def _load_at(file: io.FileIO, span: tuple[int, int]) -> Any:
    offset, size = span
    file.seek(offset)
    return marshal.loads(_read_exactly(file, size))
