# ruff: noqa: E501  (the case table reads best one case a line)
"""A corpus of broken and odd catalogs, shared by the validator, CLI and UI tests.

Each case builds a catalog folder and says what `mlseg-tui validate` must answer: its
exit code and the `FILE:LINE` (relative to the catalog) and words of one problem it prints.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

SEGMENT_IDS = ("hand-holding", "narrow", "middle", "other")
SEGMENTS = "\n".join(
    f'[[segments]]\nid = "{sid}"\ntitle = "{sid.title()}"\ndefinition = "Why {sid}."\n'
    for sid in SEGMENT_IDS
)


def tool(name: str, segment: str = "narrow", extra: str = "") -> str:
    return f'[[tools]]\nname = "{name}"\nsegment = "{segment}"\nreasoning = "Because."\n{extra}'


# Two valid tools every case starts from, so "opens with the valid tools" can be checked.
BASE = {"tools/good-one.toml": tool("Good One", "hand-holding"), "tools/good-two.toml": tool("Good Two", "other")}  # fmt: skip


@dataclass(frozen=True)
class Case:
    name: str
    build: Callable[[Path], None]
    exit_code: int  # of `mlseg-tui validate`
    where: str  # "FILE:LINE" relative to the catalog root, or "" for none
    words: str  # part of the problem message
    opens: bool = True  # whether the browser can open (False: it refuses)


def files(
    mapping: dict[str, str | bytes], *, segments: str | None = SEGMENTS, base: bool = True
) -> Callable[[Path], None]:
    def build(root: Path) -> None:
        root.mkdir(parents=True, exist_ok=True)
        everything: dict[str, str | bytes] = {**(BASE if base else {}), **mapping}
        if segments is not None:
            everything["segments.toml"] = segments
        for relative, content in everything.items():
            path = root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8", newline="")

    return build


def _symlink_loop(root: Path) -> None:
    files({})(root)
    os.symlink(root / "tools" / "b.toml", root / "tools" / "a.toml")
    os.symlink(root / "tools" / "a.toml", root / "tools" / "b.toml")
    os.symlink(root, root / "tools" / "loop")


def _toml_folder(root: Path) -> None:
    files({})(root)
    (root / "tools" / "folder.toml").mkdir()


def _big_file(root: Path) -> None:
    body = "".join(tool(f"Bulk {i:05d}", SEGMENT_IDS[i % 4]) + "\n" for i in range(20_000))
    files({"bulk.toml": body})(root)
    assert (root / "bulk.toml").stat().st_size > 1_000_000


def _deep_folders(root: Path) -> None:
    files({})(root)
    deep = root / "tools" / "/".join(["d"] * 150)
    deep.mkdir(parents=True)
    (deep / "deep.toml").write_text(tool("Deep"), encoding="utf-8")


def _fifo(relative: str) -> Callable[[Path], None]:
    def build(root: Path) -> None:
        files({})(root)
        target = root / relative
        target.unlink(missing_ok=True)
        os.mkfifo(target)  # opened for reading, a FIFO blocks until a writer comes

    return build


def _link_to(relative: str, target: str) -> Callable[[Path], None]:
    def build(root: Path) -> None:
        files({})(root)
        (root / relative).unlink(missing_ok=True)
        os.symlink(target, root / relative)  # /dev/zero never ends

    return build


def _tools_folder_outside(root: Path) -> None:
    outside = root.parent / "elsewhere"
    files({"x.toml": tool("Outside")}, segments=None, base=False)(outside)
    files({})(root)
    os.symlink(outside, root / "linked-tools", target_is_directory=True)


def _tools_folder_inside(root: Path) -> None:
    files({".real/x.toml": tool("Inside")})(root)
    os.symlink(root / ".real", root / "more-tools", target_is_directory=True)


def _c1_file_name(root: Path) -> None:
    files({})(root)
    # Not UTF-8: os.fsdecode makes these bytes surrogates, which a stream writing with
    # surrogateescape turns back into raw C1 controls (CSI, OSC, ST).
    name = os.path.join(os.fsencode(root / "tools"), b"\x9b2J\x9dx\x9c.toml")
    with open(name, "w", encoding="utf-8") as file:
        file.write(tool("C1", extra="colour = 1\n"))


DEEP_WHERE = "tools/" + "/".join(["d"] * 99) + ":1"

CASES = [
    Case("unclosed string", files({"tools/x.toml": '[[tools]]\nname = "X\nsegment = "narrow"\n'}),
         1, "tools/x.toml:2", "malformed TOML"),
    Case("bad table header", files({"tools/x.toml": "[[tools]\nname = 'X'\n"}),
         1, "tools/x.toml:1", "malformed TOML"),
    Case("duplicate key", files({"tools/x.toml": tool("X") + 'name = "Y"\n'}),
         1, "tools/x.toml:5", "malformed TOML"),
    Case("merge conflict", files({"tools/x.toml": "<<<<<<< HEAD\n" + tool("X") + "=======\n"
                                  + tool("X", "other") + ">>>>>>> theirs\n"}),
         1, "tools/x.toml:1", "merge conflict"),
    Case("segment is a number", files({"tools/x.toml": '[[tools]]\nname = "X"\nsegment = 3\nreasoning = "r"\n'}),
         1, "tools/x.toml:3", "`segment` must be a string"),
    Case("aliases is a string", files({"tools/x.toml": tool("X", extra='aliases = "x"\n')}),
         1, "tools/x.toml:5", "`aliases` must be an array of strings"),
    Case("tentative is a string", files({"tools/x.toml": tool("X", extra='tentative = "yes"\n')}),
         1, "tools/x.toml:5", "`tentative` must be true or false"),
    Case("history date is wrong", files({"tools/x.toml": tool("X", extra='[[tools.history]]\ndate = "soon"\nfrom = "a"\nto = "b"\n')}),
         1, "tools/x.toml:6", "history `date` must be a date"),
    Case("missing name", files({"tools/x.toml": '[[tools]]\nsegment = "narrow"\nreasoning = "r"\n'}),
         1, "tools/x.toml:1", "missing the required field `name`"),
    Case("missing segment", files({"tools/x.toml": '[[tools]]\nname = "X"\nreasoning = "r"\n'}),
         1, "tools/x.toml:1", "missing the required field `segment`"),
    Case("missing reasoning", files({"tools/x.toml": '[[tools]]\nname = "X"\nsegment = "narrow"\n'}),
         1, "tools/x.toml:1", "missing the required field `reasoning`"),
    Case("empty name", files({"tools/x.toml": tool("  ")}),
         1, "tools/x.toml:2", "`name` must not be empty"),
    Case("unknown segment id", files({"tools/x.toml": tool("X", "sideways")}),
         1, "tools/x.toml:3", "unknown segment id 'sideways'"),
    Case("tools is not an array of tables", files({"tools/x.toml": 'tools = "X"\n'}),
         1, "tools/x.toml:1", "`tools` must be an array"),
    Case("duplicate names in two files", files({"tools/x.toml": tool("Twin"), "tools/y.toml": tool("Twin")}),
         1, "tools/y.toml:1", "'Twin' is already used by 'Twin'"),
    Case("names differing only in case", files({"tools/x.toml": tool("Airflow"), "tools/y.toml": tool("AIRFLOW")}),
         1, "tools/y.toml:1", "'AIRFLOW' is already used by 'Airflow'"),
    Case("alias equal to another tool's name", files({"tools/x.toml": tool("Spark"), "tools/y.toml": tool("Databricks", extra='aliases = ["SPARK"]\n')}),
         1, "tools/y.toml:1", "'SPARK' is already used by 'Spark'"),
    Case("missing segments.toml", files({"tools/x.toml": tool("X")}, segments=None),
         1, "segments.toml:1", "missing segments.toml", opens=False),
    Case("broken segments.toml", files({}, segments='[[segments]\nid = "narrow"\n'),
         1, "segments.toml:1", "malformed TOML", opens=False),
    Case("segments.toml lacks a tool's segment", files({}, segments=SEGMENTS.split("[[segments]]\nid = \"other\"")[0]),
         1, "tools/good-two.toml:3", "unknown segment id 'other'"),
    Case("bad segment id in segments.toml", files({}, segments=SEGMENTS.replace('"middle"', '"Mid dle"')),
         1, "segments.toml:11", "segment id 'Mid dle' must be lowercase letters", opens=False),
    Case("segment with no tools", files({"tools/good-two.toml": tool("Good Two", "narrow")}),
         0, "", ""),
    Case("empty folder", files({}, segments=None, base=False),
         1, "segments.toml:1", "missing segments.toml", opens=False),
    Case("no tools at all", files({}, base=False),
         1, ":1", "the catalog holds no tools"),
    Case("UTF-8 BOM", files({"tools/x.toml": b"\xef\xbb\xbf" + tool("X").encode()}),
         0, "tools/x.toml:1", "byte-order mark"),
    Case("Latin-1 bytes", files({"tools/x.toml": tool("Caf\u00e9").encode("latin-1")}),
         1, "tools/x.toml:2", "not UTF-8 text"),
    Case("NUL byte", files({"tools/x.toml": tool("X").encode() + b"# \x00\n"}),
         1, "tools/x.toml:5", "NUL byte"),
    Case("CRLF line endings", files({"tools/x.toml": tool("X", extra="aliases = ['ex']\n").replace("\n", "\r\n")}),
         0, "", ""),
    Case("file over a megabyte", _big_file, 0, "", ""),
    Case("10,000-character reasoning", files({"tools/x.toml": tool("X").replace("Because.", "why " * 2500)}),
         0, "", ""),
    Case("symlink loop", _symlink_loop, 1, "tools/a.toml:1", "not a regular file"),
    Case("a .toml that is a folder", _toml_folder, 0, "tools/folder.toml:1", "folder named .toml"),
    Case("non-TOML files beside the catalog", files({"README.md": "# notes\n", "tools/x.json": "{}", "tools/.x.toml.tmp": "junk"}),
         0, "", ""),
    Case("unknown field", files({"tools/x.toml": tool("X", extra="colour = 'red'\n")}),
         0, "tools/x.toml:5", "unknown field `colour`"),
    Case("markup and escapes in names", files({"tools/x.toml": tool("[bold]x[/]", extra='aliases = ["\\u001b[2J", "[link=http://a]b"]\n')}),
         0, "", ""),
    Case("empty alias", files({"tools/x.toml": tool("X", extra='aliases = [""]\n')}),
         1, "tools/x.toml:5", "an alias must not be empty"),
    Case("essay is not a table", files({"tools/x.toml": tool("X", extra='essay = "2020"\n')}),
         1, "tools/x.toml:5", "`essay` must be a table"),
    Case("history is not an array of tables", files({"tools/x.toml": tool("X", extra="history = 1\n")}),
         1, "tools/x.toml:5", "`history` must be an array of tables"),
    Case("top-level key beside tools", files({"tools/x.toml": 'title = "mine"\n' + tool("X")}),
         0, "tools/x.toml:1", "unknown top-level key `title`"),
    Case("a tool file with no tools", files({"tools/x.toml": "# nothing yet\n"}),
         0, "tools/x.toml:1", "holds no [[tools]] tables"),
    Case("open_source is a number", files({"tools/x.toml": tool("X", extra="open_source = 1\n")}),
         1, "tools/x.toml:5", "`open_source` must be true or false"),
    Case("arrays nested 5000 deep", files({"tools/x.toml": tool("X", extra="tags = " + "[" * 5000 + "]" * 5000 + "\n")}),
         1, "tools/x.toml:1", "malformed TOML: nested too deeply"),
    Case("inline tables nested 3000 deep in segments.toml", files({}, segments=SEGMENTS + "x = " + "{a=" * 3000 + "1" + "}" * 3000 + "\n"),
         1, "segments.toml:1", "malformed TOML: nested too deeply", opens=False),
    Case("an integer of 5000 digits", files({"tools/x.toml": tool("X", extra="n = 1" + "0" * 5000 + "\n")}),
         1, "tools/x.toml:1", "malformed TOML: Exceeds the limit"),
    Case("folders nested 150 deep", _deep_folders, 1, DEEP_WHERE, "folder nested over 100 deep; skipped"),
    Case("a tool name of 100,000 characters", files({"tools/x.toml": tool("N" * 100_000)}), 0, "", ""),
    # Issue 11: non-regular files are checked before a byte is read (items 5, 8, 13).
    Case("segments.toml is a FIFO", _fifo("segments.toml"),
         1, "segments.toml:1", "not a regular file: it is a FIFO", opens=False),
    Case("segments.toml links to /dev/zero", _link_to("segments.toml", "/dev/zero"),
         1, "segments.toml:1", "not a regular file: it is a device", opens=False),
    Case("a tool file is a FIFO", _fifo("tools/fifo.toml"),
         1, "tools/fifo.toml:1", "not a regular file"),
    Case("a tool file links to /dev/zero", _link_to("tools/zero.toml", "/dev/zero"),
         1, "tools/zero.toml:1", "not a regular file"),
    Case("a linked folder outside the catalog", _tools_folder_outside,
         0, "linked-tools:1", "a link to a folder outside the catalog is skipped"),
    Case("a linked folder inside the catalog", _tools_folder_inside, 0, "", ""),
    Case("[[tools]] inside segments.toml", files({}, segments=SEGMENTS + "\n" + tool("Lost")),
         0, "segments.toml:21", "[[tools]] in segments.toml are ignored"),
    Case("a file name of raw C1 bytes", _c1_file_name,
         0, "tools/\\x9b2J\\x9dx\\x9c.toml:5", "unknown field `colour`"),
    Case("a hostile file name", files({"tools/\x1b]0;x\x07 [b]\u202e.toml": tool("X", extra="colour = 1\n")}),
         0, "tools/␛]0;x\\x07 [b]\\u202e.toml:5", "unknown field `colour`"),  # shown visibly
]  # fmt: skip


def snapshot_bytes(root: Path) -> dict[str, bytes | None]:
    """Every file under `root` (not following links) with its bytes, to prove nothing changed."""
    found: dict[str, bytes | None] = {}
    for folder, dirnames, filenames in os.walk(root, followlinks=False):
        for name in [*filenames, *dirnames]:
            path = Path(folder) / name
            relative = str(path.relative_to(root))
            if path.is_symlink():
                found[relative] = os.readlink(path).encode()
            elif path.is_file():
                found[relative] = path.read_bytes()
            else:
                found[relative] = None
    return found


# ---------------------------------------------------------------------------- hostile text
#
# Tool text that fights the terminal: markup Rich or Textual would interpret, escape
# sequences (clear screen, OSC 52 clipboard write, OSC 8 hyperlink), other controls,
# zero-width and bidi characters, wide CJK and emoji. All must show literally.

HOSTILE_NAMES = (
    "[bold]x[/]",
    "[/]",
    "[link=http://evil.example]click[/link]",
    "[$accent]accent",
    "array[int]",
    "\x1b[2Jclear",
    "\x1b]52;c;aGVsbG8=\x07clip",
    "\x1b]8;;http://e.example\x07link\x1b]8;;\x07",
    "bell\x07 tab\t cr\r lf\n nul\x00",
    "zero\u200bwidth \u202eRTL\u202c \u2067iso\u2069",
    "漢字ツール",
    "emoji 🚀🤖",
    "c1\x9b31m del\x7f",
)
HOSTILE_ALIASES = ("[i]alias[/i]", "\x1b[5mblink")
HOSTILE_REASONING = "[$accent]why[/] \x1b[31mred\x1b[0m [link=x]l[/link] 漢字 \u202eevil\n2nd line"
HOSTILE_TITLE = "Narrow \x1b[31m[red]red[/red]\x9b2J\u202e"
# What must never reach a terminal raw: every C0 control but the newline, DEL, C1,
# zero-width and bidi controls, the BOM. (mlseg_tui.domain.text shows them visibly instead.)
RAW_CONTROL = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]"
)


def toml_string(value: str) -> str:
    """`value` as a TOML basic string, written independently of mlseg_tui.store.save."""
    # JSON escapes C0 controls, quotes and backslashes as TOML does; TOML also wants DEL
    # escaped, and \\uXXXX escapes of astral characters (surrogates) are not TOML.
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


def hostile_tool(name: str, segment: str, aliases: tuple[str, ...] = ()) -> str:
    return (
        f"[[tools]]\nname = {toml_string(name)}\nsegment = {toml_string(segment)}\n"
        f"reasoning = {toml_string(HOSTILE_REASONING)}\n"
        f"aliases = [{', '.join(toml_string(alias) for alias in aliases)}]\n"
        f"description = {toml_string('desc ' + name)}\n"
    )


def build_hostile_catalog(root: Path) -> dict[str, str]:
    """A valid catalog holding every hostile name (one file each) and a hostile segment
    title; returns each file's name (relative to `root`) -> the tool name in it."""
    segments = SEGMENTS.replace('title = "Narrow"', f"title = {toml_string(HOSTILE_TITLE)}")
    mapping: dict[str, str | bytes] = {"tools/plain.toml": tool("Plain Tool", "middle")}
    names = {"tools/plain.toml": "Plain Tool"}
    for number, name in enumerate(HOSTILE_NAMES):
        relative = f"tools/hostile-{number:02d}.toml"
        aliases = HOSTILE_ALIASES if number == 0 else ()
        mapping[relative] = hostile_tool(name, SEGMENT_IDS[number % 4], aliases)
        names[relative] = name
    files(mapping, segments=segments, base=False)(root)
    return names
