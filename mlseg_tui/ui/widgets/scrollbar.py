"""A vertical scrollbar that follows a widget's rows without a layout pass of the screen."""

from __future__ import annotations

from textual.widget import Widget


def update_vertical_scrollbar(widget: Widget) -> None:
    """Show, hide and size `widget`'s vertical scrollbar for its `virtual_size`, as
    Textual's layout pass does, for a widget with no horizontal scrollbar (overflow-x
    hidden). Only a bar that appears or vanishes asks for a layout: `show_vertical_scrollbar`
    is a layout reactive, and an unchanged value assigned to it does nothing."""
    rows = widget.virtual_size.height
    size = widget.container_size
    if size:  # not laid out yet (or hidden): the layout pass decides
        overflow = widget.styles.overflow_y
        show = overflow == "scroll" or (overflow == "auto" and rows > size.height)
        shown = widget.show_vertical_scrollbar
        widget.show_vertical_scrollbar = show
        if show or shown:  # asking for the bar creates it: not while it is not needed
            widget.vertical_scrollbar.display = show
    if widget.show_vertical_scrollbar and widget.styles.scrollbar_size_vertical:
        bar = widget.vertical_scrollbar
        bar.window_virtual_size = rows
        bar.window_size = size.height - widget.scrollbar_size_horizontal
        bar.refresh()
    widget.scroll_y = widget.validate_scroll_y(widget.scroll_y)
