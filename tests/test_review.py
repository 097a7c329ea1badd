"""The review: disagreements, criteria not answered, stale reasoning and tentative
placements, in the domain and from `mlseg-tui review` (text and JSON, exit 0)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from mlseg_tui.cli.commands import main
from mlseg_tui.domain.criteria import Band, Criterion, Metric
from mlseg_tui.domain.facts import ToolEvent
from mlseg_tui.domain.model import Catalog, HistoryEntry, SourceRef, Tool
from mlseg_tui.domain.review import earliest_day, review, stale_reason
from tests.test_criteria import metric_catalog
from tests.test_loader import tool_toml

TODAY = dt.date(2026, 12, 5)
METRIC_OBJECT = Metric(
    (Criterion("infra", "Who runs it?", ("managed", "library")),),
    (Band("hand-holding", 0.5), Band("narrow", 0.0)),
    stale_after_years=3,
)
HEAVY = (("infra", ("managed",)),)
LIGHT = (("infra", ("library",)),)


def tool(name: str, segment: str, **fields: object) -> Tool:
    fields.setdefault("reviewed", dt.date(2026, 1, 1))
    return Tool(name, segment, "Because.", SourceRef(Path("t.toml"), 0), **fields)  # type: ignore[arg-type]


def catalog_of(*tools: Tool) -> Catalog:
    from tests.test_search import SEGMENTS as SEGMENT_LIST

    return Catalog(Path("."), list(SEGMENT_LIST), list(tools), metric=METRIC_OBJECT)


def test_each_kind_of_item_with_its_reason() -> None:
    catalog = catalog_of(
        tool("Agrees", "hand-holding", criteria=HEAVY),
        tool("Disagrees", "narrow", criteria=HEAVY),
        tool("Silent", "narrow"),
        tool("Old", "narrow", criteria=LIGHT, reviewed=dt.date(2020, 6, 2)),
        tool("Hedged", "narrow", criteria=LIGHT, tentative=True),
        tool("Outside", "other", criteria=HEAVY),
    )
    items = review(catalog, TODAY)
    assert [(item.kind, item.name) for item in items] == [
        ("disagreement", "Disagrees"),
        ("unanswered", "Silent"),
        ("stale", "Old"),
        ("tentative", "Hedged"),
    ]
    reasons = {item.name: item.reason for item in items}
    assert reasons["Disagrees"] == "criteria score 1.00 suggests Hand-Holding; placed in Narrow"
    assert reasons["Silent"] == "no criteria answered"
    assert reasons["Old"] == "reasoning not revised since 2020-06-02 (over 3 years)"
    assert reasons["Hedged"] == "the placement is marked tentative"
    assert items[0].tool_index == 1


def test_the_placement_of_a_session_is_what_is_reviewed() -> None:
    catalog = catalog_of(tool("Disagrees", "narrow", criteria=HEAVY))
    assert review(catalog, TODAY, segment_of=["hand-holding"]) == []


def test_stale_when_a_status_change_came_after_the_reasoning() -> None:
    events = (
        ToolEvent("2020", "acquired", "Too early to matter.", "https://a"),
        ToolEvent("2021-07", "released", "A release is no change of status.", "https://b"),
        ToolEvent("2021-07-27", "acquired", "BigCo bought it.", "https://c"),
    )
    written = tool("Bought", "narrow", reviewed=dt.date(2021, 3, 1), events=events)
    reason = stale_reason(written, dt.date(2022, 1, 1), 3)
    assert (
        reason
        == "reasoning of 2021-03-01 is older than a change (acquired, 2021-07-27): BigCo bought it."
    )
    # An event of the same year as the reasoning may have come before it: not stale.
    same_year = (ToolEvent("2021", "status", "x", "https://d"),)
    hedged = tool("Hedged", "narrow", reviewed=dt.date(2021, 3, 1), events=same_year)
    assert stale_reason(hedged, dt.date(2022, 1, 1), 3) is None


def test_the_reasonings_date_is_its_review_or_its_last_move() -> None:
    moved = tool(
        "Moved",
        "narrow",
        reviewed=None,
        history=(HistoryEntry(dt.date(2025, 5, 1), "middle", "narrow", "r", "p"),),
    )
    assert stale_reason(moved, TODAY, 3) is None
    assert stale_reason(moved, dt.date(2028, 5, 2), 3) == (
        "reasoning not revised since 2025-05-01 (over 3 years)"
    )
    undated = tool("Undated", "narrow", reviewed=None)
    assert stale_reason(undated, TODAY, 3) == (
        "the reasoning has no date: no `reviewed` date and no history entry"
    )


@pytest.mark.parametrize(
    ("text", "day"),
    [("2024", dt.date(2024, 1, 1)), ("2024-06", dt.date(2024, 6, 1)),
     ("2024-06-30", dt.date(2024, 6, 30)), ("June", None), ("2024-13", None)],
)  # fmt: skip
def test_an_events_earliest_day(text: str, day: dt.date | None) -> None:
    assert earliest_day(text) == day


# --- the CLI --------------------------------------------------------------------------


def review_catalog(root: Path) -> Path:
    answers = (
        '[tools.criteria]\ninfrastructure = "managed"\nlifecycle = ["data", "train", "deploy"]\n'
    )
    tools = "\n".join(
        [
            tool_toml("Heavy", "narrow", extra="reviewed = 2026-11-01\n" + answers),
            tool_toml("Blank", "hand-holding", extra="reviewed = 2026-11-01\n"),
            tool_toml(
                "Hedged",
                "hand-holding",
                extra="tentative = true\nreviewed = 2026-11-01\n" + answers,
            ),
        ]
    )
    return metric_catalog(root, tools)


def test_review_prints_each_kind_and_exits_0(tmp_path: Path) -> None:
    root = review_catalog(tmp_path / "c")
    result = CliRunner().invoke(main, ["review", "--catalog", str(root), "--today", "2026-12-05"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "Placement and criteria disagree (1)",
        "  Heavy (tools.toml): criteria score 0.83 suggests Hand-Holding; placed in Narrow",
        "",
        "Criteria not answered (1)",
        "  Blank (tools.toml): no criteria answered",
        "",
        "Tentative placements (1)",
        "  Hedged (tools.toml): the placement is marked tentative",
        "",
        "3 items to review: 1 disagreement, 1 tool without all criteria answered, "
        "1 tentative placement",
    ]


def test_review_as_json_for_scripts(tmp_path: Path) -> None:
    root = review_catalog(tmp_path / "c")
    args = ["review", "--catalog", str(root), "--format", "json", "--today", "2030-01-01"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    records = json.loads(result.output)
    assert records[0] == {
        "kind": "disagreement",
        "tool": "Heavy",
        "file": "tools.toml",
        "segment": "narrow",
        "score": 0.8333,
        "suggested": "hand-holding",
        "reason": "criteria score 0.83 suggests Hand-Holding; placed in Narrow",
    }
    stale = [record["tool"] for record in records if record["kind"] == "stale"]
    assert stale == ["Heavy", "Blank", "Hedged"]  # 2030: over three years


def test_nothing_to_review(tmp_path: Path) -> None:
    text = tool_toml(
        "Fine",
        "hand-holding",
        extra='reviewed = 2026-11-01\n[tools.criteria]\ninfrastructure = "managed"\n'
        'lifecycle = ["data", "train", "deploy"]\n',
    )
    root = metric_catalog(tmp_path / "c", text)
    result = CliRunner().invoke(main, ["review", "--catalog", str(root), "--today", "2026-12-05"])
    assert result.exit_code == 0 and result.output == "Nothing to review.\n"


def test_list_search_takes_facets_and_reports_bad_ones(tmp_path: Path) -> None:
    root = review_catalog(tmp_path / "c")
    runner = CliRunner()
    ok = runner.invoke(
        main, ["list", "--catalog", str(root), "--search", "disagree:yes", "--format", "json"]
    )
    assert ok.exit_code == 0, ok.output
    assert [record["name"] for record in json.loads(ok.output)] == ["Heavy"]
    bad = runner.invoke(main, ["list", "--catalog", str(root), "--search", "stage:testing"])
    assert bad.exit_code == 1
    assert "--search: stage:testing: no value starts with 'testing'" in bad.output
