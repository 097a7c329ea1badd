"""Properties: what a radar format carries survives export then import into an empty
catalog, and import then export; the text helpers under them are exact inverses."""

from __future__ import annotations

import csv
import io
import itertools
import json
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mlseg_tui.domain.model import Tool
from mlseg_tui.publish import backstage, byor
from mlseg_tui.publish.export import ExportOptions, export
from mlseg_tui.publish.html_text import html_to_text, text_to_html
from mlseg_tui.publish.import_plan import CREATE, map_rings, plan_import
from mlseg_tui.publish.json_lines import array_lines
from mlseg_tui.publish.radar import QuadrantScheme
from mlseg_tui.publish.yaml_text import dump
from tests.publish_support import (
    ANY_TEXT,
    AS_OF,
    DATES,
    REASONING,
    SEGMENT_IDS,
    TRIMMED,
    bundled_segments,
    make_catalog,
    tools,
)

PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PARSERS = {"byor-csv": byor.parse_csv, "byor-json": byor.parse_json, "backstage": backstage.parse}


@PROPERTY
@given(ANY_TEXT)
def test_html_descriptions_read_back_as_the_text_written(text: str) -> None:
    assert html_to_text(text_to_html(text)) == text


@PROPERTY
@given(st.recursive(ANY_TEXT | st.booleans(), lambda inner: st.lists(inner, max_size=3)
                    | st.dictionaries(ANY_TEXT, inner, max_size=3), max_leaves=12))  # fmt: skip
def test_yaml_reads_back_as_the_data_written(value: object) -> None:
    document = {"categories": value}
    assert yaml.safe_load(dump(document, header="# a comment\n")) == document


SPACES = st.sampled_from(["", " ", "\n", "\r\n ", "\n\n\t"])
ELEMENTS = st.sampled_from(['{"a": [1, {"b": "\\n"}]}', '"x,\\"]"', "[]", "3"])


@PROPERTY
@given(st.lists(st.tuples(SPACES, ELEMENTS)))
def test_json_lines_name_where_each_element_starts(parts: list[tuple[str, str]]) -> None:
    text, expected = "[", []
    for index, (space, element) in enumerate(parts):
        text += ("," if index else "") + space
        expected.append(text.count("\n") + 1)
        text += element
    text += "]"
    assert json.loads(text) is not None
    assert array_lines(text) == expected
    assert array_lines('{"x": 1, "entries": ' + text + "}", "entries") == expected


def _import(fmt: str, text: str, catalog_tools: list[Tool]) -> list[Tool]:
    radar, problems = PARSERS[fmt](text, Path("radar"))
    assert problems == [] and radar is not None
    catalog = make_catalog(catalog_tools)
    plans = plan_import(radar, catalog, map_rings(radar.rings, catalog, {}), Path("radar"))
    assert all(plan.action == CREATE for plan in plans)
    return [plan.incoming for plan in plans]


@PROPERTY
@given(tools(), st.sampled_from(["byor-csv", "byor-json", "backstage"]))
def test_export_then_import_into_an_empty_catalog_keeps_what_the_format_carries(
    made: list[Tool], fmt: str
) -> None:
    catalog = make_catalog(made)
    scheme = QuadrantScheme.parse("tags:training,serving,x")
    text = export(catalog, fmt, ExportOptions(quadrants=scheme, as_of=AS_OF)).text
    back = {tool.name: tool for tool in _import(fmt, text, [])}
    assert set(back) == {tool.name for tool in made}
    for tool in made:
        again = back[tool.name]
        assert (again.segment, again.reasoning) == (tool.segment, tool.reasoning)
        assert again.tags == (scheme.quadrant_of(tool),)
        if fmt == "backstage":
            assert (again.homepage, again.repository) == (tool.homepage, tool.repository)
            assert [(e.date, e.from_segment, e.to_segment, e.reason) for e in again.history] == [
                (e.date, e.from_segment, e.to_segment, e.reason) for e in tool.history
            ]


QUADRANTS = st.lists(
    TRIMMED.filter(lambda name: "," not in name), min_size=4, max_size=4,
    unique_by=lambda name: name.casefold(),
)  # fmt: skip


