"""The tool form's answers to the hand-holding criteria: one field a criterion, built from
the catalog's own definitions (segments.toml), so only allowed values can be chosen.

A one-answer criterion is a Select with "(not answered)"; a several-answers one (the
lifecycle stages) is a list of checkboxes, where ticking nothing leaves it unanswered
until one is touched (then an empty set is the answer "none")."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from textual.content import Content
from textual.widget import Widget
from textual.widgets import Label, Select, SelectionList

from mlseg_tui.domain.criteria import Answers, Criterion
from mlseg_tui.domain.text import one_line

NOT_ANSWERED = "(not answered)"


def criterion_field(number: int) -> str:
    # By position: a criterion's id is the catalog's text, not a safe widget id. Its
    # widget is "field-" this, as the form's other fields are.
    return f"criterion-{number}"


def criteria_widgets(criteria: Sequence[Criterion], answers: Answers) -> Iterator[Widget]:
    """A heading, then a label and a field for each criterion, showing `answers`."""
    if not criteria:
        return
    given = dict(answers)
    yield Label(Content("Hand-holding criteria (the score's answers)"), classes="form-section")
    for number, criterion in enumerate(criteria):
        wid = f"field-{criterion_field(number)}"
        question = one_line(criterion.question or criterion.id)
        chosen = given.get(criterion.id)
        if criterion.multiple:
            hint = "space ticks; none ticked and untouched: not answered"
            yield Label(Content(f"{criterion.id}: {question} ({hint})"))
            yield SelectionList[str](
                *((Content(value), value, value in (chosen or ())) for value in criterion.values),
                id=wid,
            )
        else:
            yield Label(Content(f"{criterion.id}: {question}"))
            value = chosen[0] if chosen and chosen[0] in criterion.values else Select.NULL
            options = [(Content(value), value) for value in criterion.values]
            yield Select(options, value=value, prompt=NOT_ANSWERED, id=wid)


def answers_from(
    form: Widget, criteria: Sequence[Criterion], initial: Answers, touched: set[str]
) -> Answers:
    """The answers as the form's criteria fields show them now: `initial` with each
    criterion's answer replaced, removed when not answered (criteria the catalog does not
    define are kept as they were)."""
    answers = dict(initial)
    for number, criterion in enumerate(criteria):
        field = criterion_field(number)
        widget = form.query_one(f"#field-{field}")
        if isinstance(widget, SelectionList):
            ticked = set(widget.selected)
            if ticked or criterion.id in answers or field in touched:
                answers[criterion.id] = tuple(v for v in criterion.values if v in ticked)
        elif isinstance(widget, Select):
            if widget.value is Select.NULL:
                answers.pop(criterion.id, None)
            else:
                answers[criterion.id] = (str(widget.value),)
    return tuple(answers.items())
