"""`mlseg-tui export`: parses the options; the formats themselves live in `publish`."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from mlseg_tui.cli import formats as report
from mlseg_tui.cli.loading import CATALOG_OPTION, ESSAY_ONLY_OPTION, load_usable
from mlseg_tui.domain.essay_list import essay_tools
from mlseg_tui.domain.model import Catalog
from mlseg_tui.domain.segment_order import listed
from mlseg_tui.domain.text import one_line, visible
from mlseg_tui.publish.export import DEFAULT_TITLE, FORMATS, ExportOptions
from mlseg_tui.publish.export import export as publish_export
from mlseg_tui.publish.files import PublishFileError, find_logos, write_output
from mlseg_tui.publish.landscape import LandscapeError
from mlseg_tui.publish.radar import LayoutError, QuadrantScheme

PLAIN_FORMATS = ("markdown", "json", "essay")
# list's default, a table, is not a format to keep: the export's reads as a document.
DEFAULT_FORMAT = "markdown"
RADAR_FORMATS = ("byor-csv", "byor-json", "backstage", "landscape2")
# Options that only mean something for some formats, and those formats.
ONLY_FOR = {
    "quadrants": RADAR_FORMATS,
    "other": RADAR_FORMATS,
    "logos": ("landscape2",),
    "as_of": ("backstage", "html"),
    "title": ("html",),
}


def _refuse_unused(ctx: click.Context, fmt: str) -> None:
    for name, formats in ONLY_FOR.items():
        if fmt in formats:
            continue
        if ctx.get_parameter_source(name) is click.core.ParameterSource.COMMANDLINE:
            option = "--date" if name == "as_of" else f"--{name}"
            raise click.UsageError(f"{option} applies to {', '.join(formats)}, not {fmt}")


def _plain(fmt: str, catalog: Catalog, essay_only: bool) -> str:
    tools = essay_tools(catalog.tools) if essay_only else catalog.tools
    if fmt != "essay":  # the essay's list has its own order
        tools = listed(catalog.segments, tools)
    if fmt == "json":
        return report.as_json(tools) + "\n"
    if fmt == "essay":
        try:
            return report.as_essay(catalog, tools) + "\n"
        except ValueError as error:
            raise click.ClickException(one_line(str(error))) from None
    return report.as_markdown(catalog, tools) + "\n"


@click.command()
@CATALOG_OPTION
@click.option(
    "--format",
    "fmt",
    type=click.Choice([*PLAIN_FORMATS, *FORMATS]),
    default=DEFAULT_FORMAT,
    show_default=True,
)
@ESSAY_ONLY_OPTION
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file (atomically) instead of stdout.",
)
@click.option("--force", is_flag=True, help="Replace the --output file if it exists.")
@click.option(
    "--quadrants",
    default="stage",
    show_default=True,
    help="Radar quadrants: stage (lifecycle stages from tags) or tags:A,B,C (one a tag).",
)
@click.option(
    "--other",
    type=click.Choice(["ring", "omit"]),
    default="ring",
    show_default=True,
    help="The Other segment as the outermost ring, or left off the radar.",
)
@click.option(
    "--date",
    "as_of",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="The date the map is as of (default: today).",
)
@click.option(
    "--logos",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    help="landscape2: a folder with one SVG logo per tool, named <slug>.svg.",
)
@click.option("--title", default=DEFAULT_TITLE, show_default=True, help="html: the page title.")
@click.pass_context
def export(
    ctx: click.Context,
    catalog_dir: Path | None,
    fmt: str,
    essay_only: bool,
    output: Path | None,
    force: bool,
    quadrants: str,
    other: str,
    as_of: dt.datetime | None,
    logos: Path | None,
    title: str,
) -> None:
    """Write the whole catalog in a format others read: markdown (the default: its current
    state, by segment), JSON, essay (the 2020 essay's own list), a radar (Build Your Own
    Radar CSV or JSON, Backstage tech-radar JSON), a landscape2 data.yml, or one HTML page.
    docs/formats.md maps each field. A catalog with errors is exported with its valid
    tools, its problems on stderr, and exit status 1."""
    if force and output is None:
        raise click.UsageError("--force goes with --output")
    _refuse_unused(ctx, fmt)
    notes: list[str] = []
    if fmt in PLAIN_FORMATS:
        usable = load_usable(catalog_dir)
        text = _plain(fmt, usable.catalog, essay_only)
    else:
        try:
            options = ExportOptions(
                quadrants=QuadrantScheme.parse(quadrants),
                include_other=other == "ring",
                as_of=as_of.date() if as_of else dt.date.today(),
                logos=find_logos(logos) if logos else {},
                title=title,
            )
        except (LayoutError, PublishFileError) as error:
            raise click.BadParameter(one_line(str(error))) from None
        usable = load_usable(catalog_dir)
        catalog = usable.catalog
        tools = essay_tools(catalog.tools) if essay_only else None
        try:
            exported = publish_export(catalog, fmt, options, tools)
        except (LayoutError, LandscapeError) as error:
            raise click.ClickException(one_line(str(error))) from None
        text, notes = exported.text, exported.notes
    if output is None:
        # The bytes as they are for a pipe; a terminal is shown what it would act on.
        click.echo(visible(text) if sys.stdout.isatty() else text, nl=False)
    else:
        try:
            write_output(output, text, force)
        except PublishFileError as error:
            raise click.ClickException(one_line(str(error))) from None
        click.echo(f"Wrote {one_line(str(output))} ({fmt})", err=True)
    for note in notes:
        click.echo(f"note: {one_line(note)}", err=True)
    usable.finish()
