"""`mlseg-tui list`: the tools of a catalog, all or those a segment or a search selects, as
a table, JSON or Markdown. Like grep, it exits 1 when nothing is selected."""

from __future__ import annotations

from pathlib import Path

import click

from mlseg_tui.cli import formats as report
from mlseg_tui.cli.loading import CATALOG_OPTION, ESSAY_ONLY_OPTION, load_usable
from mlseg_tui.cli.names import either, require_segment
from mlseg_tui.domain.essay_list import essay_tools
from mlseg_tui.domain.model import Catalog, Tool
from mlseg_tui.domain.segment_order import listed
from mlseg_tui.domain.text import one_line

FORMATS = ("table", "json", "markdown")
DEFAULT_FORMAT = "table"


def _searched(catalog: Catalog, query: str) -> list[Tool]:
    from mlseg_tui.domain.placement import Placement
    from mlseg_tui.search.index import SearchIndex

    result = SearchIndex(catalog.tools, catalog.metric).search(query, Placement(catalog))
    for note in result.notes:
        click.echo(f"note: {one_line(note)}", err=True)
    if result.error:
        raise click.ClickException(f"--search: {one_line(result.error)}")
    return [catalog.tools[index] for index in result.tool_indices()]


def _nothing_selected(
    catalog: Catalog, query: str | None, segments: list[str], essay_only: bool
) -> str:
    """`no tools match 'zzz' in Narrow`, `no tools in Other`: what selected nothing."""
    said = f"no tools match {one_line(query)!r}" if query is not None else "no tools"
    if segments:
        titles = [one_line(catalog.segment_title(segment)) for segment in segments]
        said += f" in {either(titles)}"
    if essay_only:
        said += " among those the essay listed"
    return said


@click.command(name="list")
@CATALOG_OPTION
@click.option(
    "--segment",
    "segment_names",
    multiple=True,
    help='Only tools in this segment: its id (narrow) or title ("Middle of the road"), any '
    "case (repeatable).",
)
@click.option(
    "--search",
    "query",
    help="Only tools matching this query, best first: names (fuzzy), words of their text, "
    "and facets such as seg:narrow lic:apache -status:archived tag:serving stage:deploy.",
)
@click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default=DEFAULT_FORMAT, show_default=True
)
@ESSAY_ONLY_OPTION
def list_tools(
    catalog_dir: Path | None,
    segment_names: tuple[str, ...],
    query: str | None,
    fmt: str,
    essay_only: bool,
) -> None:
    """List the tools of the catalog (markdown: by segment, as they sit now). Exits 1 when
    no tool is selected (the reason on stderr), or when the catalog has errors: its valid
    tools are still listed and the problems printed on stderr."""
    usable = load_usable(catalog_dir)
    catalog = usable.catalog
    asked = (require_segment(catalog, name, "--segment") for name in segment_names)
    segments = list(dict.fromkeys(asked))  # in the order given, each once
    tools = (
        _searched(catalog, query) if query is not None else listed(catalog.segments, catalog.tools)
    )
    if segments:
        tools = [tool for tool in tools if tool.segment in segments]
    if essay_only:
        tools = essay_tools(tools)
    if not tools:
        if fmt == "json":
            click.echo("[]")  # a script's JSON reader still gets JSON
        click.echo(_nothing_selected(catalog, query, segments, essay_only), err=True)
        usable.finish()
        raise SystemExit(1)
    if fmt == "json":
        click.echo(report.as_json(tools))
    elif fmt == "markdown":
        # Only the segments asked for; after a search, only those with a match.
        shown = segments or (None if query is None else [tool.segment for tool in tools])
        click.echo(report.as_markdown(catalog, tools, shown))
    else:
        click.echo(report.as_table(catalog, tools))
    usable.finish()
