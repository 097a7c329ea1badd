"""Fuzzy search: ranking tiers, aliases, typos, incremental narrowing, both engines, synth."""

from __future__ import annotations

import datetime as dt
import itertools
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import tomli
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from mlseg_tui.bench.synth import synth_tools, toml_string, write_catalog
from mlseg_tui.catalog.load import load_catalog
from mlseg_tui.domain.edits import EditSession
from mlseg_tui.domain.model import (
    SEGMENT_IDS,
    Catalog,
    EssayListing,
    HistoryEntry,
    Segment,
    SourceRef,
    Tool,
)
from mlseg_tui.domain.placement import Placement
from mlseg_tui.search import index as index_module
from mlseg_tui.search import numpy_engine, numpy_tables
from mlseg_tui.search.highlight import highlight_positions
from mlseg_tui.search.index import SearchIndex
from mlseg_tui.search.keys import aligned_key, fold, position_classes
from mlseg_tui.search.numpy_engine import NumpyEngine
from mlseg_tui.search.python_engine import PythonEngine
from mlseg_tui.search.ranking import EXACT, FUZZY, PREFIX, SUBSEQUENCE, SUBSTRING, WORD
from mlseg_tui.search.result import Match, SearchResult

# Large catalogs use the numpy engine when numpy 2 is installed, else the Python one; the
# tests that compare the two engines need both.
HAS_NUMPY = index_module._numpy_available()
needs_numpy = pytest.mark.skipif(not HAS_NUMPY, reason="numpy 2 is not installed")

# The 38 tools of the essay, with the aliases of the bundled catalog, in its segments.
ESSAY: list[tuple[str, tuple[str, ...], str]] = [
    ("DataRobot", ("Datarobot",), "hand-holding"),
    ("Databricks", (), "hand-holding"),
    ("Amazon SageMaker", ("Sagemaker", "AWS SageMaker"), "hand-holding"),
    ("Google Cloud AutoML", ("Google AutoML", "Vertex AI AutoML"), "hand-holding"),
    ("FBLearner Flow", ("FBLearner",), "hand-holding"),
    ("Domino Data Lab", ("Domino",), "hand-holding"),
    ("Snowflake", (), "narrow"),
    ("Apache Airflow", ("Airflow",), "narrow"),
    ("Grafana", (), "narrow"),
    ("TensorFlow Serving", ("TFServing", "tfs", "TF Serving"), "narrow"),
    ("Jenkins", (), "narrow"),
    ("Apache Kafka", ("Kafka",), "narrow"),
    ("Datadog", (), "narrow"),
    ("ONNX", (), "narrow"),
    ("JFrog Artifactory", ("Artifactory",), "narrow"),
    ("RabbitMQ", (), "narrow"),
    ("OctoML", ("Octo.ml", "OctoAI"), "narrow"),
    ("Tecton", ("Tecton.ai",), "narrow"),
    ("Kubernetes", ("k8s",), "narrow"),
    ("Apache Spark", ("Spark", "PySpark"), "narrow"),
    ("TensorFlow", ("TF", "tf.keras"), "narrow"),
    ("PyTorch", ("Pytorch", "torch"), "narrow"),
    ("H2O.ai", ("H20.ai", "h2o", "H2O-3"), "middle"),
    ("Algorithmia", (), "middle"),
    ("Segment", ("Twilio Segment",), "middle"),
    ("MLflow", ("Mlflow",), "middle"),
    ("Metaflow", (), "middle"),
    ("BentoML", (), "middle"),
    ("Cortex", ("CortexML", "Cortex Labs"), "middle"),
    ("GraphPipe", (), "middle"),
    ("Weights & Biases", ("Weights and biases", "wandb", "W&B"), "middle"),
    ("Kubeflow Pipelines", ("Kubeflow pipelines", "kfp"), "middle"),
    ("Denzel", (), "other"),
    ("Clipper", (), "other"),
    ("Ray", (), "other"),
    ("Apache TVM", ("TVM",), "other"),
    ("Halide", (), "other"),
    ("Kedro", (), "other"),
]


def essay_tools() -> list[Tool]:
    return [
        Tool(name, segment, f"Why {name} sits in {segment}.", SourceRef(Path("x.toml"), i), aliases)
        for i, (name, aliases, segment) in enumerate(ESSAY)
    ]


SEGMENTS = [Segment(segment_id, segment_id.title(), "d") for segment_id in SEGMENT_IDS]


