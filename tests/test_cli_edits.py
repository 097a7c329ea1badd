"""`mlseg-tui add`, `edit` and `remove` (issue 13): the same path as the browser, what
they print, and refusals that name the tool, the field and the problem with nothing on
disk changed."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import tomli
from click.testing import CliRunner

from mlseg_tui.cli import edit_commands
from mlseg_tui.cli.commands import main
from tests.corpus import SEGMENTS

AIRFLOW = """\
# Apache Airflow, as the essay listed it.

[[tools]]
name = "Apache Airflow"
segment = "narrow"   # light end
reasoning = "Schedules DAGs and stops there."
aliases = ["Airflow"]
"""
MANY = """\
# Two tools in one file.

[[tools]]
name = "Alpha"
segment = "narrow"
reasoning = "A."

[[tools]]
name = "Beta"
segment = "other"
reasoning = "B."
"""


@pytest.fixture(autouse=True)
def _no_load_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLSEG_NO_CACHE", "1")


def make(root: Path, files: dict[str, str]) -> Path:
    (root / "tools").mkdir(parents=True)
    (root / "segments.toml").write_text(SEGMENTS, encoding="utf-8")
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return make(tmp_path / "catalog", {"tools/airflow.toml": AIRFLOW})


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def run(root: Path, *args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [*args, "--catalog", str(root)], input=stdin)
    return result.exit_code, result.stdout, result.stderr


def listed(root: Path) -> list[dict[str, object]]:
    code, out, _ = run(root, "list", "--format", "json")
    assert code == 0
    return json.loads(out)


def test_add_creates_a_file_of_its_own_in_the_bundled_layout(root: Path) -> None:
    code, out, err = run(
        root, "add", "Feast", "--segment", "Narrow", "--reasoning", "Serves features.",
        "--alias", "feast-dev", "--tag", "features", "--homepage", "https://feast.dev",
        "--license", "Apache-2.0",
    )  # fmt: skip

    assert (code, err) == (0, "")
    assert out == "Added Feast to Narrow: created tools/feast.toml\n"
    assert (root / "tools" / "feast.toml").read_text(encoding="utf-8") == (
        '# Catalog entry for Feast.\n\n[[tools]]\nname = "Feast"\nsegment = "narrow"\n'
        'reasoning = "Serves features."\naliases = ["feast-dev"]\ntentative = false\n'
        'homepage = "https://feast.dev"\nlicense = "Apache-2.0"\ntags = ["features"]\n'
    )


def test_add_appends_to_the_file_holding_most_tools_or_to_file(tmp_path: Path) -> None:
    root = make(tmp_path / "c", {"tools/many.toml": MANY, "tools/solo.toml": AIRFLOW})
    before = (root / "tools" / "many.toml").read_text(encoding="utf-8")

    code, out, _ = run(root, "add", "Gamma", "--segment", "middle", "--reasoning", "G.")

    assert code == 0 and out == "Added Gamma to Middle: wrote tools/many.toml\n"
    assert (root / "tools" / "many.toml").read_text(encoding="utf-8") == before + (
        '\n[[tools]]\nname = "Gamma"\nsegment = "middle"\nreasoning = "G."\ntentative = false\n'
    )
    code, out, _ = run(root, "add", "Delta", "--segment", "other", "--reasoning", "D.",
                       "--file", "more/new.toml")  # fmt: skip
    assert code == 0 and out == "Added Delta to Other: created more/new.toml\n"
    assert [tool["name"] for tool in listed(root) if tool["file"].endswith("new.toml")] == ["Delta"]


@pytest.mark.parametrize(
    ("args", "field", "words"),
    [
        (["--segment", "sideways"], "segment", "unknown segment 'sideways'"),
        (["--reasoning", "  "], "reasoning", "must not be empty"),
        (["--homepage", "htp:/feast"], "homepage", "is not an http(s) URL"),
        (["--license", "GPL-2.0"], "license", "deprecated SPDX id; use GPL-2.0-only"),
        (["--license", "Apache 2"], "license", "not a current SPDX license id"),
        (["--alias", "airflow"], "aliases", "already used by 'Apache Airflow'"),
        (["--status", "archived"], "status", "needs a dated event"),
        (["--vendor", "ACME\x1b[2J"], "vendor", "U+001B"),
        (["--file", "../outside.toml"], "file", "not inside the catalog folder"),
        (["--file", "segments.toml"], "file", "holds the segments"),
    ],
)
def test_add_refuses_bad_values_naming_tool_field_and_problem(
    root: Path, args: list[str], field: str, words: str
) -> None:
    before = snapshot(root)
    base = {"--segment": "narrow", "--reasoning": "Why."}
    for flag, value in zip(args[::2], args[1::2], strict=True):
        base[flag] = value
    flat = [part for pair in base.items() for part in pair if pair[0] in base]
    code, out, err = run(root, "add", "Feast", *flat)

    assert code == 1 and out == ""
    assert f"Feast: {field}: " in err and words in err, err
    assert "Feast was not added; nothing was written" in err
    assert "\x1b" not in err
    assert snapshot(root) == before


def test_add_refuses_a_taken_name_in_any_case(root: Path) -> None:
    before = snapshot(root)
    code, _, err = run(root, "add", "AIRFLOW", "--segment", "narrow", "--reasoning", "x")
    assert code == 1 and "AIRFLOW: name: 'AIRFLOW' is already an alias of 'Apache Airflow'" in err
    assert snapshot(root) == before


def test_edit_rename_reasoning_tags_and_set_write_only_their_lines(root: Path) -> None:
    code, out, err = run(
        root, "edit", "airflow", "--reasoning", "Orchestrates data pipelines.",
        "--rename", "Airflow 3", "--set", "homepage=https://airflow.apache.org",
        "--add-tag", "orchestration", "--set", "tentative=true",
    )  # fmt: skip

    assert (code, err) == (0, "")
    assert out == (
        "Edited Airflow 3 (renamed from Apache Airflow, kept as an alias): name, reasoning, "
        "aliases, tentative, homepage, tags; wrote tools/airflow.toml\n"
    )
    text = (root / "tools" / "airflow.toml").read_text(encoding="utf-8")
    assert text.startswith(
        '# Apache Airflow, as the essay listed it.\n\n[[tools]]\nname = "Airflow 3"\n'
        'segment = "narrow"   # light end\nreasoning = "Orchestrates data pipelines."\n'
        'aliases = ["Airflow", "Apache Airflow"]\ntentative = true\n'
        'homepage = "https://airflow.apache.org"\ntags = ["orchestration"]\n\n[[tools.history]]\n'
    )
    entry = tomli.loads(text)["tools"][0]["history"][0]
    assert (entry["from"], entry["to"], entry["renamed_from"]) == (
        "narrow",
        "narrow",
        "Apache Airflow",
    )
    assert entry["previous_reasoning"] == "Schedules DAGs and stops there."


def test_edit_set_segment_is_a_move_and_unset_drops_the_line(root: Path) -> None:
    run(root, "edit", "Airflow", "--set", "homepage=https://a.example")
    code, out, _ = run(root, "edit", "Airflow", "--set", "segment=MIDDLE",
                       "--unset", "homepage")  # fmt: skip

    assert code == 0 and out.startswith("Edited Apache Airflow: segment, homepage; wrote")
    table = tomli.loads((root / "tools" / "airflow.toml").read_text(encoding="utf-8"))["tools"][0]
    assert table["segment"] == "middle" and "homepage" not in table
    assert [(e["from"], e["to"]) for e in table["history"]] == [("narrow", "middle")]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--set", "homepage=nope"], "Apache Airflow: homepage: 'nope' is not an http(s) URL"),
        (["--unset", "reasoning"], "Apache Airflow: reasoning: is required and cannot be unset"),
        (["--remove-tag", "gone"], "Apache Airflow: tags: 'Apache Airflow' has no tag 'gone'"),
        (["--rename", "x\ty"], "Apache Airflow: name: holds U+0009 (tab)"),
        (["--set", "wings=2"], "Apache Airflow: wings: 'wings=2' is not FIELD=VALUE with FIELD"),
        (["--set", "tentative=maybe"], "Apache Airflow: tentative: 'maybe' is not true or false"),
        ([], "Apache Airflow: nothing to change"),
    ],
)
def test_edit_refusals_change_nothing(root: Path, args: list[str], words: str) -> None:
    before = snapshot(root)
    code, _, err = run(root, "edit", "Airflow", *args)
    assert code == 1 and words in err, err
    assert snapshot(root) == before


def test_edit_of_an_unknown_tool_names_it(root: Path) -> None:
    code, _, err = run(root, "edit", "Nope", "--reasoning", "x")
    assert code == 1 and "no tool named 'Nope'" in err


def test_text_typed_is_data_and_reads_back_exactly(root: Path) -> None:
    reason = (
        'Line one\n\twith """ triple, \'single\', back\\slash, [bold]x[/]\n[[tools]]\nname = "y"'
    )
    code, _, err = run(root, "edit", "Airflow", "--reasoning", reason)
    assert code == 0, err
    [tool] = listed(root)
    assert tool["reasoning"] == reason and tool["name"] == "Apache Airflow"
    assert len(tomli.loads((root / "tools" / "airflow.toml").read_text())["tools"]) == 1


