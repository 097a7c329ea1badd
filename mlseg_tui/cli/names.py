"""How commands read the names a user types: a tool (with the closest names when none
matches) and a segment (its id or its title, any case)."""

from __future__ import annotations

import click

from mlseg_tui.domain.model import Catalog, Tool
from mlseg_tui.domain.segment_order import closest_segment
from mlseg_tui.domain.text import one_line

# At most this many names are suggested for a tool name that matches none.
SUGGESTIONS = 3


def closest_names(catalog: Catalog, text: str, limit: int = SUGGESTIONS) -> list[str]:
    """The names of the tools whose name or an alias is closest to `text`, best first, by
    the browser's own search (typos forgiven, aliases counted): those of its best tier of
    name matches; none when nothing is close. A match in a tool's text (tags, description,
    reasoning) is not a close name."""
    from mlseg_tui.search.index import SearchIndex
    from mlseg_tui.search.ranking import FUZZY

    if not text.strip():
        return []
    result = SearchIndex(catalog.tools, catalog.metric).search(text)
    best = result.first(limit)
    if not best or best[0].score < FUZZY:  # text and facet-only matches are below FUZZY
        return []
    # Only the best tier's names (an exact alias, say, not the fuzzy ones after it): the
    # tiers are the integer part of a score (search/ranking.py).
    tier = int(best[0].score)
    return [catalog.tools[m.tool_index].name for m in best if int(m.score) == tier]


def either(names: list[str]) -> str:
    """`A`, `A or B`, `A, B or C`."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} or {names[-1]}"


def no_such_tool(catalog: Catalog, name: str) -> str:
    """What to say when no tool is called `name`: where it was looked for, and the closest
    names, if any are close."""
    message = f"no tool named {one_line(name)!r} in {one_line(str(catalog.root))}"
    suggestions = closest_names(catalog, name)
    if suggestions:
        message += f"; did you mean {either([one_line(s) for s in suggestions])}?"
    return message


def find_tool(catalog: Catalog, name: str) -> Tool:
    """The tool named `name` (or with that alias, any case, surrounding spaces ignored);
    a ClickException naming the closest names when there is none."""
    tool = catalog.find(name) or catalog.find(name.strip())
    if tool is None:
        raise click.ClickException(no_such_tool(catalog, name))
    return tool


def segment_id(catalog: Catalog, text: str) -> str | None:
    """The id of the segment `text` names: its id or its title, any case, surrounding
    spaces ignored; None when it names none."""
    wanted = text.strip().casefold()
    for segment in catalog.segments:
        if wanted in (segment.id.casefold(), segment.title.strip().casefold()):
            return segment.id
    return None


def segment_choices(catalog: Catalog) -> str:
    """Every segment's id and title: `narrow ("Narrow"), middle ("Middle of the road")`."""
    return ", ".join(
        f'{one_line(segment.id)} ("{one_line(segment.title)}")' for segment in catalog.segments
    )


def unknown_segment(catalog: Catalog, text: str) -> str:
    close = closest_segment(catalog.segments, text)
    meant = f" (did you mean {close.id}?)" if close is not None else ""
    return (
        f"unknown segment {one_line(text)!r}{meant}; "
        f"choose an id or a title: {segment_choices(catalog)}"
    )


def require_segment(catalog: Catalog, text: str, param_hint: str | None = None) -> str:
    """The id of the segment `text` names; a usage error listing every id and title when
    it names none."""
    found = segment_id(catalog, text)
    if found is None:
        raise click.BadParameter(unknown_segment(catalog, text), param_hint=param_hint)
    return found
