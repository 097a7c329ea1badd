"""What an import reads from a radar file, whatever its format: rings as the file names
them, and one item per tool with the fields the format carries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RingRef:
    """A ring as the file names it: an id (BYOR has none, so its name) and a title."""

    id: str
    name: str


@dataclass(frozen=True, slots=True)
class RadarMove:
    """One change of ring in a Backstage timeline (ring ids as the file gives them)."""

    date: dt.date
    from_ring: str
    to_ring: str
    reason: str = ""


@dataclass(frozen=True, slots=True)
class RadarItem:
    """One tool of a radar file; `line` is where its entry starts in the file."""

    name: str
    ring: str  # a RingRef id
    quadrant: str  # the quadrant's name
    reasoning: str
    line: int
    homepage: str = ""
    repository: str = ""
    moves: tuple[RadarMove, ...] = ()  # oldest first


@dataclass(frozen=True, slots=True)
class RadarFile:
    """Every ring (in the file's order) and item of one radar file."""

    rings: tuple[RingRef, ...]
    items: tuple[RadarItem, ...]
