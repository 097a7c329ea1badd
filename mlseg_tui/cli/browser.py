"""Open the browser on a catalog: shared by the entry point and the click command."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from mlseg_tui.catalog.load import LoadResult, load_catalog
from mlseg_tui.catalog.locate import resolve_catalog

if TYPE_CHECKING:
    from mlseg_tui.ui.app import CatalogApp


def open_browser(catalog_dir: str | Path | None) -> LoadResult | None:
    """Run the browser on the catalog until it quits, and return None; or return the load's
    result, without running anything, when the catalog cannot be opened.

    Raises loader.CatalogNotFound when there is no catalog folder, and SystemExit with the
    app's return code when the browser ends on an error (its message is on stderr), or
    with 2, before anything is read, when there is no terminal to run it in.
    """
    from mlseg_tui.catalog.preview import catalog_preview

    if not has_terminal():
        # Run from a script or CI, the browser would wait for keys forever while it
        # writes escape codes into a file: say what to use instead.
        print(NO_TERMINAL, file=sys.stderr)
        raise SystemExit(2)

    path = resolve_catalog(catalog_dir)
    # A catalog of many files opens on its first files; the app loads the rest after its
    # first frame.
    preview = catalog_preview(path)
    if preview is not None:
        from mlseg_tui.ui.app import CatalogApp

        _run(CatalogApp(preview.result, loading=(preview.files_read, preview.files_listed)))
        return None
    result = load_catalog(path)
    if result.catalog is None:
        return result
    from mlseg_tui.ui.app import CatalogApp  # Textual is imported only for the browser

    _run(CatalogApp(result))
    return None


NO_TERMINAL = (
    "mlseg-tui: the browser needs a terminal (stdin and stdout are not both one); "
    "in scripts use `mlseg-tui list`, `mlseg-tui export` or `mlseg-tui validate`"
)


def has_terminal() -> bool:
    """True when both stdin and stdout are terminals, or Textual is told to drive
    something else (`mlseg-tui serve` runs the app under textual-serve's web driver)."""
    if os.environ.get("TEXTUAL_DRIVER"):
        return True
    try:
        return sys.stdin is not None and sys.stdin.isatty() and sys.stdout.isatty()
    except (AttributeError, ValueError, OSError):  # closed or replaced streams
        return False


def _run(app: CatalogApp) -> None:
    app.run()
    if app.return_code:  # e.g. the full load after a preview failed
        raise SystemExit(app.return_code)
