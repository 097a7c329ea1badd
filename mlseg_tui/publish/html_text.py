"""Plain text to the HTML that radar descriptions hold, and back.

Build Your Own Radar renders a description as HTML (after its own sanitizer), so plain
reasoning is escaped on the way out; the way back reads any radar's HTML as text.
"""

from __future__ import annotations

import html
from html.parser import HTMLParser


def text_to_html(text: str) -> str:
    """`text` as HTML showing exactly those characters: escaped, newlines as <br>."""
    escaped = html.escape(text, quote=True).replace("\r", "&#13;")
    return escaped.replace("\n", "<br>")


class _TextOf(HTMLParser):
    """Collects the text of an HTML fragment: <br> is a newline, a paragraph or list item
    starts a new block, every other tag is dropped and entities are decoded."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def _break(self, separator: str) -> None:
        text = "".join(self.parts)
        if text and not text.endswith(separator):
            self.parts.append(separator)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag in {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul"}:
            self._break("\n\n")
        elif tag == "li":
            self._break("\n")
            self.parts.append("- ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_to_text(fragment: str) -> str:
    """The text an HTML description shows; the inverse of `text_to_html`."""
    parser = _TextOf()
    parser.feed(fragment)
    parser.close()
    return "".join(parser.parts)
