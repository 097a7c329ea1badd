"""`mlseg-tui review`: what an analyst should look at (domain/review.py), as text or JSON."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from mlseg_tui.cli.loading import CATALOG_OPTION, load_usable


@click.command()
@CATALOG_OPTION
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Judge staleness as of this date (default: today).",
)
def review(catalog_dir: Path | None, fmt: str, today: dt.datetime | None) -> None:
    """List what an analyst should look at: placements the criteria disagree with, criteria
    not answered, stale reasoning, tentative placements. Exits 0: these are not errors; a
    catalog with errors is reviewed on its valid tools, its problems on stderr, exit 1."""
    from mlseg_tui.cli import review_report
    from mlseg_tui.domain.review import review as review_items

    usable = load_usable(catalog_dir)
    catalog = usable.catalog
    items = review_items(catalog, (today or dt.datetime.now()).date())
    if fmt == "json":
        click.echo(review_report.as_json(catalog, items))
    else:
        click.echo(review_report.as_text(catalog, items))
    usable.finish()
