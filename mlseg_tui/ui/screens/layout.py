"""The breakpoint classes of the main screen, known before its first frame."""

from __future__ import annotations

from textual.app import App


def layout_classes(app: App[object]) -> str:
    """The breakpoint classes Textual would give a screen of the app's size (on its first
    resize): set up front, they spare a restyle of every widget before the first frame."""
    classes = []
    for breakpoints, size in zip(
        (app.HORIZONTAL_BREAKPOINTS, app.VERTICAL_BREAKPOINTS), app.size, strict=True
    ):
        reached = [(threshold, name) for threshold, name in breakpoints or () if size >= threshold]
        if reached:
            classes.append(max(reached)[1])
    return " ".join(sorted(classes))
