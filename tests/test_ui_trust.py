"""What broke a new user's trust (issue 12): the detail after a move, the problems list
after a reload, and notices that no longer hold."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlseg_tui.ui.widgets.detail import DetailPanel
from tests.conftest import make_app, settle
from tests.screen import screen_text
from tests.test_ui_edits import highlight


@pytest.mark.parametrize("keys", [["L"], ["shift+left"], ["L", "u"], ["L", "u", "ctrl+r"]])
async def test_after_a_move_the_detail_shows_its_top(catalog_dir: Path, keys: list[str]) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await highlight(app, pilot, "Apache Kafka")
        detail = app.query_one(DetailPanel)
        await pilot.press("enter", "end")  # read the detail to its end
        await pilot.pause()
        assert detail.scroll_y > 0
        await pilot.press("escape", *keys)
        await settle(pilot)
        assert detail.scroll_y == 0
        kafka = app.catalog.find("Apache Kafka")
        assert kafka is not None
        title = app.catalog.segment_title(kafka.segment)
        assert f"Segment: {title}" in screen_text(app)
        if kafka.history:
            assert "Last move: " in screen_text(app)
