"""A cache of each tool file's parsed and validated result, so a big catalog reopens fast.

One cache file per catalog folder, under the user's cache folder (never inside the catalog),
named by a hash of the folder's resolved path. For every tool file it keeps the file's stat
signature (mtime, ctime, size, inode, device), the hash of its bytes, its tools and its
problems. A later load re-reads every file whose signature changed, and also every file
whose signature is too close to the moment it was read to prove anything: a file rewritten
with the same size within the filesystem's timestamp granularity keeps its signature (the
"racy git" problem), so such an entry is trusted only after its bytes hash the same again.

The cache holds plain tuples written with `marshal`: fast to read and unable to run code.
A cache that cannot be read, is truncated, fails its checksum or was written by another
version of this code is ignored and rewritten; the catalog files are always the truth.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import os
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from mlseg_tui import __version__
from mlseg_tui.catalog.cache_entries import Entry
from mlseg_tui.catalog.cache_file import StoredEntries, open_stored, write_pieces
from mlseg_tui.catalog.clashes import Clash

CACHE_DIR_ENV = "MLSEG_CACHE_DIR"
NO_CACHE_ENV = "MLSEG_NO_CACHE"
# Bump when the layout of the cached tuples or of the file changes.
CACHE_FORMAT = 5
# Entries a piece of the file holds: the file is written a piece at a time, so a cold load
# of a big catalog never holds all its records and their bytes at once, and read a piece
# at a time (cache_file.py).
PIECE_ENTRIES = 2000
MAGIC = b"mlseg-tui catalog cache\n"
# Cache files of catalogs not opened for this long are removed, and beyond this many the
# least recently opened go: temporary catalogs (tests, scripts) must not pile up forever.
MAX_AGE_SECONDS = 30 * 24 * 3600
MAX_FILES = 64
# A temporary file this old belongs to a writer that died.
STALE_TEMP_SECONDS = 3600
# The sources whose code shapes what a cache holds (tools, problems, digests, signatures,
# clashes), from the package folder: an edit to any of them retires older cache files.
CACHED_CODE = (
    "catalog/answers.py",
    "catalog/cache.py",
    "catalog/cache_entries.py",
    "catalog/cache_file.py",
    "catalog/clashes.py",
    "catalog/digest.py",
    "catalog/facts.py",
    "catalog/files.py",
    "catalog/history.py",
    "catalog/load.py",
    "catalog/metric.py",
    "catalog/parse.py",
    "catalog/segments.py",
    "catalog/source.py",
    "catalog/spdx.py",
    "catalog/spdx_licenses.txt",
    "catalog/tool_table.py",
    "catalog/walk.py",
    "domain/facts.py",
    "domain/criteria.py",
    "domain/model.py",
)


def cache_dir() -> Path | None:
    """Where cache files live, or None when caching is switched off."""
    if os.environ.get(NO_CACHE_ENV, "").strip() not in ("", "0"):
        return None
    override = os.environ.get(CACHE_DIR_ENV, "").strip()
    if override:
        return Path(override)
    import platformdirs

    return platformdirs.user_cache_path("mlseg-tui")


def cache_file(root: Path, folder: Path) -> Path:
    """The cache file for catalog `root` inside `folder`: one per resolved catalog path."""
    resolved = os.fsencode(Path(root).resolve())
    name = hashlib.blake2b(resolved, digest_size=12).hexdigest()
    return folder / f"catalog-{name}.cache"


def _code_stamp() -> str:
    """Changes whenever the code that produced a cache changes (version, or edited sources)."""
    parts = [str(CACHE_FORMAT), __version__, sys.version.split()[0], sys.byteorder]
    package = Path(__file__).parent.parent
    for module in CACHED_CODE:
        try:
            stat = (package / module).stat()
        except OSError:
            continue
        parts.append(f"{module}:{stat.st_size}:{stat.st_mtime_ns}")
    # The parser too (its messages are cached), found without importing it.
    spec = importlib.util.find_spec("tomli")
    origin = Path(spec.origin) if spec is not None and spec.origin else None
    try:
        stat = origin.stat() if origin is not None else None
    except OSError:
        stat = None
    parts.append(f"tomli:{origin}:{stat.st_size}:{stat.st_mtime_ns}" if stat else "tomli:?")
    return " ".join(parts)


def _header() -> bytes:
    return MAGIC + _code_stamp().encode() + b"\n"


class CatalogCache:
    """The cached entries of one catalog folder, and the means to write them back.

    Entries are kept only when they were validated against the same segment ids, since a
    tool's "unknown segment" error depends on them.
    """

    def __init__(self, path: Path, segment_key: tuple[str, ...] | None) -> None:
        self.path = path
        self.segment_key = segment_key
        self.entries = StoredEntries()
        self.clashes: tuple[Clash, ...] = ()

    @classmethod
    def open(cls, root: Path, segment_key: tuple[str, ...] | None) -> CatalogCache | None:
        """The cache for `root`, empty when missing or unusable; None when caching is off."""
        folder = cache_dir()
        if folder is None:
            return None
        cache = cls(cache_file(root, folder), segment_key)
        stored = open_stored(cache.path, _header())
        if stored is not None:
            stored_key, entries, clashes = stored
            if stored_key == segment_key:
                cache.entries, cache.clashes = entries, clashes
            else:
                entries.close()
            with contextlib.suppress(OSError):
                os.utime(cache.path)  # "recently opened", for eviction
        return cache

    def save(
        self, entries: Iterable[tuple[str, Entry]], clashes: Iterable[Clash], values: list[Any]
    ) -> None:
        """Atomically replace the cache file; failures only cost speed, so they are silent.

        The file: header, CRC-32 of the rest, then the pieces of `cache_file`; `entries` is
        consumed a piece at a time; `values` is the table their records refer to, complete
        once they are all made. The entries read from the old file are let go first.
        """
        self.entries.close()
        temporary: Path | None = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # A fresh name made with O_EXCL: in a shared cache folder, a link planted under
            # a predictable name would have us overwrite its target.
            fd, name = tempfile.mkstemp(
                prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent
            )
            temporary = Path(name)
            with os.fdopen(fd, "wb") as file:
                header = _header()
                file.write(header + bytes(4))  # the CRC, once known
                checksum = write_pieces(
                    file, self.segment_key, entries, clashes, values, PIECE_ENTRIES
                )
                file.seek(len(header))
                file.write(checksum.to_bytes(4, "big"))
            # No fsync: a cache lost or truncated by a crash is detected and rebuilt.
            os.replace(temporary, self.path)
        except OSError:
            if temporary is not None:
                with contextlib.suppress(OSError):
                    temporary.unlink(missing_ok=True)
            return
        evict(self.path.parent, keep=self.path)


def evict(folder: Path, keep: Path) -> None:
    """Remove cache files unused for MAX_AGE_SECONDS, all but the MAX_FILES most recently
    used, and temporary files of writers that died. Only ever files this module names."""
    now = time.time()
    caches: list[tuple[float, str]] = []
    try:
        with os.scandir(folder) as listing:
            for entry in listing:
                name = entry.name
                is_cache = name.startswith("catalog-") and name.endswith(".cache")
                is_temp = name.startswith(".catalog-") and name.endswith(".tmp")
                if not (is_cache or is_temp) or entry.path == str(keep):
                    continue
                with contextlib.suppress(OSError):
                    used = entry.stat(follow_symlinks=False).st_mtime
                    if is_temp:
                        if now - used > STALE_TEMP_SECONDS:
                            os.unlink(entry.path)
                    elif now - used > MAX_AGE_SECONDS:
                        os.unlink(entry.path)
                    else:
                        caches.append((used, entry.path))
    except OSError:
        return
    caches.sort(reverse=True)
    for _, path in caches[MAX_FILES - 1 :]:  # the kept file is one of the MAX_FILES
        with contextlib.suppress(OSError):
            os.unlink(path)
