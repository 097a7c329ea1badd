"""The rules a tool's fields must meet before an edit or an add is accepted: the form in
the browser and the CLI's add and edit check the same way, field by field.

They follow what the loader accepts (tool_table, facts, spdx), so an accepted tool always
loads again, and refuse control characters, which a user cannot have meant.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from mlseg_tui.catalog.facts import is_web_url
from mlseg_tui.catalog.spdx import licence_problem
from mlseg_tui.domain.facts import ACTIVE, STATUSES
from mlseg_tui.domain.model import Catalog, Tool
from mlseg_tui.domain.tool_values import (
    FIELDS,
    LIST_FIELDS,
    MULTILINE_FIELDS,
    STRING_FIELDS,
    ToolValues,
)

# Control characters (C0, DEL, C1) and lone surrogates; multi-line fields allow tab and
# newline. Everything else a user types is kept as typed.
_CONTROL_ONE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_CONTROL_MULTILINE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
URL_FIELDS = ("homepage", "repository")
LICENCE_FIELDS = ("license", "sdk_license")


@dataclass(frozen=True, slots=True)
class FieldProblem:
    """Why one field's value is refused."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class KeyOwners:
    """Which tool uses each name and alias, ignoring case: built once per form or command,
    so checking a name as it is typed costs a lookup, not a pass over the catalog."""

    def __init__(self, tools: Iterable[Tool]) -> None:
        owners: dict[str, Tool] = {}
        for tool in reversed(list(tools)):  # the first owner of a key wins, as on load
            owners[tool.name.casefold()] = tool
            for alias in tool.aliases:
                owners[alias.casefold()] = tool
        self._owners = owners

    def owner(self, key: str, besides: Tool | None = None) -> Tool | None:
        """The tool other than `besides` that uses `key`, if any."""
        owner = self._owners.get(key.casefold())
        return None if owner is besides else owner


def control_problem(value: str, multiline: bool = False) -> str | None:
    """Why `value` is refused for holding a control character, naming the first one."""
    pattern = _CONTROL_MULTILINE if multiline else _CONTROL_ONE_LINE
    found = pattern.search(value)
    if found is None:
        return None
    char = found.group()
    name = unicodedata.name(char, "") or _CONTROL_NAMES.get(char, "a control character")
    return f"holds U+{ord(char):04X} ({name.lower()}) at character {found.start() + 1}"


_CONTROL_NAMES = {
    "\t": "tab",
    "\n": "newline",
    "\r": "carriage return",
    "\x1b": "escape",
    "\x00": "null",
    "\x7f": "delete",
}


def check_values(
    catalog: Catalog,
    values: ToolValues,
    editing: Tool | None = None,
    owners: KeyOwners | None = None,
) -> list[FieldProblem]:
    """Every problem with `values` for a tool of `catalog` (`editing`: the tool they are
    for, or None for a new one), one at most per field, in the order of the fields."""
    owners = owners if owners is not None else KeyOwners(catalog.tools)
    found: dict[str, str] = {}
    for field in FIELDS:
        value = values.get(field)
        texts = value if field in LIST_FIELDS else (value,) if field in STRING_FIELDS else ()
        for text in texts:
            problem = control_problem(text, field in MULTILINE_FIELDS)
            if problem is not None:
                found.setdefault(field, problem)
    for field in ("name", "reasoning"):
        if not values.get(field).strip():
            found.setdefault(field, "must not be empty")
    if values.segment not in catalog.segment_ids():
        found.setdefault(
            "segment",
            f"unknown segment {values.segment!r} "
            f"(expected one of {', '.join(catalog.segment_ids())})",
        )
    _check_keys(values, editing, owners, found)
    for field in URL_FIELDS:
        url = values.get(field)
        if url and not is_web_url(url):
            found.setdefault(field, f"{url!r} is not an http(s) URL such as https://example.com")
    for field in LICENCE_FIELDS:
        licence = values.get(field)
        if licence and (message := licence_problem(field, licence)) is not None:
            found.setdefault(field, message)
    _check_status(values, editing, found)
    if any(not tag.strip() for tag in values.tags):
        found.setdefault("tags", "a tag must not be empty")
    return [FieldProblem(field, found[field]) for field in FIELDS if field in found]


def _check_keys(
    values: ToolValues, editing: Tool | None, owners: KeyOwners, found: dict[str, str]
) -> None:
    """The name and aliases: used by no other tool, no alias empty or given twice."""
    owner = owners.owner(values.name, editing) if values.name.strip() else None
    if owner is not None:
        used = "the name" if owner.name.casefold() == values.name.casefold() else "an alias"
        found.setdefault("name", f"{values.name!r} is already {used} of {owner.name!r}")
    seen = {values.name.casefold()}
    for alias in values.aliases:
        if not alias.strip():
            found.setdefault("aliases", "an alias must not be empty")
            continue
        if alias.casefold() in seen:
            found.setdefault("aliases", f"{alias!r} is given twice (or is the name)")
            continue
        seen.add(alias.casefold())
        owner = owners.owner(alias, editing)
        if owner is not None:
            found.setdefault("aliases", f"{alias!r} is already used by {owner.name!r}")


def _check_status(values: ToolValues, editing: Tool | None, found: dict[str, str]) -> None:
    status = values.status
    if not status:
        return
    if status not in STATUSES:
        found.setdefault(
            "status", f"unknown status {status!r} (expected one of {', '.join(STATUSES)})"
        )
    elif status != ACTIVE and not (editing is not None and editing.events):
        found.setdefault(
            "status",
            f"{status!r} needs a dated event that explains it ([[tools.events]] in the "
            "tool's file); without one, leave the status empty or active",
        )
