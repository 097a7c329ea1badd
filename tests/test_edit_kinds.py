"""EditSession beyond moves (issue 13): add, edit, rename and remove, undone and redone in
any mix; a tool's pending edits collapse into one change (issue 12, point 3)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mlseg_tui.domain.edits import EditSession
from mlseg_tui.domain.model import SEGMENT_IDS, Catalog, HistoryEntry, Segment, SourceRef, Tool
from mlseg_tui.domain.tool_values import state_of

DAY = dt.date(2026, 3, 14)
OLD_ENTRY = HistoryEntry(dt.date(2025, 1, 2), "other", "narrow", "First placed.", "Unsure.")


def make_catalog() -> Catalog:
    segments = [Segment(sid, sid.title(), f"Why {sid}.") for sid in SEGMENT_IDS]
    tools = [
        Tool("Airflow", "narrow", "Does one thing.", SourceRef(Path("a.toml"), 0)),
        Tool(
            "SageMaker",
            "hand-holding",
            "Does it all.",
            SourceRef(Path("b.toml"), 0),
            aliases=("AWS SageMaker",),
        ),
        Tool("Kubeflow", "middle", "Stitches.", SourceRef(Path("b.toml"), 1), history=(OLD_ENTRY,)),
    ]
    return Catalog(Path("."), segments, tools)


def states(catalog: Catalog) -> list[object]:
    return [(tool.name, state_of(tool)) for tool in catalog.tools]


def new_tool(name: str = "Feast", segment: str = "narrow") -> Tool:
    return Tool(name, segment, "A feature store.", SourceRef(Path("tools/feast.toml"), -1))


# --- collapsing (issue 12, point 3) -----------------------------------------------------


def test_a_round_trip_is_no_change_at_all() -> None:
    catalog = make_catalog()
    session = EditSession(catalog)
    loaded = states(catalog)
    kubeflow = catalog.tools[2]

    session.move(kubeflow, "other", today=DAY)
    session.move(kubeflow, "middle", today=DAY)

    assert states(catalog) == loaded
    assert session.pending_count == 0 and session.changes() == []
    assert kubeflow.history == (OLD_ENTRY,)
    assert session.can_undo  # the two moves can still be taken back one by one


def test_a_round_trip_with_a_reason_for_the_move_away_is_no_change() -> None:
    # Review finding 4: the reason went with the move, so moving back takes it away too.
    catalog = make_catalog()
    session = EditSession(catalog)
    loaded = states(catalog)
    kubeflow = catalog.tools[2]

    session.move(kubeflow, "other", "dashboards now cover ML", today=DAY)
    assert kubeflow.reasoning == "dashboards now cover ML"
    session.move(kubeflow, "narrow", today=DAY)  # through another segment, no reason
    session.move(kubeflow, "middle", today=DAY)

    assert states(catalog) == loaded and kubeflow.reasoning == "Stitches."
    assert session.pending_count == 0 and kubeflow.history == (OLD_ENTRY,)
    # Undo walks back through the moves, the reason's reasoning with them.
    session.undo()
    assert kubeflow.segment == "narrow" and kubeflow.reasoning == "dashboards now cover ML"
    session.undo()
    session.undo()
    assert states(catalog) == loaded and session.pending_count == 0


def test_a_round_trip_keeps_a_reasoning_edited_in_the_form() -> None:
    catalog = make_catalog()
    session = EditSession(catalog)
    kubeflow = catalog.tools[2]

    session.move(kubeflow, "other", "the move's reason", today=DAY)
    session.edit(kubeflow, {"reasoning": "Typed in the form."}, today=DAY)
    session.move(kubeflow, "middle", today=DAY)

    assert kubeflow.segment == "middle" and kubeflow.reasoning == "Typed in the form."
    [change] = session.changes()
    assert change.changed_fields() == ["reasoning"]
    entry = kubeflow.history[-1]
    assert (entry.from_segment, entry.to_segment) == ("middle", "middle")
    assert entry.previous_reasoning == "Stitches."


def test_a_round_trip_after_a_form_edit_goes_back_to_the_forms_reasoning() -> None:
    catalog = make_catalog()
    session = EditSession(catalog)
    kubeflow = catalog.tools[2]

    session.edit(kubeflow, {"reasoning": "Typed in the form."}, today=DAY)
    session.move(kubeflow, "other", "the move's reason", today=DAY)
    session.move(kubeflow, "middle", today=DAY)

    assert kubeflow.reasoning == "Typed in the form."  # the form's edit stays pending
    assert [c.changed_fields() for c in session.changes()] == [["reasoning"]]


def test_a_round_trip_with_a_reason_on_the_way_back_keeps_that_reason() -> None:
    catalog = make_catalog()
    session = EditSession(catalog)
    kubeflow = catalog.tools[2]

    session.move(kubeflow, "other", "away", today=DAY)
    session.move(kubeflow, "middle", "back, and here is why", today=DAY)

    assert kubeflow.reasoning == "back, and here is why" and session.pending_count == 1


def test_a_to_b_to_c_is_one_entry_with_the_last_reason_given() -> None:
    catalog = make_catalog()
    session = EditSession(catalog)
    airflow = catalog.tools[0]

    session.move(airflow, "middle", "Grew a UI.", today=DAY)
    session.move(airflow, "other", "", today=DAY)
    assert airflow.history == (
        HistoryEntry(DAY, "narrow", "other", "Grew a UI.", "Does one thing."),
    )
    assert airflow.reasoning == "Grew a UI."  # not back home: the reason stays with it
    session.move(airflow, "hand-holding", "Became a managed service.", today=DAY)

    assert airflow.history == (
        HistoryEntry(DAY, "narrow", "hand-holding", "Became a managed service.", "Does one thing."),
    )
    assert airflow.reasoning == "Became a managed service."
    assert session.pending_count == 1


def test_undoing_a_collapsed_move_restores_the_entry_before_it() -> None:
    catalog = make_catalog()
    session = EditSession(catalog)
    airflow = catalog.tools[0]
    session.move(airflow, "middle", "Grew a UI.", today=DAY)
    first = airflow.history
    session.move(airflow, "other", today=DAY)

    session.undo()

    assert airflow.history == first and airflow.segment == "middle"
    session.undo()
    assert airflow.history == () and airflow.reasoning == "Does one thing."


# --- edits ------------------------------------------------------------------------------


def test_a_new_reasoning_alone_is_kept_in_the_history_with_the_date() -> None:
    catalog = make_catalog()
    session = EditSession(catalog)
    kubeflow = catalog.tools[2]

    edit = session.edit(kubeflow, {"reasoning": "Orchestrates pipelines."}, today=DAY)

    assert edit is not None and edit.kind == "edit"
    assert kubeflow.history == (
        OLD_ENTRY,
        HistoryEntry(DAY, "middle", "middle", "", "Stitches."),
    )
    session.edit(kubeflow, {"reasoning": "Stitches."}, today=DAY)
    assert kubeflow.history == (OLD_ENTRY,) and session.pending_count == 0


def test_other_fields_change_without_a_history_entry() -> None:
    catalog = make_catalog()
    session = EditSession(catalog)
    airflow = catalog.tools[0]

    session.edit(airflow, {"homepage": "https://airflow.apache.org", "tags": ("dags",)})

    assert airflow.homepage == "https://airflow.apache.org" and airflow.tags == ("dags",)
    assert airflow.history == ()
    [change] = session.changes()
    assert change.kind == "edit" and change.changed_fields() == ["homepage", "tags"]


def test_a_new_segment_in_the_form_is_a_move_whose_reason_is_the_new_reasoning() -> None:
    catalog = make_catalog()
    session = EditSession(catalog)
    airflow = catalog.tools[0]

    edit = session.edit(airflow, {"segment": "middle", "reasoning": "Now a platform."}, today=DAY)

    assert edit is not None and edit.kind == "move"
    assert airflow.history == (
        HistoryEntry(DAY, "narrow", "middle", "Now a platform.", "Does one thing."),
    )
    assert session.placement.rows()["middle"] == [0, 2]


def test_an_edit_that_changes_nothing_is_none() -> None:
    catalog = make_catalog()
    session = EditSession(catalog)

    assert session.edit(catalog.tools[0], {"reasoning": "Does one thing."}) is None
    assert not session.can_undo and session.pending_count == 0


def test_edit_refuses_unknown_fields_segments_and_removed_tools() -> None:
    catalog = make_catalog()
    session = EditSession(catalog)
    airflow = catalog.tools[0]
    with pytest.raises(ValueError, match="not an editable field"):
        session.edit(airflow, {"essay": None})
    with pytest.raises(ValueError, match="unknown segment"):
        session.edit(airflow, {"segment": "sideways"})
    session.remove(airflow)
    with pytest.raises(ValueError, match="removed"):
        session.edit(airflow, {"reasoning": "x"})


# --- renames ----------------------------------------------------------------------------


def test_a_rename_keeps_the_old_name_as_an_alias_and_records_it() -> None:
    catalog = make_catalog()
    session = EditSession(catalog)
    sagemaker = catalog.tools[1]

    session.edit(sagemaker, {"name": "Amazon SageMaker AI"}, today=DAY)

    assert sagemaker.aliases == ("AWS SageMaker", "SageMaker")
    assert sagemaker.history == (
        HistoryEntry(DAY, "hand-holding", "hand-holding", renamed_from="SageMaker"),
    )
    assert catalog.find("sagemaker") is sagemaker


def test_renames_through_unsaved_names_keep_only_the_name_on_disk() -> None:
    catalog = make_catalog()
    session = EditSession(catalog)
    sagemaker = catalog.tools[1]

    session.edit(sagemaker, {"name": "SM One"}, today=DAY)
    session.edit(sagemaker, {"name": "SM Two"}, today=DAY)
    assert sagemaker.aliases == ("AWS SageMaker", "SageMaker")
    assert sagemaker.history[-1].renamed_from == "SageMaker"

    session.edit(sagemaker, {"name": "SageMaker"}, today=DAY)
    assert sagemaker.aliases == ("AWS SageMaker",) and sagemaker.history == ()
    assert session.pending_count == 0


def test_renaming_to_an_alias_or_by_case_adds_no_duplicate() -> None:
    catalog = make_catalog()
    session = EditSession(catalog)
    sagemaker = catalog.tools[1]

    session.edit(sagemaker, {"name": "AWS SageMaker"}, today=DAY)
    assert (sagemaker.name, sagemaker.aliases) == ("AWS SageMaker", ("SageMaker",))
    session.undo()
    session.edit(sagemaker, {"name": "Sagemaker"}, today=DAY)
    assert (sagemaker.name, sagemaker.aliases) == ("Sagemaker", ("AWS SageMaker",))


# --- adds and removals ------------------------------------------------------------------


def test_add_appends_and_undo_redo_take_it_out_and_back() -> None:
    catalog = make_catalog()
    session = EditSession(catalog)
    feast = new_tool()

    edit = session.add(feast, new_file=True)

    assert edit.kind == "add" and catalog.tools[-1] is feast
    assert session.placement.rows()["narrow"] == [0, 3]
    [change] = session.changes()
    assert (change.kind, change.tool, change.saved, change.new_file) == ("add", feast, None, True)
    session.undo()
    assert feast not in catalog.tools and session.pending_count == 0
    assert session.placement.rows()["narrow"] == [0]
    session.redo()
    assert catalog.tools[-1] is feast and session.pending_count == 1


def test_remove_and_undo_put_the_tool_back_where_it_was() -> None:
    catalog = make_catalog()
    session = EditSession(catalog)
    loaded = list(catalog.tools)
    sagemaker = catalog.tools[1]

    session.remove(sagemaker)

    assert sagemaker not in catalog.tools and session.is_removed(sagemaker)
    assert catalog.find("SageMaker") is None
    [change] = session.changes()
    assert (change.kind, change.current) == ("remove", None)
    assert session.placement.rows()["middle"] == [1]  # Kubeflow moved up one index
    session.undo()
    assert catalog.tools == loaded and session.pending_count == 0
    session.redo()
    assert sagemaker not in catalog.tools


def test_an_added_tool_removed_again_leaves_nothing_pending() -> None:
    catalog = make_catalog()
    session = EditSession(catalog)
    feast = new_tool()
    session.add(feast)
    session.edit(feast, {"name": "Feast FS", "segment": "middle"}, today=DAY)

    assert feast.aliases == () and feast.history == ()  # nothing on disk to record against
    session.remove(feast)

    assert session.changes() == [] and session.pending_count == 0


def test_any_mix_of_edits_undoes_to_the_loaded_state_and_redoes_to_the_last() -> None:
    catalog = make_catalog()
    session = EditSession(catalog)
    loaded = states(catalog)
    airflow, sagemaker, kubeflow = catalog.tools
    feast = new_tool()
    session.move(airflow, "middle", "Grew.", today=DAY)
    session.add(feast)
    session.edit(sagemaker, {"name": "SageMaker AI", "tags": ("ml",)}, today=DAY)
    session.remove(kubeflow)
    session.edit(feast, {"reasoning": "Serves features."}, today=DAY)
    session.move(airflow, "other", today=DAY)
    session.remove(airflow)
    final = states(catalog)
    assert session.pending_count == 4

    while session.undo() is not None:
        pass
    assert states(catalog) == loaded and session.pending_count == 0
    while session.redo() is not None:
        pass
    assert states(catalog) == final and session.pending_count == 4


def test_mark_saved_and_forget_after_adds_and_removals() -> None:
    catalog = make_catalog()
    session = EditSession(catalog)
    feast, kubeflow = new_tool(), catalog.tools[2]
    session.add(feast, new_file=True)
    session.remove(kubeflow)

    session.mark_saved([feast, kubeflow])

    assert session.changes() == [] and feast not in session.new_files
    session.undo()  # the removal, already saved: undoing it is a change again (an add)
    assert [c.kind for c in session.changes()] == ["remove"] or session.pending_count == 1
    session.redo()
    session.forget_removals_in([Path("b.toml")])
    assert session.pending_count == 0 and not session.is_removed(kubeflow)
