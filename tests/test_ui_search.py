"""Search in the browser: filtering every pane, ranking, stepping, jumping and restoring."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from textual.command import CommandList

from mlseg_tui.search.highlight import highlight_positions
from mlseg_tui.search.index import SearchIndex
from mlseg_tui.ui.app import CatalogApp
from mlseg_tui.ui.controllers import search as search_module
from mlseg_tui.ui.widgets.search_bar import SearchInput
from mlseg_tui.ui.widgets.tool_list import ToolList
from tests.conftest import make_app, settle, tools_in
from tests.screen import wait_for


def rows_of(pane: ToolList) -> list[str]:
    return [pane.row_text(row) for row in range(len(pane.rows))]


def highlighted(app: CatalogApp) -> str | None:
    index = app.panes[app.active].current_tool
    return None if index is None else app.tools[index].name


async def search(pilot, query: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("slash", *query)
    await settle(pilot)


@pytest.mark.parametrize(
    ("query", "pane", "row"),
    [
        ("sagemkr", 0, "Amazon SageMaker  (Sagemaker)"),
        ("wandb", 1, "Weights & Biases  (wandb)"),
        ("k8s", 2, "Kubernetes?  (k8s)"),
    ],
)
async def test_query_puts_the_tool_first_in_its_pane(
    catalog_dir: Path, query: str, pane: int, row: str
) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await search(pilot, query)
        assert rows_of(app.panes[pane])[0] == row
        assert app.active == pane  # the best match is shown in its pane and in the detail
        assert highlighted(app) == row.split("?")[0].split("  (")[0]
        assert isinstance(app.focused, SearchInput)  # typing goes on


async def test_every_pane_is_filtered_best_first(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(250, 60)) as pilot:
        await search(pilot, "flow")
        result = SearchIndex(app.tools).search("flow")
        by_segment = result.by_segment(app.session.placement)
        for pane, segment in zip(app.panes, app.catalog.segments, strict=True):
            expected = [match.tool_index for match in by_segment[segment.id]]
            assert pane.rows == expected
            total = len(tools_in(app.catalog, segment.id))
            assert str(pane.border_title) == f"{segment.title} · {len(expected)}/{total}"
        assert highlighted(app) == app.tools[result.matches[0].tool_index].name
        assert "MLflow" in rows_of(app.panes[1]) and "Kubernetes?" not in rows_of(app.panes[2])


async def test_matched_characters_are_highlighted(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await search(pilot, "flow")
        pane = app.panes[1]
        name = rows_of(pane)[0]
        strip = pane.render_line(0)
        marked = "".join(seg.text for seg in strip if seg.style and seg.style.underline)
        expected = "".join(name[i] for i in highlight_positions("flow", name))
        assert marked == expected and marked.casefold() == "flow"
        # An alias match highlights the alias shown after the name.
        await pilot.press("escape")
        await search(pilot, "wandb")
        strip = app.panes[1].render_line(0)
        assert "".join(seg.text for seg in strip if seg.style and seg.style.underline) == "wandb"


async def test_down_and_up_step_through_matches_across_panes(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await search(pilot, "flow")
        matches = SearchIndex(app.tools).search("flow").matches
        segments = app.catalog.segment_ids()
        for step in range(4):
            tool = app.tools[matches[step].tool_index]
            assert highlighted(app) == tool.name
            assert app.active == segments.index(tool.segment)
            assert app.query_one("#detail-body").content.plain.startswith(tool.name)  # type: ignore[attr-defined]
            await pilot.press("down")
        await pilot.press("up", "up")
        assert highlighted(app) == app.tools[matches[2].tool_index].name
        assert isinstance(app.focused, SearchInput)


async def test_enter_jumps_to_the_chosen_match(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await search(pilot, "flow")
        await pilot.press("down")
        chosen = app.tools[SearchIndex(app.tools).search("flow").matches[1].tool_index]
        await pilot.press("enter")
        await pilot.pause()
        assert not app.screen.has_class("-searching")
        for pane, segment in zip(app.panes, app.catalog.segments, strict=True):
            assert len(pane.rows) == len(tools_in(app.catalog, segment.id))
        assert highlighted(app) == chosen.name
        assert app.focused is app.panes[app.active]
        assert app.catalog.segment_ids()[app.active] == chosen.segment


async def test_enter_without_stepping_takes_the_best_match(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await search(pilot, "sagemkr")
        await pilot.press("enter")
        assert highlighted(app) == "Amazon SageMaker"
        assert app.focused is app.panes[0]


async def test_escape_restores_the_panes_and_the_previous_highlight(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("l", "down", "down", "down")
        before = highlighted(app)
        cursors = [pane.cursor for pane in app.panes]
        await search(pilot, "k8s")
        assert app.active == 2
        await pilot.press("escape")
        await pilot.pause()
        assert app.active == 1 and app.focused is app.panes[1]
        assert highlighted(app) == before
        assert [pane.cursor for pane in app.panes] == cursors
        assert not app.screen.has_class("-searching")
        assert app.query_one(SearchInput).value == ""


async def test_clearing_the_query_restores_every_pane(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("l", "down")
        before = highlighted(app)
        await search(pilot, "ray")
        await pilot.press("backspace", "backspace", "backspace")
        await settle(pilot)
        assert highlighted(app) == before and app.active == 1
        for pane, segment in zip(app.panes, app.catalog.segments, strict=True):
            assert len(pane.rows) == len(tools_in(app.catalog, segment.id))
            assert "/" not in str(pane.border_title)
        assert isinstance(app.focused, SearchInput)  # the search stays open


async def test_no_match_says_so_in_every_pane(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await search(pilot, "zzzq")
        for pane in app.panes:
            assert pane.rows == []
            assert "No tools match 'zzzq'" in pane.render_line(0).text
        assert "No tools match 'zzzq'" in str(app.query_one("#search-status").content)  # type: ignore[attr-defined]


async def test_slash_can_be_typed_in_the_search_box(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", "a", "slash", "b")
        assert app.query_one(SearchInput).value == "a/b"


async def test_tab_browses_the_filtered_panes_and_escape_clears(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await search(pilot, "flow")
        await pilot.press("tab")
        pane = app.panes[app.active]
        assert app.focused is pane
        assert len(pane.rows) < len(tools_in(app.catalog, pane.segment_id))  # still filtered
        await pilot.press("down")
        chosen = highlighted(app)
        await pilot.press("enter")  # jump to the tool under the cursor
        assert highlighted(app) == chosen
        assert len(pane.rows) == len(tools_in(app.catalog, pane.segment_id))
        await search(pilot, "flow")
        await pilot.press("tab", "escape")
        assert not app.screen.has_class("-searching")


async def test_search_runs_off_the_event_loop_and_stale_results_are_dropped(
    catalog_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()
    started = threading.Event()
    real_search = SearchIndex.search

    def slow_search(self: SearchIndex, query: str, placement=None):  # type: ignore[no-untyped-def]
        started.set()
        release.wait(timeout=10)
        return real_search(self, query, placement)

    # As for a catalog too big to search on the event loop.
    monkeypatch.setattr(search_module, "INLINE_SEARCH_TOOLS", 0)
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)  # the index was built after the first frame
        monkeypatch.setattr(SearchIndex, "search", slow_search)
        await pilot.press("slash", "r")
        assert started.wait(timeout=10)
        # The search is blocked in its thread, yet keys are still handled.
        await pilot.press("backspace")
        await pilot.pause()
        assert app.query_one(SearchInput).value == ""
        release.set()
        await settle(pilot)
        # The result for "r" arrived late and must not be shown.
        for pane, segment in zip(app.panes, app.catalog.segments, strict=True):
            assert len(pane.rows) == len(tools_in(app.catalog, segment.id))


async def test_a_small_catalog_is_searched_as_the_field_changes(catalog_dir: Path) -> None:
    # The panes change in the handler that changes the field, so one frame shows both;
    # through the Changed message, or a thread, the panes came a frame later.
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        field = app.query_one(SearchInput)
        field.value = "octo"
        assert app.search_text == "octo"  # no await: nothing else has run yet
        shown = [app.tools[row].name for pane in app.panes for row in pane.rows]
        assert "OctoML" in shown and len(shown) < len(app.tools)
        assert not [w for w in app.workers if w.group == "search"]
        field.value = ""
        assert app.search_text == ""
        total = sum(len(pane.rows) for pane in app.panes)
        assert total == len(app.tools)


async def test_palette_finds_tools_and_jumps_to_them(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"octoml")
        commands = app.screen.query_one(CommandList)
        for _ in range(200):  # the palette gathers hits asynchronously
            await pilot.pause(0.02)
            if commands.option_count and commands.highlighted is not None:
                prompt = str(commands.get_option_at_index(commands.highlighted).prompt)
                if "OctoML" in prompt:
                    break
        prompt = str(commands.get_option_at_index(commands.highlighted or 0).prompt)
        assert "Go to tool: OctoML" in prompt
        await pilot.press("enter")
        await pilot.pause()
        assert highlighted(app) == "OctoML"
        assert app.focused is app.panes[2]


async def test_palette_never_waits_on_the_event_loop_for_the_index(
    catalog_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Bug 6: the tool provider waited on the index lock, held for a whole build, on the
    # event loop: the palette (and the whole app) froze until the index was built.
    release, built = threading.Event(), threading.Event()
    real_init = SearchIndex.__init__

    def slow_build(self: SearchIndex, tools: object, metric: object = None) -> None:
        release.wait(timeout=10)
        real_init(self, tools, metric)  # type: ignore[arg-type]
        built.set()

    monkeypatch.setattr(SearchIndex, "__init__", slow_build)
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"octoml")
        await pilot.pause()
        assert not built.is_set()  # the keys were handled while the index was building
        assert app.ready_index() is None
        release.set()
        await wait_for(pilot, "Go to tool: OctoML")
        assert built.is_set()
