"""A tiny run of every benchmark code path (N=50), so the benchmark cannot rot.

No timing is asserted: only that each measure runs and measures what it claims to.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mlseg_tui.bench import __main__ as bench
from mlseg_tui.bench import bursts, catalogs, core, in_terminal, terminal
from mlseg_tui.bench.tmux import TERM, peak_rss_mb, tmux_server
from mlseg_tui.catalog.load import load_catalog

SIZE = 50


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLSEG_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("MLSEG_NO_CACHE", raising=False)


@pytest.mark.parametrize("layout", catalogs.LAYOUTS)
def test_core_measures(tmp_path: Path, layout: str) -> None:
    root = catalogs.catalog_path(tmp_path, SIZE, layout)
    assert catalogs.catalog_path(tmp_path, SIZE, layout) == root  # reused, not rebuilt
    files = list(root.rglob("*.toml"))
    assert len(files) == (SIZE + 1 if layout == "per-file" else 2)

    times = core.load_times(root, runs=1)
    assert times.tools == SIZE and len(times.cold) == len(times.warm) == 1

    catalog = load_catalog(root).catalog
    assert catalog is not None
    search = core.search_times(catalog, words=("kube",))
    assert sorted(search.by_length) == [1, 2, 3, 4] and len(search.all) == 4

    scratch = catalogs.scratch_copy(root, tmp_path, "save")
    assert len(core.save_times(scratch, runs=2)) == 2
    saved = "".join(path.read_text() for path in scratch.rglob("*.toml"))
    assert "Benchmark run 0" in saved and "Benchmark run 1" in saved
    assert not any("Benchmark run" in path.read_text() for path in files)  # only the copy
    for kind, mark in (("add", "Benchmark Added 1"), ("edit", "Edited in run 1.")):
        scratch = catalogs.scratch_copy(root, tmp_path, f"save-{kind}")
        assert len(core.edit_save_times(scratch, runs=2, kind=kind)) == 2
        assert mark in "".join(path.read_text() for path in scratch.rglob("*.toml"))
    assert core.load_peak_mb(root, "warm") > 0


def test_bundled_catalog_in_both_layouts(tmp_path: Path) -> None:
    for layout in catalogs.LAYOUTS:
        root = catalogs.catalog_path(tmp_path, catalogs.BUNDLED_SIZE, layout)
        result = load_catalog(root)
        assert result.catalog is not None and len(result.catalog.tools) == 38


def test_command_prints_and_writes_the_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "results.md"
    args = ["--sizes", str(SIZE), "--only", "load,search,save,memory", "--runs", "1"]
    assert bench.main([*args, "--workdir", str(tmp_path / "work"), "--markdown", str(out)]) == 0
    printed = capsys.readouterr().out
    for measure in (
        "load warm (cache)",
        "search core per keystroke",
        "move + save one tool",
        "add + save one tool",
        "edit + save one tool",
    ):
        assert measure in printed
    assert "cores:" in printed and "textual" in printed
    table = out.read_text()
    assert table.count("| load cold (parse+validate) | 50 |") == 2  # one per layout


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(SystemExit):
        bench.parse_args(["--only", "everything"])
    assert bench.parse_args(["--sizes", "38,10k"]).sizes == [38, 10_000]


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_terminal_measures(tmp_path: Path) -> None:
    root = catalogs.catalog_path(tmp_path, SIZE, "single-file")
    catalog = load_catalog(root).catalog
    assert catalog is not None
    env = {"TERM": TERM, "MLSEG_CACHE_DIR": str(tmp_path / "cache")}
    with tmux_server() as tmux:
        started = terminal.start(tmux, terminal.empty_target(), env, timeout=60)
        empty = started.session
        assert started.wall_ms > 0 and started.cpu_ms > 0
        assert empty.keystroke("k", empty.target.shows("k"), timeout=60) is not None
        tmux.stop(empty.name)

        app = terminal.start(tmux, terminal.app_target(root, catalog), env, timeout=60).session
        assert peak_rss_mb(tmux.pid(app.name)) > 0
        tmux.send(app.name, "/", literal=True)
        typed = terminal.typing(app, ["ku"], timeout=60)
        assert len(typed.typed) + typed.ambiguous == 2 and typed.timeouts == 0
        tmux.stop(app.name)


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_command_terminal_measures(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Budgets for this size too, so the rows that judge a budget run (generous: no timing).
    monkeypatch.setitem(in_terminal.STARTUP_RATIO, SIZE, 1000.0)
    monkeypatch.setitem(in_terminal.TYPING_RATIO, SIZE, 1000.0)
    args = ["--sizes", str(SIZE), "--layouts", "single-file", "--only", "startup,typing,bursts"]
    args += ["--runs", "1", "--words", "1", "--bursts", "2", "--settle", "0"]
    args += ["--workdir", str(tmp_path)]
    assert bench.main(args) == 0
    printed = capsys.readouterr().out
    for measure in (
        "start-up ratio app / empty",
        "start-up CPU: mlseg-tui",
        "app peak RSS (VmHWM) after its first disk check",
        "app peak RSS (VmHWM), first start (empty load cache)",
        "key to rendered panes (typing)",
        "key to rendered panes, 60 ms burst",
        "other key (ctrl+p) during a search",
        "burst ⌫⌫⌫flow after k8s: wrong endings, mlseg-tui search",
        "burst 3 Home m 4 fast Enter: wrong reasons, mlseg-tui",
    ):
        assert measure in printed
    assert "<= 1000x empty" in printed and "| pass" in printed


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_terminal_bursts_end_with_the_right_text(tmp_path: Path) -> None:
    """The benchmark's burst check: ⌫⌫⌫flow after k8s, sent in one go, ends as flow."""
    root = catalogs.catalog_path(tmp_path, SIZE, "single-file")
    catalog = load_catalog(root).catalog
    assert catalog is not None
    env = {"TERM": TERM, "MLSEG_CACHE_DIR": str(tmp_path / "cache")}
    with tmux_server() as tmux:
        app = terminal.start(tmux, terminal.app_target(root, catalog), env, timeout=60).session
        tmux.send(app.name, "/", literal=True)
        count = bursts.bursts(app, tries=5, timeout=60)
        tmux.stop(app.name)
    assert count.tries == 5 and count.wrong == []


@pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")
def test_terminal_move_bursts_give_the_reason_typed(tmp_path: Path) -> None:
    """The benchmark's move burst: 3 Home m 4 fast Enter in one go moves the tool with the
    reason "fast", the letters typed before the picker and the prompt opened."""
    root = catalogs.catalog_path(tmp_path, SIZE, "single-file")
    catalog = load_catalog(root).catalog
    assert catalog is not None
    env = {"TERM": TERM, "MLSEG_CACHE_DIR": str(tmp_path / "cache")}
    with tmux_server() as tmux:
        app = terminal.start(tmux, terminal.app_target(root, catalog), env, timeout=60).session
        count = bursts.move_bursts(app, tries=5, timeout=60)
        tmux.stop(app.name)
    assert count.tries == 5 and count.wrong == []
