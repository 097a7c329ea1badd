"""The baseline: an empty Textual app (Header, Input, Footer), started like the real one."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Input

from .terminal import PLACEHOLDER


class EmptyApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder=PLACEHOLDER, id="echo")
        yield Footer()


if __name__ == "__main__":
    EmptyApp().run()
