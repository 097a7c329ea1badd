"""The form that adds a tool (`a`) or edits one (`e`): every field of the format, each with
its error shown as you type and on submit. ctrl+s or OK accepts; escape cancels, asking
first when something was typed.

The rules are the catalog's (catalog.tool_rules, handed in as `check`), the same the CLI
applies. What is typed is data: it is never read as markup.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import (
    Button,
    Checkbox,
    Input,
    Label,
    Select,
    SelectionList,
    Static,
    TextArea,
)

from mlseg_tui.catalog.tool_rules import FieldProblem
from mlseg_tui.domain.criteria import Criterion
from mlseg_tui.domain.facts import STATUSES
from mlseg_tui.domain.model import Segment
from mlseg_tui.domain.text import one_line
from mlseg_tui.domain.tool_values import ToolValues
from mlseg_tui.ui.screens.boxed_modal import BoxedModal
from mlseg_tui.ui.screens.criteria_fields import answers_from, criteria_widgets

# (field, label, kind, hint): the form's fields in the order of the bundled files' keys.
FORM_FIELDS: tuple[tuple[str, str, str, str], ...] = (
    ("name", "Name", "line", ""),
    ("segment", "Segment", "segment", ""),
    ("reasoning", "Reasoning: why it sits in its segment", "text", ""),
    ("aliases", "Aliases", "list", "other names, comma-separated"),
    ("tentative", "Tentative placement", "flag", ""),  # short: fits at 40 columns
    ("description", "Description", "text", "what it does"),
    ("vendor", "Vendor", "line", "who makes or stewards it"),
    ("homepage", "Homepage", "line", "https://..."),
    ("repository", "Repository", "line", "https://..."),
    ("license", "Licence", "line", "an SPDX id such as Apache-2.0, or proprietary"),
    ("status", "Status", "status", ""),
    ("tags", "Tags", "list", "free labels, comma-separated"),
)
NEW_FILE = "(a new file of its own)"


@dataclass(frozen=True)
class FormResult:
    """What the form was accepted with: the tool's values and, for a new tool, the file
    it goes to (None: a file of its own)."""

    values: ToolValues
    file: Path | None = None


Check = Callable[[ToolValues], list[FieldProblem]]


def split_list(text: str) -> tuple[str, ...]:
    """A comma-separated field as its items, blanks between commas dropped."""
    return tuple(item.strip() for item in text.split(",") if item.strip())


class ToolForm(BoxedModal[FormResult | None]):
    """Dismisses with a FormResult, or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "accept", "Accept the form", id="form.accept"),
        Binding("escape", "cancel", "Cancel (asks when something was typed)", id="form.cancel"),
    ]

    DEFAULT_CSS: ClassVar[str] = """
    #form-box { width: 80; max-width: 96%; height: 90%; }
    #form-box Label { width: 100%; color: $text-muted; padding: 1 0 0 0; }
    #form-box Input, #form-box Select { width: 100%; }
    #form-box TextArea { height: 5; }
    #form-box SelectionList { height: auto; max-height: 10; }
    #form-box .form-section { color: $text-accent; text-style: bold; padding: 2 0 0 0; }
    #form-box #field-description { height: 4; }
    #form-box .field-error { color: $text-error; display: none; }
    #form-box .field-error.-shown { display: block; }
    #form-buttons { height: auto; align: center middle; padding: 1 0 0 0; }
    #form-buttons Button { margin: 0 1; }
    """

    def __init__(
        self,
        title: str,
        values: ToolValues,
        segments: Sequence[Segment],
        check: Check,
        files: Sequence[tuple[str, Path | None]] = (),
        file: Path | None = None,
        criteria: Sequence[Criterion] = (),
    ) -> None:
        """`files`: the files a new tool may go to (label, path; None: one of its own),
        none for an edit; `file`: the one chosen at first."""
        super().__init__()
        self._title = title
        self._initial = values
        self._segments = list(segments)
        self._check = check
        self._files = list(files)
        self._file = file
        self._criteria = list(criteria)
        self._touched: set[str] = set()
        self._submitted = False
        self._asked = False

    def compose(self) -> ComposeResult:
        values = self._initial
        with VerticalScroll(id="form-box", classes="modal-box") as box:
            box.border_title = Content(self._title)
            box.border_subtitle = "ctrl+s accepts · esc cancels"
            for field, label, kind, hint in FORM_FIELDS:
                if kind != "flag":
                    yield Label(Content(label), id=f"label-{field}")
                yield self._widget(field, label, kind, hint, values.get(field))
                yield Static("", id=f"error-{field}", classes="field-error")
            yield from criteria_widgets(self._criteria, values.criteria)
            if self._files:
                yield Label(Content("File: where the new tool is written"), id="label-file")
                options = [(Content(text), str(path or "")) for text, path in self._files]
                yield Select(
                    options, value=str(self._file or ""), allow_blank=False, id="field-file"
                )
            with Horizontal(id="form-buttons"):
                yield Button(Content("OK (ctrl+s)"), variant="primary", id="form-ok")
                yield Button(Content("Cancel (esc)"), id="form-cancel")

    def _widget(self, field: str, label: str, kind: str, hint: str, value: Any) -> Widget:
        wid = f"field-{field}"
        if kind == "text":
            return TextArea(value, id=wid, soft_wrap=True, tab_behavior="focus", placeholder=hint)
        if kind == "flag":
            return Checkbox(Content(label), bool(value), id=wid)
        if kind == "segment":
            options = [(Content(one_line(s.title)), s.id) for s in self._segments]
            ids = [s.id for s in self._segments]
            return Select(options, value=value if value in ids else ids[0], allow_blank=False,
                          id=wid)  # fmt: skip
        if kind == "status":
            options = [(Content(status), status) for status in STATUSES]
            return Select(options, value=value or Select.NULL, prompt="(not set)", id=wid)
        text = ", ".join(value) if kind == "list" else value
        return Input(text, id=wid, placeholder=hint, select_on_focus=False)

    def on_mount(self) -> None:
        self.query_one("#field-name", Input).focus()

    # --- reading and checking ---------------------------------------------------------

    def values(self) -> ToolValues:
        """The values as typed now."""
        changes: dict[str, Any] = {}
        for field, _, kind, _ in FORM_FIELDS:
            widget = self.query_one(f"#field-{field}")
            if isinstance(widget, TextArea):
                changes[field] = widget.text
            elif isinstance(widget, Checkbox):
                changes[field] = widget.value
            elif isinstance(widget, Select):
                chosen = widget.value
                changes[field] = "" if chosen is Select.NULL else str(chosen)
            elif isinstance(widget, Input):
                changes[field] = split_list(widget.value) if kind == "list" else widget.value
        answers = answers_from(self, self._criteria, self._initial.criteria, self._touched)
        return self._initial.replace(**changes, criteria=answers)

    def chosen_file(self) -> Path | None:
        if not self._files:
            return None
        chosen = self.query_one("#field-file", Select).value
        return Path(str(chosen)) if chosen and chosen is not Select.NULL else None

    def show_problems(self) -> list[FieldProblem]:
        """Check the values; show each problem under its field (once touched or submitted)."""
        problems = self._check(self.values())
        by_field = {problem.field: problem.message for problem in problems}
        for field, *_ in FORM_FIELDS:
            error = self.query_one(f"#error-{field}", Static)
            message = by_field.get(field, "")
            shown = bool(message) and (self._submitted or field in self._touched)
            error.update(Content(one_line(message)) if shown else Content(""))
            error.set_class(shown, "-shown")
        return problems

    def _changed(self, widget: Widget | None) -> None:
        if widget is not None and widget.id and widget.id.startswith("field-"):
            self._touched.add(widget.id.removeprefix("field-"))
        self.show_problems()

    def on_input_changed(self, event: Input.Changed) -> None:
        self._changed(event.input)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self._changed(event.text_area)

    def on_select_changed(self, event: Select.Changed) -> None:
        self._changed(event.select)

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        self._changed(event.checkbox)

    def on_selection_list_selection_toggled(self, event: SelectionList.SelectionToggled) -> None:
        self._changed(event.selection_list)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()  # enter moves on; ctrl+s accepts

    # --- accepting and cancelling -----------------------------------------------------

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "form-ok":
            self.action_accept()
        else:
            self.action_cancel()

    def action_accept(self) -> None:
        self._submitted = True
        problems = self.show_problems()
        if problems:
            self.app.bell()
            first = self.query_one(f"#field-{problems[0].field}")
            first.focus()
            self.query_one("#form-box", VerticalScroll).scroll_to_widget(first, animate=False)
            return
        self.dismiss(FormResult(self.values(), self.chosen_file()))

    def typed(self) -> bool:
        """Whether anything differs from what the form opened with."""
        return self.values() != self._initial or self.chosen_file() != self._file

    def action_cancel(self) -> None:
        if not self.typed():
            self.dismiss(None)
            return
        if self._asked:
            return
        from mlseg_tui.ui.screens.discard_screen import DiscardScreen

        def answered(choice: str | None) -> None:
            self._asked = False
            if choice == "discard":
                self.dismiss(None)

        self._asked = True
        self.app.push_screen(DiscardScreen(), answered)
