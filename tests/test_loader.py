"""The loader reports every problem kind with the file and line it is on."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mlseg_tui.catalog.load import CatalogNotFound, load_catalog

SEGMENTS = "\n".join(
    f'[[segments]]\nid = "{sid}"\ntitle = "{sid.title()}"\ndefinition = "Why {sid}."\n'
    for sid in ("hand-holding", "narrow", "middle", "other")
)


def tool_toml(name: str, segment: str = "narrow", extra: str = "") -> str:
    return f'[[tools]]\nname = "{name}"\nsegment = "{segment}"\nreasoning = "Because."\n{extra}'


def make_catalog(root: Path, files: dict[str, str], segments: str | None = SEGMENTS) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    if segments is not None:
        (root / "segments.toml").write_text(segments, encoding="utf-8")
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def only_problem(root: Path) -> str:
    result = load_catalog(root)
    assert len(result.problems) == 1, [str(p) for p in result.problems]
    return str(result.problems[0])


def test_valid_catalog_loads_every_field(tmp_path: Path) -> None:
    root = make_catalog(
        tmp_path,
        {
            "tools/a.toml": tool_toml(
                "Alpha",
                extra='aliases = ["al"]\ntentative = true\nopen_source = false\n'
                'license = "MIT"\ntags = ["x"]\n'
                '[tools.essay]\nlisted_as = ["alpha?"]\nsegments = ["narrow", "other"]\n'
                "[[tools.history]]\ndate = 2026-01-02\n"
                'from = "middle"\nto = "narrow"\nreason = "r"\n',
            ),
            "many.toml": tool_toml("Beta") + "\n" + tool_toml("Gamma", "other"),
        },
    )
    result = load_catalog(root)
    assert result.ok and result.problems == []
    catalog = result.catalog
    assert catalog is not None
    assert catalog.segment_ids() == ["hand-holding", "narrow", "middle", "other"]
    assert sorted(t.name for t in catalog.tools) == ["Alpha", "Beta", "Gamma"]
    alpha = catalog.find("AL")
    assert alpha is not None and alpha.name == "Alpha"
    assert alpha.tentative is True and alpha.open_source is False
    assert alpha.essay is not None and alpha.essay.segments == ("narrow", "other")
    assert alpha.history[0].date == dt.date(2026, 1, 2)
    assert alpha.history[0].from_segment == "middle"
    gamma = catalog.find("gamma")
    assert gamma is not None and gamma.source.index == 1
    assert gamma.source.path == root / "many.toml"
    assert set(result.files.hashes) == {root / "tools/a.toml", root / "many.toml"}


def test_malformed_toml_names_file_line_and_column(tmp_path: Path) -> None:
    root = make_catalog(tmp_path, {"bad.toml": '[[tools]]\nname = "x\nsegment = "narrow"\n'})
    problem = only_problem(root)
    assert problem.startswith(f"{root / 'bad.toml'}:2:")
    assert "malformed TOML" in problem


def test_merge_conflict_is_named(tmp_path: Path) -> None:
    text = tool_toml("A") + "<<<<<<< HEAD\nx = 1\n=======\nx = 2\n>>>>>>> other\n"
    root = make_catalog(tmp_path, {"a.toml": text})
    assert "merge conflict" in only_problem(root)


@pytest.mark.parametrize("field", ["name", "segment", "reasoning"])
def test_missing_required_field(tmp_path: Path, field: str) -> None:
    lines = ["", "", "[[tools]]", 'name = "A"', 'segment = "narrow"', 'reasoning = "r"']
    text = "\n".join(line for line in lines if not line.startswith(field)) + "\n"
    root = make_catalog(tmp_path, {"a.toml": text, "b.toml": tool_toml("B")})
    problem = only_problem(root)
    assert problem.startswith(f"{root / 'a.toml'}:3:1: error:")
    assert f"missing the required field `{field}`" in problem


@pytest.mark.parametrize(
    ("extra", "line", "words"),
    [
        ('aliases = "x"\n', 5, "`aliases` must be an array of strings"),
        ('tentative = "yes"\n', 5, "`tentative` must be true or false, not a string"),
        ("homepage = 3\n", 5, "`homepage` must be a string, not an integer"),
        ("tags = [1, 2]\n", 5, "`tags` must be an array of strings"),
    ],
)
def test_wrong_types(tmp_path: Path, extra: str, line: int, words: str) -> None:
    root = make_catalog(tmp_path, {"a.toml": tool_toml("A", extra=extra), "b.toml": tool_toml("B")})
    problem = only_problem(root)
    assert problem.startswith(f"{root / 'a.toml'}:{line}:1: error:")
    assert words in problem


def test_segment_of_wrong_type(tmp_path: Path) -> None:
    text = '[[tools]]\nname = "A"\nsegment = 3\nreasoning = "r"\n'
    root = make_catalog(tmp_path, {"a.toml": text, "b.toml": tool_toml("B")})
    assert "a.toml:3:1: error: `segment` must be a string" in only_problem(root)


def test_unknown_segment_id(tmp_path: Path) -> None:
    root = make_catalog(tmp_path, {"a.toml": tool_toml("A", "sideways"), "b.toml": tool_toml("B")})
    problem = only_problem(root)
    assert "a.toml:3:1: error: unknown segment id 'sideways'" in problem


def test_duplicate_names_across_files_ignore_case(tmp_path: Path) -> None:
    root = make_catalog(
        tmp_path, {"a.toml": tool_toml("Airflow"), "sub/b.toml": "\n\n" + tool_toml("AIRFLOW")}
    )
    result = load_catalog(root)
    assert [str(p) for p in result.errors] == [
        f"{root / 'sub/b.toml'}:3:1: error: 'AIRFLOW' is already used by 'Airflow' "
        f"({root / 'a.toml'}:1); tool 'AIRFLOW' skipped"
    ]
    assert result.catalog is not None and [t.name for t in result.catalog.tools] == ["Airflow"]


def test_alias_equal_to_another_tools_name(tmp_path: Path) -> None:
    root = make_catalog(
        tmp_path,
        {
            "a.toml": tool_toml("Spark"),
            "b.toml": tool_toml("Databricks", extra='aliases = ["spark"]'),
        },
    )
    assert "'spark' is already used by 'Spark'" in only_problem(root)


def test_alias_equal_to_own_name_is_allowed(tmp_path: Path) -> None:
    root = make_catalog(tmp_path, {"a.toml": tool_toml("MLflow", extra='aliases = ["Mlflow"]')})
    assert load_catalog(root).problems == []


def test_unknown_field_is_a_warning(tmp_path: Path) -> None:
    root = make_catalog(tmp_path, {"a.toml": tool_toml("A", extra='colour = "red"\n')})
    result = load_catalog(root)
    assert result.ok
    assert [str(p) for p in result.problems] == [
        f"{root / 'a.toml'}:5:1: warning: unknown field `colour` (ignored)"
    ]


def test_empty_catalog_is_an_error(tmp_path: Path) -> None:
    root = make_catalog(tmp_path, {})
    assert "the catalog holds no tools" in only_problem(root)
    assert not load_catalog(root).ok


def test_missing_segments_file(tmp_path: Path) -> None:
    root = make_catalog(tmp_path, {"a.toml": tool_toml("A")}, segments=None)
    result = load_catalog(root)
    assert result.catalog is None
    assert any("missing segments.toml" in str(p) for p in result.errors)


def test_broken_segments_file(tmp_path: Path) -> None:
    broken = SEGMENTS.replace('id = "other"', 'id = "Else where"')
    root = make_catalog(tmp_path, {"a.toml": tool_toml("A")}, segments=broken)
    result = load_catalog(root)
    assert result.catalog is None
    messages = [str(p) for p in result.errors]
    expected = "segments.toml:16:1: error: segment id 'Else where' must be lowercase letters"
    assert any(expected in m for m in messages)


def test_not_utf8_names_line_and_column(tmp_path: Path) -> None:
    root = make_catalog(tmp_path, {"b.toml": tool_toml("B")})
    (root / "a.toml").write_bytes(b'[[tools]]\nname = "Caf\xe9"\n')
    assert only_problem(root) == (
        f"{root / 'a.toml'}:2:12: error: not UTF-8 text (byte 0xe9 cannot be decoded)"
    )


def test_nul_byte(tmp_path: Path) -> None:
    root = make_catalog(tmp_path, {"b.toml": tool_toml("B")})
    (root / "a.toml").write_bytes(b'[[tools]]\nname = "A\x00"\n')
    assert only_problem(root) == f"{root / 'a.toml'}:2:10: error: file holds a NUL byte"


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_catalog(tmp_path, {"a.toml": tool_toml("A"), "b.toml": tool_toml("B")})
    real = os.open

    def refuse(path: Any, *args: Any, **kwargs: Any) -> int:
        if os.fspath(path).endswith("a.toml"):
            raise PermissionError(13, "Permission denied")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    assert (
        only_problem(root) == f"{root / 'a.toml'}:1:1: error: cannot read file: Permission denied"
    )


def test_bom_and_crlf_load_with_a_warning(tmp_path: Path) -> None:
    root = make_catalog(tmp_path, {})
    (root / "a.toml").write_bytes(b"\xef\xbb\xbf" + tool_toml("A").replace("\n", "\r\n").encode())
    result = load_catalog(root)
    assert result.ok
    assert [p.severity for p in result.problems] == ["warning"]
    assert result.catalog is not None and result.catalog.tools[0].name == "A"


def test_non_toml_and_hidden_files_are_ignored(tmp_path: Path) -> None:
    root = make_catalog(
        tmp_path,
        {"a.toml": tool_toml("A"), "README.md": "# hi", "notes.txt": "x", ".a.toml.tmp": "junk"},
    )
    result = load_catalog(root)
    assert result.problems == []


def test_missing_folder_raises(tmp_path: Path) -> None:
    with pytest.raises(CatalogNotFound, match="no such catalog folder"):
        load_catalog(tmp_path / "nowhere")


def test_every_problem_is_reported_in_one_pass(tmp_path: Path) -> None:
    root = make_catalog(
        tmp_path,
        {
            "a.toml": tool_toml("A", "sideways"),
            "b.toml": "[[tools]\n",
            "c.toml": '[[tools]]\nname = "C"\n',
            "d.toml": tool_toml("D"),
        },
    )
    result = load_catalog(root)
    files = sorted(p.path.name for p in result.errors)
    assert files == ["a.toml", "b.toml", "c.toml", "c.toml"]
    assert result.catalog is not None and [t.name for t in result.catalog.tools] == ["D"]


def test_the_walk_hands_out_files_one_at_a_time(tmp_path: Path) -> None:
    """Each file is stat'ed when its turn comes, not all up front (a big catalog's
    signatures would all be held at once): a file gone by then is reported, in its place in
    the order."""
    from mlseg_tui.catalog.walk import walk_tool_files
    from mlseg_tui.domain.model import Problem

    root = make_catalog(tmp_path, {"tools/a.toml": tool_toml("A"), "tools/b.toml": tool_toml("B")})
    walk = walk_tool_files(root)
    first = next(walk)
    assert not isinstance(first, Problem) and first[0] == "tools/a.toml"
    (root / "tools/b.toml").unlink()
    (gone,) = list(walk)
    assert isinstance(gone, Problem) and gone.path == root / "tools/b.toml"
    assert "not a regular file" in gone.message


def test_a_files_bytes_are_freed_before_its_toml_is_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the decoded text is parsed: holding the bytes of a big file too through tomli's
    parse would raise the load's peak memory."""
    from mlseg_tui.catalog import load, parse, source
    from mlseg_tui.domain.model import Problem

    events: list[tuple[str, str]] = []

    class Bytes(bytes):
        name = ""

        def __del__(self) -> None:
            events.append(("freed", self.name))

    real_read, real_parse = source.read_bytes, source.parse_toml

    def read(path: Path, problems: list[Problem]) -> bytes | None:
        data = real_read(path, problems)
        if data is None:
            return None
        tracked = Bytes(data)
        tracked.name = path.name
        return tracked

    def parse_toml(text: source.SourceText, problems: list[Problem]) -> object:
        events.append(("parse", text.path.name))
        return real_parse(text, problems)

    monkeypatch.setattr(load, "read_bytes", read)
    monkeypatch.setattr(parse, "read_bytes", read)
    monkeypatch.setattr(parse, "parse_toml", parse_toml)
    root = make_catalog(tmp_path, {"a.toml": tool_toml("A")})
    result = load_catalog(root, use_cache=False)
    assert [t.name for t in result.catalog.tools] == ["A"]  # type: ignore[union-attr]
    assert events.index(("freed", "a.toml")) < events.index(("parse", "a.toml"))
    events.clear()
    tools, _ = parse.load_tool_file(root / "a.toml", None, [])
    assert [t.name for t in tools] == ["A"]
    assert events == [("freed", "a.toml"), ("parse", "a.toml")]


