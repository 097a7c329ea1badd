"""Regressions of the store: tools a re-read drops, reloads in linear time, the umask."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import pytest

from mlseg_tui.catalog.load import load_catalog
from mlseg_tui.domain.edits import EditSession
from mlseg_tui.domain.model import Problem, Tool
from mlseg_tui.store import atomic, reload
from mlseg_tui.store.catalog_store import CatalogStore
from tests.corpus import SEGMENTS, tool


def build(root: Path, files: dict[str, str]) -> CatalogStore:
    root.mkdir(parents=True)
    (root / "segments.toml").write_text(SEGMENTS, encoding="utf-8")
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    result = load_catalog(root, use_cache=False)
    assert result.ok, [str(p) for p in result.problems]
    return CatalogStore(result)


def find(store: CatalogStore, name: str) -> Tool:
    found = store.catalog.find(name)
    assert found is not None
    return found


# ---------------------------------------------------------------------------- bug 1


def test_an_overwrite_whose_re_read_would_drop_a_moved_tool_is_refused(tmp_path: Path) -> None:
    many = tool("Alpha") + "\n" + tool("Beta", "other")
    store = build(
        tmp_path / "c", {"many.toml": many, "a.toml": tool("Airflow", extra='aliases = ["AF"]\n')}
    )
    session = EditSession(store.catalog)
    airflow, alpha = find(store, "Airflow"), find(store, "Alpha")
    session.move(airflow, "middle")
    session.move(alpha, "other")
    # Outside, Alpha takes an alias Airflow already holds: a re-read would leave Alpha out.
    path = tmp_path / "c" / "many.toml"
    path.write_text(tool("Alpha", extra='aliases = ["AF"]\n') + "\n" + tool("Beta", "other"))
    assert store.save(session).conflicts == [path]

    report = store.save(session, overwrite=[path])

    # Issue 11 made an overwrite replay, never erase; since then a replay that would lose
    # a pending change is refused, naming the clash: Alpha's move stays pending, undoable.
    assert report.written == [] and report.reloaded == [] and report.dropped == []
    [(failed, reason)] = report.failures
    assert failed == path and "many.toml:1:1:" in reason and "already used" in reason
    assert "Alpha's unsaved change" in reason
    assert store.catalog.find("Alpha") is alpha and session.dirty_tools() == [alpha]
    assert alpha.segment == "other"
    undone = session.undo()
    assert undone is not None and undone.tool is alpha
    undone = session.undo()
    assert undone is not None and undone.tool is airflow


# ---------------------------------------------------------------------------- bug 3


class CountedName(str):
    """A name that counts how often it is casefolded: the reload's unit of work."""

    calls = 0

    def casefold(self) -> str:
        CountedName.calls += 1
        return super().casefold()


def count_names(tools: list[Tool]) -> None:
    for item in tools:
        item.name = CountedName(item.name)
        item.aliases = tuple(CountedName(alias) for alias in item.aliases)


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tools the reload reads have counted names."""
    real = reload.load_tool_file

    def load_tool_file(path: Path, *args: Any) -> tuple[list[Tool], str | None]:
        tools, digest = real(path, *args)
        count_names(tools)
        return tools, digest

    monkeypatch.setattr(reload, "load_tool_file", load_tool_file)
    CountedName.calls = 0


def numbered(names: range, prefix: str = "T") -> str:
    return "\n".join(tool(f"{prefix}{number}") for number in names)


def test_reloading_a_file_of_renamed_tools_takes_linear_work(tmp_path: Path, counted: None) -> None:
    size = 300
    store = build(tmp_path / "c", {"many.toml": numbered(range(size))})
    count_names(store.catalog.tools)
    path = tmp_path / "c" / "many.toml"
    path.write_text(numbered(range(size), prefix="Renamed "), encoding="utf-8")
    CountedName.calls = 0

    assert store.reload_file(EditSession(store.catalog), path) == []

    # Each renamed tool is matched by its position, into the old Tool object.
    assert [t.name for t in store.catalog.tools] == [f"Renamed {n}" for n in range(size)]
    # A few per tool; a set of every fresh name built per tool made it `size` per tool.
    assert CountedName.calls < 20 * size


def test_reloading_many_files_takes_work_linear_in_the_catalog(
    tmp_path: Path, counted: None
) -> None:
    files = {
        f"tools/f{number:03d}.toml": numbered(range(number * 3, number * 3 + 3))
        for number in range(100)
    }
    store = build(tmp_path / "c", files)
    count_names(store.catalog.tools)
    size = len(store.catalog.tools)
    paths = sorted(tool_.source.path for tool_ in store.catalog.tools[::3])
    CountedName.calls = 0

    problems: list[Problem] = store.reload_files(EditSession(store.catalog), paths)

    assert problems == [] and len(store.catalog.tools) == size
    # A few per tool; every other file's keys casefolded per file made it 100 per tool.
    assert CountedName.calls < 20 * size


def test_reloading_files_in_one_call_matches_reloading_them_one_by_one(tmp_path: Path) -> None:
    files = {
        "a.toml": tool("A") + "\n" + tool("B"),
        "b.toml": tool("C"),
        "c.toml": tool("D"),
    }
    one_call = build(tmp_path / "one", files)
    one_by_one = build(tmp_path / "each", files)
    for root in (tmp_path / "one", tmp_path / "each"):
        (root / "a.toml").write_text(tool("A") + "\n" + tool("C") + "\n" + tool("E"))  # C clashes
        (root / "b.toml").write_text(tool("E") + "\n" + tool("F"))  # E now clashes with a.toml
        (root / "c.toml").unlink()
        (root / "d.toml").write_text(tool("G"))  # a file the catalog did not hold
    names = ["a.toml", "b.toml", "c.toml", "d.toml"]

    problems = one_call.reload_files(
        EditSession(one_call.catalog), [tmp_path / "one" / n for n in names]
    )
    each: list[Problem] = []
    session = EditSession(one_by_one.catalog)
    for name in names:
        each += one_by_one.reload_file(session, tmp_path / "each" / name)

    def shape(store: CatalogStore) -> list[tuple[str, str]]:
        return [(t.name, t.source.path.name) for t in store.catalog.tools]

    assert shape(one_call) == shape(one_by_one)
    assert [(p.path.name, p.line, p.message.split(" (")[0]) for p in problems] == [
        (p.path.name, p.line, p.message.split(" (")[0]) for p in each
    ]
    assert len(problems) == 3


# ---------------------------------------------------------------------------- bug 7


def test_writing_a_new_file_never_sets_the_umask(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Setting the umask to read it would race with other threads creating files.
    calls: list[int] = []
    monkeypatch.setattr(os, "umask", lambda mask: calls.append(mask) or 0o022)
    path = tmp_path / "new.toml"

    atomic.write_parts(path, [b"[[tools]]\n"])

    assert calls == []
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~atomic.UMASK


def test_the_umask_read_once_is_the_process_umask(monkeypatch: pytest.MonkeyPatch) -> None:
    mask = os.umask(0o027)
    try:
        assert atomic.read_umask() == 0o027
        monkeypatch.setattr("builtins.open", lambda *args, **kwargs: (_ for _ in ()).throw(OSError))
        assert atomic.read_umask() == 0o027  # without /proc: set and set back
    finally:
        os.umask(mask)
    assert mask == atomic.UMASK
