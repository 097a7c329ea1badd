"""Facets and full text in the browser's search field: a facet filters the panes, a bad
term is said in the search bar (and in full in the detail), a text match says where it
was found, and the detail marks the words."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Label

from mlseg_tui.ui.app import CatalogApp
from tests.conftest import make_app, settle


def pane_names(app: CatalogApp) -> list[list[str]]:
    return [[app.tools[i].name for i in pane.rows] for pane in app.view.panes]


def problem(app: CatalogApp) -> str:
    label = app.view.query_one("#search-problem", Label)
    return str(label.render()) if label.has_class("-shown") else ""


async def test_a_facet_filters_the_panes_and_a_burst_lands_on_the_final_query(
    catalog_dir: Path,
) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"seg:mid", "backspace", "backspace", "backspace")
        await pilot.press(*"nar", "space", *"lic:apachx", "backspace", "e")
        await settle(pilot)
        assert app.search.text == "seg:nar lic:apache"
        names = pane_names(app)
        narrow = app.catalog.segment_ids().index("narrow")
        assert all(not rows for i, rows in enumerate(names) if i != narrow)
        expected = sorted(
            t.name for t in app.tools if t.segment == "narrow" and t.license.startswith("Apache")
        )
        assert sorted(names[narrow]) == expected and expected
        assert problem(app) == ""


async def test_a_bad_term_is_said_in_the_bar_and_in_full_in_the_detail(
    catalog_dir: Path,
) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"seg:sideways")
        await settle(pilot)
        assert problem(app).startswith("seg:sideways: no segment starts with 'sideways'")
        assert all(not pane.rows for pane in app.view.panes)
        detail = str(app.view.query_one("#detail-body").render())
        assert "hand-holding, middle, narrow, other" in detail
        # Erased: the bar says nothing more.
        await pilot.press(*["backspace"] * 8)
        await settle(pilot)
        assert app.search.text == "seg:" and problem(app).startswith("seg: needs a segment")
        await pilot.press(*["backspace"] * 4)
        await settle(pilot)
        assert problem(app) == ""


async def test_a_name_that_is_no_facet_is_searched_as_words_and_said(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"kube:flow")
        await settle(pilot)
        assert problem(app) == "kube: is not a facet (searched as words)"


async def test_a_text_match_says_where_and_the_detail_marks_the_word(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"monitoring")
        await settle(pilot)
        rows = {
            app.tools[index].name: pane.row_text(row)
            for pane in app.view.panes
            for row, index in enumerate(pane.rows)
        }
        assert rows["Grafana"] == "Grafana  (in tags)"
        assert rows["Datadog"] == "Datadog  (in tags)"
        # The detail of a text match marks the word where it is found.
        pane = app.view.panes[app.catalog.segment_ids().index("narrow")]
        pane.select_tool(next(i for i in pane.rows if app.tools[i].name == "Grafana"))
        await pilot.press("tab")
        await settle(pilot)
        body = app.view.query_one("#detail-body").render()
        marked = {
            str(body)[span.start : span.end]
            for span in body.spans
            if "underline" in str(span.style)
        }
        assert "monitoring" in marked
