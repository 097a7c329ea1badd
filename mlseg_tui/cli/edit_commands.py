"""`mlseg-tui add`, `edit` and `remove`: the browser's a, e and d from a script, through the
same code (EditSession, catalog.tool_rules, CatalogStore). Each prints what it wrote and
exits 0, or names the tool, the field and the problem and exits 1, nothing on disk changed.
"""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path
from typing import Any

import click

from mlseg_tui.catalog.walk import SEGMENTS_FILE
from mlseg_tui.cli.edit_values import (
    CRITERIA_PREFIX,
    criterion_problem,
    field_problems,
    parse_set,
    segment_id_or_text,
    with_answers,
)
from mlseg_tui.cli.loading import CATALOG_OPTION, load_valid_result
from mlseg_tui.cli.names import find_tool
from mlseg_tui.domain.edits import EditSession
from mlseg_tui.domain.model import Catalog, SourceRef, Tool
from mlseg_tui.domain.text import one_line
from mlseg_tui.domain.tool_files import new_file_for, one_tool_per_file, tool_counts, tools_folder
from mlseg_tui.domain.tool_values import (
    CRITERIA,
    FIELDS,
    REQUIRED,
    ToolValues,
    default_of,
    values_of,
)
from mlseg_tui.store.catalog_store import CatalogStore
from mlseg_tui.store.report import SaveReport


def stdin_is_terminal() -> bool:
    """Whether a question can be asked: stdin is a terminal."""
    return sys.stdin.isatty()


def _fail(name: str, problems: list[tuple[str, str]], what: str) -> None:
    """Print each problem as `NAME: field: message` on stderr and exit 1."""
    for field, message in problems:
        click.echo(f"{one_line(name)}: {field}: {one_line(message)}", err=True)
    raise click.ClickException(f"{one_line(name)} was not {what}; nothing was written")


def _label(root: Path, path: Path) -> str:
    """`path` as a user finds it in the catalog at `root`, safe to print."""
    return one_line(str(path.relative_to(root) if path.is_relative_to(root) else path))


def _save(store: CatalogStore, session: EditSession, name: str, what: str) -> SaveReport:
    report = store.save(session)
    if not report.ok:
        raise click.ClickException(f"{one_line(name)} was not {what}: {one_line(report.summary())}")
    return report


@click.command()
@CATALOG_OPTION
@click.argument("name")
@click.option("--segment", required=True, help="Its segment: an id such as narrow, or a title.")
@click.option("--reasoning", required=True, help="Why it sits in that segment.")
@click.option("--alias", "aliases", multiple=True, help="Another name it goes by (repeatable).")
@click.option("--tag", "tags", multiple=True, help="A free label (repeatable).")
@click.option("--homepage", default="", help="An http(s) URL.")
@click.option("--repository", default="", help="An http(s) URL.")
@click.option("--license", "licence", default="", help="A current SPDX id, or proprietary.")
@click.option("--vendor", default="", help="Who makes or stewards it.")
@click.option("--status", default="", help="active, archived, ... (see the catalog format).")
@click.option("--description", default="", help="What it does.")
@click.option("--tentative", is_flag=True, help="The placement is hedged.")
@click.option(
    "--set",
    "settings",
    multiple=True,
    metavar="FIELD=VALUE",
    help="Set a field, or answer a criterion: criteria.lifecycle=data,train (repeatable).",
)
@click.option(
    "--file",
    "file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The tool file to append it to, or a new file to create (relative to the catalog).",
)
def add(
    catalog_dir: Path | None,
    name: str,
    segment: str,
    reasoning: str,
    aliases: tuple[str, ...],
    tags: tuple[str, ...],
    homepage: str,
    repository: str,
    licence: str,
    vendor: str,
    status: str,
    description: str,
    tentative: bool,
    settings: tuple[str, ...],
    file: Path | None,
) -> None:
    """Add the tool NAME to the catalog and save it: a file of its own where each tool has
    one, else appended to the file holding the most tools (or --file)."""
    store = CatalogStore(load_valid_result(catalog_dir))
    catalog = store.catalog
    values = ToolValues(
        name, segment_id_or_text(catalog, segment), reasoning, aliases, tentative,
        description=description, vendor=vendor, homepage=homepage, repository=repository,
        license=licence, status=status, tags=tags,
    )  # fmt: skip
    problems: list[tuple[str, str]] = []
    parsed = (parse_set(catalog, setting, problems) for setting in settings)
    changes: dict[str, Any] = dict(item for item in parsed if item is not None)
    answers = with_answers((), changes)
    values = values_of_new(values, changes, answers)
    problems += field_problems(catalog, values)
    path, new_file = _place(catalog, store, name, file, problems)
    if problems:
        _fail(name, problems, "added")
    tool = Tool(values.name, values.segment, values.reasoning, SourceRef(path, -1))
    session = EditSession(catalog)
    session.add(tool, new_file=new_file)
    fields = [*(field for field in FIELDS if field not in REQUIRED), CRITERIA]
    session.edit(tool, {field: values.get(field) for field in fields})
    report = _save(store, session, name, "added")
    title = catalog.segment_title(values.segment)
    written = report.what_was_written(partial(_label, catalog.root))
    click.echo(f"Added {one_line(tool.name)} to {one_line(title)}: {written}")


