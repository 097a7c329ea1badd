"""The `mlseg-tui` command: the browser by default, and scripting subcommands."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from mlseg_tui.catalog.load import CatalogNotFound
from mlseg_tui.catalog.walk import SEGMENTS_FILE
from mlseg_tui.cli.edit_commands import add, edit, remove
from mlseg_tui.cli.export_command import export
from mlseg_tui.cli.import_command import import_radar
from mlseg_tui.cli.loading import CATALOG_OPTION, ESSAY_ONLY_OPTION
from mlseg_tui.cli.loading import echo_problem as _echo_problem
from mlseg_tui.cli.loading import load as _load
from mlseg_tui.cli.loading import load_valid as _load_valid
from mlseg_tui.cli.loading import load_valid_result as _load_valid_result
from mlseg_tui.cli.review_command import review
from mlseg_tui.cli.serve_command import serve
from mlseg_tui.domain.essay_list import essay_tools
from mlseg_tui.domain.segment_order import listed
from mlseg_tui.domain.text import one_line


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
    if result.catalog is not None:
        summary = f"{len(result.catalog.tools)} tools, {errors} errors, {warnings} warnings"
    else:  # no segments: the tool files were still read and checked
        summary = (
            f"{result.tools_read} tools read, but the catalog cannot be used "
            f"(see {SEGMENTS_FILE}); {errors} errors, {warnings} warnings"
        )
    click.echo(summary, err=True)
    if errors:
        sys.exit(1)


@main.command(name="list")
@CATALOG_OPTION
@click.option("--segment", help="Only tools in this segment (an id such as narrow).")
@click.option(
    "--search",
    "query",
    help="Only tools matching this query, best first: names (fuzzy), words of their text, "
    "and facets such as seg:narrow lic:apache -status:archived tag:serving stage:deploy.",
)
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
        from mlseg_tui.domain.placement import Placement
        from mlseg_tui.search.index import SearchIndex

        result = SearchIndex(tools, catalog.metric).search(query, Placement(catalog))
        for note in result.notes:
            click.echo(f"note: {one_line(note)}", err=True)
        if result.error:
            raise click.ClickException(f"--search: {one_line(result.error)}")
        tools = [tools[index] for index in result.tool_indices()]
    else:
        tools = listed(catalog.segments, tools)
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
    try:
        session.move(tool, segment, reason)
    except ValueError as error:  # the reason, not the tool: say so
        raise click.BadParameter(str(error), param_hint="--reason") from None
    report = store.save(session)
    if not report.ok:
        raise click.ClickException(f"{label} was not moved: {one_line(report.summary())}")
    click.echo(f"Moved {label}: {from_segment} -> {segment} ({report.summary()})")


main.add_command(export)
main.add_command(import_radar)
main.add_command(serve)
main.add_command(review)
for command in (add, edit, remove):
    main.add_command(command)
