"""The domain's shared helpers: plurals, segment titles, the placement view, the collector."""

from __future__ import annotations

import gc
import threading
from pathlib import Path

import pytest

from mlseg_tui.domain import collector
from mlseg_tui.domain.edits import EditSession
from mlseg_tui.domain.model import Catalog, Segment, SourceRef, Tool
from mlseg_tui.domain.placement import Placement
from mlseg_tui.domain.text import plural

SEGMENTS = [
    Segment("hand-holding", "Hand-holding", "d"),
    Segment("narrow", "Narrow", "d"),
    Segment("middle", "Middle of the road", "d"),
    Segment("other", "Other", "d"),
]


def make_catalog(placed: list[tuple[str, str]]) -> Catalog:
    tools = [
        Tool(name, segment, "why", SourceRef(Path(f"{name}.toml"), 0)) for name, segment in placed
    ]
    return Catalog(Path("."), list(SEGMENTS), tools)


@pytest.mark.parametrize(
    ("count", "noun", "expected"),
    [
        (0, "error", "0 errors"),
        (1, "error", "1 error"),
        (2, "warning", "2 warnings"),
        (1, "match", "1 match"),
        (3, "match", "3 matches"),
        (2, "box", "2 boxes"),
        (12, "move", "12 moves"),
    ],
)
def test_plural_says_the_count_with_the_right_noun(count: int, noun: str, expected: str) -> None:
    assert plural(count, noun) == expected


def test_plural_takes_an_irregular_form() -> None:
    assert plural(2, "child", "children") == "2 children"
    assert plural(1, "child", "children") == "1 child"


def test_segment_title_falls_back_to_the_id() -> None:
    catalog = make_catalog([])
    assert catalog.segment_title("middle") == "Middle of the road"
    assert catalog.segment_title("unheard-of") == "unheard-of"


def test_placement_groups_tools_in_catalog_order() -> None:
    catalog = make_catalog([("A", "narrow"), ("B", "other"), ("C", "narrow")])
    placement = Placement(catalog)
    assert placement.rows() == {"hand-holding": [], "narrow": [0, 2], "middle": [], "other": [1]}
    assert placement.total("narrow") == 2
    assert placement.position(1) == 3


def test_a_move_undo_and_redo_keep_the_placement_in_step_with_the_tools() -> None:
    catalog = make_catalog([("A", "narrow"), ("B", "narrow"), ("C", "other")])
    session = EditSession(catalog)
    placement = session.placement
    narrow_before = placement.rows()["narrow"]
    version = placement.version
    session.move(catalog.tools[1], "middle")
    assert placement.version > version
    assert placement.rows()["narrow"] == [0]
    assert placement.rows()["middle"] == [1]
    assert placement.segment_of == ["narrow", "middle", "other"]
    assert narrow_before == [0, 1], "lists handed out earlier are never changed in place"
    session.undo()
    assert placement.rows()["narrow"] == [0, 1]
    assert placement.rows()["middle"] == []
    session.redo()
    assert placement.segment_of[1] == "middle"
    fresh = Placement(catalog)
    assert fresh.rows() == placement.rows(), "the kept view equals one derived afresh"


def test_placement_refresh_follows_a_changed_tool_list() -> None:
    catalog = make_catalog([("A", "narrow")])
    placement = Placement(catalog)
    catalog.tools.append(Tool("B", "other", "why", SourceRef(Path("b.toml"), 0)))
    placement.refresh()
    assert placement.rows()["other"] == [1]
    assert placement.segment_of == ["narrow", "other"]


def test_an_unknown_segment_id_is_grouped_after_the_defined_ones() -> None:
    catalog = make_catalog([("A", "elsewhere"), ("B", "narrow")])
    placement = Placement(catalog)
    assert list(placement.rows()) == ["hand-holding", "narrow", "middle", "other", "elsewhere"]
    assert placement.position(0) == 0


def test_collector_pause_nests_across_threads_and_restores_the_collector() -> None:
    assert gc.isenabled()
    started = threading.Event()
    release = threading.Event()

    def worker() -> None:
        with collector.paused(promote=False):
            started.set()
            release.wait(5)

    thread = threading.Thread(target=worker)
    with collector.paused(promote=False):
        thread.start()
        assert started.wait(5)
        assert not gc.isenabled()
    # The first pause ended while the worker's is still on: the collector stays off.
    assert not gc.isenabled()
    release.set()
    thread.join(5)
    assert gc.isenabled()


def test_collector_pause_leaves_a_disabled_collector_disabled() -> None:
    gc.disable()
    try:
        with collector.paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_freezing_survivors_is_undone_by_release() -> None:
    assert gc.get_freeze_count() == 0
    try:
        assert collector.freeze_survivors()
        assert gc.get_freeze_count() > 0
        with collector.paused(promote=True):
            pass
        assert gc.get_freeze_count() > 0, "a pause never unfreezes what was frozen"
    finally:
        collector.release_survivors()
    assert gc.get_freeze_count() == 0


def test_survivors_are_not_frozen_over_the_process_own_freeze() -> None:
    gc.freeze()
    try:
        assert not collector.freeze_survivors()
        collector.release_survivors()
        assert gc.get_freeze_count() > 0, "the process's own frozen objects stay frozen"
    finally:
        gc.unfreeze()
