"""Make user text safe to print: it is data, never terminal control."""

from __future__ import annotations

import re
import unicodedata

# Characters that would act on the terminal or reorder text instead of showing:
# C0/C1 controls, DEL, the bidirectional overrides/isolates, and lone surrogates. A file
# name's undecodable bytes arrive as surrogates \udc80-\udcff (os.fsdecode), and an
# output stream with errors="surrogateescape" writes them back as the raw bytes, C1
# controls among them.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ud800-\udfff]"
)
_NAMED = {"\x1b": "␛", "\t": "␉", "\r": "␍", "\n": "␤"}


def _show(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte of a file name: show the byte
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """`text` with every control, zero-width or bidi-override character shown as a symbol.

    Newlines and tabs are kept for multi-line fields; use `one_line` for a single row.
    """
    return _INVISIBLE.sub(_show, text)


def name_key(name: str) -> str:
    """How names sort for people: ignoring case and accents ("Élan" with "elan"), so
    "TensorFlow" comes before "TensorFlow Serving" and "apache" beside "Apache"."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def one_line(text: str) -> str:
    """`visible(text)` folded onto one line: newlines and tabs become visible symbols."""
    return re.sub("[\t\n\r]", _show, visible(text))


# Long text shown on screen is cut here: drawing megabytes of one reasoning would freeze
# the browser each time its tool is highlighted. The file keeps it all.
SHOWN_CHARACTERS = 10_000


def clipped(text: str, limit: int = SHOWN_CHARACTERS) -> str:
    """`text`, or its first `limit` characters and a note of how many more there are."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({plural(len(text) - limit, 'more character')}, not shown)"


def plural(count: int, noun: str, many: str | None = None) -> str:
    """`count` and `noun`, the noun in the plural unless the count is one: "1 error",
    "2 errors", "3 matches". `many` gives an irregular plural."""
    if count == 1:
        return f"{count} {noun}"
    if many is None:
        many = noun + ("es" if noun.endswith(("s", "x", "ch", "sh")) else "s")
    return f"{count} {many}"


def check_utf8(text: str, what: str) -> None:
    """Raise ValueError when `text` holds what no UTF-8 file can: a command line's
    undecodable bytes arrive as lone surrogates."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        bad = text[error.start]
        shown = f"0x{ord(bad) - 0xDC00:02x}" if 0xDC80 <= ord(bad) <= 0xDCFF else repr(bad)
        raise ValueError(
            f"{what} is not UTF-8 text ({shown} at character {error.start + 1})"
        ) from None
