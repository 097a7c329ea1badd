"""Keys that reach the app in one burst, as a terminal delivers a fast typist's keys or a
paste of key names: each must take effect, in order, whatever it is bound to.

Pilot's `press` waits for the app to go idle after every key, which hides races between
keys; here all keys of a burst are posted at once, as Textual's driver posts the keys of
one read from the terminal, and only then does the test wait.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.pilot import Pilot

from mlseg_tui.search.index import SearchIndex
from mlseg_tui.ui.app import CatalogApp
from mlseg_tui.ui.controllers import search as search_module
from mlseg_tui.ui.widgets.search_bar import SearchInput
from tests.conftest import make_app, settle

# Textual's names for the keys, and the character each sends.
_CHARACTERS = {"backspace": "\x7f", "enter": "\r", "escape": "\x1b", "tab": "\t"}


def key_event(key: str) -> events.Key:
    if len(key) == 1:
        return events.Key(key, key)
    return events.Key(key, _CHARACTERS.get(key))


async def burst(pilot: Pilot[object], *keys: str) -> None:
    """Post every key before the app handles any, then wait for the app to settle."""
    for key in keys:
        pilot.app.post_message(key_event(key))
    await settle(pilot)


def pane_rows(app: CatalogApp) -> dict[str, list[int]]:
    return {pane.segment_id: list(pane.rows) for pane in app.panes}


def expected_rows(app: CatalogApp, query: str) -> dict[str, list[int]]:
    result = SearchIndex(app.tools).search(query)
    grouped = result.by_segment(app.session.placement)
    return {
        pane.segment_id: [m.tool_index for m in grouped.get(pane.segment_id, [])]
        for pane in app.panes
    }


@pytest.mark.parametrize("inline", [True, False], ids=["inline", "thread"])
@pytest.mark.parametrize(
    ("typed", "keys", "final"),
    [
        ("k8s", ["backspace"] * 3 + [*"flow"], "flow"),
        ("k8s", ["backspace", "backspace", "u", "b", "backspace", "b", "e"], "kube"),
        ("", [*"sagm", "backspace", *"makr"], "sagmakr"),
        ("mlflow", ["left", "left", "backspace", "x", "end", "!"], "mlfxow!"),
    ],
)
async def test_search_field_takes_every_key_of_a_burst_in_order(
    catalog_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    inline: bool,
    typed: str,
    keys: list[str],
    final: str,
) -> None:
    if not inline:  # every query goes to a search thread, as in a big catalog
        monkeypatch.setattr(search_module, "INLINE_SEARCH_TOOLS", 0)
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *typed)
        await settle(pilot)
        await burst(pilot, *keys)
        field = app.query_one(SearchInput)
        assert field.value == final
        assert app.search_text == final
        assert pane_rows(app) == expected_rows(app, final)


async def test_search_opened_in_the_same_burst_takes_the_keys_after_slash(
    catalog_dir: Path,
) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await burst(pilot, "slash", "k", "8", "x", "backspace", "s")
        assert app.query_one(SearchInput).value == "k8s"
        assert pane_rows(app) == expected_rows(app, "k8s")


async def test_reason_prompt_takes_a_burst_with_backspaces_and_enter(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        kafka = app.catalog.find("Apache Kafka")
        assert kafka is not None
        app.jump_to_tool(app.tools.index(kafka))
        await pilot.pause()
        await pilot.press("m", "1")
        await pilot.pause()
        typed = [*"Streams", "backspace", "backspace", *"am", "left", "left", "backspace"]
        await burst(pilot, *typed, "E", "end", "s", "enter")
        assert kafka.segment == "hand-holding"
        assert kafka.reasoning == "StreEams"
        assert kafka.history[-1].reason == "StreEams"


async def test_panes_take_a_burst_of_cursor_and_pane_keys_in_order(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        first = app.panes[0]
        await burst(pilot, "j", "j", "j", "k", "l", "j", "h", "down")
        assert app.active == 0
        assert first.cursor == 3
        assert app.panes[1].cursor == 1


@pytest.mark.parametrize("inline", [True, False], ids=["inline", "thread"])
async def test_steps_and_enter_in_a_burst_act_after_the_letters_before_them(
    catalog_dir: Path, monkeypatch: pytest.MonkeyPatch, inline: bool
) -> None:
    """Right after start (the index not built yet) or on a search thread, the steps and
    enter come before the answer to "flow": they are done once it is shown."""
    if not inline:
        monkeypatch.setattr(search_module, "INLINE_SEARCH_TOOLS", 0)
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await burst(pilot, "slash", *"flox", "backspace", "w", "down", "down", "enter")
        result = SearchIndex(app.tools).search("flow")
        assert not app.search.searching
        index = app.panes[app.active].current_tool
        assert index == result.tool_at(2)
