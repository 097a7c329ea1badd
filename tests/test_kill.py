"""SIGKILL at random moments of saves: every file is always its old or its new version.

A helper process (killsave_child.py) forks workers that load a catalog and save random
moves in a loop; the test kills each worker at a random moment, then checks every file of
the catalog against the two versions it may hold: the last one written in full, and the
one the killed worker announced it was about to write. The catalog mixes both layouts:
one tool a file (in a nested folder too) and many-tool files (LF, and CRLF with a BOM).
"""

from __future__ import annotations

import hashlib
import os
import random
import select
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from mlseg_tui.catalog.load import load_catalog
from mlseg_tui.domain.edits import EditSession
from mlseg_tui.store import atomic
from mlseg_tui.store.catalog_store import CatalogStore
from tests.corpus import SEGMENT_IDS, SEGMENTS, toml_string

KILLS = 220
MAX_DELAY = 0.03  # seconds between a worker's "ready" and its kill
CHILD = Path(__file__).with_name("killsave_child.py")


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def tool_text(number: int) -> str:
    name = f'Tool {number:02d} [b]x[/] "q" 漢'
    return (
        f"# tool {number}\n[[tools]]\nname = {toml_string(name)}\n"
        f'segment = "{SEGMENT_IDS[number % 4]}"  # a comment\n'
        f'reasoning = """\nWhy {number},\non two lines."""\n'
        f'aliases = ["T{number}"]\n\n[tools.essay]\nlisted_as = ["T{number}"]\n'
    )


def build(root: Path) -> None:
    (root / "tools" / "nested").mkdir(parents=True)
    (root / "segments.toml").write_text(SEGMENTS, encoding="utf-8")
    for number in range(8):
        folder = root / "tools" / ("nested" if number % 3 == 0 else "")
        (folder / f"t{number:02d}.toml").write_text(tool_text(number), encoding="utf-8")
    many = "# many\n\n" + "\n".join(tool_text(n) for n in range(100, 130))
    (root / "many.toml").write_text(many, encoding="utf-8")
    crlf = "\n".join(tool_text(n) for n in range(200, 220)).replace("\n", "\r\n")
    (root / "many-crlf.toml").write_bytes(b"\xef\xbb\xbf" + crlf.encode())


def catalog_files(root: Path) -> dict[str, bytes]:
    """Every non-hidden file, by path relative to `root`."""
    found = {}
    for folder, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if not name.startswith("."):
                path = Path(folder) / name
                found[str(path.relative_to(root))] = path.read_bytes()
    return found


def hidden_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob(".*") if p.is_file())


class Helper:
    """The fork server, spoken to line by line, with a timeout on every read."""

    def __init__(self, root: Path, channel: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(CHILD), str(root), str(channel)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        self._buffer = b""

    def send(self, line: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(line.encode() + b"\n")
        self.process.stdin.flush()

    def read_line(self) -> str:
        assert self.process.stdout is not None
        fd = self.process.stdout.fileno()
        while b"\n" not in self._buffer:
            ready, _, _ = select.select([fd], [], [], 60)
            assert ready, "the helper process stopped answering"
            chunk = os.read(fd, 4096)
            assert chunk, "the helper process exited"
            self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        return line.decode()

    def close(self) -> None:
        if self.process.poll() is None:
            self.send("stop")
        self.process.wait(timeout=30)


def test_sigkill_at_random_moments_of_saves_never_leaves_a_torn_file(tmp_path: Path) -> None:
    root = tmp_path / "catalog"
    build(root)
    channel = tmp_path / "channel.log"
    channel.touch()
    known = {relative: digest(data) for relative, data in catalog_files(root).items()}
    tool_count = len(load_catalog(root, use_cache=False).catalog.tools)  # type: ignore[union-attr]
    rng = random.Random(20260314)
    read_at = 0
    kills = mid_write = changed_versions = 0
    helper = Helper(root, channel)
    try:
        while kills < KILLS:
            helper.send(f"go {rng.randrange(1 << 30)}")
            # "pid N" from the helper and "ready" from the worker, in either order.
            answers = dict(helper.read_line().partition(" ")[::2] for _ in range(2))
            assert set(answers) == {"pid", "ready"}, (answers, channel.read_text())
            pid = int(answers["pid"])
            select.select([], [], [], rng.uniform(0, MAX_DELAY))
            os.kill(pid, signal.SIGKILL)
            dead, dead_pid, status = helper.read_line().split()
            assert dead == "dead" and int(dead_pid) == pid
            assert os.WIFSIGNALED(int(status)), f"worker died on its own: {channel.read_text()}"
            kills += 1

            with channel.open("rb") as log:
                log.seek(read_at)
                new = log.read()
            complete = new[: new.rfind(b"\n") + 1]
            read_at += len(complete)
            pending: dict[str, str] = {}
            for line in complete.decode().splitlines():
                kind, relative, hashed = line.split(" ", 2)
                assert kind in ("intend", "wrote"), line
                if kind == "intend":
                    pending[relative] = hashed
                else:
                    known[relative] = hashed
                    pending.pop(relative, None)
            mid_write += bool(pending)

            files = catalog_files(root)
            assert set(files) == set(known), "a file appeared or vanished"
            for relative, data in files.items():
                now = digest(data)
                allowed = {known[relative], pending.get(relative)}
                assert now in allowed, f"{relative} is neither its old nor its new version"
                if now != known[relative]:
                    changed_versions += 1
                known[relative] = now
            # Every file parses and the catalog holds the same tools; stray temp files
            # of the killed save are hidden, named as ours, and ignored by the loader.
            result = load_catalog(root, use_cache=False)
            assert result.ok and result.catalog is not None, [str(p) for p in result.problems]
            assert len(result.catalog.tools) == tool_count
            for path in hidden_files(root):
                assert atomic.STALE_TEMP_NAME.fullmatch(path.name), path
    finally:
        helper.close()

    leftovers = len(hidden_files(root))
    print(
        f"{kills} kills: {mid_write} inside a write, {changed_versions} new versions seen, "
        f"{leftovers} temp files left behind"
    )
    assert kills >= 200
    assert read_at > 0, "no worker ever reached a save"
    _stale_temps_go_with_the_next_save(root)


def _stale_temps_go_with_the_next_save(root: Path) -> None:
    """Temp files the kills left are removed by the first save after they grew stale."""
    leftovers = hidden_files(root)
    for path in leftovers:
        old = path.stat().st_mtime - atomic.STALE_TEMP_SECONDS - 60
        os.utime(path, (old, old))
    result = load_catalog(root, use_cache=False)
    assert result.catalog is not None
    catalog = result.catalog
    store = CatalogStore(result)
    session = EditSession(catalog)
    # One move per folder that may hold leftovers, so a save sweeps each of them.
    for folder in {path.parent for path in leftovers}:
        tool = next(t for t in catalog.tools if t.source.path.parent == folder)
        session.move(tool, next(s for s in SEGMENT_IDS if s != tool.segment))
    assert store.save(session).ok
    assert hidden_files(root) == []


@pytest.fixture(autouse=True)
def _no_load_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLSEG_NO_CACHE", "1")
