"""What the `?` mark and H/L say they do (review findings 7 and 9): the mark is the
tentative flag, the essay's hedge only where the essay put the tool; H/L step along the
panes' order, on to Other past the light end."""

from __future__ import annotations

from pathlib import Path

from mlseg_tui.ui.screens.help_screen import INTRO
from tests.conftest import make_app, settle
from tests.test_ui_browser import detail_text


async def test_a_moved_hedged_tool_no_longer_claims_the_essays_hedge(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 50)) as pilot:
        await pilot.press("slash", *"kubernetex", "backspace", "s", "enter")
        await settle(pilot)
        assert "the essay hedged this placement" in detail_text(app)
        await pilot.press("H")  # Narrow -> Middle of the road
        await settle(pilot)
        text = detail_text(app)
        assert "Segment: Middle of the road" in text
        assert "the essay hedged this placement" not in text
        assert "The essay hedged it in Narrow" in text and "e clears the mark" in text
        await pilot.press("L", "L")  # back to Narrow, then past the light end
        await settle(pilot)
        assert "Segment: Other" in detail_text(app)


async def test_help_says_what_the_mark_and_h_l_do(catalog_dir: Path) -> None:
    flat = " ".join(INTRO.split())
    assert "A name ending in ? is a placement marked tentative" in flat
    assert "past the light end to the segments off the scale" in flat
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 50)) as pilot:
        await pilot.press("question_mark")
        await settle(pilot)
        shown = " ".join(str(s.render()) for s in app.screen.query("Static"))
        assert "Move tool a pane right (lighter, then off the scale)" in shown
