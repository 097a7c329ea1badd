"""The `!` screen: every problem the loader found, as FILE:LINE:COL: severity: message."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from mlseg_tui.domain.model import Problem
from mlseg_tui.domain.text import one_line, plural
from mlseg_tui.ui.screens.boxed_modal import BoxedModal


def problem_line(problem: Problem) -> Content:
    style = "bold $text-error" if problem.is_error else "bold $text-warning"
    place = f"{one_line(str(problem.path))}:{problem.line}:{problem.column}: "
    return Content.assemble(place, (problem.severity, style), ": ", one_line(problem.message))


class ProblemsScreen(BoxedModal[None]):
    """Lists the catalog's problems; the tools with errors were left out of the browser."""

    DEFAULT_CSS: ClassVar[str] = """
    #problems-box {
        width: 90%;
        max-width: 100;
        height: 90%;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,exclamation_mark,q", "dismiss", "Close problems", id="problems.close"),
    ]

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__()
        self._problems = problems

    def compose(self) -> ComposeResult:
        errors = sum(problem.is_error for problem in self._problems)
        warnings = len(self._problems) - errors
        with VerticalScroll(id="problems-box", classes="modal-box") as box:
            box.border_title = f"Problems: {plural(errors, 'error')}, {plural(warnings, 'warning')}"
            box.border_subtitle = "esc closes"
            if self._problems:
                body = Content("\n").join(problem_line(problem) for problem in self._problems)
                if errors:
                    body = Content("\n").join(
                        [body, Content(""), Content("Tools with errors are not shown.")]
                    )
            else:
                body = Content("No problems: the catalog is valid.")
            yield Static(body, id="problems-body")
