"""The built wheel carries the catalog and styles, and runs from an empty folder."""

from __future__ import annotations

import os
import site
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str | Path, **kwargs: object) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, timeout=300, **kwargs
    )
    assert done.returncode == 0, f"{args}\n{done.stdout}\n{done.stderr}"
    return done


def test_wheel_installs_into_a_fresh_venv_and_finds_its_catalog(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    # No build isolation and no index: the build backend comes from the test extras,
    # so the test needs no network.
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
        "--no-index", "-w", dist, ROOT)  # fmt: skip
    wheel = next(dist.glob("mlseg_tui-*.whl"))

    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", venv)
    python = venv / "bin" / "python"
    # The venv sees this interpreter's site-packages only to satisfy the wheel's dependencies
    # without downloading them (a .pth line adds a folder to sys.path without running the
    # .pth files inside it, so the editable checkout stays invisible).
    venv_site = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))")
                     .stdout.strip())  # fmt: skip
    (venv_site / "deps.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    run(python, "-m", "pip", "install", "--no-index", "--force-reinstall", "--no-deps", wheel)
    run(python, "-m", "pip", "check")

    empty = tmp_path / "empty"
    empty.mkdir()
    # PYTHONPATH would put a checkout ahead of the installed wheel.
    env = {k: v for k, v in os.environ.items() if k not in ("MLSEG_CATALOG", "PYTHONPATH")}
    env |= {"HOME": str(tmp_path / "home"), "XDG_DATA_HOME": str(tmp_path / "data")}
    where = run(python, "-c", "import mlseg_tui; print(mlseg_tui.__file__)", cwd=empty, env=env)
    package = Path(where.stdout.strip()).parent
    assert package.is_relative_to(venv), package
    assert (package / "data" / "catalog" / "segments.toml").is_file()
    shipped = sorted(p.name for p in (package / "data" / "catalog" / "tools").glob("*.toml"))
    assert shipped == sorted(p.name for p in (ROOT / "catalog" / "tools").glob("*.toml"))
    assert list((package / "data" / "styles").glob("*.tcss"))

    listed = run(venv / "bin" / "mlseg-tui", "list", cwd=empty, env=env)
    assert "Amazon SageMaker" in listed.stdout
    assert "created your catalog at" in listed.stderr
    user_copy = tmp_path / "data" / "mlseg-tui" / "catalog"
    assert (user_copy / "segments.toml").is_file()
    assert list(empty.iterdir()) == []
    # The page's style and script ship inside the package.
    page = run(venv / "bin" / "mlseg-tui", "export", "--format", "html", cwd=empty, env=env)
    assert page.stdout.startswith("<!doctype html>") and "Amazon SageMaker" in page.stdout
    assert list(empty.iterdir()) == []
