"""Issue 11, item 14: after quick resizes the pane titles fit the final size (they stayed
in their narrow form, "Hand-holding 5", until the next resize)."""

from __future__ import annotations

from pathlib import Path

from mlseg_tui.ui.screens.labels import pane_title
from tests.conftest import make_app


async def test_pane_titles_follow_a_burst_of_resizes(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        for width in (70, 110, 62, 101, 75, 104, 160):  # no pause between them
            await pilot.resize_terminal(width, 40)
        for _ in range(5):
            await pilot.pause()
        width = app.view.panes[0].outer_size.width
        for pane, segment in zip(app.view.panes, app.catalog.segments, strict=True):
            total = str(app.session.placement.total(segment.id))
            assert pane.border_title is not None
            assert str(pane.border_title) == pane_title(segment.title, total, width)
            assert f"{segment.title} · {total}" == str(pane.border_title)
