"""The detail panel's view of the hand-holding metric (a tool's criteria answers, its score
and the segment the score suggests) and the highlighting of a search's words in its text."""

from __future__ import annotations

from textual.content import Content

from mlseg_tui.domain.criteria import answer_text, assess
from mlseg_tui.domain.model import Catalog, Tool
from mlseg_tui.domain.text import one_line, visible
from mlseg_tui.search.fulltext import word_spans

HEADING = "bold $text-accent"
LABEL = "bold"
MUTED = "$text-muted"
WARNING = "bold $text-warning"
# Where a search's word matched the tool's text.
FOUND = "bold underline $text-accent"


def highlighted(text: str, words: str) -> Content:
    """`text` (shown literally, controls made visible) with each word of it that starts
    with one of the search's `words` (folded, space-separated) marked."""
    shown = visible(text)
    content = Content(shown)
    for start, end in word_spans(words.split(), shown) if words else ():
        content = content.stylize(FOUND, start, end)
    return content


def metric_lines(catalog: Catalog, tool: Tool, placed: str | None = None) -> list[Content]:
    """The criteria block: the score, what it suggests (a disagreement said plainly), and
    each criterion's answer. Nothing when the catalog defines no criteria."""
    metric = catalog.metric
    if not metric.criteria:
        return []
    placed = placed or tool.segment
    assessment = assess(metric, tool.criteria, placed)
    lines = [Content(""), Content.styled("Hand-holding criteria", HEADING)]
    if assessment.score is None:
        missing = ", ".join(assessment.missing)
        lines.append(Content.styled(f"No score: not answered: {missing}.", MUTED))
    else:
        suggested = catalog.segment_title(assessment.suggested or "")
        lines.append(
            Content.assemble(
                ("Score: ", LABEL),
                f"{assessment.score:.2f}",
                (" (0 light … 1 heavy)", MUTED),
                (f"  suggests {one_line(suggested)}", "bold"),
            )
        )
        if assessment.disagrees:
            lines.append(
                Content.styled(
                    f"Disagreement: placed in {one_line(catalog.segment_title(placed))}, the "
                    f"criteria suggest {one_line(suggested)}. The placement stands; review it.",
                    WARNING,
                )
            )
    for criterion in metric.criteria:
        answer = answer_text(tool.criteria, criterion.id)
        lines.append(
            Content.assemble(
                (f"{criterion.id.replace('_', ' ').capitalize()}: ", LABEL),
                one_line(answer) if answer else ("not answered", MUTED),
            )
        )
    if tool.reviewed is not None:
        lines.append(Content.assemble(("Reviewed: ", LABEL), tool.reviewed.isoformat()))
    return lines
