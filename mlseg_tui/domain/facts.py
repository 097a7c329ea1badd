"""A tool's sourced facts (issue 14): where each fact comes from and what changed when."""

from __future__ import annotations

from dataclasses import dataclass

# What a tool is today; the first is the default meaning of "nothing changed".
STATUSES = (
    "active",
    "limited-maintenance",
    "inactive",
    "archived",
    "acquired",
    "merged",
    "shut-down",
    "internal",
)
ACTIVE = STATUSES[0]
EVENT_KINDS = ("released", "renamed", "acquired", "owner", "licence", "status", "milestone")
# A licence value that is not an SPDX id but is allowed: the product is closed.
PROPRIETARY = "proprietary"


@dataclass(frozen=True, slots=True)
class FactSource:
    """A page that supports some of a tool's facts, and which ones."""

    url: str
    supports: str = ""
    # A third-party write-up (blog, wiki, aggregator), not the vendor or a primary record.
    secondary: bool = False


@dataclass(frozen=True, slots=True)
class ToolEvent:
    """A dated change of a tool: a release, a rename, an acquisition, a licence change..."""

    # "YYYY", "YYYY-MM" or "YYYY-MM-DD", as precise as its source.
    date: str
    kind: str
    what: str
    source: str
    secondary: bool = False
