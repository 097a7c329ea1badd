"""The store: surgical saves (exact bytes), atomic writes, conflicts, reloads."""

from __future__ import annotations

import datetime as dt
import errno
import os
import stat
import tempfile
from array import array
from pathlib import Path
from typing import Any

import pytest
import tomli
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from mlseg_tui.catalog import digest, walk
from mlseg_tui.catalog.digest import file_hash
from mlseg_tui.catalog.history import read_history
from mlseg_tui.catalog.load import LoadResult, load_catalog
from mlseg_tui.domain.edits import EditSession
from mlseg_tui.domain.model import Catalog, HistoryEntry, Tool
from mlseg_tui.store import atomic, disk_check, file_edit, reload, toml_values
from mlseg_tui.store import file_save as store_save
from mlseg_tui.store.catalog_store import CatalogStore
from mlseg_tui.store.disk_state import FileStamps
from mlseg_tui.store.report import SaveReport

DAY = dt.date(2026, 3, 14)
BOM = b"\xef\xbb\xbf"
SEGMENTS = "\n".join(
    f'[[segments]]\nid = "{sid}"\ntitle = "{sid.title()}"\ndefinition = "Why {sid}."\n'
    for sid in ("hand-holding", "narrow", "middle", "other")
)

ONE_TOOL = '''\
# Catalog entry for Apache Airflow.

[[tools]]
name = "Apache Airflow"
segment = "narrow"  # as the essay put it
reasoning = """\\
Airflow schedules and runs graphs of tasks and stops there: it knows \\
nothing about models."""
aliases = ["Airflow"]

[tools.essay]
listed_as = ["Airflow"]
segments = ["narrow"]
'''

ONE_TOOL_MOVED = '''\
# Catalog entry for Apache Airflow.

[[tools]]
name = "Apache Airflow"
segment = "middle"  # as the essay put it
reasoning = """\\
It grew a scheduler UI, plugins and a managed service, more than one small \\
job done well."""
aliases = ["Airflow"]

[tools.essay]
listed_as = ["Airflow"]
segments = ["narrow"]

[[tools.history]]
date = 2026-03-14
from = "narrow"
to = "middle"
reason = "It grew a scheduler UI, plugins and a managed service, more than one small job done well."
previous_reasoning = """\\
Airflow schedules and runs graphs of tasks and stops there: it knows nothing \\
about models."""
'''

MANY = """\
# Imported tools; comments are kept.

[[tools]]   # the first
name='Alpha'
segment   =   'narrow'   # literal, odd spacing
reasoning = 'Literal reasoning, with "quotes".'
tags = [
  "a",  # inline comment
  "b",
]

# --- Beta below ---
[[tools]]
name = "Beta"
segment = "other"
reasoning = \"\"\"
Multi-line reasoning
on two lines.\"\"\"
[tools.essay]
listed_as = ["Beta"]
[[tools.history]]
date = 2025-01-02
from = "narrow"
to = "other"
reason = "Hand-written."

# Gamma's comment
[[tools]]
name = "Gamma"
segment = "middle"
reasoning = "Plain."
"""

MANY_MOVED = """\
# Imported tools; comments are kept.

[[tools]]   # the first
name='Alpha'
segment   =   'middle'   # literal, odd spacing
reasoning = 'Literal reasoning, with "quotes".'
tags = [
  "a",  # inline comment
  "b",
]

[[tools.history]]
date = 2026-03-14
from = "narrow"
to = "middle"
reason = ""

# --- Beta below ---
[[tools]]
name = "Beta"
segment = "hand-holding"
reasoning = \"\"\"\\
Now "managed".\"\"\"
[tools.essay]
listed_as = ["Beta"]
[[tools.history]]
date = 2025-01-02
from = "narrow"
to = "other"
reason = "Hand-written."

[[tools.history]]
date = 2026-03-14
from = "other"
to = "hand-holding"
reason = "Now \\"managed\\"."
previous_reasoning = \"\"\"
Multi-line reasoning
on two lines.\"\"\"

# Gamma's comment
[[tools]]
name = "Gamma"
segment = "middle"
reasoning = "Plain."
"""


@pytest.fixture(autouse=True)
def _no_load_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLSEG_NO_CACHE", "1")


def make_catalog(root: Path, files: dict[str, str | bytes]) -> Path:
    (root / "tools").mkdir(parents=True)
    (root / "segments.toml").write_text(SEGMENTS, encoding="utf-8")
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")
    return root


def load(root: Path) -> tuple[Catalog, CatalogStore]:
    """The catalog in `root`, which must load without problems, and its store."""
    result = load_catalog(root)
    assert result.ok, [str(p) for p in result.problems]
    assert result.catalog is not None
    return result.catalog, CatalogStore(result)


def stamp_of(store: CatalogStore, path: Path) -> int | None:
    """The stat stamp the store holds for one file (None for none)."""
    return stamp_in(store.disk.stamps, path)


def stamp_in(stamps: FileStamps, path: Path) -> int | None:
    return next(stamp for _, _, stamp in stamps.with_digests({path: "-"}))


def find(catalog: Catalog, name: str) -> Tool:
    tool = catalog.find(name)
    assert tool is not None
    return tool


def state(tool: Tool) -> tuple[object, ...]:
    return (tool.name, tool.segment, tool.reasoning, tool.history)


