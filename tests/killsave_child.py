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
lose a line but not tear one.
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
from mlseg_tui.domain.model import SEGMENT_IDS
from mlseg_tui.store import atomic
from mlseg_tui.store.catalog_store import CatalogStore

REASONS = ("", "Short.", "Quotes \"x\" \\ and 'y'", "Two\nlines", "[bold]m[/] \x1b[2J 漢字 \u202e")


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def worker(root: Path, channel: int, seed: int) -> None:
    rng = random.Random(seed)
    real_write = atomic.write_parts

    def logged_write(
        path: Path, parts: Any, before_replace: Any = None, swept: Any = None, *rest: Any
    ) -> os.stat_result:
        relative = os.path.relpath(os.path.realpath(path), os.path.realpath(root))
        new = digest(b"".join(bytes(part) for part in parts))
        os.write(channel, f"intend {relative} {new}\n".encode())
        written = real_write(path, parts, before_replace, swept, *rest)
        os.write(channel, f"wrote {relative} {new}\n".encode())
        return written

    atomic.write_parts = logged_write  # type: ignore[assignment]
    result = load_catalog(root, use_cache=False)
    if not result.ok or result.catalog is None:
        raise RuntimeError(f"catalog does not load: {[str(p) for p in result.problems]}")
    catalog = result.catalog
    store = CatalogStore(result)
    session = EditSession(catalog)
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    while True:
        for tool in rng.sample(catalog.tools, rng.randint(1, 3)):
            target = rng.choice([s for s in SEGMENT_IDS if s != tool.segment])
            session.move(tool, target, rng.choice(REASONS))
        if rng.random() < 0.2:
            session.undo()
        report = store.save(session)
        if not report.ok:
            raise RuntimeError(f"save failed: {report.summary()}")


def main() -> None:
    root, channel_path = Path(sys.argv[1]), sys.argv[2]
    for line in sys.stdin:
        command, _, seed = line.partition(" ")
        if command != "go":
            break
        channel = os.open(channel_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                worker(root, channel, int(seed))
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
