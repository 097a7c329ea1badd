"""Measures in a real terminal: the app and an empty Textual app, each driven through tmux.

Everything is timed from outside, as a user would see it: a key is sent with `tmux
send-keys`, and `tmux capture-pane -p` is polled until the screen shows what that key
must lead to. Both apps are measured the same way in the same run, so the polling
overhead (a few ms a capture on this machine) is in both numbers.
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from mlseg_tui.bench.tmux import POLL_SECONDS, Check, Screen, Tmux, TmuxError, cpu_ms
from mlseg_tui.domain.model import Catalog
from mlseg_tui.domain.placement import Placement
from mlseg_tui.domain.text import one_line

BURST_INTERVAL = 0.060
PALETTE_PLACEHOLDER = "Search for commands"
# The empty app's Input placeholder: its first frame is the frame that shows it.
PLACEHOLDER = "empty app: type here"


# ------------------------------------------------------------------------ the two apps


@dataclass
class Target:
    """An app to measure: how to start it, and how to recognise its screens."""

    command: list[str]
    first_frame: Check
    # What the screen must show once the text field holds a text: strings that must all be
    # on screen. Two texts with equal signatures cannot be told apart on screen.
    signature: Callable[[str], tuple[str, ...]]
    shows_signature: Callable[[Screen, tuple[str, ...]], bool]
    open_search: list[str] = field(default_factory=list)  # keys that focus the text field

    def shows(self, text: str) -> Check:
        wanted = self.signature(text)
        return lambda screen: self.shows_signature(screen, wanted)


def empty_target(after_load: Path | None = None) -> Target:
    """The empty app; with `after_load`, started after mlseg-tui's imports and that load."""
    extra = [str(after_load)] if after_load is not None else []
    return Target(
        [sys.executable, "-m", "mlseg_tui.bench.empty_app", *extra],
        lambda screen: PLACEHOLDER in screen,
        lambda text: (text,),
        lambda screen, wanted: _input_text(screen) == wanted[0],
    )


def _input_text(screen: Screen) -> str | None:
    """The text in the empty app's Input: the row between its tall border's edges."""
    for line in screen.splitlines():
        if "▊" in line and "▎" in line:
            inner = line[line.index("▊") + 1 : line.rindex("▎")].strip()
            if "▔" in inner or "▁" in inner:
                continue  # a border row
            return "" if PLACEHOLDER in inner else inner
    return None


def app_target(root: Path, catalog: Catalog) -> Target:
    """The browser on `root`; `catalog` is the same catalog loaded here, to predict screens.

    After a key in the search field the app shows "N matches" and, in each pane title,
    "matches/total"; with the field empty, each title shows its plain total again.
    """
    from mlseg_tui.search.index import SearchIndex

    index = SearchIndex(catalog.tools)
    placement = Placement(catalog)
    totals = {segment.id: 0 for segment in catalog.segments}
    for tool in catalog.tools:
        totals[tool.segment] = totals.get(tool.segment, 0) + 1
    # The top row of each pane: panes list tools by name, not in the catalog's order.
    firsts = {
        segment_id: one_line(catalog.tools[rows[0]].name)[:16]
        for segment_id, rows in placement.rows().items()
        if rows
    }

    def first_frame(screen: Screen) -> bool:
        return all(name in screen for name in firsts.values())

    def signature(text: str) -> tuple[str, ...]:
        if not text.strip():
            return tuple(f"· {total}" for total in totals.values())
        result = index.search(text)
        count = len(result.matches)
        status = (
            f"{count} match{'es' if count != 1 else ''}"
            if count
            else f"No tools match '{one_line(text)}'"
        )
        per_pane = result.by_segment(placement)
        return (status, *(f"{len(per_pane.get(s, []))}/{totals[s]}" for s in totals))

    def shows_signature(screen: Screen, wanted: tuple[str, ...]) -> bool:
        if not all(_has_number(screen, text) for text in wanted):
            return False
        if wanted[0].startswith("· "):  # unfiltered: no "matches/total" may remain
            return not any(re.search(rf"\d/{total}\b", screen) for total in totals.values())
        return True

    return Target(
        [sys.executable, "-m", "mlseg_tui", "--catalog", str(root)],
        first_frame,
        signature,
        shows_signature,
        open_search=["/"],
    )


def _has_number(screen: Screen, text: str) -> bool:
    """`text` on screen, not as the tail of a longer number ("5 matches" in "15 matches")."""
    return re.search(r"(?<![\d])" + re.escape(text), screen) is not None


# ------------------------------------------------------------------------- measures


@dataclass
class Session:
    """One running app in tmux."""

    tmux: Tmux
    name: str
    target: Target

    def keystroke(self, key: str, expected: Check, timeout: float) -> float | None:
        """Milliseconds from sending `key` until the screen passes `expected`."""
        literal = key not in ("BSpace", "C-u", "Escape", "C-p")
        sent = self.tmux.send(self.name, key, literal=literal)
        seen = self.tmux.wait_for(self.name, expected, timeout)
        return None if seen is None else (seen[0] - sent) * 1000


