"""Deterministic synthetic catalogs: plausible tech-product tools for tests and benchmarks.

`synth_tools(n, seed)` always returns the same tools for the same arguments, so benchmark
numbers and test failures are reproducible. Names and aliases are unique ignoring case,
as the loader demands. `write_catalog` writes them as a catalog folder the loader reads.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Literal, TypeVar

from mlseg_tui.bench.synth_segments import AnswerDraw, criteria_lines, segments_toml
from mlseg_tui.bench.synth_words import (
    ALIAS_DRAW,
    CODAS,
    DOMAINS,
    ENDINGS,
    KINDS,
    LICENSES,
    NUCLEI,
    ONSETS,
    REASONS,
    SEGMENT_DRAW,
    STEMS,
    TAGS,
    VENDORS,
    WORDS,
)
from mlseg_tui.domain.model import SEGMENT_IDS, EssayListing, HistoryEntry, SourceRef, Tool

T = TypeVar("T")


class _Draw:
    """Seeded picks; indexing by random() is several times faster than Random.choice."""

    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed).random

    def pick(self, options: Sequence[T]) -> T:
        return options[int(self.random() * len(options))]

    def name(self) -> str:
        pick, form = self.pick, self.random()
        if form < 0.25:
            return pick(STEMS) + pick(ENDINGS)
        if form < 0.45:
            return f"{pick(STEMS)}{pick(ENDINGS)} {pick(WORDS)}"
        if form < 0.55:
            return f"{pick(STEMS)} {pick(WORDS)}"
        if form < 0.65:
            return f"{pick(VENDORS)} {pick(STEMS)}{pick(ENDINGS)}"
        if form < 0.75:
            # CamelCase compounds such as "GraphPipe" or "NeuroMesh".
            return pick(STEMS) + pick(ENDINGS).capitalize()
        if form < 0.92:
            word = self.brand_word()
            return word if self.random() < 0.6 else f"{word} {pick(WORDS)}"
        if form < 0.96:
            return f"{pick(STEMS)}{pick(ENDINGS)}{pick(DOMAINS)}"
        return f"{pick(STEMS)} & {pick(STEMS)}"

    def brand_word(self) -> str:
        """A made-up word of two or three syllables, such as "Zorvat" or "Kelimo"."""
        pick = self.pick
        word = pick(ONSETS) + pick(NUCLEI) + pick(ONSETS) + pick(NUCLEI)
        if self.random() < 0.33:
            word += pick(ONSETS) + pick(NUCLEI)
        return (word + pick(CODAS)).capitalize()

    def aliases(self, name: str, wanted: int, used: set[str]) -> tuple[str, ...]:
        """Up to `wanted` aliases of the kinds real tools have, unused so far (casefolded)."""
        words = name.replace("&", " ").split()
        stem = words[0].split(".")[0]
        kinds: list[Callable[[], str]] = [
            lambda: "".join(word[0] for word in words).upper(),  # initials: "QFS"
            lambda: "".join(words).lower(),  # joined: "quantflowserve"
            lambda: " ".join(words[1:]) if words[0] in VENDORS else "",  # "Quantflow"
            lambda: name.lower()[:4] if len(words) == 1 else "",  # short form: "quan"
            lambda: stem + self.pick(DOMAINS),  # "Quantflow.ai"
            self.name,  # a former name
            lambda: f"{name}-{2 + int(self.random() * 8)}",  # a version: "Kelimo-3"
        ]
        first = int(self.random() * len(kinds))
        found: list[str] = []
        for kind in kinds[first:] + kinds[:first]:
            if len(found) == wanted:
                break
            alias = kind()
            folded = alias.casefold()
            if alias.strip() and folded not in used:
                used.add(folded)
                found.append(alias)
        return tuple(found)


def synth_tools(n: int, seed: int = 0) -> list[Tool]:
    """`n` plausible tools, the same for the same `seed`; keys unique ignoring case.

    Each has 0-3 aliases, a segment (skewed like the real catalog), a reasoning sentence,
    tags, and the optional fields filled now and then; about 2% carry a move in history.
    Nine in ten answer the metric's criteria (synth_criteria.py).
    """
    draw = _Draw(seed)
    pick, chance = draw.pick, draw.random
    answers = AnswerDraw(seed)
    used: set[str] = set()
    tools: list[Tool] = []
    path = Path("synthetic.toml")
    for index in range(n):
        name = draw.name()
        attempt = 1
        while name.casefold() in used:
            # Past a few tries the small word pools are crowded; a number keeps it unique.
            attempt += 1
            name = draw.name() if attempt < 8 else f"{draw.name()} {attempt}"
        used.add(name.casefold())
        aliases = draw.aliases(name, pick(ALIAS_DRAW), used)
        segment = pick(SEGMENT_DRAW)
        kind = pick(KINDS)
        tags = tuple(sorted({pick(TAGS) for _ in range(1 + int(chance() * 4))}))
        history: tuple[HistoryEntry, ...] = ()
        if chance() < 0.02:
            # A few moved tools, so writers and readers of history get exercised.
            old = pick([other for other in SEGMENT_IDS if other != segment])
            history = (
                HistoryEntry(
                    dt.date(2026, 1 + index % 12, 1 + index % 28),
                    old,
                    segment,
                    'Re-read the essay\'s "narrow" argument',
                    f"Placed in {old} at first.",
                ),
            )
        tools.append(
            Tool(
                name=name,
                segment=segment,
                reasoning=f"{name} sits here because {REASONS[segment]}.",
                source=SourceRef(path, index),
                aliases=aliases,
                tentative=chance() < 0.1,
                kind=kind,
                description=f"A {kind} for {' and '.join(tags)}.",
                vendor=name.split()[0] if chance() < 0.5 else "",
                homepage=f"https://{_slug(name)}.example.com/",
                open_source=chance() < 0.6,
                license=pick(LICENSES),
                tags=tags,
                essay=EssayListing((name,), (segment,)) if chance() < 0.05 else None,
                history=history,
            )
        )
        tools[-1].criteria = answers.answers(tools[-1].license)
    return tools


# ---------------------------------------------------------------------------- writing


_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f",
            "\r": "\\r"}  # fmt: skip
# Every character a TOML basic string may not hold literally.
_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x1f\x7f]')


def toml_string(text: str) -> str:
    """`text` as a TOML basic string, quotes and control characters escaped."""
    return '"' + _NEEDS_ESCAPE.sub(_escape_char, text) + '"'


def _escape_char(match: re.Match[str]) -> str:
    char = match.group()
    return _ESCAPES.get(char) or f"\\u{ord(char):04x}"


def _strings(values: Iterable[str]) -> str:
    return "[" + ", ".join(map(toml_string, values)) + "]"


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "tool"


def tool_toml(tool: Tool) -> str:
    """One `[[tools]]` table (with its essay and history sub-tables) as TOML text."""
    lines = [
        "[[tools]]",
        f"name = {toml_string(tool.name)}",
        f"segment = {toml_string(tool.segment)}",
        f"reasoning = {toml_string(tool.reasoning)}",
    ]
    if tool.aliases:
        lines.append(f"aliases = {_strings(tool.aliases)}")
    if tool.tentative:
        lines.append("tentative = true")
    for field in ("kind", "description", "vendor", "homepage", "repository"):
        value: str = getattr(tool, field)
        if value:
            lines.append(f"{field} = {toml_string(value)}")
    for flag in ("homepage_historical", "open_source"):
        if getattr(tool, flag) is not None and (flag == "open_source" or getattr(tool, flag)):
            lines.append(f"{flag} = {'true' if getattr(tool, flag) else 'false'}")
    for field in ("license", "sdk_license", "status"):
        value = getattr(tool, field)
        if value:
            lines.append(f"{field} = {toml_string(value)}")
    if tool.tags:
        lines.append(f"tags = {_strings(tool.tags)}")
    if tool.essay is not None:
        lines += ["", "[tools.essay]", f"listed_as = {_strings(tool.essay.listed_as)}"]
        lines.append(f"segments = {_strings(tool.essay.segments)}")
        lines += [f"positions = {list(tool.essay.positions)}"] if tool.essay.positions else []
        if tool.essay.note:
            lines.append(f"note = {toml_string(tool.essay.note)}")
    lines += _facts_toml(tool)
    lines += criteria_lines(tool.criteria, toml_string)
    for entry in tool.history:
        lines += ["", "[[tools.history]]", f"date = {entry.date.isoformat()}"]
        moved = (("from", entry.from_segment), ("to", entry.to_segment))
        lines += [f"{key} = {toml_string(value)}" for key, value in moved]
        if entry.reason:
            lines.append(f"reason = {toml_string(entry.reason)}")
        if entry.previous_reasoning:
            lines.append(f"previous_reasoning = {toml_string(entry.previous_reasoning)}")
    return "\n".join(lines) + "\n"


def _facts_toml(tool: Tool) -> list[str]:
    """The tool's [[tools.sources]] and [[tools.events]] tables."""
    lines = []
    for table, items, keys in (
        ("sources", tool.sources, ("url", "supports")),
        ("events", tool.events, ("date", "kind", "what", "source")),
    ):
        for item in items:
            lines += ["", f"[[tools.{table}]]"]
            lines += [f"{key} = {toml_string(getattr(item, key))}" for key in keys]
            lines += ["secondary = true"] if item.secondary else []
    return lines


def write_catalog(
    root: Path,
    tools: Sequence[Tool],
    layout: Literal["per-file", "single-file"] = "per-file",
) -> None:
    """Write `segments.toml` and the tools under `root`, in the catalog format.

    "per-file" writes one `tools/<slug>.toml` per tool (the bundled layout);
    "single-file" writes every tool into one `tools.toml`.
    """
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    (root / "segments.toml").write_text(segments_toml(), encoding="utf-8")
    if layout == "single-file":
        text = "\n".join(tool_toml(tool) for tool in tools)
        (root / "tools.toml").write_text(text, encoding="utf-8")
        return
    if layout != "per-file":
        raise ValueError(f"unknown layout {layout!r}")
    folder = root / "tools"
    folder.mkdir(exist_ok=True)
    taken: set[str] = set()
    for tool in tools:
        slug = base = _slug(tool.name)
        number = 1
        while slug in taken:
            # "H2O.ai" and "H2O-ai" share a slug; files must not overwrite each other.
            number += 1
            slug = f"{base}-{number}"
        taken.add(slug)
        (folder / f"{slug}.toml").write_text(tool_toml(tool), encoding="utf-8")
