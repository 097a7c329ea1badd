"""`export --format essay` prints the 2020 essay's list exactly as posted, and
`--essay-only` hides the tools added since."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from mlseg_tui.cli.commands import main

BUNDLED = Path(__file__).resolve().parent.parent / "catalog"

# The essay's list as posted ("MLOps Segmentation", 2020-06-02), copied line by line.
ESSAY_LIST = [
    "Hand-holding:",
    "",
    " * Datarobot",
    " * Databricks",
    " * Sagemaker",
    " * Google AutoML",
    " * FBLearner",
    " * Domino",
    "",
    "Narrow tools/products:",
    "",
    " * Snowflake",
    " * Airflow",
    " * Grafana",
    " * TFServing",
    " * Jenkins",
    " * Kafka",
    " * Datadog",
    " * ONNX",
    " * Artifactory",
    " * RabbitMQ",
    " * (Octo.ml?)",
    " * (Tecton.ai?)",
    " * (Kubernetes maybe)",
    " * Spark(Databricks), TF, Pytorch, etc",
    "",
    "Middle of the road:",
    "",
    " * H20.ai",
    " * Algorithmia",
    " * Segment",
    " * Mlflow",
    " * Metaflow",
    " * BentoML",
    " * CortexML",
    " * GraphPipe",
    " * Weights and biases",
    " * Kubeflow pipelines",
    "",
    "Other:",
    "",
    " * GraphPipe",
    " * [Denzel](https://github.com/eliorc/denzel)",
    " * Clipper",
    " * Ray",
    " * TVM/Halide",
    " * [Kedro](https://kedro.readthedocs.io)",
]


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


def test_essay_export_is_the_essays_list_line_by_line(runner: CliRunner) -> None:
    result = runner.invoke(main, ["export", "--format", "essay", "--catalog", str(BUNDLED)])
    assert result.exit_code == 0, result.output
    printed = result.output.rstrip("\n").split("\n")
    assert len(printed) == len(ESSAY_LIST)
    for number, (got, want) in enumerate(zip(printed, ESSAY_LIST, strict=True), 1):
        assert got == want, f"line {number}"


def test_essay_export_keeps_the_essays_quirks(runner: CliRunner) -> None:
    printed = runner.invoke(main, ["export", "--format", "essay", "--catalog", str(BUNDLED)])
    lines = printed.output.split("\n")
    assert lines.count(" * GraphPipe") == 2
    for token in ("Sagemaker", "H20.ai", "CortexML", "(Octo.ml?)", "(Kubernetes maybe)",
                  "Spark(Databricks), TF, Pytorch, etc", "TVM/Halide",
                  "[Denzel](https://github.com/eliorc/denzel)",
                  "[Kedro](https://kedro.readthedocs.io)"):  # fmt: skip
        assert f" * {token}" in lines


def test_essay_export_refuses_disagreeing_positions(runner: CliRunner, tmp_path: Path) -> None:
    from tests.corpus import files, tool

    essay = '[tools.essay]\nlisted_as = ["{0}"]\nsegments = ["narrow"]\npositions = [1]\n'
    root = tmp_path / "catalog"
    files({"tools/a.toml": tool("A", extra=essay.format("A")),
           "tools/b.toml": tool("B", extra=essay.format("B"))}, base=False)(root)  # fmt: skip
    result = runner.invoke(main, ["export", "--format", "essay", "--catalog", str(root)])
    assert result.exit_code == 1
    assert "essay position 1" in result.output


def _added_later(root: Path) -> None:
    from tests.corpus import files, tool

    essay = '[tools.essay]\nlisted_as = ["Old"]\nsegments = ["narrow"]\npositions = [1]\n'
    files({"tools/old.toml": tool("Old", extra=essay), "tools/new.toml": tool("New")},
          base=False)(root)  # fmt: skip


@pytest.mark.parametrize(
    "command",
    [["list", "--format", "json"], ["export", "--format", "json"]],
    ids=["list", "export"],
)
def test_essay_only_hides_tools_added_later(
    runner: CliRunner, tmp_path: Path, command: list[str]
) -> None:
    root = tmp_path / "catalog"
    _added_later(root)
    every = runner.invoke(main, [*command, "--catalog", str(root)])
    essay = runner.invoke(main, [*command, "--essay-only", "--catalog", str(root)])
    assert every.exit_code == 0 and essay.exit_code == 0, every.output + essay.output
    assert sorted(tool["name"] for tool in json.loads(every.output)) == ["New", "Old"]
    assert [tool["name"] for tool in json.loads(essay.output)] == ["Old"]


def test_essay_only_table_and_markdown(runner: CliRunner, tmp_path: Path) -> None:
    root = tmp_path / "catalog"
    _added_later(root)
    table = runner.invoke(main, ["list", "--essay-only", "--catalog", str(root)])
    markdown = runner.invoke(
        main, ["export", "--format", "markdown", "--essay-only", "--catalog", str(root)]
    )
    assert "Old" in table.output and "New" not in table.output
    assert " * Old" in markdown.output and "New" not in markdown.output