def placement_of(tools: list[Tool], segments: list[Segment] = SEGMENTS) -> Placement:
    """Where `tools` sit, in a catalog that defines `segments`."""
    return Placement(Catalog(Path("."), list(segments), tools))


TOOLS = essay_tools()
PLACEMENT = placement_of(essay_tools())
ENGINES = ("python", "numpy") if HAS_NUMPY else ("python",)


def make_index(tools: list[Tool], engine: str, monkeypatch: pytest.MonkeyPatch) -> SearchIndex:
    """A SearchIndex forced onto one engine, whatever the catalog's size."""
    monkeypatch.setattr(index_module, "NUMPY_MIN_KEYS", 0 if engine == "numpy" else 10**12)
    index = SearchIndex(tools)
    expected = NumpyEngine if engine == "numpy" else PythonEngine
    assert isinstance(index._engine, expected)
    return index


@pytest.fixture(params=ENGINES)
def index(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> SearchIndex:
    return make_index(TOOLS, request.param, monkeypatch)


def names(result: SearchResult) -> list[str]:
    return [TOOLS[match.tool_index].name for match in result.matches]


def first(index: SearchIndex, query: str) -> str:
    result = index.search(query)
    assert result.matches, f"{query!r} matched nothing"
    return TOOLS[result.matches[0].tool_index].name


def tier(match: Match) -> int:
    return int(match.score)


def test_the_test_catalog_is_the_essays_38() -> None:
    assert len(TOOLS) == 38
    # Some aliases differ from their name only in case ("Datarobot"); across tools, none.
    keys = [{key.casefold() for key in tool.keys} for tool in TOOLS]
    assert sum(map(len, keys)) == len(set().union(*keys))


# ------------------------------------------------------------------------- typos


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("sagemkr", "Amazon SageMaker"),
        ("sagmaker", "Amazon SageMaker"),
        ("kubernets", "Kubernetes"),
        ("kuberentes", "Kubernetes"),  # a transposition: only the fuzzy tier finds it
        ("airflw", "Apache Airflow"),
    ],
)
def test_typos_find_the_tool_first(index: SearchIndex, query: str, expected: str) -> None:
    assert first(index, query) == expected


def test_a_transposition_is_a_fuzzy_match_on_the_alias_or_name(index: SearchIndex) -> None:
    match = index.search("kuberentes").matches[0]
    assert tier(match) == FUZZY
    assert match.key == "Kubernetes" and not match.key_is_alias


def test_dropped_letters_match_as_a_subsequence_of_the_alias(index: SearchIndex) -> None:
    match = index.search("sagemkr").matches[0]
    assert tier(match) == SUBSEQUENCE
    assert (match.key, match.key_is_alias) == ("Sagemaker", True)


# ------------------------------------------------------------------------- aliases


@pytest.mark.parametrize(
    ("query", "expected", "key"),
    [
        ("wandb", "Weights & Biases", "wandb"),
        ("k8s", "Kubernetes", "k8s"),
        ("h2o", "H2O.ai", "h2o"),
        ("H20", "H2O.ai", "H20.ai"),
        ("tf", "TensorFlow", "TF"),
        ("W&B", "Weights & Biases", "W&B"),
        ("torch", "PyTorch", "torch"),
    ],
)
def test_aliases_find_their_tool_first(
    index: SearchIndex, query: str, expected: str, key: str
) -> None:
    match = index.search(query).matches[0]
    assert TOOLS[match.tool_index].name == expected
    assert match.key == key and match.key_is_alias


def test_tf_ranks_tensorflow_above_tensorflow_serving(index: SearchIndex) -> None:
    result = index.search("tf")
    found = names(result)
    assert found[0] == "TensorFlow"
    assert found.index("TensorFlow Serving") > 0
    scores = {TOOLS[m.tool_index].name: m.score for m in result.matches}
    assert scores["TensorFlow"] > scores["TensorFlow Serving"]
    assert tier(result.matches[0]) == EXACT
    assert tier(result.matches[1]) == PREFIX  # "tfs", "TF Serving"


def test_flow_ranks_every_tool_holding_flow_above_the_rest(index: SearchIndex) -> None:
    found = names(index.search("flow"))
    holding = {tool.name for tool in TOOLS if any("flow" in k.casefold() for k in tool.keys)}
    assert holding >= {
        "Apache Airflow",
        "MLflow",
        "Metaflow",
        "Kubeflow Pipelines",
        "TensorFlow",
        "TensorFlow Serving",
        "FBLearner Flow",
    }
    assert set(found[: len(holding)]) == holding


