"""Where a new tool goes: the catalog's own layout says. With one file per tool (the
bundled layout) it gets a new file `tools/<slug>.toml`; in a catalog that keeps many tools
in one file, it is appended to a file the user picks.

Pure: what is on disk beyond the catalog's own tools is the store's to check when it
creates the file (it never replaces one).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Container
from pathlib import Path

from mlseg_tui.domain.model import Catalog, Tool

TOOLS_FOLDER = "tools"
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
# Suffixes tried after `<slug>.toml` (`<slug>-2.toml`, ...) before giving up.
MAX_SUFFIX = 1000


def slug(name: str) -> str:
    """`name` as a file name stem: ASCII, lower case, words joined by hyphens ("tool" when
    nothing of it is ASCII)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return _NOT_SLUG.sub("-", ascii_name.lower()).strip("-") or "tool"


def tool_counts(catalog: Catalog) -> Counter[Path]:
    """How many tools each file holds, in the order the files come."""
    return Counter(tool.source.path for tool in catalog.tools)


def one_tool_per_file(catalog: Catalog) -> bool:
    """True when no file holds more than one tool (the bundled layout; also an empty
    catalog): a new tool then gets a file of its own."""
    seen: set[str] = set()
    for tool in catalog.tools:
        # A path's string is kept once made, and hashes fast: a big catalog is one pass.
        name = str(tool.source.path)
        if name in seen:
            return False
        seen.add(name)
    return True


def tools_folder(catalog: Catalog, near: Tool | None = None, folders: Container[Path] = ()) -> Path:
    """The folder new tool files go to: `tools/` when it is among the catalog's `folders`
    or the tool `near` (else the first tool) lives there, or no tool lives anywhere;
    else that tool's folder."""
    standard = catalog.root / TOOLS_FOLDER
    sample = near if near is not None else catalog.tools[0] if catalog.tools else None
    if standard in folders or sample is None or sample.source.path.parent == standard:
        return standard
    return sample.source.path.parent


def new_file_for(name: str, folder: Path, *taken: Container[Path]) -> Path:
    """`folder/<slug>.toml`, or `<slug>-2.toml`, ... : the first name in none of `taken`.

    Raises ValueError when every name up to MAX_SUFFIX is taken."""
    stem = slug(name)
    for number in range(1, MAX_SUFFIX + 1):
        path = folder / (f"{stem}.toml" if number == 1 else f"{stem}-{number}.toml")
        if not any(path in group for group in taken):
            return path
    raise ValueError(f"no free file name for {stem!r} in {folder}")
