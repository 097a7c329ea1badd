"""The browser: panes, keys, layouts, the detail panel and problems (issue 3)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from textual.content import Content
from textual.widgets import Static

from mlseg_tui.bench.synth import synth_tools, write_catalog
from mlseg_tui.catalog.load import load_catalog
from mlseg_tui.domain.model import EssayListing, HistoryEntry, SourceRef, Tool
from mlseg_tui.ui.app import CatalogApp
from mlseg_tui.ui.screens.labels import catalog_label, pane_title
from mlseg_tui.ui.widgets.detail import DetailPanel
from mlseg_tui.ui.widgets.tab_strip import TabStrip
from mlseg_tui.ui.widgets.tool_list import ToolList
from tests.conftest import make_app, settle, tools_in


def rows_of(pane: ToolList) -> list[str]:
    return [pane.row_text(row) for row in range(len(pane.rows))]


def current_name(app: CatalogApp) -> str | None:
    index = app.panes[app.active].current_tool
    return None if index is None else app.tools[index].name


def detail_text(app: CatalogApp) -> str:
    body = app.query_one("#detail-body", Static)
    content = body.content
    assert isinstance(content, Content)
    return content.plain


def tool(name: str, segment: str = "narrow", **fields: object) -> Tool:
    return Tool(
        name=name,
        segment=segment,
        reasoning=f"Why {name}.",
        source=SourceRef(Path("x"), 0),
        **fields,
    )  # type: ignore[arg-type]


async def test_panes_follow_segments_toml_with_titles_and_counts(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(250, 60)):
        catalog = app.catalog
        titles = [str(pane.border_title) for pane in app.panes]
        expected = [
            f"{segment.title} · {len(tools_in(catalog, segment.id))}"
            for segment in catalog.segments
        ]
        assert titles == expected
        assert titles[0].startswith("Hand-holding · ")
        # Along the scale, heavy to light, then Other (off the scale).
        assert [pane.segment_id for pane in app.panes] == [
            "hand-holding",
            "middle",
            "narrow",
            "other",
        ]
        narrow = rows_of(app.panes[2])
        assert "Kubernetes?" in narrow and "OctoML?" in narrow and "Tecton?" in narrow
        assert "Grafana" in narrow  # not tentative: no mark
        assert app.sub_title == "catalog: catalog"


def test_catalog_label_is_relative_or_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "cat").mkdir()
    assert catalog_label(tmp_path / "cat") == "cat"
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    assert catalog_label(tmp_path / "cat") == "~/cat"


def test_pane_title_always_keeps_the_count() -> None:
    assert pane_title("Narrow", "17", 40) == "Narrow · 17"
    # Shortened, a title keeps its separator (review finding 17): the name is cut instead.
    assert pane_title("Middle of the road", "3/10", 30) == "Middle of the ro… · 3/10"
    short = pane_title("Middle of the road", "3/10", 20)
    assert short.endswith("… · 3/10") and len(short) <= 14
    assert pane_title("Middle of the road", "3/10", 9) == "3/10"
    assert pane_title("Middle of the road", "3/10", 14) == "3/10"  # a lone "M…" says nothing


@pytest.mark.parametrize("width", [80, 120])
async def test_pane_titles_keep_their_separator_during_a_search(
    catalog_dir: Path, width: int
) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(width, 30)) as pilot:
        await pilot.press("slash", *"floq", "backspace", "w")
        await settle(pilot)
        titles = [str(pane.border_title) for pane in app.panes if pane.display]
        assert titles and all(" · " in title for title in titles), titles
        assert any("/" in title for title in titles)


async def test_up_down_j_k_home_end_and_pages(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("l")  # the narrow pane, the longest
        pane = app.panes[1]
        assert app.focused is pane and pane.cursor == 0
        await pilot.press("down", "j")
        assert pane.cursor == 2
        await pilot.press("up")
        assert pane.cursor == 1
        await pilot.press("k", "k")
        assert pane.cursor == 0
        await pilot.press("end")
        assert pane.cursor == len(pane.rows) - 1
        await pilot.press("home")
        assert pane.cursor == 0
        await pilot.press("pagedown")
        page = pane.scrollable_content_region.height - 1
        assert pane.cursor == min(page, len(pane.rows) - 1)
        await pilot.press("pageup")
        assert pane.cursor == 0
        assert current_name(app) == app.tools[pane.rows[0]].name


async def test_left_right_h_l_tab_and_shift_tab_change_pane(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.active == 0 and app.focused is app.panes[0]
        await pilot.press("right")
        assert app.active == 1 and app.focused is app.panes[1]
        await pilot.press("l")
        assert app.active == 2
        await pilot.press("left")
        assert app.active == 1
        await pilot.press("h", "h")
        assert app.active == 3  # wraps around
        await pilot.press("tab")
        assert app.active == 0 and app.focused is app.panes[0]
        await pilot.press("shift+tab")
        assert app.active == 3 and app.focused is app.panes[3]
        assert app.panes[3].has_class("-active") and not app.panes[0].has_class("-active")


async def test_detail_follows_the_highlighted_tool(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("l", "down")
        name = current_name(app)
        assert name is not None
        assert detail_text(app).startswith(name)


async def test_cursor_stays_visible_and_list_is_virtual(catalog_dir: Path) -> None:
    result = load_catalog(catalog_dir)
    assert result.catalog is not None
    result.catalog.tools = synth_tools(20_000, seed=3)
    app = CatalogApp(result, label="catalog")
    async with app.run_test(size=(120, 30)) as pilot:
        pane = app.panes[0]
        assert len(pane.rows) > 1000
        assert not pane.children  # rows are drawn, not mounted
        assert pane.virtual_size.height == len(pane.rows)
        await pilot.press("end")
        await pilot.pause()
        height = pane.scrollable_content_region.height
        assert pane.cursor == len(pane.rows) - 1
        assert pane.scroll_y <= pane.cursor < pane.scroll_y + height
        await pilot.press("pageup", "pageup")
        await pilot.pause()
        assert pane.scroll_y <= pane.cursor < pane.scroll_y + height
        await pilot.press("home")
        await pilot.pause()
        assert pane.scroll_y == 0
        # What is drawn is the tool under the cursor.
        first = app.tools[pane.rows[0]].name
        assert first in pane.render_line(0).text


async def test_mouse_click_selects_a_row(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.panes[2]
        # Row 3 of the pane: one line of border, then rows from 0.
        await pilot.click(pane, offset=(4, 1 + 3))
        await pilot.pause()
        assert app.focused is pane and app.active == 2
        assert pane.cursor == 3
        assert detail_text(app).startswith(app.tools[pane.rows[3]].name)


@pytest.mark.parametrize("size", [(40, 12), (80, 24), (120, 40), (250, 80)])
async def test_every_size_shows_a_pane_and_the_detail(
    catalog_dir: Path, size: tuple[int, int]
) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        shown = [pane for pane in app.panes if pane.display and pane.region.area]
        if size[0] >= 100:
            assert len(shown) == 4
            assert not app.query_one(TabStrip).display
        else:
            assert shown == [app.panes[app.active]]
            strip = app.query_one(TabStrip)
            tabs = strip.content.plain  # type: ignore[union-attr]
            assert tabs.startswith("heavy ◀ ") and "▶ light ┆ " in tabs  # the scale
            if size[1] < 16:  # short: one line of pane numbers, each pane names itself
                assert tabs == "heavy ◀  1  │  2  │  3  ▶ light ┆  4 "
                title = str(app.panes[app.active].border_title)
                assert title.startswith(app.catalog.segments[app.active].title)
            else:
                assert all(s.title.split()[0] in tabs for s in app.catalog.segments)
            assert strip.region.height == tabs.count("\n") + 1  # no line of tabs cut off
        assert app.query_one(DetailPanel).region.area
        # The highlighted tool is drawn inside its pane.
        assert app.panes[app.active].render_line(0).text.strip().startswith(current_name(app) or "")
        for key in ("l", "j", "slash", "o", "n", "down", "enter", "question_mark", "escape"):
            await pilot.press(key)
        await pilot.pause()
        assert app.is_running


async def test_resize_switches_between_wide_and_narrow_layouts(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("l")
        assert all(pane.region.area for pane in app.panes)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert app.screen.has_class("-narrow")
        assert [pane for pane in app.panes if pane.display] == [app.panes[1]]
        assert app.query_one(TabStrip).region.area
        tabs = app.query_one(TabStrip).content
        assert isinstance(tabs, Content)
        # The first word of each title, marked along the scale (full titles do not fit).
        assert all(segment.title.split()[0] in tabs.plain for segment in app.catalog.segments)
        assert "heavy ◀ " in tabs.plain and " ▶ light" in tabs.plain
        await pilot.press("l")  # the next pane is shown in its place
        await pilot.pause()
        assert app.panes[2].region.area and not app.panes[1].region.area
        await pilot.resize_terminal(45, 14)
        await pilot.pause()
        assert app.screen.has_class("-tiny")
        assert app.panes[2].region.area
        await pilot.resize_terminal(130, 40)
        await pilot.pause()
        assert app.screen.has_class("-wide")
        assert all(pane.region.area for pane in app.panes)


async def test_tab_strip_click_shows_that_pane(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        strip = app.query_one(TabStrip)
        text = strip.content.plain  # type: ignore[union-attr]
        column = text.index("Other") + 1
        await pilot.click(strip, offset=(column, 0))
        await pilot.pause()
        assert app.active == 3 and app.focused is app.panes[3]


async def test_markup_like_names_show_literally(tmp_path: Path) -> None:
    names = ["[bold]x[/]", "array[int]", "[link=http://a]b", "ctl\x1bname"]
    write_catalog(
        tmp_path,
        [
            tool(name, aliases=(f"[red]{i}",), description="[i]not italic[/i]")
            for i, name in enumerate(names)
        ],
    )
    app = CatalogApp(load_catalog(tmp_path), label="catalog")
    async with app.run_test(size=(120, 40)) as pilot:
        rows = rows_of(app.panes[1])
        assert sorted(rows) == sorted(["[bold]x[/]", "array[int]", "[link=http://a]b", "ctl␛name"])
        for row, shown in enumerate(rows):
            app.panes[1].move_cursor_to(row)
            await pilot.pause()
            text = detail_text(app)
            assert text.startswith(shown)
            alias = app.tools[app.panes[1].rows[row]].aliases[0]
            assert f"Aliases: {alias}" in text and "[i]not italic[/i]" in text
        await pilot.press("slash", *"array")
        await settle(pilot)
        assert rows_of(app.panes[1]) == ["array[int]"]
        assert detail_text(app).startswith("array[int]")


async def test_detail_of_a_tentative_tool(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)):
        octoml = app.catalog.find("OctoML")
        assert octoml is not None and octoml.tentative
        app.jump_to_tool(app.tools.index(octoml))
        text = detail_text(app)
        narrow = app.catalog.segment("narrow")
        assert text.startswith("OctoML?")
        assert f"Segment: {narrow.title} — {narrow.scale}" in text
        assert "Tentative: the essay hedged this placement (it wrote (Octo.ml?))" in text
        assert " ".join(octoml.reasoning.split()[:6]) in text
        assert narrow.definition.split(".")[0] in text  # why tools of that kind belong there
        assert "Aliases: Octo.ml, OctoAI, octoml.ai" in text
        assert "Vendor: OctoML, Inc." in text
        assert "Open source: no (proprietary)" in text
        assert "Homepage: https://octoml.ai" in text
        assert "Status: shut-down" in text
        assert "Kind: company" in text
        assert "Listed as: “(Octo.ml?)”" in text
        assert "Hedged with parentheses" in text  # the essay's note


async def test_detail_of_a_tool_the_essay_listed_twice(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)):
        graphpipe = app.catalog.find("GraphPipe")
        assert graphpipe is not None
        app.jump_to_tool(app.tools.index(graphpipe))
        text = detail_text(app)
        assert "Listed under: Middle of the road, Other" in text
        assert "Repository: https://github.com/oracle/graphpipe" in text
        assert "Open source: yes (UPL-1.0)" in text
        assert "Tentative" not in text


async def test_detail_history_is_newest_first(tmp_path: Path) -> None:
    history = (
        HistoryEntry(dt.date(2025, 1, 2), "narrow", "middle", "First move.", "Old reasoning A."),
        HistoryEntry(dt.date(2026, 3, 4), "middle", "other", "Second move.", "Old reasoning B."),
    )
    essay = EssayListing(("Moved",), ("narrow",), "")
    write_catalog(tmp_path, [tool("Moved", "other", history=history, essay=essay)])
    app = CatalogApp(load_catalog(tmp_path), label="catalog")
    async with app.run_test(size=(120, 40)):
        app.jump_to_tool(0)
        text = detail_text(app)
        history = text.index("History (newest first)")
        newest = text.index("2026-03-04  Middle of the road → Other", history)
        oldest = text.index("2025-01-02  Narrow → Middle of the road", history)
        assert newest < oldest
        assert "Last move: 2026-03-04  Middle of the road → Other" in text
        assert "Reason: Second move." in text and "Reasoning before: Old reasoning B." in text
        assert "Listed under: Narrow" in text  # the essay's group differs from today's


async def test_detail_panel_is_focusable_and_scrolls_with_keys(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 30)) as pilot:
        detail = app.query_one(DetailPanel)
        await pilot.press("enter")
        assert app.focused is detail
        assert detail.max_scroll_y > 0  # long text wraps and overflows
        await pilot.press("pagedown")
        await pilot.pause()
        assert detail.scroll_y > 0
        await pilot.press("home")
        await pilot.pause()
        assert detail.scroll_y == 0
        await pilot.press("j")
        await pilot.pause()
        assert detail.scroll_y == 1
        await pilot.press("escape")
        assert app.focused is app.panes[app.active]


async def test_problems_are_notified_and_listed(catalog_dir: Path) -> None:
    (catalog_dir / "tools" / "broken.toml").write_text('[[tools]]\nname = "Broken"\n= 1\n')
    (catalog_dir / "tools" / "odd.toml").write_text(
        '[[tools]]\nname = "Odd"\nsegment = "narrow"\nreasoning = "r"\ncolour = "red"\n'
    )
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        toasts = app.screen.query("Toast")
        assert toasts, "problems should raise a notification"
        await pilot.press("exclamation_mark")
        await pilot.pause()
        assert type(app.screen).__name__ == "ProblemsScreen"
        text = app.screen.query_one("#problems-body", Static).content.plain  # type: ignore[union-attr]
        assert f"{catalog_dir / 'tools' / 'broken.toml'}:3:" in text
        assert "malformed TOML" in text
        assert f"{catalog_dir / 'tools' / 'odd.toml'}:5:1: warning: unknown field `colour`" in text
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ != "ProblemsScreen"
        assert "Odd" in rows_of(app.panes[2])  # a warning does not hide the tool


async def test_no_problems_means_no_notification(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        assert not app.screen.query("Toast")


async def test_q_and_ctrl_q_quit(catalog_dir: Path) -> None:
    for key in ("q", "ctrl+q"):
        app = make_app(catalog_dir)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press(key)
            await pilot.pause()
            assert not app.is_running


async def test_an_empty_catalog_opens_and_says_so(tmp_path: Path) -> None:
    write_catalog(tmp_path, [])
    result = load_catalog(tmp_path)
    assert result.catalog is not None and not result.catalog.tools
    app = CatalogApp(result, label="catalog")
    async with app.run_test(size=(120, 40)) as pilot:
        for pane in app.panes:
            assert "No tools in this segment" in pane.render_line(0).text
        assert detail_text(app) == "No tool selected."
        for key in ("down", "m", "shift+right", "u", "slash", "x", "enter", "exclamation_mark"):
            await pilot.press(key)
        await settle(pilot)
        assert type(app.screen).__name__ == "ProblemsScreen"  # "the catalog holds no tools"
        assert app.session.pending_count == 0


async def test_tab_in_the_detail_returns_to_the_list(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("l", "enter")
        assert isinstance(app.focused, DetailPanel)
        await pilot.press("tab")
        assert app.focused is app.panes[1]
