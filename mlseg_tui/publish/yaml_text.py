"""A small YAML writer for plain data (dicts, lists, strings, booleans) in block style.

Every string is double-quoted with escapes, so no user text can be read back as another
type, a comment or structure; characters YAML does not allow raw are escaped.
"""

from __future__ import annotations

import json
import re
from typing import Any

# JSON escapes the C0 controls; YAML also refuses DEL, the C1 controls and the
# non-characters raw, and reads U+2028/U+2029 (and NEL) as line breaks.
_RAW_FOR_YAML = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def quoted(text: str) -> str:
    """`text` as a YAML double-quoted scalar (JSON's escapes are YAML's too)."""
    escaped = json.dumps(text, ensure_ascii=False)
    return _RAW_FOR_YAML.sub(lambda match: f"\\u{ord(match.group()):04x}", escaped)


_PLAIN_KEY = re.compile(r"[a-z_][a-z0-9_]*")
# Words YAML 1.1 readers take for booleans or null even as keys.
_RESERVED = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}


def _key(key: str) -> str:
    """Identifiers such as `homepage_url` stay plain; anything else is quoted."""
    return key if _PLAIN_KEY.fullmatch(key) and key not in _RESERVED else quoted(key)


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return quoted(value)
    raise TypeError(f"no YAML form for {type(value).__name__}")


def _block_lines(value: Any, indent: str) -> list[str]:
    """`value` (a dict or list) as block lines at `indent`."""
    out: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, dict | list) and item:
                out.append(f"{indent}{_key(key)}:")
                out += _block_lines(item, indent + "  ")
            elif isinstance(item, dict | list):
                out.append(f"{indent}{_key(key)}: {'{}' if isinstance(item, dict) else '[]'}")
            else:
                out.append(f"{indent}{_key(key)}: {_scalar(item)}")
        return out
    for item in value:
        if isinstance(item, dict | list) and item:
            inner = _block_lines(item, indent + "  ")
            out.append(f"{indent}- {inner[0].lstrip()}")
            out += inner[1:]
        elif isinstance(item, dict | list):
            out.append(f"{indent}- {'{}' if isinstance(item, dict) else '[]'}")
        else:
            out.append(f"{indent}- {_scalar(item)}")
    return out


def dump(value: dict[str, Any] | list[Any], header: str = "") -> str:
    """The YAML document for `value`, after `header` (comment lines, each starting '#')."""
    return header + "\n".join(_block_lines(value, "")) + "\n"
