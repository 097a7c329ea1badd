"""Shared pieces of the publishing tests: the bundled catalog, in-memory catalogs for
property tests, and the input rules of the formats' own readers, restated from their
sources (each rule names the file it comes from; docs/formats.md gives the commits)."""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from hypothesis import strategies as st

from mlseg_tui.catalog.load import load_catalog
from mlseg_tui.domain.model import Catalog, EssayListing, HistoryEntry, Segment, SourceRef, Tool

BUNDLED = Path(__file__).resolve().parent.parent / "catalog"
AS_OF = dt.date(2026, 1, 15)


@cache
def bundled_segments() -> tuple[Segment, ...]:
    catalog = load_catalog(BUNDLED).catalog
    assert catalog is not None
    return tuple(catalog.segments)


def bundled() -> Catalog:
    """A fresh load of the bundled catalog (tests may change its tools)."""
    catalog = load_catalog(BUNDLED).catalog
    assert catalog is not None
    return catalog


def make_catalog(tools: list[Tool]) -> Catalog:
    return Catalog(Path("mem"), list(bundled_segments()), tools)


SEGMENT_IDS = ("hand-holding", "narrow", "middle", "other")
# Text as users write it: any character but surrogates, with the awkward ones made likely.
AWKWARD = [
    "<script>alert(1)</script>", "&amp;", '"', "'", ",", "\n", "\r\n", "\t", "\\", "**",
    "# x", "- y", ": z", "\u2028", "\x85", "漢字", "🚀", "e\u0301", "\x1b[2J",
]  # fmt: skip
ANY_TEXT = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",)), max_size=30),
    st.lists(st.one_of(st.sampled_from(AWKWARD), st.characters(codec="utf-8")), max_size=8).map(
        "".join
    ),
)
# BYOR trims every value, so a carried text has no space at either end.
TRIMMED = ANY_TEXT.map(str.strip).filter(bool)
# An import reads every line end as "\n", so a reasoning that goes both ways has no "\r".
REASONING = ANY_TEXT.map(lambda text: text.replace("\r", "").strip()).filter(bool)
DATES = st.dates(dt.date(2020, 6, 2), dt.date(2030, 12, 31))
URLS = st.sampled_from(["", "https://example.com/", "http://a.b/c?d=e&f=<g>", "https://x.org/"])


@st.composite
def tools(draw: st.DrawFn, count: int = 6) -> list[Tool]:
    names = draw(
        st.lists(TRIMMED, min_size=1, max_size=count, unique_by=lambda name: name.casefold())
    )
    made = []
    for index, name in enumerate(names):
        segment = draw(st.sampled_from(SEGMENT_IDS))
        moves = draw(st.lists(st.tuples(DATES, st.sampled_from(SEGMENT_IDS), ANY_TEXT), max_size=3))
        history, current = [], draw(st.sampled_from(SEGMENT_IDS))
        for day, target, reason in sorted(moves):
            if target != current:
                history.append(HistoryEntry(day, current, target, reason.replace("\r", "").strip()))
                current = target
        if history:
            segment = current
        made.append(
            Tool(
                name=name,
                segment=segment,
                reasoning=draw(REASONING),
                source=SourceRef(Path("mem.toml"), index),
                homepage=draw(URLS),
                repository=draw(URLS),
                tags=tuple(
                    draw(st.lists(st.sampled_from(["training", "serving", "x"]), max_size=2))
                ),
                essay=draw(st.sampled_from([None, EssayListing((name,), (segment,))])),
                history=tuple(history),
            )
        )
    return made


# --- Build Your Own Radar's input rules (thoughtworks/build-your-own-radar) --------------


def byor_fold(name: str) -> str:
    """src/util/factory.js validateInputQuadrantOrRingName: case and "and"/"&" ignored."""
    return re.sub(r"(-|\s+)(and)(-|\s+)|\s*(&)\s*", " & ", name.lower())


def byor_problems(
    columns: list[str], blips: list[dict[str, Any]], rings: list[str], quadrants: list[str]
) -> list[str]:
    """What BYOR refuses or silently drops, for a sheet and its RINGS/QUADRANTS config."""
    found = []
    columns = [column.strip() for column in columns]  # contentValidator.js trims
    for needed in ("name", "ring", "quadrant", "description"):  # verifyHeaders
        if needed not in columns:
            found.append(f"missing header {needed}")
    if "isNew" not in columns and "status" not in columns:
        found.append("missing isNew and status")
    if len(quadrants) != 4 or not 1 <= len(rings) <= 4:  # graphing/config.js isValidConfig
        found.append("invalid config")
    ring_names = {byor_fold(ring) for ring in rings}
    quadrant_names = {byor_fold(quadrant) for quadrant in quadrants}
    for blip in blips:
        if any(not isinstance(value, str) for value in blip.values()):  # inputSanitizer trims all
            found.append(f"non-string value in {blip}")
            continue
        if byor_fold(blip["ring"].strip()) not in ring_names:  # plotRadarGraph drops it
            found.append(f"ring {blip['ring']!r} dropped")
        if byor_fold(blip["quadrant"].strip()) not in quadrant_names:
            found.append(f"quadrant {blip['quadrant']!r} dropped")
        if blip.get("status", "").lower() not in {"", "new", "moved in", "moved out", "no change"}:
            found.append(f"status {blip['status']!r}")  # README: the four values
        if blip["isNew"].lower() not in {"true", "false"}:
            found.append(f"isNew {blip['isNew']!r}")
    return found


