"""Answering the criteria from the CLI (review finding 8): `edit TOOL --set
criteria.ID=VALUES`, `--unset criteria.ID` and `add ... --set criteria.ID=VALUES`, values
checked against segments.toml's criteria; a save writes only the changed answers' lines."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from mlseg_tui.catalog.load import load_catalog
from mlseg_tui.catalog.locate import bundled_path
from mlseg_tui.cli.commands import main

BUNDLED = bundled_path("catalog")
AIRFLOW = Path("tools") / "apache-airflow.toml"


@pytest.fixture(autouse=True)
def _no_load_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MLSEG_NO_CACHE", "1")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MLSEG_CATALOG", str(tmp_path / "not-this-catalog"))


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return Path(shutil.copytree(BUNDLED, tmp_path / "catalog"))


def run(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [*args, "--catalog", str(root)])
    return result.exit_code, result.stdout, result.stderr


def changed_lines(before: str, after: str) -> list[str]:
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    return [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]


def answers(root: Path, name: str) -> dict[str, tuple[str, ...]]:
    result = load_catalog(root, use_cache=False)
    assert result.ok, result.problems
    assert result.catalog is not None
    tool = result.catalog.find(name)
    assert tool is not None
    return dict(tool.criteria)


def test_edit_set_criteria_writes_only_the_changed_line(root: Path) -> None:
    before = (root / AIRFLOW).read_text(encoding="utf-8")
    code, out, err = run(root, "edit", "Airflow", "--set", "criteria.lifecycle=data,train")
    assert code == 0, err
    assert out.startswith("Edited Apache Airflow: criteria;")
    after = (root / AIRFLOW).read_text(encoding="utf-8")
    assert changed_lines(before, after) == [
        '-lifecycle = ["data"]',
        '+lifecycle = ["data", "train"]',
    ]
    assert answers(root, "Airflow")["lifecycle"] == ("data", "train")


def test_edit_a_single_valued_criterion_and_unset_one(root: Path) -> None:
    before = (root / AIRFLOW).read_text(encoding="utf-8")
    code, _, err = run(
        root, "edit", "Airflow", "--set", "criteria.growth=both", "--unset", "criteria.openness"
    )
    assert code == 0, err
    after = (root / AIRFLOW).read_text(encoding="utf-8")
    assert changed_lines(before, after) == [
        '-openness = "open-source"',
        '-growth = "community"',
        '+growth = "both"',
    ]
    got = answers(root, "Airflow")
    assert got["growth"] == ("both",) and "openness" not in got
    # Answering it again puts its line back after the others.
    code, _, err = run(root, "edit", "Airflow", "--set", "criteria.openness=open-core")
    assert code == 0, err
    assert answers(root, "Airflow")["openness"] == ("open-core",)


@pytest.mark.parametrize(
    ("setting", "said"),
    [
        (
            "criteria.lifecycle=dta,train",
            "criteria.lifecycle: 'dta' not allowed; choose from data, experiment, train, "
            "track, package, deploy, serve, monitor",
        ),
        (
            "criteria.growth=both,community",
            "criteria.growth: takes exactly one of enterprise, both, community",
        ),
        ("criteria.growth=", "criteria.growth: takes exactly one of enterprise, both, community"),
        (
            "criteria.colour=red",
            "criteria.colour: no criterion 'colour' (the catalog's criteria: infrastructure, "
            "lifecycle, flexibility, openness, growth)",
        ),
    ],
)
def test_a_bad_answer_names_the_criterion_and_the_allowed_values(
    root: Path, setting: str, said: str
) -> None:
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    code, _, err = run(root, "edit", "Airflow", "--set", setting)
    assert code == 1
    assert f"Apache Airflow: {said}" in err
    assert "nothing was written" in err
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before


def test_a_tool_without_criteria_gets_its_table(root: Path) -> None:
    path = root / AIRFLOW
    text = path.read_text(encoding="utf-8")
    start = text.index("[tools.criteria]")
    end = text.index("[[tools.sources]]")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    assert answers(root, "Airflow") == {}
    code, _, err = run(
        root, "edit", "Airflow", "--set", "criteria.lifecycle=data", "--set", "criteria.growth=both"
    )
    assert code == 0, err
    assert (
        path.read_text(encoding="utf-8")
        == text[:start]
        + ('[tools.criteria]\nlifecycle = ["data"]\ngrowth = "both"\n\n')
        + text[end:]
    )


def test_inline_criteria_are_edited_through_tomlkit(root: Path) -> None:
    path = root / AIRFLOW
    text = path.read_text(encoding="utf-8")
    start = text.index("[tools.criteria]")
    end = text.index("[[tools.sources]]")
    inline = (
        'criteria = { infrastructure = "self-hosted", lifecycle = ["data"], '
        'flexibility = "flexible", openness = "open-source", growth = "community" }\n\n'
    )
    at = text.index("[tools.essay]")
    path.write_text(text[:at] + inline + text[at:start] + text[end:], encoding="utf-8")
    assert answers(root, "Airflow")["lifecycle"] == ("data",)
    code, _, err = run(root, "edit", "Airflow", "--set", "criteria.lifecycle=data,deploy")
    assert code == 0, err
    assert answers(root, "Airflow")["lifecycle"] == ("data", "deploy")
    assert answers(root, "Airflow")["growth"] == ("community",)


def test_add_with_criteria_writes_them(root: Path) -> None:
    code, _, err = run(
        root, "add", "Zeta", "--segment", "narrow", "--reasoning", "One job.",
        "--set", "criteria.lifecycle=train,serve", "--set", "criteria.infrastructure=library",
    )  # fmt: skip
    assert code == 0, err
    got = answers(root, "Zeta")
    assert got == {"lifecycle": ("train", "serve"), "infrastructure": ("library",)}
    written = (root / "tools" / "zeta.toml").read_text(encoding="utf-8")
    assert written.count("[tools.criteria]") == 1


def test_add_refuses_a_bad_answer(root: Path) -> None:
    code, _, err = run(
        root, "add", "Zeta", "--segment", "narrow", "--reasoning", "One job.",
        "--set", "criteria.infrastructure=cloud",
    )  # fmt: skip
    assert code == 1
    assert "criteria.infrastructure: 'cloud' not allowed; choose from managed, self-hosted, " in err
    assert not (root / "tools" / "zeta.toml").exists()
