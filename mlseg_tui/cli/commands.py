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
from mlseg_tui.cli.list_command import list_tools
from mlseg_tui.cli.loading import CATALOG_OPTION
from mlseg_tui.cli.loading import echo_problem as _echo_problem
from mlseg_tui.cli.loading import load as _load
from mlseg_tui.cli.loading import load_valid_result as _load_valid_result
from mlseg_tui.cli.names import find_tool, segment_id, unknown_segment
from mlseg_tui.cli.review_command import review
from mlseg_tui.cli.serve_command import serve
from mlseg_tui.cli.show_command import show
from mlseg_tui.domain.text import one_line, plural


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
    counts = f"{plural(len(result.errors), 'error')}, {plural(len(result.warnings), 'warning')}"
    if result.catalog is not None:
        summary = f"{plural(len(result.catalog.tools), 'tool')}, {counts}"
    else:  # no segments: the tool files were still read and checked
        summary = (
            f"{plural(result.tools_read, 'tool')} read, but the catalog cannot be used "
            f"(see {SEGMENTS_FILE}); {counts}"
        )
    click.echo(summary, err=True)
    if result.errors:
        sys.exit(1)


@main.command()
@CATALOG_OPTION
@click.argument("name")
@click.argument("segment")
@click.option("--reason", default="", help="Why it moves; becomes the tool's reasoning.")
def move(catalog_dir: Path | None, name: str, segment: str, reason: str) -> None:
    """Move the tool NAME (or alias, any case) to SEGMENT (its id or title, any case) and
    save its file."""
    from mlseg_tui.domain.edits import EditSession
    from mlseg_tui.store.catalog_store import CatalogStore

    result = _load_valid_result(catalog_dir)
    store = CatalogStore(result)
    catalog = store.catalog
    tool = find_tool(catalog, name)
    segment_named = segment_id(catalog, segment)
    if segment_named is None:
        raise click.ClickException(unknown_segment(catalog, segment))
    segment = segment_named
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


main.add_command(list_tools)
main.add_command(export)
main.add_command(import_radar)
main.add_command(serve)
main.add_command(review)
main.add_command(show)
for command in (add, edit, remove):
    main.add_command(command)
