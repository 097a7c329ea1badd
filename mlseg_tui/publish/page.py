"""One self-contained HTML page of the catalog: no network, opens from file://.

Every tool is in the page as escaped HTML. A card's details sit in a <template> (inert:
the browser neither styles nor lays them out until the card opens, which keeps search
fast on big catalogs); the inline script puts them in place when a card opens, with its
segment's definition (written once a segment, not once a tool), and adds search as you
type (typos forgiven) and keyboard moves. A Content Security
Policy allows only the page's own style and script, by hash: even text that escaped the
escaping could not run.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from html import escape
from importlib.resources import files

from mlseg_tui.domain.model import Catalog, HistoryEntry, Segment, Tool
from mlseg_tui.domain.text import plural
from mlseg_tui.publish.landscape import is_web_url
from mlseg_tui.publish.radar import scale_ordered
from mlseg_tui.search.keys import tool_keys

ASSETS = files("mlseg_tui.publish") / "page_assets"


def _text(value: str) -> str:
    return escape(value, quote=True)


def _digest(source: str) -> str:
    return base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode("ascii")


def _link(url: str) -> str:
    """A link only for web addresses: a `javascript:` URL stays inert text."""
    if not is_web_url(url):
        return _text(url)
    return f'<a href="{_text(url)}" rel="noopener noreferrer">{_text(url)}</a>'


def _facts(tool: Tool, titles: dict[str, str]) -> str:
    rows: list[tuple[str, str]] = []
    plain = (
        ("What it does", tool.description),
        ("Kind", tool.kind),
        ("Vendor", tool.vendor),
        ("Licence", tool.license),
        ("SDK licence", tool.sdk_license),
        ("Status", tool.status),
    )
    rows += [(label, f'<span class="text">{_text(text)}</span>') for label, text in plain if text]
    if tool.open_source is not None:
        rows.append(("Open source", "yes" if tool.open_source else "no"))
    if tool.homepage:
        historical = (
            " (historical: no longer the product's page)" if tool.homepage_historical else ""
        )
        rows.append(("Homepage", _link(tool.homepage) + historical))
    if tool.repository:
        rows.append(("Repository", _link(tool.repository)))
    if tool.aliases:
        rows.append(("Also called", _text(", ".join(tool.aliases))))
    if tool.tags:
        rows.append(("Tags", _text(", ".join(tool.tags))))
    if tool.tentative:
        rows.append(("Placement", "tentative (hedged)"))
    if tool.essay is not None:
        listed = ", ".join(f"“{name}”" for name in tool.essay.listed_as) or "listed"
        groups = ", ".join(titles.get(s, s) for s in tool.essay.segments)
        rows.append(("In the 2020 essay", _text(f"{listed} under {groups}")))
    else:
        rows.append(("In the 2020 essay", "not listed (added later)"))
    body = "".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in rows)
    return f"<dl>{body}</dl>"


def _sourced(tool: Tool) -> str:
    """The tool's dated events and the sources behind its facts, when it has any."""
    out = ""
    if tool.events:
        events = "".join(
            f"<li>{_text(event.date)} ({_text(event.kind)}): {_text(event.what)} "
            f"[{_link(event.source)}{', secondary' if event.secondary else ''}]</li>"
            for event in tool.events
        )
        out += f'<h3>Events</h3><ol class="history">{events}</ol>'
    if tool.sources:
        sources = "".join(
            f"<li>{_link(source.url)}{' (secondary)' if source.secondary else ''}"
            f"{': ' + _text(source.supports) if source.supports else ''}</li>"
            for source in tool.sources
        )
        out += f'<h3>Sources</h3><ul class="history">{sources}</ul>'
    return out


