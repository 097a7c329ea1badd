"""EditSession's moves: undo/redo back to the loaded state, save points and forget(); a
tool's pending moves collapse into one change (issue 12, point 3)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mlseg_tui.domain.edits import EditSession, Move
from mlseg_tui.domain.model import SEGMENT_IDS, Catalog, HistoryEntry, Segment, SourceRef, Tool

DAY = dt.date(2026, 3, 14)
OLD_ENTRY = HistoryEntry(dt.date(2025, 1, 2), "other", "narrow", "First placed.", "Unsure.")


def make_catalog() -> Catalog:
    segments = [Segment(sid, sid.title(), f"Why {sid}.") for sid in SEGMENT_IDS]
    tools = [
        Tool("Airflow", "narrow", "Does one thing.", SourceRef(Path("a.toml"), 0)),
        Tool("SageMaker", "hand-holding", "Does it all.", SourceRef(Path("b.toml"), 0)),
        Tool("Kubeflow", "middle", "Stitches.", SourceRef(Path("b.toml"), 1), history=(OLD_ENTRY,)),
    ]
    return Catalog(Path("."), segments, tools)


def snapshot(catalog: Catalog) -> list[tuple[str, str, tuple[HistoryEntry, ...]]]:
    return [(t.segment, t.reasoning, t.history) for t in catalog.tools]


def test_move_applies_segment_history_and_reason() -> None:
    catalog = make_catalog()
    session = EditSession(catalog)
    kubeflow = catalog.tools[2]

    move = session.move(kubeflow, "hand-holding", "Now a managed platform.", today=DAY)

    assert isinstance(move, Move) and move.kind == "move"
    assert (move.tool, move.from_segment, move.to_segment) == (kubeflow, "middle", "hand-holding")
    assert move.before is not None and move.before.values.reasoning == "Stitches."
    assert kubeflow.segment == "hand-holding"
    assert kubeflow.reasoning == "Now a managed platform."
    entry = HistoryEntry(DAY, "middle", "hand-holding", "Now a managed platform.", "Stitches.")
    assert move.entry == entry
    assert kubeflow.history == (OLD_ENTRY, entry)


def test_empty_reason_keeps_reasoning_and_stores_no_previous_reasoning() -> None:
    catalog = make_catalog()
    session = EditSession(catalog)
    airflow = catalog.tools[0]

    session.move(airflow, "middle", "   ", today=DAY)

    assert airflow.reasoning == "Does one thing."
    assert airflow.history == (HistoryEntry(DAY, "narrow", "middle", "", ""),)


def test_move_to_current_segment_is_a_no_op() -> None:
    catalog = make_catalog()
    session = EditSession(catalog)

    assert session.move(catalog.tools[0], "narrow", "no change") is None

    assert snapshot(catalog) == snapshot(make_catalog())
    assert not session.can_undo
    assert session.dirty_tools() == []
    assert session.pending_count == 0


def test_unknown_segment_raises_and_changes_nothing() -> None:
    catalog = make_catalog()
    session = EditSession(catalog)

    with pytest.raises(ValueError, match="unknown segment"):
        session.move(catalog.tools[0], "sideways")

    assert snapshot(catalog) == snapshot(make_catalog())
    assert not session.can_undo


def test_undo_and_redo_chain_back_to_the_loaded_state() -> None:
    catalog = make_catalog()
    loaded = snapshot(catalog)
    session = EditSession(catalog)
    airflow, sagemaker, kubeflow = catalog.tools
    session.move(airflow, "middle", "Grew a platform.", today=DAY)
    session.move(airflow, "other", "", today=DAY)
    session.move(sagemaker, "narrow", "Split up.", today=DAY)
    session.move(kubeflow, "narrow", "", today=DAY)
    final = snapshot(catalog)

    undone = [session.undo() for _ in range(4)]

    assert [m.tool.name for m in undone if m] == ["Kubeflow", "SageMaker", "Airflow", "Airflow"]
    assert snapshot(catalog) == loaded
    assert session.undo() is None
    assert not session.can_undo and session.can_redo
    assert session.dirty_tools() == []
    assert session.pending_count == 0

    for _ in range(4):
        assert session.redo() is not None
    assert snapshot(catalog) == final
    assert session.redo() is None
    assert not session.can_redo


def test_new_move_clears_redo() -> None:
    catalog = make_catalog()
    session = EditSession(catalog)
    airflow = catalog.tools[0]
    session.move(airflow, "middle", today=DAY)
    session.undo()
    assert session.can_redo

    session.move(airflow, "other", today=DAY)

    assert not session.can_redo
    assert session.redo() is None
    assert airflow.segment == "other"


def test_pending_count_through_save_points() -> None:
    catalog = make_catalog()
    session = EditSession(catalog)
    airflow, sagemaker, _ = catalog.tools
    session.move(airflow, "middle", today=DAY)
    session.move(airflow, "other", today=DAY)
    session.move(sagemaker, "narrow", today=DAY)
    assert session.pending_count == 2  # two tools changed: each counts once
    assert set(session.dirty_tools()) == {airflow, sagemaker}

    session.mark_saved(session.dirty_tools())
    assert session.pending_count == 0
    assert session.dirty_tools() == []

    session.move(sagemaker, "middle", today=DAY)
    assert session.pending_count == 1
    assert session.dirty_tools() == [sagemaker]

    # Undo below the save point: the undone-but-saved moves are pending too.
    session.undo()  # sagemaker back to the save point
    assert session.pending_count == 0
    session.undo()  # sagemaker: below the save point
    session.undo()  # airflow: below the save point
    assert session.pending_count == 2
    assert set(session.dirty_tools()) == {airflow, sagemaker}

    # Undone and redone again: exactly the saved state, nothing pending.
    session.redo()
    session.redo()
    assert session.pending_count == 0
    assert session.dirty_tools() == []


def test_undone_saved_move_and_a_new_move_of_one_tool_are_one_change() -> None:
    catalog = make_catalog()
    session = EditSession(catalog)
    airflow = catalog.tools[0]
    session.move(airflow, "middle", today=DAY)
    session.move(airflow, "other", today=DAY)
    session.mark_saved([airflow])
    saved_entry = airflow.history[-1]

    session.undo()
    session.move(airflow, "hand-holding", today=DAY)

    # The saved entry (narrow -> other) was undone: the file's history ends up with one
    # entry from where the tool stood before it, to where it is now.
    assert session.pending_count == 1
    assert session.dirty_tools() == [airflow]
    assert saved_entry not in airflow.history
    assert airflow.history == (HistoryEntry(DAY, "narrow", "hand-holding"),)


def test_mark_saved_of_some_tools_leaves_the_others_pending() -> None:
    catalog = make_catalog()
    session = EditSession(catalog)
    airflow, sagemaker, _ = catalog.tools
    session.move(airflow, "middle", today=DAY)
    session.move(sagemaker, "narrow", today=DAY)

    session.mark_saved([airflow])

    assert session.dirty_tools() == [sagemaker]
    assert session.pending_count == 1


def test_forget_drops_moves_of_reloaded_tools() -> None:
    catalog = make_catalog()
    session = EditSession(catalog)
    airflow, sagemaker, _ = catalog.tools
    session.move(airflow, "middle", today=DAY)
    session.move(sagemaker, "narrow", today=DAY)
    session.move(airflow, "other", today=DAY)
    session.undo()  # airflow's second move is now on the redo stack

    # As after reload_file: the file's state replaced the tool's, then forget().
    airflow.segment, airflow.reasoning, airflow.history = "narrow", "Reloaded.", ()
    session.forget([airflow])

    assert session.dirty_tools() == [sagemaker]
    assert session.pending_count == 1
    assert not session.can_redo
    assert session.undo() is not None  # sagemaker's move
    assert sagemaker.segment == "hand-holding"
    assert session.undo() is None  # airflow's move is gone
    assert (airflow.segment, airflow.reasoning, airflow.history) == ("narrow", "Reloaded.", ())


def test_redo_restores_the_same_history_entry() -> None:
    catalog = make_catalog()
    session = EditSession(catalog)
    kubeflow = catalog.tools[2]
    move = session.move(kubeflow, "other", "Gone quiet.", today=DAY)
    assert move is not None
    session.undo()
    assert kubeflow.history == (OLD_ENTRY,)
    assert kubeflow.reasoning == "Stitches."

    session.redo()

    assert move.entry is not None
    assert kubeflow.history == (OLD_ENTRY, move.entry)
    assert kubeflow.reasoning == "Gone quiet."


def test_default_date_is_today() -> None:
    catalog = make_catalog()
    session = EditSession(catalog)

    move = session.move(catalog.tools[0], "other")

    assert move is not None and move.entry is not None
    assert move.entry.date == dt.date.today()


def test_undo_and_redo_skip_moves_of_tools_no_longer_in_the_catalog() -> None:
    # Bug 1: a re-read can drop a tool whose moves a session still holds; taking them
    # back raised ValueError (the tool's index) instead of going on to the next move.
    catalog = make_catalog()
    session = EditSession(catalog)
    airflow, sagemaker = catalog.tools[0], catalog.tools[1]
    session.move(airflow, "middle", today=DAY)
    session.move(sagemaker, "other", today=DAY)
    catalog.tools.remove(sagemaker)
    session.placement.refresh()

    undone = session.undo()

    assert undone is not None and undone.tool is airflow and airflow.segment == "narrow"
    assert session.undo() is None


def test_redo_skips_moves_of_tools_no_longer_in_the_catalog() -> None:
    catalog = make_catalog()
    session = EditSession(catalog)
    airflow, sagemaker = catalog.tools[0], catalog.tools[1]
    session.move(sagemaker, "other", today=DAY)
    session.move(airflow, "middle", today=DAY)
    session.undo()
    session.undo()
    catalog.tools.remove(sagemaker)
    session.placement.refresh()

    redone = session.redo()

    assert redone is not None and redone.tool is airflow and airflow.segment == "middle"
    assert session.redo() is None and not session.can_redo
