"""The detail panel shows a tool's events as a timeline beside its moves, its sources, and
marks a historical homepage."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from mlseg_tui.catalog.load import load_catalog
from mlseg_tui.domain.facts import ToolEvent
from mlseg_tui.domain.model import Catalog, HistoryEntry
from mlseg_tui.ui.widgets.detail import tool_detail

BUNDLED = Path(__file__).resolve().parent.parent / "catalog"


def _catalog() -> Catalog:
    catalog = load_catalog(BUNDLED).catalog
    assert catalog is not None
    return catalog


def _section(text: str, heading: str) -> list[str]:
    lines = text.split("\n")
    start = lines.index(heading) + 1
    end = next((i for i in range(start, len(lines)) if not lines[i].strip()), len(lines))
    return lines[start:end]


def test_timeline_interleaves_events_and_moves_oldest_first() -> None:
    catalog = _catalog()
    tool = catalog.find("RabbitMQ")
    assert tool is not None
    moved = replace(
        tool,
        history=(HistoryEntry(dt.date(2022, 5, 1), "narrow", "middle", "Grew."),),
        events=(*tool.events, ToolEvent("2021", "milestone", "A year-only event.", "")),
    )
    text = tool_detail(catalog, moved).plain
    assert _section(text, "Timeline (oldest first)") == [
        "2020-07-17  licence: RabbitMQ's licence changed from MPL-1.1 to MPL-2.0.",
        "2021  milestone: A year-only event.",
        "2022-05-01  moved: Narrow → Middle of the road",
        "2023-11-22  owner: RabbitMQ passed to Broadcom when Broadcom's acquisition of VMware "
        "closed.",
    ]
    # The moves keep their own, detailed history beside the timeline.
    assert "History (newest first)" in text


def test_secondary_events_and_sources_are_marked() -> None:
    catalog = _catalog()
    tool = catalog.find("Tecton")
    assert tool is not None
    text = tool_detail(catalog, tool).plain
    timeline = _section(text, "Timeline (oldest first)")
    assert timeline == ["2025-08  acquired: Databricks acquired Tecton.  (secondary source)"]
    sources = text.split("\nSources\n", 1)[1].split("\n")
    urls = [line for line in sources if line.startswith("• ")]
    assert len(urls) == len(tool.sources)
    assert "• https://thedataexec.io/p/databricks-bought-tecton  (secondary)" in urls


def test_historical_homepage_and_sdk_licence_are_shown() -> None:
    catalog = _catalog()
    octoml = catalog.find("OctoML")
    wandb = catalog.find("Weights & Biases")
    assert octoml is not None and wandb is not None
    assert (
        "Homepage: https://octoml.ai (historical: no longer serves the product)"
        in tool_detail(catalog, octoml).plain
    )
    text = tool_detail(catalog, wandb).plain
    assert "SDK licence: MIT" in text
    assert "Homepage: https://wandb.ai\n" in text
    assert "Status: acquired" in text


def test_a_tool_without_facts_has_no_timeline_or_sources() -> None:
    catalog = _catalog()
    tool = catalog.find("Kafka")
    assert tool is not None
    bare = replace(tool, sources=(), events=(), history=())
    text = tool_detail(catalog, bare).plain
    assert "Timeline" not in text and "\nSources\n" not in text
