"""The load cache never shows stale data, survives damage, and gives back the same result."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import time
from array import array
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlseg_tui.catalog import cache, cache_entries, cache_file, tool_table, walk
from mlseg_tui.catalog import load as loader
from mlseg_tui.catalog.load import LoadResult, load_catalog
from mlseg_tui.catalog.source import SourceText
from mlseg_tui.domain.criteria import Band, Criterion, Metric
from mlseg_tui.domain.model import SEGMENT_IDS, EssayListing, Problem
from tests.test_loader import SEGMENTS, make_catalog, tool_toml


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.CACHE_DIR_ENV, str(folder))
    monkeypatch.delenv(cache.NO_CACHE_ENV, raising=False)
    return folder


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Trust timestamps at once: files in a test are seconds old, never the 2 s the rule wants."""
    monkeypatch.setattr(walk, "RACY_NS", 0)


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The paths the loader parses (rather than takes from the cache), in order."""
    seen: list[Path] = []
    real = loader.parse_tool_file

    def counting(path: Path, *args: Any, **kwargs: Any) -> Any:
        seen.append(path)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(loader, "parse_tool_file", counting)
    return seen


def snapshot(result: LoadResult) -> tuple[Any, ...]:
    """Everything a load returns, in comparable form."""
    catalog = result.catalog
    tools = [dataclasses.astuple(tool) for tool in catalog.tools] if catalog else None
    segments = [dataclasses.astuple(s) for s in catalog.segments] if catalog else None
    hashes = dict(result.files.hashes) if catalog else None
    return tools, segments, hashes, list(result.problems)


def uncached(root: Path) -> tuple[Any, ...]:
    return snapshot(load_catalog(root, use_cache=False))


def odd_catalog(root: Path) -> Path:
    """A catalog whose load has something of every kind: warnings, errors, clashes, history."""
    make_catalog(
        root,
        {
            "tools/a.toml": tool_toml(
                "Alpha",
                extra='aliases = ["al"]\ntentative = true\nopen_source = false\ncolour = "red"\n'
                'kind = "library"\nlicense = "MIT"\ntags = ["x", "y"]\n'
                '[tools.essay]\nlisted_as = ["alpha?"]\nsegments = ["narrow", "other"]\n'
                'note = "n"\n[[tools.history]]\ndate = 2026-01-02\nfrom = "middle"\n'
                'to = "narrow"\nreason = "r"\nprevious_reasoning = "p"\n',
            ),
            "tools/b.toml": tool_toml("Beta", "sideways"),
            "tools/c.toml": '[[tools]]\nname = "x\n',
            "tools/sub/d.toml": "\n" + tool_toml("AL"),
            "many.toml": tool_toml("Gamma") + "\n" + tool_toml("Delta", "other"),
        },
    )
    (root / "tools/e.toml").write_bytes(b"\xef\xbb\xbf" + tool_toml("Eps").encode())
    (root / "dir.toml").mkdir()
    return root


def test_cached_load_is_identical_to_a_fresh_one(
    tmp_path: Path, settled: None, parses: list[Path]
) -> None:
    root = odd_catalog(tmp_path / "c")
    first = snapshot(load_catalog(root))
    assert len(parses) == 6
    parses.clear()
    second = snapshot(load_catalog(root))
    assert parses == []  # every file came from the cache
    assert second == first == uncached(root)
    messages = [str(p) for p in second[3]]
    assert any("unknown field `colour`" in m for m in messages)
    assert any("unknown segment id 'sideways'" in m for m in messages)
    assert any("'AL' is already used by 'Alpha'" in m for m in messages)
    assert any("malformed TOML" in m for m in messages)
    assert any("byte-order mark" in m for m in messages)
    assert any("folder named .toml" in m for m in messages)


def test_a_cache_written_in_many_pieces_loads_the_same(
    tmp_path: Path,
    settled: None,
    parses: list[Path],
    private_cache: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(cache, "PIECE_ENTRIES", 2)
    written: list[Any] = []
    real_dumps = cache_file.marshal.dumps
    monkeypatch.setattr(cache_file.marshal, "dumps", lambda v: written.append(v) or real_dumps(v))
    root = odd_catalog(tmp_path / "c")
    first = snapshot(load_catalog(root))
    # The segment key, the 6 files' entries two at a time, the trailer (counts, index,
    # clashes).
    assert [len(v) for v in written[1:-1]] == [2, 2, 2] and len(written) == 5
    assert written[-1][0] == (2, 2, 2) and len(written[-1][1]) == 6 * 8
    parses.clear()
    assert snapshot(load_catalog(root)) == first
    assert parses == []
    assert first == uncached(root)


def eight_files(root: Path) -> Path:
    """Eight one-tool files, t1.toml ... t8.toml; names E1 ... E8."""
    return make_catalog(root, {f"t{n}.toml": tool_toml(f"E{n}") for n in range(1, 9)})


def test_the_cache_is_read_a_piece_at_a_time_as_the_walk_meets_its_files(
    tmp_path: Path, settled: None, parses: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A big catalog's entries are never all unmarshalled at once (the warm load's peak)."""
    monkeypatch.setattr(cache, "PIECE_ENTRIES", 2)
    root = eight_files(tmp_path / "c")
    first = snapshot(load_catalog(root))
    parses.clear()
    events: list[str] = []
    real_loads, real_tools = cache_file.marshal.loads, loader.tools_of_entry

    def loads(data: bytes) -> Any:
        value = real_loads(data)
        events.append(f"piece of {len(value)}" if isinstance(value, dict) else "other")
        return value

    def tools_of_entry(entry: Any, path: Path, *args: Any) -> Any:
        events.append(path.name)
        return real_tools(entry, path, *args)

    monkeypatch.setattr(cache_file.marshal, "loads", loads)
    monkeypatch.setattr(loader, "tools_of_entry", tools_of_entry)
    assert snapshot(load_catalog(root)) == first
    assert parses == []
    assert events == ["other", "other"] + [  # the segment key and the trailer, then:
        event
        for pair in (("t1", "t2"), ("t3", "t4"), ("t5", "t6"), ("t7", "t8"))
        for event in ("piece of 2", f"{pair[0]}.toml", f"{pair[1]}.toml")
    ]


