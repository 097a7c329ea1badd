"""Screenshots of the scale view and the review list, compared with approved SVGs in
tests/__snapshots__/ (update with --snapshot-update for these tests only, then look)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import make_app


def test_scale_view_80x24(snap_compare, catalog_dir: Path) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(catalog_dir), press=["s"], terminal_size=(80, 24))


def test_scale_view_40x12(snap_compare, catalog_dir: Path) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(catalog_dir), press=["s"], terminal_size=(40, 12))


def test_scale_view_wide(snap_compare, catalog_dir: Path) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(catalog_dir), press=["s", "j", "j"], terminal_size=(120, 40))


def test_review_list(snap_compare, catalog_dir: Path) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(catalog_dir), press=["r"], terminal_size=(100, 30))
