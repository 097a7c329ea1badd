"""Key bindings: every one has an id, shows in the help screen and follows the keymap."""

from __future__ import annotations

import inspect
from pathlib import Path

from textual.binding import Binding
from textual.widgets import Static

from mlseg_tui.ui.app import CatalogApp
from mlseg_tui.ui.commands import PALETTE_ACTIONS
from mlseg_tui.ui.screens.help_screen import HelpScreen
from mlseg_tui.ui.widgets.key_bar import KeyBar
from mlseg_tui.ui.widgets.title_bar import TitleBar
from tests.conftest import make_app, settle
from tests.screen import screen_lines


def all_bindings(app: CatalogApp) -> list[Binding]:
    found = []
    for _, bindings in app.help_sections():
        found += [b for b in bindings if isinstance(b, Binding)]
    return found


async def test_every_binding_has_a_unique_id(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    bindings = all_bindings(app)
    ids = [binding.id for binding in bindings]
    assert all(ids), [b.key for b in bindings if not b.id]
    assert len(ids) == len(set(ids))


async def test_help_lists_every_binding(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 60)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = app.screen.query_one("#help-body", Static).content.plain  # type: ignore[union-attr]
        for binding in all_bindings(app):
            assert binding.description in text, binding.id
        assert "Previous pane" in text and "Jump to match" in text and "Commands" in text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_keymap_remaps_a_binding_and_the_help_shows_it(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 60)) as pilot:
        app.set_keymap({"pane.down": "n", "app.help": "f1"})
        await pilot.pause()
        await pilot.press("n")
        assert app.panes[0].cursor == 1
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = app.screen.query_one("#help-body", Static).content.plain  # type: ignore[union-attr]
        line = next(line for line in text.splitlines() if "Down" in line and "Page" not in line)
        assert line.split()[0] == "n"


async def test_palette_offers_every_action_and_themes(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        titles = {command.title for command in app.get_system_commands(app.screen)}
        assert {title for title, _, _ in PALETTE_ACTIONS} <= titles
        assert {"Theme picker", "Theme: dracula", "Theme: nord"} <= titles
        before = app.panes[0].get_visual_style("tool-list--cursor").rich_style
        app.theme = "textual-light"
        await pilot.pause()
        after = app.panes[0].get_visual_style("tool-list--cursor").rich_style
        assert before != after  # the list's colours come from the theme


async def test_palette_action_runs(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        command = next(c for c in app.get_system_commands(app.screen) if c.title == "Next pane")
        result = command.callback()
        if inspect.isawaitable(result):
            await result
        await pilot.pause()
        assert app.active == 1


async def test_key_bar_follows_the_focus_and_runs_a_clicked_key(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        bar = app.query_one(KeyBar)
        text = bar.content.plain  # type: ignore[union-attr]
        assert "m Move" in text and "/ Search" in text and "^p Commands" in text
        await pilot.click(bar, offset=(text.index("Search"), 0))
        await pilot.pause()
        assert app.screen.has_class("-searching")
        text = bar.content.plain  # type: ignore[union-attr]
        assert "Jump to match" in text and "m Move" not in text
        assert "/ Search" not in text  # in the search box "/" is typed, not a key


async def test_title_bar_names_the_catalog_and_counts_unsaved_moves(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        title = app.query_one(TitleBar)
        assert title.text == "≡ mlseg-tui — catalog: catalog"
        await pilot.press("shift+right", "l", "shift+right")
        await pilot.pause()
        assert title.text.endswith("catalog: catalog  ● 2 unsaved")


async def test_the_key_bar_lists_an_open_dialogs_keys_not_the_ones_under_it(
    catalog_dir: Path,
) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)

        def bar() -> str:
            return screen_lines(app)[-1]

        await pilot.press("L", "q")  # a move, then quit: the unsaved-changes question
        await pilot.pause()
        assert "Save, then quit" in bar() and "m Move" not in bar(), bar()
        await pilot.press("c", "m")  # cancel it, open the move picker
        await pilot.pause()
        assert "esc Cancel the move" in bar() and "e Edit" not in bar(), bar()
        await pilot.press("escape", "question_mark", "escape")  # a burst through help
        await pilot.pause()
        assert "m Move" in bar() and "Cancel" not in bar(), bar()
