"""The letters marked for a match come from the rule that accepted it (a follow-up of issue
12, point 12): for dropped letters a subsequence inside the compact stretch from a word
start, for a typo the letters of the query-long stretch from a word start, never letters
of another word of the key. Both engines, the bundled catalog, and the rows on screen."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlseg_tui.domain.model import Tool
from mlseg_tui.search.highlight import highlight_positions
from mlseg_tui.search.index import SearchIndex
from mlseg_tui.search.keys import aligned_key, fold, position_classes, subsequence_slack
from mlseg_tui.search.ranking import FUZZY, SUBSEQUENCE, fuzzy_allowance
from mlseg_tui.ui.widgets.search_bar import SearchInput
from tests.conftest import make_app, settle
from tests.test_search_noise import ENGINES, bundled_tools, index_on


@pytest.fixture(scope="module")
def tools() -> list[Tool]:
    return bundled_tools()


@pytest.fixture(params=ENGINES)
def index(
    request: pytest.FixtureRequest, tools: list[Tool], monkeypatch: pytest.MonkeyPatch
) -> SearchIndex:
    return index_on(tools, request.param, monkeypatch)


def is_subsequence(part: str, whole: str) -> bool:
    chars = iter(whole)
    return all(char in chars for char in part)


def assert_marks_follow_the_rule(query: str, key: str, tier: int) -> None:
    """The marks of a tier 1 or 2 match lie in one stretch the tier accepts, and spell the
    query (tier 2) or all but a letter or two of it, in order (tier 1)."""
    wanted, folded = fold(query.strip()), fold(key)
    assert len(folded) == len(key), key  # the catalog's keys fold letter for letter
    classes = position_classes(aligned_key(key, folded))
    marks = highlight_positions(query, key)
    assert marks, (query, key)
    spelled = "".join(folded[p] for p in marks)
    if tier == SUBSEQUENCE:
        start = marks[0]
        assert classes[start] and spelled == wanted, (query, key, marks)
        assert marks[-1] < start + len(wanted) + subsequence_slack(len(wanted)), (query, key)
        return
    assert tier == FUZZY
    width = len(wanted)
    starts = [s for s, char in enumerate(folded) if classes[s] and char == wanted[0]]
    assert any(s <= marks[0] and marks[-1] < s + width for s in starts), (query, key, marks)
    assert is_subsequence(spelled, wanted), (query, key, spelled)
    assert len(spelled) >= width - fuzzy_allowance(width), (query, key, spelled)


@pytest.mark.parametrize(
    "query",
    [
        "sagmaker",
        "sagemkr",
        "kubflow",
        "airflw",
        "kubernets",
        "datarbot",
        "weights biases",
        # Each of these marked a letter of another word (or past the stretch) before.
        "airfol",
        "airlf",
        "agma",
        "algorti",
        "allegor",
        "kuberentes",
        "kafla",
        "kaffka",
        "kubeflwo",
        "sparkk",
    ],
)
def test_marks_of_typo_and_dropped_letter_matches_lie_in_the_matched_stretch(
    index: SearchIndex, query: str
) -> None:
    fuzzy_or_dropped = [
        match for match in index.search(query).matches if int(match.score) in (FUZZY, SUBSEQUENCE)
    ]
    assert fuzzy_or_dropped, query
    for match in fuzzy_or_dropped:
        assert_marks_follow_the_rule(query, match.key, int(match.score))


def one_edit_variants(word: str) -> set[str]:
    """`word` with a letter dropped or two neighbours swapped."""
    out = {word[:at] + word[at + 1 :] for at in range(len(word))}
    out |= {word[:at] + word[at + 1] + word[at] + word[at + 2 :] for at in range(len(word) - 1)}
    return out


def test_marks_follow_the_rule_for_one_edit_typos_of_every_bundled_word(
    index: SearchIndex, tools: list[Tool]
) -> None:
    """Every word of every name and alias, and the word before it with it, mistyped once."""
    queries: set[str] = set()
    for tool in tools:
        for key in tool.keys:
            words = fold(key).split()
            for at, word in enumerate(words):
                queries |= one_edit_variants(word[:8])
                if at:
                    queries |= one_edit_variants(f"{words[at - 1][-3:]}{word[:4]}")
    checked = 0
    for query in sorted(q.strip() for q in queries if len(q.strip()) >= 3):
        for match in index.search(query).matches:
            tier = int(match.score)
            if tier in (FUZZY, SUBSEQUENCE):
                assert_marks_follow_the_rule(query, match.key, tier)
                checked += 1
    assert checked > 1000


@pytest.mark.parametrize(
    ("query", "key", "expected"),
    [
        ("airfol", "Apache Airflow", [7, 8, 9, 10, 12]),  # not the A of Apache
        ("agma", "Amazon SageMaker", [0, 1, 2]),  # "Ama", not A...g...Ma
        ("algorti", "Algorithmia", [0, 1, 2, 3, 4, 6]),  # nothing past the 7-letter stretch
        ("sgmkr", "SageMaker", []),  # strays too far: no match, so nothing marked
        ("kafka", "Databricks Lakehouse Platform", []),
    ],
)
def test_highlight_positions_of_single_keys(query: str, key: str, expected: list[int]) -> None:
    assert highlight_positions(query, key) == expected


def underlined(pane: object, row: int) -> list[tuple[int, str]]:
    """The underlined cells of a pane's drawn row: (column, character)."""
    marks: list[tuple[int, str]] = []
    column = 0
    for segment in pane.render_line(row):  # type: ignore[attr-defined]
        for char in segment.text:
            if segment.style and segment.style.underline:
                marks.append((column, char))
            column += 1
    return marks


def typed(keys: list[str]) -> str:
    """What the search field holds after `keys`."""
    text = ""
    for key in keys:
        text = text[:-1] if key == "backspace" else text + key
    return text


@pytest.mark.parametrize(
    ("keys", "row", "column", "marked"),
    [
        (
            ["s", "a", "g", "n", "backspace", "m", "a", "k", "e", "r"],
            "Amazon SageMaker  (Sagemaker)",
            20,
            "Sag maker",  # in the alias, the e dropped
        ),
        (
            ["k", "u", "b", "x", "backspace", "f", "l", "o", "w"],
            "Kubeflow Pipelines",
            1,
            "Kub flow",
        ),
        (
            ["a", "i", "r", "f", "l", "x", "backspace", "w"],
            "Apache Airflow  (Airflow)",
            18,
            "Airfl w",
        ),
        # Typos: the A of Apache was underlined with Airflow's letters, and A, g, M, a
        # spread over Amazon SageMaker.
        (["a", "i", "r", "f", "x", "backspace", "o", "l"], "Apache Airflow", 8, "Airf o"),
        (["a", "g", "m", "m", "backspace", "a"], "Amazon SageMaker", 1, "Ama"),
    ],
)
async def test_rows_underline_only_the_matched_stretch(
    catalog_dir: Path, keys: list[str], row: str, column: int, marked: str
) -> None:
    """The underlined cells of the row start at `column` and read `marked`, a space for a
    cell left plain; nothing else in the row is underlined."""
    app = make_app(catalog_dir)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("slash", *keys)
        await settle(pilot)
        assert app.query_one(SearchInput).value == typed(keys)
        pane = next(pane for pane in app.panes if pane.rows and pane.row_text(0) == row)
        marks = underlined(pane, 0)
        cells = dict(marks)
        shown = "".join(cells.get(c, " ") for c in range(column, marks[-1][0] + 1))
        assert (marks[0][0], shown) == (column, marked)
