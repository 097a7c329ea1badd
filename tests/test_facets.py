"""Search by facet and by text: the query language, its errors, the full-text tier below
every name match, and both engines giving the same answers."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mlseg_tui.bench.synth import synth_tools, write_catalog
from mlseg_tui.catalog.load import load_catalog
from mlseg_tui.domain.model import Catalog
from mlseg_tui.domain.placement import Placement
from mlseg_tui.search import index as index_module
from mlseg_tui.search.fulltext import word_spans
from mlseg_tui.search.index import SearchIndex
from mlseg_tui.search.query import FacetTerm, parse_query
from mlseg_tui.search.ranking import FUZZY, is_text_match

ROOT = Path(__file__).resolve().parent.parent
NAMES = ("seg", "lic", "status", "tag", "essay", "tentative", "disagree", "stage")
needs_numpy = pytest.mark.skipif(
    not index_module._numpy_available(), reason="numpy 2 is not installed"
)


@pytest.fixture(scope="module")
def bundled() -> Catalog:
    catalog = load_catalog(ROOT / "catalog").catalog
    assert catalog is not None
    return catalog


def index_on(catalog: Catalog, engine: str = "auto") -> SearchIndex:
    with pytest.MonkeyPatch.context() as patch:
        if engine != "auto":
            patch.setattr(index_module, "NUMPY_MIN_KEYS", 0 if engine == "numpy" else 10**12)
        return SearchIndex(catalog.tools, catalog.metric)


def found(catalog: Catalog, query: str, engine: str = "auto") -> list[str]:
    result = index_on(catalog, engine).search(query, Placement(catalog))
    assert not result.error, result.error
    return [catalog.tools[i].name for i in result.tool_indices()]


# --- the query language -------------------------------------------------------------


def test_plain_words_are_the_name_query_as_before() -> None:
    assert parse_query("  Kube Flow ", NAMES).words == "kube flow"
    assert parse_query("kube  flow", NAMES).facets == ()


def test_facet_terms_are_split_from_the_words() -> None:
    parsed = parse_query('kube seg:Narrow -status:archived lic:"Apache-2.0" x', NAMES)
    assert parsed.words == "kube x"
    assert parsed.facets == (
        FacetTerm("seg", "narrow", False, "seg:Narrow"),
        FacetTerm("status", "archived", True, "-status:archived"),
        FacetTerm("lic", "apache-2.0", False, 'lic:"Apache-2.0"'),
    )
    assert parsed.notes == ()


def test_a_name_that_is_no_facet_is_searched_as_words_and_said_so() -> None:
    parsed = parse_query("run:ai seg:narrow", NAMES)
    assert parsed.words == "run:ai"
    assert [term.facet for term in parsed.facets] == ["seg"]
    assert parsed.notes == ("run: is not a facet (searched as words)",)


def test_a_term_being_typed_has_an_empty_value() -> None:
    (term,) = parse_query("seg:", NAMES).facets
    assert term.value == "" and not term.negated
    (quoted,) = parse_query('tag:"half typed', NAMES).facets
    assert quoted.value == "half typed"


# --- facets on the bundled catalog ----------------------------------------------------


def test_seg_takes_an_id_or_a_title_prefix(bundled: Catalog) -> None:
    narrow = {tool.name for tool in bundled.tools if tool.segment == "narrow"}
    assert set(found(bundled, "seg:narrow")) == narrow
    assert set(found(bundled, "seg:NAR")) == narrow
    middle = {tool.name for tool in bundled.tools if tool.segment == "middle"}
    assert set(found(bundled, 'seg:"middle of the road"')) == middle


def test_lic_is_an_spdx_prefix_ignoring_case(bundled: Catalog) -> None:
    apache = {tool.name for tool in bundled.tools if tool.license.startswith("Apache")}
    assert apache and set(found(bundled, "lic:apache")) == apache
    assert set(found(bundled, "lic:APACHE-2.0")) == apache


def test_terms_combine_with_and_and_a_minus_negates(bundled: Catalog) -> None:
    got = found(bundled, "lic:apache -seg:narrow")
    expected = [
        t.name for t in bundled.tools if t.license.startswith("Apache") and t.segment != "narrow"
    ]
    assert got == expected  # a facet-only query keeps catalog order
    assert "Apache Airflow" not in got and "MLflow" in got


def test_facets_narrow_a_name_search(bundled: Catalog) -> None:
    segment = {tool.name: tool.segment for tool in bundled.tools}
    everywhere = found(bundled, "flow")
    in_middle = found(bundled, "flow seg:middle")
    assert in_middle == [name for name in everywhere if segment[name] == "middle"]
    assert in_middle and len(in_middle) < len(everywhere)


def test_tag_essay_tentative(bundled: Catalog) -> None:
    serving = {t.name for t in bundled.tools if any(tag.startswith("serv") for tag in t.tags)}
    assert set(found(bundled, "tag:serv")) == serving
    essay = {t.name for t in bundled.tools if t.essay is not None}
    assert len(essay) == 38 and set(found(bundled, "essay:yes")) == essay
    assert set(found(bundled, "essay:no")) == {t.name for t in bundled.tools} - essay
    tentative = {t.name for t in bundled.tools if t.tentative}
    assert set(found(bundled, "tentative:yes")) == tentative
    assert set(found(bundled, "-tentative:yes")) == {t.name for t in bundled.tools} - tentative


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("seg:", "seg: needs a segment: hand-holding, middle, narrow, other"),
        ("seg:sideways", "seg:sideways: no segment starts with 'sideways'"),
        ("lic:zzz", "lic:zzz: no licence starts with 'zzz' ("),
        ("tag:nothing", "tag:nothing: no tag starts with 'nothing'"),
        ("essay:maybe", "essay:maybe: no value starts with 'maybe' (no, yes)"),
        ("kube disagree:perhaps", "disagree:perhaps: no value starts with 'perhaps'"),
        ("stage:testing", "stage:testing: no value starts with 'testing' (data, deploy"),
    ],
)
def test_unknown_values_are_reported_not_ignored(
    bundled: Catalog, query: str, message: str
) -> None:
    result = index_on(bundled).search(query, Placement(bundled))
    assert len(result) == 0
    assert result.error.startswith(message), result.error


def test_seg_without_a_placement_is_reported(bundled: Catalog) -> None:
    result = index_on(bundled).search("seg:narrow")
    assert len(result) == 0 and "segments are not known here" in result.error


# --- full text ------------------------------------------------------------------------


def test_serving_finds_the_serving_tools_by_what_they_do(bundled: Catalog) -> None:
    got = found(bundled, "serving")
    for name in ("BentoML", "Cortex", "Clipper", "TensorFlow Serving"):
        assert name in got
    result = index_on(bundled).search("serving", Placement(bundled))
    assert not is_text_match(result.matches[0].score)  # names and aliases come first


def test_monitoring_finds_grafana_and_datadog(bundled: Catalog) -> None:
    got = found(bundled, "monitoring")
    assert "Grafana" in got and "Datadog" in got


def test_text_matches_rank_below_every_name_match(bundled: Catalog) -> None:
    result = index_on(bundled).search("serv", Placement(bundled))
    scores = [m.score for m in result.matches]
    text = [is_text_match(score) for score in scores]
    assert True in text and False in text
    assert text == sorted(text)  # every name match first
    assert all(score < FUZZY for score in scores if is_text_match(score))
    fields = [m.key for m in result.matches if is_text_match(m.score)]
    order = {"tags": 0, "description": 1, "reasoning": 2}
    assert [order[f] for f in fields] == sorted(order[f] for f in fields)


def test_short_words_search_names_only(bundled: Catalog) -> None:
    result = index_on(bundled).search("ml", Placement(bundled))
    assert not any(is_text_match(m.score) for m in result.matches)


def test_every_word_must_be_found_in_the_text(bundled: Catalog) -> None:
    both = found(bundled, "serving kubernetes")
    assert set(both) <= set(found(bundled, "serving")) & set(found(bundled, "kubernetes"))


def test_word_spans_mark_the_matching_prefixes() -> None:
    text = "Model-serving and Serves; ß SERVICE"
    assert word_spans(["serv"], text) == [(6, 10), (18, 22), (28, 32)]
    assert word_spans(["se"], text) == []  # too short to search


# --- both engines ---------------------------------------------------------------------


class Synthetic(NamedTuple):
    catalog: Catalog
    python: SearchIndex
    numpy: SearchIndex


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Synthetic:
    """700 synthetic tools written and loaded back, with their metric and segments."""
    root = tmp_path_factory.mktemp("synthetic")
    write_catalog(root, synth_tools(700, seed=12), "single-file")
    catalog = load_catalog(root, use_cache=False).catalog
    assert catalog is not None and len(catalog.tools) == 700
    return Synthetic(catalog, index_on(catalog, "python"), index_on(catalog, "numpy"))


@needs_numpy
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    terms=st.lists(
        st.sampled_from(
            [
                "seg:narrow", "seg:m", "-seg:hand", "lic:apache", "lic:m", "-lic:proprietary",
                "tag:serv", "tag:monitoring", "-tag:t", "essay:yes", "tentative:no",
                "disagree:yes", "-disagree:yes", "stage:deploy", "-stage:data", "status:",
                "lic:nothing", "flow", "kel", "serving", "qua", "monitoring", "orch", "x:y",
            ]
        ),
        min_size=1,
        max_size=4,
    )
)  # fmt: skip
def test_both_engines_agree_on_facets_and_text(synthetic: Synthetic, terms: list[str]) -> None:
    query = " ".join(terms)
    placement = Placement(synthetic.catalog)
    python = synthetic.python.search(query, placement)
    numpy_ = synthetic.numpy.search(query, placement)
    assert numpy_ == python, query
    assert numpy_.error == python.error and numpy_.notes == python.notes
    assert numpy_.tools_by_segment(placement) == python.tools_by_segment(placement)


def test_the_synthetic_catalog_has_disagreements(synthetic: Synthetic) -> None:
    catalog = synthetic.catalog
    disagree = synthetic.numpy.search("disagree:yes", Placement(catalog))
    assert 0 < len(disagree) < len(catalog.tools)
    metric = catalog.metric
    for tool_index in disagree.tool_indices():
        tool = catalog.tools[tool_index]
        suggested = metric.suggest(metric.score(tool.criteria))
        assert suggested is not None and suggested != tool.segment
        assert tool.segment in metric.scale_segments


@needs_numpy
@pytest.mark.parametrize("engine", ["python", "numpy"])
def test_a_move_changes_what_seg_and_disagree_find(synthetic: Synthetic, engine: str) -> None:
    from mlseg_tui.domain.edits import EditSession

    source = synthetic.catalog
    catalog = Catalog(source.root, source.segments, list(source.tools), metric=source.metric)
    session = EditSession(catalog)
    index = index_on(catalog, engine)
    before = index.search("disagree:yes", session.placement).tool_indices()
    tool_index = before[0]
    tool = catalog.tools[tool_index]
    suggested = catalog.metric.suggest(catalog.metric.score(tool.criteria))
    assert suggested is not None
    old = tool.segment
    session.move(tool, suggested, "agree")
    try:
        after = index.search("disagree:yes", session.placement).tool_indices()
        assert after == before[1:]
        assert tool_index in index.search(f"seg:{suggested}", session.placement).tool_indices()
    finally:
        session.move(tool, old, "back")
