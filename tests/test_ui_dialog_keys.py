"""Every dialog's answers show on the key bar, the safe one first (review finding 10: the
"changed on disk" dialog listed esc and Reload, never `k Keep my changes`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import make_app, settle
from tests.screen import screen_lines
from tests.test_ui_small_screen import DIALOGS

# Each dialog's answer keys as the key bar should list them: the safe answer (which
# escape also gives) first.
ANSWERS = {
    "quit": ["c Stay (esc)", "s ", "d "],
    "remove": ["n Keep it (esc)", "y "],
    "conflict": ["c Keep pending (esc)", "r ", "o "],
    "deleted": ["k Keep pending (esc)", "w ", "d "],
    "changed": ["k Keep my changes (esc)", "r "],
    "changed, deleted": ["k Keep my changes (esc)", "r "],
    "recovery": ["l Later, kept (esc)", "a ", "d "],
    "discard": ["k Keep editing (esc)", "d "],
}


@pytest.mark.parametrize("name", list(ANSWERS))
async def test_every_answer_shows_on_the_key_bar_safest_first(catalog_dir: Path, name: str) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await DIALOGS[name](pilot)
        await settle(pilot)
        await pilot.pause()
        bar = screen_lines(app)[-1]
        places = [bar.find(f" {answer}") for answer in ANSWERS[name]]
        assert all(place >= 0 for place in places), (bar, ANSWERS[name])
        assert places == sorted(places), bar


async def test_the_safe_key_keeps_the_changes(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("L", "q", "k", "c")  # quit asks; k is no answer there; c stays
        await settle(pilot)
        assert app.session.pending_count == 1
        assert app.screen is app.screen_stack[0] and app.is_running
