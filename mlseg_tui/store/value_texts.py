"""The exact texts values had in a file before a save replaced them, so that a value
that comes back (an undone move) is written with its old bytes too."""

from __future__ import annotations

from pathlib import Path
from typing import Any

# (file, tool name, key, newline, value): which value, written where and how.
ValueKey = tuple[Path, str, str, str, Any]

# The oldest go beyond this many: a long session of saves must not grow without end.
VALUE_TEXTS_KEPT = 10_000


class ValueTexts:
    """Remembered value texts, the oldest forgotten first beyond `limit`."""

    def __init__(self, limit: int = VALUE_TEXTS_KEPT) -> None:
        self.limit = limit
        self._texts: dict[ValueKey, str] = {}

    def remember(self, key: ValueKey, text: str) -> None:
        texts = self._texts
        texts[key] = text
        while len(texts) > self.limit:
            del texts[next(iter(texts))]

    def recall(self, key: ValueKey) -> str | None:
        return self._texts.get(key)

    def __len__(self) -> int:
        return len(self._texts)
