"""The one home of Textual internals that mlseg-tui relies on.

Each function here reaches something Textual keeps private, because Textual offers no public
way to do the job. tests/test_compat.py checks every one of them against the installed
Textual, so an upgrade that changes them fails there, naming the attribute, rather than
somewhere in the app. No other module of mlseg_tui touches a private Textual name.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from textual.app import App
from textual.notifications import Notification


def active_keymap(app: App[Any]) -> dict[str, str]:
    """The keymap in force: binding id -> keys, as `App.set_keymap` normalised them.

    Textual applies a keymap when it gathers bindings but has no public way to read it
    back, and the help screen must show the keys a user remapped. `set_keymap` and
    `update_keymap` store it in `App._keymap` (which `Screen` reads). A copy is returned so
    no caller changes the keymap behind Textual's back; should the attribute vanish, the
    help shows the default keys (and tests/test_compat.py fails).
    """
    keymap = getattr(app, "_keymap", None)
    return dict(keymap) if isinstance(keymap, Mapping) else {}


def notification_showing(app: App[Any], notification: Notification) -> bool:
    """True while `notification` is among the app's notifications (not expired, not
    dismissed by a click, not withdrawn).

    Textual keeps them in `App._notifications` (a `Notifications`, which answers `in`) and
    offers no public way to ask; the notice board must know which of its notices a user
    already clicked away, so as not to count them against the two it shows.
    """
    notifications = getattr(app, "_notifications", None)
    return notifications is not None and notification in notifications


def withdraw_notification(app: App[Any], notification: Notification) -> None:
    """Take one notification off the screen before its timeout.

    Textual 8 removes one only when it expires or is clicked (`App._unnotify`, which the
    toast calls); `clear_notifications` is the only public way and removes every one.
    """
    unnotify = getattr(app, "_unnotify", None)
    if unnotify is not None:
        unnotify(notification)
