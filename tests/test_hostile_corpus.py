"""Every catalog of the corpus, in the browser: it opens with the valid tools and its
problems on screen, or the `mlseg-tui` command refuses with the reason; and no file of the
catalog changes, not by opening it, not by a save with nothing pending, and a move of a
valid tool changes that tool's file only.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import tomli
from click.testing import CliRunner
from textual.content import Content
from textual.widgets import Static

from mlseg_tui.catalog.load import load_catalog
from mlseg_tui.cli import browser
from mlseg_tui.cli.commands import main
from mlseg_tui.domain.text import one_line
from mlseg_tui.ui.app import CatalogApp
from mlseg_tui.ui.screens.problems_screen import ProblemsScreen
from tests.corpus import CASES, Case, snapshot_bytes
from tests.screen import assert_screen_is_inert, screen_text, wait_for, wait_for_notice

REFUSED = [case for case in CASES if not case.opens]
OPENED = [case for case in CASES if case.opens]


@pytest.fixture(autouse=True)
def _no_load_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLSEG_NO_CACHE", "1")


@pytest.mark.parametrize("case", REFUSED, ids=[case.name for case in REFUSED])
def test_the_browser_refuses_with_the_reason(
    case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "catalog"
    case.build(root)
    before = snapshot_bytes(root)
    monkeypatch.setattr(browser, "has_terminal", lambda: True)  # CliRunner's streams are not

    result = CliRunner().invoke(main, ["--catalog", str(root)])

    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "the catalog cannot be opened; see the problems above" in result.output
    located = [line for line in result.output.splitlines() if case.words in line]
    assert located and located[0].startswith(f"{root}/{case.where}:"), result.output
    assert snapshot_bytes(root) == before


def problems_text(app: CatalogApp) -> str:
    body = app.screen.query_one("#problems-body", Static).render()
    assert isinstance(body, Content)
    return body.plain


@pytest.mark.parametrize("case", OPENED, ids=[case.name for case in OPENED])
async def test_the_browser_opens_shows_problems_and_writes_only_what_moved(
    case: Case, tmp_path: Path
) -> None:
    root = tmp_path / "catalog"
    case.build(root)
    before = snapshot_bytes(root)
    result = load_catalog(root)
    assert result.catalog is not None
    app = CatalogApp(result, label="catalog")
    async with app.run_test(size=(160, 40), notifications=True) as pilot:
        await pilot.pause()
        # Every valid tool is in a pane; the valid tools of the corpus are on screen.
        shown_rows = sorted(index for pane in app.panes for index in pane.rows)
        assert shown_rows == list(range(len(app.tools)))
        good = app.catalog.find("Good One")
        if "no tools" not in case.name:
            assert good is not None
            app.jump_to_tool(app.tools.index(good))  # in view, even below 10k bulk tools
            await pilot.pause()
            assert "Good One" in screen_text(app)
        # The problems are announced and listed; a valid catalog is silent.
        if result.problems:
            await wait_for_notice(pilot, "press ! to list")
            await pilot.press("exclamation_mark")
            await wait_for(pilot, "Problems: ")
            assert isinstance(app.screen, ProblemsScreen)
            listed = problems_text(app)
            for problem in result.problems:
                assert one_line(problem.message) in listed
            if case.words:
                assert case.words in listed
            assert_screen_is_inert(app)
            await pilot.press("escape")
            await pilot.pause()
        else:
            assert "Catalog problems" not in screen_text(app)
        assert_screen_is_inert(app)
        # A save with nothing pending writes nothing.
        await pilot.press("ctrl+s")
        await wait_for_notice(pilot, "Nothing to save.")
        assert snapshot_bytes(root) == before
        if good is None:
            return
        # A move of a valid tool, saved, changes that tool's file and nothing else.
        await pilot.press("shift+right")
        await pilot.pause()
        assert good.segment == "narrow"
        await pilot.press("ctrl+s")
        await wait_for_notice(pilot, "1 tool saved to 1 file.")
        assert_screen_is_inert(app)
    after = snapshot_bytes(root)
    changed = {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}
    assert changed == {"tools/good-one.toml"}
    written = tomli.loads((root / "tools" / "good-one.toml").read_text(encoding="utf-8"))
    assert written["tools"][0]["segment"] == "narrow"
    assert written["tools"][0]["history"][0]["to"] == "narrow"


def test_folders_nested_beyond_the_recursion_limit_are_reported_not_crashed(
    tmp_path: Path,
) -> None:
    root = tmp_path / "catalog"
    CASES[0].build(root)
    # Made and removed one level at a time: pathlib, os.makedirs and shutil.rmtree recurse.
    levels = [root / "tools" / "/".join(["d"] * depth) for depth in range(1, 1101)]
    for level in levels:
        level.mkdir()
    (levels[-1] / "deep.toml").write_text("[[tools]]\n", encoding="utf-8")
    try:
        result = CliRunner().invoke(main, ["validate", "--catalog", str(root)])
    finally:
        (levels[-1] / "deep.toml").unlink()
        for level in reversed(levels):
            level.rmdir()

    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code == 1
    assert "folder nested over 100 deep; skipped" in result.output
