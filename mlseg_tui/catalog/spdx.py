"""Which licence values a catalog may use: a current SPDX id, or `proprietary`.

The ids are data shipped with the package (spdx_licenses.txt), read once when first needed.
"""

from __future__ import annotations

import functools
from pathlib import Path

from mlseg_tui.domain.facts import PROPRIETARY

_DATA = Path(__file__).with_name("spdx_licenses.txt")


@functools.cache
def spdx_ids() -> tuple[frozenset[str], frozenset[str]]:
    """The current SPDX license ids and the deprecated ones."""
    current: set[str] = set()
    deprecated: set[str] = set()
    for line in _DATA.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        license_id, _, flag = line.partition(" ")
        (deprecated if flag == "deprecated" else current).add(license_id)
    return frozenset(current), frozenset(deprecated)


def licence_ok(value: str) -> bool:
    return value == PROPRIETARY or value in spdx_ids()[0]


def licence_problem(key: str, value: str) -> str | None:
    """Why `value` may not be the tool's `key` (license or sdk_license), or None if it may."""
    if licence_ok(value):
        return None
    current, deprecated = spdx_ids()
    if value in deprecated:
        choices = replacements(value, current)
        use = f"; use {' or '.join(choices)}" if choices else ""
        return f"`{key}` {value!r} is a deprecated SPDX id{use}"
    same = [license_id for license_id in current if license_id.lower() == value.lower()]
    hint = f" (did you mean {same[0]!r}?)" if same else ""
    return f"`{key}` {value!r} is not a current SPDX license id or {PROPRIETARY!r}{hint}"


def replacements(deprecated_id: str, current: frozenset[str]) -> list[str]:
    """The current ids that replace a deprecated one: GPL-2.0+ -> GPL-2.0-or-later,
    AGPL-3.0 -> AGPL-3.0-only or AGPL-3.0-or-later."""
    if deprecated_id.endswith("+"):
        candidates = [deprecated_id[:-1] + "-or-later"]
    else:
        candidates = [deprecated_id + "-only", deprecated_id + "-or-later"]
    return [candidate for candidate in candidates if candidate in current]
