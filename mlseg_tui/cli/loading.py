"""Finding and loading the catalog for a command, and printing its problems."""

from __future__ import annotations

from pathlib import Path

import click

from mlseg_tui.catalog.load import CatalogNotFound, LoadResult, load_catalog
from mlseg_tui.catalog.locate import resolve_catalog
from mlseg_tui.domain.model import Catalog, Problem
from mlseg_tui.domain.text import one_line, plural


def _catalog_path(ctx: click.Context, param: click.Parameter, value: str | None) -> Path | None:
    # Checked before it becomes a Path: Path("") is ".", the current folder, walked down.
    if value is not None and not value.strip():
        raise click.BadParameter("the catalog path is empty", ctx=ctx, param=param)
    return None if value is None else Path(value)


CATALOG_OPTION = click.option(
    "--catalog",
    "catalog_dir",
    type=click.Path(file_okay=False),
    callback=_catalog_path,
    default=None,
    help="Catalog folder (default: $MLSEG_CATALOG, ./catalog, or your own copy).",
)
ESSAY_ONLY_OPTION = click.option(
    "--essay-only",
    is_flag=True,
    help="Only the tools the 2020 essay listed (hide those added to the catalog since).",
)


def load(catalog_dir: Path | None) -> LoadResult:
    path = resolve_catalog(catalog_dir)
    try:
        return load_catalog(path)
    except CatalogNotFound as error:
        raise click.ClickException(one_line(str(error))) from None


def echo_problem(problem: Problem, err: bool = False) -> None:
    # File names, keys and parser messages are user text: never let them act on a terminal.
    click.echo(one_line(str(problem)), err=err)


def load_valid(catalog_dir: Path | None) -> Catalog:
    """The catalog, or exit 1 naming every error (warnings go to stderr and are not fatal)."""
    catalog = load_valid_result(catalog_dir).catalog
    assert catalog is not None
    return catalog


def load_valid_result(catalog_dir: Path | None) -> LoadResult:
    """`load_valid`'s whole load result (its catalog is never None)."""
    result = load(catalog_dir)
    for problem in result.problems:
        echo_problem(problem, err=True)
    if not result.ok or result.catalog is None:
        count = len(result.errors)
        raise click.ClickException(
            f"the catalog has {plural(count, 'error')}; run `mlseg-tui validate` for the list"
        )
    return result
