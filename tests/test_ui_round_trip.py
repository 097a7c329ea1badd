"""Review findings 4 and 12: a move's reason goes with the move (a round trip with a
reason leaves nothing unsaved; a reasoning typed in the form stays), and the detail's
"Last move:" line names real moves only, the history saying what each entry was."""

from __future__ import annotations

from pathlib import Path

import tomli
from textual.widgets import TextArea

from mlseg_tui.ui.app import CatalogApp
from tests.conftest import make_app, settle
from tests.screen import wait_for
from tests.test_ui_edits import highlight, record_notifications
from tests.test_ui_tool_edits import detail, files_of, open_form


async def move_with_reason(pilot: object, app: CatalogApp, name: str, reason: str) -> None:
    await highlight(app, pilot, name)
    await pilot.press("m")  # type: ignore[attr-defined]
    await wait_for(pilot, f"Move {name} to")  # type: ignore[arg-type]
    await pilot.press("2")  # type: ignore[attr-defined]  # the picker's 2: Middle of the road
    await wait_for(pilot, "Why? It becomes the tool's reasoning")  # type: ignore[arg-type]
    # A burst with a slip corrected.
    await pilot.press(*reason[:5], "z", "z", "backspace", "backspace", *reason[5:], "enter")  # type: ignore[attr-defined]
    await settle(pilot)  # type: ignore[arg-type]


async def test_a_move_away_with_a_reason_and_back_leaves_nothing_unsaved(
    catalog_dir: Path,
) -> None:
    # The reviewer's repro: Grafana m 2 "dashboards now cover ML", then L back to Narrow:
    # "● 1 unsaved", "Narrow → Narrow", the reason left as the reasoning.
    before = files_of(catalog_dir)
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        notes = record_notifications(app)
        grafana = app.catalog.find("Grafana")
        assert grafana is not None
        reasoning = grafana.reasoning
        await move_with_reason(pilot, app, "Grafana", "dashboards now cover ML")
        assert grafana.segment == "middle" and grafana.reasoning == "dashboards now cover ML"
        assert "1 unsaved" in app.sub_title
        await pilot.press("L")  # back to Narrow
        await settle(pilot)
        assert grafana.segment == "narrow" and grafana.reasoning == reasoning
        assert "unsaved" not in app.sub_title and app.session.pending_count == 0
        shown = detail(app)
        assert "dashboards now cover ML" not in shown and "Last move:" not in shown
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert ("Nothing to save.", "information") in notes
        # Undo goes back through the move away: the reason's reasoning with it.
        await pilot.press("u")
        await settle(pilot)
        assert grafana.segment == "middle" and grafana.reasoning == "dashboards now cover ML"
    assert files_of(catalog_dir) == before


async def test_a_round_trip_keeps_a_reasoning_typed_in_the_edit_form(catalog_dir: Path) -> None:
    path = catalog_dir / "tools" / "grafana.toml"
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await move_with_reason(pilot, app, "Grafana", "dashboards now cover ML")
        form = await open_form(pilot, "e")
        form.query_one("#field-reasoning", TextArea).text = "Typed in the form."
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("L")
        await settle(pilot)
        grafana = app.catalog.find("Grafana")
        assert grafana is not None and grafana.segment == "narrow"
        assert grafana.reasoning == "Typed in the form." and "1 unsaved" in app.sub_title
        await pilot.press("ctrl+s")
        await settle(pilot)
    table = tomli.loads(path.read_text(encoding="utf-8"))["tools"][0]
    assert table["segment"] == "narrow" and table["reasoning"] == "Typed in the form."


async def test_a_to_b_with_a_reason_to_c_keeps_the_reason(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await move_with_reason(pilot, app, "Grafana", "dashboards now cover ML")
        await pilot.press("H")  # on to the next heavier segment, not home
        await settle(pilot)
        grafana = app.catalog.find("Grafana")
        assert grafana is not None and grafana.segment not in ("narrow", "middle")
        assert grafana.reasoning == "dashboards now cover ML"
        entry = grafana.history[-1]
        assert (entry.from_segment, entry.to_segment) == ("narrow", grafana.segment)
        assert entry.reason == "dashboards now cover ML"
        assert "Last move: " in detail(app) and "Narrow → " in detail(app)


async def test_the_detail_calls_an_edit_an_edit_not_a_move(catalog_dir: Path) -> None:
    # Review finding 12: after a rename or a new reasoning (saved), "Last move: ...
    # Narrow → Narrow" showed although nothing moved.
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await highlight(app, pilot, "Grafana")
        form = await open_form(pilot, "e")
        form.query_one("#field-reasoning", TextArea).text = "Reworded."
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        shown = detail(app)
        assert "Narrow → Narrow" not in shown and "Last move:" not in shown
        assert "Reasoning changed (stayed in Narrow)" in shown
        # A real move afterwards is the last move; the edit stays in the history below.
        await pilot.press("L")
        await settle(pilot)
        shown = detail(app)
        grafana = app.catalog.find("Grafana")
        assert grafana is not None
        title = app.catalog.segment_title(grafana.segment)
        assert "Last move: " in shown and f"Narrow → {title}" in shown
        assert "Reasoning changed (stayed in Narrow)" in shown
