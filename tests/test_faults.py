"""A save that fails at any step leaves the file as it was, no temp file, the change pending.

Each test patches one step of the store's atomic write (read, temp file creation, write,
chmod, fsync, fstat, close, rename, folder fsync) to fail for the first file of a save
that touches two files (a one-tool file and a many-tool file). Tests run as root, so
failures are injected by patching, never with file modes. There is no flush step to
break: the store writes the temp file with unbuffered os.write calls, so a failing write
and a short write followed by a failure stand for a failed flush.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from mlseg_tui.catalog.load import load_catalog
from mlseg_tui.domain.edits import EditSession
from mlseg_tui.domain.model import Catalog, Tool
from mlseg_tui.store import atomic
from mlseg_tui.store import file_save as store_save
from mlseg_tui.store.catalog_store import CatalogStore
from tests.corpus import SEGMENTS, tool

ONE = "# one tool\n" + tool("Solo", "narrow", 'aliases = ["S"]\n')
MANY = "# many tools\n\n" + "\n".join(
    tool(name, segment)
    for name, segment in (("Alpha", "narrow"), ("Beta", "other"), ("Gamma", "middle"))
)


@pytest.fixture(autouse=True)
def _no_load_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLSEG_NO_CACHE", "1")


@pytest.fixture(params=["small", "big"])
def size_mode(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """ "big": the store treats every file as big (hashed on a thread, bytes kept)."""
    if request.param == "big":
        monkeypatch.setattr(store_save, "BACKGROUND_HASH_BYTES", 0)
    return str(request.param)


class Setup:
    """A catalog with a pending move in a one-tool file (saved first) and a many-tool file."""

    def __init__(self, root: Path) -> None:
        (root / "tools").mkdir(parents=True)
        (root / "segments.toml").write_text(SEGMENTS, encoding="utf-8")
        self.first = root / "tools" / "solo.toml"
        self.second = root / "many.toml"
        self.first.write_text(ONE, encoding="utf-8")
        self.second.write_text(MANY, encoding="utf-8")
        self.root = root
        result = load_catalog(root)
        assert result.ok and result.catalog is not None
        self.catalog: Catalog = result.catalog
        self.store = CatalogStore(result)
        self.session = EditSession(self.catalog)
        self.solo = self.find("Solo")
        self.beta = self.find("Beta")
        self.session.move(self.solo, "middle", "Moved in a test.")
        self.session.move(self.beta, "hand-holding")
        self.hashes = self.store.snapshot()

    def find(self, name: str) -> Tool:
        found = self.catalog.find(name)
        assert found is not None
        return found

    def temp_files(self) -> list[Path]:
        return sorted(self.root.rglob(".*.tmp"))

    def reloaded(self) -> dict[str, str]:
        result = load_catalog(self.root, use_cache=False)
        assert result.ok and result.catalog is not None, [str(p) for p in result.problems]
        return {t.name: t.segment for t in result.catalog.tools}


@pytest.fixture
def setup(tmp_path: Path) -> Setup:
    return Setup(tmp_path / "catalog")


def error(code: int) -> OSError:
    return OSError(code, os.strerror(code))


class TempFds:
    """Tracks the file descriptors of the temp files the store creates."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.fds: list[int] = []
        self.names: list[str] = []
        self.first_open = False  # a closed descriptor's number is soon another file's
        real = tempfile.mkstemp
        real_close = os.close

        def mkstemp(*args: Any, **kwargs: Any) -> tuple[int, str]:
            fd, name = real(*args, **kwargs)
            self.fds.append(fd)
            self.names.append(name)
            self.first_open = len(self.fds) == 1
            return fd, name

        def close(fd: int) -> None:
            if self.fds and fd == self.fds[0]:
                self.first_open = False
            real_close(fd)

        monkeypatch.setattr(atomic.tempfile, "mkstemp", mkstemp)
        monkeypatch.setattr(os, "close", close)

    def is_first(self, fd: int) -> bool:
        """Whether `fd` is the temp file of the first file saved, still open."""
        return self.first_open and fd == self.fds[0] and len(self.fds) == 1