def test_word_prefix_ranks_above_substring(index: SearchIndex) -> None:
    result = index.search("flow")
    by_name = {TOOLS[m.tool_index].name: m for m in result.matches}
    assert tier(by_name["FBLearner Flow"]) == WORD  # after a space
    assert tier(by_name["TensorFlow"]) == WORD  # a camelCase boundary
    assert tier(by_name["MLflow"]) == SUBSTRING
    assert names(result).index("FBLearner Flow") < names(result).index("MLflow")
    pipe = {TOOLS[m.tool_index].name: m for m in index.search("pipe").matches}
    assert tier(pipe["Kubeflow Pipelines"]) == WORD
    assert tier(pipe["GraphPipe"]) == WORD


def test_exact_and_prefix_matches_rank_above_fuzzy_ones(index: SearchIndex) -> None:
    for query in ("ray", "spark", "data", "kafka", "tecton"):
        tiers = [tier(match) for match in index.search(query).matches]
        assert tiers == sorted(tiers, reverse=True), query
        assert tiers[0] in (EXACT, PREFIX), query
    ray = index.search("ray").matches[0]
    assert (TOOLS[ray.tool_index].name, tier(ray)) == ("Ray", EXACT)


def test_nonsense_and_blank_queries_match_nothing(index: SearchIndex) -> None:
    for query in ("zzzzqqq", "", "   ", "\t", "\x00"):
        assert index.search(query).matches == []


def test_one_character_returns_every_tool_holding_it_prefixes_first(index: SearchIndex) -> None:
    for char in "akt2&.":
        result = index.search(char)
        holding = {
            i for i, tool in enumerate(TOOLS) if any(char in k.casefold() for k in tool.keys)
        }
        assert {m.tool_index for m in result.matches} == holding, char
        prefixed = {
            i
            for i, tool in enumerate(TOOLS)
            if any(k.casefold().startswith(char) for k in tool.keys)
        }
        assert {m.tool_index for m in result.matches[: len(prefixed)]} == prefixed, char


def test_search_ignores_case_and_outer_spaces(index: SearchIndex) -> None:
    base = index.search("sagemaker").matches
    assert index.search("SAGEMAKER").matches == base
    assert index.search("  SageMaker ").matches == base


def test_every_tool_matches_once_with_its_best_key(index: SearchIndex) -> None:
    result = index.search("tensorflow")
    tools = [m.tool_index for m in result.matches]
    assert len(tools) == len(set(tools))
    serving = next(m for m in result.matches if TOOLS[m.tool_index].name == "TensorFlow Serving")
    assert serving.key == "TensorFlow Serving" and not serving.key_is_alias
    assert tier(result.matches[0]) == EXACT


def test_scores_never_rise_and_ties_go_to_the_lower_tool_index(index: SearchIndex) -> None:
    for query in ("a", "e", "ml", "ap", "data", "tensor", "kub"):
        matches = index.search(query).matches
        for before, after in itertools.pairwise(matches):
            assert before.score >= after.score, query
            if before.score == after.score:
                assert before.tool_index < after.tool_index, query


def test_shorter_keys_win_within_a_tier(index: SearchIndex) -> None:
    # "Apache Spark", "Apache Kafka", "Apache TVM", "Apache Airflow": all prefixes of "apache".
    found = [n for n in names(index.search("apache")) if n.startswith("Apache")]
    assert found == ["Apache TVM", "Apache Kafka", "Apache Spark", "Apache Airflow"]


@needs_numpy
def test_results_are_deterministic_across_engines() -> None:
    with pytest.MonkeyPatch.context() as patch:
        python = make_index(TOOLS, "python", patch)
        numpy_ = make_index(TOOLS, "numpy", patch)
    queries = ["s", "sa", "sag", "flow", "kubeflw", "tensrflow", "weights biases", "ai", "ml"]
    for query in queries:
        assert python.search(query) == numpy_.search(query), query


@needs_numpy
def test_engines_agree_on_a_synthetic_catalog(monkeypatch: pytest.MonkeyPatch) -> None:
    tools = synth_tools(2000, seed=4)
    python = make_index(tools, "python", monkeypatch)
    numpy_ = make_index(tools, "numpy", monkeypatch)
    segments = placement_of(tools)
    aliased = next(tool for tool in tools if tool.aliases)
    queries = ["e", "qu", "neuro", "kuberentes", "flowpipe", "zzzzqqq", "db", "sagemkr"]
    for query in [*queries, tools[10].name, tools[99].name[:6], aliased.aliases[0]]:
        expected = python.search(query)
        got = numpy_.search(query)
        assert got == expected, query
        assert got.by_segment(segments) == expected.by_segment(segments), query


