"""Issue 11 at the command line, through the real entry point in a subprocess: the user's
own catalog is never overwritten by the bundled one (item 1), the browser refuses to run
without a terminal (item 6), an OSError at the edges is one line and exit 1 (item 9), and an
empty --catalog is refused (item 13). Each case: exit code, a message naming the file, no
traceback, no hang, no byte changed."""

from __future__ import annotations

import errno
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mlseg_tui.catalog import locate
from tests.corpus import snapshot_bytes

pytestmark = pytest.mark.timeout(60)


def run(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None, **kwargs: object
) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k != "MLSEG_CATALOG"}
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-c", "from mlseg_tui.cli.launch import main; main()", *args],
        capture_output=kwargs.pop("stdout", None) is None,
        text=True,
        env={**base, **(env or {})},
        cwd=cwd,
        timeout=45,
        **kwargs,
    )


@pytest.fixture
def data_home(tmp_path: Path) -> dict[str, str]:
    """An XDG data home of its own, and a working folder with no ./catalog."""
    (tmp_path / "work").mkdir()
    return {"XDG_DATA_HOME": str(tmp_path / "data")}


def test_the_user_catalog_with_segments_missing_is_reported_not_overwritten(
    tmp_path: Path, data_home: dict[str, str]
) -> None:
    work = tmp_path / "work"
    done = run("move", "MLflow", "narrow", "--reason", "my own edit", env=data_home, cwd=work)
    assert done.returncode == 0, done.stderr
    assert "created your catalog" in done.stderr
    user = tmp_path / "data" / "mlseg-tui" / "catalog"
    (user / "segments.toml").rename(tmp_path / "segments.toml.away")
    before = snapshot_bytes(user)

    done = run("list", env=data_home, cwd=work)

    assert done.returncode == 1
    assert f"{user}/segments.toml:1:1: error: missing segments.toml" in done.stderr
    assert "created your catalog" not in done.stderr and "Traceback" not in done.stderr
    assert snapshot_bytes(user) == before
    assert "my own edit" in (user / "tools" / "mlflow.toml").read_text(encoding="utf-8")


def test_a_link_planted_as_the_user_catalog_is_never_written_through(
    tmp_path: Path, data_home: dict[str, str]
) -> None:
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "keep.txt").write_text("mine", encoding="utf-8")
    (tmp_path / "data" / "mlseg-tui").mkdir(parents=True)
    (tmp_path / "data" / "mlseg-tui" / "catalog").symlink_to(victim, target_is_directory=True)

    done = run("validate", env=data_home, cwd=tmp_path / "work")

    assert done.returncode == 1 and "missing segments.toml" in done.stdout
    assert sorted(os.listdir(victim)) == ["keep.txt"]


def test_a_first_use_copy_that_fails_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = tmp_path / "data" / "catalog"
    monkeypatch.setattr(locate, "user_catalog_path", lambda: user)
    monkeypatch.delenv("MLSEG_CATALOG", raising=False)
    monkeypatch.chdir(tmp_path)
    copied = 0
    real_copy = shutil.copyfile

    def fill_the_disk(source: str, target: str, **kwargs: object) -> object:
        nonlocal copied
        copied += 1
        if copied > 5:
            raise OSError(errno.ENOSPC, "No space left on device", target)
        return real_copy(source, target, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(shutil, "copyfile", fill_the_disk)
    with pytest.raises(locate.CatalogSetupError, match=f"cannot create your catalog at {user}"):
        locate.resolve_catalog(None)
    assert os.listdir(user.parent) == []  # no catalog, no temporary folder
    monkeypatch.setattr(shutil, "copyfile", real_copy)
    assert locate.resolve_catalog(None) == user  # the next run makes it whole
    bundled = locate.bundled_path("catalog")
    assert sorted(p.name for p in (user / "tools").glob("*.toml")) == sorted(
        p.name for p in (bundled / "tools").glob("*.toml")
    )


def test_a_data_home_that_is_a_file_is_one_line(tmp_path: Path) -> None:
    afile = tmp_path / "data"
    afile.write_text("not a folder", encoding="utf-8")
    (tmp_path / "work").mkdir()
    done = run("list", env={"XDG_DATA_HOME": str(afile)}, cwd=tmp_path / "work")
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines() == [
        f"mlseg-tui: error: cannot create your catalog at {afile}/mlseg-tui/catalog: "
        f"Not a directory ({afile}/mlseg-tui)"
    ]
    assert afile.read_text(encoding="utf-8") == "not a folder"


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_output_to_a_full_disk_is_one_line(catalog_dir: Path) -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-c", "from mlseg_tui.cli.launch import main; main()", "list",
             "--catalog", str(catalog_dir)],
            stdout=full, stderr=subprocess.PIPE, text=True, timeout=45,
        )  # fmt: skip
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "mlseg-tui: error: cannot write the output: No space left on device"
    ]


