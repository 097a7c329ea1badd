"""The essay view: a key hides every tool added after the 2020 essay, and the title says
which view is shown."""

from __future__ import annotations

from pathlib import Path

from mlseg_tui.ui.app import CatalogApp
from tests.conftest import make_app, settle

ADDED = '[[tools]]\nname = "Newcomer"\nsegment = "narrow"\nreasoning = "Came later."\n'


def _visible(app: CatalogApp) -> set[str]:
    return {app.tools[index].name for pane in app.panes for index in pane.rows}


async def test_essay_view_hides_tools_added_later(catalog_dir: Path) -> None:
    (catalog_dir / "tools" / "newcomer.toml").write_text(ADDED, encoding="utf-8")
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "Newcomer" in _visible(app)
        assert app.sub_title == "catalog: catalog"
        narrow = app.panes[2].border_title or ""
        assert "17" in str(narrow)

        await pilot.press("E")
        await settle(pilot)
        assert "Newcomer" not in _visible(app)
        assert len(_visible(app)) == 38
        view = "◆ essay view: the 2020 list's tools, placed as today"
        assert app.sub_title == f"catalog: catalog  {view}"
        assert "16" in str(app.panes[2].border_title)

        await pilot.press("E")
        await settle(pilot)
        assert "Newcomer" in _visible(app)
        assert app.sub_title == "catalog: catalog"


async def test_search_in_the_essay_view_finds_no_later_tool(catalog_dir: Path) -> None:
    (catalog_dir / "tools" / "newcomer.toml").write_text(ADDED, encoding="utf-8")
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("E", "slash", *"newcomer")
        await settle(pilot)
        assert "Newcomer" not in _visible(app)