# ------------------------------------------------------------------------- by_segment


def test_by_segment_keeps_rank_order_within_each_segment(index: SearchIndex) -> None:
    result = index.search("a")
    grouped = result.by_segment(PLACEMENT)
    assert list(grouped) == list(SEGMENT_IDS)
    for segment, matches in grouped.items():
        expected = [m for m in result.matches if PLACEMENT.segment_of[m.tool_index] == segment]
        assert matches == expected
    assert sum(map(len, grouped.values())) == len(result.matches)


def test_by_segment_follows_moves_and_unknown_segments(index: SearchIndex) -> None:
    result = index.search("flow")
    tools = essay_tools()
    moved = placement_of(tools)
    airflow = next(i for i, tool in enumerate(TOOLS) if tool.name == "Apache Airflow")
    tools[airflow].segment = "middle"
    moved.update(tools[airflow])
    grouped = result.by_segment(moved)
    assert airflow in [m.tool_index for m in grouped["middle"]]
    assert airflow not in [m.tool_index for m in grouped["narrow"]]
    tools[airflow].segment = "archived"
    moved.update(tools[airflow])
    grouped = result.by_segment(moved)
    assert list(grouped) == [*SEGMENT_IDS, "archived"]
    assert [m.tool_index for m in grouped["archived"]] == [airflow]
    back = result.by_segment(PLACEMENT)
    assert list(back) == list(SEGMENT_IDS)
    assert airflow in [m.tool_index for m in back["narrow"]]


def test_by_segment_of_an_empty_result_has_the_four_segments(index: SearchIndex) -> None:
    assert index.search("zzzzqqq").by_segment(PLACEMENT) == {s: [] for s in SEGMENT_IDS}


def test_a_result_built_by_hand_groups_too() -> None:
    matches = [Match(1, 3.0, "Databricks", False), Match(0, 2.0, "DataRobot", False)]
    grouped = SearchResult("d", matches).by_segment(PLACEMENT)
    assert grouped["hand-holding"] == matches


def test_grouping_follows_the_catalogs_own_segments(index: SearchIndex) -> None:
    """The segments come from the catalog (segments.toml), in its order, not from a fixed
    list: a defined segment with no tools is there, empty; an undefined one with matches
    follows them, sorted."""
    tools = essay_tools()
    own = [Segment("other", "Other", "d"), Segment("lab", "Lab", "d"), Segment("narrow", "N", "d")]
    placement = placement_of(tools, own)
    result = index.search("a")
    grouped = result.by_segment(placement)
    assert list(grouped) == ["other", "lab", "narrow", "hand-holding", "middle"]
    assert grouped["lab"] == []
    for segment, matches in grouped.items():
        assert matches == [m for m in result.matches if tools[m.tool_index].segment == segment]
    rows = result.tools_by_segment(placement)
    assert rows == {s: [m.tool_index for m in ms] for s, ms in grouped.items()}
    assert list(index.search("zzzzqqq").tools_by_segment(placement)) == ["other", "lab", "narrow"]


@needs_numpy
def test_segment_codes_are_recomputed_only_when_the_placement_changes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tools = synth_tools(700, seed=6)
    index = make_index(tools, "numpy", monkeypatch)
    codes = index._engine.segments
    session = EditSession(Catalog(Path("."), list(SEGMENTS), tools))
    result = index.search("e")
    rows = result.tools_by_segment(session.placement)
    kept = codes.state
    assert index.search("ex").tools_by_segment(session.placement) is not None
    assert codes.state is kept  # the same placement, the same version: no new codes
    tool = tools[result.tool_at(0)]
    target = next(s for s in SEGMENT_IDS if s != tool.segment)
    session.move(tool, target)
    moved = result.tools_by_segment(session.placement)
    assert codes.state is not kept
    assert moved[target][0] == result.tool_at(0) and moved != rows
    session.undo()
    assert result.tools_by_segment(session.placement) == rows
    # Another placement (another load) is never mistaken for the first, whatever its version.
    again = EditSession(Catalog(Path("."), list(SEGMENTS), tools))
    again.placement.version = session.placement.version
    assert result.tools_by_segment(again.placement) == rows and codes.state[0]() is again.placement


