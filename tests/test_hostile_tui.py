"""Text that fights the terminal, in the browser: it shows literally, never acts.

Names, aliases, reasoning, segment titles, file and folder names hold Rich/Textual markup,
ANSI and OSC escape sequences, other controls, zero-width and bidi characters, wide CJK
and emoji. Each test drives the app and asserts on the rendered screen (every cell) and
on the exact output a repaint would send to a terminal (see tests/screen.py).
"""

from __future__ import annotations

from pathlib import Path

from rich.cells import cell_len
from textual.content import Content
from textual.widgets import Static

from mlseg_tui.catalog.load import load_catalog
from mlseg_tui.domain.text import one_line, visible
from mlseg_tui.ui.app import CatalogApp
from tests.conftest import settle
from tests.corpus import (
    HOSTILE_ALIASES,
    HOSTILE_NAMES,
    HOSTILE_REASONING,
    HOSTILE_TITLE,
    build_hostile_catalog,
    files,
    toml_string,
    tool,
)
from tests.screen import (
    assert_lines_fill_the_width,
    assert_screen_is_inert,
    screen_text,
    wait_for,
    wait_for_notice,
)

WIDE = (200, 45)


def hostile_app(root: Path, label: str | None = "catalog") -> CatalogApp:
    build_hostile_catalog(root)
    return CatalogApp(load_catalog(root, use_cache=False), label=label)


def border_columns(line: str) -> list[int]:
    """Cell offsets of the vertical pane borders on a screen line."""
    return [cell_len(line[:i]) for i, char in enumerate(line) if char in "│╭╮╰╯┃"]


async def test_panes_show_every_name_literally_and_stay_aligned(tmp_path: Path) -> None:
    app = hostile_app(tmp_path / "catalog")
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        shown = screen_text(app)
        for name in HOSTILE_NAMES:
            assert one_line(name)[:30] in shown, name
        assert one_line(HOSTILE_TITLE) in shown  # the pane title
        assert "[link=http://evil.example]click[/link]" in shown  # not a link, not eaten
        assert "漢字ツール" in shown and "emoji 🚀🤖" in shown
        assert_screen_is_inert(app)
        assert_lines_fill_the_width(app)
        # Every row of the panes has its borders in the same cells as the first row.
        lines = shown.splitlines()
        first = border_columns(lines[2])
        assert len(first) == 8
        for line in lines[2:8]:
            assert border_columns(line) == first, line


async def test_detail_panel_shows_each_tool_literally(tmp_path: Path) -> None:
    app = hostile_app(tmp_path / "catalog")
    async with app.run_test(size=WIDE) as pilot:
        for index, tool_ in enumerate(app.tools):
            app.jump_to_tool(index)
            await pilot.pause()
            shown = screen_text(app)
            detail = shown[shown.index("Segment: ") - 250 :]
            assert one_line(tool_.name)[:30] in detail, tool_.name
            if tool_.name != "Plain Tool":
                for line in visible(HOSTILE_REASONING).splitlines():
                    assert line in shown, line
                # The description is multi-line text: newlines and tabs lay it out.
                first_line = visible(f"desc {tool_.name}").splitlines()[0].split("\t")[0]
                assert first_line[:40] in shown
            assert_screen_is_inert(app)
            assert_lines_fill_the_width(app)
        app.jump_to_tool(0)
        await pilot.pause()
        aliases = ", ".join(one_line(alias) for alias in HOSTILE_ALIASES)
        assert f"Aliases: {aliases}" in screen_text(app)


async def test_search_highlights_hostile_names_without_interpreting_them(tmp_path: Path) -> None:
    app = hostile_app(tmp_path / "catalog")
    async with app.run_test(size=WIDE) as pilot:
        for query, row in [
            ("clear", "␛[2Jclear"),
            ("bold", "[bold]x[/]"),
            ("漢字", "漢字ツール"),
            ("blink", "[bold]x[/]  (␛[5mblink)"),  # found by its alias
            ("clip", "␛]52;c;aGVsbG8=\\x07clip"),
        ]:
            await pilot.press("slash", *query)
            await settle(pilot)
            pane = app.panes[app.active]
            assert pane.row_text(0) == row
            marked = "".join(
                seg.text for seg in pane.render_line(0) if seg.style and seg.style.underline
            )
            assert marked and set(marked) <= set(query)
            assert row in screen_text(app)
            assert_screen_is_inert(app)
            assert_lines_fill_the_width(app)
            await pilot.press("escape")
            await settle(pilot)


async def test_command_palette_lists_hostile_names_literally(tmp_path: Path) -> None:
    app = hostile_app(tmp_path / "catalog")
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"evil")
        await wait_for(pilot, "Go to tool: [link=http://evil.example]click[/link]")
        assert_screen_is_inert(app)
        for _ in range(4):
            await pilot.press("backspace")
        await pilot.press(*"clear")
        await wait_for(pilot, "Go to tool: ␛[2Jclear")
        assert_screen_is_inert(app)
        assert_lines_fill_the_width(app)
        await pilot.press("enter")
        await pilot.pause()
        index = app.panes[app.active].current_tool
        assert index is not None and app.tools[index].name == "\x1b[2Jclear"


async def test_narrow_layout_tabs_show_a_hostile_segment_title(tmp_path: Path) -> None:
    app = hostile_app(tmp_path / "catalog")
    async with app.run_test(size=(70, 30)) as pilot:
        await settle(pilot)
        await pilot.press("right")
        await pilot.pause()
        shown = screen_text(app)
        assert one_line(HOSTILE_TITLE)[:12] in shown
        assert_screen_is_inert(app)
        assert_lines_fill_the_width(app)


