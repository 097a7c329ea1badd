"""The user's settings: a small TOML file in the platform's config folder (the theme).

Read at start, written atomically when a setting changes. A file that cannot be used is
reported once (file, line and what is wrong) and ignored, and never overwritten: a user's
hand-edited file that does not parse is theirs to fix.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from mlseg_tui.catalog.files import read_regular
from mlseg_tui.store.atomic import write_parts

# Where the settings file lives instead of the platform's config folder (tests, or a
# user who keeps settings elsewhere).
CONFIG_DIR_ENV = "MLSEG_TUI_CONFIG_DIR"
FILE_NAME = "settings.toml"
# A settings file is a few lines; anything larger is not ours.
MAX_SETTINGS_BYTES = 64 * 1024
# Theme names are identifiers such as "dracula" or "textual-light".
THEME_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
KNOWN_KEYS = ("theme",)
_AT = re.compile(r"\(at line (\d+), column (\d+)\)")


@dataclass(frozen=True)
class Settings:
    theme: str | None = None  # None: the app's default


@dataclass(frozen=True)
class SettingsRead:
    """What start-up read: the settings to use, and what was wrong with the file (or "")."""

    settings: Settings
    problem: str = ""


def config_dir() -> Path:
    override = os.environ.get(CONFIG_DIR_ENV, "").strip()
    if override:
        return Path(override)
    import platformdirs  # only when settings are read or written

    return platformdirs.user_config_path("mlseg-tui")


def settings_path() -> Path:
    return config_dir() / FILE_NAME


def read_settings(path: Path | None = None) -> SettingsRead:
    """The settings in `path` (default: settings_path()); defaults when there is no file."""
    path = settings_path() if path is None else path
    try:
        data = read_regular(path, MAX_SETTINGS_BYTES)
    except FileNotFoundError:
        return SettingsRead(Settings())
    except (OSError, ValueError) as error:
        return SettingsRead(Settings(), f"{path}: cannot be read: {_reason(error)}")
    try:
        text = data.decode("utf-8")
        document = tomllib.loads(text)
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return SettingsRead(Settings(), f"{path}:{line}: not UTF-8 text")
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = _AT.search(message)
        where = f"{found[1]}:{found[2]}" if found else "1"
        return SettingsRead(Settings(), f"{path}:{where}: {_AT.sub('', message).strip()}")
    problems = [
        f"{path}:{_line_of(text, key)}: unknown setting {key!r} (known: {', '.join(KNOWN_KEYS)})"
        for key in document
        if key not in KNOWN_KEYS
    ]
    theme = document.get("theme")
    if theme is not None and not (isinstance(theme, str) and THEME_NAME.fullmatch(theme)):
        problems.append(f"{path}:{_line_of(text, 'theme')}: theme must be a theme's name")
        theme = None
    return SettingsRead(Settings(theme=theme), "; ".join(problems))


def write_settings(settings: Settings, path: Path | None = None) -> Path:
    """Write `settings` to `path` (default: settings_path()), atomically; its path.

    Refused (ValueError) when the file there is not a settings file this version can
    read back whole, so that nothing a user wrote is lost."""
    path = settings_path() if path is None else path
    if settings.theme is not None and not THEME_NAME.fullmatch(settings.theme):
        raise ValueError(f"not a theme name: {settings.theme!r}")
    if os.path.lexists(path):
        existing = read_settings(path)
        if existing.problem:
            raise ValueError(f"not overwritten: {existing.problem}")
    lines = ["# mlseg-tui settings, written by the app when a setting changes.\n"]
    if settings.theme is not None:
        lines.append(f'theme = "{settings.theme}"\n')
    path.parent.mkdir(parents=True, exist_ok=True)
    write_parts(path, ["".join(lines).encode("utf-8")])
    return path


def _line_of(text: str, key: str) -> int:
    found = re.search(rf"^[ \t]*[\"']?{re.escape(key)}[\"']?[ \t]*=", text, re.MULTILINE)
    return text.count("\n", 0, found.start()) + 1 if found else 1


def _reason(error: Exception) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error)
