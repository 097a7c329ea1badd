"""Textual internals behind mlseg_tui/ui/compat.py: each test names the Textual attribute it
checks, so a Textual upgrade that removes or changes one fails here, saying what to fix."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.notifications import Notification

from mlseg_tui.ui.compat import active_keymap, notification_showing, withdraw_notification

FIX = "update mlseg_tui.ui.compat.active_keymap"


class Bell(App[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("f1", "bell", "Bell", id="test.bell")]


async def test_app_keeps_the_keymap_in_force_in_app_keymap() -> None:
    app = Bell()
    async with app.run_test() as pilot:
        assert isinstance(getattr(app, "_keymap", None), dict), (
            f"textual.app.App._keymap is gone or no longer a dict: {FIX}"
        )
        app.set_keymap({"test.bell": "f2", "app.help": "?"})
        assert app._keymap == {"test.bell": "f2", "app.help": "question_mark"}, (
            f"App.set_keymap no longer stores the normalised keymap in App._keymap: {FIX}"
        )
        app.update_keymap({"pane.up": "p"})
        assert app._keymap["pane.up"] == "p" and app._keymap["test.bell"] == "f2", (
            f"App.update_keymap no longer merges into App._keymap: {FIX}"
        )
        app._keymap = {"test.bell": "f3"}
        app.refresh_bindings()
        await pilot.pause()
        assert "f3" in app.screen.active_bindings and "f1" not in app.screen.active_bindings, (
            f"the bindings in force no longer follow App._keymap: {FIX}"
        )


async def test_active_keymap_is_the_keymap_in_force_as_a_copy() -> None:
    app = Bell()
    async with app.run_test():
        assert active_keymap(app) == {}
        app.set_keymap({"test.bell": "f2"})
        keymap = active_keymap(app)
        assert keymap == {"test.bell": "f2"}
        keymap["test.bell"] = "x"
        assert active_keymap(app) == {"test.bell": "f2"}


NOTICES = "update mlseg_tui.ui.compat.notification_showing and withdraw_notification"


async def test_app_keeps_its_notifications_in_app_notifications_and_unnotify_drops_one() -> None:
    app = Bell()
    async with app.run_test(notifications=True) as pilot:
        app.notify("one", timeout=30)
        app.notify("two", timeout=30)
        await pilot.pause()
        notifications = getattr(app, "_notifications", None)
        assert notifications is not None, f"textual.app.App._notifications is gone: {NOTICES}"
        first, second = list(notifications)
        assert isinstance(first, Notification)
        assert notification_showing(app, first) and notification_showing(app, second)
        assert callable(getattr(app, "_unnotify", None)), f"App._unnotify is gone: {NOTICES}"
        withdraw_notification(app, first)
        await pilot.pause()
        await pilot.pause()
        assert not notification_showing(app, first), f"App._unnotify kept it: {NOTICES}"
        assert notification_showing(app, second)
        shown = [str(toast.render()) for toast in app.screen.query("Toast")]
        assert shown == ["two"], f"the withdrawn toast still shows: {NOTICES}"
        withdraw_notification(app, first)  # again: nothing happens
