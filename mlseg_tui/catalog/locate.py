"""Which catalog folder to open, and where the bundled data lives."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from mlseg_tui.catalog.walk import SEGMENTS_FILE

ENV_VAR = "MLSEG_CATALOG"
# The installed package keeps its data in mlseg_tui/data; a source checkout at the top level.
_PACKAGE = Path(__file__).resolve().parent.parent


def bundled_path(name: str) -> Path:
    """A data folder shipped with the app: inside the wheel, or beside a source checkout."""
    installed = _PACKAGE / "data" / name
    return installed if installed.is_dir() else _PACKAGE.parent / name


def user_catalog_path() -> Path:
    import platformdirs  # only needed on the rare first-use path

    return platformdirs.user_data_path("mlseg-tui") / "catalog"


def resolve_catalog(option: str | Path | None) -> Path:
    """The catalog folder: --catalog, else $MLSEG_CATALOG, else ./catalog, else the user's copy.

    The user's copy is created from the bundled catalog on first use, so nothing is ever
    written inside the installed package.
    """
    if option:
        return Path(option)
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR])
    local = Path("catalog")
    if (local / SEGMENTS_FILE).is_file():
        return local
    user = user_catalog_path()
    if not (user / SEGMENTS_FILE).is_file():
        shutil.copytree(bundled_path("catalog"), user, dirs_exist_ok=True)
        print(f"mlseg-tui: created your catalog at {user} from the bundled one", file=sys.stderr)
    return user
