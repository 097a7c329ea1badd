"""One folder walker: the load, the preview and the check for added files agree on the
tool files of a catalog and their order."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlseg_tui.catalog import preview
from mlseg_tui.catalog.load import load_catalog
from mlseg_tui.catalog.walk import walk_folders, walk_tool_files
from mlseg_tui.domain.model import Problem
from tests.test_loader import make_catalog, tool_toml


def linked_catalog(tmp_path: Path) -> Path:
    """A catalog with links to a folder outside it: one named like a tool file."""
    outside = make_catalog(tmp_path / "outside", {"x.toml": tool_toml("X")}, segments=None)
    root = make_catalog(tmp_path / "c", {f"tools/{name}.toml": tool_toml(name) for name in "ABC"})
    (root / "linked.toml").symlink_to(outside, target_is_directory=True)
    (root / "more").symlink_to(outside, target_is_directory=True)
    (root / "tools" / "d.toml").symlink_to(outside / "x.toml")  # a link to a file is read
    return root


def test_the_preview_reads_the_files_a_load_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(preview, "PREVIEW_FROM_FILES", 2)
    root = linked_catalog(tmp_path)
    first = preview.catalog_preview(root)
    full = load_catalog(root, use_cache=False)
    assert first is not None and first.result.catalog is not None
    assert full.catalog is not None
    names = [tool.name for tool in full.catalog.tools]
    assert names == ["A", "B", "C", "X"]
    assert [tool.name for tool in first.result.catalog.tools] == names
    assert first.result.errors == [] and first.files_listed == 4
    assert [str(p) for p in full.problems] == [
        f"{root / 'linked.toml'}:1:1: warning: a folder named .toml is skipped",
        f"{root / 'more'}:1:1: warning: a link to a folder outside the catalog is skipped",
    ]


def test_the_walk_lists_names_without_a_stat_and_files_with_one(tmp_path: Path) -> None:
    root = linked_catalog(tmp_path)
    listings = list(walk_folders(root))
    assert [(listing.rel, listing.names) for listing in listings] == [
        ("", []),
        ("tools/", ["A.toml", "B.toml", "C.toml", "d.toml"]),
    ]
    folders: dict[Path, int] = {}
    files = [item for item in walk_tool_files(root, "", folders) if not isinstance(item, Problem)]
    assert [rel for rel, _, _ in files] == ["tools/A.toml", "tools/B.toml", "tools/C.toml",
                                            "tools/d.toml"]  # fmt: skip
    assert files[3][1] == root / "tools" / "d.toml"
    assert set(folders) == {root, root / "tools"}


def test_links_to_folders_inside_the_catalog_are_followed_once(tmp_path: Path) -> None:
    # Issue 11, item 13: a symlinked tools/ or subfolder was skipped without a word.
    root = make_catalog(tmp_path / "c", {f"real/{name}.toml": tool_toml(name) for name in "AB"})
    (root / "tools").symlink_to(root / "real", target_is_directory=True)  # read twice?
    (root / "real" / "loop").symlink_to(root, target_is_directory=True)
    result = load_catalog(root, use_cache=False)
    assert result.catalog is not None
    assert [tool.name for tool in result.catalog.tools] == ["A", "B"]  # read once, no clash
    assert [str(p) for p in result.problems] == [
        f"{root / 'tools'}:1:1: warning: a link to a folder read already "
        "(or round in a circle) is skipped",
        f"{root / 'real' / 'loop'}:1:1: warning: a link to a folder read already "
        "(or round in a circle) is skipped",
    ]


def test_a_symlinked_tools_folder_inside_the_catalog_is_read(tmp_path: Path) -> None:
    root = make_catalog(tmp_path / "c", {f".store/{name}.toml": tool_toml(name) for name in "AB"})
    (root / "tools").symlink_to(root / ".store", target_is_directory=True)
    result = load_catalog(root, use_cache=False)
    assert result.catalog is not None and result.problems == []
    assert [tool.name for tool in result.catalog.tools] == ["A", "B"]


def test_a_symlinked_tools_folder_outside_is_skipped_with_a_warning(tmp_path: Path) -> None:
    outside = make_catalog(tmp_path / "elsewhere", {"x.toml": tool_toml("X")}, segments=None)
    root = make_catalog(tmp_path / "c", {})
    (root / "tools").symlink_to(outside, target_is_directory=True)
    result = load_catalog(root, use_cache=False)
    messages = [str(p) for p in result.problems]
    assert f"{root / 'tools'}:1:1: warning: a link to a folder outside the catalog is skipped" in (
        messages
    )