# ------------------------------------------------------------------------- rebuilding


def test_a_new_index_picks_up_renames_and_new_tools(index: SearchIndex) -> None:
    tools = essay_tools()
    tools[0].name = "Quantflow"
    tools.append(Tool("Zorvat", "other", "New.", SourceRef(Path("x.toml"), 99), ("zv",)))
    index = SearchIndex(tools)  # on the fixture's engine: its patch is still in force
    assert index.search("datarobot").matches[0].key == "Datarobot"  # the alias remains
    assert index.search("quantflow").matches[0].tool_index == 0
    assert index.search("zv").matches[0].tool_index == len(tools) - 1


def test_an_empty_catalog_matches_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    for engine in ENGINES:
        assert make_index([], engine, monkeypatch).search("a").matches == []


# ------------------------------------------------------------------------- incremental


def typed(query: str) -> Iterator[str]:
    for end in range(1, len(query) + 1):
        yield query[:end]


def from_scratch(index: SearchIndex, query: str) -> SearchResult:
    """`index.search(query)` with every cached query state dropped first."""
    engine = index._engine
    if isinstance(engine, NumpyEngine):
        engine.states.clear()
        engine.results.clear()
    return index.search(query)


@pytest.mark.parametrize("engine", ENGINES)
def test_typing_one_key_at_a_time_gives_the_same_results_as_searching_afresh(
    engine: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    tools = synth_tools(1500, seed=3)
    typing = make_index(tools, engine, monkeypatch)
    reference = make_index(tools, engine, monkeypatch)
    for query in ("sagemkr", "kubernetes", "flowpipe", tools[7].name, "neuro sx"):
        for prefix in typed(query):
            assert typing.search(prefix) == from_scratch(reference, prefix), prefix
        for end in range(len(query) - 1, 0, -1):  # and backspacing
            assert typing.search(query[:end]) == from_scratch(reference, query[:end])


@pytest.fixture(scope="module")
def typing_indexes() -> tuple[SearchIndex, SearchIndex, SearchIndex]:
    """An index to type into, a numpy one to search afresh, and the Python reference."""
    tools = synth_tools(400, seed=11)
    return _index_on(tools, "numpy"), _index_on(tools, "numpy"), _index_on(tools, "python")


def _index_on(tools: list[Tool], engine: str) -> SearchIndex:
    with pytest.MonkeyPatch.context() as patch:
        return make_index(tools, engine, patch)


EDIT_ALPHABET = "aeiklmnorstufw .2&"


@needs_numpy
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    edits=st.lists(
        st.one_of(
            st.sampled_from(list(EDIT_ALPHABET)),
            st.just("<backspace>"),
            st.just("<clear>"),
            st.text(EDIT_ALPHABET, min_size=2, max_size=6),  # a paste
        ),
        min_size=1,
        max_size=25,
    )
)
def test_incremental_results_equal_fresh_ones_for_random_typing(
    typing_indexes: tuple[SearchIndex, SearchIndex, SearchIndex], edits: list[str]
) -> None:
    typing, reference, python = typing_indexes
    query = ""
    for edit in edits:
        if edit == "<backspace>":
            query = query[:-1]
        elif edit == "<clear>":
            query = ""
        else:
            query += edit
        got = typing.search(query)
        assert got == from_scratch(reference, query), query
        assert got == python.search(query), query


# Keys with the awkward cases: casefold expansions (ß, ﬁ, İ), non-Latin-1, punctuation,
# digits, camelCase, acronyms, repeated letters, spaces and one-letter keys.
KEY_TEXT = st.text(
    alphabet=st.sampled_from(list("aAbBkKsSeEfFlLoOwW  .-&29ßﬁİΣσ日本")),
    min_size=1,
    max_size=12,
)


@needs_numpy
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    keys=st.lists(st.lists(KEY_TEXT, min_size=1, max_size=3), min_size=1, max_size=12),
    queries=st.lists(st.text(alphabet=list("abkseflowBKS .-&2ßsσİ日"), max_size=7), max_size=8),
)
def test_both_engines_agree_on_random_catalogs(keys: list[list[str]], queries: list[str]) -> None:
    tools = [
        Tool(k[0], SEGMENT_IDS[i % 4], "r", SourceRef(Path("x.toml"), i), tuple(k[1:]))
        for i, k in enumerate(keys)
    ]
    python = _index_on(tools, "python")
    numpy_ = _index_on(tools, "numpy")
    for query in queries:
        expected = python.search(query)
        assert numpy_.search(query) == expected, query
        segments = placement_of(tools)
        assert numpy_.search(query).by_segment(segments) == expected.by_segment(segments)


