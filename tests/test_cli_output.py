"""What `list` and `export` print (issue 12, points 15 and 16): nothing selected is said on
stderr with exit 1, as grep does; only the segments asked for; counts in the right number;
and a catalog with errors still listed and exported on its valid tools, with exit 1."""

from __future__ import annotations

import json
import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from mlseg_tui.catalog.locate import bundled_path
from mlseg_tui.cli.commands import main
from mlseg_tui.cli.export_command import PLAIN_FORMATS
from mlseg_tui.publish.export import FORMATS
from tests.test_loader import make_catalog, tool_toml

BUNDLED = bundled_path("catalog")
BROKEN = '[[tools]]\nname = "Broken\n'


@pytest.fixture(autouse=True)
def _no_load_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MLSEG_NO_CACHE", "1")
    # Should a command ever miss the catalog it is given, it must fail, not change the
    # checkout's ./catalog or the user's own: neither is where it would look.
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MLSEG_CATALOG", str(tmp_path / "not-this-catalog"))


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_a_search_that_matches_nothing_says_so_and_exits_1(fmt: str) -> None:
    code, out, err = run("--catalog", str(BUNDLED), "list", "--search", "zzz", "--format", fmt)
    assert code == 1
    assert out == ""  # no bare header
    assert err == "no tools match 'zzz'\n"


def test_json_that_matches_nothing_is_an_empty_list() -> None:
    code, out, err = run("--catalog", str(BUNDLED), "list", "--search", "zzz", "--format", "json")
    assert code == 1
    assert json.loads(out) == []
    assert err == "no tools match 'zzz'\n"


def test_an_empty_segment_says_so(tmp_path: Path) -> None:
    root = make_catalog(tmp_path / "c", {"a.toml": tool_toml("A")})
    code, out, err = run("--catalog", str(root), "list", "--segment", "other")
    assert (code, out, err) == (1, "", "no tools in Other\n")
    code, out, err = run("--catalog", str(root), "list", "--segment", "narrow", "--search", "q")
    assert (code, out, err) == (1, "", "no tools match 'q' in Narrow\n")


def headings(markdown: str) -> list[str]:
    return [line for line in markdown.splitlines() if line.startswith("## ")]


def test_markdown_shows_only_the_segments_asked_for() -> None:
    args = ("--catalog", str(BUNDLED), "list", "--format", "markdown")
    code, out, _ = run(*args, "--segment", "middle")
    assert code == 0
    assert headings(out) == ["## Middle of the road"]
    assert "(none)" not in out
    code, out, _ = run(*args, "--segment", "Other", "--segment", "hand-holding")
    assert headings(out) == ["## Hand-holding", "## Other"]  # the essay's order
    code, out, _ = run(*args, "--search", "kubeflow")
    assert "## Middle of the road" in headings(out)
    assert len(headings(out)) < 4 and "(none)" not in out  # only segments with a match
    code, out, _ = run(*args)
    assert len(headings(out)) == 4


@pytest.mark.parametrize("fmt", ["table", "json", "markdown"])
def test_every_format_shows_only_the_segment_asked_for(fmt: str) -> None:
    code, out, _ = run("--catalog", str(BUNDLED), "list", "--segment", "narrow", "--format", fmt)
    assert code == 0
    if fmt == "json":
        assert {record["segment"] for record in json.loads(out)} == {"narrow"}
    elif fmt == "table":
        assert {line.split("  ")[-2].strip() for line in out.splitlines()[1:] if "  " in line}
        assert "Middle of the road" not in out and "Hand-holding" not in out
    else:
        assert headings(out) == ["## Narrow"]


def test_counts_are_in_the_right_number(tmp_path: Path) -> None:
    one = make_catalog(tmp_path / "one", {"a.toml": tool_toml("A"), "b.toml": BROKEN})
    code, _, err = run("--catalog", str(one), "validate")
    assert code == 1
    assert err.splitlines()[-1] == "1 tool, 1 error, 0 warnings"
    two = make_catalog(
        tmp_path / "two",
        {
            "a.toml": tool_toml("A", extra="colour = 1\n"),
            "b.toml": tool_toml("B"),
            "c.toml": BROKEN,
            "d.toml": BROKEN,
        },
    )
    code, _, err = run("--catalog", str(two), "validate")
    assert err.splitlines()[-1] == "2 tools, 2 errors, 1 warning"
    code, _, err = run("--catalog", str(one), "move", "A", "other")
    assert "the catalog has 1 error;" in err
    code, _, err = run("--catalog", str(two), "list")
    assert "the catalog has 2 errors (above)" in err


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """The bundled catalog, one tool file broken, in a folder a shell must quote."""
    root = Path(shutil.copytree(BUNDLED, tmp_path / "it's a catalog"))
    (root / "tools" / "kedro.toml").write_text(BROKEN)
    return root


