"""The notices on screen: at most two at once, and a notice withdrawn once it no longer holds.

Every notification of the app passes through here (`CatalogApp.notify`). A notice given a
`key` ("changed on disk", "the catalog's problems") can be withdrawn by that key when what
it says stops being true, and a new notice of the same key replaces the old one. When a
third notice arrives the oldest goes, so toasts never stack over the detail.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.notifications import Notification, Notify

from mlseg_tui.ui.compat import notification_showing, withdraw_notification

if TYPE_CHECKING:
    from textual.app import App

MOST_SHOWN = 2


class NoticeBoard:
    """Posts the app's notices (`post`), withdraws them (`withdraw`) and keeps at most
    `most` on screen (`arrived`, as each reaches the app)."""

    def __init__(self, app: App[Any], most: int = MOST_SHOWN) -> None:
        self.app = app
        self.most = most
        self._keyed: dict[str, Notification] = {}
        # Posted notices not yet arrived (Textual adds one when its message is handled),
        # and those of them withdrawn meanwhile: they are never shown.
        self._posted: set[str] = set()
        self._withdrawn: set[str] = set()
        self._shown: list[Notification] = []  # in arrival order

    def post(self, notification: Notification, key: str | None = None) -> None:
        if key is not None:
            self.withdraw(key)  # the newer word on the same thing replaces the older
            self._keyed[key] = notification
        self._posted.add(notification.identity)
        self.app.post_message(Notify(notification))

    def withdraw(self, key: str) -> None:
        """Take the notice of `key` away, shown or still on its way."""
        notification = self._keyed.pop(key, None)
        if notification is None:
            return
        if notification.identity in self._posted:
            self._withdrawn.add(notification.identity)
        else:
            self._drop(notification)

    def is_showing(self, key: str) -> bool:
        notification = self._keyed.get(key)
        return notification is not None and (
            notification.identity in self._posted or notification_showing(self.app, notification)
        )

    def arrived(self, notification: Notification) -> bool:
        """`notification` reaches the app, which shows it unless this says False (it was
        withdrawn on its way); the oldest beyond the most shown go."""
        identity = notification.identity
        self._posted.discard(identity)
        if identity in self._withdrawn:
            self._withdrawn.discard(identity)
            return False
        shown = [n for n in self._shown if notification_showing(self.app, n)]
        shown.append(notification)
        while len(shown) > self.most:
            self._drop(shown.pop(0))
        self._shown = shown
        return True

    def _drop(self, notification: Notification) -> None:
        withdraw_notification(self.app, notification)
        if notification in self._shown:
            self._shown.remove(notification)
        for key, keyed in list(self._keyed.items()):
            if keyed is notification:
                del self._keyed[key]
