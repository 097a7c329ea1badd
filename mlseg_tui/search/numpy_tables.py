"""The numpy engine's build: every key laid out in one text, and its tables.

Functions of arrays; numpy is passed in (`np`), never imported here, so that importing
the search does not import numpy. Steps that would make temporaries of several bytes a
character work one block at a time.
"""

from __future__ import annotations

import string
from collections.abc import Sequence
from itertools import chain
from operator import add
from typing import TYPE_CHECKING, Any

from mlseg_tui.domain.model import Tool
from mlseg_tui.search.keys import NAME_OF, aligned_key, fold, search_aliases

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    IntArray = npt.NDArray[np.int32]

ALNUM_BITS = {char: 1 << bit for bit, char in enumerate(string.ascii_lowercase + string.digits)}
# Keys per step of the build steps that make temporaries per key (the fuzzy bit masks).
_KEY_BLOCK = 1 << 14
# Text positions per step of the other build steps that would take several bytes of
# temporaries per character.
_BLOCK = 1 << 18


def flat_keys(np: Any, tools: Sequence[Tool]) -> tuple[list[str], IntArray, IntArray]:
    """Every key's text, tool by tool (name first), each key's tool, each tool's first key."""
    aliases = search_aliases(tools)
    counts = np.fromiter(map(len, aliases), dtype=np.int32, count=len(aliases)) + 1
    try:
        texts = list(chain.from_iterable(map(add, zip(map(NAME_OF, tools)), aliases)))
    except TypeError:  # aliases given as a list rather than the model's tuple
        texts = [
            key for tool, more in zip(tools, aliases, strict=True) for key in (tool.name, *more)
        ]
    key_tool = np.repeat(np.arange(len(tools), dtype=np.int32), counts)
    tool_first = np.zeros(len(tools), dtype=np.int32)
    np.cumsum(counts[:-1], out=tool_first[1:])
    return texts, key_tool, tool_first


def joined_keys(texts: list[str]) -> tuple[str, str]:
    """Every key folded, NUL-joined; and the same keys in the form position_classes reads."""
    joined = "\x00".join(texts)
    if joined.count("\x00") == max(len(texts) - 1, 0):
        folded = joined.casefold()
        if len(folded) == len(joined):
            # Folding never shortens a character, so every key kept its length.
            return folded, joined
    folded_keys = list(map(fold, texts))
    return "\x00".join(folded_keys), "\x00".join(map(aligned_key, texts, folded_keys))


def key_classes(np: Any, aligned: str, starts: IntArray, ends: IntArray) -> Any:
    """position_classes of every key in `aligned` (the NUL-joined keys), one block of keys
    at a time: at once, its temporaries would take several bytes a character."""
    classes = np.zeros(int(ends[-1]) + 1 if ends.size else 0, dtype=np.int8)
    if not classes.size:
        return classes
    cuts = np.unique(starts.searchsorted(np.arange(0, classes.size, _BLOCK)))
    cuts = cuts[cuts < starts.size].tolist()  # the first key of each block
    for first, last in zip(cuts, [*cuts[1:], starts.size], strict=True):
        lo, hi = int(starts[first]), int(ends[last - 1])  # keys first..last-1, with NULs
        block = class_array(np, aligned[lo:hi], starts[first:last] - lo)
        classes[lo : lo + block.size] = block
    return classes