def check_errors_reported(root: Path, err: str) -> None:
    assert f"{root / 'tools' / 'kedro.toml'}:2:15: error: malformed TOML" in err
    hint = err.split("`")[1]
    assert shlex.split(hint) == ["mlseg-tui", "--catalog", str(root), "validate"]


def test_list_works_on_the_valid_tools_and_exits_1(broken: Path) -> None:
    code, out, err = run("list", "--catalog", str(broken), "--format", "json")
    assert code == 1
    names = {record["name"] for record in json.loads(out)}
    assert "Kedro" not in names and "Amazon SageMaker" in names
    assert len(names) == len(list((BUNDLED / "tools").glob("*.toml"))) - 1
    check_errors_reported(broken, err)


@pytest.mark.parametrize("fmt", [f for f in (*PLAIN_FORMATS, *FORMATS) if f != "landscape2"])
def test_export_writes_every_format_despite_errors_and_exits_1(
    broken: Path, tmp_path: Path, fmt: str
) -> None:
    output = tmp_path / f"out.{fmt}"
    code, _, err = run("--catalog", str(broken), "export", "--format", fmt, "-o", str(output))
    assert code == 1, err
    assert "Databricks" in output.read_text(encoding="utf-8")
    check_errors_reported(broken, err)


def test_export_landscape2_despite_errors(tmp_path: Path) -> None:
    # landscape2 needs a logo and a homepage for every tool, which the bundled tools lack.
    root = Path(
        make_catalog(
            tmp_path / "it's a catalog",
            {
                "a.toml": tool_toml("Alpha", extra='homepage = "https://alpha.example"\n'),
                "tools/kedro.toml": BROKEN,
            },
        )
    )
    logos = tmp_path / "logos"
    logos.mkdir()
    (logos / "alpha.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    output = tmp_path / "data.yml"
    args = ("--format", "landscape2", "--logos", str(logos), "-o", str(output))
    code, _, err = run("--catalog", str(root), "export", *args)
    assert code == 1, err
    assert "Alpha" in output.read_text(encoding="utf-8")
    check_errors_reported(root, err)


def test_export_to_stdout_despite_errors(broken: Path) -> None:
    code, out, err = run("--catalog", str(broken), "export")
    assert code == 1
    assert out.startswith("# ") and "Amazon SageMaker" in out
    check_errors_reported(broken, err)


def test_commands_that_write_refuse_naming_the_catalog(broken: Path) -> None:
    code, out, err = run("--catalog", str(broken), "move", "Airflow", "middle")
    assert code == 1 and out == ""
    assert "nothing was written" in err
    check_errors_reported(broken, err)


def test_an_unusable_catalog_still_fails_at_once(tmp_path: Path) -> None:
    root = make_catalog(tmp_path / "c", {"a.toml": tool_toml("A")}, segments="[[segments]\n")
    code, out, err = run("--catalog", str(root), "list")
    assert code == 1 and out == ""
    assert "the catalog cannot be used (see segments.toml above)" in err


def test_radar_and_import_messages_count_in_the_right_number(tmp_path: Path) -> None:
    root = make_catalog(tmp_path / "c", {"a.toml": tool_toml("A", extra='tags = ["x"]\n')})
    args = ("--catalog", str(root), "export", "--format", "byor-csv", "--quadrants", "tags:v,w,y,z")
    code, _, err = run(*args)
    assert code == 1
    assert "1 tool carries none of the tags v, w, y, z: A;" in err
    sheet = tmp_path / "radar.csv"
    sheet.write_text("name,ring,quadrant,isNew,description\nB\n")
    code, _, err = run("--catalog", str(root), "import", "--format", "byor-csv", str(sheet))
    assert code == 1
    assert "1 field where the header has 5" in err