def test_the_browser_without_a_terminal_refuses_at_once(catalog_dir: Path, tmp_path: Path) -> None:
    before = snapshot_bytes(catalog_dir)
    out = tmp_path / "out"
    with open(out, "w") as written:
        done = subprocess.run(
            [sys.executable, "-c", "from mlseg_tui.cli.launch import main; main()",
             "--catalog", str(catalog_dir)],
            stdin=subprocess.DEVNULL, stdout=written, stderr=subprocess.PIPE, text=True,
            timeout=45,
        )  # fmt: skip
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "needs a terminal" in lines[0]
    for command in ("list", "export", "validate"):
        assert f"mlseg-tui {command}" in lines[0]
    assert out.read_text() == ""  # no escape codes
    assert snapshot_bytes(catalog_dir) == before
    # Through click too (a subcommand-less line it parses).
    done = run("--catalog=" + str(catalog_dir), "--catalog", str(catalog_dir))
    assert done.returncode == 2 and "needs a terminal" in done.stderr


def test_an_empty_catalog_path_is_refused(tmp_path: Path) -> None:
    (tmp_path / "tools").mkdir()
    (tmp_path / "tools" / "x.toml").write_text("junk", encoding="utf-8")
    for args in (["--catalog", ""], ["validate", "--catalog", ""], ["list", "--catalog", " "]):
        done = run(*args, cwd=tmp_path)
        assert done.returncode == 2, (args, done.stderr)
        assert "the catalog path is empty" in done.stderr
        assert "Traceback" not in done.stderr


def test_validate_never_prints_raw_c1_bytes_of_a_file_name(tmp_path: Path) -> None:
    from tests.corpus import CASES

    root = tmp_path / "catalog"
    next(case for case in CASES if case.name == "a file name of raw C1 bytes").build(root)
    for encoding in ("utf-8", "utf-8:surrogateescape"):
        done = subprocess.run(
            [sys.executable, "-c", "from mlseg_tui.cli.launch import main; main()", "validate",
             "--catalog", str(root)],
            capture_output=True, timeout=45, env={**os.environ, "PYTHONIOENCODING": encoding},
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        out = done.stdout + done.stderr
        assert b"\\x9b2J\\x9dx\\x9c.toml:5:1: warning: unknown field" in out
        assert b"\x9b" not in out and b"\xc2\x9b" not in out and b"\x9d" not in out


def test_a_reason_that_is_not_utf8_is_blamed_on_the_reason(catalog_dir: Path) -> None:
    before = snapshot_bytes(catalog_dir)
    done = subprocess.run(
        [sys.executable, "-m", "mlseg_tui", "move", "MLflow", "narrow", "--reason",
         os.fsdecode(b"bad \xff byte"), "--catalog", str(catalog_dir)],
        capture_output=True, text=True, timeout=45,
    )  # fmt: skip
    assert done.returncode == 2
    assert "--reason" in done.stderr and "the reason is not UTF-8 text (0xff at character 5)" in (
        done.stderr
    )
    assert "MLflow" not in done.stderr and "Traceback" not in done.stderr
    assert snapshot_bytes(catalog_dir) == before


def test_validate_counts_the_tools_when_segments_toml_is_broken(catalog_dir: Path) -> None:
    from mlseg_tui.catalog.load import load_catalog

    loaded = load_catalog(catalog_dir, use_cache=False).catalog
    assert loaded is not None
    (catalog_dir / "segments.toml").write_text("x = [", encoding="utf-8")
    done = run("validate", "--catalog", str(catalog_dir))
    assert done.returncode == 1
    assert f"{catalog_dir}/segments.toml:1:6: error: malformed TOML" in done.stdout
    count = len(loaded.tools)
    assert f"{count} tools read, but the catalog cannot be used (see segments.toml)" in done.stderr
    assert "0 tools" not in done.stderr


def test_a_reader_that_stops_early_ends_the_output_quietly(catalog_dir: Path) -> None:
    read, write = os.pipe()
    os.close(read)  # `| head` that has had enough before the first line
    done = subprocess.run(
        [sys.executable, "-c", "from mlseg_tui.cli.launch import main; main()", "list",
         "--catalog", str(catalog_dir)],
        stdout=write, stderr=subprocess.PIPE, text=True, timeout=45,
    )  # fmt: skip
    os.close(write)
    assert done.returncode == 1
    assert done.stderr == ""  # no traceback, no "Exception ignored"


def test_a_textual_driver_other_than_the_terminal_is_let_through(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # `mlseg-tui serve` runs the app with pipes under textual-serve's web driver.
    from mlseg_tui.cli import browser

    monkeypatch.setenv("TEXTUAL_DRIVER", "textual.drivers.web_driver:WebDriver")
    assert browser.has_terminal()
    monkeypatch.delenv("TEXTUAL_DRIVER")
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert not browser.has_terminal()
