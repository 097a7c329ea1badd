"""Open the browser on a catalog: shared by the entry point and the click command."""

from __future__ import annotations

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
    app's return code when the browser ends on an error (its message is on stderr).
    """
    from mlseg_tui.catalog.preview import catalog_preview

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


def _run(app: CatalogApp) -> None:
    app.run()
    if app.return_code:  # e.g. the full load after a preview failed
        raise SystemExit(app.return_code)