def temp_files(folder: Path) -> list[Path]:
    return sorted(folder.glob(".*.tmp"))


def set_old_mtime(path: Path) -> int:
    os.utime(path, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))
    return path.stat().st_mtime_ns


# ---------------------------------------------------------------------------- exact bytes


def test_move_in_one_tool_file_changes_exactly_the_expected_text(tmp_path: Path) -> None:
    root = make_catalog(tmp_path / "c", {"tools/airflow.toml": ONE_TOOL})
    catalog, store = load(root)
    session = EditSession(catalog)
    reason = (
        "It grew a scheduler UI, plugins and a managed service, more than one small job done well."
    )
    session.move(find(catalog, "airflow"), "middle", reason, today=DAY)

    report = store.save(session)

    path = root / "tools" / "airflow.toml"
    assert report.written == [path]
    assert report.summary() == "1 tool saved to 1 file"
    assert path.read_text(encoding="utf-8") == ONE_TOOL_MOVED
    assert session.dirty_tools() == []


@pytest.mark.parametrize("crlf_bom", [False, True], ids=["lf", "crlf-bom"])
def test_moves_in_many_tool_file_change_exactly_the_expected_text(
    tmp_path: Path, crlf_bom: bool, file_size_mode: str
) -> None:
    def encode(text: str) -> bytes:
        return BOM + text.replace("\n", "\r\n").encode() if crlf_bom else text.encode()

    root = make_catalog(tmp_path / "c", {"imported.toml": encode(MANY)})
    catalog, store = load(root)
    session = EditSession(catalog)
    session.move(find(catalog, "Beta"), "hand-holding", 'Now "managed".', today=DAY)
    session.move(find(catalog, "Alpha"), "middle", today=DAY)

    report = store.save(session)

    path = root / "imported.toml"
    assert report.written == [path]
    assert len(report.saved_tools) == 2
    assert path.read_bytes() == encode(MANY_MOVED)
    # Taking both moves back and saving restores the original bytes.
    session.undo()
    session.undo()
    store.save(session)
    assert path.read_bytes() == encode(MANY)


def test_saved_catalog_reloads_to_the_same_tools(tmp_path: Path) -> None:
    root = make_catalog(tmp_path / "c", {"imported.toml": MANY, "tools/a.toml": ONE_TOOL})
    catalog, store = load(root)
    session = EditSession(catalog)
    session.move(find(catalog, "Gamma"), "other", 'Line one.\nLine two with \\ and """.')
    session.move(find(catalog, "Airflow"), "hand-holding", "\tstarts with a tab")
    session.move(find(catalog, "Airflow"), "other", "ünïcödé — ‮bidi‬ and \x1b escape")
    store.save(session)

    again, again_store = load(root)

    assert [state(t) for t in again.tools] == [state(t) for t in catalog.tools]
    assert again_store.snapshot() == store.snapshot()
    assert store.changed_on_disk() == []


def test_untouched_files_keep_their_bytes_and_mtime(tmp_path: Path) -> None:
    other = ONE_TOOL.replace("Apache Airflow", "Kubeflow").replace("Airflow", "KF")
    root = make_catalog(
        tmp_path / "c", {"tools/a.toml": ONE_TOOL, "tools/k.toml": other, "many.toml": MANY}
    )
    catalog, store = load(root)
    untouched = [root / "tools" / "k.toml", root / "many.toml"]
    before = {path: (path.read_bytes(), set_old_mtime(path)) for path in untouched}
    session = EditSession(catalog)
    session.move(find(catalog, "Airflow"), "other", today=DAY)

    report = store.save(session)

    assert report.written == [root / "tools" / "a.toml"]
    assert {path: (path.read_bytes(), path.stat().st_mtime_ns) for path in untouched} == before


def test_second_save_writes_nothing(tmp_path: Path) -> None:
    root = make_catalog(tmp_path / "c", {"tools/a.toml": ONE_TOOL})
    catalog, store = load(root)
    session = EditSession(catalog)
    session.move(find(catalog, "Airflow"), "other", today=DAY)
    assert store.save(session).written
    path = root / "tools" / "a.toml"
    data, mtime = path.read_bytes(), set_old_mtime(path)

    report = store.save(session)

    assert report.written == [] and report.saved_tools == []
    assert report.summary() == "nothing to save"
    assert (path.read_bytes(), path.stat().st_mtime_ns) == (data, mtime)


def test_undo_to_the_loaded_state_after_a_save_restores_the_original_bytes(
    tmp_path: Path,
) -> None:
    root = make_catalog(tmp_path / "c", {"tools/a.toml": ONE_TOOL})
    catalog, store = load(root)
    session = EditSession(catalog)
    airflow = find(catalog, "Airflow")
    session.move(airflow, "middle", "First reason.", today=DAY)
    store.save(session)
    session.move(airflow, "other", "", today=DAY)
    store.save(session)
    assert session.pending_count == 0

    session.undo()
    session.undo()
    assert session.pending_count == 1  # one tool changed, however many edits
    report = store.save(session)

    assert report.summary() == "1 tool saved to 1 file"
    assert (root / "tools" / "a.toml").read_text(encoding="utf-8") == ONE_TOOL


