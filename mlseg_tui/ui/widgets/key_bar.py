"""The bottom line: the main keys of whatever has focus; click one to run it.

One Static redrawn when the focus changes, instead of Textual's Footer (a widget per
key, recomposed on every focus change), to keep the first frame cheap. Keys that do not
fit whole are left out (never one cut mid-word); `?` Help is kept, as it lists them all.
"""

from __future__ import annotations

from dataclasses import replace

from rich.cells import cell_len
from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import Screen
from textual.style import Style
from textual.widgets import Static

KEY = "bold $footer-key-foreground"


class KeyBar(Static):
    """Lists the shown bindings of the focused widget and its ancestors, then the palette."""

    DEFAULT_CSS = """
    KeyBar {
        height: 1;
        width: 100%;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        background: $footer-background;
        color: $footer-description-foreground;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._actions: list[tuple[DOMNode, Binding]] = []
        self._shown: tuple[tuple[str, str], ...] = ()
        self._width = 0  # the width the keys were fitted to
        self._dialog: Screen | None = None  # a dialog over our screen: its keys are listed

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self.watch(self.screen, "maximized", lambda _: self.show_keys(), init=False)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        if self.is_attached and screen in (self.screen, self._dialog):
            self.show_keys()

    def list_dialog_keys(self, dialog: Screen | None) -> None:
        """While `dialog` covers our screen, list its keys: ours would not work under it."""
        if self._dialog is not None:
            self._dialog.bindings_updated_signal.unsubscribe(self)
        self._dialog = dialog
        if dialog is not None:
            dialog.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self.show_keys()

    def show_keys(self) -> None:
        palette_key = self.app.COMMAND_PALETTE_BINDING
        entries: list[tuple[DOMNode, Binding]] = []
        palette: tuple[DOMNode, Binding] | None = None
        seen: set[str] = set()
        screen = self._dialog or self.screen
        # While a widget is zoomed, escape restores the view before any binding sees it.
        zoomed = screen.maximized is not None and self.app.escape_to_minimize
        for key, (node, binding, enabled, _) in screen.active_bindings.items():
            if zoomed and key == "escape":
                binding = replace(binding, description="Restore the view")
            if key == palette_key and binding.action.endswith("command_palette"):
                palette = (node, binding)
            elif binding.show and enabled and binding.action not in seen:
                seen.add(binding.action)
                entries.append((node, binding))
        if palette is not None:
            entries.append(palette)
        shown = tuple((self.app.get_key_display(b), b.description) for _, b in entries)
        if shown == self._shown and self._width == self.size.width:
            return
        self._shown = shown
        self._width = self.size.width
        self._actions = entries
        parts: list[str | tuple[str, str | Style]] = []
        for index in self._fitting(entries, self.size.width):
            key, description = shown[index]
            click = Style.from_meta({"key_bar": index})
            parts.append((f" {key} ", Style.parse(KEY) + click))
            parts.append((f"{description} ", click))
        self.update(Content.assemble(*parts))

    def _fitting(self, entries: list[tuple[DOMNode, Binding]], width: int) -> list[int]:
        """The entries that fit `width` whole, in order; the help's is kept first of all."""
        sizes = [cell_len(f" {self.app.get_key_display(b)} {b.description} ") for _, b in entries]
        if width <= 0 or sum(sizes) <= width:
            return list(range(len(entries)))
        helps = [i for i, (_, b) in enumerate(entries) if b.action.endswith("help")]
        kept = set(helps[:1])
        room = width - sum(sizes[i] for i in kept)
        for index, size in enumerate(sizes):
            if index not in kept and size <= room:
                kept.add(index)
                room -= size
            elif index not in kept:
                break  # later keys would read out of order
        return sorted(kept)

    def on_resize(self) -> None:
        self.show_keys()

    async def on_click(self, event: events.Click) -> None:
        index = event.style.meta.get("key_bar")
        if isinstance(index, int) and 0 <= index < len(self._actions):
            node, binding = self._actions[index]
            await self.app.run_action(binding.action, node)
