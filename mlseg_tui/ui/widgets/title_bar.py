"""The top line: the app's name, the catalog folder and the unsaved-changes marker."""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.widgets import Static


class TitleBar(Static):
    """Shows the app's title and sub-title (kept up to date); "≡" opens the command palette."""

    DEFAULT_CSS = """
    TitleBar {
        height: 1;
        width: 100%;
        text-align: center;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        background: $panel;
        color: $foreground;
    }
    """

    def on_mount(self) -> None:
        self.watch(self.app, "sub_title", self._show, init=True)

    def _show(self, sub_title: str) -> None:
        self.update(Content.assemble(("≡ ", "bold"), (self.app.title, "bold"), " — ", sub_title))

    async def on_click(self, event: events.Click) -> None:
        if event.x < 2:
            await self.app.run_action("command_palette")
