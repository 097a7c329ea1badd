"""Loose matches (issue 12, point 12): typos and dropped letters are forgiven only near a
word start of a key and within about the query's length; letters strewn over a long key
are no match. Both engines, the bundled catalog, and the browser's search bar."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mlseg_tui.bench.synth import synth_tools
from mlseg_tui.catalog.load import load_catalog
from mlseg_tui.domain.model import Tool
from mlseg_tui.search import index as index_module
from mlseg_tui.search.fulltext import FIELDS, field_texts, text_words
from mlseg_tui.search.index import SearchIndex
from mlseg_tui.search.keys import compact_subsequence, position_classes, search_aliases
from mlseg_tui.search.ranking import FUZZY, SUBSEQUENCE, is_text_match, window_lcs
from mlseg_tui.ui.widgets.search_bar import SearchInput
from mlseg_tui.ui.widgets.tool_list import ToolList
from tests.conftest import make_app, settle

HAS_NUMPY = index_module._numpy_available()
ENGINES = ("python", "numpy") if HAS_NUMPY else ("python",)
BUNDLED = Path(__file__).resolve().parent.parent / "catalog"


def bundled_tools() -> list[Tool]:
    catalog = load_catalog(BUNDLED).catalog
    assert catalog is not None
    return catalog.tools


def index_on(tools: list[Tool], engine: str, monkeypatch: pytest.MonkeyPatch) -> SearchIndex:
    monkeypatch.setattr(index_module, "NUMPY_MIN_KEYS", 0 if engine == "numpy" else 10**12)
    return SearchIndex(tools)


@pytest.fixture(scope="module")
def tools() -> list[Tool]:
    return bundled_tools()


@pytest.fixture(params=ENGINES)
def index(
    request: pytest.FixtureRequest, tools: list[Tool], monkeypatch: pytest.MonkeyPatch
) -> SearchIndex:
    return index_on(tools, request.param, monkeypatch)


def by_name(index: SearchIndex, tools: list[Tool], query: str) -> list[str]:
    """The tools a query finds by name or alias (not by their text), best first."""
    return [
        tools[m.tool_index].name for m in index.search(query).matches if not is_text_match(m.score)
    ]


# ------------------------------------------------------------------------- noise


@pytest.mark.parametrize(
    ("query", "expected", "noise"),
    [
        ("kafka", ["Apache Kafka"], ["Databricks"]),
        ("spark", ["Apache Spark"], ["Domino Data Lab", "ONNX", "WhyLabs", "Anyscale"]),
        ("ray", ["Ray", "Ray Serve"], ["JFrog Artifactory", "DSPy"]),
        ("wandb", ["Weights & Biases"], ["Kubeflow"]),
        ("aim", ["Aim"], ["Algorithmia", "RabbitMQ"]),
        ("face", ["Hugging Face Hub"], ["Apache Kafka", "Snowflake"]),
    ],
)
def test_names_no_longer_match_letters_strewn_over_a_key(
    index: SearchIndex, tools: list[Tool], query: str, expected: list[str], noise: list[str]
) -> None:
    found = by_name(index, tools, query)
    assert found[: len(expected)] == expected
    assert not set(noise) & set(found), found
    # Every name or alias match holds the query as a word, a substring or a close typo (an
    # essay's spelling is a key too: its combined "Spark(Databricks), TF, Pytorch, etc"
    # lists the three tools it names).
    keys = search_aliases(tools)
    assert all(
        query in " ".join((tools[i].name, *keys[i])).casefold() for i in _indices(tools, found)
    )


def _indices(tools: list[Tool], names: list[str]) -> list[int]:
    return [next(i for i, tool in enumerate(tools) if tool.name == name) for name in names]


@pytest.mark.parametrize("query", ["kafka", "spark", "ray", "serving"])
def test_text_matches_hold_the_word(index: SearchIndex, tools: list[Tool], query: str) -> None:
    """What is left below the names is what the tools' own text says (Databricks runs on
    Spark): a word of a tag, the description or the reasoning starting with the query."""
    texts = field_texts(tools)
    for match in index.search(query).matches:
        if is_text_match(match.score):
            field = texts[FIELDS.index(match.key)][match.tool_index]
            assert any(word.startswith(query) for word in text_words(field)), match


# ------------------------------------------------------------------------- kept


@pytest.mark.parametrize(
    ("query", "expected", "tier"),
    [
        ("sagmaker", "Amazon SageMaker", SUBSEQUENCE),  # a dropped letter
        ("sagemkr", "Amazon SageMaker", SUBSEQUENCE),  # two
        ("kubflow", "Kubeflow", SUBSEQUENCE),
        ("kubernets", "Kubernetes", SUBSEQUENCE),
        ("airflw", "Apache Airflow", SUBSEQUENCE),
        ("datarbot", "DataRobot", SUBSEQUENCE),
        ("weights biases", "Weights & Biases", SUBSEQUENCE),
        ("kuberentes", "Kubernetes", FUZZY),  # letters swapped
        ("kafla", "Apache Kafka", FUZZY),  # a wrong letter
        ("kaffka", "Apache Kafka", FUZZY),  # an extra letter
        ("kubeflwo", "Kubeflow", FUZZY),
        ("sparkk", "Apache Spark", FUZZY),
    ],
)
def test_typos_still_find_their_tool_first(
    index: SearchIndex, tools: list[Tool], query: str, expected: str, tier: int
) -> None:
    match = index.search(query).matches[0]
    assert (tools[match.tool_index].name, int(match.score)) == (expected, tier)


@pytest.mark.parametrize(
    ("query", "expected"),
    [("wandb", "Weights & Biases"), ("k8s", "Kubernetes"), ("kfp", "Kubeflow Pipelines")],
)
def test_aliases_still_find_their_tool_first(
    index: SearchIndex, tools: list[Tool], query: str, expected: str
) -> None:
    match = index.search(query).matches[0]
    assert tools[match.tool_index].name == expected and match.key_is_alias


# ------------------------------------------------------------------------- the rule


def classes(key: str) -> list[int]:
    return position_classes(key)


@pytest.mark.parametrize(
    ("query", "key", "close"),
    [
        ("sagemkr", "sagemaker", True),  # skips 2 of 9 for 7 typed: within 7 // 3
        ("sgmkr", "sagemaker", False),  # skips 4 for 5 typed
        ("ray", "artifactory", False),  # not from a word start
        ("ray", "declarative self-improving python", False),
        ("kfk", "kafka", True),  # one skipped for three typed
        ("aim", "algorithmia", False),
        ("wbiases", "weights & biases", False),  # starts at a word start, strays too far
        ("airflw", "apache airflow", True),  # from the second word's start
    ],
)
def test_a_subsequence_starts_at_a_word_start_and_stays_close(
    query: str, key: str, close: bool
) -> None:
    assert compact_subsequence(query, key, classes(key)) is close


@pytest.mark.parametrize(
    ("query", "key", "lcs"),
    [
        ("kuberentes", "kubernetes", 9),
        ("kafka", "databricks lakehouse platform", 0),  # 4 letters in order, far apart
        ("spark", "domino data science platform", 0),
        ("kafla", "apache kafka", 4),  # the stretch from the second word
        ("lubernetes", "kubernetes", 0),  # the first letter must be right
    ],
)
def test_a_typo_is_judged_on_a_stretch_as_long_as_the_query(query: str, key: str, lcs: int) -> None:
    assert window_lcs(query, key, classes(key), len(query) - 1) == lcs


# ------------------------------------------------------------------------- both engines


def _typo(draw: st.DrawFn, key: str) -> str:
    """`key` with one edit a typist makes: a letter dropped, doubled, swapped or wrong."""
    word = key.casefold()
    if len(word) < 2:
        return word
    at = draw(st.integers(0, len(word) - 2))
    kind = draw(st.sampled_from(["drop", "double", "swap", "wrong", "none"]))
    if kind == "drop":
        return word[:at] + word[at + 1 :]
    if kind == "double":
        return word[: at + 1] + word[at:]
    if kind == "swap":
        return word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    if kind == "wrong":
        return word[:at] + draw(st.sampled_from("aeiouxz")) + word[at + 1 :]
    return word


SYNTH = synth_tools(1500, seed=12)
SYNTH_KEYS = [key for tool in SYNTH for key in tool.keys]


@st.composite
def typed_queries(draw: st.DrawFn) -> str:
    key = draw(st.sampled_from(SYNTH_KEYS))
    query = _typo(draw, key)
    cut = draw(st.integers(1, max(1, len(query))))
    return query[:cut] if draw(st.booleans()) else query


@pytest.mark.skipif(not HAS_NUMPY, reason="numpy 2 is not installed")
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(queries=st.lists(typed_queries(), min_size=1, max_size=6))
def test_both_engines_agree_on_typed_queries(queries: list[str]) -> None:
    with pytest.MonkeyPatch.context() as patch:
        python = index_on(SYNTH, "python", patch)
        numpy_ = index_on(SYNTH, "numpy", patch)
    for query in queries:
        assert numpy_.search(query) == python.search(query), query


# ------------------------------------------------------------------------- the browser


def shown(app: object) -> set[str]:
    panes: list[ToolList] = app.panes  # type: ignore[attr-defined]
    return {app.tools[i].name for pane in panes for i in pane.rows}  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("keys", "query", "expected", "noise"),
    [
        (["k", "a", "f", "k", "x", "backspace", "a"], "kafka", {"Apache Kafka"}, "Databricks"),
        (["s", "p", "r", "backspace", "a", "r", "k"], "spark", {"Apache Spark"}, "ONNX"),
        (["r", "a", "t", "backspace", "y"], "ray", {"Ray"}, "JFrog Artifactory"),
        (
            ["s", "a", "g", "n", "backspace", "m", "a", "k", "e", "r"],
            "sagmaker",
            {"Amazon SageMaker"},
            "Databricks",
        ),
    ],
)
async def test_the_search_bar_shows_no_loose_matches(
    catalog_dir: Path, keys: list[str], query: str, expected: set[str], noise: str
) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("slash", *keys)
        await settle(pilot)
        assert app.query_one(SearchInput).value == query
        result = SearchIndex(app.tools).search(query)
        names = {app.tools[m.tool_index].name for m in result.matches}
        assert shown(app) == names
        assert expected <= names and noise not in names
