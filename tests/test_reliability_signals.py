"""Issue 11, item 3: SIGTERM or SIGHUP with unsaved changes restores the terminal, keeps the
moves in a recovery file in the state folder, and the next start offers them back."""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest
import tomli

from mlseg_tui.catalog.load import load_catalog
from mlseg_tui.store import recovery as recovery_file
from mlseg_tui.store.recovery import RecoveredMove
from mlseg_tui.ui.app import CatalogApp
from mlseg_tui.ui.screens.recovery_screen import RecoveryScreen
from tests.corpus import files, snapshot_bytes, tool
from tests.screen import wait_for, wait_for_notice

pytestmark = pytest.mark.timeout(90)
DAY = dt.date(2026, 3, 14)


def small_catalog(root: Path) -> Path:
    files(
        {"tools/a.toml": tool("Alpha", "narrow"), "tools/b.toml": tool("Beta", "middle")},
        base=False,
    )(root)
    return root


def segment_on_disk(path: Path) -> str:
    return str(tomli.loads(path.read_text(encoding="utf-8"))["tools"][0]["segment"])


async def test_a_signal_keeps_the_unsaved_moves_and_exits_143(tmp_path: Path) -> None:
    root = small_catalog(tmp_path / "c")
    before = snapshot_bytes(root)
    app = CatalogApp(load_catalog(root, use_cache=False), label="catalog")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for key in ("L", "L", "H", "j", "L"):  # Alpha: middle, other, middle; Beta: other
            await pilot.press(key)
        await pilot.pause()
        assert app.session.pending_count == 2  # each tool's moves are one change
        app.recovery.signalled(signal.SIGTERM)
        for _ in range(200):
            if not app.is_running:
                break
            await pilot.pause(0.02)
    assert app.return_code == 128 + signal.SIGTERM
    assert snapshot_bytes(root) == before  # the catalog is never written by a signal
    found = recovery_file.read_recovery(root)
    assert found is not None
    assert [(c.kind, c.name, c.values) for c in found.changes] == [
        ("edit", "Alpha", (("segment", "middle"),)), ("edit", "Beta", (("segment", "other"),)),
    ]  # fmt: skip


async def test_the_next_start_offers_the_moves_back_and_reapplies_them_undoably(
    tmp_path: Path,
) -> None:
    root = small_catalog(tmp_path / "c")
    moves = [
        RecoveredMove("Alpha", "other", "kept [b]reason[/b]", DAY),
        RecoveredMove("Gone", "other", "", DAY),
        RecoveredMove("Beta", "narrow", "", DAY),
    ]
    recovery_file.write_recovery(root, moves)
    app = CatalogApp(load_catalog(root, use_cache=False), label="catalog")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await wait_for(pilot, "Changes from a stopped session")
        assert isinstance(app.screen, RecoveryScreen)
        message = app.screen.query_one("#choice-message").content.plain  # type: ignore[attr-defined]
        assert "3 unsaved changes" in message and "Alpha, Gone, Beta" in message
        await pilot.press("a")
        await wait_for_notice(pilot, "Re-applied the changes of 2 tools")
        await wait_for_notice(pilot, "Kept for the next start")
        alpha, beta = app.catalog.find("Alpha"), app.catalog.find("Beta")
        assert alpha is not None and beta is not None
        assert (alpha.segment, alpha.reasoning, beta.segment) == (
            "other",
            "kept [b]reason[/b]",
            "narrow",
        )
        assert app.session.pending_count == 2
        # Applied changes are in the session; the one not made again stays in the file.
        kept = recovery_file.read_recovery(root)
        assert kept is not None and [c.name for c in kept.changes] == ["Gone"]
        # Undoable, then saved with ctrl+s: a burst of keys.
        for key in ("u", "u", "ctrl+r"):
            await pilot.press(key)
        await pilot.pause()
        assert (beta.segment, alpha.segment) == ("middle", "other")
        await pilot.press("ctrl+s")
        await wait_for_notice(pilot, "1 tool saved to 1 file.")
    assert segment_on_disk(root / "tools" / "a.toml") == "other"
    assert segment_on_disk(root / "tools" / "b.toml") == "middle"


