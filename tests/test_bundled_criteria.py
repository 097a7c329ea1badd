"""The bundled catalog answers the hand-holding criteria for every tool, consistently with
its facts, and every disagreement is explained in docs/disagreements.md."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from mlseg_tui.catalog.load import load_catalog
from mlseg_tui.domain.criteria import answer_text, assess
from mlseg_tui.domain.model import Catalog
from mlseg_tui.domain.review import DISAGREEMENT, review

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def bundled() -> Catalog:
    result = load_catalog(ROOT / "catalog", use_cache=False)
    assert result.catalog is not None and result.problems == []
    return result.catalog


def test_every_tool_answers_every_criterion(bundled: Catalog) -> None:
    assert [c.id for c in bundled.metric.criteria] == [
        "infrastructure", "lifecycle", "flexibility", "openness", "growth"
    ]  # fmt: skip
    for tool in bundled.tools:
        assessment = assess(bundled.metric, tool.criteria, tool.segment)
        assert assessment.score is not None, (tool.name, assessment.missing)
        assert tool.reviewed is not None and tool.reviewed <= dt.date(2026, 12, 5), tool.name


def test_openness_agrees_with_the_licence_facts(bundled: Catalog) -> None:
    for tool in bundled.tools:
        openness = answer_text(tool.criteria, "openness")
        if tool.open_source is False or tool.license == "proprietary":
            assert openness == "closed", tool.name
        elif tool.open_source:
            assert openness in ("open-source", "open-core"), tool.name
            # Open core: the entry names the commercial tier (the catalog's open-source rule).
            if openness == "open-core":
                text = f"{tool.description} {tool.reasoning}".lower()
                tiers = ("open core", "open-core", "enterprise", "commercial", " pro ")
                assert any(word in text for word in tiers), tool.name


def test_an_internal_product_is_not_sold_or_grown_by_a_community(bundled: Catalog) -> None:
    for tool in bundled.tools:
        if tool.status == "internal":
            assert answer_text(tool.criteria, "openness") == "closed"
            assert answer_text(tool.criteria, "growth") == "enterprise"


def test_the_essays_own_examples_fall_in_their_bands(bundled: Catalog) -> None:
    examples = {
        "Amazon SageMaker": "hand-holding", "Google Cloud AutoML": "hand-holding",
        "BentoML": "middle", "MLflow": "middle", "Cortex": "middle", "H2O.ai": "middle",
        "Apache Spark": "narrow", "Grafana": "narrow", "PyTorch": "narrow",
        "Apache Airflow": "narrow", "Kubernetes": "narrow",
    }  # fmt: skip
    metric = bundled.metric
    for name, segment in examples.items():
        tool = bundled.find(name)
        assert tool is not None
        assert metric.suggest(metric.score(tool.criteria)) == segment, name


def test_every_disagreement_is_explained_in_the_docs(bundled: Catalog) -> None:
    disagreements = {
        item.name for item in review(bundled, dt.date(2026, 12, 5)) if item.kind == DISAGREEMENT
    }
    text = (ROOT / "docs" / "disagreements.md").read_text(encoding="utf-8")
    explained = set(re.findall(r"^- \*\*(.+?)\*\* \(", text, re.MULTILINE))
    assert disagreements and explained == disagreements
    metric = bundled.metric
    for name in explained:
        tool = bundled.find(name)
        assert tool is not None
        score = metric.score(tool.criteria)
        suggested = bundled.segment_title(metric.suggest(score) or "")
        entry = re.search(rf"^- \*\*{re.escape(name)}\*\* \((.+?)\):", text, re.M | re.S)
        assert entry is not None
        said = " ".join(entry.group(1).split())  # the line may wrap
        assert f"the criteria suggest {suggested}, score {score:.2f}" in said, name
