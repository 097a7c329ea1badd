"""A private tmux server to run apps in a real terminal, and what /proc says of them."""

from __future__ import annotations

import os
import shlex
import signal
import subprocess
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path

WIDTH, HEIGHT = 160, 48
POLL_SECONDS = 0.001
TERM = "xterm-256color"

Screen = str
Check = Callable[[Screen], bool]


class TmuxError(RuntimeError):
    pass


class Tmux:
    """A private tmux server (its own socket); every session is killed on close()."""

    def __init__(self) -> None:
        self.socket = f"mlseg-bench-{os.getpid()}"
        self._count = 0
        self._run("new-session", "-d", "-s", "keeper", "-x", "20", "-y", "5", "sleep 86400")
        # No status line: the pane gets all 48 rows, as a plain terminal would.
        self._run("set-option", "-g", "status", "off")

    def _run(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, timeout=30
        )
        if done.returncode != 0:
            raise TmuxError(f"tmux {' '.join(args)}: {done.stderr.strip()}")
        return done.stdout

    def start(self, command: Sequence[str], env: dict[str, str]) -> tuple[str, float]:
        """Start `command` in a new 160x48 session; its name and the time just before."""
        self._count += 1
        name = f"run-{self._count}"
        settings = [f"{key}={value}" for key, value in env.items()]
        # COLUMNS and LINES (which pytest, for one, sets) would override the pane's size.
        unset = ["-u", "COLUMNS", "-u", "LINES"]
        if "PYTHONPYCACHEPREFIX" in env:
            # Bytecode goes to that folder, so it may be written: an installed app has its .pyc.
            unset += ["-u", "PYTHONDONTWRITEBYTECODE"]
        line = shlex.join(["exec", "env", *unset, *settings, *command])
        started = time.perf_counter()
        self._run("new-session", "-d", "-s", name, "-x", str(WIDTH), "-y", str(HEIGHT), line)
        return name, started

    def capture(self, name: str) -> Screen:
        return self._run("capture-pane", "-p", "-t", name)

    def send(self, name: str, *keys: str, literal: bool = False) -> float:
        """Send keys (tmux key names, or literal text); the time just before sending."""
        started = time.perf_counter()
        self._run("send-keys", "-t", name, *(["-l"] if literal else []), *keys)
        return started

    def pid(self, name: str) -> int:
        return int(self._run("list-panes", "-t", name, "-F", "#{pane_pid}").split()[0])

    def wait_for(self, name: str, check: Check, timeout: float) -> tuple[float, Screen] | None:
        """Poll until `check(screen)`: the time the matching capture returned, and the screen."""
        deadline = time.perf_counter() + timeout
        while True:
            screen = self.capture(name)
            now = time.perf_counter()
            if check(screen):
                return now, screen
            if now > deadline:
                return None
            time.sleep(POLL_SECONDS)

    def stop(self, name: str) -> None:
        """Kill the session and wait (bounded) for its process to be gone."""
        try:
            pid = self.pid(name)
        except TmuxError:
            return
        with suppress(TmuxError):
            self._run("kill-session", "-t", name)
        deadline = time.monotonic() + 5
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.01)
        if _alive(pid):
            with suppress(ProcessLookupError):  # it may exit between the check and the kill
                os.kill(pid, signal.SIGKILL)

    def close(self) -> None:
        socket = self._run("display-message", "-p", "#{socket_path}").strip()
        with suppress(TmuxError, subprocess.TimeoutExpired):
            self._run("kill-server")
        with suppress(OSError):
            Path(socket).unlink()


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status


@contextmanager
def tmux_server() -> Iterator[Tmux]:
    """A private tmux server, killed on the way out, even when the run is terminated."""

    def terminate(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, terminate)
    tmux = Tmux()
    try:
        yield tmux
    finally:
        tmux.close()
        signal.signal(signal.SIGTERM, previous)


def cpu_ms(pid: int) -> float:
    """CPU time (user + system) a process has used so far, in ms (10 ms resolution)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12])  # utime, stime
    return ticks * 1000 / os.sysconf("SC_CLK_TCK")


def peak_rss_mb(pid: int) -> float:
    """VmHWM of a process, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")
