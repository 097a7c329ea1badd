"""Issue 12 point 2: after any re-read (R, a conflict's reload or overwrite, a deleted file)
the problems `!` lists, and the count the notice gives, are exactly what `mlseg-tui
validate` reports for the folder on disk; a deleted file is announced once as removed."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from textual.pilot import Pilot
from textual.widgets import Static

from mlseg_tui.cli.commands import main
from mlseg_tui.domain.text import one_line
from mlseg_tui.ui.app import CatalogApp
from mlseg_tui.ui.screens.conflict_screen import ConflictScreen
from mlseg_tui.ui.screens.problems_screen import ProblemsScreen
from tests.conftest import make_app, settle
from tests.screen import wait_for
from tests.toasts import toasts, wait_for_toast


def validate_lines(root: Path) -> list[str]:
    """The problems `mlseg-tui validate` prints for the folder, one line each."""
    result = CliRunner().invoke(main, ["validate", "--catalog", str(root)])
    return result.stdout.splitlines()


def shown_problems(app: CatalogApp) -> list[str]:
    return [one_line(str(problem)) for problem in app.result.problems]


async def listed_by_bang(pilot: Pilot[object]) -> str:
    """The text of the `!` screen, closed again."""
    app = pilot.app
    await pilot.press("exclamation_mark")
    await pilot.pause()
    assert isinstance(app.screen, ProblemsScreen)
    title = str(app.screen.query_one("#problems-box").border_title)
    body = app.screen.query_one("#problems-body", Static).render()
    await pilot.press("escape")
    await pilot.pause()
    return f"{title}\n{getattr(body, 'plain', body)}"


async def all_done(pilot: Pilot[object]) -> None:
    """The re-read and the validation after it have answered."""
    for _ in range(3):  # the re-read's worker starts the validation's
        await settle(pilot)
        await pilot.pause(0.05)


def tool_file(root: Path, name: str) -> Path:
    for path in sorted((root / "tools").glob("*.toml")):
        if f'name = "{name}"' in path.read_text(encoding="utf-8"):
            return path
    raise AssertionError(name)


def broken(path: Path, name: str) -> str:
    """Break `path` (an unclosed string on its name line); its good text returned."""
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace(f'name = "{name}"', f'name = "{name}', 1), encoding="utf-8")
    return good


async def test_r_after_fixing_a_file_clears_its_problem_and_a_new_break_counts_one(
    catalog_dir: Path,
) -> None:
    path = tool_file(catalog_dir, "Kubeflow Pipelines")
    good = broken(path, "Kubeflow Pipelines")
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await all_done(pilot)
        assert len(validate_lines(catalog_dir)) == 1
        assert shown_problems(app) == validate_lines(catalog_dir)
        assert "1 error" in await listed_by_bang(pilot)
        assert app.catalog.find("Kubeflow Pipelines") is None

        path.write_text(good, encoding="utf-8")  # fixed on disk
        await pilot.press("R")
        await all_done(pilot)
        await wait_for_toast(pilot, "The catalog has no problems left.")
        assert app.catalog.find("Kubeflow Pipelines") is not None
        assert validate_lines(catalog_dir) == []
        assert shown_problems(app) == []
        listed = await listed_by_bang(pilot)
        assert "0 errors, 0 warnings" in listed and "No problems" in listed

        broken(path, "Kubeflow Pipelines")  # broken again: one error, not two
        await pilot.press("R")
        await all_done(pilot)
        await wait_for_toast(pilot, "The catalog has 1 problem (1 error)")
        assert not any("2 problems" in toast or "2 errors" in toast for toast in toasts(app))
        assert shown_problems(app) == validate_lines(catalog_dir)
        assert len(shown_problems(app)) == 1
        listed = await listed_by_bang(pilot)
        assert "Problems: 1 error, 0 warnings" in listed
        assert validate_lines(catalog_dir)[0] in one_line(listed.replace("\n", " "))


async def test_a_conflicts_reload_shows_what_validate_says_of_every_file(
    catalog_dir: Path,
) -> None:
    # A file broken at start, fixed while another file's conflict is resolved by `r`:
    # the list follows the whole folder, not only the file re-read.
    kubeflow = tool_file(catalog_dir, "Kubeflow Pipelines")
    good = broken(kubeflow, "Kubeflow Pipelines")
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await all_done(pilot)
        assert len(shown_problems(app)) == 1
        tool = app.view.current_tool()
        assert tool is not None
        other = tool.source.path
        await pilot.press("L")  # a move to save
        await pilot.pause()
        assert app.session.pending_count == 1
        with other.open("a", encoding="utf-8") as handle:
            handle.write("\n# edited by someone else\n")
        kubeflow.write_text(good, encoding="utf-8")
        await pilot.press("ctrl+s")
        await wait_for(pilot, "File changed on disk")
        assert isinstance(app.screen, ConflictScreen)
        await pilot.press("r")
        await all_done(pilot)
        assert validate_lines(catalog_dir) == []
        assert shown_problems(app) == []
        assert "No problems" in await listed_by_bang(pilot)


async def test_overwrite_keeps_the_list_true_to_the_folder(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await all_done(pilot)
        assert shown_problems(app) == []
        tool = app.view.current_tool()
        assert tool is not None
        other = tool.source.path
        await pilot.press("L")
        await pilot.pause()
        with other.open("a", encoding="utf-8") as handle:
            handle.write("\n# edited by someone else\n")
        # Broken meanwhile:
        broken(tool_file(catalog_dir, "Kubeflow Pipelines"), "Kubeflow Pipelines")
        await pilot.press("ctrl+s")
        await wait_for(pilot, "File changed on disk")
        await pilot.press("o")
        await all_done(pilot)
        await wait_for_toast(pilot, "The catalog has 1 problem (1 error)")
        assert shown_problems(app) == validate_lines(catalog_dir)
        assert len(shown_problems(app)) == 1


async def test_a_deleted_file_is_announced_once_as_removed_not_kept_as_a_warning(
    catalog_dir: Path,
) -> None:
    path = tool_file(catalog_dir, "Kubeflow Pipelines")
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await all_done(pilot)
        path.unlink()
        app.disk_watch.check()
        await all_done(pilot)
        await wait_for_toast(pilot, "deleted on disk. Press R")
        await pilot.press("R")
        await all_done(pilot)
        await wait_for_toast(pilot, "was deleted on disk: its tools left the browser")
        shown = toasts(app)
        assert sum("its tools left the browser" in toast for toast in shown) == 1
        assert not any("Press R to drop" in toast for toast in shown)  # withdrawn
        assert app.catalog.find("Kubeflow Pipelines") is None
        assert shown_problems(app) == validate_lines(catalog_dir) == []
        assert "No problems" in await listed_by_bang(pilot)
        await pilot.press("R")  # nothing more to say about it
        await all_done(pilot)
        await wait_for_toast(pilot, "No catalog file changed on disk.")
        assert sum("its tools left the browser" in toast for toast in toasts(app)) <= 1
        assert shown_problems(app) == []
