"""Two writers at once: a save never overwrites another writer's save unseen.

Two processes saving moves of different tools into one file, as fast as they can; two
browsers open on one catalog; the browser and `mlseg-tui move`. Whoever saves second
learns of the conflict and chooses: reload, overwrite (which keeps the other writer's
changes to other tools) or cancel (its moves stay pending). No update is lost unless the
user chose to overwrite that very tool.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import tomli

from .corpus import SEGMENTS, tool

CHILD = Path(__file__).with_name("two_writers_child.py")
ROUNDS = 80


def build(root: Path) -> Path:
    root.mkdir(parents=True)
    (root / "segments.toml").write_text(SEGMENTS, encoding="utf-8")
    path = root / "many.toml"
    path.write_text("# shared\n" + "\n".join(tool(n) for n in ("Alpha", "Beta", "Gamma")))
    return path


def history_lengths(path: Path) -> dict[str, int]:
    tables = tomli.loads(path.read_text(encoding="utf-8"))["tools"]
    return {table["name"]: len(table.get("history", [])) for table in tables}


@pytest.fixture(autouse=True)
def _no_load_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLSEG_NO_CACHE", "1")


def test_two_processes_saving_one_file_lose_no_update(tmp_path: Path) -> None:
    path = build(tmp_path / "catalog")
    start = tmp_path / "start"
    writers = [
        subprocess.Popen(
            [sys.executable, str(CHILD), str(path.parent), name, str(ROUNDS), str(start)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("Alpha", "Beta")
    ]
    start.touch()  # both writers go
    outputs = [writer.communicate(timeout=120) for writer in writers]

    for writer, (out, err) in zip(writers, outputs, strict=True):
        assert writer.returncode == 0, err
        assert out.startswith(f"saved {ROUNDS} conflicts "), out
    print(" / ".join(out.strip() for out, _ in outputs))
    # Every move each writer saved is in the file: none was overwritten unseen.
    assert history_lengths(path) == {"Alpha": ROUNDS, "Beta": ROUNDS, "Gamma": 0}


def test_a_save_between_our_read_and_our_rename_is_a_conflict(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The other writer's save lands while ours is writing its temp file (deterministic)."""
    import os

    from mlseg_tui import storage
    from mlseg_tui.edits import EditSession
    from mlseg_tui.loader import load_catalog

    path = build(tmp_path / "catalog")
    catalog = load_catalog(path.parent).catalog
    assert catalog is not None
    session = EditSession(catalog)
    alpha = catalog.find("Alpha")
    assert alpha is not None
    session.move(alpha, "other")
    theirs = path.read_text(encoding="utf-8").replace('name = "Gamma"', 'name = "Gamma 2"')
    real_fsync = os.fsync
    done: list[bool] = []

    def fsync_then_they_save(fd: int) -> None:
        real_fsync(fd)
        if not done:  # our temp file is written: now the other writer saves
            done.append(True)
            storage.atomic_write(path, theirs.encode())

    monkeypatch.setattr(os, "fsync", fsync_then_they_save)
    report = storage.save(catalog, session)
    monkeypatch.undo()

    assert done and report.conflicts == [path] and report.written == []
    assert path.read_text(encoding="utf-8") == theirs
    assert session.dirty_tools() == [alpha]
    assert sorted(p.name for p in path.parent.iterdir()) == ["many.toml", "segments.toml"]
