"""SIGKILL at random moments of saves that add and remove tools (issue 13): a new file is
either absent or complete, a deleted file is either there with its old bytes or gone, and
every other file is its old or its new version; the catalog always loads without error.

The workers (killsave_child.py, mode `files`) add tools in files of their own and append
them to many-tool files (LF, and CRLF with a BOM), and remove tools (deleting one-tool
files, taking tables out of many-tool files), saving after each step.
"""

from __future__ import annotations

import os
import random
import select
import signal
from pathlib import Path

import pytest

from mlseg_tui.catalog.load import load_catalog
from mlseg_tui.store import atomic
from tests.test_kill import MAX_DELAY, Helper, build, catalog_files, digest, hidden_files

KILLS = 120


@pytest.fixture(autouse=True)
def _no_load_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLSEG_NO_CACHE", "1")


def test_sigkill_while_adding_and_removing_never_leaves_a_torn_or_partial_file(
    tmp_path: Path,
) -> None:
    root = tmp_path / "catalog"
    build(root)
    channel = tmp_path / "channel.log"
    channel.touch()
    known = {relative: digest(data) for relative, data in catalog_files(root).items()}
    rng = random.Random(20261205)
    read_at = 0
    kills = mid_change = created = deleted = 0
    helper = Helper(root, channel)
    try:
        while kills < KILLS:
            helper.send(f"go {rng.randrange(1 << 30)} files")
            answers = dict(helper.read_line().partition(" ")[::2] for _ in range(2))
            assert set(answers) == {"pid", "ready"}, (answers, channel.read_text())
            pid = int(answers["pid"])
            select.select([], [], [], rng.uniform(0, MAX_DELAY * 2))
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
                    continue
                pending.pop(relative, None)
                if hashed == "gone":
                    known.pop(relative, None)
                    deleted += 1
                else:
                    created += relative not in known
                    known[relative] = hashed
            mid_change += bool(pending)

            files = catalog_files(root)
            for relative in set(files) | set(known) | set(pending):
                now = digest(files[relative]) if relative in files else "gone"
                allowed = {known.get(relative, "gone"), pending.get(relative)}
                assert now in allowed, f"{relative}: {now} is none of {allowed}"
                if now == "gone":
                    known.pop(relative, None)
                else:
                    known[relative] = now
            result = load_catalog(root, use_cache=False)
            assert result.catalog is not None and not result.errors, [
                str(p) for p in result.problems
            ]
            for path in hidden_files(root):
                assert atomic.STALE_TEMP_NAME.fullmatch(path.name), path
    finally:
        helper.close()
    print(
        f"{kills} kills: {mid_change} inside a change, {created} files created, {deleted} deleted"
    )
    assert kills >= KILLS and created > 0 and deleted > 0
