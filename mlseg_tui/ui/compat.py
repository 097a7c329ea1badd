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