def values_of_new(values: ToolValues, changes: dict[str, Any], answers: Any) -> ToolValues:
    """`values` with the `--set` fields and answers of an add (they win over the options)."""
    if answers is not None:
        changes = {**changes, CRITERIA: answers}
    return values.replace(**changes) if changes else values


def _place(
    catalog: Catalog,
    store: CatalogStore,
    name: str,
    file: Path | None,
    problems: list[tuple[str, str]],
) -> tuple[Path, bool]:
    """Where the new tool goes, and whether it gets a file of its own named from it."""
    known = set(store.snapshot())
    if file is None:
        if one_tool_per_file(catalog):
            folder = tools_folder(catalog, None, store.folders)
            return new_file_for(name, folder, store.files), True
        return tool_counts(catalog).most_common(1)[0][0], False
    path = file if file.is_absolute() else catalog.root / file
    path = Path(*path.parts)
    inside = catalog.root.resolve()
    try:
        relative = path.resolve().relative_to(inside)
    except ValueError:
        problems.append(("file", f"{str(file)!r} is not inside the catalog folder"))
        return path, False
    if path.resolve() in {p.resolve() for p in known}:
        return next(p for p in known if p.resolve() == path.resolve()), False
    if path.suffix != ".toml" or any(part.startswith(".") for part in relative.parts):
        problems.append(("file", f"{str(file)!r} must be a .toml file, not hidden"))
    elif relative == Path(SEGMENTS_FILE):
        problems.append(("file", f"{SEGMENTS_FILE} holds the segments, not tools"))
    elif path.exists() or path.is_symlink():
        problems.append(
            ("file", f"{str(file)!r} exists but is not one of the catalog's tool files")
        )
    return path, False


