"""Property (issue 13): random sequences of add, edit, rename, remove and move, with undo
and redo and saves between them, then a save and a reload, give exactly the tools the
session holds; files no change touched keep their bytes, and in the files it touched
every line outside the changed tables and fields is still there.

The catalog mixes one-tool files and a many-tool file with comments (LF, or CRLF with a
BOM). Values are checked by the same rules as the form and the CLI before an edit is
made, as they would be there; text is hostile (quotes, backslashes, newlines, tabs,
`[[tools]]` and `[bold]` look-alikes, non-ASCII).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import tempfile
from pathlib import Path
from typing import Any

import tomli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mlseg_tui.catalog.load import load_catalog
from mlseg_tui.catalog.tool_rules import check_values
from mlseg_tui.domain.edits import EditSession
from mlseg_tui.domain.model import Catalog, SourceRef, Tool
from mlseg_tui.domain.tool_files import new_file_for, tools_folder
from mlseg_tui.domain.tool_values import values_of
from mlseg_tui.store.catalog_store import CatalogStore
from mlseg_tui.store.toml_scan import scan
from tests.corpus import SEGMENT_IDS, SEGMENTS, toml_string

EXAMPLES = int(os.environ.get("MLSEG_PROPERTY_EXAMPLES", "60"))
DAY = dt.date(2026, 3, 14)
PIECES = ['"', "'", "\\", "\n", "\t", '"""', "'''", "[[tools]]", "[bold]", "x = 1", "#", "漢", " "]
TEXT = st.lists(st.sampled_from([*PIECES, "a", "b", "Why"]), min_size=1, max_size=6).map("".join)
NAME = st.lists(st.sampled_from(["Tool", "Zed", "ö", " ", "[b]", "'", '"', "-", "9"]),
                min_size=1, max_size=4).map("".join)  # fmt: skip
FIELD_VALUES = st.one_of(
    st.tuples(st.just("reasoning"), TEXT),
    st.tuples(st.just("description"), st.one_of(st.just(""), TEXT)),
    st.tuples(
        st.just("homepage"), st.sampled_from(["", "https://a.example", "https://b.example/x"])
    ),
    st.tuples(st.just("license"), st.sampled_from(["", "MIT", "Apache-2.0", "proprietary"])),
    st.tuples(
        st.just("tags"), st.lists(st.sampled_from(["a", "b c", 'q"t']), max_size=3).map(tuple)
    ),
    st.tuples(st.just("aliases"), st.lists(NAME, max_size=2).map(tuple)),
    st.tuples(st.just("tentative"), st.booleans()),
    st.tuples(st.just("vendor"), st.one_of(st.just(""), NAME)),
)
OPS = st.lists(
    st.one_of(
        st.tuples(
            st.just("move"), st.integers(0, 99), st.sampled_from(SEGMENT_IDS), TEXT | st.just("")
        ),
        st.tuples(st.just("edit"), st.integers(0, 99), FIELD_VALUES),
        st.tuples(st.just("rename"), st.integers(0, 99), NAME),
        st.tuples(st.just("remove"), st.integers(0, 99)),
        st.tuples(st.just("add"), NAME, st.sampled_from(SEGMENT_IDS), st.booleans()),
        st.tuples(st.just("undo")),
        st.tuples(st.just("redo")),
        st.tuples(st.just("save")),
    ),
    max_size=14,
)  # fmt: skip


def tool_text(number: int) -> str:
    return (
        f"# tool {number}\n[[tools]]\nname = {toml_string(f'T{number}')}\n"
        f"segment = '{SEGMENT_IDS[number % 4]}'  # kept\n"
        f'reasoning = """\nWhy {number}."""\naliases = ["A{number}"]\n\n'
        f'[tools.essay]\nlisted_as = ["T{number}"]\n'
    )


def build(root: Path, crlf_bom: bool) -> None:
    (root / "tools").mkdir(parents=True)
    (root / "segments.toml").write_text(SEGMENTS, encoding="utf-8")
    for number in range(3):
        (root / "tools" / f"t{number}.toml").write_text(
            f"# Catalog entry for T{number}.\n\n" + tool_text(number)[len(f"# tool {number}\n") :],
            encoding="utf-8",
        )
    many = "# Many tools.\n\n" + "\n".join(tool_text(n) for n in range(10, 15)) + "\n# the end\n"
    data = many.replace("\n", "\r\n").encode() if crlf_bom else many.encode()
    (root / "many.toml").write_bytes((b"\xef\xbb\xbf" if crlf_bom else b"") + data)


def files(root: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in root.rglob("*.toml") if not p.name.startswith(".")}