@needs_numpy
@settings(max_examples=200, deadline=None)
@given(KEY_TEXT)
def test_word_starts_agree_between_the_engines(text: str) -> None:
    folded = fold(text)
    assume(folded)
    np = pytest.importorskip("numpy")
    aligned = aligned_key(text, folded)
    joined = "\x00" + aligned + "\x00"
    starts = np.array([1], dtype=np.int32)
    vectorised = numpy_tables.class_array(np, joined, starts)[1:-1].tolist()
    assert vectorised == position_classes(aligned)


def test_word_starts() -> None:
    assert position_classes("GraphPipe") == [2, 0, 0, 0, 0, 1, 0, 0, 0]
    assert position_classes("TFServing")[:4] == [2, 0, 1, 0]  # acronym, then a word
    assert position_classes("W&B") == [2, 0, 1]
    assert position_classes("tf.keras")[3] == 1


# ------------------------------------------------------------------------- the large engine


BUNDLED = Path(__file__).resolve().parent.parent / "catalog"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("sagemkr", "Amazon SageMaker"),
        ("kuberentes", "Kubernetes"),
        ("airflw", "Apache Airflow"),
        ("wandb", "Weights & Biases"),
        ("k8s", "Kubernetes"),
        ("H20", "H2O.ai"),
        ("tf", "TensorFlow"),
    ],
)
def test_the_bundled_catalog_answers_the_same_way(query: str, expected: str) -> None:
    catalog = load_catalog(BUNDLED).catalog
    assert catalog is not None
    result = SearchIndex(catalog.tools).search(query)
    assert catalog.tools[result.matches[0].tool_index].name == expected


@needs_numpy
def test_large_catalogs_use_numpy_and_small_ones_do_not() -> None:
    assert isinstance(SearchIndex(TOOLS)._engine, PythonEngine)
    assert isinstance(SearchIndex(synth_tools(1000))._engine, NumpyEngine)


