"""The essay's own spellings (`listed_as`) find their tools (review finding 11): "TVM/Halide"
in the search bar, the palette and `list --search`, with both engines."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from mlseg_tui.catalog.locate import bundled_path
from mlseg_tui.cli.commands import main
from mlseg_tui.domain.model import EssayListing, SourceRef, Tool
from mlseg_tui.search.keys import essay_spelling, search_aliases
from tests.conftest import make_app, settle
from tests.test_search_noise import ENGINES, bundled_tools, by_name, index_on
from tests.test_ui_palette_settings import palette_prompts
from tests.test_ui_search import rows_of


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("tvm/halide", {"Apache TVM", "Halide"}),
        ("TVM/Halide", {"Apache TVM", "Halide"}),
        ("tvm/hal", {"Apache TVM", "Halide"}),
        ("h20.ai", {"H2O.ai"}),
        ("octo.ml", {"OctoML"}),
        ("kubernetes maybe", {"Kubernetes"}),
    ],
)
def test_the_essays_spellings_find_their_tools_first(
    engine: str, query: str, expected: set[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    tools = bundled_tools()
    found = by_name(index_on(tools, engine, monkeypatch), tools, query)
    assert set(found[: len(expected)]) == expected, found


def test_a_spelling_is_a_key_once_and_a_links_text_is_the_spelling() -> None:
    def tool(name: str, aliases: tuple[str, ...], *listed: str) -> Tool:
        essay = EssayListing(listed_as=listed)
        return Tool(name, "other", "", SourceRef(Path("t.toml"), 0), aliases, essay=essay)

    tools = [
        tool("Kedro", (), "[Kedro](https://kedro.readthedocs.io)"),
        tool("GraphPipe", (), "GraphPipe", "GraphPipe"),
        tool("Apache TVM", ("TVM",), "TVM/Halide", "tvm/halide"),
        Tool("Later", "other", "", SourceRef(Path("t.toml"), 1), ("L",)),
    ]
    assert search_aliases(tools) == [(), (), ("TVM", "TVM/Halide"), ("L",)]
    assert essay_spelling("[Denzel](https://github.com/eliorc/denzel)") == "Denzel"


def test_list_search_finds_the_essays_spelling(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLSEG_NO_CACHE", "1")
    result = CliRunner().invoke(
        main, ["list", "--catalog", str(bundled_path("catalog")), "--search", "tvm/halide"]
    )
    assert result.exit_code == 0, result.output
    assert "Apache TVM" in result.stdout and "Halide" in result.stdout


async def test_the_search_bar_finds_the_essays_spelling_after_a_burst(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"tvm/x", "backspace", *"halide")
        await settle(pilot)
        other = app.panes[[s.id for s in app.catalog.segments].index("other")]
        rows = rows_of(other)
        assert rows[:2] == ["Apache TVM  (TVM/Halide)", "Halide  (TVM/Halide)"], rows


async def test_the_palette_finds_the_essays_spelling(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"tvm/hx", "backspace", *"alide")
        prompts = await palette_prompts(pilot, "Go to tool: Halide")
        assert any("Go to tool: Apache TVM" in prompt for prompt in prompts), prompts
        await pilot.press("escape")
