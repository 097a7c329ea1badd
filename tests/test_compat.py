"""Textual internals behind mlseg_tui/ui/compat.py: each test names the Textual attribute it
checks, so a Textual upgrade that removes or changes one fails here, saying what to fix."""

from __future__ import annotations

import inspect

from textual.app import App

from mlseg_tui.ui.compat import active_keymap


async def test_app_keeps_its_keymap_in_a_private_dict() -> None:
    app: App[None] = App()
    async with app.run_test():
        assert isinstance(getattr(app, "_keymap", None), dict), (
            "textual.app.App._keymap is gone or no longer a dict: "
            "update mlseg_tui.ui.compat.active_keymap"
        )
        app.set_keymap({"pane.down": "n", "app.help": "?"})
        assert app._keymap == {"pane.down": "n", "app.help": "question_mark"}, (
            "App.set_keymap no longer stores the normalised keymap in App._keymap: "
            "update mlseg_tui.ui.compat.active_keymap"
        )
        app.update_keymap({"pane.up": "p"})
        assert app._keymap["pane.up"] == "p", (
            "App.update_keymap no longer merges into App._keymap: "
            "update mlseg_tui.ui.compat.active_keymap"
        )
        assert "self.app._keymap" in inspect.getsource(type(app.screen)._binding_chain.fget), (
            "Screen._binding_chain no longer applies App._keymap: "
            "check how Textual applies keymaps and update mlseg_tui.ui.compat.active_keymap"
        )


async def test_active_keymap_is_the_keymap_in_force_as_a_copy() -> None:
    app: App[None] = App()
    async with app.run_test():
        assert active_keymap(app) == {}
        app.set_keymap({"pane.down": "n"})
        keymap = active_keymap(app)
        assert keymap == {"pane.down": "n"}
        keymap["pane.down"] = "x"
        assert active_keymap(app) == {"pane.down": "n"}