# --- Backstage's TechRadarLoaderResponse (tech-radar-common src/schema.ts) ---------------


def backstage_problems(data: Any) -> list[str]:
    """The zod schema's checks, plus what RadarComponent.tsx needs (timeline[0], and ids
    that resolve)."""
    found: list[str] = []

    def need(obj: Any, field: str, kind: type, optional: bool = False) -> None:
        if field not in obj:
            if not optional:
                found.append(f"missing {field}")
        elif not isinstance(obj[field], kind) or isinstance(obj[field], bool) != (kind is bool):
            found.append(f"{field} is not {kind.__name__}")

    for key in ("quadrants", "rings", "entries"):
        need(data, key, list)
    for ring in data["rings"]:
        for field in ("id", "name", "color"):
            need(ring, field, str)
        need(ring, "description", str, optional=True)
    for quadrant in data["quadrants"]:
        need(quadrant, "id", str)
        need(quadrant, "name", str)
    if len(data["quadrants"]) > 4:
        found.append("more than four quadrants")  # model.ts: up to four
    ring_ids = {ring["id"] for ring in data["rings"]}
    quadrant_ids = {quadrant["id"] for quadrant in data["quadrants"]}
    keys = [entry["key"] for entry in data["entries"]]
    if len(set(keys)) != len(keys):
        found.append("duplicate React keys")
    for entry in data["entries"]:
        for field in ("key", "id", "quadrant", "title"):
            need(entry, field, str)
        need(entry, "description", str, optional=True)
        need(entry, "timeline", list)
        if entry["quadrant"] not in quadrant_ids:
            found.append(f"unknown quadrant {entry['quadrant']}")
        if not entry["timeline"]:
            found.append("empty timeline")  # RadarComponent reads timeline[0]
        for snapshot in entry["timeline"]:
            need(snapshot, "ringId", str)
            need(snapshot, "date", str)  # z.coerce.date: an ISO string
            dt.datetime.fromisoformat(snapshot["date"].replace("Z", "+00:00"))
            if snapshot["ringId"] not in ring_ids:
                found.append(f"unknown ring {snapshot['ringId']}")
            if snapshot.get("moved", 0) not in (-1, 0, 1):  # MovedState
                found.append(f"moved {snapshot['moved']}")
            need(snapshot, "description", str, optional=True)
        for link in entry.get("links", []):
            need(link, "url", str)
            need(link, "title", str)
    return found


# --- landscape2's data file (cncf/landscape2 docs/config/data.yml, legacy.rs) ------------

LOGO = re.compile(r"^.*\.(svg|gif|jpe?g|tiff?|png|webp|bmp)$")  # data.schema.json


def _web_url(text: str) -> bool:
    parts = urlsplit(text)  # util.rs validate_url: parses, http or https
    return parts.scheme in {"http", "https"} and bool(parts.netloc)


def landscape_problems(data: Any) -> list[str]:
    """The checks of legacy.rs LandscapeData::validate and the schema's required fields."""
    found: list[str] = []
    categories = data.get("categories", data.get("landscape"))
    if not isinstance(categories, list):
        return ["no categories list"]
    for category in categories:
        if not isinstance(category.get("name"), str) or not category["name"].strip():
            found.append("category name is required")
        for subcategory in category.get("subcategories") or found.append("no subcategories") or []:
            if not isinstance(subcategory.get("name"), str) or not subcategory["name"].strip():
                found.append("subcategory name is required")
            seen: set[str] = set()
            for item in subcategory.get("items", []):
                for field in ("name", "homepage_url", "logo"):
                    if not isinstance(item.get(field), str) or not item[field].strip():
                        found.append(f"{field} is required")
                if item.get("name") in seen:
                    found.append("duplicate item name")
                seen.add(item.get("name"))
                if not LOGO.match(item.get("logo", "")):
                    found.append("logo is not an image file name")
                for field in ("homepage_url", "repo_url"):
                    if field in item and not _web_url(item[field]):
                        found.append(f"invalid {field}")
                for field in ("description", "license"):
                    if field in item and not isinstance(item[field], str):
                        found.append(f"{field} is not a string")
                extra = item.get("extra", {})
                for field in ("summary_use_case", "summary_tags"):
                    if field in extra and not isinstance(extra[field], str):
                        found.append(f"{field} is not a string")
                for key, value in extra.get("annotations", {}).items():
                    if not isinstance(key, str) or not isinstance(value, str):
                        found.append("annotations must be strings")
    return found