def test_remembered_value_texts_stay_bounded(tmp_path: Path) -> None:
    root = make_catalog(tmp_path / "c", {"tools/a.toml": ONE_TOOL})
    catalog, store = load(root)
    store.disk.value_texts.limit = 3
    session = EditSession(catalog)
    airflow = find(catalog, "Airflow")
    for number, segment in enumerate(["middle", "other", "narrow", "middle", "other"]):
        session.move(airflow, segment, f"Reason {number}.", today=DAY)
        assert store.save(session).written
        assert len(store.disk.value_texts) <= 3
    assert load(root)[0].tools[0].segment == "other"


def test_header_lookalike_inside_a_multiline_string(tmp_path: Path) -> None:
    tricky = (
        MANY.replace('reasoning = "Plain."', 'reasoning = """\n[[tools]]\nname = "Fake"\n"""')
        + '\n[[tools]]\nname = "Delta"\nsegment = "other"\nreasoning = "Last."\n'
    )
    root = make_catalog(tmp_path / "c", {"many.toml": tricky})
    catalog, store = load(root)
    session = EditSession(catalog)
    session.move(find(catalog, "Delta"), "narrow", today=DAY)

    store.save(session)

    expected = tricky.replace(
        'segment = "other"\nreasoning = "Last."\n',
        'segment = "narrow"\nreasoning = "Last."\n\n[[tools.history]]\ndate = 2026-03-14\n'
        'from = "other"\nto = "narrow"\nreason = ""\n',
    )
    assert (root / "many.toml").read_text(encoding="utf-8") == expected


def test_inline_history_is_edited_with_the_tomlkit_fallback(tmp_path: Path) -> None:
    text = (
        '[[tools]]\nname = "Inline"\nsegment = "narrow"\nreasoning = "R."\n'
        'history = [{date = 2025-01-01, from = "other", to = "narrow", reason = "x"}]\n'
    )
    root = make_catalog(tmp_path / "c", {"tools/i.toml": text})
    catalog, store = load(root)
    session = EditSession(catalog)
    tool = find(catalog, "Inline")
    session.move(tool, "middle", "Moved.", today=DAY)

    report = store.save(session)

    assert report.written and not report.failures
    assert [state(t) for t in load(root)[0].tools] == [state(tool)]


def test_file_without_final_newline(tmp_path: Path) -> None:
    text = '[[tools]]\nname = "X"\nsegment = "narrow"\nreasoning = "R."'
    root = make_catalog(tmp_path / "c", {"tools/x.toml": text})
    catalog, store = load(root)
    session = EditSession(catalog)
    session.move(find(catalog, "X"), "other", today=DAY)

    store.save(session)

    assert (root / "tools" / "x.toml").read_text(encoding="utf-8") == (
        '[[tools]]\nname = "X"\nsegment = "other"\nreasoning = "R."\n\n[[tools.history]]\n'
        'date = 2026-03-14\nfrom = "narrow"\nto = "other"\nreason = ""\n'
    )


# ---------------------------------------------------------------------------- failures


@pytest.mark.parametrize("target", ["replace", "fsync", "write", "mkstemp"])
@pytest.mark.parametrize(
    ("code", "reason"),
    [
        (errno.ENOSPC, "disk full"),
        (errno.EACCES, "permission denied"),
        (errno.EROFS, "read-only file system"),
    ],
)
def test_failed_write_leaves_file_intact_and_change_pending(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target: str, code: int, reason: str
) -> None:
    root = make_catalog(tmp_path / "c", {"tools/a.toml": ONE_TOOL})
    catalog, store = load(root)
    session = EditSession(catalog)
    airflow = find(catalog, "Airflow")
    session.move(airflow, "other", "Reason.", today=DAY)
    path = root / "tools" / "a.toml"
    hashes = store.snapshot()

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    owner = atomic.tempfile if target == "mkstemp" else os
    monkeypatch.setattr(owner, target, fail)
    report = store.save(session)
    monkeypatch.undo()

    assert report.failures == [(path, reason)]
    assert report.written == [] and report.saved_tools == []
    assert str(path) in report.summary() and reason in report.summary()
    assert path.read_text(encoding="utf-8") == ONE_TOOL
    assert temp_files(path.parent) == []
    assert session.dirty_tools() == [airflow]
    assert store.snapshot() == hashes
    # Once the disk works again, the same change saves.
    assert store.save(session).written == [path]
    assert load(root)[0].tools[0].segment == "other"


# ---------------------------------------------------------------------------- conflicts


