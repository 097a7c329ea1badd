"""Keys handled one at a time, so a key typed while a dialog opens reaches that dialog.

Textual hands every key to the focused widget at once, but runs the key's binding only
after the key has bubbled through the queue of each of the widget's ancestors back to the
app. In a burst read from the terminal at once (`m 4 f a s t enter`), all the keys are
handed to the pane before `m` has opened the move picker, and the letters meant for the
reason prompt behind it arrive where nothing takes them; keys that come just after a
dialog was pushed, before it has composed and focused its field, are lost the same way.

Here a key is handed on only once the one before it is done: once a `KeyRound` message,
posted behind it along the same way, has come back to the app, and the screen then shown
is mounted and has not changed its screen or focus during one more round (a dialog
dismissed by a message, the next one pushed by its callback, a field focused by
`on_mount`). Keys that arrive meanwhile wait in order. Nothing waits unbounded: a key whose
rounds do not settle within ROUND_TIMEOUT (a widget removed on the way drops its round)
counts as done.
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING, Any

from textual import events

from mlseg_tui.ui.messages import KeyRound

if TYPE_CHECKING:
    from textual.screen import Screen
    from textual.signal import Signal
    from textual.timer import Timer
    from textual.widget import Widget

# How long one key may take before the next is handed on anyway (seconds).
ROUND_TIMEOUT = 5.0
# Rounds that come back with nothing changed before a key counts as done: one more than
# needed to bring the key itself back, for what it posted (a field's Submitted).
QUIET_ROUNDS = 2


class KeyOrder:
    """Mixed into the app before `App`: its `on_event` holds keys while one is in flight."""

    if TYPE_CHECKING:  # the app's, from Textual (a definition here would shadow it)
        screen: Screen[Any]
        focused: Widget | None
        screen_change_signal: Signal[Screen[Any]]

        def set_timer(self, delay: float, callback: Any) -> Timer: ...
        def call_later(self, callback: Any, *args: Any) -> bool: ...

    _keys_waiting: deque[events.Key] | None = None
    _key_round: KeyRound | None = None
    _key_rounds = 0
    _key_timer: Timer | None = None

    @property
    def keys_pending(self) -> bool:
        """Whether a key is being handled or waits to be handed on."""
        return self._key_round is not None or bool(self._keys_waiting)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            waiting = self._keys_waiting
            if waiting is None:
                waiting = self._keys_waiting = deque()
                # A screen popped may drop a round on its way: one is sent again.
                self.screen_change_signal.subscribe(self, self._screen_changed)  # type: ignore[arg-type]
            if self._key_round is not None or waiting:
                waiting.append(event)
                return
            await self._hand_on(event)
            return
        await super().on_event(event)  # type: ignore[misc]  # App's

    async def _hand_on(self, key: events.Key) -> None:
        # One bound for all the key's rounds: a timer per round would cost a task per round.
        self._key_timer = self.set_timer(ROUND_TIMEOUT, self._timed_out)
        self._key_rounds = 0
        await super().on_event(key)  # type: ignore[misc]  # priority bindings, or forwarded
        self._start_round()

    def _start_round(self) -> None:
        """Post a round behind what was handed on, along the way the key took."""
        screen, focused = self.screen, self.focused
        message = KeyRound(screen, focused)
        self._key_round = message
        self._key_rounds += 1
        target = focused if focused is not None else screen
        if not target.post_message(message):  # closed: nothing is on its way
            self.call_later(self._round_back, message)

    async def on_key_round(self, message: KeyRound) -> None:
        message.stop()
        await self._round_back(message)

    async def _round_back(self, message: KeyRound) -> None:
        if message is not self._key_round:
            return  # a round given up on
        screen = self.screen
        changed = screen is not message.screen or self.focused is not message.focused
        # A screen not mounted yet: the round waits in its queue until it is.
        if changed or not screen.is_mounted or self._key_rounds < QUIET_ROUNDS:
            self._start_round()
        else:
            await self._next_key()

    def _screen_changed(self, screen: Screen[Any]) -> None:
        message = self._key_round
        if message is not None and message.screen is not screen:
            self._start_round()

    def _timed_out(self) -> None:
        # Timers run in a task of their own: the key is handed on from the app's queue.
        self.call_later(self._give_up, self._key_round)

    async def _give_up(self, message: KeyRound | None) -> None:
        if message is not None and message is self._key_round:
            await self._next_key()

    async def _next_key(self) -> None:
        self._key_round = None
        if self._key_timer is not None:
            self._key_timer.stop()
            self._key_timer = None
        if self._keys_waiting:
            await self._hand_on(self._keys_waiting.popleft())
