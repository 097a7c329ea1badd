"""`mlseg-tui import`: a radar file read into the catalog through the edit session and the
store, as the app's own edits are; options and prompts here, the mapping in `publish`."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from functools import partial
from pathlib import Path

import click

from mlseg_tui.catalog.load import NO_TOOLS, LoadResult
from mlseg_tui.catalog.locate import resolve_catalog
from mlseg_tui.cli.loading import CATALOG_OPTION, echo_problem, load_from, validate_command
from mlseg_tui.cli.names import require_segment
from mlseg_tui.domain.model import Catalog, Problem
from mlseg_tui.domain.text import one_line, plural
from mlseg_tui.publish import backstage, byor
from mlseg_tui.publish.files import PublishFileError, read_radar
from mlseg_tui.publish.import_plan import (
    CREATE,
    DIFFERS,
    SAME,
    UPDATE,
    RingMappingError,
    ToolPlan,
    map_rings,
    plan_import,
    rings_needing_choice,
)
from mlseg_tui.publish.items import RadarFile

PARSERS = {"byor-csv": byor.parse_csv, "byor-json": byor.parse_json, "backstage": backstage.parse}


def _catalog(catalog_dir: Path | None) -> LoadResult:
    """The catalog to import into; an empty one (no tools yet) is fine."""
    path = resolve_catalog(catalog_dir)
    result = load_from(path)
    errors = [p for p in result.errors if not (p.message == NO_TOOLS and result.catalog)]
    for problem in result.problems:
        if problem.message != NO_TOOLS:
            echo_problem(problem, err=True)
    if errors or result.catalog is None:
        raise click.ClickException(
            f"the catalog has {plural(len(errors), 'error')}; nothing imported "
            f"(`{one_line(validate_command(path))}` lists them)"
        )
    return result


def _given_rings(values: Sequence[str]) -> dict[str, str]:
    given = {}
    for value in values:
        ring, equals, segment = value.rpartition("=")
        if not equals or not ring.strip() or not segment.strip():
            raise click.BadParameter(f"{value!r}: expected RING=SEGMENT", param_hint="--ring")
        given[ring.strip()] = segment.strip()
    return given


def interactive() -> bool:
    """Whether a person can answer questions: stdin is a terminal."""
    return sys.stdin.isatty()


def _ask_rings(radar: RadarFile, catalog: Catalog, given: dict[str, str]) -> dict[str, str]:
    """On a terminal, ask for each ring that matches no segment and was not given."""
    folded = {key.casefold() for key in given}
    open_rings = [
        ring
        for ring in rings_needing_choice(radar.rings, catalog)
        if ring.id.casefold() not in folded and ring.name.casefold() not in folded
    ]
    if not open_rings or not interactive():
        return given
    ids = ", ".join(catalog.segment_ids())
    for ring in open_rings:
        prompt = f"Segment for the ring {one_line(ring.name)!r} ({ids}, or a title)"
        # An id or a title, any case, as everywhere; an unknown one is asked again.
        answer = partial(require_segment, catalog)
        given[ring.id] = click.prompt(prompt, value_proc=answer, err=True)
    return given


def _describe(plan: ToolPlan) -> str:
    name = one_line(plan.item.name)
    if plan.action == CREATE:
        return f"create {name} in {plan.incoming.segment} ({plan.incoming.tags[0]})"
    if plan.action == SAME:
        return f"same   {name}"
    changed = ", ".join(plan.changes)
    if plan.action == UPDATE:
        return f"update {name}: {changed}"
    return f"differs {name}: {changed} (left as it is; --update applies the file's values)"


def _fail(problems: Sequence[Problem], path: Path) -> None:
    for problem in problems:
        echo_problem(problem, err=True)
    raise click.ClickException(
        f"{one_line(str(path))}: {plural(len(problems), 'problem')}; nothing imported"
    )


@click.command(name="import")
@CATALOG_OPTION
@click.option("--format", "fmt", type=click.Choice(list(PARSERS)), required=True)
@click.argument("radar_file", metavar="FILE", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Print what would change; write nothing.")
@click.option("--update", is_flag=True, help="Overwrite tools that differ with the file's values.")
@click.option(
    "--ring",
    "rings",
    multiple=True,
    metavar="RING=SEGMENT",
    help="Put a ring's tools in a segment (id or title); asked on a terminal when unclear.",
)
@click.option(
    "--file",
    "into",
    type=click.Path(dir_okay=False, path_type=Path),
    help="For a catalog that keeps many tools a file: the file new tools are added to.",
)
def import_radar(
    catalog_dir: Path | None,
    fmt: str,
    radar_file: Path,
    dry_run: bool,
    update: bool,
    rings: tuple[str, ...],
    into: Path | None,
) -> None:
    """Create or update tools from a radar FILE (Build Your Own Radar CSV or JSON, or
    Backstage tech-radar JSON): rings become segments, descriptions reasonings, Backstage
    timelines history. A tool that differs is reported and left unless --update."""
    from mlseg_tui.domain.edits import EditSession
    from mlseg_tui.publish.import_apply import apply_plans, check_plans
    from mlseg_tui.store.catalog_store import CatalogStore

    try:
        text = read_radar(radar_file)
    except PublishFileError as error:
        raise click.ClickException(one_line(str(error))) from None
    radar, problems = PARSERS[fmt](text, radar_file)
    if radar is None:
        _fail(problems, radar_file)
    assert radar is not None
    result = _catalog(catalog_dir)
    catalog = result.catalog
    assert catalog is not None
    given = _ask_rings(radar, catalog, _given_rings(rings))
    try:
        mapping = map_rings(radar.rings, catalog, given)
    except RingMappingError as error:
        raise click.ClickException(one_line(str(error))) from None
    plans = plan_import(radar, catalog, mapping, radar_file, update)
    problems = check_plans(catalog, plans, radar_file)
    if problems:
        _fail(problems, radar_file)
    for plan in plans:
        click.echo(_describe(plan))
    counts = {action: sum(p.action == action for p in plans) for action in (CREATE, UPDATE)}
    left = sum(plan.action == DIFFERS for plan in plans)
    summary = f"{plural(counts[CREATE], 'tool')} to create, {counts[UPDATE]} to update"
    if left == 1:
        summary += ", 1 that differs left as it is"
    elif left:
        summary += f", {left} that differ left as they are"
    if dry_run:
        click.echo(f"Dry run: {summary}; nothing written.", err=True)
        return
    if not counts[CREATE] and not counts[UPDATE]:
        click.echo(f"Nothing to write: {summary}.", err=True)
        return
    store = CatalogStore(result)
    session = EditSession(catalog)
    apply_plans(session, plans, into)
    report = store.save(session)
    if not report.ok:
        raise click.ClickException(f"not all imported: {one_line(report.summary())}")
    files = f"{plural(len(report.written), 'file')} written, {len(report.created)} of them new"
    click.echo(f"Imported: {summary} ({files})", err=True)
