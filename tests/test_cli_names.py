"""Names typed on the command line (issue 12, point 14): a tool name that matches none gets
the closest names by the browser's own search, and a segment is its id or its title, any
case; and the group's --catalog counts for every command (point 16)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from mlseg_tui.catalog.load import load_catalog
from mlseg_tui.catalog.locate import bundled_path
from mlseg_tui.cli.commands import main
from mlseg_tui.cli.names import either

BUNDLED = bundled_path("catalog")
TITLES = 'hand-holding ("Hand-holding"), middle ("Middle of the road"), narrow ("Narrow"), '
TITLES += 'other ("Other")'


@pytest.fixture(autouse=True)
def _no_load_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MLSEG_NO_CACHE", "1")
    # Should a command ever miss the catalog it is given, it must fail, not change the
    # checkout's ./catalog or the user's own: neither is where it would look.
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MLSEG_CATALOG", str(tmp_path / "not-this-catalog"))


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return Path(shutil.copytree(BUNDLED, tmp_path / "catalog"))


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def segment_of(root: Path, name: str) -> str:
    catalog = load_catalog(root, use_cache=False).catalog
    assert catalog is not None
    tool = catalog.find(name)
    assert tool is not None
    return tool.segment


TOOL_COMMANDS = [
    ("move", "{name}", "narrow"),
    ("edit", "{name}", "--add-tag", "x"),
    ("remove", "{name}", "--yes"),
]


@pytest.mark.parametrize("command", TOOL_COMMANDS, ids=lambda c: c[0])
@pytest.mark.parametrize(
    ("typed", "suggested"),
    [
        ("Sagemakr", "Amazon SageMaker"),  # a typo of its name
        ("wandbb", "Weights & Biases"),  # a typo of an alias: aliases count
        ("Databrick", "Databricks"),
    ],
)
def test_an_unknown_tool_name_suggests_the_closest(
    root: Path, command: tuple[str, ...], typed: str, suggested: str
) -> None:
    before = tree(root)
    args = [arg.format(name=typed) for arg in command]
    code, out, err = run("--catalog", str(root), *args)
    assert code == 1 and out == ""
    assert err.strip() == (f"Error: no tool named {typed!r} in {root}; did you mean {suggested}?")
    assert tree(root) == before


@pytest.mark.parametrize("command", TOOL_COMMANDS, ids=lambda c: c[0])
def test_no_suggestion_when_nothing_is_close(root: Path, command: tuple[str, ...]) -> None:
    code, _, err = run("--catalog", str(root), *[arg.format(name="zzzq") for arg in command])
    assert code == 1
    assert err.strip() == f"Error: no tool named 'zzzq' in {root}"


def test_several_close_names_are_listed_best_first() -> None:
    assert either(["A"]) == "A"
    assert either(["A", "B"]) == "A or B"
    assert either(["A", "B", "C"]) == "A, B or C"


def test_a_name_with_spaces_around_it_is_found(root: Path) -> None:
    code, out, err = run("--catalog", str(root), "move", "  Kubeflow ", "other")
    assert code == 0, err
    assert out.startswith("Moved Kubeflow: middle -> other")


@pytest.mark.parametrize(
    ("typed", "segment"),
    [
        ("Narrow", "narrow"),
        ("middle of the road", "middle"),
        ("MIDDLE", "middle"),
        ("  Other ", "other"),
        ("Hand-Holding", "hand-holding"),
    ],
)
def test_move_takes_a_segment_id_or_title_in_any_case(root: Path, typed: str, segment: str) -> None:
    start = "other" if segment != "other" else "narrow"
    run("--catalog", str(root), "move", "Kedro", start)
    code, out, err = run("--catalog", str(root), "move", "Kedro", typed)
    assert code == 0, err
    assert segment_of(root, "Kedro") == segment
    assert f"-> {segment}" in out


def test_add_and_edit_take_a_segment_title(root: Path) -> None:
    code, _, err = run(
        "--catalog", str(root), "add", "Our Store", "--segment", " middle OF the road ",
        "--reasoning", "Ours.",
    )  # fmt: skip
    assert code == 0, err
    assert segment_of(root, "Our Store") == "middle"
    code, _, err = run("--catalog", str(root), "edit", "Our Store", "--set", "segment=NARROW")
    assert code == 0, err
    assert segment_of(root, "Our Store") == "narrow"


@pytest.mark.parametrize(
    "args",
    [
        ("move", "Kedro", "sideways"),
        ("add", "New", "--segment", "sideways", "--reasoning", "r"),
        ("edit", "Kedro", "--set", "segment=sideways"),
        ("list", "--segment", "sideways"),
    ],
    ids=lambda args: args[0],
)
def test_an_unknown_segment_lists_every_id_and_title(root: Path, args: tuple[str, ...]) -> None:
    before = tree(root)
    code, out, err = run("--catalog", str(root), *args)
    assert code in (1, 2) and out == ""
    assert f"unknown segment 'sideways'; choose an id or a title: {TITLES}" in err
    assert tree(root) == before


@pytest.mark.parametrize("segment", ["Narrow", "narrow", " NARROW "])
def test_list_takes_a_segment_title(segment: str) -> None:
    code, out, err = run("--catalog", str(BUNDLED), "list", "--segment", segment)
    assert code == 0, err
    rows = out.splitlines()[1:]
    assert rows and all("  Narrow  " in row or row.endswith("  Narrow") for row in rows)


GROUP_COMMANDS = [
    ("validate",),
    ("list",),
    ("export", "--format", "json"),
    ("review",),
    ("move", "Kedro", "narrow"),
    ("add", "New", "--segment", "narrow", "--reasoning", "r"),
    ("edit", "Kedro", "--add-tag", "x"),
    ("remove", "Kedro", "--yes"),
    ("import", "--format", "byor-csv", "{radar}"),
    ("serve",),
]


@pytest.mark.parametrize("args", GROUP_COMMANDS, ids=lambda args: args[0])
def test_every_command_honours_the_group_catalog(
    tmp_path: Path, args: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Were it ignored, the command would use $MLSEG_CATALOG (a valid one here) and succeed.
    monkeypatch.setenv("MLSEG_CATALOG", str(shutil.copytree(BUNDLED, tmp_path / "catalog")))
    # nor serve it for ever
    monkeypatch.setattr("textual_serve.server.Server.serve", lambda self: pytest.fail("served"))
    radar = tmp_path / "radar.csv"
    radar.write_text("name,ring,quadrant,isNew,description\nA,Narrow,Q,TRUE,ok\n")
    missing = tmp_path / "elsewhere"
    code, _, err = run("--catalog", str(missing), *[a.format(radar=radar) for a in args])
    assert code == 1
    assert f"{missing}: no such catalog folder" in err


def test_validate_checks_the_group_catalog(root: Path) -> None:
    (root / "tools" / "broken.toml").write_text('[[tools]]\nname = "Broken\n')
    code, out, err = run("--catalog", str(root), "validate")
    assert code == 1
    assert f"{root / 'tools' / 'broken.toml'}:2:" in out
    assert "1 error" in err


def test_the_same_catalog_twice_is_fine_two_are_refused(root: Path, tmp_path: Path) -> None:
    code, _, err = run("--catalog", str(root), "validate", "--catalog", str(root))
    assert code == 0, err
    code, _, err = run("--catalog", str(root), "validate", "--catalog", str(tmp_path))
    assert code == 2
    assert f"two catalogs given: {root} before the command and {tmp_path} after it" in err


@pytest.mark.parametrize(
    ("typed", "meant"), [("Narow", "narrow"), ("midle", "middle"), ("hand-holdng", "hand-holding")]
)
def test_a_mistyped_segment_gets_a_did_you_mean(root: Path, typed: str, meant: str) -> None:
    before = tree(root)
    code, _, err = run("--catalog", str(root), "move", "Amazon SageMaker", typed)
    assert code != 0 and f"(did you mean {meant}?)" in err, err
    assert tree(root) == before
    code, out, err = run("--catalog", str(root), "list", "--search", f"seg:{typed.lower()}")
    assert code != 0 and f"did you mean seg:{meant}?" in out + err, out + err


def test_no_segment_suggestion_when_nothing_is_close(root: Path) -> None:
    code, _, err = run("--catalog", str(root), "move", "Amazon SageMaker", "zzz")
    assert code != 0 and "unknown segment 'zzz'; choose an id or a title" in err
    assert "did you mean" not in err