def test_files_added_and_removed_between_pieces_read_only_the_pieces_they_need(
    tmp_path: Path, settled: None, parses: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "PIECE_ENTRIES", 2)
    root = eight_files(tmp_path / "c")
    load_catalog(root)
    (root / "t4.toml").unlink()
    (root / "t4a.toml").write_text(tool_toml("E1"))  # a new file, whose name clashes
    (root / "t7.toml").unlink()
    pieces: list[int] = []
    real_loads = cache_file.marshal.loads

    def loads(data: bytes) -> Any:
        value = real_loads(data)
        if isinstance(value, dict):
            pieces.append(len(value))
        return value

    monkeypatch.setattr(cache_file.marshal, "loads", loads)
    parses.clear()
    result = load_catalog(root)
    assert pieces == [2, 2, 2, 2]  # each piece once
    assert parses == [root / "t4a.toml"]
    assert snapshot(result) == uncached(root)
    assert any("'E1' is already used" in str(p) for p in result.problems)
    expected = uncached(root)
    parses.clear()
    assert snapshot(load_catalog(root)) == expected  # from the cache written again
    assert parses == []


def test_a_file_is_found_in_its_piece_whatever_the_index_says_of_other_files(
    tmp_path: Path, settled: None, parses: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two paths may share their index key (a CRC-32): every piece under the key is read."""
    monkeypatch.setattr(cache, "PIECE_ENTRIES", 2)
    monkeypatch.setattr(cache_file, "_index_key", lambda rel: 7 << 32)  # all alike
    root = eight_files(tmp_path / "c")
    first = snapshot(load_catalog(root))
    (root / "t1.toml").unlink()  # so the walk starts out of order
    expected = uncached(root)
    parses.clear()
    assert snapshot(load_catalog(root)) == expected != first
    assert parses == []


def test_every_tool_field_survives_the_cache(tmp_path: Path, settled: None) -> None:
    root = odd_catalog(tmp_path / "c")
    load_catalog(root)
    alpha = load_catalog(root).catalog.find("al")  # type: ignore[union-attr]
    assert alpha is not None
    assert (alpha.tentative, alpha.open_source, alpha.kind, alpha.license) == (
        True,
        False,
        "library",
        "MIT",
    )
    assert alpha.tags == ("x", "y") and alpha.aliases == ("al",)
    assert alpha.essay == EssayListing(("alpha?",), ("narrow", "other"), "n")
    assert alpha.history[0].from_segment == "middle" and alpha.history[0].previous_reasoning == "p"
    assert alpha.source.path == root / "tools/a.toml" and alpha.source.index == 0


def test_a_changed_file_is_read_again(tmp_path: Path, settled: None, parses: list[Path]) -> None:
    root = odd_catalog(tmp_path / "c")
    load_catalog(root)
    parses.clear()
    (root / "many.toml").write_text(tool_toml("Gamma") + "\n" + tool_toml("Zeta", "other"))
    result = load_catalog(root)
    assert parses == [root / "many.toml"]
    assert snapshot(result) == uncached(root)
    names = {tool.name for tool in result.catalog.tools}  # type: ignore[union-attr]
    assert "Zeta" in names and "Delta" not in names


def test_same_size_same_mtime_rewrite_is_seen(tmp_path: Path, settled: None) -> None:
    root = make_catalog(tmp_path / "c", {"a.toml": tool_toml("Alpha"), "b.toml": tool_toml("B")})
    path = root / "a.toml"
    before = path.stat()
    load_catalog(root)
    path.write_text(tool_toml("Omega"))  # same length as "Alpha"
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns
    names = [t.name for t in load_catalog(root).catalog.tools]  # type: ignore[union-attr]
    assert names == ["Omega", "B"]


def test_a_rewrite_the_timestamps_cannot_show_is_caught_by_the_racy_rule(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Within the timestamp granularity a same-size rewrite keeps mtime, ctime and inode.

    Simulated here by replaying the first load's stat: the entry was read less than 2 s after
    the file's last change, so it is not trusted and the new bytes are seen.
    """
    root = make_catalog(tmp_path / "c", {"a.toml": tool_toml("Alpha"), "b.toml": tool_toml("B")})
    load_catalog(root)
    frozen = list(walk.walk_tool_files(root))  # stat now, before the rewrite
    (root / "a.toml").write_text(tool_toml("Omega"))
    monkeypatch.setattr(walk, "walk_tool_files", lambda *args: iter(frozen))
    names = [t.name for t in load_catalog(root).catalog.tools]  # type: ignore[union-attr]
    assert names == ["Omega", "B"]


def test_racy_rule() -> None:
    second = 1_000_000_000
    stat = (100 * second, 100 * second, 10, 1, 1)
    trusted = cache_entries.trusted
    entry: cache_entries.Entry = (stat, 101 * second, "d", (), ())
    assert not trusted(entry, stat)  # changed 1 s before it was read: prove nothing
    assert trusted((stat, 103 * second, "d", (), ()), stat)
    assert not trusted((stat, 103 * second, "d", (), ()), (*stat[:2], 11, 1, 1))
    newer_ctime = (100 * second, 102 * second, 10, 1, 1)
    assert not trusted((newer_ctime, 103 * second, "d", (), ()), newer_ctime)


def test_a_touched_file_is_not_parsed_again(
    tmp_path: Path, settled: None, parses: list[Path]
) -> None:
    root = make_catalog(tmp_path / "c", {"a.toml": tool_toml("Alpha"), "b.toml": tool_toml("B")})
    first = snapshot(load_catalog(root))
    parses.clear()
    os.utime(root / "a.toml", ns=(1, 2_000_000_000))
    assert snapshot(load_catalog(root)) == first
    assert parses == []  # same bytes by hash: the cached result was reused


def test_added_and_removed_files(tmp_path: Path, settled: None, parses: list[Path]) -> None:
    root = odd_catalog(tmp_path / "c")
    load_catalog(root)
    parses.clear()
    (root / "tools/sub/d.toml").unlink()  # the clash with Alpha's alias goes with it
    (root / "tools/f.toml").write_text(tool_toml("Phi"))
    result = load_catalog(root)
    assert parses == [root / "tools/f.toml"]
    assert snapshot(result) == uncached(root)
    assert not any("already used" in str(p) for p in result.problems)
    assert root / "tools/sub/d.toml" not in result.files.hashes


def test_changed_segments_file(tmp_path: Path, settled: None) -> None:
    root = odd_catalog(tmp_path / "c")
    load_catalog(root)
    (root / "segments.toml").write_text(SEGMENTS.replace('title = "Narrow"', 'title = "Slim"'))
    result = load_catalog(root)
    assert result.catalog is not None and result.catalog.segment("narrow").title == "Slim"
    # Broken segments: tool files are judged without segment ids, so no "unknown segment".
    (root / "segments.toml").write_text(SEGMENTS.replace('id = "other"', 'id = "Else where"'))
    broken = load_catalog(root)
    assert snapshot(broken) == uncached(root)
    assert not any("'sideways'" in str(p) for p in broken.problems)
    (root / "segments.toml").write_text(SEGMENTS)
    fixed = load_catalog(root)
    assert snapshot(fixed) == uncached(root)
    assert any("'sideways'" in str(p) for p in fixed.problems)


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"",
        lambda data: b"garbage" * 100,
        lambda data: data[: len(data) // 2],
        lambda data: data[:-1] + bytes([data[-1] ^ 0xFF]),
        lambda data: data.replace(cache.MAGIC, b"x" * len(cache.MAGIC)),
    ],
    ids=["empty", "garbage", "truncated", "flipped-byte", "foreign-header"],
)
def test_a_damaged_cache_is_ignored_and_rebuilt(
    tmp_path: Path, private_cache: Path, settled: None, parses: list[Path], damage: Any
) -> None:
    root = odd_catalog(tmp_path / "c")
    expected = snapshot(load_catalog(root))
    (cache_path,) = private_cache.iterdir()
    cache_path.write_bytes(damage(cache_path.read_bytes()))
    parses.clear()
    assert snapshot(load_catalog(root)) == expected
    assert len(parses) == 6
    parses.clear()
    assert snapshot(load_catalog(root)) == expected
    assert parses == []  # rebuilt, and used again


