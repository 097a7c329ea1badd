"""The scripting commands: validate, list, export, and how the catalog is found."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from mlseg_tui.catalog.locate import bundled_path
from mlseg_tui.cli.commands import main
from tests.test_loader import make_catalog, tool_toml

BUNDLED = bundled_path("catalog")
# Every tool file of the bundled catalog, and the 38 of them the 2020 essay listed.
BUNDLED_FILES = sorted((BUNDLED / "tools").glob("*.toml"))
ESSAY_TOOLS = 38


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def catalog_copy(tmp_path: Path) -> Path:
    return Path(shutil.copytree(BUNDLED, tmp_path / "catalog"))


def test_validate_bundled_catalog_passes(runner: CliRunner) -> None:
    result = runner.invoke(main, ["validate", "--catalog", str(BUNDLED)])
    assert result.exit_code == 0, result.output
    assert f"{len(BUNDLED_FILES)} tools, 0 errors, 0 warnings" in result.output


def test_validate_prints_file_line_col_and_exits_1(runner: CliRunner, tmp_path: Path) -> None:
    root = make_catalog(tmp_path / "c", {"a.toml": tool_toml("A", "sideways")})
    result = runner.invoke(main, ["validate", "--catalog", str(root)])
    assert result.exit_code == 1
    assert f"{root / 'a.toml'}:3:1: error: unknown segment id 'sideways'" in result.output


def test_validate_warnings_exit_0(runner: CliRunner, tmp_path: Path) -> None:
    root = make_catalog(tmp_path / "c", {"a.toml": tool_toml("A", extra="colour = 1\n")})
    result = runner.invoke(main, ["validate", "--catalog", str(root)])
    assert result.exit_code == 0
    assert "warning: unknown field `colour`" in result.output


def test_missing_folder_is_one_clear_line(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["list", "--catalog", str(tmp_path / "nope")])
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: {tmp_path / 'nope'}: no such catalog folder"


def test_list_lists_the_valid_tools_of_a_catalog_with_errors(
    runner: CliRunner, tmp_path: Path
) -> None:
    root = make_catalog(tmp_path / "c", {"a.toml": "[[tools]\n", "b.toml": tool_toml("B")})
    result = runner.invoke(main, ["list", "--catalog", str(root)])
    assert result.exit_code == 1
    assert result.stdout.splitlines()[1].split() == ["B", "Narrow"]
    assert "malformed TOML" in result.stderr
    assert f"`mlseg-tui --catalog {root} validate`" in result.stderr
    assert "Traceback" not in result.output


def test_list_json_has_the_fact_fields(runner: CliRunner) -> None:
    result = runner.invoke(main, ["list", "--catalog", str(BUNDLED), "--format", "json"])
    assert result.exit_code == 0
    records = json.loads(result.output)
    assert len(records) == len(BUNDLED_FILES)
    assert len([r for r in records if r["essay"] is not None]) == ESSAY_TOOLS
    by_name = {r["name"]: r for r in records}
    octo = by_name["OctoML"]
    assert octo["segment"] == "narrow" and octo["tentative"] is True
    assert "Octo.ml" in octo["aliases"] and octo["reasoning"]
    for key in ("homepage", "repository", "license", "vendor", "status", "open_source"):
        assert key in octo


def test_list_segment_filter_and_table(runner: CliRunner) -> None:
    args = ["list", "--catalog", str(BUNDLED), "--segment", "hand-holding", "--essay-only"]
    result = runner.invoke(main, args)
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].split() == ["NAME", "SEGMENT", "ALIASES"]
    assert len(lines) == 1 + 6
    assert all("Hand-holding" in line for line in lines[1:])


def test_list_unknown_segment_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(main, ["list", "--catalog", str(BUNDLED), "--segment", "nope"])
    assert result.exit_code == 2
    assert "unknown segment 'nope'" in result.output


def test_list_bad_format_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(main, ["list", "--catalog", str(BUNDLED), "--format", "yaml"])
    assert result.exit_code == 2
    assert "'yaml' is not one of" in result.output


def test_list_search_finds_misspelt_tool_first(runner: CliRunner) -> None:
    args = ["list", "--catalog", str(BUNDLED), "--search", "sagemkr", "--format", "json"]
    result = runner.invoke(main, args)
    assert result.exit_code == 0
    assert json.loads(result.output)[0]["name"] == "Amazon SageMaker"


def test_export_markdown_shows_the_essay_tools_where_they_sit(runner: CliRunner) -> None:
    args = ["export", "--catalog", str(BUNDLED), "--format", "markdown", "--essay-only"]
    result = runner.invoke(main, args)
    assert result.exit_code == 0
    text = result.output
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == ["## Hand-holding", "## Narrow", "## Middle of the road", "## Other"]
    narrow = text.split("## Narrow")[1].split("## Middle")[0]
    assert " * (Kubernetes?)" in narrow and " * Apache Airflow" in narrow
    assert text.count("\n * ") == ESSAY_TOOLS


def test_export_defaults_to_markdown(runner: CliRunner) -> None:
    result = runner.invoke(main, ["export", "--catalog", str(BUNDLED)])
    assert result.exit_code == 0
    args = ["export", "--catalog", str(BUNDLED), "--format", "markdown"]
    assert result.output == runner.invoke(main, args).output
    help_text = runner.invoke(main, ["export", "--help"]).output
    assert "[default: markdown]" in help_text


def test_table_shows_control_characters_visibly_and_aligns_wide_names(
    runner: CliRunner, tmp_path: Path
) -> None:
    root = make_catalog(
        tmp_path / "c",
        {
            "a.toml": tool_toml("Evil\\u001b[2J\\u001b]52;c;eA==\\u0007"),
            "b.toml": tool_toml("機械学習"),
            "c.toml": tool_toml("[bold]x[/]"),
        },
    )
    result = runner.invoke(main, ["list", "--catalog", str(root)])
    assert result.exit_code == 0
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "Evil␛[2J␛]52;c;eA==\\x07" in result.output
    assert "[bold]x[/]" in result.output
    rows = result.output.splitlines()
    # Every SEGMENT column starts at the same terminal cell despite double-width characters.
    from rich.cells import cell_len

    starts = {cell_len(row[: row.index("Narrow")]) for row in rows[1:]}
    assert len(starts) == 1


def test_catalog_resolution_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mlseg_tui.catalog import locate

    env_catalog = make_catalog(tmp_path / "env", {"a.toml": tool_toml("FromEnv")})
    cwd_catalog = make_catalog(tmp_path / "work" / "catalog", {"a.toml": tool_toml("FromCwd")})
    user_dir = tmp_path / "user" / "catalog"
    monkeypatch.setattr(locate, "user_catalog_path", lambda: user_dir)

    monkeypatch.chdir(tmp_path / "work")
    monkeypatch.setenv("MLSEG_CATALOG", str(env_catalog))
    assert locate.resolve_catalog("explicit") == Path("explicit")
    assert locate.resolve_catalog(None) == env_catalog
    monkeypatch.delenv("MLSEG_CATALOG")
    assert locate.resolve_catalog(None).resolve() == cwd_catalog.resolve()
    monkeypatch.chdir(tmp_path)
    assert locate.resolve_catalog(None) == user_dir
    assert (user_dir / "segments.toml").is_file()
    assert len(list((user_dir / "tools").glob("*.toml"))) == len(BUNDLED_FILES)


def test_first_use_copy_is_announced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mlseg_tui.catalog import locate

    monkeypatch.setattr(locate, "user_catalog_path", lambda: tmp_path / "user" / "catalog")
    monkeypatch.delenv("MLSEG_CATALOG", raising=False)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["list"])
    assert result.exit_code == 0
    assert "created your catalog at" in result.output
    result = CliRunner().invoke(main, ["list"])
    assert "created your catalog" not in result.output


def test_installed_command_runs_as_a_subprocess(catalog_copy: Path) -> None:
    env = {**os.environ, "MLSEG_CATALOG": str(catalog_copy)}
    done = subprocess.run(
        [sys.executable, "-m", "mlseg_tui", "validate"], capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr
    assert f"{len(BUNDLED_FILES)} tools, 0 errors" in done.stderr