@pytest.fixture(params=["small", "big"])
def file_size_mode(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """ "big": treat every file as big (hashed on a thread, last bytes kept)."""
    if request.param == "big":
        monkeypatch.setattr(store_save, "BACKGROUND_HASH_BYTES", 0)
    return str(request.param)


def test_file_changed_on_disk_is_not_written_until_overwrite(
    tmp_path: Path, file_size_mode: str
) -> None:
    root = make_catalog(tmp_path / "c", {"tools/a.toml": ONE_TOOL})
    catalog, store = load(root)
    session = EditSession(catalog)
    airflow = find(catalog, "Airflow")
    session.move(airflow, "other", today=DAY)
    path = root / "tools" / "a.toml"
    outside = ONE_TOOL.replace('aliases = ["Airflow"]', 'aliases = ["Airflow", "AF"]')
    path.write_text(outside, encoding="utf-8")
    assert store.changed_on_disk() == [path]

    report = store.save(session)

    assert report.conflicts == [path] and report.written == []
    assert "changed on disk" in report.summary()
    assert path.read_text(encoding="utf-8") == outside
    assert session.dirty_tools() == [airflow]

    report = store.save(session, overwrite=[path])

    assert report.written == [path] and report.conflicts == []
    assert report.reloaded == [path]
    assert path.read_text(encoding="utf-8") == outside.replace(
        'segment = "narrow"', 'segment = "other"'
    ) + ('\n[[tools.history]]\ndate = 2026-03-14\nfrom = "narrow"\nto = "other"\nreason = ""\n')
    # The outside edit is now in memory too, and nothing is pending.
    assert airflow.aliases == ("Airflow", "AF")
    assert session.dirty_tools() == []
    assert store.changed_on_disk() == []


def test_change_after_a_save_is_a_conflict(tmp_path: Path, file_size_mode: str) -> None:
    root = make_catalog(tmp_path / "c", {"many.toml": MANY})
    catalog, store = load(root)
    session = EditSession(catalog)
    alpha, gamma = find(catalog, "Alpha"), find(catalog, "Gamma")
    session.move(alpha, "other", today=DAY)
    assert store.save(session).written
    path = root / "many.toml"
    # Same size, different bytes: only the content tells.
    outside = path.read_text(encoding="utf-8").replace("Plain.", "Plane.")
    path.write_text(outside, encoding="utf-8")
    session.move(gamma, "other", today=DAY)

    report = store.save(session)

    assert report.conflicts == [path] and report.written == []
    assert path.read_text(encoding="utf-8") == outside
    assert temp_files(path.parent) == []
    assert session.dirty_tools() == [gamma]


def test_vanished_file_is_a_conflict(tmp_path: Path) -> None:
    root = make_catalog(tmp_path / "c", {"tools/a.toml": ONE_TOOL})
    catalog, store = load(root)
    session = EditSession(catalog)
    session.move(find(catalog, "Airflow"), "other", today=DAY)
    path = root / "tools" / "a.toml"
    path.unlink()

    assert store.changed_on_disk() == [path]
    assert store.save(session).deleted == [path]  # issue 11: deleted, not "changed"
    assert not path.exists()
    report = store.save(session, overwrite=[path])
    assert report.failures and report.failures[0][0] == path
    assert not path.exists()


def count_hashes(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The files `changed_on_disk` reads from now on."""
    hashed: list[Path] = []
    original = disk_check.hash_file
    monkeypatch.setattr(disk_check, "hash_file", lambda path: hashed.append(path) or original(path))
    return hashed


def settle_now(monkeypatch: pytest.MonkeyPatch) -> None:
    """Treat files changed before this instant as settled (walk.RACY_NS: 2 s by default),
    so a test need not wait for its fresh files to age."""
    monkeypatch.setattr(walk, "RACY_NS", 0)


def test_changed_on_disk_sees_same_size_edits_and_skips_unchanged_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_catalog(tmp_path / "c", {"tools/a.toml": ONE_TOOL, "many.toml": MANY})
    _, store = load(root)
    hashed = count_hashes(monkeypatch)
    assert store.changed_on_disk() == []
    # Files written just now are read: their stat cannot yet prove their bytes.
    assert sorted(hashed) == sorted(store.snapshot())
    settle_now(monkeypatch)
    assert store.changed_on_disk() == []
    hashed.clear()
    # Once confirmed, unchanged files are not read again.
    assert store.changed_on_disk() == []
    assert hashed == []

    path = root / "many.toml"
    path.write_text(MANY.replace("Plain.", "Plane."), encoding="utf-8")

    assert store.changed_on_disk() == [path]
    assert hashed == [path]


def test_a_load_proves_settled_files_unchanged_so_the_first_check_reads_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_catalog(tmp_path / "c", {"tools/a.toml": ONE_TOOL, "many.toml": MANY})
    settle_now(monkeypatch)
    cold = CatalogStore(load_catalog(root, use_cache=False))
    load(root)  # fills the cache
    _, warm = load(root)
    hashed = count_hashes(monkeypatch)
    for store in (cold, warm):
        assert all(stamp_of(store, path) for path in store.snapshot())
        assert store.changed_on_disk() == []
    assert hashed == []
    # An edit after the load is still seen: its stat differs from the stamped one.
    path = root / "tools" / "a.toml"
    path.write_text(ONE_TOOL.replace("Airflow", "Airfloe"), encoding="utf-8")
    for store in (cold, warm):
        assert store.changed_on_disk() == [path]


def test_file_stamps_give_every_file_once_with_its_latest_stamp() -> None:
    a, b, c, d = (Path(f"/cat/{name}.toml") for name in "abcd")
    stamps = FileStamps([a, b, c], array("q", [11, 0, 33]))
    hashes = {a: "ha", b: "hb", c: "hc"}
    assert list(stamps.with_digests(hashes)) == [(a, "ha", 11), (b, "hb", None), (c, "hc", 33)]
    stamps[b] = 22
    stamps.forget(c)
    stamps[d] = 44
    del hashes[a]
    hashes[d] = "hd"
    assert list(stamps.with_digests(hashes)) == [(b, "hb", 22), (c, "hc", None), (d, "hd", 44)]
    assert [stamp_in(stamps, path) for path in (a, b, c, d)] == [11, 22, None, 44]
    # Equal paths count as the same file, whichever object holds them.
    assert stamp_in(stamps, Path("/cat/a.toml")) == 11


def test_a_load_does_not_stamp_files_changed_too_recently(tmp_path: Path) -> None:
    # Written within the timestamps' grain of the load, a file could be rewritten with the
    # same size and times after it was read: only its bytes can prove it unchanged.
    root = make_catalog(tmp_path / "c", {"tools/a.toml": ONE_TOOL})
    store = CatalogStore(load_catalog(root, use_cache=False))
    assert store.snapshot()
    assert [stamp_of(store, path) for path in store.snapshot()] == [None]


def test_stamps_follow_saves_and_reloads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settle_now(monkeypatch)
    root = make_catalog(tmp_path / "c", {"tools/a.toml": ONE_TOOL, "many.toml": MANY})
    catalog, store = load(root)
    session = EditSession(catalog)
    session.move(find(catalog, "Alpha"), "other", today=DAY)
    path = root / "many.toml"
    stamp = stamp_of(store, path)
    assert stamp is not None
    assert store.save(session).written == [path]
    assert stamp_of(store, path) != stamp
    hashed = count_hashes(monkeypatch)
    assert store.changed_on_disk() == []
    assert store.changed_on_disk() == []
    assert hashed == [path]  # the saved file once, then its new stamp holds
    path.write_text(MANY, encoding="utf-8")
    assert store.changed_on_disk() == [path]
    store.reload_file(session, path)
    hashed.clear()
    assert store.changed_on_disk() == [] and hashed == []


OTHER_TOOL = '[[tools]]\nname = "Zeta"\nsegment = "other"\nreasoning = "Stays."\n'


def test_a_vanished_file_or_folder_counts_as_changed(tmp_path: Path) -> None:
    root = make_catalog(
        tmp_path / "c", {"tools/a.toml": ONE_TOOL, "gone/b.toml": MANY, "z.toml": OTHER_TOOL}
    )
    _, store = load(root)
    (root / "tools" / "a.toml").unlink()
    (root / "gone" / "b.toml").unlink()
    (root / "gone").rmdir()
    assert sorted(store.changed_on_disk()) == sorted(
        [root / "tools" / "a.toml", root / "gone" / "b.toml"]
    )


def test_added_files_lists_new_tool_files_and_only_changed_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settle_now(monkeypatch)
    root = make_catalog(tmp_path / "c", {"tools/a.toml": ONE_TOOL, "many.toml": MANY})
    _, store = load(root)
    assert set(store.disk.folders) == {root, root / "tools"}
    walked: list[Path] = []
    real_scan = disk_check.walk_tool_files

    def scan(folder: Path, *args: Any) -> Any:
        walked.append(folder)
        return real_scan(folder, *args)

    monkeypatch.setattr(disk_check, "walk_tool_files", scan)
    assert store.added_files() == ([], {})
    assert walked == []  # no folder changed: one stat each, no listing

    (root / "tools" / "b.toml").write_text(OTHER_TOOL, encoding="utf-8")
    (root / "tools" / ".b.toml.1234.tmp").write_text("half", encoding="utf-8")
    (root / "tools" / "notes.txt").write_text("not a tool", encoding="utf-8")
    (root / "more").mkdir()
    (root / "more" / "c.toml").write_text(OTHER_TOOL, encoding="utf-8")
    added, folders = store.added_files()

    assert added == [root / "more" / "c.toml", root / "tools" / "b.toml"]  # the load's order
    assert set(folders) == {root, root / "tools", root / "more"}
    assert walked == [root]  # tools/ and more/ were walked from the root, once
    store.remember_folders(folders)
    walked.clear()
    assert store.added_files() == ([], {}) and walked == []


def test_segments_changed_compares_with_the_loaded_bytes(tmp_path: Path) -> None:
    root = make_catalog(tmp_path / "c", {"tools/a.toml": ONE_TOOL})
    _, store = load(root)
    assert store.disk.segments_hash == file_hash((root / "segments.toml").read_bytes())
    assert not store.segments_changed()
    segments = root / "segments.toml"
    segments.write_text(SEGMENTS.replace("Why narrow.", "Why not."), encoding="utf-8")
    assert store.segments_changed()
    segments.unlink()
    assert store.segments_changed()
    unloaded = CatalogStore(LoadResult(Catalog(root, [], [])))
    assert not unloaded.segments_changed()  # nothing to compare with


@pytest.mark.parametrize("size", [0, 1, 6, 7, 8, 50])
def test_hash_file_reads_in_pieces_and_agrees_with_the_loader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: int
) -> None:
    monkeypatch.setattr(digest, "HASH_PIECE_BYTES", 7)
    path = tmp_path / "f.toml"
    data = bytes(range(size))
    path.write_bytes(data)
    assert digest.hash_file(path) == file_hash(data)


def test_a_file_over_the_copy_limit_keeps_no_copy_and_still_detects_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_save, "BACKGROUND_HASH_BYTES", 0)
    monkeypatch.setattr(store_save, "KEEP_COPY_MAX_BYTES", len(MANY) // 2)
    root = make_catalog(tmp_path / "c", {"many.toml": MANY})
    catalog, store = load(root)
    path = root / "many.toml"
    session = EditSession(catalog)
    session.move(find(catalog, "Alpha"), "other", today=DAY)
    assert store.save(session).written == [path]
    assert path not in store.disk.big_files
    outside = path.read_text(encoding="utf-8").replace("Plain.", "Plane.")
    path.write_text(outside, encoding="utf-8")
    session.move(find(catalog, "Gamma"), "other", today=DAY)
    report = store.save(session)
    assert report.conflicts == [path] and path.read_text(encoding="utf-8") == outside


# ---------------------------------------------------------------------------- reload


def test_reload_file_drops_pending_changes_and_keeps_tool_objects(tmp_path: Path) -> None:
    root = make_catalog(tmp_path / "c", {"many.toml": MANY, "tools/a.toml": ONE_TOOL})
    catalog, store = load(root)
    session = EditSession(catalog)
    alpha, beta = find(catalog, "Alpha"), find(catalog, "Beta")
    airflow = find(catalog, "Airflow")
    session.move(alpha, "other", today=DAY)
    session.move(airflow, "other", today=DAY)
    path = root / "many.toml"
    beta_moved = MANY.replace('segment = "other"\nreasoning', 'segment = "middle"\nreasoning')
    path.write_text(beta_moved.replace("Gamma", "Delta"), encoding="utf-8")

    problems = store.reload_file(session, path)

    assert problems == []
    assert find(catalog, "Alpha") is alpha and alpha.segment == "narrow"
    assert find(catalog, "Beta") is beta and beta.segment == "middle"
    assert catalog.find("Gamma") is None
    assert find(catalog, "Delta").segment == "middle"
    assert [t.name for t in catalog.tools if t.source.path == path] == ["Alpha", "Beta", "Delta"]
    assert session.dirty_tools() == [airflow]
    assert store.changed_on_disk() == []
    # Only the other file's move is left to undo or save.
    report = store.save(session)
    assert report.written == [root / "tools" / "a.toml"]
    assert path.read_text(encoding="utf-8").count("[[tools.history]]") == 1


def test_reload_file_reports_problems_and_name_clashes(tmp_path: Path) -> None:
    root = make_catalog(tmp_path / "c", {"many.toml": MANY, "tools/a.toml": ONE_TOOL})
    catalog, store = load(root)
    session = EditSession(catalog)
    path = root / "many.toml"
    path.write_text(MANY.replace('name = "Gamma"', 'name = "Airflow"'), encoding="utf-8")

    problems = store.reload_file(session, path)

    assert len(problems) == 1 and "already used" in problems[0].message
    assert problems[0].line == 28
    assert [t.name for t in catalog.tools if t.source.path == path] == ["Alpha", "Beta"]

    path.write_text("[[tools]\n", encoding="utf-8")
    problems = store.reload_file(session, path)
    assert problems and problems[0].is_error
    assert [t for t in catalog.tools if t.source.path == path] == []
    fresh = CatalogStore(load_catalog(root))
    assert fresh is not None and fresh.snapshot() == store.snapshot()


def test_a_clash_in_a_file_that_vanishes_mid_reload_is_still_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_catalog(tmp_path / "c", {"many.toml": MANY, "tools/a.toml": ONE_TOOL})
    catalog, store = load(root)
    path = root / "many.toml"
    path.write_text(MANY.replace('name = "Gamma"', 'name = "Airflow"'), encoding="utf-8")

    def gone(path: Any, *args: Any, **kwargs: Any) -> str:
        raise FileNotFoundError(errno.ENOENT, "gone", str(path))

    # The line lookup re-reads the file after the parse; it is gone by then.
    monkeypatch.setattr(reload, "read_regular_text", gone)
    problems = store.reload_file(EditSession(catalog), path)

    assert len(problems) == 1 and "already used" in problems[0].message
    assert problems[0].line == 1


# ---------------------------------------------------------------------------- the file itself


def test_symlinked_tool_file_is_written_through_the_link(tmp_path: Path) -> None:
    real = tmp_path / "elsewhere" / "airflow.toml"
    real.parent.mkdir()
    real.write_text(ONE_TOOL, encoding="utf-8")
    root = make_catalog(tmp_path / "c", {})
    link = root / "tools" / "airflow.toml"
    link.symlink_to(real)
    catalog, store = load(root)
    session = EditSession(catalog)
    session.move(find(catalog, "Airflow"), "other", today=DAY)

    report = store.save(session)

    assert report.written == [link]
    assert link.is_symlink() and link.resolve() == real
    assert 'segment = "other"' in real.read_text(encoding="utf-8")
    assert temp_files(real.parent) == [] and temp_files(link.parent) == []


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o664])
def test_save_keeps_file_permissions(tmp_path: Path, mode: int) -> None:
    root = make_catalog(tmp_path / "c", {"tools/a.toml": ONE_TOOL})
    path = root / "tools" / "a.toml"
    path.chmod(mode)
    catalog, store = load(root)
    session = EditSession(catalog)
    session.move(find(catalog, "Airflow"), "other", today=DAY)

    assert store.save(session).written == [path]

    assert stat.S_IMODE(path.stat().st_mode) == mode


def test_atomic_write_replaces_the_target_of_a_link(tmp_path: Path) -> None:
    target = tmp_path / "target.toml"
    target.write_bytes(b"old")
    target.chmod(0o640)
    link = tmp_path / "link.toml"
    link.symlink_to(target)

    atomic.write_parts(link, [b"new"])

    assert link.is_symlink()
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert temp_files(tmp_path) == []


def test_atomic_write_failure_leaves_original_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "target.toml"
    target.write_bytes(b"old")
    seen: list[str] = []

    def fail(source: str, destination: object) -> None:
        seen.append(os.path.basename(source))
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)

    with pytest.raises(OSError) as raised:
        atomic.write_parts(target, [b"new"])

    assert raised.value.errno == errno.ENOSPC
    assert target.read_bytes() == b"old"
    assert temp_files(tmp_path) == []
    # The temp file was hidden and named after the target.
    assert seen and seen[0].startswith(".target.toml.") and seen[0].endswith(".tmp")


def test_summary_counts() -> None:
    report = SaveReport()
    assert report.summary() == "nothing to save"
    report.written = [Path("a.toml"), Path("b.toml")]
    report.saved_tools = [object(), object(), object()]  # type: ignore[list-item]
    report.conflicts = [Path("c.toml")]
    report.failures = [(Path("d.toml"), "disk full")]
    assert report.summary() == (
        "3 tools saved to 2 files; 1 file changed on disk, not saved: c.toml; "
        "could not save d.toml: disk full"
    )


# ---------------------------------------------------------------------------- property

PROPERTY_TOOLS = [
    # (name, segment statement, reasoning statement, rest of the table)
    ("Prop Zero", 'segment = "narrow"  # why', 'reasoning = """\\\nWrapped \\\nreasoning."""',
     '[tools.essay]\nlisted_as = ["P0"]\n'),
    ("Prop One", "segment='middle'", "reasoning='Literal.'", "tags = [\n  'a', # c\n]\n"),
    ("Prop Two", 'segment = "other"', 'reasoning = """\n[[tools]]\nname = "Fake"\n"""',
     '[[tools.history]]\ndate = 2025-01-01\nfrom = "narrow"\nto = "other"\nreason = ""\n'),
    ("Prop Three", 'segment = "hand-holding"', 'reasoning = "Plain."', ""),
]  # fmt: skip
SINGLE_TOOLS = [
    ("Solo A", 'segment = "narrow"', 'reasoning = "Alone."', "# trailing comment\n"),
    ("Solo B", "segment = 'other'", "reasoning = '''\nLiteral\nlines.'''", ""),
]
REASONS = [
    "",
    "Short.",
    "Quotes \"x\" and 'y' and \\ back",
    "Two\nlines",
    "word " * 30 + "end.",
    " leading space",
    'ends with a quote"',
    "tab\there",
    "ünï — \u202e bidi",
    '"""triple"""',
]


def tool_piece(number: int, name: str, segment: str, reasoning: str, rest: str) -> str:
    return f'[[tools]]  # T{number}\nname = "{name}"\n{segment}\n{reasoning}\n{rest}'


def build_property_catalog(root: Path) -> dict[str, tuple[str, list[str], list[str]]]:
    """Write the catalog; per file: (text, tool names, fixed pieces between tools)."""
    layout: dict[str, tuple[str, list[str], list[str]]] = {}
    fixed = ["# Many tools.\n\n"]
    pieces = []
    for number, (name, segment, reasoning, rest) in enumerate(PROPERTY_TOOLS):
        pieces.append(tool_piece(number, name, segment, reasoning, rest))
        fixed.append(f"\n# sep {number}\n")
    text = fixed[0] + "".join(p + s for p, s in zip(pieces, fixed[1:], strict=True))
    layout["many.toml"] = (text, [t[0] for t in PROPERTY_TOOLS], fixed)
    for number, (name, segment, reasoning, rest) in enumerate(SINGLE_TOOLS):
        body = tool_piece(10 + number, name, segment, reasoning, rest)
        if number == 1:
            body = body.replace("\n", "\r\n")
        layout[f"tools/solo-{number}.toml"] = (f"# solo {number}\n" + body, [name], [])
    make_catalog(root, {relative: text for relative, (text, _, _) in layout.items()})
    return layout


def other_lines(name: str) -> list[str]:
    """The lines of a tool's original table that no move may change."""
    numbered = [*enumerate(PROPERTY_TOOLS), *enumerate(SINGLE_TOOLS, start=10)]
    for number, (tool_name, segment, reasoning, rest) in numbered:
        if tool_name == name:
            piece = tool_piece(number, name, segment, reasoning, rest)
            return piece.replace(f"{segment}\n{reasoning}\n", "").splitlines()
    raise AssertionError(name)


def is_subsequence(needles: list[str], haystack: list[str]) -> bool:
    remaining = iter(haystack)
    return all(any(line == candidate for candidate in remaining) for line in needles)


OPERATIONS = st.lists(
    st.one_of(
        st.tuples(
            st.just("move"),
            st.integers(0, len(PROPERTY_TOOLS) + len(SINGLE_TOOLS) - 1),
            st.sampled_from(("hand-holding", "narrow", "middle", "other")),
            st.sampled_from(REASONS),
        ),
        st.just(("undo",)),
        st.just(("redo",)),
        st.just(("save",)),
    ),
    max_size=14,
)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(operations=OPERATIONS)
# Saved moves taken back: the file must return to its original bytes.
@example(operations=[("move", 0, "middle", "Short."), ("save",), ("undo",)])
@example(operations=[("move", 4, "other", "Two\nlines"), ("save",), ("undo",)])
@example(operations=[("move", 2, "narrow", ""), ("save",), ("move", 1, "other", "x"), ("undo",)])
def test_random_moves_undos_and_saves_round_trip(operations: list[tuple[Any, ...]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "c"
        layout = build_property_catalog(root)
        catalog, store = load(root)
        loaded = {tool.name: state(tool) for tool in catalog.tools}
        session = EditSession(catalog)
        for operation in operations:
            if operation[0] == "move":
                _, number, segment, reason = operation
                session.move(catalog.tools[number], segment, reason, today=DAY)
            elif operation[0] == "undo":
                session.undo()
            elif operation[0] == "redo":
                session.redo()
            else:
                assert store.save(session).ok
        report = store.save(session)

        assert report.ok, report.summary()
        assert session.dirty_tools() == [] and session.pending_count == 0
        again, _ = load(root)
        assert {t.name: state(t) for t in again.tools} == {t.name: state(t) for t in catalog.tools}
        # The header offsets kept for the next save match the file as written.
        many = root / "many.toml"
        if many in store.disk.layouts:
            digest, offsets = store.disk.layouts[many]
            assert digest == store.snapshot()[many]
            assert offsets == file_edit.careful_offsets(many.read_bytes())
        for relative, (original, names, fixed) in layout.items():
            text = (root / relative).read_bytes().decode("utf-8")
            if not fixed:  # a one-tool file: unchanged tool, unchanged bytes
                (name,) = names
                if state(find(catalog, name)) == loaded[name]:
                    assert text == original
                assert is_subsequence(other_lines(name), text.replace("\r\n", "\n").split("\n"))
                continue
            # Cut the file at the fixed pieces between tools: they must be intact.
            assert text.startswith(fixed[0])
            at = len(fixed[0])
            for number, (name, separator) in enumerate(zip(names, fixed[1:], strict=True)):
                end = text.find(separator, at)
                assert end >= 0, f"separator {number} is gone"
                span = text[at:end]
                original_span = tool_piece(number, *PROPERTY_TOOLS[number])
                if state(find(catalog, name)) == loaded[name]:
                    assert span == original_span
                assert is_subsequence(other_lines(name), span.splitlines())
                at = end + len(separator)
            assert at == len(text)


TEXT = st.text(st.characters(blacklist_categories=("Cs",)))
TRICKY_TEXT = st.text(st.sampled_from([*" \t\n\r\"'\\ab#[]", "\u202e", "\x00", "é"]), max_size=40)


@settings(max_examples=200, deadline=None)
@given(
    value=st.one_of(TEXT, TRICKY_TEXT),
    style=st.sampled_from(["auto", "basic", "literal", "ml_basic", "ml_literal"]),
    newline=st.sampled_from(["\n", "\r\n"]),
)
def test_any_text_renders_as_toml_that_reads_back_the_same(
    value: str, style: str, newline: str
) -> None:
    rendered = toml_values.toml_text(value, "key", newline, style)

    assert tomli.loads(f"key = {rendered}{newline}")["key"] == value
    if newline == "\r\n":
        assert "\n" not in rendered.replace("\r\n", "")


@settings(max_examples=100, deadline=None)
@given(reason=st.one_of(TEXT, TRICKY_TEXT), previous=st.one_of(TEXT, TRICKY_TEXT))
def test_history_tables_read_back_the_same(reason: str, previous: str) -> None:
    entry = HistoryEntry(DAY, "narrow", "middle", reason, previous)

    table = toml_values.render_history_table(entry, "\n")

    parsed = tomli.loads("[[tools]]\n" + table)["tools"][0]["history"]
    assert read_history(parsed) == (entry,)


def test_overwrite_finds_the_tool_by_name_after_outside_reordering(tmp_path: Path) -> None:
    root = make_catalog(tmp_path / "c", {"many.toml": MANY})
    catalog, store = load(root)
    session = EditSession(catalog)
    beta = find(catalog, "Beta")
    session.move(beta, "narrow", today=DAY)
    path = root / "many.toml"
    newcomer = '[[tools]]\nname = "Newcomer"\nsegment = "other"\nreasoning = "New."\n\n'
    outside = MANY.replace("# --- Beta below ---\n", newcomer + "# --- Beta below ---\n")
    path.write_text(outside, encoding="utf-8")
    assert store.save(session).conflicts == [path]

    report = store.save(session, overwrite=[path])

    assert report.written == [path]
    assert path.read_text(encoding="utf-8") == outside.replace(
        'segment = "other"\nreasoning = """', 'segment = "narrow"\nreasoning = """'
    ).replace(
        'reason = "Hand-written."\n',
        'reason = "Hand-written."\n\n[[tools.history]]\ndate = 2026-03-14\nfrom = "other"\n'
        'to = "narrow"\nreason = ""\n',
    )
    assert find(catalog, "Beta") is beta and beta.source.index == 2
    assert find(catalog, "Newcomer").segment == "other"
    assert session.dirty_tools() == []