def test_a_well_formed_cache_of_the_wrong_shape_is_ignored(
    tmp_path: Path, private_cache: Path, settled: None
) -> None:
    import marshal
    import zlib

    root = odd_catalog(tmp_path / "c")
    expected = snapshot(load_catalog(root))
    (cache_path,) = private_cache.iterdir()
    segment_key = ("hand-holding", "middle", "narrow", "other")
    # Entries the stat of many.toml vouches for, whose records cannot be made into tools.
    signature = walk.signature_of(os.stat(root / "many.toml"))
    bad_entry = (signature, 10**30, "d", (("too", "short"),), ((1,),))
    record = ["Gamma", 0, "r", 0, (), False, 0, 0, 0, "", "", None, 0, 0, 0, None, (), False]
    record += [0, (), (), 0, None]
    out_of_table = (signature, 10**30, "d", (tuple(record),), ())

    def pieces(*values: Any) -> bytes:
        data = [marshal.dumps(value) for value in values]
        return b"".join(len(piece).to_bytes(4, "big") + piece for piece in data)

    def index(*rels: str) -> bytes:
        keys = sorted(cache_file._index_key(rel) for rel in rels)
        return array("Q", keys).tobytes()

    def trailer(counts: Any = (1,), keys: Any = None, values: Any = ("narrow",)) -> Any:
        return (counts, index("many.toml") if keys is None else keys, (), values)

    for payload in [
        pieces([1, 2, 3]),
        pieces(segment_key, {"many.toml": bad_entry}, trailer()),
        pieces(segment_key, {"many.toml": out_of_table}, trailer(values=())),
        pieces(segment_key, {"many.toml": out_of_table}, trailer(values=["narrow"])),
        pieces(segment_key, {"many.toml": bad_entry}),  # no trailer
        pieces(segment_key, {"many.toml": bad_entry}, trailer()[:3]),
        pieces(segment_key, {"many.toml": bad_entry}, trailer(keys=b"odd")),
        pieces(segment_key, {"many.toml": bad_entry}, trailer(counts=(2,))),
        pieces(segment_key, {"many.toml": bad_entry}, trailer(counts=(1, 1))),
        pieces(segment_key, ["not", "a", "dict"], trailer()),
        pieces(segment_key, {"a": 1, "b": 2}, trailer()),
        pieces(segment_key, ())[:-1],  # a piece cut short
    ]:
        header = cache._header() + zlib.crc32(payload).to_bytes(4, "big")
        cache_path.write_bytes(header + payload)
        assert snapshot(load_catalog(root)) == expected


