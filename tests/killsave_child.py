"""Helper process for test_kill.py: forks workers that save moves in a loop until killed.

Run as `python killsave_child.py CATALOG CHANNEL`. It imports everything once, then for
each `go SEED` line on stdin forks a worker and prints `pid PID`; the worker loads the
catalog, prints `ready`, and saves random moves forever. The test SIGKILLs the worker at
a random moment; this process reaps it and prints `dead PID STATUS`. Forking from a
process that already imported the app makes each worker cost milliseconds, not the
few hundred of a fresh interpreter, so hundreds of kills fit in seconds.

Before each atomic write the worker appends `intend RELPATH HASH` to the CHANNEL file,
and `wrote RELPATH HASH` after it, so the test knows the only two versions a file may
hold after a kill. Each line goes out in one write() to an O_APPEND file: a kill can
lose a line but not tear one. `go SEED files` makes the worker add and remove tools
instead (test_kill_files.py): a new file is announced as `intend RELPATH HASH` and
`wrote RELPATH HASH` too, a deletion as `intend RELPATH gone` and `wrote RELPATH gone`.
"""

from __future__ import annotations

import hashlib
import os
import random
import sys
import traceback
from pathlib import Path
from typing import Any

from mlseg_tui.catalog.load import load_catalog
from mlseg_tui.domain.edits import EditSession
from mlseg_tui.domain.model import SEGMENT_IDS, SourceRef, Tool
from mlseg_tui.domain.tool_files import new_file_for, tools_folder
from mlseg_tui.store import atomic
from mlseg_tui.store.catalog_store import CatalogStore

REASONS = ("", "Short.", "Quotes \"x\" \\ and 'y'", "Two\nlines", "[bold]m[/] \x1b[2J 漢字 \u202e")


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def worker(root: Path, channel: int, seed: int, mode: str = "moves") -> None:
    rng = random.Random(seed)
    real_write = atomic.write_parts
    real_create, real_remove = atomic.create_parts, atomic.remove_file

    def relative_of(path: Path) -> str:
        return os.path.relpath(os.path.realpath(path), os.path.realpath(root))

    def logged_write(
        path: Path, parts: Any, before_replace: Any = None, swept: Any = None, *rest: Any
    ) -> os.stat_result:
        relative = os.path.relpath(os.path.realpath(path), os.path.realpath(root))
        new = digest(b"".join(bytes(part) for part in parts))
        os.write(channel, f"intend {relative} {new}\n".encode())
        written = real_write(path, parts, before_replace, swept, *rest)
        os.write(channel, f"wrote {relative} {new}\n".encode())
        return written

    def logged_create(
        path: Path, parts: Any, swept: Any = None, sweep_inside: Any = None
    ) -> os.stat_result:
        relative = os.path.normpath(os.path.join(relative_of(path.parent), path.name))
        new = digest(b"".join(bytes(part) for part in parts))
        os.write(channel, f"intend {relative} {new}\n".encode())
        created = real_create(path, parts, swept, sweep_inside)
        os.write(channel, f"wrote {relative} {new}\n".encode())
        return created

    def logged_remove(path: Path, before_remove: Any = None) -> None:
        relative = relative_of(path)
        os.write(channel, f"intend {relative} gone\n".encode())
        real_remove(path, before_remove)
        os.write(channel, f"wrote {relative} gone\n".encode())

    atomic.write_parts = logged_write  # type: ignore[assignment]
    atomic.create_parts = logged_create  # type: ignore[assignment]
    atomic.remove_file = logged_remove  # type: ignore[assignment]
    result = load_catalog(root, use_cache=False)
    if not result.ok or result.catalog is None:
        raise RuntimeError(f"catalog does not load: {[str(p) for p in result.problems]}")
    catalog = result.catalog
    store = CatalogStore(result)
    session = EditSession(catalog)
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    if mode == "files":
        add_and_remove(root, rng, catalog, store, session, seed)
    while True:
        for tool in rng.sample(catalog.tools, rng.randint(1, 3)):
            target = rng.choice([s for s in SEGMENT_IDS if s != tool.segment])
            session.move(tool, target, rng.choice(REASONS))
        if rng.random() < 0.2:
            session.undo()
        report = store.save(session)
        if not report.ok:
            raise RuntimeError(f"save failed: {report.summary()}")


def add_and_remove(
    root: Path,
    rng: random.Random,
    catalog: Any,
    store: CatalogStore,
    session: EditSession,
    seed: int,
) -> None:
    """Add tools (in files of their own, or appended to a many-tool file) and remove
    tools (deleting one-tool files, or taking tables out of many-tool files), saving
    after each step, forever."""
    many = [root / "many.toml", root / "many-crlf.toml"]
    for number in range(1_000_000):
        if rng.random() < 0.5 or len(catalog.tools) < 20:
            name = f'New {seed} {number} [b]"q"'
            own = rng.random() < 0.5
            path = new_file_for(name, tools_folder(catalog, None, store.folders), store.files)
            tool = Tool(name, rng.choice(SEGMENT_IDS), rng.choice(REASONS) or "Added.",
                        SourceRef(path if own else rng.choice(many), -1))  # fmt: skip
            session.add(tool, new_file=own)
        else:
            session.remove(rng.choice(catalog.tools))
        report = store.save(session)
        if not report.ok:
            raise RuntimeError(f"save failed: {report.summary()}")


def main() -> None:
    root, channel_path = Path(sys.argv[1]), sys.argv[2]
    for line in sys.stdin:
        command, _, rest = line.partition(" ")
        seed, _, mode = rest.strip().partition(" ")
        if command != "go":
            break
        channel = os.open(channel_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                worker(root, channel, int(seed), mode or "moves")
            except BaseException:
                os.write(channel, f"error {traceback.format_exc()!r}\n".encode())
                code = 3
            finally:
                os._exit(code)
        os.close(channel)
        sys.stdout.write(f"pid {pid}\n")
        sys.stdout.flush()
        _, status = os.waitpid(pid, 0)
        sys.stdout.write(f"dead {pid} {status}\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