@dataclass
class Started:
    """An app that showed its first full frame: how long that took, in wall and CPU time."""

    session: Session
    wall_ms: float
    cpu_ms: float


def start(tmux: Tmux, target: Target, env: dict[str, str], timeout: float) -> Started:
    """Start `target` and wait for its first full frame.

    CPU time is read just after the frame is seen; on a busy machine it varies much less
    than wall time, so it shows whether a slower start is the app's doing.
    """
    name, started = tmux.start(target.command, env)
    seen = tmux.wait_for(name, target.first_frame, timeout)
    if seen is None:
        screen = tmux.capture(name)
        tmux.stop(name)
        raise TmuxError(f"no first frame within {timeout:.0f} s:\n{screen}")
    cpu = cpu_ms(tmux.pid(name))
    return Started(Session(tmux, name, target), (seen[0] - started) * 1000, cpu)


@dataclass
class Typing:
    """Keystroke latencies (ms): typing forward, erasing, and typing in 60 ms bursts."""

    typed: list[float] = field(default_factory=list)
    erased: list[float] = field(default_factory=list)
    burst: list[float] = field(default_factory=list)
    # Keys whose screen cannot be told from the previous one's, left out of the numbers.
    ambiguous: int = 0
    timeouts: int = 0

    def merge(self, other: Typing) -> None:
        self.typed += other.typed
        self.erased += other.erased
        self.burst += other.burst
        self.ambiguous += other.ambiguous
        self.timeouts += other.timeouts


def typing(session: Session, words: Sequence[str], timeout: float) -> Typing:
    """Type each word one key at a time (waiting for each screen), erase it key by key,
    then type it again in a burst at 60 ms a key and clear it."""
    out = Typing()
    shows = session.target.shows
    for word in words:
        states = [word[:length] for length in range(len(word) + 1)]
        checks = [shows(state) for state in states]
        distinct = _distinct(session, states)
        for length in range(1, len(word) + 1):
            ms = session.keystroke(word[length - 1], checks[length], timeout)
            _record(out, out.typed, ms, distinct[length])
        for length in range(len(word) - 1, -1, -1):
            ms = session.keystroke("BSpace", checks[length], timeout)
            _record(out, out.erased, ms, distinct[length + 1])
        _burst(session, word, checks, distinct, out, timeout)
        session.keystroke("C-u", checks[0], timeout)
    return out


def _distinct(session: Session, states: list[str]) -> list[bool]:
    """Whether each state's screen differs from the one before, so its arrival is visible."""
    signatures = [session.target.signature(state) for state in states]
    return [True] + [signatures[i] != signatures[i - 1] for i in range(1, len(states))]


def _record(out: Typing, bucket: list[float], ms: float | None, distinct: bool) -> None:
    if not distinct:
        out.ambiguous += 1
    elif ms is None:
        out.timeouts += 1
    else:
        bucket.append(ms)


def _burst(
    session: Session,
    word: str,
    checks: list[Check],
    distinct: list[bool],
    out: Typing,
    timeout: float,
) -> None:
    """Send the word's keys 60 ms apart without waiting; each key's latency is until the
    screen shows its text or a later one."""
    tmux, name = session.tmux, session.name
    sent: list[float] = []
    reached: dict[int, float] = {}
    start_at = time.perf_counter()
    deadline = start_at + len(word) * BURST_INTERVAL + timeout
    while len(reached) < len(word) and time.perf_counter() < deadline:
        if len(sent) < len(word) and time.perf_counter() >= start_at + len(sent) * BURST_INTERVAL:
            sent.append(tmux.send(name, word[len(sent)], literal=True))
            continue
        screen = tmux.capture(name)
        now = time.perf_counter()
        for length in range(len(sent), 0, -1):
            if checks[length](screen):
                for earlier in range(1, length + 1):
                    reached.setdefault(earlier, now)
                break
        time.sleep(POLL_SECONDS)
    for length in range(1, len(word) + 1):
        if length in reached and length <= len(sent):
            _record(out, out.burst, (reached[length] - sent[length - 1]) * 1000, distinct[length])
        else:
            out.timeouts += 1


def responsiveness(
    session: Session, words: Sequence[str], timeout: float
) -> dict[str, list[float]]:
    """Ctrl+P (the command palette) while idle, and right after a key that starts a search."""
    out: dict[str, list[float]] = {"idle": [], "during search": []}
    palette = _palette_open
    closed = session.target.shows("")
    for word in words:
        for mode in ("idle", "during search"):
            if mode == "during search":
                session.tmux.send(session.name, word[0], literal=True)
            ms = session.keystroke("C-p", palette, timeout)
            if ms is not None:
                out[mode].append(ms)
            session.tmux.send(session.name, "Escape")
            session.tmux.wait_for(session.name, lambda s: not _palette_open(s), timeout)
            session.keystroke("C-u", closed, timeout)
    return out


def _palette_open(screen: Screen) -> bool:
    return PALETTE_PLACEHOLDER in screen
