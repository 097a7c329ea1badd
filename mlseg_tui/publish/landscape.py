"""A landscape2 `data.yml`: segments as categories, quadrants as subcategories.

Fields and rules from cncf/landscape2 at e04fe53b: docs/config/data.yml (the reference),
docs/config/schema/data.schema.json and crates/core/src/data/legacy.rs (`validate`: a name,
a homepage URL and a logo are required; URLs must parse with an http or https scheme).
docs/formats.md maps every field.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from mlseg_tui.domain.model import Tool
from mlseg_tui.publish.radar import RadarLayout, slug
from mlseg_tui.publish.yaml_text import dump

LOGO_SUFFIX = ".svg"  # data.yml: "The logo file must be an SVG file."
SCHEMA_LINE = (
    "# yaml-language-server: $schema=https://raw.githubusercontent.com/cncf/landscape2/"
    "refs/heads/main/docs/config/schema/data.schema.json\n"
)


class LandscapeError(ValueError):
    """Tools lack what landscape2 requires; the message names each of them."""


def is_web_url(text: str) -> bool:
    """What landscape2's validate_url accepts: parses, with an http or https scheme."""
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    return parts.scheme in {"http", "https"} and bool(parts.netloc)


def logo_name(tool: Tool) -> str:
    """The logo file a tool is expected to have: its name's slug, as an SVG."""
    return (slug(tool.name) or "tool") + LOGO_SUFFIX


def _check(layout: RadarLayout, logos: Mapping[str, str]) -> None:
    lacking: dict[str, list[str]] = {}
    for tool, _, _ in layout.placed:
        if not tool.homepage:
            lacking.setdefault("a homepage", []).append(tool.name)
        elif not is_web_url(tool.homepage):
            lacking.setdefault("an http(s) homepage URL", []).append(tool.name)
        if tool.repository and not is_web_url(tool.repository):
            lacking.setdefault("an http(s) repository URL", []).append(tool.name)
        if logo_name(tool) not in logos:
            lacking.setdefault("a logo", []).append(f"{tool.name} ({logo_name(tool)})")
    if lacking:
        parts = [
            f"{len(names)} without {what}: {', '.join(names)}" for what, names in lacking.items()
        ]
        hint = ""
        if "a logo" in lacking:
            hint = (
                "; landscape2 requires an SVG logo for every item: pass --logos DIR holding "
                "one file per tool, named as shown"
            )
        raise LandscapeError("landscape2 would reject this data: " + "; ".join(parts) + hint)


def _item(tool: Tool, logos: Mapping[str, str]) -> dict[str, Any]:
    item: dict[str, Any] = {
        "name": tool.name,
        "homepage_url": tool.homepage,
        "logo": logos[logo_name(tool)],
        "description": tool.reasoning,
    }
    if tool.repository:
        item["repo_url"] = tool.repository
    if tool.license and tool.license.casefold() != "proprietary":
        item["license"] = tool.license
    extra: dict[str, Any] = {}
    if tool.description:
        extra["summary_use_case"] = tool.description
    if tool.tags:
        extra["summary_tags"] = ", ".join(tool.tags)
    annotations = {"mlseg_segment": tool.segment}
    if tool.tentative:
        annotations["mlseg_tentative"] = "true"
    extra["annotations"] = annotations
    item["extra"] = extra
    return item


def document(layout: RadarLayout, logos: Mapping[str, str]) -> dict[str, Any]:
    """The data: one category a ring that holds tools, one subcategory a quadrant in it.
    `logos` maps each logo file name found to the name to write."""
    _check(layout, logos)
    categories = []
    for index, ring in enumerate(layout.rings):
        subcategories = []
        for quadrant in layout.quadrants:
            items = [
                _item(tool, logos)
                for tool, ring_index, tool_quadrant in layout.placed
                if ring_index == index and tool_quadrant == quadrant
            ]
            if items:
                subcategories.append({"name": quadrant, "items": items})
        if subcategories:
            categories.append({"name": ring.title, "subcategories": subcategories})
    return {"categories": categories}


def as_yaml(layout: RadarLayout, logos: Mapping[str, str]) -> str:
    return dump(document(layout, logos), header=SCHEMA_LINE)
