"""Issue 12 point 8: at 40x12 the title bar (with the unsaved count) shows, the key bar
holds whole keys, every dialog fits with its text and buttons uncut, and `z` zooms the
detail to the whole screen."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.geometry import Region
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button

from mlseg_tui.ui.app import CatalogApp
from mlseg_tui.ui.screens.boxed_modal import BoxedModal
from mlseg_tui.ui.screens.changed_screen import ChangedOnDiskScreen
from mlseg_tui.ui.screens.conflict_screen import ConflictScreen
from mlseg_tui.ui.screens.deleted_screen import DeletedScreen
from mlseg_tui.ui.screens.discard_screen import DiscardScreen
from mlseg_tui.ui.screens.reason_prompt import ReasonPrompt
from mlseg_tui.ui.screens.recovery_screen import RecoveryScreen
from tests.conftest import make_app, settle
from tests.screen import screen_lines, screen_text

SMALL = (40, 12)


def inside(region: Region, screen: Region) -> bool:
    return screen.contains_region(region)


def assert_fits(app: CatalogApp) -> None:
    """The dialog's box, each of its buttons and lines lie inside the screen, the buttons'
    labels and the box's title and sub-title are shown whole."""
    screen = app.screen
    assert isinstance(screen, BoxedModal), screen
    whole = screen.region
    box = screen.query_one(".modal-box")
    assert inside(box.region, whole), (box.region, whole)
    text = screen_text(app)
    for part in (box.border_title, box.border_subtitle):
        if part:
            assert str(part) in text, f"{part!r} cut on:\n{text}"
    for button in screen.query(Button):
        if not button.display:
            continue
        assert inside(button.region, whole), (button, button.region)
        assert str(button.label) in text, f"{button.label!r} cut on:\n{text}"
    for widget in screen.query("Static, Label, OptionList, Input"):
        if not widget.display or not widget.region.area:
            continue
        # Text in a scrolling part may run below it (it scrolls): the part must fit.
        parent = widget.parent
        shown = parent if isinstance(parent, Widget) and parent.is_scrollable else widget
        assert inside(shown.region, whole), (shown, shown.region)
        # Text wraps inside its widget, never runs past the box's right edge.
        assert widget.region.right <= box.region.right


def pushing(screen: Callable[[], Screen[object]]) -> Callable[[Pilot[object]], Awaitable[None]]:
    async def run(pilot: Pilot[object]) -> None:
        pilot.app.push_screen(screen())

    return run


def by_keys(*keys: str) -> Callable[[Pilot[object]], Awaitable[None]]:
    async def run(pilot: Pilot[object]) -> None:
        await pilot.press(*keys)

    return run


DIALOGS = {
    "move picker": by_keys("m"),
    "quit": by_keys("L", "q"),
    "remove": by_keys("d"),
    "help": by_keys("question_mark"),
    "problems": by_keys("exclamation_mark"),
    "review": by_keys("r"),
    "reason": pushing(lambda: ReasonPrompt("Amazon SageMaker", "Hand-holding", "Narrow")),
    "conflict": pushing(lambda: ConflictScreen(Path("tools/x.toml"), "tools/kubeflow.toml")),
    "deleted": pushing(lambda: DeletedScreen("tools/kubeflow-pipelines.toml")),
    "changed": pushing(lambda: ChangedOnDiskScreen("tools/kubeflow.toml", 3)),
    "changed, deleted": pushing(lambda: ChangedOnDiskScreen("tools/kf.toml", 1, deleted=True)),
    "recovery": pushing(
        lambda: RecoveryScreen("2026-01-02 03:04:05", 2, ["Amazon SageMaker", "Kubeflow"])
    ),
    "discard": pushing(DiscardScreen),
}


@pytest.mark.parametrize("name", list(DIALOGS))
async def test_each_dialog_fits_at_40x12(catalog_dir: Path, name: str) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await DIALOGS[name](pilot)
        await settle(pilot)
        await pilot.pause()
        assert_fits(app)


