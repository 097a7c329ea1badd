"""The CLI's output never hands user text to the terminal raw, in every format.

CliRunner is run with color=True: without it click strips CSI sequences from output
that is not a terminal, which would hide exactly what a user's terminal would receive.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from rich.cells import cell_len

from mlseg_tui.cli.commands import main
from mlseg_tui.domain.text import one_line
from tests.corpus import (
    HOSTILE_NAMES,
    HOSTILE_REASONING,
    HOSTILE_TITLE,
    RAW_CONTROL,
    build_hostile_catalog,
    files,
    toml_string,
    tool,
)


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    root = tmp_path / "catalog"
    build_hostile_catalog(root)
    return root


def run(args: list[str]) -> Result:
    result = CliRunner().invoke(main, args, color=True)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def assert_nothing_raw(text: str) -> None:
    raw = [(match.start(), match.group()) for match in RAW_CONTROL.finditer(text)]
    assert raw == [], text


def test_table_shows_every_name_literally_and_aligned(hostile: Path) -> None:
    result = run(["list", "--catalog", str(hostile)])

    assert result.exit_code == 0, result.output
    assert_nothing_raw(result.output)
    lines = result.output.splitlines()
    for name in HOSTILE_NAMES:
        assert any(line.startswith(one_line(name)[:30]) for line in lines), name  # maybe clipped
    assert "\\x1b" not in result.output  # ESC is shown as the one-cell symbol
    assert "␛[2Jclear" in result.output and "bell\\x07 tab␉ cr␍ lf␤ nul\\x00" in result.output
    assert "zero\\u200bwidth \\u202eRTL\\u202c" in result.output
    # The SEGMENT column starts at the same cell in every row, wide characters included.
    segment_titles = ["SEGMENT", "Hand-Holding", one_line(HOSTILE_TITLE), "Middle", "Other"]
    starts = set()
    for line in lines:
        title = next(t for t in segment_titles if f"  {t}" in line)
        starts.add(cell_len(line[: line.index(f"  {title}") + 2]))
    assert len(starts) == 1, lines


@pytest.mark.parametrize("command", [["list", "--format", "json"], ["export", "--format", "json"]])
def test_json_round_trips_exactly_and_escapes_what_a_terminal_would_act_on(
    hostile: Path, command: list[str]
) -> None:
    result = run([*command, "--catalog", str(hostile)])

    assert result.exit_code == 0, result.output
    assert_nothing_raw(result.output)
    records = json.loads(result.output)
    assert sorted(record["name"] for record in records) == sorted([*HOSTILE_NAMES, "Plain Tool"])
    assert {record["reasoning"] for record in records if record["name"] != "Plain Tool"} == {
        HOSTILE_REASONING
    }
    assert "漢字ツール" in result.output and "🚀" in result.output  # printable text stays as is


@pytest.mark.parametrize(
    "command", [["list", "--format", "markdown"], ["export", "--format", "markdown"]]
)
def test_markdown_shows_names_and_titles_literally(hostile: Path, command: list[str]) -> None:
    result = run([*command, "--catalog", str(hostile)])

    assert result.exit_code == 0, result.output
    assert_nothing_raw(result.output)
    for name in HOSTILE_NAMES:
        assert f" * {one_line(name)}\n" in result.output, name
    assert f"## {one_line(HOSTILE_TITLE)}" in result.output


def test_search_results_show_literally(hostile: Path) -> None:
    result = run(["list", "--search", "clear", "--catalog", str(hostile)])

    assert result.exit_code == 0, result.output
    assert_nothing_raw(result.output)
    assert "␛[2Jclear" in result.output


def test_problems_with_hostile_keys_and_file_names_print_visibly(tmp_path: Path) -> None:
    root = tmp_path / "catalog"
    weird_key = tool("Keyed", extra=f"{toml_string(chr(27) + '[2Jkey')} = 1\n")
    files({"tools/k.toml": weird_key, "tools/\x1b]0;title\x07.toml": "[[tools]\n"})(root)

    for command in (["validate"], ["list"], ["export", "--format", "json"]):
        result = run([*command, "--catalog", str(root)])
        assert result.exit_code == 1, result.output
        assert_nothing_raw(result.output)
    result = run(["validate", "--catalog", str(root)])
    assert "unknown field `␛[2Jkey`" in result.output
    assert "tools/␛]0;title\\x07.toml:1:" in result.output


def test_move_of_a_hostile_tool_reports_it_visibly(hostile: Path) -> None:
    result = run(
        ["move", "\x1b[5mblink", "other", "--reason", "\x1b[2J", "--catalog", str(hostile)]
    )

    assert result.exit_code == 0, result.output
    assert_nothing_raw(result.output)
    assert "Moved [bold]x[/]: hand-holding -> other" in result.output
    assert "\\x1b[2J" not in (hostile / "tools" / "hostile-00.toml").read_text(encoding="utf-8")
    assert '"\\u001b[2J"' in (hostile / "tools" / "hostile-00.toml").read_text(encoding="utf-8")