def _history(entries: Sequence[HistoryEntry], titles: dict[str, str]) -> str:
    if not entries:
        return "<p>No moves recorded.</p>"
    items = []
    for entry in entries:
        moved = f"{entry.date.isoformat()}: {titles.get(entry.from_segment, entry.from_segment)}"
        moved += f" → {titles.get(entry.to_segment, entry.to_segment)}"
        parts = [_text(moved)]
        if entry.reason:
            parts.append(f'<span class="text">Reason: {_text(entry.reason)}</span>')
        if entry.previous_reasoning:
            parts.append(
                f'<span class="text">Reasoning before: {_text(entry.previous_reasoning)}</span>'
            )
        items.append("<li>" + "<br>".join(parts) + "</li>")
    return f'<ol class="history">{"".join(items)}</ol>'


def _tool(tool: Tool, segment: Segment, titles: dict[str, str]) -> str:
    keys = _text(json.dumps(list(tool_keys(tool)), ensure_ascii=False))
    mark = '<span class="mark" title="tentative placement">?</span>' if tool.tentative else ""
    return (
        f'<li class="tool" data-keys="{keys}"><details>'
        f'<summary><span class="name">{_text(tool.name)}</span>{mark}</summary>'
        '<template><div class="detail">'
        f'<h3>Why here</h3><p class="reasoning">{_text(tool.reasoning)}</p>'
        f'<h3>Segment: {_text(segment.title)}</h3><p class="text segdef"></p>'
        f"<h3>Facts</h3>{_facts(tool, titles)}"
        f"{_sourced(tool)}"
        f"<h3>Moves</h3>{_history(tool.history, titles)}"
        "</div></template></details></li>"
    )


def _segment(segment: Segment, tools: Sequence[Tool], titles: dict[str, str]) -> str:
    heading = f"seg-{_text(segment.id)}-title"
    cards = "".join(_tool(tool, segment, titles) for tool in tools)
    return (
        f'<section class="segment" id="seg-{_text(segment.id)}" aria-labelledby="{heading}">'
        f'<h2 id="{heading}">{_text(segment.title)}</h2>'
        f'<p class="scale">{_text(segment.scale)} · {plural(len(tools), "tool")}</p>'
        '<details class="definition"><summary>What this segment means</summary>'
        f'<p class="meaning">{_text(segment.definition)}</p></details>'
        f'<ul class="tools">{cards}</ul>'
        f'<p class="empty"{"" if not tools else " hidden"}>No tool here matches.</p>'
        "</section>"
    )


def render(catalog: Catalog, tools: Sequence[Tool], title: str, as_of: dt.date) -> str:
    """The page: segments in scale order, each tool's card with its details."""
    style = ASSETS.joinpath("page.css").read_text(encoding="utf-8")
    script = ASSETS.joinpath("page.js").read_text(encoding="utf-8")
    titles = {segment.id: segment.title for segment in catalog.segments}
    sections = "".join(
        _segment(segment, [tool for tool in tools if tool.segment == segment.id], titles)
        for segment in scale_ordered(catalog)
    )
    policy = (
        f"default-src 'none'; style-src 'sha256-{_digest(style)}'; "
        f"script-src 'sha256-{_digest(script)}'; img-src data:; base-uri 'none'; "
        "form-action 'none'"
    )
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{policy}">
<meta name="generator" content="mlseg-tui">
<title>{_text(title)}</title>
<style>{style}</style>
</head>
<body>
<header>
<h1>{_text(title)}</h1>
<p class="lede">{plural(len(tools), "tool")} placed on the hand-holding scale, from the heavy
end to the light end, as of {as_of.isoformat()}. Open a tool for why it sits there, its facts
and its history.</p>
<div class="search" role="search">
<label for="q">Search</label>
<input id="q" type="search" placeholder="Names and aliases, typos forgiven"
autocomplete="off" spellcheck="false" aria-describedby="keys">
<p id="count" aria-live="polite">{plural(len(tools), "tool")}</p>
</div>
<p class="keys" id="keys"><kbd>/</kbd> search · <kbd>↓</kbd> <kbd>↑</kbd> move between tools ·
<kbd>Enter</kbd> open or close · <kbd>Esc</kbd> close, clear the search</p>
</header>
<main class="segments">{sections}</main>
<footer>Made with mlseg-tui from the catalog “{_text(catalog.root.name)}”.</footer>
<script>{script}</script>
</body>
</html>
"""
