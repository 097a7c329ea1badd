"""Issue 11, items 5 and 8: a catalog name that is a FIFO, a device or a huge file is
refused before a byte is read, everywhere a catalog file is read: the loader, the preview,
the cache, the disk watch and the store. Each would hang or exhaust memory without it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mlseg_tui.catalog import cache as catalog_cache
from mlseg_tui.catalog import files, preview
from mlseg_tui.catalog.load import load_catalog
from mlseg_tui.domain.edits import EditSession
from mlseg_tui.store.catalog_store import CatalogStore
from tests.corpus import files as corpus_files
from tests.corpus import snapshot_bytes, tool

pytestmark = pytest.mark.timeout(30)  # a blocked read fails the test instead of hanging


def catalog(root: Path, count: int = 2) -> Path:
    corpus_files({f"tools/t{i:04d}.toml": tool(f"T{i:04d}") for i in range(count)}, base=False)(
        root
    )
    return root


def fifo_over(path: Path) -> None:
    path.unlink(missing_ok=True)
    os.mkfifo(path)


def test_the_preview_skips_a_fifo_among_its_first_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(preview, "PREVIEW_FROM_FILES", 3)
    root = catalog(tmp_path / "c", 5)
    fifo_over(root / "tools" / "t0001.toml")
    shown = preview.catalog_preview(root)
    assert shown is not None and shown.result.catalog is not None
    assert [tool.name for tool in shown.result.catalog.tools] == ["T0000", "T0002", "T0003",
                                                                    "T0004"]  # fmt: skip
    assert any("not a regular file: it is a FIFO" in p.message for p in shown.result.problems)


def test_the_disk_watch_reports_a_tool_file_replaced_by_a_fifo(tmp_path: Path) -> None:
    root = catalog(tmp_path / "c")
    store = CatalogStore(load_catalog(root, use_cache=False))
    path = root / "tools" / "t0001.toml"
    fifo_over(path)
    assert store.changed_on_disk() == [path]
    assert store.reload_file(EditSession(store.catalog), path)[0].message.endswith(
        "not a regular file: it is a FIFO (named pipe)"
    )


def test_a_save_onto_a_file_replaced_by_a_fifo_writes_nothing(tmp_path: Path) -> None:
    root = catalog(tmp_path / "c")
    store = CatalogStore(load_catalog(root, use_cache=False))
    session = EditSession(store.catalog)
    tool_ = store.catalog.find("T0001")
    assert tool_ is not None
    session.move(tool_, "other", "why")
    path = root / "tools" / "t0001.toml"
    fifo_over(path)
    before = snapshot_bytes(root)
    report = store.save(session)
    assert report.failures == [(path, "not a regular file: it is a FIFO (named pipe)")]
    assert session.pending_count == 1
    assert snapshot_bytes(root) == before


def test_a_cache_file_that_is_a_fifo_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(catalog_cache.CACHE_DIR_ENV, str(tmp_path / "cache"))
    root = catalog(tmp_path / "c")
    (tmp_path / "cache").mkdir()
    fifo_over(catalog_cache.cache_file(root, tmp_path / "cache"))
    result = load_catalog(root)
    assert result.ok and len(result.catalog.tools) == 2  # type: ignore[union-attr]


def test_a_file_over_the_size_limit_is_reported_not_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = catalog(tmp_path / "c")
    big = root / "tools" / "big.toml"
    big.write_text(tool("Big").replace("Because.", "x" * 3_000_000), encoding="utf-8")
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 2 << 20)
    result = load_catalog(root, use_cache=False)
    assert [str(p) for p in result.errors] == [
        f"{big}:1:1: error: cannot read file: file too large (2 MiB; the limit is 2 MiB)"
    ]
    assert result.catalog is not None and len(result.catalog.tools) == 2


def test_read_regular_says_what_a_name_is(tmp_path: Path) -> None:
    fifo = tmp_path / "f"
    os.mkfifo(fifo)
    with pytest.raises(files.NotARegularFile, match="FIFO"):
        files.read_regular(fifo)
    with pytest.raises(files.NotARegularFile, match="device"):
        files.read_regular("/dev/zero")
    with pytest.raises(files.NotARegularFile, match="folder"):
        files.read_regular(tmp_path)
    (tmp_path / "r").write_bytes(b"abc")
    assert files.read_regular(tmp_path / "r") == b"abc"