def test_remove_asks_on_a_terminal_and_refuses_without_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make(tmp_path / "c", {"tools/many.toml": MANY, "tools/airflow.toml": AIRFLOW})
    before = snapshot(root)
    code, _, err = run(root, "remove", "Alpha")  # CliRunner's stdin is not a terminal
    assert code == 1 and "not removing Alpha without --yes" in err
    assert snapshot(root) == before

    monkeypatch.setattr(edit_commands, "stdin_is_terminal", lambda: True)
    code, out, err = run(root, "remove", "Alpha", stdin="n\n")
    assert code == 1 and "Alpha was not removed" in err and snapshot(root) == before
    code, out, _ = run(root, "remove", "Alpha", stdin="y\n")
    assert code == 0 and "Removed Alpha: its table left tools/many.toml" in out
    assert (root / "tools" / "many.toml").read_text(encoding="utf-8") == (
        '# Two tools in one file.\n\n[[tools]]\nname = "Beta"\nsegment = "other"\n'
        'reasoning = "B."\n'
    )


def test_remove_yes_deletes_a_file_left_with_nothing_else(root: Path) -> None:
    code, out, _ = run(root, "remove", "airflow", "--yes")
    assert code == 0 and out == "Removed Apache Airflow: deleted tools/airflow.toml\n"
    assert not (root / "tools" / "airflow.toml").exists()
    assert not any(name.startswith(".") for name in os.listdir(root / "tools"))
