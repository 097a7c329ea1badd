"""A big catalog is put out of the cyclic collector's reach once it and its index are built:
a full collection would otherwise walk all of it, the UI frozen meanwhile."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from mlseg_tui.ui.controllers import search_index
from tests.conftest import make_app


@pytest.fixture
def unfrozen() -> Iterator[None]:
    """No test leaves the process's objects frozen for the ones after it."""
    gc.unfreeze()
    yield
    gc.unfreeze()


@pytest.mark.parametrize("freeze_from", [10, 10**9])
async def test_a_big_catalog_is_frozen_once_its_index_is_built(
    catalog_dir: Path, monkeypatch: pytest.MonkeyPatch, unfrozen: None, freeze_from: int
) -> None:
    monkeypatch.setattr(search_index, "FREEZE_FROM", freeze_from)
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert app.search.index.built is not None
        big = len(app.tools) >= freeze_from
        assert (gc.get_freeze_count() > 0) == big
        tracked = {id(o) for o in gc.get_objects()}
        assert (id(app.tools) not in tracked) == big  # in the permanent generation
        await pilot.press("slash", "f", "l", "o", "w")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert app.search_text == "flow" and app.search.last_result  # searching still works
    assert gc.get_freeze_count() == 0  # the app leaves the process as it found it
