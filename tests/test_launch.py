"""The entry point opens the browser without click when the command line only asks for
that, and hands everything else, and every catalog it cannot open, to the click command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from textual.app import App

from mlseg_tui.bench.synth import synth_tools, write_catalog
from mlseg_tui.catalog import load as loader
from mlseg_tui.catalog import preview
from mlseg_tui.cli import browser, launch
from mlseg_tui.cli.launch import browser_only
from mlseg_tui.ui.app import CatalogApp
from tests.corpus import CASES

# Runs the entry point with the browser replaced by a line saying whether click was loaded.
PROBE = """
import sys
from mlseg_tui.ui import app
from mlseg_tui.cli import browser
browser.has_terminal = lambda: True  # the probe's output is captured, not a terminal
app.CatalogApp.run = lambda self: print("browser", len(self.tools), "click" in sys.modules)
sys.argv = ["mlseg-tui", *sys.argv[1:]]
from mlseg_tui.cli.launch import main
main()
"""


def run_entry(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "MLSEG_CATALOG"}
    return subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], ""),
        (["--catalog", "cat"], "cat"),
        (["--catalog=cat"], "cat"),
        (["--catalog"], None),
        (["--catalog="], None),
        (["--catalog", "--help"], None),
        (["--help"], None),
        (["--version"], None),
        (["list"], None),
        (["--catalog", "cat", "list"], None),
        (["--catalg", "cat"], None),
    ],
)
def test_browser_only_tells_plain_browser_lines(args: list[str], expected: str | None) -> None:
    assert browser_only(args) == expected


def test_browser_only_leaves_a_file_given_as_catalog_to_click(tmp_path: Path) -> None:
    afile = tmp_path / "segments.toml"
    afile.write_text("", encoding="utf-8")
    assert browser_only(["--catalog", str(afile)]) is None


def test_the_browser_opens_without_click(catalog_dir: Path) -> None:
    done = run_entry("--catalog", str(catalog_dir))
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["browser", "38", "False"]
    # With no option, ./catalog is found as before.
    done = run_entry(cwd=catalog_dir.parent)
    assert done.stdout.split() == ["browser", "38", "False"], done.stderr


def test_a_missing_catalog_is_reported_by_click(tmp_path: Path) -> None:
    done = run_entry("--catalog", str(tmp_path / "nowhere"))
    assert done.returncode == 1
    assert done.stderr.startswith("Error: ") and "nowhere" in done.stderr
    assert "browser" not in done.stdout and "Traceback" not in done.stderr


def test_a_catalog_that_cannot_open_is_reported_by_click(tmp_path: Path) -> None:
    case = next(case for case in CASES if not case.opens)
    root = tmp_path / "catalog"
    case.build(root)
    done = run_entry(f"--catalog={root}")
    assert done.returncode == 1
    assert "the catalog cannot be opened; see the problems above" in done.stderr
    assert case.words in done.stderr
    assert "browser" not in done.stdout


def test_other_command_lines_reach_click(catalog_dir: Path) -> None:
    # `validate` reads ./catalog: the group's --catalog is the browser's alone.
    done = run_entry("--catalog", str(catalog_dir), "validate", cwd=catalog_dir.parent)
    assert done.returncode == 0 and "38 tools, 0 errors" in done.stderr
    done = run_entry("--version")
    assert done.returncode == 0 and "version" in done.stdout


def test_a_failed_full_load_exits_non_zero_with_the_message_on_stderr(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Bug 2: the browser opened on a preview, the full load failed, and the exit status was 0.
    root = tmp_path / "catalog"
    write_catalog(root, synth_tools(30, seed=2))
    monkeypatch.setattr(preview, "PREVIEW_FROM_FILES", 10)
    monkeypatch.setattr(preview, "PREVIEW_TOOLS", 6)
    monkeypatch.setattr(preview, "PREVIEW_FILES", 6)

    def unreadable(path: Path, **kwargs: bool) -> loader.LoadResult:
        raise OSError(5, "Input/output error [bold]x[/]")

    monkeypatch.setattr(loader, "load_catalog", unreadable)
    monkeypatch.setattr(CatalogApp, "run", lambda self: App.run(self, headless=True))
    monkeypatch.setattr(browser, "has_terminal", lambda: True)
    monkeypatch.setattr(sys, "argv", ["mlseg-tui", "--catalog", str(root)])
    with pytest.raises(SystemExit) as exited:
        launch.main()
    assert exited.value.code == 1
    err = capsys.readouterr().err
    assert "The catalog could not be loaded" in err
    assert "Input/output error [bold]x[/]" in err  # user text, shown literally