@click.command()
@CATALOG_OPTION
@click.argument("name")
@click.option("--reasoning", help="A new reasoning (the old one is kept in the history).")
@click.option("--rename", help="A new name (the old one stays an alias).")
@click.option(
    "--set",
    "settings",
    multiple=True,
    metavar="FIELD=VALUE",
    help="Set a field; lists comma-separated, booleans true/false; criteria.ID=VALUES "
    "answers a criterion (repeatable).",
)
@click.option(
    "--unset",
    "unsets",
    multiple=True,
    metavar="FIELD",
    help="Clear a field, or criteria.ID (the criterion is then not answered).",
)
@click.option("--add-tag", "add_tags", multiple=True, help="Add a tag (repeatable).")
@click.option("--remove-tag", "remove_tags", multiple=True, help="Remove a tag (repeatable).")
def edit(
    catalog_dir: Path | None,
    name: str,
    reasoning: str | None,
    rename: str | None,
    settings: tuple[str, ...],
    unsets: tuple[str, ...],
    add_tags: tuple[str, ...],
    remove_tags: tuple[str, ...],
) -> None:
    """Change fields of the tool NAME (or alias) and save it; --set segment=ID moves it."""
    store = CatalogStore(load_valid_result(catalog_dir))
    catalog = store.catalog
    tool = find_tool(catalog, name)
    problems: list[tuple[str, str]] = []
    parsed = (parse_set(catalog, setting, problems) for setting in settings)
    changes = dict(item for item in parsed if item is not None)
    unset_answers = [
        f.removeprefix(CRITERIA_PREFIX) for f in unsets if f.startswith(CRITERIA_PREFIX)
    ]
    for key in unset_answers:
        unknown = criterion_problem(catalog, key)
        if unknown is not None:
            problems.append((CRITERIA_PREFIX + one_line(key), unknown))
    answers = with_answers(tool.criteria, changes, unset_answers)
    if answers is not None:
        changes[CRITERIA] = answers
    for field in (f for f in unsets if not f.startswith(CRITERIA_PREFIX)):
        if field not in FIELDS:
            problems.append((one_line(field), f"not a field ({', '.join(FIELDS)})"))
        elif field in REQUIRED:
            problems.append((field, "is required and cannot be unset"))
        else:
            changes[field] = default_of(field)
    if reasoning is not None:
        changes["reasoning"] = reasoning
    if rename is not None:
        changes["name"] = rename
    tags = list(changes.get("tags", tool.tags))
    for tag in remove_tags:
        if tag not in tags:
            problems.append(("tags", f"{tool.name!r} has no tag {tag!r}"))
        tags = [t for t in tags if t != tag]
    tags += [tag for tag in add_tags if tag not in tags]
    if add_tags or remove_tags:
        changes["tags"] = tuple(tags)
    if not changes and not problems:
        raise click.ClickException(
            f"{one_line(tool.name)}: nothing to change; give --reasoning, --rename, --set, "
            "--unset, --add-tag or --remove-tag"
        )
    values = values_of(tool).replace(**changes)
    problems += field_problems(catalog, values, tool)
    if problems:
        _fail(tool.name, problems, "edited")
    old_name = tool.name
    session = EditSession(catalog)
    done = session.edit(tool, changes)
    if done is None:
        click.echo(f"{one_line(tool.name)}: nothing changed")
        return
    [change] = session.changes()
    report = _save(store, session, tool.name, "edited")
    written = report.what_was_written(partial(_label, catalog.root))
    renamed = (
        f" (renamed from {one_line(old_name)}, kept as an alias)" if tool.name != old_name else ""
    )
    fields = ", ".join(change.changed_fields())
    click.echo(f"Edited {one_line(tool.name)}{renamed}: {fields}; {written}")


@click.command()
@CATALOG_OPTION
@click.argument("name")
@click.option("--yes", is_flag=True, help="Do not ask (needed when stdin is not a terminal).")
def remove(catalog_dir: Path | None, name: str, yes: bool) -> None:
    """Remove the tool NAME (or alias) from the catalog and save: its table leaves its file,
    and a file left with nothing else goes."""
    store = CatalogStore(load_valid_result(catalog_dir))
    catalog = store.catalog
    tool = find_tool(catalog, name)
    where = _label(catalog.root, tool.source.path)
    if not yes:
        if not stdin_is_terminal():
            raise click.ClickException(
                f"not removing {one_line(tool.name)} without --yes: "
                "stdin is not a terminal to ask on"
            )
        if not click.confirm(f"Remove {one_line(tool.name)} ({where})?", default=False):
            raise click.ClickException(f"{one_line(tool.name)} was not removed")
    session = EditSession(catalog)
    session.remove(tool)
    report = _save(store, session, tool.name, "removed")
    if report.removed_files:
        click.echo(f"Removed {one_line(tool.name)}: deleted {where}")
    else:
        click.echo(f"Removed {one_line(tool.name)}: its table left {where}")
