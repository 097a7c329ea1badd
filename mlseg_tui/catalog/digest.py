"""The one content hash of catalog files: blake2b with a 16-byte digest, as hex.

The loader records it for every file it reads, the cache keeps it, and the store compares
it with the disk before a save; all of them hash here so the digests always agree.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from mlseg_tui.catalog.files import open_regular

# A file is hashed a piece of this size at a time, so a big file costs one piece of memory.
HASH_PIECE_BYTES = 1 << 20


def file_hash(data: bytes | memoryview) -> str:
    """The hash of a file that holds `data`."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def hash_parts(parts: Iterable[bytes | memoryview]) -> str:
    """The `file_hash` of the parts joined, without joining them."""
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        hasher.update(part)
    return hasher.hexdigest()


def hash_file(path: Path) -> str:
    """The `file_hash` of the file's bytes, read a piece at a time (OSError if unreadable)."""
    hasher = hashlib.blake2b(digest_size=16)
    piece = bytearray(HASH_PIECE_BYTES)
    view = memoryview(piece)
    # Checked first: a FIFO would block the read, a link to /dev/zero never end it.
    with open_regular(path, limit=None) as file:
        while size := file.readinto(piece):
            hasher.update(view[:size])
    return hasher.hexdigest()


def hash_or_empty(path: Path) -> str:
    """The file's `file_hash`, or "" when it cannot be read."""
    try:
        return hash_file(path)
    except OSError:
        return ""
