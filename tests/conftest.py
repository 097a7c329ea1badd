"""Shared fixtures for the UI tests: a private copy of the bundled catalog and app helpers."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.pilot import Pilot

from mlseg_tui.catalog.load import load_catalog
from mlseg_tui.domain.model import Catalog, Tool
from mlseg_tui.ui.app import CatalogApp

BUNDLED_CATALOG = Path(__file__).resolve().parent.parent / "catalog"


@pytest.fixture(autouse=True)
def private_load_cache(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Load caches go to a temporary folder, never into the user's ~/.cache; so do the
    recovery files of stopped sessions (never the user's state folder) and the settings
    (never the user's config folder: a theme chosen there would change every snapshot)."""
    monkeypatch.setenv("MLSEG_CACHE_DIR", str(tmp_path_factory.mktemp("load-cache")))
    monkeypatch.setenv("MLSEG_STATE_DIR", str(tmp_path_factory.mktemp("state")))
    monkeypatch.setenv("MLSEG_TUI_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))


def copy_essay_catalog(target: Path) -> Path:
    """The bundled catalog's segments and the 38 tools the 2020 essay listed, copied to
    `target`: a fixed map for tests of the browser, whatever tools the catalog adds later."""
    shutil.copytree(BUNDLED_CATALOG, target)
    for path in (target / "tools").glob("*.toml"):
        if "[tools.essay]" not in path.read_text(encoding="utf-8"):
            path.unlink()
    return target


@pytest.fixture
def catalog_dir(tmp_path: Path) -> Path:
    """A copy of the bundled catalog's essay tools that a test may change (never the
    repo's own)."""
    return copy_essay_catalog(tmp_path / "catalog")


def make_app(root: Path) -> CatalogApp:
    """The browser on the catalog at `root`, with a fixed header label for snapshots."""
    return CatalogApp(load_catalog(root), label="catalog")


async def settle(pilot: Pilot[object]) -> None:
    """Wait until background searches have finished and their results are on screen,
    the detail included (it follows a search once typing pauses)."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    app = pilot.app
    # Keys of a burst handed on one at a time (key_order.py): all of them handled first.
    for _ in range(1000):  # bounded: each key's rounds are (key_order.ROUND_TIMEOUT)
        if not (isinstance(app, CatalogApp) and app.is_running and app.keys_pending):
            break
        await pilot.pause(0.01)
    await app.workers.wait_for_complete()
    while isinstance(app, CatalogApp) and app.detail_pending:
        await pilot.pause(0.05)


def tools_in(catalog: Catalog, segment_id: str) -> list[Tool]:
    """The tools placed in `segment_id`."""
    return [tool for tool in catalog.tools if tool.segment == segment_id]
