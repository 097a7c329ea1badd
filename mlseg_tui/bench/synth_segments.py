"""The segments.toml of synthetic catalogs (the four segments, the bundled catalog's
criteria and bands) and seeded criteria answers for each synthetic tool (one in ten
answers none)."""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Sequence

from mlseg_tui.domain.criteria import Answers

SEGMENTS: tuple[tuple[str, str, str, str], ...] = (
    ("hand-holding", "Hand-holding", "Heavy end of the scale",
     "Heavy-weight products that carry data scientists from experiment to deployed model."),
    ("narrow", "Narrow", "Light end of the scale",
     "Lightweight, flexible open-source tools that do one thing well."),
    ("middle", "Middle of the road", "In between the two ends",
     "Products that integrate several steps of the ML lifecycle and try to do too much."),
    ("other", "Other", "Not placed on the scale",
     "Projects the essay names without placing them on the scale."),
)  # fmt: skip
SOURCE = "Synthetic catalog (mlseg_tui.bench.synth)"

INFRASTRUCTURE = ("managed", "self-hosted", "library")
STAGES = ("data", "experiment", "train", "track", "package", "deploy", "serve", "monitor")
FLEXIBILITY = ("opinionated", "structured", "flexible")
OPENNESS = ("closed", "open-core", "open-source")
GROWTH = ("enterprise", "both", "community")

METRIC_TOML = f"""
[metric]
stale_after_years = 3
bands = [
    {{ segment = "hand-holding", start = 0.65 }},
    {{ segment = "middle", start = 0.4 }},
    {{ segment = "narrow", start = 0.0 }},
]

[[criteria]]
id = "infrastructure"
question = "Does the product supply the infrastructure, or does the user run it?"
values = {json.dumps(INFRASTRUCTURE)}

[[criteria]]
id = "lifecycle"
question = "Which stages of the ML lifecycle does it carry?"
values = {json.dumps(STAGES)}
multiple = true
facet = "stage"
weight = 2

[[criteria]]
id = "flexibility"
question = "Is it opinionated, or does it bend to the user's need?"
values = {json.dumps(FLEXIBILITY)}

[[criteria]]
id = "openness"
question = "Is it closed and proprietary, open core, or open source?"
values = {json.dumps(OPENNESS)}

[[criteria]]
id = "growth"
question = "Does it grow through enterprise sales or through an open community?"
values = {json.dumps(GROWTH)}
"""


class AnswerDraw:
    """Seeded answers, from a stream of their own: the tools' other fields stay the same."""

    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed * 7919 + 17).random

    def pick(self, options: Sequence[str]) -> str:
        return options[int(self.random() * len(options))]

    def answers(self, license: str) -> Answers:
        if self.random() < 0.1:
            return ()
        count = 1 + int(self.random() * 4)
        start = int(self.random() * len(STAGES))
        stages = tuple(sorted({STAGES[(start + i) % len(STAGES)] for i in range(count)},
                              key=STAGES.index))  # fmt: skip
        openness = "closed" if license == "proprietary" else self.pick(OPENNESS[1:])
        return (
            ("infrastructure", (self.pick(INFRASTRUCTURE),)),
            ("lifecycle", stages),
            ("flexibility", (self.pick(FLEXIBILITY),)),
            ("openness", (openness,)),
            ("growth", (self.pick(GROWTH),)),
        )


def criteria_lines(answers: Answers, quote: Callable[[str], str]) -> list[str]:
    """The `[tools.criteria]` table of `answers`, as TOML lines (none for no answers);
    `quote` writes a TOML string."""
    if not answers:
        return []
    lines = ["", "[tools.criteria]"]
    for criterion_id, chosen in answers:
        if criterion_id == "lifecycle":
            lines.append(f"{criterion_id} = [{', '.join(map(quote, chosen))}]")
        else:
            lines.append(f"{criterion_id} = {quote(chosen[0])}")
    return lines


def segments_toml() -> str:
    """The four segments as the text of a `segments.toml`."""
    parts = []
    for segment_id, title, scale, definition in SEGMENTS:
        parts.append(
            "[[segments]]\n"
            f"id = {json.dumps(segment_id)}\n"
            f"title = {json.dumps(title)}\n"
            f"scale = {json.dumps(scale)}\n"
            f"definition = {json.dumps(definition)}\n"
            f"source = {json.dumps(SOURCE)}\n"
        )
    return "\n".join(parts) + METRIC_TOML
