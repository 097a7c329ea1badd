"""A one-line text field that takes a burst of keys in the order they were typed."""

from __future__ import annotations

from textual import events
from textual.widgets import Input


class TextField(Input):
    """An `Input` whose bound keys (backspace, arrows, enter...) act in typing order.

    Textual gives a printable key to the focused Input, which inserts it at once; any
    other key bubbles up through the message queue of each ancestor to the app, which
    only then runs the binding. When the keys of one read from the terminal are queued
    together ("⌫⌫⌫flow" after "k8s"), the letters are inserted before the backspaces
    arrive and the field ends as "k8sf". Here the binding of such a key runs as the
    field takes the key, so every key acts in the order it came.
    """

    async def on_key(self, event: events.Key) -> None:
        if event.is_printable:
            return  # Input inserts it
        bound = self.screen.active_bindings.get(event.key)
        # A priority binding was offered the key before it reached the field.
        if bound is None or not bound.enabled or bound.binding.priority:
            return
        if await self.app.run_action(bound.binding.action, bound.node):
            event.stop()
            event.prevent_default()  # handled: no other handler, no bubbling