def test_without_numpy_large_catalogs_use_the_python_engine(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(index_module, "_numpy_available", lambda: False)
    tools = synth_tools(1000)
    index = SearchIndex(tools)
    assert isinstance(index._engine, PythonEngine)
    match = index.search(tools[10].name).matches[0]
    assert (match.tool_index, match.key, tier(match)) == (10, tools[10].name, EXACT)


def test_importing_search_loads_neither_textual_nor_numpy() -> None:
    code = (
        "import sys, mlseg_tui.search.index, mlseg_tui.search.highlight; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'numpy')]; "
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_concurrent_searches_do_not_interfere() -> None:
    import threading

    index = SearchIndex(synth_tools(2000, seed=5))
    queries = ["s", "sa", "sag", "kub", "flowp", "e", "tens", "ab"]
    expected = {query: index.search(query) for query in queries}
    failures: list[str] = []

    def worker(offset: int) -> None:
        for round_ in range(30):
            query = queries[(offset + round_) % len(queries)]
            if index.search(query) != expected[query]:
                failures.append(query)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []


# ------------------------------------------------------------------------- highlighting


@pytest.mark.parametrize(
    ("query", "text", "expected"),
    [
        ("flow", "Apache Airflow", [10, 11, 12, 13]),
        ("FLOW", "Airflow Flow", [8, 9, 10, 11]),  # the occurrence at a word start
        ("tf", "TF Serving", [0, 1]),
        ("sagemkr", "SageMaker", [0, 1, 2, 3, 4, 6, 8]),
        ("grapipe", "GraphPipe", [0, 1, 2, 5, 6, 7, 8]),  # the word start P, not the p
        ("kuberentes", "Kubernetes", [0, 1, 2, 3, 4, 6, 7, 8, 9]),  # rapidfuzz's alignment
        ("ss", "Straße", [4]),  # folding "ß" to "ss" maps back to one character
        ("zzz", "Kubernetes", []),
        ("", "Kubernetes", []),
        ("a", "", []),
    ],
)
def test_highlight_positions(query: str, text: str, expected: list[int]) -> None:
    assert highlight_positions(query, text) == expected


def test_highlight_positions_of_every_match_are_inside_its_key(index: SearchIndex) -> None:
    for query in ("sagemkr", "kuberentes", "flow", "pipe", "h20", "wandb", "a"):
        for match in index.search(query).matches:
            positions = highlight_positions(query, match.key)
            assert positions, (query, match.key)
            assert positions == sorted(set(positions))
            assert all(0 <= p < len(match.key) for p in positions)


# ------------------------------------------------------------------------- synth


def test_synth_tools_are_deterministic_and_unique() -> None:
    tools = synth_tools(3000, seed=7)
    again = synth_tools(3000, seed=7)
    assert [(t.name, t.aliases, t.segment) for t in tools] == [
        (t.name, t.aliases, t.segment) for t in again
    ]
    assert [t.name for t in synth_tools(50, seed=8)] != [t.name for t in tools[:50]]
    keys = [key.casefold() for tool in tools for key in tool.keys]
    assert len(keys) == len(set(keys))
    assert all(0 <= len(tool.aliases) <= 3 for tool in tools)
    assert {tool.segment for tool in tools} == set(SEGMENT_IDS)
    assert all(tool.reasoning and tool.tags for tool in tools)
    assert all(tool.source.index == i for i, tool in enumerate(tools))


@pytest.mark.parametrize("layout", ["per-file", "single-file"])
def test_written_catalogs_load_back_without_problems(tmp_path: Path, layout: str) -> None:
    tools = synth_tools(300, seed=2)
    tools[0].reasoning = 'Quotes " and \\ backslashes,\nnew lines,\ttabs, \x01 and ünïcödé 日本'
    tools[1].essay = EssayListing(("Old name",), ("narrow",), 'It said "maybe".')
    tools[2].history = (
        HistoryEntry(dt.date(2026, 11, 27), "narrow", "middle", 'Why "now"', "Old\nreasoning"),
    )
    write_catalog(tmp_path, tools, layout)  # type: ignore[arg-type]
    result = load_catalog(tmp_path)
    assert result.problems == []
    assert result.catalog is not None
    loaded = {tool.name: tool for tool in result.catalog.tools}
    assert len(loaded) == len(tools)
    for tool in tools:
        back = loaded[tool.name]
        assert (back.aliases, back.segment, back.reasoning, back.tags) == (
            tool.aliases,
            tool.segment,
            tool.reasoning,
            tool.tags,
        )
        assert (back.essay, back.history, back.tentative) == (
            tool.essay,
            tool.history,
            tool.tentative,
        )
    files = list(tmp_path.rglob("*.toml"))
    assert len(files) == (len(tools) + 1 if layout == "per-file" else 2)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_toml_string_round_trips_any_text(text: str) -> None:
    assert tomli.loads(f"value = {toml_string(text)}")["value"] == text


# ------------------------------------------------------------------------- memory


@needs_numpy
def test_position_tables_built_in_blocks_equal_one_sort(monkeypatch: pytest.MonkeyPatch) -> None:
    """The build sorts, classifies and masks a block at a time to bound its temporaries;
    tiny blocks (keys and runs cut across them) must give the very same tables."""
    np = pytest.importorskip("numpy")
    tools = synth_tools(300, seed=9)
    tools.append(Tool("Straße İstanbul Σσ 日本", "other", "r", SourceRef(Path("x"), 300)))
    whole = NumpyEngine(tools)
    monkeypatch.setattr(numpy_tables, "_BLOCK", 17)
    monkeypatch.setattr(numpy_tables, "_KEY_BLOCK", 5)
    blocks = NumpyEngine(tools)
    for name in ("codes", "perm_owner", "perm_offset", "perm_class", "masks", "key_rank"):
        assert np.array_equal(getattr(whole, name), getattr(blocks, name)), name
    assert whole.bounds == blocks.bounds
    # And they are what one stable sort of every position gives.
    order = np.argsort(whole.codes, kind="stable")[whole.key_count :]
    owner = np.repeat(np.arange(whole.key_count), whole.full_lengths + 1)
    assert np.array_equal(whole.perm_owner, owner[order])
    assert np.array_equal(whole.starts[whole.perm_owner] + whole.perm_offset, order)


@needs_numpy
def test_only_the_current_query_and_its_prefixes_keep_their_results(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tools = synth_tools(800, seed=1)
    index, fresh = make_index(tools, "numpy", monkeypatch), make_index(tools, "numpy", monkeypatch)
    for prefix in typed("kube"):
        index.search(prefix)
    engine = index._engine
    assert set(engine.results) == {"k", "ku", "kub", "kube"}
    assert index.search("ku") == fresh.search("ku")  # backspaced: the kept result
    assert set(engine.results) == {"k", "ku"}
    index.search("sa")
    assert set(engine.results) == {"sa"}


LAZY_QUERIES = ("e", "sa", "flow", "kuberentes", "flowpipe", "zzzzqqq", "db", "sagemkr")


@pytest.mark.parametrize("engine", ENGINES)
def test_matches_made_one_at_a_time_equal_the_eager_ones(
    engine: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The browser asks a result only for the rows it draws (match_of, match_at, first);
    each must be the very Match that making them all gives, with the same highlights."""
    tools = synth_tools(900, seed=5)
    aliased = next(tool for tool in tools if tool.aliases)
    lazy_index = make_index(tools, engine, monkeypatch)
    eager_index = make_index(tools, engine, monkeypatch)
    for query in [*LAZY_QUERIES, tools[7].name, aliased.aliases[0]]:
        eager = eager_index.search(query).matches  # made all at once
        lazy = lazy_index.search(query)
        assert len(lazy) == len(eager), query
        assert lazy.tool_indices() == [m.tool_index for m in eager], query
        assert lazy.first(30) == eager[:30], query
        assert [lazy.match_at(rank) for rank in range(len(lazy))] == eager, query
        for rank, match in enumerate(eager):
            assert lazy.rank_of(match.tool_index) == rank
            made = lazy.match_of(match.tool_index)
            assert made == match and type(made.tool_index) is int, query
            assert highlight_positions(query, made.key) == highlight_positions(query, match.key)
        missing = set(range(len(tools))) - {m.tool_index for m in eager}
        assert all(lazy.match_of(tool) is None for tool in missing), query
        assert lazy == eager_index.search(query), query


@needs_numpy
def test_a_result_makes_no_match_until_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    """A one-letter query matches most tools of a big catalog: the panes' rows come from
    arrays, and only the rows drawn get a Match."""
    tools = synth_tools(800, seed=2)
    index = make_index(tools, "numpy", monkeypatch)
    made: list[int] = []
    real_make = NumpyEngine.make

    def counting_make(engine: object, tools_: object, codes: object, kids: object) -> object:
        matches = real_make(engine, tools_, codes, kids)  # type: ignore[arg-type]
        made.append(len(matches))
        return matches

    monkeypatch.setattr(NumpyEngine, "make", counting_make)
    result = index.search("e")
    rows = result.tools_by_segment(placement_of(tools))
    assert sum(map(len, rows.values())) == len(result) > 300
    assert made == []
    shown = [result.match_of(row[0]) for row in rows.values() if row]
    assert made == [] and all(m is not None for m in shown)
    assert len(result.matches) == len(result)
    assert made == [len(result)]


@pytest.mark.parametrize("engine", ENGINES)
def test_tools_by_segment_are_the_tool_indices_of_by_segment(
    engine: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    tools = synth_tools(700, seed=6)
    index = make_index(tools, engine, monkeypatch)
    tools[3].segment = "archived"
    segments = placement_of(tools)
    for query in ("e", "sa", "kuberentes", "zzzzqqq", tools[3].name):
        result = index.search(query)
        rows = result.tools_by_segment(segments)
        expected = {s: [m.tool_index for m in ms] for s, ms in result.by_segment(segments).items()}
        assert rows == expected, query
        assert all(type(i) is int for row in rows.values() for i in row)


@needs_numpy
def test_a_big_result_skips_the_young_collections(monkeypatch: pytest.MonkeyPatch) -> None:
    """New Match objects go to the oldest generation at once: left young they were walked
    by young collections and then counted towards full ones (the whole catalog's objects)."""
    import gc

    monkeypatch.setattr(numpy_engine, "PROMOTE_FROM", 10)
    index = make_index(synth_tools(800, seed=3), "numpy", monkeypatch)
    result = index.search("e")
    made = [m for m in result.matches if tier(m) != SUBSTRING]
    assert len(made) >= 10
    young = {id(o) for generation in (0, 1) for o in gc.get_objects(generation=generation)}
    assert not any(id(m) in young for m in made)
    assert gc.isenabled()


@needs_numpy
def test_a_search_leaves_the_processs_frozen_objects_frozen(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import gc

    monkeypatch.setattr(numpy_engine, "PROMOTE_FROM", 10)
    index = make_index(synth_tools(800, seed=3), "numpy", monkeypatch)
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        index.search("a")
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
