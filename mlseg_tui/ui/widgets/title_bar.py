"""The top line: the app's name, the catalog folder and the unsaved-changes marker."""

from __future__ import annotations

from rich.cells import cell_len
from textual import events
from textual.content import Content
from textual.widget import Widget

MENU = "≡ "


def fitted(title: str, sub_title: str, width: int) -> tuple[str, str]:
    """(name part, sub-title) fitting `width` cells after the "≡ ": the app's name goes
    first, then the sub-title loses its start, never its end, where the unsaved count and
    the view's markers are."""
    room = width - cell_len(MENU)
    name = f"{title} — "
    if cell_len(name) + cell_len(sub_title) <= room:
        return name, sub_title
    if cell_len(sub_title) <= room:
        return "", sub_title
    kept = ""
    for char in reversed(sub_title):
        if cell_len(kept) + cell_len(char) + 1 > room:
            break
        kept = char + kept
    return "", "…" + kept if room > 0 else ""


class TitleBar(Widget):
    """Shows the app's title and sub-title (kept up to date); "≡" opens the command palette.

    On a narrow screen the sub-title's end stays in view: the unsaved count is there.
    """

    DEFAULT_CSS = """
    TitleBar {
        height: 1;
        width: 100%;
        text-align: center;
        background: $panel;
        color: $foreground;
    }
    """

    def on_mount(self) -> None:
        self.watch(self.app, "sub_title", lambda _: self.refresh(), init=False)

    def render(self) -> Content:
        name, sub_title = fitted(self.app.title, self.app.sub_title, self.size.width)
        return Content.assemble((MENU, "bold"), (name, "bold"), sub_title)

    @property
    def text(self) -> str:
        """The line as shown (for tests)."""
        return self.render().plain

    async def on_click(self, event: events.Click) -> None:
        if event.x < 2:
            await self.app.run_action("command_palette")
