"""The hand-holding metric: its criteria, a tool's answers, the score and the segment it
suggests. Plain Python: the definitions come from `segments.toml` (catalog/metric.py).

The score is a weighted mean of how heavy each answer is, from 0 (the light end of the
scale) to 1 (the heavy end):

- a criterion with one answer lists its values from the heavy end to the light end; the
  k-th of n values (counting from 0) weighs (n - 1 - k) / (n - 1);
- a criterion with several answers (the lifecycle stages a product carries) weighs the
  share of its values that are chosen.

Each criterion's `weight` multiplies its part, and the sum is divided by the sum of the
weights, so a heavier answer never lowers the score. A tool has a score only when it
answers every criterion. The score suggests the segment of the highest band whose `start`
it reaches; a placed tool whose suggestion differs is a disagreement, which the review
lists: the placement is the analyst's judgement and stays.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

# A tool's answers: (criterion id, chosen values) pairs, as its file gives them.
Answers = tuple[tuple[str, tuple[str, ...]], ...]

# Reasoning older than this many years is stale when segments.toml does not say.
DEFAULT_STALE_YEARS = 3
# The search's own facets (search/query.py): a criterion's facet may not take one.
BUILT_IN_FACETS = ("seg", "lic", "status", "tag", "essay", "tentative", "disagree")


@dataclass(frozen=True, slots=True)
class Criterion:
    """One ingredient of the metric: a question, its answers from heavy to light."""

    id: str
    question: str
    values: tuple[str, ...]
    quote: str = ""
    multiple: bool = False
    weight: float = 1.0
    # The search facet that filters by this criterion ("stage" for the lifecycle).
    facet: str = ""

    def heaviness(self, chosen: tuple[str, ...]) -> float | None:
        """How heavy the answer `chosen` is, from 0 to 1 (None when it is not an answer)."""
        values = self.values
        if self.multiple:
            if not set(chosen) <= set(values) or len(set(chosen)) != len(chosen):
                return None
            return len(chosen) / len(values)
        if len(chosen) != 1 or chosen[0] not in values:
            return None
        if len(values) == 1:
            return 1.0
        return (len(values) - 1 - values.index(chosen[0])) / (len(values) - 1)

    @property
    def facet_name(self) -> str:
        return self.facet or self.id


@dataclass(frozen=True, slots=True)
class Band:
    """Scores from `start` up (to the next band) suggest segment `segment`."""

    segment: str
    start: float


@dataclass(frozen=True, slots=True)
class Metric:
    """The criteria, the score bands and the review's staleness threshold."""

    criteria: tuple[Criterion, ...] = ()
    bands: tuple[Band, ...] = ()
    stale_after_years: int = DEFAULT_STALE_YEARS
    source: str = ""
    _by_id: dict[str, Criterion] = field(default_factory=dict, compare=False, repr=False)
    # Scores by answers: catalogs repeat the same answers, so each is computed once.
    _scores: dict[Answers, float | None] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_id.update((criterion.id, criterion) for criterion in self.criteria)

    def criterion(self, criterion_id: str) -> Criterion | None:
        return self._by_id.get(criterion_id)

    @property
    def scale_segments(self) -> tuple[str, ...]:
        """The segments the bands suggest, from the heavy end to the light end."""
        return tuple(band.segment for band in sorted(self.bands, key=lambda b: -b.start))

    def score(self, answers: Answers) -> float | None:
        """The hand-holding score of `answers` (0 light .. 1 heavy), or None unless every
        criterion has a valid answer."""
        cached = self._scores.get(answers, False)
        if cached is not False:
            return cached
        score = self._score(answers)
        self._scores[answers] = score
        return score

    def _score(self, answers: Answers) -> float | None:
        if not self.criteria:
            return None
        given = dict(answers)
        total = weights = 0.0
        for criterion in self.criteria:
            chosen = given.get(criterion.id)
            if chosen is None:
                return None
            heaviness = criterion.heaviness(chosen)
            if heaviness is None:
                return None
            total += criterion.weight * heaviness
            weights += criterion.weight
        return total / weights if weights else None

    def suggest(self, score: float | None) -> str | None:
        """The segment a score suggests: the band with the highest start it reaches."""
        if score is None:
            return None
        reached = [band for band in self.bands if score >= band.start]
        return max(reached, key=lambda band: band.start).segment if reached else None

    def missing(self, answers: Answers) -> list[str]:
        """The ids of the criteria `answers` leaves unanswered, in the metric's order."""
        given = {criterion_id for criterion_id, _ in answers}
        return [c.id for c in self.criteria if c.id not in given]


@dataclass(frozen=True, slots=True)
class Assessment:
    """What the metric says of one tool placed in `placed`."""

    score: float | None
    suggested: str | None
    placed: str
    # The placement is on the scale: a segment some band suggests ("other" is not).
    on_scale: bool
    missing: tuple[str, ...] = ()

    @property
    def disagrees(self) -> bool:
        """Placed on the scale, and the criteria suggest another segment."""
        return self.on_scale and self.suggested is not None and self.placed != self.suggested


def assess(metric: Metric, answers: Answers, placed: str) -> Assessment:
    """The score, suggestion and missing answers of a tool placed in `placed`."""
    score = metric.score(answers)
    on_scale = any(band.segment == placed for band in metric.bands)
    missing = tuple(metric.missing(answers)) if score is None else ()
    return Assessment(score, metric.suggest(score), placed, on_scale, missing)


# How an empty answer reads: `lifecycle = []` answers "none of these" (and scores so).
NO_VALUE = "none"


def answer_text(answers: Answers, criterion_id: str) -> str:
    """A criterion's answer as shown: its values joined by ", ", NO_VALUE for an empty
    list (an answer, as the score and the review count it), "" when unanswered."""
    for given_id, chosen in answers:
        if given_id == criterion_id:
            return ", ".join(chosen) or NO_VALUE
    return ""


def all_values(metric: Metric) -> Iterable[tuple[Criterion, str]]:
    """Every (criterion, value) pair the metric defines."""
    for criterion in metric.criteria:
        for value in criterion.values:
            yield criterion, value
