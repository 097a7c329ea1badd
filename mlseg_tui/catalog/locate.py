"""Which catalog folder to open, and where the bundled data lives."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
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


class CatalogSetupError(OSError):
    """The user's own catalog could not be created (its message says where and why)."""


def resolve_catalog(option: str | Path | None) -> Path:
    """The catalog folder: --catalog, else $MLSEG_CATALOG, else ./catalog, else the user's copy.

    The user's copy is created from the bundled catalog on first use, so nothing is ever
    written inside the installed package; only when its folder does not exist at all. A
    folder that exists but is broken (no segments.toml, say) is the user's: the load
    reports what is wrong with it, and it is never overwritten.
    """
    if option is not None and str(option) != "":
        return Path(option)
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR])
    local = Path("catalog")
    if (local / SEGMENTS_FILE).is_file():
        return local
    user = user_catalog_path()
    # Only when not even a broken link is there: a first use.
    if not os.path.lexists(user) and create_user_catalog(user):
        print(f"mlseg-tui: created your catalog at {user} from the bundled one", file=sys.stderr)
    return user


def create_user_catalog(user: Path) -> bool:
    """Copy the bundled catalog to `user`, all or nothing; False when another process
    created it first. Raises CatalogSetupError (nothing left behind) when it cannot.

    The copy is made in a new temporary folder beside `user` (so no link planted there
    is written through) and renamed into place: a full disk or any error leaves no
    half-copied catalog that later runs would take for the user's own.
    """
    try:
        user.parent.mkdir(parents=True, exist_ok=True)
        temporary = Path(tempfile.mkdtemp(prefix=f".{user.name}.", suffix=".tmp", dir=user.parent))
    except OSError as error:
        raise _setup_error(user, error) from None
    try:
        shutil.copytree(bundled_path("catalog"), temporary, dirs_exist_ok=True)
    except (OSError, shutil.Error) as error:
        shutil.rmtree(temporary, ignore_errors=True)
        raise _setup_error(user, error) from None
    try:
        os.rename(temporary, user)
    except OSError as error:
        shutil.rmtree(temporary, ignore_errors=True)
        if os.path.lexists(user):  # another process made it meanwhile: theirs stands
            return False
        raise _setup_error(user, error) from None
    return True


def _setup_error(user: Path, error: OSError | shutil.Error) -> CatalogSetupError:
    if isinstance(error, shutil.Error):  # copytree's list of (source, target, why)
        failures = error.args[0] if error.args and isinstance(error.args[0], list) else []
        reason = str(failures[0][2]) if failures else str(error)
        return CatalogSetupError(0, f"cannot create your catalog at {user}: {reason}")
    reason = error.strerror or str(error)
    where = f" ({error.filename})" if error.filename and str(error.filename) != str(user) else ""
    return CatalogSetupError(
        error.errno or 0, f"cannot create your catalog at {user}: {reason}{where}"
    )
