"""The scale view (`s`): every tool on one list along the hand-holding axis, heaviest
first; search, details, moves and undo work there; the panes come back on `s`."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlseg_tui.domain.scale import scale_order
from mlseg_tui.ui.app import CatalogApp
from mlseg_tui.ui.widgets.scale_list import ScaleList
from tests.conftest import make_app, settle
from tests.screen import screen_lines


def scale_names(app: CatalogApp) -> list[str]:
    return [app.tools[index].name for index in app.view.scale.list.rows]


def highlighted(app: CatalogApp) -> str | None:
    tool = app.view.current_tool()
    return None if tool is None else tool.name


async def test_s_shows_every_tool_by_score_and_back(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("l", "j")  # Narrow, its second tool
        before = highlighted(app)
        await pilot.press("s")
        await pilot.pause()
        scale = app.view.scale.list
        assert app.screen.has_class("-scale") and app.focused is scale
        assert app.view.query_one("#panes").display is False
        assert scale_names(app) == [app.tools[i].name for i in scale_order(app.catalog)]
        metric = app.catalog.metric
        scores = [metric.score(app.tools[i].criteria) for i in scale.rows]
        assert scores == sorted(scores, reverse=True)
        assert highlighted(app) == before  # the same tool, now on the scale
        # The cursor moves along the scale and the detail follows it.
        await pilot.press("home", "j", "j", "k")
        await settle(pilot)
        assert highlighted(app) == scale_names(app)[1]
        assert scale_names(app)[1] in str(app.view.query_one("#detail-body").render())
        chosen = highlighted(app)
        await pilot.press("s")
        await pilot.pause()
        assert not app.screen.has_class("-scale")
        assert app.focused is app.view.panes[app.active]
        assert highlighted(app) == chosen  # shown in its own pane


async def test_a_row_marks_where_the_score_falls_and_a_disagreement(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await pilot.pause()
        scale = app.view.scale.list
        rows = {app.tools[index].name: row for row, index in enumerate(scale.rows)}
        sagemaker = scale.row_text(rows["Amazon SageMaker"])
        snowflake = scale.row_text(rows["Snowflake"])
        tecton = scale.row_text(rows["Tecton"])
        assert sagemaker.split()[-2:] == ["Amazon", "SageMaker"]
        # Heavier sits further left: SageMaker's mark (H) before Snowflake's (N).
        assert sagemaker.index("H") < snowflake.index("N")
        assert snowflake.endswith("Snowflake !M")  # the criteria suggest Middle of the road
        assert tecton.endswith("Tecton? !M")  # tentative, and a disagreement


async def test_search_filters_the_scale_in_scale_order(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("s", "slash")
        # A fast burst, backspaces included: the query ends as "flow".
        await pilot.press(*"flx", "backspace", "backspace", *"low")
        await settle(pilot)
        names = scale_names(app)
        order = [app.tools[i].name for i in scale_order(app.catalog)]
        assert names == [name for name in order if name in names]
        assert {"MLflow", "Metaflow", "Apache Airflow", "Kubeflow Pipelines"} <= set(names)
        assert len(names) < len(order)
        await pilot.press("escape")
        await settle(pilot)
        assert scale_names(app) == order
        assert app.focused is app.view.scale.list


async def test_moves_and_undo_work_on_the_scale(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await pilot.pause()
        scale = app.view.scale.list
        assert isinstance(scale, ScaleList)
        row = [app.tools[i].name for i in scale.rows].index("Snowflake")
        scale.move_cursor_to(row)
        await pilot.pause()
        await pilot.press("H")  # Narrow -> Middle of the road: the disagreement settles
        await pilot.pause()
        tool = app.catalog.find("Snowflake")
        assert tool is not None and tool.segment == "middle"
        assert highlighted(app) == "Snowflake" and app.focused is scale
        assert scale.row_text(scale.cursor).endswith("Snowflake")  # no !M any more
        assert "M" in scale.row_text(scale.cursor).split()[0]
        assert app.session.pending_count == 1
        await pilot.press("u")
        await pilot.pause()
        assert tool.segment == "narrow" and scale.row_text(scale.cursor).endswith("!M")


async def test_enter_in_a_search_on_the_scale_jumps_to_the_highlighted_tool(
    catalog_dir: Path,
) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("s", "slash", *"flow", "tab")  # from the field to the scale
        await settle(pilot)
        scale = app.view.scale.list
        assert app.focused is scale
        await pilot.press("j")
        await pilot.pause()
        chosen = highlighted(app)
        await pilot.press("enter")
        await settle(pilot)
        assert not app.screen.has_class("-searching")
        assert highlighted(app) == chosen and app.focused is scale
        assert len(scale.rows) == len(app.tools)


@pytest.mark.parametrize("width", [40, 80, 160])
async def test_the_scale_legend_never_cuts_a_segment_name(catalog_dir: Path, width: int) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(width, 24)) as pilot:
        await pilot.press("s")
        await settle(pilot)
        bottom = next(line for line in screen_lines(app) if line.startswith("┗"))
        assert "…" not in bottom, bottom
        assert "H=Hand" in bottom and "N=Narrow" in bottom, bottom
        if width >= 160:
            assert "M=Middle of the road" in bottom and "criteria suggest" in bottom
