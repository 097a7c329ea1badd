"""Issue 11, items 10 and 12: no temporary file under a predictable name (a planted link
would be written through), and the stale-temp sweep stays inside the catalog."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mlseg_tui.catalog import cache as catalog_cache
from mlseg_tui.catalog.load import load_catalog
from mlseg_tui.domain.edits import EditSession
from mlseg_tui.store import atomic
from mlseg_tui.store.catalog_store import CatalogStore
from tests.corpus import files, tool


def test_the_cache_never_writes_through_a_link_planted_in_a_shared_cache_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = tmp_path / "shared-cache"
    shared.mkdir()
    monkeypatch.setenv(catalog_cache.CACHE_DIR_ENV, str(shared))
    root = tmp_path / "catalog"
    files({})(root)
    victim = tmp_path / "victim"
    victim.write_bytes(b"precious")
    cache_path = catalog_cache.cache_file(root, shared)
    # The names a writer could be expected to use, every one a link to the victim.
    for pid in range(os.getpid() - 50, os.getpid() + 50):
        (shared / f".{cache_path.name}.{pid}.tmp").symlink_to(victim)

    result = load_catalog(root)

    assert result.ok
    assert victim.read_bytes() == b"precious"
    assert cache_path.is_file() and not cache_path.is_symlink()  # the cache was written


def test_the_stale_temp_sweep_stays_inside_the_catalog(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "shared.toml").write_text(tool("Shared"), encoding="utf-8")
    theirs = outside / ".shared.toml.abcdefgh.tmp"  # named like ours, but not ours
    theirs.write_text("someone else's", encoding="utf-8")
    old = theirs.stat().st_mtime - atomic.STALE_TEMP_SECONDS - 60
    os.utime(theirs, (old, old))
    root = tmp_path / "catalog"
    files({})(root)
    (root / "tools" / "shared.toml").symlink_to(outside / "shared.toml")
    result = load_catalog(root, use_cache=False)
    store = CatalogStore(result)
    session = EditSession(store.catalog)
    shared = store.catalog.find("Shared")
    assert shared is not None
    session.move(shared, "other")

    assert store.save(session).ok

    assert theirs.read_text(encoding="utf-8") == "someone else's"
    assert "other" in (outside / "shared.toml").read_text(encoding="utf-8")  # written through
