"""The bundled catalog must load cleanly and say what the 2020 essay said."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlseg_tui.catalog.load import load_catalog
from mlseg_tui.domain.model import Catalog
from tests.conftest import tools_in

CATALOG = Path(__file__).parent.parent / "catalog"

# Every tool by the group the essay listed it in (GraphPipe by its first listing).
ESSAY_GROUPS: dict[str, list[str]] = {
    "hand-holding": [
        "DataRobot",
        "Databricks",
        "Amazon SageMaker",
        "Google Cloud AutoML",
        "FBLearner Flow",
        "Domino Data Lab",
    ],
    "narrow": [
        "Snowflake",
        "Apache Airflow",
        "Grafana",
        "TensorFlow Serving",
        "Jenkins",
        "Apache Kafka",
        "Datadog",
        "ONNX",
        "JFrog Artifactory",
        "RabbitMQ",
        "OctoML",
        "Tecton",
        "Kubernetes",
        "Apache Spark",
        "TensorFlow",
        "PyTorch",
    ],
    "middle": [
        "H2O.ai",
        "Algorithmia",
        "Segment",
        "MLflow",
        "Metaflow",
        "BentoML",
        "Cortex",
        "GraphPipe",
        "Weights & Biases",
        "Kubeflow Pipelines",
    ],
    "other": [
        "Denzel",
        "Clipper",
        "Ray",
        "Apache TVM",
        "Halide",
        "Kedro",
    ],
}

TENTATIVE = {"OctoML", "Tecton", "Kubernetes"}

# Essay spellings and common abbreviations, and the tool each must find.
REQUIRED_ALIASES: dict[str, str] = {
    "Datarobot": "DataRobot",
    "Sagemaker": "Amazon SageMaker",
    "Mlflow": "MLflow",
    "Pytorch": "PyTorch",
    "TF": "TensorFlow",
    "TFServing": "TensorFlow Serving",
    "CortexML": "Cortex",
    "Octo.ml": "OctoML",
    "Tecton.ai": "Tecton",
    "Weights and biases": "Weights & Biases",
    "Kubeflow pipelines": "Kubeflow Pipelines",
    "Google AutoML": "Google Cloud AutoML",
    "Domino": "Domino Data Lab",
    "FBLearner": "FBLearner Flow",
    "H20.ai": "H2O.ai",
    "wandb": "Weights & Biases",
    "k8s": "Kubernetes",
    "h2o": "H2O.ai",
    "kfp": "Kubeflow Pipelines",
    "tfs": "TensorFlow Serving",
    "Spark": "Apache Spark",
    "Airflow": "Apache Airflow",
    "Kafka": "Apache Kafka",
    "TVM": "Apache TVM",
    "W&B": "Weights & Biases",
    "torch": "PyTorch",
}

# The essay's 36 raw list items, exactly as written (GraphPipe appears twice).
ESSAY_TOKENS: list[str] = [
    # Hand-holding
    "Datarobot",
    "Databricks",
    "Sagemaker",
    "Google AutoML",
    "FBLearner",
    "Domino",
    # Narrow tools/products
    "Snowflake",
    "Airflow",
    "Grafana",
    "TFServing",
    "Jenkins",
    "Kafka",
    "Datadog",
    "ONNX",
    "Artifactory",
    "RabbitMQ",
    "(Octo.ml?)",
    "(Tecton.ai?)",
    "(Kubernetes maybe)",
    "Spark(Databricks), TF, Pytorch, etc",
    # Middle of the road
    "H20.ai",
    "Algorithmia",
    "Segment",
    "Mlflow",
    "Metaflow",
    "BentoML",
    "CortexML",
    "GraphPipe",
    "Weights and biases",
    "Kubeflow pipelines",
    # Other
    "GraphPipe",
    "[Denzel](https://github.com/eliorc/denzel)",
    "Clipper",
    "Ray",
    "TVM/Halide",
    "[Kedro](https://kedro.readthedocs.io)",
]

ALL_NAMES = [name for names in ESSAY_GROUPS.values() for name in names]


@pytest.fixture(scope="module")
def result():
    return load_catalog(CATALOG)


@pytest.fixture(scope="module")
def catalog(result) -> Catalog:
    assert result.catalog is not None
    return result.catalog


def test_loads_without_any_problem(result):
    assert [str(p) for p in result.problems] == []
    assert result.catalog is not None


def test_segments_in_scale_order_and_in_the_essays_order(catalog):
    # The essay's metric runs from heavy hand-holding through the middle of the road to
    # light narrow tools; "Other" is off the scale, after it.
    assert catalog.segment_ids() == ["hand-holding", "middle", "narrow", "other"]
    titles = [s.title for s in catalog.segments]
    assert titles == ["Hand-holding", "Middle of the road", "Narrow", "Other"]
    assert [s.scale_position for s in catalog.segments] == [1, 2, 3, None]
    # Its list: "Hand-holding:", "Narrow tools/products:", "Middle of the road:", "Other:".
    essay = [s.essay_heading for s in catalog.essay_segments()]
    assert essay == ["Hand-holding:", "Narrow tools/products:", "Middle of the road:", "Other:"]
    for segment in catalog.segments:
        assert segment.definition.strip()
        assert segment.scale.strip()
        assert segment.source == "MLOps Segmentation (essay, 2020-06-02)"
    assert "etc" in catalog.segment("narrow").note
    assert catalog.segment("other").note.strip()


def test_essay_tool_counts():
    assert len(ESSAY_TOKENS) == 36
    assert len(ALL_NAMES) == 38
    assert len(set(ALL_NAMES)) == 38


def essay_tools(catalog: Catalog) -> list:
    """The tools the essay listed (those added since have no essay fields)."""
    return [t for t in catalog.tools if t.essay is not None]


def test_exactly_38_essay_tools(catalog):
    assert len(essay_tools(catalog)) == 38
    assert sorted(t.name for t in essay_tools(catalog)) == sorted(ALL_NAMES)


def test_one_tool_per_file(catalog):
    paths = [t.source.path for t in catalog.tools]
    assert len(set(paths)) == len(catalog.tools)
    assert len({t.source.path for t in essay_tools(catalog)}) == 38
    assert all(t.source.index == 0 for t in catalog.tools)


@pytest.mark.parametrize(
    ("segment", "name"),
    [(segment, name) for segment, names in ESSAY_GROUPS.items() for name in names],
)
def test_tool_in_its_essay_group(catalog, segment, name):
    tool = catalog.find(name)
    assert tool is not None, name
    assert tool.name == name
    assert tool.segment == segment
    assert tool in tools_in(catalog, segment)


def test_tentative_exactly_for_hedged_entries(catalog):
    assert {t.name for t in catalog.tools if t.tentative} == TENTATIVE


@pytest.mark.parametrize(("alias", "name"), sorted(REQUIRED_ALIASES.items()))
def test_alias_resolves(catalog, alias, name):
    tool = catalog.find(alias)
    assert tool is not None, alias
    assert tool.name == name


def test_no_key_shared_by_two_tools(catalog):
    owners: dict[str, str] = {}
    for tool in catalog.tools:
        for key in {k.casefold() for k in tool.keys}:
            assert key not in owners, f"{key!r}: {owners.get(key)} and {tool.name}"
            owners[key] = tool.name


def test_graphpipe_listed_twice(catalog):
    tool = catalog.find("GraphPipe")
    assert tool is not None
    assert tool.segment == "middle"
    assert tool.essay is not None
    assert list(tool.essay.segments) == ["middle", "other"]
    assert list(tool.essay.listed_as) == ["GraphPipe", "GraphPipe"]
    assert tool.essay.note.strip()


@pytest.mark.parametrize("name", ALL_NAMES)
def test_tool_has_reasoning_and_essay_listing(catalog, name):
    tool = catalog.find(name)
    assert tool is not None
    assert tool.reasoning.strip()
    assert tool.essay is not None
    assert tool.essay.listed_as
    assert tool.essay.segments
    assert tool.essay.segments[0] == tool.segment
    assert not tool.history


def test_every_essay_token_is_covered(catalog):
    listed = {token for tool in essay_tools(catalog) for token in tool.essay.listed_as}
    missing = [token for token in ESSAY_TOKENS if token not in listed]
    assert missing == []
    extra = listed - set(ESSAY_TOKENS)
    assert extra == set()


def test_combined_entries_map_to_several_tools(catalog):
    def listed(token):
        return {t.name for t in essay_tools(catalog) if token in t.essay.listed_as}

    assert listed("Spark(Databricks), TF, Pytorch, etc") == {
        "Apache Spark",
        "TensorFlow",
        "PyTorch",
    }
    assert listed("TVM/Halide") == {"Apache TVM", "Halide"}


def test_bentoml_homepage_is_its_verified_documentation(catalog):
    tool = catalog.find("BentoML")
    assert tool is not None
    assert tool.homepage == "https://docs.bentoml.com"
