"""`mlseg-tui import`: radar files into a catalog on disk, through the edit session and
the store. Round trips through the disk, rings mapped or asked for, tools that differ left
alone unless --update, bad files refused on their line with nothing written."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from mlseg_tui.catalog.load import load_catalog
from mlseg_tui.cli import import_command
from mlseg_tui.cli.commands import main
from mlseg_tui.domain.model import Catalog, Tool
from tests.publish_support import BUNDLED

STAGE_TAGS = "tags:Data,Experiments & training,Deployment & serving,Operations & other"


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def empty_catalog(root: Path) -> Path:
    root.mkdir(parents=True)
    shutil.copy(BUNDLED / "segments.toml", root / "segments.toml")
    return root


def loaded(root: Path) -> Catalog:
    result = load_catalog(root, use_cache=False)
    assert result.ok, [str(problem) for problem in result.problems]
    assert result.catalog is not None
    return result.catalog


def tree(root: Path) -> dict[str, str]:
    """Every file under `root` and a hash of its bytes."""
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def carried(tool: Tool, backstage: bool) -> tuple[object, ...]:
    base = (tool.name, tool.segment, tool.reasoning)
    if not backstage:
        return base
    history = tuple((e.date, e.from_segment, e.to_segment, e.reason) for e in tool.history)
    return (*base, tool.homepage, tool.repository, history)


@pytest.mark.parametrize("fmt", ["backstage", "byor-csv", "byor-json"])
def test_the_bundled_catalog_exported_then_imported_into_an_empty_one(
    tmp_path: Path, fmt: str
) -> None:
    radar = tmp_path / "radar.file"
    code, _, err = run("export", "--catalog", str(BUNDLED), "--format", fmt, "-o", str(radar))
    assert code == 0, err
    target = empty_catalog(tmp_path / "empty")
    code, out, err = run("import", "--catalog", str(target), "--format", fmt, str(radar))
    assert code == 0, err
    original, imported = loaded(BUNDLED), loaded(target)
    assert len(imported.tools) == len(original.tools)
    assert out.count("create ") == len(original.tools)
    backstage = fmt == "backstage"
    assert sorted(carried(tool, backstage) for tool in imported.tools) == sorted(
        carried(tool, backstage) for tool in original.tools
    )
    assert all(len(tool.tags) == 1 for tool in imported.tools)  # the quadrant
    # Exported again with the same quadrants, the radar is the same (sources apart).
    again = tmp_path / "again.file"
    args = ("export", "--catalog", str(target), "--format", fmt, "-o", str(again))
    assert run(*args, "--quadrants", STAGE_TAGS)[0] == 0
    if fmt.startswith("byor"):
        # isNew and status say how a tool stands against the essay, which the radar does
        # not carry: every imported tool is new to the essay.
        assert sorted(_sheet(fmt, again)) == sorted(_sheet(fmt, radar))


def _sheet(fmt: str, path: Path) -> list[tuple[str, ...]]:
    text = path.read_text()
    rows = json.loads(text) if fmt == "byor-json" else list(csv.DictReader(io.StringIO(text)))
    return [tuple(row[key] for key in ("name", "ring", "quadrant", "description")) for row in rows]


SHEET = """name,ring,quadrant,isNew,description
Newtool,Adopt,Tools,TRUE,"Does one thing.<br>Well."
Amazon SageMaker,Hold,Platforms,FALSE,A different reasoning.
"""


def test_rings_that_match_no_segment_are_named_and_mapped_with_ring(tmp_path: Path) -> None:
    catalog = Path(shutil.copytree(BUNDLED, tmp_path / "catalog"))
    sheet = tmp_path / "radar.csv"
    sheet.write_text(SHEET)
    before = tree(catalog)
    code, _, err = run("import", "--catalog", str(catalog), "--format", "byor-csv", str(sheet))
    assert code == 1 and "no segment for the rings 'Adopt', 'Hold'" in err
    assert "--ring RING=SEGMENT" in err and "hand-holding (Hand-holding)" in err
    rings = ("--ring", "Adopt=narrow", "--ring", "hold=Hand-holding")
    code, out, err = run(
        "import", "--catalog", str(catalog), "--format", "byor-csv", str(sheet), *rings
    )
    assert code == 0, err
    assert "create Newtool in narrow (Tools)" in out
    assert "differs Amazon SageMaker: reasoning, tags (left as it is" in out
    after = tree(catalog)
    assert {name for name in after if after[name] != before.get(name)} == {"tools/newtool.toml"}
    newtool = loaded(catalog).find("Newtool")
    assert newtool is not None and newtool.reasoning == "Does one thing.\nWell."


def test_update_rewrites_a_differing_tool_and_keeps_its_old_reasoning(tmp_path: Path) -> None:
    catalog = Path(shutil.copytree(BUNDLED, tmp_path / "catalog"))
    sheet = tmp_path / "radar.csv"
    sheet.write_text(SHEET)
    old = loaded(catalog).find("Amazon SageMaker")
    assert old is not None
    rings = ("--ring", "Adopt=narrow", "--ring", "Hold=hand-holding")
    args = ("import", "--catalog", str(catalog), "--format", "byor-csv", str(sheet), *rings)
    code, out, err = run(*args, "--update")
    assert code == 0, err
    assert "update Amazon SageMaker: reasoning, tags" in out
    tool = loaded(catalog).find("Amazon SageMaker")
    assert tool is not None
    assert tool.reasoning == "A different reasoning."
    assert tool.tags == (*old.tags, "Platforms")
    assert tool.history[-1].previous_reasoning == old.reasoning
    # Run again: nothing differs any more.
    code, out, err = run(*args)
    assert code == 0 and "same   Amazon SageMaker" in out and "Nothing to write" in err


def test_a_dry_run_prints_the_plan_and_writes_nothing(tmp_path: Path) -> None:
    catalog = Path(shutil.copytree(BUNDLED, tmp_path / "catalog"))
    sheet = tmp_path / "radar.csv"
    sheet.write_text(SHEET)
    before = tree(catalog)
    rings = ("--ring", "Adopt=narrow", "--ring", "Hold=hand-holding")
    args = ("import", "--catalog", str(catalog), "--format", "byor-csv", str(sheet), *rings)
    code, out, err = run(*args, "--update", "--dry-run")
    assert code == 0, err
    assert "create Newtool" in out and "update Amazon SageMaker" in out
    assert "Dry run: 1 tool to create, 1 to update; nothing written." in err
    assert tree(catalog) == before


def test_a_terminal_is_asked_for_each_unclear_ring(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalog = empty_catalog(tmp_path / "catalog")
    sheet = tmp_path / "radar.csv"
    sheet.write_text(SHEET.replace("Amazon SageMaker", "Other tool"))
    monkeypatch.setattr(import_command, "interactive", lambda: True)
    result = CliRunner().invoke(
        main,
        ["import", "--catalog", str(catalog), "--format", "byor-csv", str(sheet)],
        input="sideways\nNarrow\n OTHER \n",  # an id or a title, any case
    )
    assert result.exit_code == 0, result.output
    assert "Segment for the ring 'Adopt'" in result.output
    assert "unknown segment 'sideways'; choose an id or a title: " in result.output  # asked again
    tools = {tool.name: tool.segment for tool in loaded(catalog).tools}
    assert tools == {"Newtool": "narrow", "Other tool": "other"}


HEAD = "name,ring,quadrant,isNew,description\nA,Narrow,Q,TRUE,ok\n"
RINGS = '{"rings": [{"id": "narrow", "name": "N"}], "quadrants": [{"id": "q", "name": "Q"}],\n'
FTP_ENTRY = (
    '{"title": "A", "quadrant": "q", "description": "d", "links": [{"url": "ftp://x", '
    '"title": "Homepage"}], "timeline": [{"ringId": "narrow", "date": "2020-01-01"}]}'
)
BLIP = '{"name": "%s", "ring": "Narrow", "quadrant": "Q", "isNew": "FALSE", "description": "x"}'
BAD_FILES = [
    ("byor-csv", HEAD + "B\x1b[2J,Narrow,Q,TRUE,x\n",
     "radar.file:3:1: error: 'B\\x1b[2J': name: holds U+001B (escape)"),
    ("byor-csv", HEAD + "B,Narrow,Q,TRUE,\n", "radar.file:3:1: error: 'B' has no description"),
    ("backstage", RINGS + '"entries": [\n' + FTP_ENTRY + "]}",
     "radar.file:3:1: error: 'A': homepage: 'ftp://x' is not an http(s) URL"),
    ("byor-json", f"[{BLIP % 'Kubernetes'},\n{BLIP % 'k8s'}]",
     "radar.file:2:1: error: 'k8s': another entry also names the tool 'Kubernetes'"),
]  # fmt: skip


@pytest.mark.parametrize(("fmt", "text", "message"), BAD_FILES)
def test_a_bad_entry_is_named_with_its_line_and_nothing_is_written(
    tmp_path: Path, fmt: str, text: str, message: str
) -> None:
    catalog = Path(shutil.copytree(BUNDLED, tmp_path / "catalog"))
    radar = tmp_path / "radar.file"
    radar.write_text(text)
    before = tree(catalog)
    code, out, err = run("import", "--catalog", str(catalog), "--format", fmt, str(radar))
    assert code == 1 and out == ""
    assert message.replace("radar.file", str(radar)) in err
    assert "nothing imported" in err
    assert tree(catalog) == before


def test_a_fifo_or_a_missing_file_is_refused_at_once(tmp_path: Path) -> None:
    catalog = empty_catalog(tmp_path / "catalog")
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    code, _, err = run("import", "--catalog", str(catalog), "--format", "byor-csv", str(fifo))
    assert code == 1 and f"{fifo}: not a regular file" in err
    code, _, err = run("import", "--catalog", str(catalog), "--format", "byor-csv", "nope.csv")
    assert code == 1 and "nope.csv: No such file or directory" in err


def test_a_catalog_of_many_tools_a_file_gets_them_appended(tmp_path: Path) -> None:
    catalog = empty_catalog(tmp_path / "catalog")
    (catalog / "all.toml").write_text(
        '# My tools.\n\n[[tools]]\nname = "A"\nsegment = "narrow"\nreasoning = "a"\n\n'
        '[[tools]]\nname = "B"\nsegment = "narrow"\nreasoning = "b"\n'
    )
    sheet = tmp_path / "radar.csv"
    sheet.write_text("name,ring,quadrant,isNew,description\nC,Other,Q,TRUE,c\n")
    code, _, err = run("import", "--catalog", str(catalog), "--format", "byor-csv", str(sheet))
    assert code == 0, err
    text = (catalog / "all.toml").read_text()
    assert text.startswith("# My tools.\n") and 'name = "C"' in text
    assert sorted(tool.name for tool in loaded(catalog).tools) == ["A", "B", "C"]


def test_a_failed_save_leaves_the_catalog_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalog = Path(shutil.copytree(BUNDLED, tmp_path / "catalog"))
    sheet = tmp_path / "radar.csv"
    sheet.write_text(SHEET)
    before = tree(catalog)

    def no_room(*_: object, **__: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_room)
    rings = ("--ring", "Adopt=narrow", "--ring", "Hold=hand-holding")
    args = ("import", "--catalog", str(catalog), "--format", "byor-csv", str(sheet), *rings)
    code, _, err = run(*args, "--update")
    assert code == 1 and "not all imported" in err and "disk full" in err
    assert tree(catalog) == before
