"""The theme chosen in the palette (or Textual's theme picker), kept between runs in the
user's settings file (store/settings.py): read when the app is made, applied on mount,
written on a thread whenever the theme changes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mlseg_tui.store.settings import Settings, SettingsRead, read_settings, write_settings
from mlseg_tui.ui.controllers.store_thread import in_thread

if TYPE_CHECKING:
    from textual.app import App
    from textual.theme import Theme

    from mlseg_tui.ui.controllers.host import Host

# Long enough to read a file name and line.
PROBLEM_SECONDS = 12.0


class ThemeSettings:
    def __init__(self, host: Host) -> None:
        self.host = host
        # Read before the event loop runs (the app is made before it is run): a few
        # bytes of a regular file, checked to be one before it is opened for reading.
        self.read: SettingsRead = read_settings()
        self.saved_theme: str | None = self.read.settings.theme

    def apply(self, app: App[object]) -> None:
        """Use the saved theme (or say why not), then save every later change."""
        if self.read.problem:
            self.host.notify(
                f"Settings ignored: {self.read.problem}",
                severity="warning",
                timeout=PROBLEM_SECONDS,
                markup=False,
            )
        theme = self.read.settings.theme
        if theme is not None:
            if theme in app.available_themes:
                app.theme = theme
            else:
                self.host.notify(
                    f"Unknown theme {theme!r} in the settings file; the default is used.",
                    severity="warning",
                    timeout=PROBLEM_SECONDS,
                    markup=False,
                )
        app.theme_changed_signal.subscribe(app, self._changed)

    def _changed(self, theme: Theme) -> None:
        if theme.name != self.saved_theme:
            self.host.run_worker(self._save(theme.name), group="settings", exclusive=True)

    async def _save(self, name: str) -> None:
        try:
            await in_thread(self.host, lambda: write_settings(Settings(theme=name)), "saving")
        except (OSError, ValueError) as error:
            self.host.notify(
                f"Theme not remembered: {error}", severity="error", timeout=PROBLEM_SECONDS,
                markup=False,
            )  # fmt: skip
            return
        self.saved_theme = name
