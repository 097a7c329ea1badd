"""Tools listed by name, ignoring case and accents, in the panes and the CLI (issue 12,
point 11): "TensorFlow" before "TensorFlow Serving", whatever their file names."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from mlseg_tui.catalog.load import load_catalog
from mlseg_tui.cli.commands import main
from mlseg_tui.domain.edits import EditSession
from mlseg_tui.domain.model import Catalog, Segment, SourceRef, Tool
from mlseg_tui.domain.placement import Placement
from mlseg_tui.domain.text import name_key
from tests.conftest import make_app

NAMES = ["Zeta", "élan", "Apple", "ELK", "apache", "Éclair", "eagle"]
SORTED = ["apache", "Apple", "eagle", "Éclair", "élan", "ELK", "Zeta"]


def catalog_of(names: list[str]) -> Catalog:
    tools = [Tool(name, "a", "r", SourceRef(Path(f"{i}.toml"), 0)) for i, name in enumerate(names)]
    return Catalog(Path("."), [Segment("a", "A", "d"), Segment("b", "B", "d")], tools)


def names(catalog: Catalog, rows: list[int]) -> list[str]:
    return [catalog.tools[index].name for index in rows]


def test_name_key_ignores_case_and_accents() -> None:
    assert name_key("Élan") == name_key("elan") == name_key("ELAN")
    assert sorted(NAMES, key=name_key) == SORTED


def test_rows_are_by_name_and_a_move_keeps_them_so() -> None:
    catalog = catalog_of(NAMES)
    placement = Placement(catalog)
    assert names(catalog, placement.rows()["a"]) == SORTED
    session = EditSession(catalog)
    for name in ("Zeta", "apache", "élan"):
        tool = catalog.find(name)
        assert tool is not None
        session.move(tool, "b", "")
    rows = session.placement.rows()
    assert names(catalog, rows["b"]) == ["apache", "élan", "Zeta"]
    assert names(catalog, rows["a"]) == ["Apple", "eagle", "Éclair", "ELK"]
    session.undo()
    back = names(catalog, session.placement.rows()["a"])
    assert back == ["Apple", "eagle", "Éclair", "élan", "ELK"]


def test_a_rename_moves_the_tool_to_its_new_place() -> None:
    catalog = catalog_of(NAMES)
    placement = Placement(catalog)
    placement.rows()
    tool = catalog.find("Zeta")
    assert tool is not None
    tool.name = "Aardvark"
    placement.update(tool)
    assert names(catalog, placement.rows()["a"])[0] == "Aardvark"


async def test_panes_list_tools_by_name(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(160, 50)):
        for pane in app.panes:
            shown = [app.tools[index].name for index in pane.rows]
            assert shown == sorted(shown, key=name_key)
        narrow = [app.tools[index].name for index in app.panes[2].rows]
        assert narrow.index("TensorFlow") < narrow.index("TensorFlow Serving")


def test_cli_lists_by_segment_then_name(catalog_dir: Path) -> None:
    result = CliRunner().invoke(main, ["list", "--catalog", str(catalog_dir), "--format", "json"])
    assert result.exit_code == 0, result.output

    listed = [(tool["segment"], tool["name"]) for tool in json.loads(result.output)]
    catalog = load_catalog(catalog_dir).catalog
    assert catalog is not None
    order = catalog.segment_ids()
    assert listed == sorted(listed, key=lambda item: (order.index(item[0]), name_key(item[1])))
    names_listed = [name for _, name in listed]
    assert names_listed.index("TensorFlow") < names_listed.index("TensorFlow Serving")