def test_an_unreadable_cache_is_ignored(
    tmp_path: Path,
    private_cache: Path,
    settled: None,
    parses: list[Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = odd_catalog(tmp_path / "c")
    expected = snapshot(load_catalog(root))
    real = cache_file.open_regular

    def refuse(path: Path, *args: Any, **kwargs: Any) -> Any:
        if Path(path).parent == private_cache:
            raise PermissionError(13, "Permission denied")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(cache_file, "open_regular", refuse)
    parses.clear()
    assert snapshot(load_catalog(root)) == expected
    assert len(parses) == 6  # every file read again


def catalog_state(root: Path) -> dict[Path, tuple[bytes, int]]:
    """Every file under `root` with its bytes and mtime: what a load must never change."""
    return {
        path: (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def format_4_payload(root: Path, rename: str) -> bytes:
    """The pieces a load cache of format 4 held for `root` (before the table of shared
    values): the segment key, one dict of entries whose records hold the values
    themselves, and the clashes. Each tool is renamed `rename`, so a misread shows."""
    import marshal

    result = load_catalog(root, use_cache=False)
    assert result.catalog is not None
    shared = {cache_entries.RECORD_FIELDS.index(name) for name in cache_entries.SHARED_FIELDS}
    entries: dict[str, Any] = {}
    for tool in result.catalog.tools:
        table = cache_entries.ValueTable()
        record = list(cache_entries.tool_record(tool, table))
        for field in shared:
            record[field] = table.values[record[field]]
        record[0] = rename
        path = tool.source.path
        rel = path.relative_to(root).as_posix()
        signature = walk.signature_of(os.stat(path))
        old = entries.get(rel, (signature, 10**30, "d", (), ()))
        entries[rel] = (signature, old[1], old[2], (*old[3], tuple(record)), ())
    segment_key = ("hand-holding", "middle", "narrow", "other")
    pieces = [marshal.dumps(value) for value in (segment_key, entries, ())]
    return b"".join(len(piece).to_bytes(4, "big") + piece for piece in pieces)


@pytest.mark.parametrize("stamp", ["format-4", "current"])
def test_a_cache_of_an_older_format_is_ignored_and_rebuilt_never_misread(
    tmp_path: Path,
    private_cache: Path,
    settled: None,
    parses: list[Path],
    monkeypatch: pytest.MonkeyPatch,
    stamp: str,
) -> None:
    """A cache file of format 4 (records holding their values, no table, no trailer) is
    refused by its header; under today's header too (as if the format had not been
    bumped), its shape is refused: every file is read again and nothing in the catalog
    folder is written."""
    import zlib

    root = odd_catalog(tmp_path / "c")
    expected = snapshot(load_catalog(root))
    (cache_path,) = private_cache.iterdir()
    payload = format_4_payload(root, rename="Stale")
    with monkeypatch.context() as patched:
        if stamp == "format-4":
            patched.setattr(cache, "CACHE_FORMAT", 4)
        header = cache._header()
    assert (header == cache._header()) == (stamp == "current")
    cache_path.write_bytes(header + zlib.crc32(payload).to_bytes(4, "big") + payload)
    before = catalog_state(root)
    parses.clear()
    assert snapshot(load_catalog(root)) == expected
    assert len(parses) == 6
    assert catalog_state(root) == before
    assert cache_file.open_stored(cache_path, cache._header()) is not None  # rebuilt
    parses.clear()
    assert snapshot(load_catalog(root)) == expected
    assert parses == []


def test_a_failed_cache_write_leaves_no_trace(
    tmp_path: Path, private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = odd_catalog(tmp_path / "c")

    def fail(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cache.os, "replace", fail)
    assert snapshot(load_catalog(root)) == uncached(root)
    assert list(private_cache.iterdir()) == []


def test_the_cache_lives_outside_the_catalog_one_file_per_root(
    tmp_path: Path, private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = odd_catalog(tmp_path / "c")
    other = make_catalog(tmp_path / "d", {"a.toml": tool_toml("A")})
    before = sorted(p for p in root.rglob("*"))
    load_catalog(root)
    load_catalog(other)
    monkeypatch.chdir(tmp_path)
    relative = load_catalog(Path("c"))  # the same catalog by another spelling: same cache
    assert sorted(p for p in root.rglob("*")) == before
    assert len(list(private_cache.iterdir())) == 2
    assert relative.catalog is not None
    assert relative.catalog.tools[0].source.path == Path("c/many.toml")


def test_the_cache_can_be_switched_off(
    tmp_path: Path, private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = odd_catalog(tmp_path / "c")
    load_catalog(root, use_cache=False)
    monkeypatch.setenv(cache.NO_CACHE_ENV, "1")
    load_catalog(root)
    assert not private_cache.exists()
    monkeypatch.setenv(cache.NO_CACHE_ENV, "0")
    load_catalog(root)
    assert private_cache.exists()


def test_default_cache_folder_is_the_users_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs

    monkeypatch.delenv(cache.CACHE_DIR_ENV)
    assert cache.cache_dir() == platformdirs.user_cache_path("mlseg-tui")


# ----------------------------------------------------- the loader's fast validation path

_texts = st.sampled_from(["", " ", "x", "narrow", "sideways", "A b"])
_values = st.one_of(
    _texts,
    st.booleans(),
    st.integers(0, 2),
    st.lists(_texts, max_size=3),
    st.lists(st.one_of(_texts, st.integers(0, 1)), max_size=2),
    st.just({"note": "n"}),
)
_words = st.lists(st.sampled_from(["a", "B c"]), max_size=2)
_clean_essays = st.fixed_dictionaries(
    {}, optional={"listed_as": _words, "segments": _words, "note": st.just("n")}
)
_METRIC = Metric(
    (
        Criterion("infra", "Who runs it?", ("managed", "library")),
        Criterion("stages", "Which?", ("data", "train"), multiple=True),
    ),
    (Band("narrow", 0.0),),
)
_clean_answers = st.fixed_dictionaries(
    {},
    optional={
        "infra": st.sampled_from(["managed", "library"]),
        "stages": st.lists(st.sampled_from(["data", "train"]), max_size=2, unique=True),
    },
)
_clean_tables = st.fixed_dictionaries(
    {
        "name": st.just("A"),
        "segment": st.sampled_from((*SEGMENT_IDS, "sideways")),
        "reasoning": _words.map(str),
    },
    optional={
        "aliases": _words,
        "tags": _words,
        "tentative": st.booleans(),
        "open_source": st.booleans(),
        "kind": st.just("library"),
        "license": st.just("MIT"),
        "status": st.just(""),
        "essay": _clean_essays,
        "criteria": _clean_answers,
        "reviewed": st.sampled_from([dt.date(2026, 1, 2), dt.datetime(2026, 1, 2, 3, 4)]),
    },
)
_paths = st.sampled_from(
    [(key,) for key in sorted(tool_table.KNOWN_FIELDS - {"history"})]
    + [
        ("colour",),
        ("essay", "listed_as"),
        ("essay", "segments"),
        ("essay", "note"),
        ("essay", "x"),
        ("criteria", "infra"),
        ("criteria", "stages"),
        ("criteria", "colour"),
    ]
)


@st.composite
def _tables(draw: st.DrawFn) -> dict[str, Any]:
    """A clean table, then maybe one or two values replaced by anything at all."""
    table = draw(_clean_tables)
    for path in draw(st.lists(_paths, max_size=2)):
        value = draw(_values)
        if len(path) == 1:
            table[path[0]] = value
        else:
            inner = table.get(path[0])
            table[path[0]] = {**(inner if isinstance(inner, dict) else {}), path[1]: value}
    return table


@settings(max_examples=400, deadline=None)
@given(table=_tables(), known=st.booleans())
def test_fast_path_agrees_with_the_checks(table: dict[str, Any], known: bool) -> None:
    """A table the fast path accepts is one the checks accept, with the very same Tool."""
    source = SourceText(Path("t.toml"), "[[tools]]\n")
    segment_ids = set(SEGMENT_IDS) if known else None
    metric = _METRIC if known else None
    fast = tool_table._clean_tool(table, source.path, 0, segment_ids, metric)
    problems: list[Problem] = []
    with mock.patch.object(tool_table, "_clean_tool", lambda *args: None):
        checked = tool_table.build_tool(table, source, 0, segment_ids, problems, metric)
    if fast is not None:
        assert problems == [] and checked is not None
        assert dataclasses.astuple(fast) == dataclasses.astuple(checked)
    elif checked is not None and not problems:
        # The fast path may decline a clean table only for a reason it does not handle.
        assert "history" in table


def test_old_and_surplus_cache_files_are_evicted(tmp_path: Path, private_cache: Path) -> None:
    private_cache.mkdir()
    now = time.time()
    day = 24 * 3600

    def old_file(name: str, age_days: float) -> Path:
        path = private_cache / name
        path.write_bytes(b"x")
        os.utime(path, (now - age_days * day, now - age_days * day))
        return path

    ancient = old_file("catalog-ancient.cache", 40)
    dead_writer = old_file(".catalog-x.cache.123.tmp", 1)
    live_writer = old_file(".catalog-y.cache.456.tmp", 0)
    recent = [old_file(f"catalog-{number:03d}.cache", number / 10) for number in range(70)]
    foreign = old_file("notes.txt", 400)
    root = odd_catalog(tmp_path / "c")
    load_catalog(root)  # writes this catalog's cache, then evicts
    remaining = set(private_cache.iterdir())
    mine = cache.cache_file(root, private_cache)
    assert mine in remaining and foreign in remaining and live_writer in remaining
    assert ancient not in remaining and dead_writer not in remaining
    kept = [path for path in recent if path in remaining]
    assert kept == recent[: cache.MAX_FILES - 1]  # the most recently used ones


def test_opening_a_cache_marks_it_used(tmp_path: Path, private_cache: Path, settled: None) -> None:
    root = odd_catalog(tmp_path / "c")
    load_catalog(root)
    mine = cache.cache_file(root, private_cache)
    os.utime(mine, (1, 1))
    inode = mine.stat().st_ino
    load_catalog(root)  # nothing changed: read, not rewritten
    assert mine.stat().st_ino == inode and mine.stat().st_mtime > 1


def test_a_cache_rewritten_after_a_change_keeps_the_unchanged_files(
    tmp_path: Path, settled: None, parses: list[Path]
) -> None:
    """A load drops each cache entry's tool records once the tools are made, and writes them
    again from the tools when it writes a new cache: that cache must serve the next load."""
    root = odd_catalog(tmp_path / "c")
    load_catalog(root)
    (root / "tools/f.toml").write_text(tool_toml("Phi"))
    parses.clear()
    load_catalog(root)  # reads f.toml, rewrites the cache with everything else from the old
    assert parses == [root / "tools/f.toml"]
    parses.clear()
    again = load_catalog(root)
    assert parses == []
    assert snapshot(again) == uncached(root)
    catalog = again.catalog
    assert catalog is not None
    stored = cache.CatalogCache.open(root, tuple(sorted(catalog.segment_ids())))
    assert stored is not None
    alpha = catalog.find("Alpha")
    assert alpha is not None
    entry = stored.entries.take("tools/a.toml")
    stored.entries.close()
    assert entry is not None
    (record,) = entry[cache_entries.TOOLS]
    again = cache_entries.tool_from_record(record, alpha.source.path, stored.entries.values)
    assert dataclasses.astuple(again) == dataclasses.astuple(alpha)


def test_repeated_values_share_one_object_and_the_cache_keeps_that(
    tmp_path: Path, settled: None, parses: list[Path]
) -> None:
    extra = 'vendor = "Acme"\ndescription = "A tool."\nstatus = "active"\ntags = ["x", "y"]\n'
    root = make_catalog(
        tmp_path / "c",
        {
            "a.toml": tool_toml("A", extra=extra),
            "b.toml": tool_toml("B", extra=extra) + "\n" + tool_toml("C", extra=extra),
        },
    )
    for load in ("parsed", "cached"):
        result = load_catalog(root)
        assert parses == ([root / "a.toml", root / "b.toml"] if load == "parsed" else [])
        parses.clear()
        a, b, c = result.catalog.tools  # type: ignore[union-attr]
        for tool in (b, c):
            assert tool.description is a.description, load
            assert tool.vendor is a.vendor and tool.status is a.status, load
            assert tool.tags is a.tags and tool.tags == ("x", "y"), load


def test_kept_files_give_back_their_entries_even_with_numbers_too_big_for_64_bits(
    tmp_path: Path,
) -> None:
    root = make_catalog(tmp_path / "c", {"a.toml": "\n".join(map(tool_toml, "ABC"))})
    tools = load_catalog(root).catalog.tools  # type: ignore[union-attr]
    kept = cache_entries.KeptFiles()
    big = (1, 2, 3, 2**64 - 1, 5)  # inode numbers may use all 64 bits, unsigned
    kept.add("a.toml", (10, 20, 30, 40, 50), 99, "d1", 1, ())
    kept.add("b.toml", big, 98, "d2", 2, ((1, 1, "m", "warning"),))
    entries = dict(kept.entries(tools[:3]))
    table = cache_entries.ValueTable()  # numbers the same values in the same order

    def record(tool: Any) -> Any:
        return cache_entries.tool_record(tool, table)

    assert entries == {
        "a.toml": ((10, 20, 30, 40, 50), 99, "d1", (record(tools[0]),), ()),
        "b.toml": (big, 98, "d2", tuple(map(record, tools[1:3])), ((1, 1, "m", "warning"),)),
    }
    assert kept.table.values == table.values


def test_the_checksum_pass_reads_a_block_at_a_time_never_a_whole_piece(
    tmp_path: Path, private_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A one-file catalog's piece is tens of MB: read whole to check it and freed, it made
    the same piece read again to unmarshal stay in the process's memory (glibc raises its
    threshold for handing big blocks back)."""
    monkeypatch.setattr(cache_file, "_CHECK_BLOCK", 64)
    root = make_catalog(
        tmp_path / "c", {"many.toml": "\n".join(tool_toml(f"T{n}") for n in range(40))}
    )
    load_catalog(root)
    (cache_path,) = private_cache.iterdir()
    sizes: list[int] = []

    class Recording:
        def __init__(self, file: Any) -> None:
            self.file = file

        def read(self, size: int) -> bytes:
            sizes.append(size)
            return self.file.read(size)

    with open(cache_path, "rb", buffering=0) as file:
        spans = cache_file._check(Recording(file), cache._header())  # type: ignore[arg-type]
    assert spans is not None and len(spans) == 3  # the segment key, the piece, the trailer
    assert max(size for _, size in spans) > 10 * 64
    assert max(sizes) <= max(64, len(cache._header()))
    stored = cache_file.open_stored(cache_path, cache._header())
    assert stored is not None
    stored[1].close()
