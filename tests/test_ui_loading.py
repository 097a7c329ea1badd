"""A catalog of many files opens on a preview of its first files; the full load replaces it."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest
from textual.pilot import Pilot

from mlseg_tui.bench.synth import synth_tools, write_catalog
from mlseg_tui.catalog import load as loader
from mlseg_tui.catalog import preview
from mlseg_tui.catalog.load import load_catalog
from mlseg_tui.ui.app import CatalogApp
from tests.conftest import settle


def many_files(root: Path) -> Path:
    """60 one-tool files, one of them broken and one a late duplicate of an early name."""
    tools = synth_tools(60, seed=3)
    write_catalog(root, tools)
    files = sorted((root / "tools").glob("*.toml"))
    files[40].write_text("[[tools]\nname = 'broken", encoding="utf-8")
    first = load_catalog(root, use_cache=False).catalog
    assert first is not None
    late = next(tool for tool in first.tools if tool.source.path == files[50])
    text = files[50].read_text(encoding="utf-8")
    assert late.name in text
    files[50].write_text(text.replace(late.name, first.tools[0].name, 1), encoding="utf-8")
    return root


@pytest.fixture
def small_preview(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(preview, "PREVIEW_FROM_FILES", 10)
    monkeypatch.setattr(preview, "PREVIEW_TOOLS", 6)
    monkeypatch.setattr(preview, "PREVIEW_FILES", 6)


def hold_full_load(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Make the app's full load wait until the returned event is set."""
    release = threading.Event()
    real_load = loader.load_catalog

    def slow_load(path: Path, **kwargs: bool) -> loader.LoadResult:
        release.wait(30)
        return real_load(path, **kwargs)

    monkeypatch.setattr(loader, "load_catalog", slow_load)
    return release


async def until_loaded(pilot: Pilot[object], app: CatalogApp) -> None:
    while app.loading is not None:
        await pilot.pause(0.02)
    await settle(pilot)


def sources(tools: list) -> list[tuple[Path, int, str, str]]:  # type: ignore[type-arg]
    return [(t.source.path, t.source.index, t.name, t.segment) for t in tools]


@pytest.mark.usefixtures("small_preview")
async def test_preview_ends_as_exactly_the_full_load(tmp_path: Path) -> None:
    root = many_files(tmp_path / "catalog")
    shown = preview.catalog_preview(root)
    assert shown is not None and shown.result.catalog is not None
    assert shown.files_read == 6 and shown.files_listed == 60
    full = load_catalog(root)
    assert full.catalog is not None
    # The preview's tools are the first files' tools, as the full load reads them.
    assert sources(shown.result.catalog.tools) == sources(full.catalog.tools[:6])
    app = CatalogApp(shown.result, label="catalog", loading=(6, 60))
    async with app.run_test(size=(160, 48)) as pilot:
        await until_loaded(pilot, app)
        assert sources(app.tools) == sources(full.catalog.tools)
        assert [str(p) for p in app.result.problems] == [str(p) for p in full.problems]
        assert len(full.errors) == 2  # the broken file and the late duplicate
        assert app.store.snapshot() == full.files.hashes
        assert "loading" not in app.sub_title
        rows = {pane.segment_id: pane.rows for pane in app.panes}
        for segment_id, indices in rows.items():
            assert indices == [i for i, t in enumerate(app.tools) if t.segment == segment_id]
        # Search covers the whole catalog: the last file's tool is found.
        last = app.tools[-1]
        index = app.search.index.wait(30)
        assert index is not None
        assert last.name in [app.tools[m.tool_index].name for m in index.search(last.name).matches]
        assert app.session.catalog is app.catalog


