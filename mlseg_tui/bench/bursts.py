"""Keys sent as one burst in a real terminal: does the text field end with the right text?

A word is typed and shown, then a burst that erases it and types another ("k8s", then
⌫⌫⌫ f l o w in one `tmux send-keys`) reaches the app in one read from the terminal. The
field must end as the second word, and the app must show that word's matches: a try
counts as wrong when the screen does not come to show both within BURST_TIMEOUT.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mlseg_tui.bench.terminal import PLACEHOLDER, Session
from mlseg_tui.bench.tmux import Screen

FIRST, SECOND = "k8s", "flow"
SEARCH_PROMPT = "Search:"
# How long a burst's final screen may take before the try counts as wrong.
BURST_TIMEOUT = 3.0


@dataclass
class BurstCount:
    """How many bursts ended with the wrong text, and the wrong endings seen."""

    tries: int = 0
    wrong: list[str] = field(default_factory=list)


def field_text(screen: Screen) -> str | None:
    """The text in the field on screen: mlseg-tui's search field, or the empty app's Input
    (None when neither shows)."""
    for line in screen.splitlines():
        if SEARCH_PROMPT in line:
            text = line.split(SEARCH_PROMPT, 1)[1].strip().split("  ")[0]
            return "" if text.startswith("type a name") else text
        if "▊" in line and "▎" in line:
            inner = line[line.index("▊") + 1 : line.rindex("▎")].strip()
            if "▔" in inner or "▁" in inner:
                continue  # a border row
            return "" if PLACEHOLDER in inner else inner
    return None


def bursts(session: Session, tries: int, timeout: float) -> BurstCount:
    """`tries` bursts: FIRST typed and shown, then ⌫ for each of its characters and SECOND
    sent at once; the field (already focused) is cleared after each."""
    tmux, name, shows = session.tmux, session.name, session.target.shows
    out = BurstCount()
    erase = ["BSpace"] * len(FIRST)
    final = shows(SECOND)

    def ended(screen: Screen) -> bool:
        # The field's text too: "flo" and "flow" have the same matches.
        return final(screen) and field_text(screen) == SECOND

    for _ in range(tries):
        tmux.send(name, FIRST, literal=True)
        tmux.wait_for(name, shows(FIRST), timeout)
        tmux.send(name, *erase, *SECOND)
        done = tmux.wait_for(name, ended, BURST_TIMEOUT)
        out.tries += 1
        if done is None:
            ending = field_text(tmux.capture(name))
            out.wrong.append(ending if ending is not None else "(no field on screen)")
        tmux.send(name, "C-u")
        tmux.wait_for(name, shows(""), timeout)
    return out


# The move burst: pane 3's top tool to segment 4 with a reason, sent at once. The keys
# after `m` and `4` arrive before the picker and the reason prompt have opened.
MOVE_KEYS = ("3", "Home", "m", "4", *"fast", "Enter")
MOVE_REASON = "fast"
MOVE_LABEL = "3 Home m 4 fast Enter"
REASON_HEADING = " is here"
REASON_PROMPT = "Why? It becomes"
UNSAVED = " unsaved"


def reason_shown(screen: Screen) -> str | None:
    """The reasoning in the detail (its first line), "(a dialog still open)" while the
    reason prompt shows, None when the detail shows no reasoning."""
    lines = screen.splitlines()
    if any(REASON_PROMPT in line for line in lines):
        return "(the reason prompt still open)"
    for number, line in enumerate(lines[:-1]):
        if REASON_HEADING in line:
            following = lines[number + 1]
            column = line.index("Why")
            return following[column:].split("│")[0].split("┃")[0].strip()
    return None


def move_bursts(session: Session, tries: int, timeout: float) -> BurstCount:
    """`tries` move bursts (MOVE_KEYS in one `tmux send-keys`): a try is wrong when the
    detail does not come to show the reason typed within BURST_TIMEOUT. Each is undone."""
    tmux, name = session.tmux, session.name
    out = BurstCount()
    for _ in range(tries):
        tmux.send(name, *MOVE_KEYS)
        done = tmux.wait_for(name, lambda s: reason_shown(s) == MOVE_REASON, BURST_TIMEOUT)
        out.tries += 1
        if done is None:
            ending = reason_shown(tmux.capture(name))
            out.wrong.append(ending if ending is not None else "(no reasoning shown)")
            tmux.send(name, "Escape", "Escape")  # a dialog left open: cancelled
            tmux.wait_for(name, lambda s: reason_shown(s) != out.wrong[-1], 1.0)
        tmux.send(name, "u")  # the move undone (nothing to undo: a bell)
        tmux.wait_for(name, lambda s: UNSAVED not in s, timeout)
    return out
