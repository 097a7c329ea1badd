"""What a running app puts on the terminal, for tests of text that fights the terminal.

`screen_lines` is the text of every cell as shown; `terminal_output` is the exact string
Textual would write to a real terminal for a full repaint of the screen (and the screens
below a modal). `assert_screen_is_inert` checks both: no control, zero-width or bidi
character in any cell, and no escape sequence in the output but Textual's own colour
(SGR) and cursor-position ones, so no clear-screen, OSC 52 clipboard write or OSC 8 link
from user text can reach the terminal.
"""

from __future__ import annotations

import io
import re

from rich.cells import cell_len
from rich.console import Console
from textual.app import App
from textual.pilot import Pilot

from tests.corpus import RAW_CONTROL

# Textual's own sequences in a repaint: colours and attributes, and cursor moves.
_OWN_SEQUENCES = re.compile(r"\x1b\[[0-9;:]*m|\x1b\[[0-9]+;[0-9]+H|\x1b\[[0-9]*[ABCDG]")


def screen_lines(app: App[object]) -> list[str]:
    """The text of each screen line of the top screen, cell by cell."""
    strips = app.screen._compositor.render_strips()
    return ["".join(seg.text for seg in strip if not seg.control) for strip in strips]


def screen_text(app: App[object]) -> str:
    return "\n".join(screen_lines(app))


def terminal_output(app: App[object]) -> str:
    """The string a full repaint would write to the terminal."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        legacy_windows=False,
        safe_box=False,
    )
    update = app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    return update.render_segments(console)


def assert_screen_is_inert(app: App[object]) -> None:
    """No cell holds a raw control character, and the output holds no foreign sequence."""
    for number, line in enumerate(screen_lines(app)):
        raw = [match.group() for match in RAW_CONTROL.finditer(line)]
        assert raw == [], f"line {number}: {line!r}"
    rest = _OWN_SEQUENCES.sub("", terminal_output(app))
    leaked = sorted({match.group() for match in RAW_CONTROL.finditer(rest)} - {"\n", "\r"})
    assert leaked == [], [rest[max(0, rest.find(c) - 20) : rest.find(c) + 20] for c in leaked]


def assert_lines_fill_the_width(app: App[object]) -> None:
    """Every screen line is exactly as wide as the screen: wide characters never push
    a border out of line."""
    width = app.size.width
    strips = app.screen._compositor.render_strips()
    assert {strip.cell_length for strip in strips} == {width}
    for line in screen_lines(app):
        assert cell_len(line) == width, line


async def wait_for(pilot: Pilot[object], text: str, tries: int = 200) -> str:
    """The screen text once it shows `text`: a bounded retry, not a timed assertion.

    It does not wait for workers: the save flow is a worker that waits for an answer."""
    for _ in range(tries):
        await pilot.pause()
        shown = screen_text(pilot.app)
        if text in shown:
            return shown
        await pilot.pause(0.02)  # let thread workers (search, palette) answer
    raise AssertionError(f"{text!r} never appeared on:\n{screen_text(pilot.app)}")


async def wait_for_notice(pilot: Pilot[object], text: str) -> str:
    """The screen once a notification holding `text` shows (toasts wrap long lines)."""
    for _ in range(200):
        await pilot.pause()
        shown = " ".join(line.strip(" │▌") for line in screen_text(pilot.app).splitlines())
        if text in shown:
            return shown
        await pilot.pause(0.02)
    raise AssertionError(f"{text!r} never appeared on:\n{screen_text(pilot.app)}")