# A file of many [[tools]] tables is parsed a chunk of tables at a time; these pieces of a
# tool file, in any order, must load exactly as a parse of the whole file does.
PIECES = [
    tool_toml("{n}"),
    tool_toml("{n}", extra='colour = "red"\n'),  # a warning, with its line
    '[[tools]]\nname = "{n}"\nsegment = "narrow"\n',  # an error: no reasoning
    tool_toml(
        "{n}", extra='[[tools.history]]\ndate = 2026-01-02\nfrom = "middle"\nto = "narrow"\n'
    ),
    tool_toml("{n}", extra='description = """two\n[[tools]]\nname = "Fake"\n"""\n'),
    tool_toml("{n}", extra="aliases = [\n  '{n}-alias',\n]\n"),
    "# a comment\n" + tool_toml("{n}"),
    '[[tools]]\nname = "{n}"\nsegment = \n',  # malformed
    "version = 2\n",  # a top-level key
]


def _pieces_file(pieces: list[int]) -> str:
    return "\n".join(PIECES[p].replace("{n}", f"Tool{i}") for i, p in enumerate(pieces))


def _load_both_ways(root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[object, object]:
    from mlseg_tui.catalog import parse

    monkeypatch.setattr(parse, "PARSE_CHUNK_TABLES", 10**9)
    whole = load_catalog(root, use_cache=False)
    monkeypatch.setattr(parse, "PARSE_CHUNK_TABLES", 2)
    chunked = load_catalog(root, use_cache=False)
    tools = [
        [dataclasses.astuple(t) for t in r.catalog.tools] if r.catalog else None
        for r in (whole, chunked)
    ]
    return (tools[0], whole.problems), (tools[1], chunked.problems)


def test_a_big_file_is_parsed_a_chunk_of_tables_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tomli

    root = make_catalog(tmp_path, {"many.toml": _pieces_file([0, 1, 2, 3, 5, 6] * 3)})
    whole, chunked = _load_both_ways(root, monkeypatch)
    assert chunked == whole
    calls: list[int] = []
    real = tomli.loads
    monkeypatch.setattr(tomli, "loads", lambda text: calls.append(len(text)) or real(text))
    load_catalog(root, use_cache=False)
    assert len(calls) > 2  # segments.toml, then the file in pieces


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, len(PIECES) - 1), min_size=1, max_size=14))
def test_a_file_parsed_in_chunks_loads_as_a_whole_parse_does(pieces: list[int]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        root = make_catalog(Path(folder), {"many.toml": _pieces_file(pieces)})
        whole, chunked = _load_both_ways(root, patch)
        assert chunked == whole
