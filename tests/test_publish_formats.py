"""Each export of the bundled catalog passes its format's own input rules (restated in
publish_support from the formats' sources), and maps the catalog as docs/formats.md says."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import yaml

from mlseg_tui.domain.model import HistoryEntry
from mlseg_tui.publish import backstage, byor
from mlseg_tui.publish.export import ExportOptions, export
from mlseg_tui.publish.landscape import LandscapeError, logo_name
from mlseg_tui.publish.radar import (
    MOVED_IN,
    MOVED_OUT,
    NEW,
    NO_CHANGE,
    STAGES,
    LayoutError,
    QuadrantScheme,
    build_layout,
    movement,
)
from tests.publish_support import (
    AS_OF,
    backstage_problems,
    bundled,
    byor_problems,
    landscape_problems,
)

OPTIONS = ExportOptions(as_of=AS_OF)
RINGS = ["Hand-holding", "Middle of the road", "Narrow", "Other"]


def test_rings_follow_the_scale_and_other_is_outermost() -> None:
    catalog = bundled()
    layout = build_layout(catalog, catalog.tools, QuadrantScheme())
    assert [ring.id for ring in layout.rings] == ["hand-holding", "middle", "narrow", "other"]
    without = build_layout(catalog, catalog.tools, QuadrantScheme(), include_other=False)
    assert [ring.id for ring in without.rings] == ["hand-holding", "middle", "narrow"]
    assert {tool.segment for tool in without.omitted} == {"other"}
    assert len(without.placed) + len(without.omitted) == len(catalog.tools)


def test_the_stage_quadrants_take_a_tools_first_stage_tag() -> None:
    catalog = bundled()
    layout = build_layout(catalog, catalog.tools, QuadrantScheme())
    quadrant = {tool.name: name for tool, _, name in layout.placed}
    assert quadrant["Amazon SageMaker"] == "Experiments & training"  # cloud, training, ...
    assert quadrant["Apache Kafka"] == "Data"
    assert quadrant["BentoML"] == "Deployment & serving"
    assert quadrant["Apache Airflow"] == "Operations & other"
    assert set(quadrant.values()) == {name for name, _ in STAGES}


def test_tag_quadrants_add_other_and_refuse_tools_with_no_place() -> None:
    catalog = bundled()
    scheme = QuadrantScheme.parse("tags:training, serving")
    assert scheme.names() == ("training", "serving", "Other")
    layout = build_layout(catalog, catalog.tools, scheme)
    quadrant = {tool.name: name for tool, _, name in layout.placed}
    assert quadrant["PyTorch"] == "training"
    assert quadrant["Apache Kafka"] == "Other"
    four = QuadrantScheme.parse("tags:training,serving,monitoring,data processing")
    with pytest.raises(LayoutError, match="Apache Kafka"):
        build_layout(catalog, catalog.tools, four)
    for bad in ("tags:", "tags:a,b,c,d,e", "tags:a,A", "kinds"):
        with pytest.raises(LayoutError):
            QuadrantScheme.parse(bad)


def test_movement_reads_the_history_against_the_essay() -> None:
    catalog = bundled()
    layout = build_layout(catalog, catalog.tools, QuadrantScheme())
    tool = catalog.find("Airflow")
    assert tool is not None and movement(tool, layout) == NO_CHANGE
    tool.history = (HistoryEntry(AS_OF, "narrow", "middle"),)
    tool.segment = "middle"
    assert movement(tool, layout) == MOVED_IN  # middle is nearer the centre than narrow
    tool.history += (HistoryEntry(AS_OF, "middle", "other"),)
    tool.segment = "other"
    assert movement(tool, layout) == MOVED_OUT
    tool.essay = None
    assert movement(tool, layout) == NEW


@pytest.mark.parametrize("fmt", ["byor-csv", "byor-json"])
def test_byor_sheets_pass_byors_rules(fmt: str) -> None:
    catalog = bundled()
    exported = export(catalog, fmt, OPTIONS)
    if fmt == "byor-csv":
        reader = csv.DictReader(io.StringIO(exported.text))
        columns, blips = list(reader.fieldnames or []), list(reader)
    else:
        blips = json.loads(exported.text)
        columns = list(blips[0])
    assert columns == ["name", "ring", "quadrant", "isNew", "description", "status"]
    quadrants = [name for name, _ in STAGES]
    assert byor_problems(columns, blips, RINGS, quadrants) == []
    assert {blip["name"] for blip in blips} == {tool.name for tool in catalog.tools}
    sagemaker = next(blip for blip in blips if blip["name"] == "Amazon SageMaker")
    assert sagemaker["ring"] == "Hand-holding"
    assert sagemaker["description"].startswith("SageMaker is one of the two examples")
    assert "AWS&#x27;s own infrastructure" in sagemaker["description"]  # escaped HTML
    assert (sagemaker["isNew"], sagemaker["status"]) == ("FALSE", "No Change")
    assert json.dumps(RINGS) in exported.notes[0] and json.dumps(quadrants) in exported.notes[0]


def test_byor_needs_four_quadrants() -> None:
    catalog = bundled()
    options = ExportOptions(quadrants=QuadrantScheme.parse("tags:training"), as_of=AS_OF)
    with pytest.raises(LayoutError, match="exactly four quadrants"):
        export(catalog, "byor-csv", options)


def test_a_hostile_name_is_noted_for_byor_and_its_reasoning_escaped() -> None:
    catalog = bundled()
    catalog.tools[0].name = "<script>alert(1)</script>"
    catalog.tools[0].reasoning = "<b>bold</b> & more\nline two"
    exported = export(catalog, "byor-json", OPTIONS)
    blip = next(b for b in json.loads(exported.text) if b["name"].startswith("<script>"))
    assert blip["description"] == "&lt;b&gt;bold&lt;/b&gt; &amp; more<br>line two"
    assert "<script>alert(1)</script>" in exported.notes[1]


def test_backstage_json_passes_the_plugins_schema() -> None:
    catalog = bundled()
    data = json.loads(export(catalog, "backstage", OPTIONS).text)
    assert backstage_problems(data) == []
    assert [ring["id"] for ring in data["rings"]] == ["hand-holding", "middle", "narrow", "other"]
    assert [q["name"] for q in data["quadrants"]] == [name for name, _ in STAGES]
    entry = next(e for e in data["entries"] if e["title"] == "Amazon SageMaker")
    assert entry["timeline"] == [{"ringId": "hand-holding", "date": "2026-01-15T00:00:00.000Z"}]
    tool = catalog.find("SageMaker")
    assert tool is not None
    assert entry["links"][:2] == [
        {"url": tool.homepage, "title": "Homepage"},
        {"url": tool.repository, "title": "Repository"},
    ]
    assert [link["url"] for link in entry["links"][2:]] == [s.url for s in tool.sources]


def test_each_move_is_a_timeline_entry_newest_first() -> None:
    catalog = bundled()
    tool = catalog.find("Airflow")
    assert tool is not None
    first = HistoryEntry(AS_OF.replace(day=1), "narrow", "middle", "Schedules whole lifecycles")
    second = HistoryEntry(AS_OF.replace(day=9), "middle", "other")
    tool.history, tool.segment = (first, second), "other"
    data = json.loads(export(catalog, "backstage", OPTIONS).text)
    entry = next(e for e in data["entries"] if e["title"] == "Apache Airflow")
    assert entry["timeline"] == [
        {"ringId": "other", "date": "2026-01-09T00:00:00.000Z", "moved": -1},
        {
            "ringId": "middle",
            "date": "2026-01-01T00:00:00.000Z",
            "moved": 1,
            "description": "Schedules whole lifecycles",
        },
        {"ringId": "narrow", "date": "2026-01-01T00:00:00.000Z"},
    ]
    assert backstage_problems(data) == []


def _logos() -> dict[str, str]:
    return {logo_name(tool): logo_name(tool) for tool in bundled().tools}


def test_landscape2_refuses_naming_every_tool_that_lacks_a_required_field() -> None:
    catalog = bundled()
    with pytest.raises(LandscapeError) as raised:
        export(catalog, "landscape2", OPTIONS)
    message = str(raised.value)
    assert f"{len(catalog.tools)} without a logo" in message
    assert "Amazon SageMaker (amazon-sagemaker.svg)" in message
    homeless = [tool.name for tool in catalog.tools if not tool.homepage]
    assert homeless and f"{len(homeless)} without a homepage: {', '.join(homeless)}" in message
    with pytest.raises(LandscapeError) as raised:
        export(catalog, "landscape2", ExportOptions(as_of=AS_OF, logos=_logos()))
    assert "logo" not in str(raised.value).split("homepage")[0]


def test_landscape2_data_passes_its_validation() -> None:
    catalog = bundled()
    catalog.tools = [tool for tool in catalog.tools if tool.homepage]
    text = export(catalog, "landscape2", ExportOptions(as_of=AS_OF, logos=_logos())).text
    assert text.startswith("# yaml-language-server: $schema=")
    data = yaml.safe_load(text)
    assert landscape_problems(data) == []
    assert [category["name"] for category in data["categories"]] == RINGS
    items = {
        item["name"]: (category["name"], sub["name"], item)
        for category in data["categories"]
        for sub in category["subcategories"]
        for item in sub["items"]
    }
    assert set(items) == {tool.name for tool in catalog.tools}
    category, subcategory, item = items["Amazon SageMaker"]
    assert (category, subcategory) == ("Hand-holding", "Experiments & training")
    assert item["logo"] == "amazon-sagemaker.svg"
    assert item["description"].startswith("SageMaker is one of the two examples")
    assert "license" not in item  # "proprietary" is no SPDX id
    assert item["extra"]["summary_tags"] == "cloud, training, deployment, monitoring"
    assert items["Apache Airflow"][2]["license"] == "Apache-2.0"


def test_landscape2_refuses_a_url_it_would_reject() -> None:
    catalog = bundled()
    tool = catalog.find("SageMaker")
    assert tool is not None
    tool.homepage = "javascript:alert(1)"
    with pytest.raises(LandscapeError, match="an http\\(s\\) homepage URL: Amazon SageMaker"):
        export(catalog, "landscape2", ExportOptions(as_of=AS_OF, logos=_logos()))


HEADER = "name,ring,quadrant,isNew,description\n"
BLIP = '{"name": "A", "ring": "r", "quadrant": "q", "isNew": true, "description": "d"}'
RADAR = '{"rings": [{"id": "r", "name": "R"}], "quadrants": [{"id": "q", "name": "Q"}],\n'
BAD_SNAPSHOT = (
    '{"title": "A", "quadrant": "q", "timeline": [{"ringId": "x", "date": "2020-01-01"}]}'
)
BAD_SHEETS = [
    ("byor-csv", "name,ring,quadrant,description\nA,r,q,d\n", 1, "missing column isNew or status"),
    ("byor-csv", HEADER + "A,r,q,TRUE,d\nB,r,,TRUE,d\n", 3, "empty quadrant"),
    ("byor-csv", HEADER + 'A,r,q,TRUE,"x\ny"\nB,r,q\n', 4, "3 fields"),
    ("byor-csv", HEADER + "A,r,q,TRUE,d\na,r,q,TRUE,d\n", 3, "also on line 2"),
    ("byor-csv", HEADER + "A,r,q,TRUE,<p> </p>\n", 2, "no description"),
    ("byor-json", '[\n {"name": "A"}]', 2, "missing ring, quadrant, description"),
    ("byor-json", f"[{BLIP}]", 1, "isNew"),
    ("byor-json", '[\n\n{"name": "A",', 3, "not valid JSON"),
    ("backstage", '{"rings": [], "quadrants": []}', 1, "quadrants, rings and entries"),
    ("backstage", RADAR + '"entries": [\n' + BAD_SNAPSHOT + "]}", 3, "known ringId"),
]


@pytest.mark.parametrize(("fmt", "text", "line", "message"), BAD_SHEETS)
def test_a_bad_radar_file_is_refused_naming_the_line(
    fmt: str, text: str, line: int, message: str
) -> None:
    parse = {"byor-csv": byor.parse_csv, "byor-json": byor.parse_json}.get(fmt, backstage.parse)
    radar, problems = parse(text, Path("radar.file"))
    assert radar is None
    assert problems and problems[0].line == line and message in problems[0].message
    assert str(problems[0]).startswith(f"radar.file:{line}:")
