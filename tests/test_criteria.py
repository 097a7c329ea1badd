"""The hand-holding metric: criteria in segments.toml, a tool's answers, the score and the
segment it suggests, each problem at its file, line and column."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mlseg_tui.catalog.load import load_catalog
from mlseg_tui.domain.criteria import Band, Criterion, Metric, assess
from tests.test_loader import SEGMENTS, make_catalog, tool_toml

METRIC = """
[metric]
stale_after_years = 2
bands = [
    { segment = "hand-holding", start = 0.7 },
    { segment = "middle", start = 0.4 },
    { segment = "narrow", start = 0 },
]

[[criteria]]
id = "infrastructure"
question = "Who runs it?"
quote = "provide the infrastructure experience"
values = ["managed", "self-hosted", "library"]

[[criteria]]
id = "lifecycle"
question = "Which stages?"
values = ["data", "train", "deploy", "monitor"]
multiple = true
facet = "stage"
weight = 2
"""


def metric_catalog(root: Path, tools: str, metric: str = METRIC) -> Path:
    return make_catalog(root, {"tools.toml": tools}, SEGMENTS + metric)


def problems_of(root: Path) -> list[str]:
    result = load_catalog(root, use_cache=False)
    return [str(p).removeprefix(f"{root}/") for p in result.problems]


# --- the score, on hand-made criteria -------------------------------------------------

INFRA = Criterion("infrastructure", "Who runs it?", ("managed", "self-hosted", "library"))
STAGES = Criterion("lifecycle", "Which?", ("data", "train", "deploy", "monitor"), multiple=True,
                   weight=2)  # fmt: skip
HAND_MADE = Metric(
    (INFRA, STAGES), (Band("hand-holding", 0.7), Band("middle", 0.4), Band("narrow", 0.0))
)


def test_one_answer_weighs_its_place_from_the_heavy_end() -> None:
    assert INFRA.heaviness(("managed",)) == 1.0
    assert INFRA.heaviness(("self-hosted",)) == 0.5
    assert INFRA.heaviness(("library",)) == 0.0
    assert INFRA.heaviness(("cloud",)) is None
    assert INFRA.heaviness(("managed", "library")) is None


def test_several_answers_weigh_the_share_chosen() -> None:
    assert STAGES.heaviness(()) == 0.0
    assert STAGES.heaviness(("train",)) == 0.25
    assert STAGES.heaviness(("data", "train", "deploy", "monitor")) == 1.0
    assert STAGES.heaviness(("train", "train")) is None


def test_the_score_is_the_weighted_mean_of_the_answers() -> None:
    # (1 * 0.5 + 2 * 0.5) / 3
    answers = (("infrastructure", ("self-hosted",)), ("lifecycle", ("data", "train")))
    assert HAND_MADE.score(answers) == pytest.approx(0.5)
    assert HAND_MADE.suggest(0.5) == "middle"
    heavy = (("infrastructure", ("managed",)), ("lifecycle", ("data", "train", "deploy")))
    assert HAND_MADE.score(heavy) == pytest.approx((1 + 2 * 0.75) / 3)
    assert HAND_MADE.suggest(HAND_MADE.score(heavy)) == "hand-holding"
    light = (("lifecycle", ("monitor",)), ("infrastructure", ("library",)))
    assert HAND_MADE.score(light) == pytest.approx(2 * 0.25 / 3)
    assert HAND_MADE.suggest(HAND_MADE.score(light)) == "narrow"


def test_the_score_never_falls_when_an_answer_gets_heavier() -> None:
    infra = ("library", "self-hosted", "managed")
    stage_sets = [(), ("data",), ("data", "train"), ("data", "train", "deploy")]
    for i, value in enumerate(infra):
        for j, stages in enumerate(stage_sets):
            score = HAND_MADE.score((("infrastructure", (value,)), ("lifecycle", stages)))
            assert score is not None
            if i + 1 < len(infra):
                heavier = (("infrastructure", (infra[i + 1],)), ("lifecycle", stages))
                assert HAND_MADE.score(heavier) > score  # type: ignore[operator]
            if j + 1 < len(stage_sets):
                more = (("infrastructure", (value,)), ("lifecycle", stage_sets[j + 1]))
                assert HAND_MADE.score(more) > score  # type: ignore[operator]


def test_no_score_until_every_criterion_is_answered() -> None:
    partial = (("infrastructure", ("managed",)),)
    assert HAND_MADE.score(partial) is None
    assessment = assess(HAND_MADE, partial, "narrow")
    assert assessment.suggested is None and not assessment.disagrees
    assert assessment.missing == ("lifecycle",)


def test_a_disagreement_is_a_placement_on_the_scale_the_score_does_not_suggest() -> None:
    heavy = (("infrastructure", ("managed",)), ("lifecycle", ("data", "train", "deploy")))
    assert assess(HAND_MADE, heavy, "narrow").disagrees
    assert not assess(HAND_MADE, heavy, "hand-holding").disagrees
    # "other" is off the scale: the essay did not place such tools, so nothing disagrees.
    off = assess(HAND_MADE, heavy, "other")
    assert off.suggested == "hand-holding" and not off.disagrees


# --- segments.toml ------------------------------------------------------------------


def test_the_criteria_and_bands_load_from_segments_toml(tmp_path: Path) -> None:
    root = metric_catalog(
        tmp_path,
        tool_toml(
            "Alpha",
            extra='[tools.criteria]\ninfrastructure = "managed"\nlifecycle = ["data", "train"]\n',
        ),
    )
    result = load_catalog(root)
    assert result.problems == []
    catalog = result.catalog
    assert catalog is not None
    metric = catalog.metric
    assert [c.id for c in metric.criteria] == ["infrastructure", "lifecycle"]
    assert metric.criteria[0].quote == "provide the infrastructure experience"
    assert metric.criteria[1].multiple and metric.criteria[1].facet_name == "stage"
    assert metric.stale_after_years == 2
    assert metric.scale_segments == ("hand-holding", "middle", "narrow")
    (alpha,) = catalog.tools
    assert alpha.criteria == (("infrastructure", ("managed",)), ("lifecycle", ("data", "train")))
    assert metric.score(alpha.criteria) == pytest.approx((1 + 2 * 0.5) / 3)
    # And the same from the load cache.
    again = load_catalog(root).catalog
    assert again is not None and again.tools[0].criteria == alpha.criteria


@pytest.mark.parametrize(
    ("criterion", "offset", "message"),
    [
        ('id = "x"\nquestion = "Q?"\nvalues = []', 3, "`values`: a non-empty array"),
        ('id = "x"\nvalues = ["a"]', 0, "needs a non-empty string `question`"),
        ('id = "Bad Id"\nquestion = "Q?"\nvalues = ["a"]', 1, "must be lower case letters"),
        ('id = "x"\nquestion = "Q?"\nvalues = ["a", "A"]', 3, "must differ"),
        ('id = "x"\nquestion = "Q?"\nvalues = ["a"]\nweight = -1', 4, "above 0"),
        ('id = "x"\nquestion = "Q?"\nvalues = ["a"]\nmultiple = "yes"', 4, "true or false"),
        ('id = "tag"\nquestion = "Q?"\nvalues = ["a"]', 1, "facet 'tag' is taken"),
        ('id = "x"\nfacet = "stage"\nquestion = "Q?"\nvalues = ["a"]', 2, "facet 'stage'"),
        ('id = "lifecycle"\nquestion = "Q?"\nvalues = ["a"]', 1, "defined twice"),
    ],
)
def test_a_bad_criterion_is_reported_on_its_line(
    tmp_path: Path, criterion: str, offset: int, message: str
) -> None:
    """`offset`: the problem's line, counted from the bad table's header."""
    metric = METRIC + "\n[[criteria]]\n" + criterion + "\n"
    root = metric_catalog(tmp_path, tool_toml("Alpha"), metric)
    lines = (SEGMENTS + metric).splitlines()
    header = len(lines) - lines[::-1].index("[[criteria]]")
    (problem,) = problems_of(root)
    assert problem.startswith(f"segments.toml:{header + offset}:1: error: "), problem
    assert message in problem


@pytest.mark.parametrize(
    ("bands", "message"),
    [
        ('[{ segment = "nowhere", start = 0 }]', "must be a segment id, not 'nowhere'"),
        ('[{ segment = "narrow", start = 2 }]', "from 0 to 1"),
        ('[{ segment = "narrow", start = 0.5 }]', "lowest band must start at 0"),
        ('[{ segment = "narrow", start = 0 }, { segment = "narrow", start = 1 }]', "two bands"),
        ('"narrow"', "array of tables"),
    ],
)
def test_bad_bands_are_reported_on_their_line(tmp_path: Path, bands: str, message: str) -> None:
    text = SEGMENTS + f"\n[metric]\nbands = {bands}\n"
    root = make_catalog(tmp_path, {"a.toml": tool_toml("Alpha")}, text)
    line = text.splitlines().index(f"bands = {bands}") + 1
    problems = problems_of(root)
    assert any(p.startswith(f"segments.toml:{line}:1: error: ") and message in p
               for p in problems), problems  # fmt: skip


def test_criteria_without_bands_and_unknown_keys(tmp_path: Path) -> None:
    text = SEGMENTS + '\n[[criteria]]\nid = "x"\nquestion = "Q?"\nvalues = ["a"]\ncolour = 1\n'
    text += "\n[[criterias]]\n"
    root = make_catalog(tmp_path, {"a.toml": tool_toml("Alpha")}, text)
    problems = problems_of(root)
    assert "segments.toml:1:1: warning: unknown top-level key `criterias` (ignored)" in problems
    colour = text.splitlines().index("colour = 1") + 1
    assert (
        f"segments.toml:{colour}:1: warning: unknown field `criteria.colour` (ignored)" in problems
    )
    assert any("the criteria need score bands" in p for p in problems)


# --- a tool's answers ---------------------------------------------------------------


def answers_problems(tmp_path: Path, criteria: str) -> list[str]:
    text = tool_toml("Alpha", extra='homepage = "h"\n\n[tools.criteria]\n' + criteria)
    return problems_of(metric_catalog(tmp_path, text))


def test_an_unknown_criterion_is_an_error_at_its_key(tmp_path: Path) -> None:
    problems = answers_problems(tmp_path, 'infrastructure = "managed"\n  colour = "red"\n')
    assert problems == [
        "tools.toml:9:3: error: unknown criterion `colour` (expected one of infrastructure, "
        "lifecycle)"
    ]


def test_a_value_out_of_range_is_an_error_at_the_value(tmp_path: Path) -> None:
    problems = answers_problems(
        tmp_path, 'infrastructure = "cloud"\nlifecycle = ["data", "testing"]\n'
    )
    assert problems == [
        "tools.toml:8:18: error: `infrastructure`: 'cloud' is not one of managed, self-hosted, "
        "library",
        "tools.toml:9:22: error: `lifecycle`: 'testing' is not one of data, train, deploy, monitor",
    ]


@pytest.mark.parametrize(
    ("criteria", "message"),
    [
        ('infrastructure = ["managed"]', "takes one value (a string)"),
        ('lifecycle = "data"', 'takes an array of values, e.g. lifecycle = ["data"]'),
        ("lifecycle = 3", "must be a string or an array of strings"),
        ('lifecycle = ["data", "data"]', "names a value twice"),
    ],
)
def test_an_answer_of_the_wrong_shape_is_an_error(
    tmp_path: Path, criteria: str, message: str
) -> None:
    (problem,) = answers_problems(tmp_path, criteria + "\n")
    assert problem.startswith("tools.toml:8:1: error: ") and message in problem, problem


def test_criteria_that_is_not_a_table_and_a_bad_reviewed_date(tmp_path: Path) -> None:
    text = tool_toml("Alpha", extra='criteria = "managed"\nreviewed = "last week"\n')
    problems = problems_of(metric_catalog(tmp_path, text))
    assert problems == [
        "tools.toml:5:1: error: `criteria` must be a table ([tools.criteria])",
        "tools.toml:6:1: error: `reviewed` must be a date like 2026-12-05",
    ]


def test_a_tool_with_a_bad_answer_is_left_out_like_any_tool_with_an_error(
    tmp_path: Path,
) -> None:
    text = tool_toml("Alpha", extra='[tools.criteria]\ninfrastructure = "cloud"\n')
    text += "\n" + tool_toml("Beta", extra='reviewed = 2026-12-05\n[tools.criteria]\n'
                             'infrastructure = "library"\n')  # fmt: skip
    result = load_catalog(metric_catalog(tmp_path, text), use_cache=False)
    assert result.catalog is not None
    (beta,) = result.catalog.tools
    assert beta.name == "Beta" and beta.reviewed == dt.date(2026, 12, 5)
    assert beta.criteria == (("infrastructure", ("library",)),)


def test_answers_are_checked_again_when_the_criteria_change(tmp_path: Path) -> None:
    text = tool_toml("Alpha", extra='[tools.criteria]\ninfrastructure = "managed"\n')
    root = metric_catalog(tmp_path, text)
    assert load_catalog(root).problems == []  # fills the load cache
    (root / "segments.toml").write_text(
        SEGMENTS + METRIC.replace('"managed", ', ""), encoding="utf-8"
    )
    problems = [str(p) for p in load_catalog(root).problems]
    assert len(problems) == 1 and "'managed' is not one of self-hosted, library" in problems[0]


def test_an_inline_criteria_table_points_at_its_value(tmp_path: Path) -> None:
    text = tool_toml("Alpha", extra='criteria = { infrastructure = "cloud" }\n')
    (problem,) = problems_of(metric_catalog(tmp_path, text))
    assert problem.startswith("tools.toml:5:31: error: `infrastructure`: 'cloud'"), problem
