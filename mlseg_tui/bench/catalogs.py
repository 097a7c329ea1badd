"""The catalogs the benchmark runs on: the bundled one and seeded synthetic ones.

Generated once into the work folder and reused while the generator is unchanged.
"""

from __future__ import annotations

import hashlib
import shutil
import time
from pathlib import Path

from mlseg_tui.bench import synth, synth_words
from mlseg_tui.catalog.load import load_catalog
from mlseg_tui.catalog.locate import bundled_path

BUNDLED_SIZE = 38
LAYOUTS = ("per-file", "single-file")
SEED = 0
# The load cache trusts a file only when its last change is this much older than the read.
SETTLE_SECONDS = 2.5


def _stamp(size: int, layout: str) -> str:
    # The generator and its vocabulary: a change to either makes other catalogs.
    source = b"".join(Path(module.__file__).read_bytes() for module in (synth, synth_words))
    generator = hashlib.blake2b(source, digest_size=8).hexdigest()
    return f"{size} {layout} seed={SEED} synth={generator}\n"


def catalog_path(workdir: Path, size: int, layout: str) -> Path:
    """A catalog of `size` tools in `layout`, generated unless an identical one exists.

    `size` 38 is the bundled catalog's 38 essay tools (its single-file variant holds the
    same tools); the tools added since the essay are left out, so runs stay comparable.
    """
    root = workdir / "catalogs" / f"{size}-{layout}"
    done = root.with_name(root.name + ".done")
    stamp = _stamp(size, layout)
    if done.is_file() and done.read_text() == stamp and root.is_dir():
        return root
    shutil.rmtree(root, ignore_errors=True)
    done.unlink(missing_ok=True)
    root.parent.mkdir(parents=True, exist_ok=True)
    if size == BUNDLED_SIZE and layout == "per-file":
        shutil.copytree(bundled_path("catalog"), root)
        for path in (root / "tools").glob("*.toml"):
            if "[tools.essay]" not in path.read_text(encoding="utf-8"):
                path.unlink()
    else:
        synth.write_catalog(root, _tools(size), layout)  # type: ignore[arg-type]
    done.write_text(stamp)
    return root


def _tools(size: int) -> list[synth.Tool]:
    if size == BUNDLED_SIZE:
        catalog = load_catalog(bundled_path("catalog"), use_cache=False).catalog
        assert catalog is not None
        return [tool for tool in catalog.tools if tool.essay is not None]
    return synth.synth_tools(size, SEED)


def wait_until_settled(roots: list[Path]) -> None:
    """Sleep until every catalog is old enough for the load cache to trust its timestamps."""
    newest = max((_newest_change(root) for root in roots), default=0.0)
    delay = newest + SETTLE_SECONDS - time.time()
    if delay > 0:
        time.sleep(delay)


def _newest_change(root: Path) -> float:
    done = root.with_name(root.name + ".done")
    # The .done stamp is written after the catalog's last file.
    return done.stat().st_ctime if done.exists() else time.time()


def scratch_copy(root: Path, workdir: Path, name: str) -> Path:
    """A fresh copy of `root` that a benchmark may change."""
    target = workdir / "scratch" / name
    shutil.rmtree(target, ignore_errors=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(root, target)
    return target
