"""One folder walker: the load, the preview and the check for added files agree on the
tool files of a catalog and their order."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mlseg_tui.catalog import preview, walk
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


def odd_files_catalog(tmp_path: Path) -> Path:
    """Tool files of every awkward kind: a link to a file, a broken link, a link loop, a
    FIFO, a subfolder."""
    root = linked_catalog(tmp_path)
    tools = root / "tools"
    (tools / "broken.toml").symlink_to(tmp_path / "nowhere.toml")
    (tools / "loop.toml").symlink_to(tools / "loop.toml")
    os.mkfifo(tools / "fifo.toml")
    make_catalog(root, {"tools/sub/e.toml": tool_toml("E")}, segments=None)
    return root


def walked(root: Path) -> list[object]:
    folders: dict[Path, int] = {}
    items = [
        str(item) if isinstance(item, Problem) else item
        for item in walk_tool_files(root, "", folders)
    ]
    return [items, sorted(folders)]


def test_files_are_stated_the_same_through_a_folder_handle_or_by_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The walk stats each file by name in an open folder; where the platform or the folder
    allows no handle, by its whole path, with the same result."""
    root = odd_files_catalog(tmp_path)
    through_handle = walked(root)
    rels = [item[0] for item in through_handle[0] if isinstance(item, tuple)]
    assert rels == ["tools/A.toml", "tools/B.toml", "tools/C.toml", "tools/d.toml",
                    "tools/sub/e.toml"]  # fmt: skip
    errors = [item for item in through_handle[0] if isinstance(item, str) and "error" in item]
    assert sorted(errors) == [
        f"{root / 'tools' / name}:1:1: error: not a regular file (a broken link?); skipped"
        for name in ("broken.toml", "fifo.toml", "loop.toml")
    ]
    opened: list[object] = []
    real_open = walk.os.open

    def recording_open(path: object, *args: object, **kwargs: object) -> int:
        opened.append(path)
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(walk.os, "open", recording_open)
    assert walked(root) == through_handle
    assert root / "tools" in opened  # the handle was used
    monkeypatch.setattr(walk.os, "supports_dir_fd", set())
    opened.clear()
    assert walked(root) == through_handle
    assert opened == []

    def refuse(path: object, *args: object, **kwargs: object) -> int:
        raise PermissionError(13, "Permission denied")

    monkeypatch.undo()
    monkeypatch.setattr(walk.os, "open", refuse)
    assert walked(root) == through_handle