@pytest.mark.parametrize("key", ["a", "e"])
async def test_the_add_and_edit_forms_fit_and_scroll_to_their_buttons(
    catalog_dir: Path, key: str
) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press(key)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, BoxedModal)
        box = screen.query_one(".modal-box")
        assert inside(box.region, screen.region)
        for button_id in ("#form-ok", "#form-cancel"):
            button = screen.query_one(button_id, Button)
            button.focus()
            for _ in range(50):  # the box scrolls to it: a bounded wait
                await pilot.pause(0.02)
                if inside(button.region, box.region) and str(button.label) in screen_text(app):
                    break
            assert inside(button.region, box.region), (button_id, button.region, box.region)
            assert str(button.label) in screen_text(app)


async def test_title_bar_with_the_unsaved_count_and_whole_keys_at_40x12(
    catalog_dir: Path,
) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("L", "L", "H")
        await settle(pilot)
        lines = screen_lines(app)
        assert "● 1 unsaved" in lines[0]
        keys = lines[-1]
        assert "…" not in keys
        assert "? Help" in keys
        # Every key shown is whole: each description the bar holds is one of a binding.
        shown = [part.strip() for part in keys.split("  ") if part.strip()]
        descriptions = {
            f"{app.get_key_display(binding)} {binding.description}"
            for _, binding, _, _ in app.screen.active_bindings.values()
        }
        assert shown and all(part in descriptions for part in shown), (shown, descriptions)


async def test_z_zooms_the_detail_and_z_or_escape_restores(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        detail = app.view.query_one("#detail", Widget)
        # A burst: zoom, scroll down twice, up once, restore, zoom again.
        await pilot.press("z", "j", "j", "k", "z", "z")
        await pilot.pause()
        assert app.view.maximized is detail
        assert detail.region.height >= SMALL[1] - 2  # all but the title and key bars
        lines = screen_lines(app)
        assert "mlseg-tui" in lines[0] or "catalog" in lines[0]  # the title bar stays
        assert detail.scroll_y == 1
        await pilot.press("escape")
        await pilot.pause()
        assert app.view.maximized is None
        await pilot.press("z", "z")
        await pilot.pause()
        assert app.view.maximized is None
        assert app.focused is app.view.current_list()  # back where the keys were


async def test_z_is_listed_in_help_and_the_palette(catalog_dir: Path) -> None:
    from mlseg_tui.ui.commands import PALETTE_ACTIONS

    assert any(action == "zoom_detail" for _, _, action in PALETTE_ACTIONS)
    app = make_app(catalog_dir)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        help_text = " ".join(
            str(getattr(w.render(), "plain", "")) for w in app.screen.query("Static")
        )
        assert "Zoom the detail" in help_text


def test_main_screen_at_40x12(snap_compare, catalog_dir: Path) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(catalog_dir), press=["L"], terminal_size=SMALL)


def test_move_picker_at_40x12(snap_compare, catalog_dir: Path) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(catalog_dir), press=["m"], terminal_size=SMALL)


async def test_the_key_bar_says_escape_restores_a_zoomed_detail(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("z", "j", "k")
        await pilot.pause()
        bar = screen_lines(app)[-1]
        assert "esc Restore the view" in bar and "Back to the list" not in bar, bar
        await pilot.press("escape")
        await pilot.pause()
        bar = screen_lines(app)[-1]
        assert "esc Back to the list" in bar, bar  # the detail keeps the focus


@pytest.mark.parametrize("key", ["a", "e"])
async def test_no_field_of_the_form_is_wider_than_a_narrow_screen(
    catalog_dir: Path, key: str
) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press(key)
        await pilot.pause()
        box = app.screen.query_one("#form-box", Widget)
        for field in box.query("Input, Select, SelectionList, Checkbox, TextArea, Label"):
            field.scroll_visible(animate=False, immediate=True)
            await pilot.pause()
            assert field.region.right <= box.region.right - 1, field