async def test_a_change_whose_file_is_broken_at_start_is_kept_for_later(tmp_path: Path) -> None:
    root = small_catalog(tmp_path / "c")
    recovery_file.write_recovery(
        root,
        [RecoveredMove("Alpha", "other", "why", DAY), RecoveredMove("Beta", "narrow", "", DAY)],
    )
    good = (root / "tools" / "b.toml").read_bytes()
    (root / "tools" / "b.toml").write_bytes(good + b"oops = \n")  # Beta's file breaks
    app = CatalogApp(load_catalog(root, use_cache=False), label="catalog")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await wait_for(pilot, "Changes from a stopped session")
        await pilot.press("a")
        await wait_for_notice(pilot, "Kept for the next start")
        assert app.session.pending_count == 1  # Alpha's move
        kept = recovery_file.read_recovery(root)
        assert kept is not None and [c.name for c in kept.changes] == ["Beta"]
        # A signal now keeps both: Alpha's pending move and Beta's kept one.
        app.recovery.signalled(signal.SIGTERM)
        for _ in range(200):
            if not app.is_running:
                break
            await pilot.pause(0.02)
    kept = recovery_file.read_recovery(root)
    assert kept is not None and sorted(c.name for c in kept.changes) == ["Alpha", "Beta"]
    # Once Beta's file reads again, the next start makes its change too.
    (root / "tools" / "b.toml").write_bytes(good)
    app = CatalogApp(load_catalog(root, use_cache=False), label="catalog")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await wait_for(pilot, "Changes from a stopped session")
        await pilot.press("a")
        await wait_for_notice(pilot, "Re-applied the changes of 2 tools")
        beta = app.catalog.find("Beta")
        assert beta is not None and beta.segment == "narrow"
        assert recovery_file.read_recovery(root) is None


@pytest.mark.parametrize(("key", "kept"), [("d", False), ("l", True), ("escape", True)])
async def test_the_offer_can_be_discarded_or_left_for_later(
    tmp_path: Path, key: str, kept: bool
) -> None:
    root = small_catalog(tmp_path / "c")
    recovery_file.write_recovery(root, [RecoveredMove("Alpha", "other", "", DAY)])
    before = snapshot_bytes(root)
    app = CatalogApp(load_catalog(root, use_cache=False), label="catalog")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, "Changes from a stopped session")
        await pilot.press(key)
        await pilot.pause()
        for _ in range(50):
            if (recovery_file.read_recovery(root) is not None) == kept:
                break
            await pilot.pause(0.02)
        assert app.session.pending_count == 0
    assert (recovery_file.read_recovery(root) is not None) is kept
    assert snapshot_bytes(root) == before


def read_until(fd: int, wanted: bytes, seconds: float) -> bytes:
    """What the terminal showed, read until `wanted` appears (bounded)."""
    seen = b""
    deadline = time.monotonic() + seconds
    while wanted not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    return seen


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP])
def test_in_a_real_terminal_the_signal_restores_it_and_keeps_the_moves(
    tmp_path: Path, number: int
) -> None:
    root = small_catalog(tmp_path / "c")
    state = tmp_path / "state"
    env = {**os.environ, "MLSEG_STATE_DIR": str(state), "MLSEG_NO_CACHE": "1", "TERM": "xterm"}
    # The terminal's size comes from the pty; COLUMNS/LINES (set by some runners) would win.
    for name in ("MLSEG_CATALOG", "COLUMNS", "LINES"):
        env.pop(name, None)
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    os.set_blocking(master, True)
    child = subprocess.Popen(
        [sys.executable, "-m", "mlseg_tui", "--catalog", str(root)],
        stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True,
    )  # fmt: skip
    os.close(slave)
    try:
        shown = read_until(master, b"Alpha", 30)
        assert b"Alpha" in shown, shown[-500:]
        before = termios.tcgetattr(master)
        assert not before[3] & termios.ICANON  # raw mode while the app runs
        shown += read_until(master, b"\x00never", 1.0)  # let the first frame settle
        os.write(master, b"L")
        shown += read_until(master, b"1 unsaved", 15)
        assert b"1 unsaved" in shown
        os.kill(child.pid, number)
        shown += read_until(master, b"kept in", 15)
        code = child.wait(timeout=20)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    after = termios.tcgetattr(master)
    os.close(master)
    assert code == 128 + number
    lflag = after[3]
    assert lflag & termios.ICANON and lflag & termios.ECHO  # cooked again: `stty sane` not needed
    # Mouse reporting was switched off after it was last switched on.
    assert shown.rfind(b"\x1b[?1000l") > shown.rfind(b"\x1b[?1000h") >= 0
    assert b"unsaved change kept in" in shown
    found = recovery_file.recovery_path(root).name
    assert (state / found).is_file()
    assert segment_on_disk(root / "tools" / "a.toml") == "narrow"
