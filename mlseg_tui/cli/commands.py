"""The `mlseg-tui` command: the browser by default, and scripting subcommands."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from mlseg_tui.catalog.load import CatalogNotFound, LoadResult, load_catalog
from mlseg_tui.catalog.locate import resolve_catalog
from mlseg_tui.domain.essay_list import essay_tools
from mlseg_tui.domain.model import Catalog, Problem
from mlseg_tui.domain.text import one_line, plural

CATALOG_OPTION = click.option(
    "--catalog",
    "catalog_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Catalog folder (default: $MLSEG_CATALOG, ./catalog, or your own copy).",
)
ESSAY_ONLY_OPTION = click.option(
    "--essay-only",
    is_flag=True,
    help="Only the tools the 2020 essay listed (hide those added to the catalog since).",
)


def _load(catalog_dir: Path | None) -> LoadResult:
    path = resolve_catalog(catalog_dir)
    try:
        return load_catalog(path)
    except CatalogNotFound as error:
        raise click.ClickException(one_line(str(error))) from None


def _echo_problem(problem: Problem, err: bool = False) -> None:
    # File names, keys and parser messages are user text: never let them act on a terminal.
    click.echo(one_line(str(problem)), err=err)


def _load_valid(catalog_dir: Path | None) -> Catalog:
    """The catalog, or exit 1 naming every error (warnings go to stderr and are not fatal)."""
    catalog = _load_valid_result(catalog_dir).catalog
    assert catalog is not None
    return catalog


def _load_valid_result(catalog_dir: Path | None) -> LoadResult:
    """`_load_valid`'s whole load result (its catalog is never None)."""
    result = _load(catalog_dir)
    for problem in result.problems:
        _echo_problem(problem, err=True)
    if not result.ok or result.catalog is None:
        count = len(result.errors)
        raise click.ClickException(
            f"the catalog has {plural(count, 'error')}; run `mlseg-tui validate` for the list"
        )
    return result


@click.group(invoke_without_command=True)
@CATALOG_OPTION
@click.version_option(package_name="mlseg-tui")
@click.pass_context
def main(ctx: click.Context, catalog_dir: Path | None) -> None:
    """Browse and edit a catalog of MLOps tools sorted by how much they hold your hand.

    With no subcommand, opens the keyboard-driven browser.
    """
    if ctx.invoked_subcommand is not None:
        return
    from mlseg_tui.cli.browser import open_browser

    try:
        failed = open_browser(catalog_dir)
    except CatalogNotFound as error:
        raise click.ClickException(one_line(str(error))) from None
    if failed is not None:
        for problem in failed.problems:
            _echo_problem(problem, err=True)
        raise click.ClickException("the catalog cannot be opened; see the problems above")


@main.command()
@CATALOG_OPTION
def validate(catalog_dir: Path | None) -> None:
    """Check a catalog; print each problem as FILE:LINE:COL and exit 1 on any error."""
    result = _load(catalog_dir)
    for problem in result.problems:
        _echo_problem(problem)
    errors, warnings = len(result.errors), len(result.warnings)
    tools = len(result.catalog.tools) if result.catalog else 0
    summary = f"{tools} tools, {errors} errors, {warnings} warnings"
    click.echo(summary, err=True)
    if errors:
        sys.exit(1)


@main.command(name="list")
@CATALOG_OPTION
@click.option("--segment", help="Only tools in this segment (an id such as narrow).")
@click.option("--search", "query", help="Only tools matching this fuzzy query, best first.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "markdown"]),
    default="table",
    show_default=True,
)
@ESSAY_ONLY_OPTION
def list_tools(
    catalog_dir: Path | None, segment: str | None, query: str | None, fmt: str, essay_only: bool
) -> None:
    """List the tools of the catalog (markdown: by segment, as they sit now)."""
    from mlseg_tui.cli import formats as report

    catalog = _load_valid(catalog_dir)
    if segment is not None and segment not in catalog.segment_ids():
        raise click.BadParameter(
            f"unknown segment {segment!r}; choose from {', '.join(catalog.segment_ids())}",
            param_hint="--segment",
        )
    tools = catalog.tools
    if query is not None:
        from mlseg_tui.search.index import SearchIndex

        result = SearchIndex(tools).search(query)
        tools = [tools[index] for index in result.tool_indices()]
    else:
        order = {segment_id: i for i, segment_id in enumerate(catalog.segment_ids())}
        tools = sorted(tools, key=lambda tool: order[tool.segment])
    if segment is not None:
        tools = [tool for tool in tools if tool.segment == segment]
    if essay_only:
        tools = essay_tools(tools)
    if fmt == "json":
        click.echo(report.as_json(tools))
    elif fmt == "markdown":
        click.echo(report.as_markdown(catalog, tools))
    else:
        click.echo(report.as_table(catalog, tools))


@main.command()
@CATALOG_OPTION
@click.option("--format", "fmt", type=click.Choice(["markdown", "json", "essay"]), required=True)
@ESSAY_ONLY_OPTION
def export(catalog_dir: Path | None, fmt: str, essay_only: bool) -> None:
    """Print the whole catalog: markdown (its current state, by segment), JSON, or essay
    (the 2020 essay's own list as posted, from the tools' essay fields)."""
    from mlseg_tui.cli import formats as report

    catalog = _load_valid(catalog_dir)
    tools = essay_tools(catalog.tools) if essay_only else catalog.tools
    if fmt == "json":
        click.echo(report.as_json(tools))
    elif fmt == "essay":
        try:
            click.echo(report.as_essay(catalog, tools))
        except ValueError as error:
            raise click.ClickException(one_line(str(error))) from None
    else:
        click.echo(report.as_markdown(catalog, tools))


@main.command()
@CATALOG_OPTION
@click.argument("name")
@click.argument("segment")
@click.option("--reason", default="", help="Why it moves; becomes the tool's reasoning.")
def move(catalog_dir: Path | None, name: str, segment: str, reason: str) -> None:
    """Move the tool NAME (or alias, any case) to SEGMENT and save its file."""
    from mlseg_tui.domain.edits import EditSession
    from mlseg_tui.store.catalog_store import CatalogStore

    result = _load_valid_result(catalog_dir)
    store = CatalogStore(result)
    catalog = store.catalog
    tool = catalog.find(name)
    if tool is None:
        raise click.ClickException(f"no tool named {one_line(name)!r} in the catalog")
    if segment not in catalog.segment_ids():
        raise click.ClickException(
            f"unknown segment {one_line(segment)!r}; choose from {', '.join(catalog.segment_ids())}"
        )
    label = one_line(tool.name)
    if tool.segment == segment:
        click.echo(f"{label} is already in {segment}; nothing to do")
        return
    from_segment = tool.segment
    session = EditSession(catalog)
    session.move(tool, segment, reason)
    report = store.save(session)
    if not report.ok:
        raise click.ClickException(f"{label} was not moved: {one_line(report.summary())}")
    click.echo(f"Moved {label}: {from_segment} -> {segment} ({report.summary()})")
