"""Saves that create or delete a file (issue 13), failing at each step: nothing is left
half done (no partial new file, no temp file, a file to delete still whole), the change
stays pending, and the report says which files were written and which are pending.

Each save also edits a many-tool file, which must be written whatever happens to the
other; faults are injected by patching (the tests run as root), never with file modes.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest

from mlseg_tui.catalog.load import load_catalog
from mlseg_tui.domain.edits import EditSession
from mlseg_tui.domain.model import SourceRef, Tool
from mlseg_tui.store import atomic
from mlseg_tui.store.catalog_store import CatalogStore
from tests.corpus import SEGMENTS, tool

ONE = "# one tool\n" + tool("Solo", "narrow", 'aliases = ["S"]\n')
MANY = "# many tools\n\n" + "\n".join(
    tool(n, s) for n, s in (("Alpha", "narrow"), ("Beta", "other"))
)
STEPS = ["mkstemp", "write", "chmod", "fsync", "fstat", "close", "link"]


@pytest.fixture(autouse=True)
def _no_load_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLSEG_NO_CACHE", "1")


class Setup:
    def __init__(self, root: Path) -> None:
        (root / "tools").mkdir(parents=True)
        (root / "segments.toml").write_text(SEGMENTS, encoding="utf-8")
        (root / "tools" / "solo.toml").write_text(ONE, encoding="utf-8")
        (root / "many.toml").write_text(MANY, encoding="utf-8")
        self.root = root
        result = load_catalog(root)
        assert result.ok and result.catalog is not None
        self.catalog = result.catalog
        self.store = CatalogStore(result)
        self.session = EditSession(self.catalog)
        beta = self.catalog.find("Beta")
        assert beta is not None
        self.session.edit(beta, {"vendor": "B Inc."})
        self.files = self.snapshot()

    def snapshot(self) -> dict[str, bytes]:
        return {
            str(p.relative_to(self.root)): p.read_bytes()
            for p in sorted(self.root.rglob("*"))
            if p.is_file()
        }


def fail(code: int) -> OSError:
    return OSError(code, os.strerror(code))


def inject(step: str, target: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make `step` fail while the store creates the file named `target`."""
    ours: list[int] = []
    real_mkstemp = atomic.tempfile.mkstemp

    def mkstemp(*args: Any, **kwargs: Any) -> tuple[int, str]:
        if kwargs.get("prefix", "").startswith(f".{target}."):
            if step == "mkstemp":
                raise fail(errno.ENOSPC)
            fd, name = real_mkstemp(*args, **kwargs)
            ours.append(fd)
            return fd, name
        return real_mkstemp(*args, **kwargs)

    monkeypatch.setattr(atomic.tempfile, "mkstemp", mkstemp)
    if step == "link":
        monkeypatch.setattr(
            os, "link", lambda *args, **kwargs: (_ for _ in ()).throw(fail(errno.EIO))
        )
        return
    name = {"chmod": "fchmod"}.get(step, step)
    if name not in ("write", "fchmod", "fsync", "fstat", "close"):
        return
    real = getattr(os, name)

    def failing(fd: int, *args: Any) -> Any:
        if fd in ours:
            if name == "close":
                real(fd)
            raise fail(errno.EIO)
        return real(fd, *args)

    monkeypatch.setattr(os, name, failing)


@pytest.mark.parametrize("step", STEPS)
def test_a_new_file_that_fails_to_be_created_is_absent_and_its_add_pending(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    setup = Setup(tmp_path / "catalog")
    path = setup.root / "tools" / "feast.toml"
    feast = Tool("Feast", "narrow", "Serves features.", SourceRef(path, -1))
    setup.session.add(feast, new_file=True)
    inject(step, "feast.toml", monkeypatch)

    report = setup.store.save(setup.session)

    assert not path.exists()
    assert not list(setup.root.rglob(".*.tmp"))
    assert report.written == [setup.root / "many.toml"]  # the other file is saved
    assert [p for p, _ in report.failures] == [path] and report.pending == [path]
    assert [c.tool for c in setup.session.changes()] == [feast]
    monkeypatch.undo()
    report = setup.store.save(setup.session)
    assert report.ok and report.created == [path] and setup.session.pending_count == 0


@pytest.mark.parametrize("code", [errno.EIO, errno.EACCES, errno.EROFS])
def test_a_file_that_fails_to_be_deleted_stays_whole_and_its_removal_pending(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    setup = Setup(tmp_path / "catalog")
    solo = setup.catalog.find("Solo")
    assert solo is not None
    setup.session.remove(solo)
    real_unlink = os.unlink

    def unlink(path: Any, *args: Any, **kwargs: Any) -> None:
        if Path(path).name == "solo.toml":
            raise fail(code)
        real_unlink(path, *args, **kwargs)

    monkeypatch.setattr(os, "unlink", unlink)
    report = setup.store.save(setup.session)

    path = setup.root / "tools" / "solo.toml"
    assert path.read_text(encoding="utf-8") == ONE
    assert report.written == [setup.root / "many.toml"] and report.pending == [path]
    assert setup.session.is_removed(solo) and setup.session.pending_count == 1
    monkeypatch.undo()
    assert setup.store.save(setup.session).removed_files == [path] and not path.exists()


def test_a_file_that_changed_on_disk_is_not_deleted(tmp_path: Path) -> None:
    setup = Setup(tmp_path / "catalog")
    solo = setup.catalog.find("Solo")
    assert solo is not None
    setup.session.remove(solo)
    path = setup.root / "tools" / "solo.toml"
    path.write_text(ONE + 'vendor = "edited elsewhere"\n', encoding="utf-8")

    report = setup.store.save(setup.session)

    assert report.conflicts == [path] and path.exists()
    assert setup.session.pending_count == 1


def test_a_new_file_never_replaces_one_even_where_links_are_not_supported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "new.toml"
    monkeypatch.setattr(os, "link", lambda *a, **k: (_ for _ in ()).throw(fail(errno.EPERM)))

    atomic.create_parts(target, [b"first\n"])
    with pytest.raises(FileExistsError):
        atomic.create_parts(target, [b"second\n"])

    assert target.read_bytes() == b"first\n"
    assert [p.name for p in tmp_path.iterdir()] == ["new.toml"]


def test_create_refuses_a_dangling_symlink_in_the_way(tmp_path: Path) -> None:
    target = tmp_path / "new.toml"
    target.symlink_to(tmp_path / "elsewhere.toml")

    with pytest.raises(FileExistsError):
        atomic.create_parts(target, [b"data\n"])

    assert not (tmp_path / "elsewhere.toml").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_temp_names_of_new_files_match_the_sweep(tmp_path: Path) -> None:
    _, name = tempfile.mkstemp(prefix=".feast.toml.", suffix=".tmp", dir=tmp_path)
    assert atomic.STALE_TEMP_NAME.fullmatch(Path(name).name)
