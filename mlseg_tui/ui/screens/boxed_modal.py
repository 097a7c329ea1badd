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
    }
    """
