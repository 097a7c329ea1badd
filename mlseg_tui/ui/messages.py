"""Messages that bring a thread's answer to the event loop, where it is applied.

Threads post them (`post_message` never blocks, unlike `call_from_thread`, which would
wait forever for an app that closed meanwhile); the app hands each to the workflow that
asked. (`KeyRound` is the app's own: it follows a key, see `key_order.py`.)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.message import Message

if TYPE_CHECKING:
    from textual.screen import Screen
    from textual.widget import Widget

    from mlseg_tui.catalog.load import LoadResult
    from mlseg_tui.domain.model import Catalog, Problem
    from mlseg_tui.domain.review import ReviewItem
    from mlseg_tui.search.result import SearchResult


@dataclass
class CatalogLoaded(Message):
    """The full load of a catalog shown from a preview (None and an error: it failed)."""

    result: LoadResult | None
    error: str = ""


@dataclass
class SearchDone(Message):
    """A search worker's result, with each segment's matching tool indices, best first."""

    generation: int
    query: str
    result: SearchResult
    rows: dict[str, list[int]]


@dataclass
class DiskChecked(Message):
    """A disk check's answer."""

    catalog: Catalog  # the catalog looked at
    snapshot: dict[Path, str]  # its file hashes when the look began
    changed: list[Path]
    added: list[Path]  # tool files it does not hold
    folders: dict[Path, int]  # folder stamps to remember (CatalogStore.remember_folders)
    segments: bool  # segments.toml changed
    deleted: frozenset[Path] = frozenset()  # those of `changed` that no longer exist


@dataclass
class ReviewDone(Message):
    """A review worker's items, for the catalog (of `count` tools) it reviewed."""

    catalog: Catalog
    count: int
    items: list[ReviewItem]


@dataclass
class ProblemsChecked(Message):
    """The problems `validate` finds in the folder of `catalog`, for the check `generation`."""

    catalog: Catalog
    generation: int
    problems: list[Problem]


class KeyRound(Message):
    """Posted behind a key along the way it goes (`key_order.py`): back at the app, that
    key's handling is over. `screen` and `focused` are those it was posted under."""

    def __init__(self, screen: Screen[Any], focused: Widget | None) -> None:
        super().__init__()
        self.screen = screen
        self.focused = focused