def inject(step: str, monkeypatch: pytest.MonkeyPatch, setup: Setup, code: int) -> None:
    """Make `step` fail for the first file the save writes (setup.first)."""
    temps = TempFds(monkeypatch)
    if step == "read":
        real_read = store_save.read_regular

        def read_regular(path: Path, *args: Any) -> bytes:
            if path == setup.first:
                raise error(code)
            return real_read(path, *args)

        monkeypatch.setattr(store_save, "read_regular", read_regular)
    elif step == "mkstemp":
        real_mkstemp = atomic.tempfile.mkstemp

        def mkstemp(*args: Any, **kwargs: Any) -> tuple[int, str]:
            if kwargs.get("prefix", "").startswith(f".{setup.first.name}."):
                raise error(code)
            return real_mkstemp(*args, **kwargs)

        monkeypatch.setattr(atomic.tempfile, "mkstemp", mkstemp)
    elif step in ("write", "short write then error"):
        real_write = os.write
        calls: list[int] = []

        def write(fd: int, data: Any) -> int:
            if temps.is_first(fd):
                calls.append(fd)
                if step == "short write then error" and len(calls) == 1:
                    return real_write(fd, bytes(data)[:7])  # a short write, then the error
                raise error(code)
            return real_write(fd, data)

        monkeypatch.setattr(os, "write", write)
    else:
        name = {"fsync": "fsync", "chmod": "fchmod", "fstat": "fstat", "close": "close"}.get(step)
        if name is not None:
            real: Callable[..., Any] = getattr(os, name)

            def fail_on_temp(fd: int, *args: Any) -> Any:
                if temps.is_first(fd):
                    if name == "close":
                        real(fd)  # the descriptor is gone even when close reports an error
                    raise error(code)
                return real(fd, *args)

            monkeypatch.setattr(os, name, fail_on_temp)
        elif step == "replace":
            real_replace = os.replace

            def replace(source: Any, target: Any) -> None:
                if Path(target) == setup.first:
                    raise error(code)
                real_replace(source, target)

            monkeypatch.setattr(os, "replace", replace)
        else:
            raise AssertionError(step)


STEPS = [
    "read",
    "mkstemp",
    "write",
    "short write then error",
    "chmod",
    "fsync",
    "fstat",
    "close",
    "replace",
]
CODES = [(errno.ENOSPC, "disk full"), (errno.EIO, "input/output error")]


@pytest.mark.parametrize("step", STEPS)
@pytest.mark.parametrize(("code", "reason"), CODES, ids=["ENOSPC", "EIO"])
def test_a_failed_step_leaves_the_file_intact_and_the_change_pending(
    setup: Setup,
    monkeypatch: pytest.MonkeyPatch,
    size_mode: str,
    step: str,
    code: int,
    reason: str,
) -> None:
    original = setup.first.read_bytes()
    inject(step, monkeypatch, setup, code)

    report = setup.store.save(setup.session)
    monkeypatch.undo()

    # The failing file: untouched, reported, still pending, its loaded hash kept.
    assert report.failures == [(setup.first, reason)]
    assert str(setup.first) in report.summary() and reason in report.summary()
    assert setup.first.read_bytes() == original
    assert setup.temp_files() == []
    assert setup.session.dirty_tools() == [setup.solo]
    assert setup.session.pending_count == 1
    assert setup.store.snapshot()[setup.first] == setup.hashes[setup.first]
    assert setup.solo.segment == "middle"  # memory still holds the change
    # The other file of the same save was written.
    assert report.written == [setup.second] and report.saved_tools == [setup.beta]
    assert setup.store.changed_on_disk() == []
    assert setup.reloaded()["Beta"] == "hand-holding"
    assert setup.reloaded()["Solo"] == "narrow"
    # Once the disk works again, the same change saves.
    assert setup.store.save(setup.session).written == [setup.first]
    assert setup.reloaded()["Solo"] == "middle"
    assert setup.session.dirty_tools() == []


def test_file_mode_survives_a_failed_and_a_retried_save(
    setup: Setup, monkeypatch: pytest.MonkeyPatch
) -> None:
    os.chmod(setup.first, 0o640)
    inject("fsync", monkeypatch, setup, errno.EIO)
    setup.store.save(setup.session)
    monkeypatch.undo()
    assert stat.S_IMODE(setup.first.stat().st_mode) == 0o640
    setup.store.save(setup.session)
    assert stat.S_IMODE(setup.first.stat().st_mode) == 0o640


@pytest.mark.parametrize("exception", [KeyboardInterrupt, MemoryError])
@pytest.mark.parametrize("step", ["write", "fsync", "replace"])
def test_an_interrupt_mid_save_leaves_no_temp_file_and_the_change_pending(
    setup: Setup, monkeypatch: pytest.MonkeyPatch, exception: type[BaseException], step: str
) -> None:
    original = setup.first.read_bytes()
    real = getattr(os, step)
    temps = TempFds(monkeypatch)

    def interrupted(*args: Any) -> Any:
        if step == "replace" or temps.is_first(args[0]):
            raise exception()
        return real(*args)

    monkeypatch.setattr(os, step, interrupted)
    with pytest.raises(exception):
        setup.store.save(setup.session)
    monkeypatch.undo()

    assert setup.first.read_bytes() == original
    assert setup.temp_files() == []
    assert set(setup.session.dirty_tools()) == {setup.solo, setup.beta}
    assert setup.store.save(setup.session).ok
    assert setup.reloaded() == {"Solo": "middle", "Alpha": "narrow", "Beta": "hand-holding",
                                "Gamma": "middle"}  # fmt: skip


