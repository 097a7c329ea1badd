"""Properties through the disk: a radar imported into an empty catalog, exported and
imported again, and exported once more, keeps every field the format carries (the tool
files written and read by the store and the loader in between)."""

from __future__ import annotations

import csv
import io
import json
import shutil
import tempfile
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mlseg_tui.catalog.load import load_catalog
from mlseg_tui.cli.commands import main
from mlseg_tui.domain.model import Tool
from mlseg_tui.publish.html_text import text_to_html
from tests.publish_support import BUNDLED, DATES, SEGMENT_IDS, bundled_segments

DISK = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
# What the catalog accepts from an import: no control characters (a reasoning keeps its
# line breaks), nothing blank, no space at either end (radar readers trim).
ONE_LINE = (
    st.text(
        st.characters(exclude_categories=("Cs", "Cc"), exclude_characters="\u2028\u2029\x85"),
        min_size=1,
        max_size=20,
    )
    .map(str.strip)
    .filter(bool)
)
AWKWARD = st.sampled_from(["<script>alert(1)</script>", '"""', "\\", "'", "&amp;", "漢字", "#"])
NAMES = st.one_of(ONE_LINE, st.tuples(ONE_LINE, AWKWARD).map("".join))
PARAGRAPHS = st.lists(st.one_of(ONE_LINE, AWKWARD), min_size=1, max_size=3).map("\n".join)
QUADRANTS = ["Data", "Experiments & training", "Deployment & serving", "Operations & other"]
STAGE_TAGS = "tags:" + ",".join(QUADRANTS)


def _cli(*args: str) -> None:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output


def _empty(root: Path) -> Path:
    root.mkdir()
    shutil.copy(BUNDLED / "segments.toml", root / "segments.toml")
    return root


def _tools(root: Path) -> list[Tool]:
    result = load_catalog(root, use_cache=False)
    assert result.ok and result.catalog is not None, [str(p) for p in result.problems]
    return result.catalog.tools


@st.composite
def backstage_documents(draw: st.DrawFn) -> dict[str, object]:
    names = draw(st.lists(NAMES, min_size=1, max_size=4, unique_by=str.casefold))
    entries = []
    for number, name in enumerate(names):
        rings = draw(st.lists(st.sampled_from(SEGMENT_IDS), min_size=1, max_size=3))
        rings = [ring for i, ring in enumerate(rings) if i == 0 or ring != rings[i - 1]]
        days = sorted(draw(st.lists(DATES, min_size=len(rings), max_size=len(rings))))
        timeline = [
            {"ringId": ring, "date": day.isoformat(), "description": draw(PARAGRAPHS)}
            for ring, day in zip(rings, days, strict=True)
        ]
        entry = {
            "key": f"k{number}", "id": f"k{number}", "title": name,
            "quadrant": f"q{draw(st.integers(0, 3))}", "description": draw(PARAGRAPHS),
            "timeline": list(reversed(timeline)),
            "links": [{"url": f"https://example.com/{number}", "title": "Homepage"}],
        }  # fmt: skip
        entries.append(entry)
    return {
        "quadrants": [{"id": f"q{i}", "name": name} for i, name in enumerate(QUADRANTS)],
        "rings": [{"id": s.id, "name": s.title, "color": "#000"} for s in bundled_segments()],
        "entries": entries,
    }


def _fields(tool: Tool) -> tuple[object, ...]:
    history = tuple((e.date, e.from_segment, e.to_segment, e.reason) for e in tool.history)
    return (tool.name, tool.segment, tool.reasoning, tool.tags, tool.homepage, history)


@DISK
@given(backstage_documents())
def test_backstage_through_the_disk_keeps_what_it_carries(data: dict[str, object]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        radar = base / "radar.json"
        radar.write_text(json.dumps(data), encoding="utf-8")
        first = _empty(base / "first")
        _cli("import", "--catalog", str(first), "--format", "backstage", str(radar))
        again = base / "again.json"
        _cli("export", "--catalog", str(first), "--format", "backstage", "-o", str(again),
             "--quadrants", STAGE_TAGS)  # fmt: skip
        second = _empty(base / "second")
        _cli("import", "--catalog", str(second), "--format", "backstage", str(again))
        one, two = _tools(first), _tools(second)
        assert sorted(map(_fields, one)) == sorted(map(_fields, two))
        by_name = {tool.name: tool for tool in one}
        for entry in data["entries"]:  # type: ignore[attr-defined]
            tool = by_name[entry["title"]]
            assert tool.reasoning == entry["description"]
            assert tool.segment == entry["timeline"][0]["ringId"]
            assert len(tool.history) == len(entry["timeline"]) - 1


@DISK
@given(st.lists(st.tuples(NAMES, st.sampled_from(QUADRANTS), PARAGRAPHS), min_size=1,
                max_size=4, unique_by=lambda row: row[0].casefold()),
       st.sampled_from(["byor-csv", "byor-json"]))  # fmt: skip
def test_byor_import_then_export_gives_back_the_sheet(
    rows: list[tuple[str, str, str]], fmt: str
) -> None:
    titles = [segment.title for segment in bundled_segments()]
    sheet = [
        {"name": name, "ring": titles[i % 4], "quadrant": quadrant, "isNew": "TRUE",
         "description": text_to_html(reasoning), "status": "New"}
        for i, (name, quadrant, reasoning) in enumerate(rows)
    ]  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        radar = base / "radar"
        if fmt == "byor-json":
            radar.write_text(json.dumps(sheet), encoding="utf-8")
        else:
            buffer = io.StringIO()
            writer = csv.DictWriter(buffer, list(sheet[0]))
            writer.writeheader()
            writer.writerows(sheet)
            radar.write_text(buffer.getvalue(), encoding="utf-8")
        catalog = _empty(base / "catalog")
        _cli("import", "--catalog", str(catalog), "--format", fmt, str(radar))
        out = base / "out.json"
        _cli("export", "--catalog", str(catalog), "--format", "byor-json", "-o", str(out),
             "--quadrants", STAGE_TAGS)  # fmt: skip
        exported = json.loads(out.read_text(encoding="utf-8"))
    assert sorted(json.dumps(row, sort_keys=True) for row in exported) == sorted(
        json.dumps(row, sort_keys=True) for row in sheet
    )
