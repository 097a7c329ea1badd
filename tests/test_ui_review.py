"""The review list in the browser (`r`): its items and reasons, enter jumps to the tool,
unsaved moves count, and a big catalog is reviewed off the event loop."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import OptionList

from mlseg_tui.bench.synth import synth_tools, write_catalog
from mlseg_tui.ui.controllers import reviewing
from mlseg_tui.ui.screens.review_screen import ReviewScreen
from tests.conftest import make_app, settle
from tests.test_ui_edits import highlighted


def review_lines(app: object) -> list[str]:
    screen = app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, ReviewScreen)
    options = screen.query_one(OptionList)
    return [str(options.get_option_at_index(i).prompt).strip() for i in range(options.option_count)]


async def test_r_lists_disagreements_and_tentative_placements(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await pilot.pause()
        lines = review_lines(app)
        assert lines[0] == "Placement and criteria disagree (6)"
        assert any(
            line.startswith("Snowflake") and "suggests Middle of the road; placed in Narrow" in line
            for line in lines
        )
        assert "Tentative placements (3)" in lines
        # A burst: down twice, up once, then enter jumps to the second disagreement.
        await pilot.press("down", "down", "up", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, ReviewScreen)
        assert highlighted(app) == "GraphPipe"
        assert app.view.panes[app.active].has_focus


async def test_escape_closes_the_review_and_nothing_changes(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        before = highlighted(app)
        await pilot.press("r", "j", "j", "escape")
        await pilot.pause()
        assert not isinstance(app.screen, ReviewScreen)
        assert highlighted(app) == before


async def test_an_unsaved_move_settles_a_disagreement(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("r", "enter")  # the first disagreement: Datadog, in Narrow
        await pilot.pause()
        assert highlighted(app) == "Datadog"
        await pilot.press("L")  # Narrow -> Middle of the road, as the criteria suggest
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        lines = review_lines(app)
        assert lines[0] == "Placement and criteria disagree (5)"
        assert not any(line.startswith("Datadog") for line in lines)


async def test_a_big_catalog_is_reviewed_on_a_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reviewing, "INLINE_REVIEW_TOOLS", 10)
    root = tmp_path / "catalog"
    write_catalog(root, synth_tools(60, seed=3))
    app = make_app(root)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        await pilot.pause()
        lines = review_lines(app)
        assert lines and lines[0].startswith("Placement and criteria disagree")
        assert any(line.startswith("Criteria not answered") for line in lines)


async def test_the_essay_view_reviews_only_the_essays_tools(tmp_path: Path) -> None:
    import shutil

    from tests.conftest import BUNDLED_CATALOG

    root = Path(shutil.copytree(BUNDLED_CATALOG, tmp_path / "catalog"))
    app = make_app(root)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await pilot.pause()
        assert any(line.startswith("Baseten") for line in review_lines(app))
        await pilot.press("escape", "E", "r")
        await pilot.pause()
        lines = review_lines(app)
        assert lines[0] == "Placement and criteria disagree (6)"
        assert not any(line.startswith("Baseten") for line in lines)
