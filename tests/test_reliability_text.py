"""Issue 11, item 8: a huge string value costs memory in proportion to its size when a
save scans it, and the detail shows the start of a huge text with a note, not all of it."""

from __future__ import annotations

import re
import tracemalloc
from pathlib import Path

import pytest
from textual.content import Content
from textual.widgets import Static

from mlseg_tui.catalog.load import load_catalog
from mlseg_tui.domain.edits import EditSession
from mlseg_tui.domain.text import SHOWN_CHARACTERS, clipped
from mlseg_tui.store import toml_scan
from mlseg_tui.store.catalog_store import CatalogStore
from mlseg_tui.ui.app import CatalogApp
from tests.corpus import files, tool

# The patterns as they were, backtracking once per character: the new ones must agree.
OLD = [
    re.compile(r'"""(?:[^"\\]|\\[\s\S]|"{1,2}(?!"))*"{3,5}'),
    re.compile(r"'''(?:[^']|'{1,2}(?!'))*'{3,5}"),
    re.compile(r'"(?:[^"\\\n]|\\.)*"'),
    re.compile(r"'[^'\n]*'"),
]
TRICKY = [
    '""""""', '"""a"""', '""""a""""', '"""a""""" tail', '"""a\\"""b"""', '"""a""b"""',
    '"""unterminated', '"""a\\\\"""', '"a\\"b" x', '"a\nb"', '""', '"\\\\"', "'''a'''",
    "'''a''''' x", "''''''", "'''a''b'''", "'a' b", "'a\nb'", "'''x", '"""\n"""',
]  # fmt: skip


@pytest.mark.parametrize("text", TRICKY)
def test_the_linear_string_patterns_match_what_the_old_ones_matched(text: str) -> None:
    old = next((m.end() for p in OLD if (m := p.match(text))), None)
    new = (m := toml_scan.STRING_VALUE.match(text)) and m.end()
    assert (new or None) == old


def test_a_long_value_is_scanned_in_memory_proportional_to_it() -> None:
    text = '"""' + "word " * 200_000 + '"""'
    tracemalloc.start()
    try:
        found = toml_scan.STRING_VALUE.match(text)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert found is not None and found.end() == len(text)
    assert peak < len(text)  # the backtracking patterns kept ~100 bytes per character


def big_catalog(root: Path, characters: int) -> Path:
    reasoning = "because " * (characters // 8)
    body = tool("Big").replace('reasoning = "Because."', f'reasoning = """{reasoning}"""')
    files({"tools/big.toml": body})(root)
    return root


@pytest.mark.timeout(60)
def test_moving_a_tool_of_a_long_reasoning_is_saved_without_a_blow_up(tmp_path: Path) -> None:
    root = big_catalog(tmp_path / "c", 2_000_000)
    store = CatalogStore(load_catalog(root, use_cache=False))
    session = EditSession(store.catalog)
    big = store.catalog.find("Big")
    assert big is not None
    session.move(big, "other")
    tracemalloc.start()
    try:
        report = store.save(session)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert report.ok and report.written
    # The file's bytes, their text and a few copies for the edit: far from 100 per byte.
    assert peak < 20 * (root / "tools" / "big.toml").stat().st_size


def test_clipped_cuts_with_a_note() -> None:
    assert clipped("short") == "short"
    cut = clipped("x" * (SHOWN_CHARACTERS + 5))
    assert cut == "x" * SHOWN_CHARACTERS + "… (5 more characters, not shown)"


@pytest.mark.timeout(60)
async def test_the_detail_shows_the_start_of_a_huge_reasoning(tmp_path: Path) -> None:
    root = big_catalog(tmp_path / "c", 1_000_000)
    app = CatalogApp(load_catalog(root, use_cache=False), label="catalog")
    async with app.run_test(size=(140, 40)) as pilot:
        big = app.catalog.find("Big")
        assert big is not None
        app.jump_to_tool(app.tools.index(big))
        for key in ("j", "k", "j", "k"):  # away and back, quickly
            await pilot.press(key)
        app.jump_to_tool(app.tools.index(big))
        await pilot.pause()
        body = app.query_one("#detail-body", Static).render()
        assert isinstance(body, Content)
        assert "more characters, not shown)" in body.plain
        assert len(body.plain) < SHOWN_CHARACTERS + 5_000
