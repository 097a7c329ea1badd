"""Finding and loading the catalog for a command, and printing its problems."""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from pathlib import Path

import click

from mlseg_tui.catalog.load import CatalogNotFound, LoadResult, load_catalog
from mlseg_tui.catalog.locate import resolve_catalog
from mlseg_tui.catalog.walk import SEGMENTS_FILE
from mlseg_tui.domain.model import Catalog, Problem
from mlseg_tui.domain.text import one_line, plural


def _catalog_path(ctx: click.Context, param: click.Parameter, value: str | None) -> Path | None:
    # Checked before it becomes a Path: Path("") is ".", the current folder, walked down.
    if value is not None and not value.strip():
        raise click.BadParameter("the catalog path is empty", ctx=ctx, param=param)
    path = None if value is None else Path(value)
    # `mlseg-tui --catalog DIR COMMAND` means the same as `mlseg-tui COMMAND --catalog DIR`.
    outer = ctx.parent.params.get("catalog_dir") if ctx.parent is not None else None
    if outer is None:
        return path
    if path is not None and path != outer:
        raise click.BadParameter(
            f"two catalogs given: {one_line(str(outer))} before the command and "
            f"{one_line(str(path))} after it",
            ctx=ctx,
            param=param,
        )
    return outer


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
    return load_from(resolve_catalog(catalog_dir))


def load_from(path: Path) -> LoadResult:
    try:
        return load_catalog(path)
    except CatalogNotFound as error:
        raise click.ClickException(one_line(str(error))) from None


def echo_problem(problem: Problem, err: bool = False) -> None:
    # File names, keys and parser messages are user text: never let them act on a terminal.
    click.echo(one_line(str(problem)), err=err)


def validate_command(path: Path) -> str:
    """The command that lists the problems of the catalog at `path`, quoted for a shell."""
    return shlex.join(["mlseg-tui", "--catalog", str(path), "validate"])


def load_valid_result(catalog_dir: Path | None) -> LoadResult:
    """The catalog to change, or exit 1 naming every error: a command that writes refuses a
    catalog with errors (warnings go to stderr and are not fatal). Its catalog is never None."""
    path = resolve_catalog(catalog_dir)
    result = load_from(path)
    for problem in result.problems:
        echo_problem(problem, err=True)
    if not result.ok or result.catalog is None:
        raise click.ClickException(
            f"the catalog has {plural(len(result.errors), 'error')}; nothing was written "
            f"(`{one_line(validate_command(path))}` lists them)"
        )
    return result


@dataclass(frozen=True)
class Usable:
    """A catalog read for output despite its errors, as the browser opens one: its valid
    tools, and how many errors left the others out."""

    catalog: Catalog
    path: Path
    errors: int

    def finish(self) -> None:
        """After the output: exit 1 when the catalog had errors, so a script or CI fails."""
        if self.errors:
            raise click.ClickException(
                f"the catalog has {plural(self.errors, 'error')} (above): only its valid "
                f"tools were used; `{one_line(validate_command(self.path))}` checks it again"
            )


def load_usable(catalog_dir: Path | None) -> Usable:
    """The catalog with its valid tools, every problem printed on stderr; exit 1 at once
    only when it cannot be used at all (its segments are unreadable)."""
    path = resolve_catalog(catalog_dir)
    result = load_from(path)
    for problem in result.problems:
        echo_problem(problem, err=True)
    if result.catalog is None:
        raise click.ClickException(
            f"the catalog cannot be used (see {SEGMENTS_FILE} above); "
            f"`{one_line(validate_command(path))}` lists its problems"
        )
    return Usable(result.catalog, path, len(result.errors))
