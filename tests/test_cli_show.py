"""`mlseg-tui show TOOL` (review finding 14): one tool's detail as text or JSON: segment,
reasoning, criteria answers with score and suggestion, facts and last moves; an unknown
name suggests the closest ones."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from mlseg_tui.catalog.locate import bundled_path
from mlseg_tui.cli.commands import main

BUNDLED = bundled_path("catalog")


@pytest.fixture(autouse=True)
def _no_load_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MLSEG_NO_CACHE", "1")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MLSEG_CATALOG", str(tmp_path / "not-this-catalog"))


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return Path(shutil.copytree(BUNDLED, tmp_path / "catalog"))


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_show_prints_the_why_the_criteria_and_the_facts(root: Path) -> None:
    code, out, err = run("show", "sagemaker", "--catalog", str(root))  # an alias, any case
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "Amazon SageMaker"
    assert lines[1] == "Segment: Hand-holding (Heavy end of the scale)"
    assert "Why Amazon SageMaker is here" in lines
    assert any(line.startswith("SageMaker is one of the two examples") for line in lines)
    assert "Score: 0.88 (0 light .. 1 heavy), suggests Hand-holding" in lines
    for answer in (
        "infrastructure: managed",
        "lifecycle:      experiment, train, deploy, serve, monitor",
        "openness:       closed",
    ):
        assert f"  {answer}" in lines
    for fact in (
        "Homepage: https://aws.amazon.com/sagemaker/",
        "Licence: proprietary",
        "SDK licence: Apache-2.0",
        "Status: active",
        "  https://github.com/aws/sagemaker-python-sdk",
    ):
        assert fact in lines
    assert any(line.startswith("  2024-12-03  renamed: AWS renamed") for line in lines)
    assert "Last moves: none saved" in lines
    assert lines[-1] == "File: tools/amazon-sagemaker.toml"


def test_show_lists_the_last_moves_after_a_move(root: Path) -> None:
    reason = "now\x1b[31m red"
    code, _, err = run("move", "Grafana", "middle", "--reason", reason, "--catalog", str(root))
    assert code == 0, err
    code, out, err = run("show", "grafana", "--catalog", str(root))
    assert code == 0, err
    lines = out.splitlines()
    assert lines[1].startswith("Segment: Middle of the road")
    at = lines.index("Last moves (newest first)")
    assert lines[at + 1].endswith("  Narrow -> Middle of the road")
    # The reason is user text: shown, never acting on the terminal.
    assert lines[at + 2].startswith("    reason: now")
    assert "\x1b" not in out
    # Grafana's answers suggest Narrow: the disagreement is said plainly.
    assert any(line.startswith("Disagreement: placed in Middle of the road") for line in lines)


def test_show_says_none_for_an_empty_answer_and_not_answered_for_a_missing_one(
    root: Path,
) -> None:
    code, out, _ = run("show", "Halide", "--catalog", str(root))
    assert code == 0
    assert "  lifecycle:      none" in out.splitlines()
    file = root / "tools" / "halide.toml"
    text = file.read_text(encoding="utf-8")
    file.write_text(text.replace('growth = "community"\n', ""), encoding="utf-8")
    code, out, _ = run("show", "Halide", "--catalog", str(root))
    assert code == 0
    lines = out.splitlines()
    assert "  growth:         (not answered)" in lines
    assert "Score: none (not answered: growth)" in lines


def test_show_json_has_every_field_and_the_assessment(root: Path) -> None:
    code, out, err = run("show", "Grafana", "--format", "json", "--catalog", str(root))
    assert code == 0, err
    record = json.loads(out)
    assert record["name"] == "Grafana"
    assert record["segment"] == "narrow"
    assert record["segment_title"] == "Narrow"
    assert record["criteria"]["infrastructure"] == ["self-hosted"]
    assert record["criteria"]["lifecycle"] == ["monitor"]
    assert record["assessment"]["suggests"] == "narrow"
    assert record["assessment"]["disagrees"] is False
    assert isinstance(record["assessment"]["score"], float)
    assert record["assessment"]["not_answered"] == []
    assert record["homepage"] == "https://grafana.com"
    assert record["sources"] and record["reviewed"] == "2026-12-05"


def test_show_an_unknown_name_suggests_the_closest(root: Path) -> None:
    code, out, err = run("show", "Sagemakr", "--catalog", str(root))
    assert code == 1
    assert out == ""
    assert "no tool named 'Sagemakr'" in err
    assert "did you mean Amazon SageMaker?" in err


def test_show_on_a_catalog_with_errors_prints_then_exits_1(root: Path) -> None:
    (root / "tools" / "jenkins.toml").write_text('[[tools]]\nname = "Jenkins\n', encoding="utf-8")
    code, out, err = run("show", "Grafana", "--catalog", str(root))
    assert code == 1
    assert out.startswith("Grafana\n")
    assert "jenkins.toml:2:" in err
    assert "only its valid tools were used" in err
