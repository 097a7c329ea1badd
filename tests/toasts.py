"""The notices a running app shows, read from its toasts (not from the screen's cells,
where a toast shares its lines with the detail behind it)."""

from __future__ import annotations

from textual.app import App
from textual.pilot import Pilot


def toasts(app: App[object]) -> list[str]:
    """The text of each toast on the top screen (title, a newline, the message), oldest
    first."""
    shown = []
    for toast in app.screen.query("Toast"):
        content = toast.render()
        shown.append(str(getattr(content, "plain", content)))
    return shown


async def wait_for_toast(pilot: Pilot[object], text: str, tries: int = 200) -> list[str]:
    """The toasts once one holds `text`: a bounded retry, not a timed assertion."""
    for _ in range(tries):
        await pilot.pause()
        shown = toasts(pilot.app)
        if any(text in toast for toast in shown):
            return shown
        await pilot.pause(0.02)
    raise AssertionError(f"{text!r} never showed; the toasts: {toasts(pilot.app)}")
