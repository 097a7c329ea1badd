"""The fact fields of issue 14: each validation rule gets a bad file and a located answer."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from mlseg_tui.catalog.load import load_catalog
from mlseg_tui.cli.commands import main
from mlseg_tui.domain.facts import FactSource, ToolEvent
from tests.corpus import files, tool

URL = "https://a.example/x"
# Line 5 status, 7 [[tools.sources]], 8 url, 9 supports, 11 [[tools.events]], 12 date,
# 13 kind, 14 what, 15 source.
STATUS = 'status = "acquired"\n'
SOURCES = f'\n[[tools.sources]]\nurl = "{URL}"\nsupports = "all of it"\n'
EVENT = (
    f'\n[[tools.events]]\ndate = "2021-04"\nkind = "acquired"\nwhat = "Bought."\nsource = "{URL}"\n'
)


def facts_tool(status: str = STATUS, sources: str = SOURCES, event: str = EVENT) -> str:
    return tool("X", extra=status + sources + event)


def problems_of(tmp_path: Path, text: str) -> list[str]:
    root = tmp_path / "catalog"
    files({"tools/x.toml": text})(root)
    result = load_catalog(root)
    prefix = f"{root}/"
    return [str(problem).removeprefix(prefix) for problem in result.problems]


# (case, file text, the problem expected: "FILE:LINE:COL: severity: message")
CASES = [
    ("unknown status", facts_tool(status='status = "dead"\n'),
     "tools/x.toml:5:1: error: unknown status 'dead' (expected one of active, "
     "limited-maintenance, inactive, archived, acquired, merged, shut-down, internal)"),
    ("event without a date", facts_tool(event=EVENT.replace('date = "2021-04"\n', "")),
     "tools/x.toml:11:1: error: an event needs `date`"),
    ("event without a kind", facts_tool(event=EVENT.replace('kind = "acquired"\n', "")),
     "tools/x.toml:11:1: error: an event needs `kind`"),
    ("event without what", facts_tool(event=EVENT.replace('what = "Bought."\n', "")),
     "tools/x.toml:11:1: error: an event needs `what`"),
    ("event without a source", facts_tool(event=EVENT.replace(f'source = "{URL}"\n', "")),
     "tools/x.toml:11:1: error: an event needs `source`"),
    ("event date in words", facts_tool(event=EVENT.replace('"2021-04"', '"April 2021"')),
     "tools/x.toml:12:1: error: event `date` 'April 2021' must be YYYY, YYYY-MM or YYYY-MM-DD"),
    ("event date with month 13", facts_tool(event=EVENT.replace('"2021-04"', '"2021-13"')),
     "tools/x.toml:12:1: error: event `date` '2021-13' must be YYYY, YYYY-MM or YYYY-MM-DD"),
    ("unknown event kind", facts_tool(event=EVENT.replace('kind = "acquired"', 'kind = "bought"')),
     "tools/x.toml:13:1: error: unknown event kind 'bought' (expected one of released, renamed, "
     "acquired, owner, licence, status, milestone)"),
    ("source url not http", facts_tool(sources=SOURCES.replace(URL, "ftp://a.example/x")),
     "tools/x.toml:8:1: error: source `url` 'ftp://a.example/x' is not an http(s) URL"),
    ("source without a url", facts_tool(sources=SOURCES.replace(f'url = "{URL}"\n', "")),
     "tools/x.toml:7:1: error: a source needs a `url`"),
    ("event source not http",
     facts_tool(event=EVENT.replace(f'source = "{URL}"', 'source = "a.example/x"')),
     "tools/x.toml:15:1: error: event `source` 'a.example/x' is not an http(s) URL"),
    ("event source not among the sources",
     facts_tool(event=EVENT.replace(f'source = "{URL}"', 'source = "https://b.example/y"')),
     "tools/x.toml:15:1: error: event `source` 'https://b.example/y' is not among the tool's "
     "[[tools.sources]]"),
    ("deprecated licence", facts_tool(status='status = "acquired"\nlicense = "AGPL-3.0"\n'),
     "tools/x.toml:6:1: error: `license` 'AGPL-3.0' is a deprecated SPDX id; use AGPL-3.0-only "
     "or AGPL-3.0-or-later"),
    ("licence not an SPDX id", facts_tool(status='status = "acquired"\nlicense = "Apache 2"\n'),
     "tools/x.toml:6:1: error: `license` 'Apache 2' is not a current SPDX license id or "
     "'proprietary'"),
    ("deprecated SDK licence", facts_tool(status='status = "acquired"\nsdk_license = "GPL-2.0+"\n'),
     "tools/x.toml:6:1: error: `sdk_license` 'GPL-2.0+' is a deprecated SPDX id; use "
     "GPL-2.0-or-later"),
    ("non-active status without an event", facts_tool(status='status = "archived"\n', event=""),
     "tools/x.toml:5:1: error: status 'archived' needs a [[tools.events]] entry that explains it"),
    ("homepage_historical not a boolean",
     facts_tool(status='status = "acquired"\nhomepage_historical = "yes"\n'),
     "tools/x.toml:6:1: error: `homepage_historical` must be true or false"),
    ("second event's problem on its own table",
     facts_tool(event=EVENT + EVENT.replace('what = "Bought."\n', "")),
     "tools/x.toml:17:1: error: an event needs `what`"),
    ("unknown field in a source", facts_tool(sources=SOURCES + "colour = 1\n"),
     "tools/x.toml:10:1: warning: unknown field `sources.colour` (ignored)"),
    ("essay positions do not match the listings",
     tool("X", extra='[tools.essay]\nlisted_as = ["X"]\nsegments = ["narrow"]\n'
                     "positions = [1, 2]\n"),
     "tools/x.toml:8:1: error: `essay.positions` must hold one positive integer for each "
     "`listed_as`"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_a_bad_fact_is_reported_on_its_line(tmp_path: Path, text: str, expected: str) -> None:
    assert expected in problems_of(tmp_path, text)


def test_validate_prints_the_fact_problem_and_exits_1(tmp_path: Path) -> None:
    root = tmp_path / "catalog"
    files({"tools/x.toml": facts_tool(status='status = "dead"\n')})(root)
    result = CliRunner().invoke(main, ["validate", "--catalog", str(root)])
    assert result.exit_code == 1
    assert f"{root}/tools/x.toml:5:1: error: unknown status 'dead'" in result.output


def test_clean_facts_load_without_problems(tmp_path: Path) -> None:
    text = facts_tool(
        status='status = "acquired"\nhomepage_historical = true\nlicense = "proprietary"\n'
        'sdk_license = "MIT"\n',
        sources=SOURCES + "secondary = true\n",
        event=EVENT.replace('date = "2021-04"', "date = 2021-04-20"),
    )
    root = tmp_path / "catalog"
    files({"tools/x.toml": text})(root)
    result = load_catalog(root)
    assert result.problems == []
    assert result.catalog is not None
    found = result.catalog.find("X")
    assert found is not None
    assert found.status == "acquired"
    assert found.homepage_historical is True
    assert found.sdk_license == "MIT"
    assert found.sources == (FactSource(URL, "all of it", True),)
    assert found.events == (ToolEvent("2021-04-20", "acquired", "Bought.", URL),)


def test_facts_survive_the_load_cache(tmp_path: Path) -> None:
    root = tmp_path / "catalog"
    files({"tools/x.toml": facts_tool()})(root)
    first, again = load_catalog(root).catalog, load_catalog(root).catalog
    assert first is not None and again is not None
    before, after = first.find("X"), again.find("X")
    assert before is not None and after is not None
    assert (after.status, after.sources, after.events) == (
        before.status,
        before.sources,
        before.events,
    )
    assert after.events == (ToolEvent("2021-04", "acquired", "Bought.", URL),)


BUNDLED = Path(__file__).resolve().parent.parent / "catalog"


def test_every_bundled_tool_is_sourced_and_has_a_status() -> None:
    result = load_catalog(BUNDLED)
    assert result.catalog is not None and result.problems == []
    for found in result.catalog.tools:
        assert found.status, found.name
        assert found.sources, found.name
        if found.status != "active":
            assert found.events, found.name


def test_the_essay_tools_cover_every_item_of_its_list() -> None:
    result = load_catalog(BUNDLED)
    assert result.catalog is not None
    positions = {
        position
        for found in result.catalog.tools
        if found.essay is not None
        for position in found.essay.positions
    }
    assert positions == set(range(1, 37))
