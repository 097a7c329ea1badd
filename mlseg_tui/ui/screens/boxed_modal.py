"""The look every question and list of the browser shares: one box in the middle."""

from __future__ import annotations

from typing import ClassVar, TypeVar

from textual.screen import ModalScreen

Answer = TypeVar("Answer")


class BoxedModal(ModalScreen[Answer]):
    """A modal screen whose one child of class `modal-box` is centred, framed and titled."""

    DEFAULT_CSS: ClassVar[str] = """
    BoxedModal {
        align: center middle;
    }

    BoxedModal > .modal-box {
        border: round $border;
        border-title-color: $text-accent;
        border-title-style: bold;
        padding: 0 1;
        background: $surface;
        max-height: 100%;
    }

    /* A small terminal (the app's breakpoints apply to every screen): the box takes the
       whole width, and buttons lose their frame to take one line each. */
    BoxedModal.-tiny > .modal-box {
        width: 100% !important;
        max-width: 100% !important;
    }

    BoxedModal.-short > .modal-box {
        height: auto;
        max-height: 100% !important;
    }

    BoxedModal.-short Button,
    BoxedModal.-tiny Button {
        height: 1;
        min-width: 0;
        border: none !important;  /* a variant's border would leave no line for the label */
    }
    """