# ---------------------------------------------------------------------------- folder fsync
#
# Decision: once the rename has happened the new file IS the file; a failed fsync of the
# folder afterwards only means the rename's durability across a power cut is unconfirmed
# (some file systems refuse to fsync folders at all). The old bytes are gone, so a report
# of "not saved" would be false and a retry would be a conflict-free no-op anyway: the
# save is reported as done, memory counts the file as saved, and no temp file remains.


@pytest.fixture(params=["open", "fsync"])
def folder_fsync_fails(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[list[str]]:
    failed: list[str] = []
    if request.param == "open":
        real_open = os.open

        def open_(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
            if os.path.isdir(path):
                failed.append(str(path))
                raise error(errno.EACCES)
            return real_open(path, flags, *args, **kwargs)

        monkeypatch.setattr(os, "open", open_)
    else:
        real_fsync = os.fsync

        def fsync(fd: int) -> None:
            if stat.S_ISDIR(os.fstat(fd).st_mode):
                failed.append(str(fd))
                raise error(errno.EINVAL)
            real_fsync(fd)

        monkeypatch.setattr(os, "fsync", fsync)
    yield failed


def test_a_failed_folder_fsync_after_the_rename_counts_as_saved(
    setup: Setup, folder_fsync_fails: list[str]
) -> None:
    report = setup.store.save(setup.session)

    assert folder_fsync_fails, "the folder fsync was not reached"
    assert report.ok and report.failures == []
    assert sorted(report.written) == sorted([setup.first, setup.second])
    assert "not saved" not in report.summary() and "could not" not in report.summary()
    assert setup.temp_files() == []
    assert setup.session.dirty_tools() == []
    assert setup.reloaded()["Solo"] == "middle" and setup.reloaded()["Beta"] == "hand-holding"
    assert setup.store.changed_on_disk() == []


def test_atomic_write_survives_short_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "t.toml"
    target.write_bytes(b"old")
    real_write = os.write
    sizes: list[int] = []

    def trickle(fd: int, data: Any) -> int:
        written = real_write(fd, bytes(data)[:3])
        sizes.append(written)
        return written

    monkeypatch.setattr(os, "write", trickle)
    atomic.write_parts(target, [b"0123456789" * 5])
    monkeypatch.undo()

    assert target.read_bytes() == b"0123456789" * 5
    assert len(sizes) == 17
    assert list(tmp_path.glob(".*.tmp")) == []


# ---------------------------------------------------------------------------- stale temps
#
# Decision: a save killed before its rename leaves a hidden `.NAME.xxxxxxxx.tmp`. The
# loader skips hidden files, so it never shows as a tool; the first save into that folder
# after a load removes such files of ours once they are older than any live save could
# be (atomic.STALE_TEMP_SECONDS), and leaves every other file alone.


def age(path: Path, seconds: float) -> None:
    when = path.stat().st_mtime - seconds
    os.utime(path, (when, when), follow_symlinks=False)


def test_a_save_removes_stale_temp_files_of_killed_saves_and_nothing_else(
    setup: Setup,
) -> None:
    folder = setup.first.parent
    stale = folder / ".solo.toml.k1ll3d_x.tmp"
    stale_other = folder / ".gone.toml.abcdefgh.tmp"
    fresh = folder / ".solo.toml.inflight.tmp"  # another process may be mid-save
    mine = [folder / ".notes.tmp", folder / ".solo.toml.tmp", folder / "x.toml.abcdefgh.tmp"]
    link = folder / ".link.toml.abcdefgh.tmp"
    for path in [stale, stale_other, fresh, *mine]:
        path.write_text("[[tools]]\nname = 'half a save", encoding="utf-8")
    link.symlink_to(setup.second)
    for path in [stale, stale_other, *mine, link]:
        age(path, atomic.STALE_TEMP_SECONDS + 60)
    # The loader ignores all of them (x.toml.abcdefgh.tmp does not end in .toml).
    assert load_catalog(setup.root, use_cache=False).problems == []
    before_other_folder = sorted(p.name for p in setup.root.iterdir())

    assert setup.store.save(setup.session).ok

    assert not stale.exists() and not stale_other.exists()
    assert fresh.exists() and all(path.exists() for path in mine) and link.is_symlink()
    assert sorted(p.name for p in setup.root.iterdir()) == before_other_folder