@st.composite
def byor_sheets(draw: st.DrawFn) -> tuple[list[dict[str, str]], list[str]]:
    quadrants = draw(QUADRANTS)
    titles = [segment.title for segment in bundled_segments()]
    names = draw(st.lists(TRIMMED, min_size=1, max_size=6, unique_by=lambda n: n.casefold()))
    rows = [
        {
            "name": name,
            "ring": draw(st.sampled_from(titles)),
            "quadrant": draw(st.sampled_from(quadrants)),
            "isNew": "TRUE",
            "description": text_to_html(draw(REASONING)),
            "status": "New",
        }
        for name in names
    ]
    return rows, quadrants


def _byor_text(fmt: str, rows: list[dict[str, str]]) -> str:
    if fmt == "byor-json":
        return json.dumps(rows)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


@PROPERTY
@given(byor_sheets(), st.sampled_from(["byor-csv", "byor-json"]))
def test_byor_import_then_export_gives_the_same_sheet(
    sheet: tuple[list[dict[str, str]], list[str]], fmt: str
) -> None:
    rows, quadrants = sheet
    imported = _import(fmt, _byor_text(fmt, rows), [])
    catalog = make_catalog(imported)
    options = ExportOptions(quadrants=QuadrantScheme(tuple(quadrants)), as_of=AS_OF)
    exported = json.loads(export(catalog, "byor-json", options).text)
    carried = ("name", "ring", "quadrant", "description")
    assert sorted(tuple(row[key] for key in carried) for row in exported) == sorted(
        tuple(row[key] for key in carried) for row in rows
    )


@st.composite
def backstage_documents(draw: st.DrawFn) -> dict[str, object]:
    segments = bundled_segments()
    quadrants = draw(QUADRANTS)
    names = draw(st.lists(TRIMMED, min_size=1, max_size=5, unique_by=lambda n: n.casefold()))
    entries = []
    for number, name in enumerate(names):
        rings = draw(st.lists(st.sampled_from(SEGMENT_IDS), min_size=1, max_size=4))
        rings = [ring for i, ring in enumerate(rings) if i == 0 or ring != rings[i - 1]]
        days = sorted(draw(st.lists(DATES, min_size=len(rings), max_size=len(rings))))
        timeline = [
            {
                "ringId": ring,
                "date": f"{day.isoformat()}T00:00:00.000Z",
                "description": draw(REASONING),
            }
            for ring, day in zip(rings, days, strict=True)
        ]
        entry = {
            "key": f"k{number}", "id": f"k{number}", "title": name,
            "quadrant": f"q{draw(st.integers(0, 3))}", "description": draw(REASONING),
            "timeline": list(reversed(timeline)),
        }  # fmt: skip
        if draw(st.booleans()):
            entry["links"] = [{"url": "https://h.example/", "title": "Homepage"}]
        entries.append(entry)
    return {
        "quadrants": [{"id": f"q{i}", "name": name} for i, name in enumerate(quadrants)],
        "rings": [{"id": s.id, "name": s.title, "color": "#000"} for s in segments],
        "entries": entries,
    }


def _carried(data: dict[str, object]) -> list[tuple[object, ...]]:
    quadrant = {q["id"]: q["name"] for q in data["quadrants"]}  # type: ignore[union-attr]
    out = []
    for entry in data["entries"]:  # type: ignore[union-attr]
        oldest = list(reversed(entry["timeline"]))
        moves = [
            (new["date"][:10], old["ringId"], new["ringId"], new.get("description", ""))
            for old, new in itertools.pairwise(oldest)
        ]
        links = {link["title"]: link["url"] for link in entry.get("links", [])}
        out.append((entry["title"], quadrant[entry["quadrant"]], entry["description"],
                    entry["timeline"][0]["ringId"], moves, links.get("Homepage", "")))  # fmt: skip
    return sorted(out, key=repr)


@PROPERTY
@given(backstage_documents())
def test_backstage_import_then_export_keeps_entries_rings_and_moves(
    data: dict[str, object],
) -> None:
    imported = _import("backstage", json.dumps(data), [])
    quadrants = tuple(q["name"] for q in data["quadrants"])  # type: ignore[union-attr]
    options = ExportOptions(quadrants=QuadrantScheme(quadrants), as_of=AS_OF)
    exported = json.loads(export(make_catalog(imported), "backstage", options).text)
    assert _carried(exported) == _carried(data)