def fields_of(tool: Tool) -> dict[str, Any]:
    return {f.name: getattr(tool, f.name) for f in dataclasses.fields(Tool) if f.name != "source"}


def apply(op: tuple[Any, ...], catalog: Catalog, session: EditSession, store: CatalogStore) -> None:
    tools = catalog.tools
    kind = op[0]
    if kind in ("move", "edit", "rename", "remove") and not tools:
        return
    if kind == "move":
        session.move(tools[op[1] % len(tools)], op[2], op[3], today=DAY)
    elif kind in ("edit", "rename"):
        tool = tools[op[1] % len(tools)]
        field, value = op[2] if kind == "edit" else ("name", op[2])
        if not check_values(catalog, values_of(tool).replace(**{field: value}), tool):
            session.edit(tool, {field: value}, today=DAY)
    elif kind == "remove":
        session.remove(tools[op[1] % len(tools)])
    elif kind == "add":
        _, name, segment, own_file = op
        tool = Tool(name, segment, "Added.", SourceRef(catalog.root / "many.toml", -1))
        if check_values(catalog, values_of(tool)):
            return
        if own_file:
            taken = set(store.snapshot()) | {t.source.path for t in tools}
            tool.source = SourceRef(new_file_for(name, tools_folder(catalog), taken), -1)
        if not own_file and catalog.root / "many.toml" not in store.snapshot():
            return  # the file went with its last tool
        session.add(tool, new_file=own_file)
    elif kind == "undo":
        session.undo()
    elif kind == "redo":
        session.redo()
    else:
        assert store.save(session).ok


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(ops=OPS, crlf_bom=st.booleans())
def test_random_edits_save_and_reload_as_the_session_holds_them(
    ops: list[tuple[Any, ...]], crlf_bom: bool
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "catalog"
        build(root, crlf_bom)
        result = load_catalog(root, use_cache=False)
        assert result.catalog is not None and not result.errors, result.problems
        catalog, store = result.catalog, CatalogStore(result)
        session = EditSession(catalog)
        saved_before = files(root)
        for op in ops:
            apply(op, catalog, session, store)
        untouched = {path for path in saved_before} - {
            change.tool.source.path for change in session.changes()
        }
        before_last = files(root)
        changes = session.changes()
        report = store.save(session)

        assert report.ok, report.summary()
        assert session.pending_count == 0
        again = load_catalog(root, use_cache=False)
        assert not again.errors, again.problems
        assert again.catalog is not None
        by_name = {tool.name: tool for tool in again.catalog.tools}
        assert sorted(by_name) == sorted(tool.name for tool in catalog.tools)
        for tool in catalog.tools:
            assert fields_of(by_name[tool.name]) == fields_of(tool), tool.name
            assert by_name[tool.name].source == tool.source
        after = files(root)
        for path in untouched & set(before_last):
            assert after.get(path) == before_last[path], path
        # A file deleted with its tool may come back as a new tool's file (the name is free).
        gone = set(report.removed_files)
        _kept_lines_survive({p: b for p, b in before_last.items() if p not in gone}, after, changes)


def _kept_lines_survive(
    before: dict[Path, bytes], after: dict[Path, bytes], changes: list[Any]
) -> None:
    """In each file still there, every line of the old text survives (byte for byte, in
    its file's line endings) but the lines of removed tools, of changed fields and of
    history tables (an undo below a save takes entries back)."""
    removed = {c.saved.values.name for c in changes if c.kind == "remove"}
    changed = {c.saved.values.name: set(c.changed_fields()) for c in changes if c.kind == "edit"}
    for path, old in before.items():
        if path not in after:
            continue
        old_text = old.decode("utf-8-sig")
        new_text = after[path].decode("utf-8-sig")
        names = [t["name"] for t in tomli.loads(old_text).get("tools", [])]
        records = scan(old_text)
        tool, subtable = None, None
        for number, record in enumerate(records):
            line = old_text[record.start : record.end]
            if record.kind == "header":
                if record.keys == ("tools",):
                    tool = names.pop(0)
                    subtable = None
                else:
                    subtable = record.keys
                continue
            following = records[number + 1] if number + 1 < len(records) else None
            attached = (
                record.kind == "trivia"
                and not record.blank
                and following is not None
                and following.kind == "header"
                and following.keys == ("tools",)
            )
            if attached and names and names[0] in removed:
                continue  # the comment of the next tool, removed with it
            if tool is None:
                assert line in new_text, (path.name, line)  # the file's own heading
                continue
            if tool in removed or record.kind == "trivia" or subtable == ("tools", "history"):
                continue
            key = line.split("=", 1)[0].strip().strip("'\"")
            if subtable is None and key in changed.get(tool, set()):
                continue
            assert line in new_text, (path.name, tool, line)
