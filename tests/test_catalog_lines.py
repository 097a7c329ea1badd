"""Problems are put on their lines in one pass over a file, however many there are.

These tests count the work done rather than time it: a file's text is scanned a bounded
number of times, and a file is read once for all of its name clashes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, SupportsIndex

import pytest
import tomli

from mlseg_tui.catalog.load import load_catalog
from mlseg_tui.catalog.source import SourceText
from mlseg_tui.catalog.tool_table import build_tool
from mlseg_tui.domain.model import Problem
from tests.test_loader import make_catalog, tool_toml


class ScannedText(str):
    """A text that counts the characters its methods go through; its slices count too."""

    scanned = 0

    def __getitem__(self, key: SupportsIndex | slice) -> str:
        part = super().__getitem__(key)
        ScannedText.scanned += len(part)
        return ScannedText(part)

    def split(self, *args: Any, **kwargs: Any) -> list[str]:
        ScannedText.scanned += len(self)
        return super().split(*args, **kwargs)

    def splitlines(self, *args: Any, **kwargs: Any) -> list[str]:
        ScannedText.scanned += len(self)
        return super().splitlines(*args, **kwargs)

    def count(self, sub: str, start: Any = None, end: Any = None) -> int:
        first, last, _ = slice(start, end).indices(len(self))
        ScannedText.scanned += max(0, last - first)
        return super().count(sub, start, end)


def test_the_lines_of_every_problem_in_a_file_cost_a_few_passes_over_it() -> None:
    count = 300
    text = "\n".join(
        tool_toml(f"T{i}", extra='homepage = "h"\ncolour = "red"\nsize = 1\n') for i in range(count)
    )
    source = SourceText(Path("many.toml"), ScannedText(text))
    problems: list[Problem] = []
    ScannedText.scanned = 0
    for index, table in enumerate(tomli.loads(text)["tools"]):
        assert build_tool(table, source, index, None, problems) is not None
    # Each tool is 7 lines and a blank one; `colour` is on its 6th, `size` on its 7th.
    assert [(p.line, p.message) for p in problems[:2]] == [
        (6, "unknown field `colour` (ignored)"),
        (7, "unknown field `size` (ignored)"),
    ]
    assert [p.line for p in problems] == [8 * i + offset for i in range(count) for offset in (6, 7)]
    assert ScannedText.scanned <= 4 * len(text)


def test_a_line_is_what_ends_with_a_newline_for_keys_as_for_headers() -> None:
    """A line separator inside a string (U+2028, NEL) does not end a line."""
    text = tool_toml("A", extra='description = "one\u2028two\x85three"\ncolour = "red"\n')
    problems: list[Problem] = []
    (table,) = tomli.loads(text)["tools"]
    build_tool(table, SourceText(Path("a.toml"), text), 0, None, problems)
    assert [(p.line, p.message) for p in problems] == [(6, "unknown field `colour` (ignored)")]


def test_a_file_is_read_once_however_many_names_it_clashes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "\n".join(tool_toml(f"T{i}") for i in range(50))
    root = make_catalog(tmp_path, {"a.toml": text, "b.toml": text})
    from mlseg_tui.catalog import clashes

    reads: list[str] = []
    real = clashes.read_regular_text

    def counting(path: Path, *args: Any, **kwargs: Any) -> str:
        reads.append(path.name)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(clashes, "read_regular_text", counting)
    result = load_catalog(root, use_cache=False)
    assert len(result.errors) == 50
    assert str(result.errors[49]) == (
        f"{root / 'b.toml'}:246:1: error: 'T49' is already used by 'T49' "
        f"({root / 'a.toml'}:246); tool 'T49' skipped"
    )
    assert sorted(reads) == ["a.toml", "b.toml"]


def test_a_tool_of_many_problems_is_scanned_at_most_twice(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from mlseg_tui.catalog import source

    scans: list[str] = []
    real_pattern, real_keys = source._key_pattern, source._LINE_KEY

    class CountingKeys:
        def finditer(self, *args: Any) -> Any:
            scans.append("every key")
            return real_keys.finditer(*args)

    def one_key(key: str) -> Any:
        scans.append(key)
        return real_pattern(key)

    monkeypatch.setattr(source, "_key_pattern", one_key)
    monkeypatch.setattr(source, "_LINE_KEY", CountingKeys())
    fields = [f"field{number:03d}" for number in range(100)]
    text = "\n" + tool_toml("A", extra="".join(f"{name} = 1\n" for name in fields))
    problems: list[Problem] = []
    (table,) = tomli.loads(text)["tools"]
    build_tool(table, SourceText(Path("a.toml"), text), 0, None, problems)
    assert [p.line for p in problems] == list(range(6, 106))
    assert scans == ["field000", "every key"]