@pytest.mark.usefixtures("small_preview")
async def test_nothing_is_moved_or_saved_while_loading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = many_files(tmp_path / "catalog")
    release = hold_full_load(monkeypatch)
    shown = preview.catalog_preview(root)
    assert shown is not None
    before = {path: path.read_bytes() for path in (root / "tools").glob("*.toml")}
    app = CatalogApp(shown.result, label="catalog", loading=(6, 60))
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        await pilot.pause()
        assert app.loading is not None and "loading: 6 of 60+ files shown" in app.sub_title
        highlighted = app.panes[app.active].current_tool
        assert highlighted is not None
        kept = app.tools[highlighted].source
        await pilot.press("shift+right")
        assert app.session.pending_count == 0  # no move on a preview
        await pilot.press("ctrl+s", "exclamation_mark")
        await pilot.pause()
        assert {path: path.read_bytes() for path in before} == before  # nothing saved
        assert app.screen is app.screen_stack[0]  # no problems list over a preview
        assert any("Still loading" in str(n.message) for n in app._notifications)
        release.set()
        await until_loaded(pilot, app)
        # The highlighted tool is still highlighted, now in the full catalog.
        current = app.panes[app.active].current_tool
        assert current is not None and app.tools[current].source == kept
        await pilot.press("shift+right", "ctrl+s")
        await settle(pilot)
        assert app.session.pending_count == 0
    after = {path: path.read_bytes() for path in (root / "tools").glob("*.toml")}
    assert sum(after[path] != before[path] for path in before) == 1  # the one move, saved


@pytest.mark.usefixtures("small_preview")
async def test_a_search_typed_while_loading_runs_once_the_catalog_is_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = many_files(tmp_path / "catalog")
    release = hold_full_load(monkeypatch)
    shown = preview.catalog_preview(root)
    assert shown is not None
    full = load_catalog(root).catalog
    assert full is not None
    late = full.tools[-1]  # in the last file: not in the preview
    assert late.name not in [tool.name for tool in shown.result.catalog.tools]  # type: ignore[union-attr]
    app = CatalogApp(shown.result, label="catalog", loading=(6, 60))
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        highlighted = app.panes[app.active].current_tool
        assert highlighted is not None
        kept = app.tools[highlighted].source
        await pilot.press("slash", *late.name)
        await pilot.pause()
        assert app.search.searching and app.search_text == late.name
        assert "when loaded" in str(app.query_one("#search-status").render())
        assert app.search.index.built is None  # nothing was indexed from the preview
        assert sum(len(pane.rows) for pane in app.panes) == len(app.tools)  # not filtered
        release.set()
        await until_loaded(pilot, app)
        assert app.search.searching and app.search_text == late.name
        shown_names = [app.tools[row].name for pane in app.panes for row in pane.rows]
        assert late.name in shown_names and len(shown_names) < len(app.tools)
        assert "match" in str(app.query_one("#search-status").render())
        await pilot.press("escape")
        await settle(pilot)
        # Back to every tool, the tool highlighted before the search highlighted again.
        assert sum(len(pane.rows) for pane in app.panes) == len(full.tools)
        current = app.panes[app.active].current_tool
        assert current is not None and app.tools[current].source == kept


def test_small_catalogs_load_in_full_without_a_preview(tmp_path: Path) -> None:
    write_catalog(tmp_path / "catalog", synth_tools(20, seed=1))
    assert preview.catalog_preview(tmp_path / "catalog") is None
    assert preview.catalog_preview(tmp_path / "missing") is None


async def test_the_app_closes_while_loading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, small_preview: None
) -> None:
    root = many_files(tmp_path / "catalog")
    release, finished = threading.Event(), threading.Event()
    real_load = loader.load_catalog

    def slow_load(path: Path, **kwargs: bool) -> loader.LoadResult:
        release.wait(30)
        try:
            return real_load(path, **kwargs)
        finally:
            finished.set()

    monkeypatch.setattr(loader, "load_catalog", slow_load)
    shown = preview.catalog_preview(root)
    assert shown is not None
    app = CatalogApp(shown.result, label="catalog", loading=(6, 60))
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        app.exit()
    release.set()
    assert await asyncio.to_thread(finished.wait, 30)
    assert app.loading is not None  # the closed app took no late result