async def test_header_shows_a_hostile_folder_name_literally(tmp_path: Path) -> None:
    folder = tmp_path / "cat\x1b]0;pwned\x07[b]x"
    app = hostile_app(folder, label=None)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert "cat␛]0;pwned\\x07[b]x" in screen_text(app)
        assert_screen_is_inert(app)


async def test_problems_with_hostile_text_are_announced_and_listed_literally(
    tmp_path: Path,
) -> None:
    root = tmp_path / "catalog"
    weird_key = tool("Keyed", extra=f"{toml_string(chr(27) + '[2Jkey')} = 1\n")
    clash = tool("\x1b[31mTwin") + "\n" + tool("\x1b[31mtwin")
    files(
        {
            "tools/k.toml": weird_key.replace('"Keyed"', toml_string("Keyed")),
            "tools/clash.toml": clash.replace(
                '"\x1b[31mTwin"', toml_string("\x1b[31mTwin")
            ).replace('"\x1b[31mtwin"', toml_string("\x1b[31mtwin")),
            "tools/\x1b]0;title\x07.toml": "[[tools]\n",
        }
    )(root)
    result = load_catalog(root, use_cache=False)
    assert result.catalog is not None and result.errors
    app = CatalogApp(result, label="catalog")
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        await wait_for(pilot, "problems (2 errors); press ! to list")
        assert_screen_is_inert(app)
        await pilot.press("exclamation_mark")
        await wait_for(pilot, "unknown field")
        # Long lines wrap on screen: read the list itself, then check the screen.
        body = app.screen.query_one("#problems-body", Static).render()
        shown = body.plain if isinstance(body, Content) else str(body)
        assert "unknown field `␛[2Jkey` (ignored)" in shown
        assert "tools/␛]0;title\\x07.toml:1:" in shown
        assert "'\\x1b[31mtwin' is already used by '\\x1b[31mTwin'" in shown
        assert_screen_is_inert(app)
        assert_lines_fill_the_width(app)


# ---------------------------------------------------------------------------- moves and saves


async def test_moving_and_saving_hostile_tools_notifies_literally(tmp_path: Path) -> None:
    root = tmp_path / "catalog"
    app = hostile_app(root)
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        clear = app.catalog.find("\x1b[2Jclear")
        assert clear is not None
        app.jump_to_tool(app.tools.index(clear))
        await pilot.pause()
        # The picker and the reason prompt name the tool and the segments literally.
        await pilot.press("m")
        await wait_for(pilot, "Move ␛[2Jclear to")
        assert_screen_is_inert(app)
        await pilot.press("3")
        # The segments are in the prompt's body (issue 12.8: a title is cut when narrow).
        await wait_for(pilot, "Why? It becomes the tool's reasoning")
        assert_screen_is_inert(app)
        await pilot.press(*"[b]why[/b]", "enter")
        await settle(pilot)
        assert clear.segment == "middle" and clear.reasoning == "[b]why[/b]"
        assert "[b]why[/b]" in screen_text(app)  # the detail shows the new reasoning as typed
        await pilot.press("ctrl+s")
        await wait_for_notice(pilot, "1 tool saved to 1 file")
        assert_screen_is_inert(app)
        # A tool already in the first segment cannot go further left: it says so, literally.
        bold = app.catalog.find("[bold]x[/]")
        assert bold is not None
        app.jump_to_tool(app.tools.index(bold))
        await pilot.pause()
        await pilot.press("shift+left")
        await wait_for_notice(pilot, "[bold]x[/] is already in the first segment")
        osc = app.catalog.find("\x1b]52;c;aGVsbG8=\x07clip")
        assert osc is not None
        app.jump_to_tool(app.tools.index(osc))
        await pilot.pause()
        await pilot.press("shift+right")
        await settle(pilot)
        assert osc.segment == "other"
        await pilot.press("shift+right")
        await wait_for_notice(pilot, "␛]52;c;aGVsbG8=\\x07clip is already in the last segment")
        assert_screen_is_inert(app)
        assert_lines_fill_the_width(app)


async def test_failed_save_and_conflict_name_hostile_files_literally(
    tmp_path: Path, monkeypatch: object
) -> None:
    import errno
    import os

    import pytest

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    root = tmp_path / "catalog"
    name = "\x1b]0;pwned\x07[b]x"
    files({f"tools/{name}.toml": tool("Victim", "narrow")})(root)
    app = CatalogApp(load_catalog(root, use_cache=False), label="catalog")
    path = root / "tools" / f"{name}.toml"
    shown_name = f"tools/{one_line(name)}.toml"
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        victim = app.catalog.find("Victim")
        assert victim is not None
        app.jump_to_tool(app.tools.index(victim))
        await pilot.pause()
        await pilot.press("shift+right")
        await settle(pilot)

        def refuse(source: object, target: object) -> None:
            raise OSError(errno.EROFS, os.strerror(errno.EROFS))

        monkeypatch.setattr(os, "replace", refuse)
        await pilot.press("ctrl+s")
        await wait_for_notice(pilot, f"Could not save {shown_name}: read-only file system")
        assert_screen_is_inert(app)
        monkeypatch.undo()
        # Someone else changes the file: the save asks, naming the file literally.
        path.write_text(tool("Victim", "other"), encoding="utf-8")
        await pilot.press("ctrl+s")
        await wait_for(pilot, "File changed on disk")
        message = app.screen.query_one("#choice-message", Static).render()
        assert isinstance(message, Content)
        assert message.plain.startswith(f"{shown_name} changed on disk since it was loaded")
        assert_screen_is_inert(app)
        await pilot.press("r")
        await wait_for_notice(pilot, f"Reloaded {shown_name} from disk")
        assert_screen_is_inert(app)
        assert victim.segment == "other"
