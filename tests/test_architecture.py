"""The architecture is checked, not hoped for: layers, module sizes, private APIs.

The layer rules themselves live in pyproject.toml ([tool.importlinter]); docs/architecture.md
explains them.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "mlseg_tui"
MAX_LINES = 300
# The virtual list widget draws, scrolls and caches rows in one place.
LONGER_ALLOWED = {PACKAGE / "ui" / "widgets" / "tool_list.py": 400}
# The one module allowed to lean on Textual's private API (each use is tested there).
COMPAT = PACKAGE / "ui" / "compat.py"
# Public by the named tuple's contract despite the underscore.
NAMEDTUPLE_API = {"_replace", "_fields", "_asdict", "_make"}


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_import_contracts_hold() -> None:
    # The one installed beside this Python first: the README's venv is never activated.
    beside = Path(sys.executable).parent / "lint-imports"
    command = str(beside) if beside.is_file() else shutil.which("lint-imports")
    assert command is not None, "lint-imports is missing: install the test extras"
    done = subprocess.run(
        [command, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "KEPT" in done.stdout and "BROKEN" not in done.stdout, done.stdout


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_is_too_long(path: Path) -> None:
    limit = LONGER_ALLOWED.get(path, MAX_LINES)
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= limit, f"{path.relative_to(ROOT)} has {lines} lines (at most {limit})"


def _own_names(tree: ast.AST) -> set[str]:
    """Private names this module defines itself: its functions, classes, attributes and
    module globals. Reaching one of those on another object of its own kind is fine."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            names.add(node.attr)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.alias):
            names.add(node.asname or node.name.split(".")[-1])
        elif isinstance(node, ast.ClassDef):
            names.add(node.name)
    slots = [
        n.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        and any(getattr(target, "id", "") == "__slots__" for target in node.targets)
        for n in ast.walk(node.value)
        if isinstance(n, ast.Constant) and isinstance(n.value, str)
    ]
    return names | set(slots)


def _private_uses(tree: ast.AST) -> list[tuple[int, str]]:
    """`x._name` where `_name` is not this module's own (another library's private API)."""
    own = _own_names(tree)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute):
            continue
        name = node.attr
        if not name.startswith("_") or name.startswith("__") or name in own:
            continue
        if name in NAMEDTUPLE_API:
            continue
        found.append((node.lineno, name))
    return found


def _textual_private_names() -> set[str]:
    from textual.app import App
    from textual.screen import Screen
    from textual.scroll_view import ScrollView
    from textual.widgets import Input, OptionList, Static

    return {
        name
        for base in (App, Screen, ScrollView, Input, OptionList, Static)
        for name in dir(base)
        if name.startswith("_") and not name.startswith("__")
    }


def _private_overrides(tree: ast.AST) -> list[tuple[int, str]]:
    """Methods that override a private member of a Textual base class (`_watch_value`)."""
    private = _textual_private_names()
    return [
        (node.lineno, node.name)
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name in private
    ]


@pytest.mark.parametrize(
    "path", [p for p in modules() if p != COMPAT], ids=lambda p: str(p.relative_to(ROOT))
)
def test_no_private_api_of_another_object_outside_compat(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    uses = _private_uses(tree) + _private_overrides(tree)
    assert not uses, f"{path.relative_to(ROOT)}: private members used: {uses}"


def test_getattr_of_private_names_is_not_a_way_around() -> None:
    offenders = []
    for path in modules():
        if path == COMPAT:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", "") in ("getattr", "setattr", "hasattr")
                and len(node.args) >= 2
                and isinstance(node.args[1], ast.Constant)
                and str(node.args[1].value).startswith("_")
                and not str(node.args[1].value).startswith("__")
            ):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not offenders, f"private names reached through getattr: {offenders}"


def test_the_domain_imports_nothing_of_the_terminal() -> None:
    code = (
        "import sys, mlseg_tui.domain.edits, mlseg_tui.domain.placement, "
        "mlseg_tui.domain.collector, mlseg_tui.domain.text; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich', 'click')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
