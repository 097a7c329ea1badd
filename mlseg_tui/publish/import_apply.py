"""Applying an import plan through the edit session, as the app's own edits are made: the
same field rules first, then adds and edits that the store saves like any other."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from mlseg_tui.catalog.tool_rules import KeyOwners, check_values
from mlseg_tui.domain.edits import EditSession
from mlseg_tui.domain.model import Catalog, Problem, SourceRef
from mlseg_tui.domain.tool_files import one_tool_per_file, tools_folder
from mlseg_tui.domain.tool_values import ToolValues, values_of
from mlseg_tui.publish.import_plan import CREATE, UPDATE, ToolPlan


def changes_of(plan: ToolPlan) -> dict[str, Any]:
    """The fields an update sets on the existing tool: the file's values for the fields
    that differ; the quadrant joins the tool's tags."""
    assert plan.existing is not None
    incoming, existing = plan.incoming, plan.existing
    changes: dict[str, Any] = {
        field: getattr(incoming, field)
        for field in ("segment", "reasoning", "homepage", "repository")
        if field in plan.changes
    }
    if "tags" in plan.changes:
        have = {tag.casefold() for tag in existing.tags}
        changes["tags"] = existing.tags + tuple(
            tag for tag in incoming.tags if tag.casefold() not in have
        )
    return changes


def _values(plan: ToolPlan) -> ToolValues:
    if plan.existing is None:
        return values_of(plan.incoming)
    return values_of(plan.existing).replace(**changes_of(plan))


def check_plans(catalog: Catalog, plans: Sequence[ToolPlan], path: Path) -> list[Problem]:
    """What the edit form would refuse in the tools the plan adds or updates, each on the
    line of its entry in `path`; and two entries that name one existing tool."""
    owners = KeyOwners(catalog.tools)
    problems = []
    targets: Counter[int] = Counter(
        id(plan.existing) for plan in plans if plan.existing is not None
    )
    for plan in plans:
        label = repr(plan.item.name)
        if plan.existing is not None and targets[id(plan.existing)] > 1:
            message = f"{label}: another entry also names the tool {plan.existing.name!r}"
            problems.append(Problem(path, plan.item.line, 1, message))
            continue
        if plan.action not in (CREATE, UPDATE):
            continue
        for problem in check_values(catalog, _values(plan), plan.existing, owners):
            problems.append(Problem(path, plan.item.line, 1, f"{label}: {problem}"))
    return problems


def _default_file(catalog: Catalog) -> Path:
    """Where new tools go in a catalog that keeps many tools a file: the fullest file."""
    counts = Counter(tool.source.path for tool in catalog.tools)
    return counts.most_common(1)[0][0]


def apply_plans(
    session: EditSession,
    plans: Sequence[ToolPlan],
    into: Path | None = None,
    today: dt.date | None = None,
) -> None:
    """Add the new tools and update the ones the plan says, as pending edits of `session`.

    New tools get a file each where the catalog keeps one tool a file (the bundled
    layout, and an empty catalog); else they are appended to `into`, by default the
    file holding the most tools."""
    catalog = session.catalog
    own_files = into is None and one_tool_per_file(catalog)
    folder = tools_folder(catalog)
    target = into if into is not None or own_files else _default_file(catalog)
    for plan in plans:
        if plan.action == CREATE:
            tool = plan.incoming
            # A file of its own is named from the tool when saved; `source` gives the folder.
            tool.source = SourceRef(folder / "new.toml", 0) if own_files else SourceRef(target, -1)
            session.add(tool, new_file=own_files)
        elif plan.action == UPDATE:
            assert plan.existing is not None
            session.edit(plan.existing, changes_of(plan), today=today)