def group_positions(
    np: Any, codes: Any, classes: Any, starts: IntArray, ends: IntArray
) -> tuple[IntArray, Any, Any, dict[int, tuple[int, int]]]:
    """Every text position but the NULs grouped by character, in text order within one, as
    its key id and its offset in that key; its class; and each character's bounds.

    An offset takes a byte where every key is shorter than 256 characters, a text position
    four. A stable counting sort done one block of positions at a time, so that temporaries
    stay the size of a block: one argsort of all positions would take 8 bytes a character.
    """
    counts = np.bincount(codes) if codes.size else np.zeros(1, dtype=np.int64)
    counts[0] = 0  # one NUL follows each key; no query holds one
    firsts = np.zeros(counts.size, dtype=np.int64)
    np.cumsum(counts[:-1], out=firsts[1:])
    total = int(counts.sum())
    longest = int((ends - starts).max()) if starts.size else 0
    offset_type = np.uint8 if longest < 256 else np.uint16 if longest < 65536 else np.int32
    owners_out = np.empty(total, dtype=np.int32)
    offsets_out = np.empty(total, dtype=offset_type)
    classes_out = np.empty(total, dtype=classes.dtype)
    free = firsts.copy()  # each character's next free slot
    lengths = ends - starts + 1  # with the NUL
    for lo in range(0, codes.size, _BLOCK):
        hi = min(lo + _BLOCK, codes.size)
        block = codes[lo:hi]
        order = np.argsort(block, kind="stable")
        block_counts = np.bincount(block, minlength=counts.size)
        order = order[block_counts[0] :]  # the NULs sort first
        block_counts[0] = 0
        block_firsts = np.cumsum(block_counts) - block_counts
        sorted_codes = block.take(order)
        slots = free.take(sorted_codes) + (np.arange(order.size) - block_firsts.take(sorted_codes))
        free += block_counts
        # The keys that hold positions lo..hi-1, one key id per position.
        first, last = ends.searchsorted(lo), ends.searchsorted(hi - 1)
        owners = np.repeat(np.arange(first, last + 1, dtype=np.int32), lengths[first : last + 1])
        skip = lo - int(starts[first])
        owners = owners[skip : skip + block.size].take(order)
        owners_out[slots] = owners
        offsets_out[slots] = order + lo - starts.take(owners)
        classes_out[slots] = classes[lo:hi].take(order)
    present = np.flatnonzero(counts).tolist()
    bounds = {code: (int(firsts[code]), int(firsts[code] + counts[code])) for code in present}
    return owners_out, offsets_out, classes_out, bounds


def key_masks(np: Any, codes: Any, starts: IntArray) -> Any:
    """Per key, one bit for each ASCII letter or digit it holds (the fuzzy pre-filter)."""
    bits = np.zeros(256, dtype=np.uint64)
    for char, bit in ALNUM_BITS.items():
        bits[ord(char)] = bit
    narrow = codes if codes.dtype == np.uint8 else np.minimum(codes, 255).astype(np.uint8)
    masks = np.zeros(starts.size, dtype=np.uint64)
    for lo in range(0, starts.size, _KEY_BLOCK):
        hi = min(lo + _KEY_BLOCK, starts.size)
        begin = int(starts[lo])
        end = int(starts[hi]) if hi < starts.size else narrow.size
        masks[lo:hi] = np.bitwise_or.reduceat(bits[narrow[begin:end]], starts[lo:hi] - begin)
    return masks


def code_array(np: Any, text: str) -> Any:
    """`text` as an array of code points, one byte each when it is Latin-1."""
    try:
        return np.frombuffer(text.encode("latin-1"), dtype=np.uint8)
    except UnicodeEncodeError:
        return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)


def _char_table(np: Any, codes: Any, test: str) -> Any:
    """`codes` mapped through a str predicate such as "isalnum", computed once per char."""
    if codes.dtype == np.uint8:
        table = np.array([getattr(chr(c), test)() for c in range(256)], dtype=bool)
        return table[codes]
    alphabet = np.unique(codes)
    table = np.array([getattr(chr(c), test)() for c in alphabet.tolist()], dtype=bool)
    return table[alphabet.searchsorted(codes)]


def class_array(np: Any, aligned: str, starts: Any) -> Any:
    """position_classes for every key at once, over the NUL-joined aligned keys."""
    codes = code_array(np, aligned)
    alnum = _char_table(np, codes, "isalnum")
    upper = _char_table(np, codes, "isupper")
    lower = _char_table(np, codes, "islower")
    start = np.zeros(codes.size, dtype=bool)
    start[1:] = alnum[1:] & (
        ~alnum[:-1] | (upper[1:] & lower[:-1]) | (upper[1:] & upper[:-1] & _next(np, lower))
    )
    classes = start.astype(np.int8)
    classes[starts] = 2
    return classes


def _next(np: Any, flags: Any) -> Any:
    # flags shifted left by one, False past the end; aligned with positions 1..n-1.
    shifted = np.zeros(max(flags.size - 1, 0), dtype=bool)
    shifted[:-1] = flags[2:]
    return shifted
