"""Adding (`a`), editing (`e`) and removing (`d`) tools in the browser (issue 13): the form,
its errors as you type and on submit, cancel with and without typing, undo and redo in
any mix with moves, the quit guard, and what a save then writes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import tomli
from textual.widgets import Input, TextArea

from mlseg_tui.ui.app import CatalogApp
from mlseg_tui.ui.screens.discard_screen import DiscardScreen
from mlseg_tui.ui.screens.quit_screen import QuitScreen
from mlseg_tui.ui.screens.remove_screen import RemoveScreen
from mlseg_tui.ui.screens.tool_form import ToolForm
from tests.conftest import make_app, settle
from tests.screen import screen_text, wait_for
from tests.test_ui_edits import highlight, highlighted, pane_names, record_notifications

KAFKA = "tools/apache-kafka.toml"


def files_of(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def error_of(app: CatalogApp, field: str) -> str:
    return app.screen.query_one(f"#error-{field}").content.plain  # type: ignore[attr-defined]


def detail(app: CatalogApp) -> str:
    return app.query_one("#detail-body").content.plain  # type: ignore[attr-defined]


async def open_form(pilot: Any, key: str) -> ToolForm:
    await pilot.press(key)
    await pilot.pause()
    form = pilot.app.screen
    assert isinstance(form, ToolForm)
    return form


async def test_a_adds_a_tool_to_the_highlighted_segment_and_save_creates_its_file(
    catalog_dir: Path,
) -> None:
    before = files_of(catalog_dir)
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await highlight(app, pilot, "Apache Kafka")  # Narrow
        counts = [len(pane.rows) for pane in app.panes]
        form = await open_form(pilot, "a")
        assert form.values().segment == "narrow"
        # A burst with backspaces: every key reaches the field, in order.
        await pilot.press(*"Feastyl", "backspace", "backspace", *"ly", "tab", "tab")
        await pilot.press(*"Serves ML features; one job.", "tab")
        await pilot.press(*"feastly-dev,  ", "tab", "tab")
        assert form.query_one("#field-name", Input).value == "Feastly"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is app.view
        assert [len(pane.rows) for pane in app.panes] == [
            counts[0], counts[1], counts[2] + 1, counts[3],
        ]  # fmt: skip
        assert highlighted(app) == "Feastly" and app.focused is app.panes[2]
        assert "● 1 unsaved" in app.sub_title
        text = detail(app)
        assert "Serves ML features; one job." in text and "Aliases: feastly-dev" in text
        assert "File: tools/feastly.toml (a new tool: written there on save)" in text
        assert files_of(catalog_dir) == before  # nothing written before a save
        await pilot.press("/", *"feastly")  # the index knows it
        await settle(pilot)
        assert highlighted(app) == "Feastly"
        await pilot.press("escape", "ctrl+s")
        await settle(pilot)
        assert "unsaved" not in app.sub_title
    assert (catalog_dir / "tools" / "feastly.toml").read_text(encoding="utf-8") == (
        '# Catalog entry for Feastly.\n\n[[tools]]\nname = "Feastly"\nsegment = "narrow"\n'
        'reasoning = "Serves ML features; one job."\naliases = ["feastly-dev"]\n'
        "tentative = false\n"
    )
    after = files_of(catalog_dir)
    del after["tools/feastly.toml"]
    assert after == before  # no other file touched


async def test_the_form_shows_errors_as_you_type_and_on_submit(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        form = await open_form(pilot, "a")
        await pilot.press(*"sagemaker")
        await pilot.pause()
        assert error_of(app, "name") == "'sagemaker' is already an alias of 'Amazon SageMaker'"
        assert error_of(app, "reasoning") == ""  # not touched yet: no error shown
        await pilot.press(*"x", "backspace", "backspace", *"R AI")
        await pilot.pause()
        assert error_of(app, "name") == ""
        for _ in range(7):
            await pilot.press("tab")
        await pilot.press(*"htp:/x")  # the homepage
        await pilot.pause()
        assert "is not an http(s) URL" in error_of(app, "homepage")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form  # refused
        assert error_of(app, "reasoning") == "must not be empty"
        assert app.focused is form.query_one("#field-reasoning", TextArea)
        await pilot.press(*"Why.", "shift+tab")
        form.query_one("#field-homepage", Input).value = "https://example.com/\x1b[2J"
        await pilot.pause()
        assert error_of(app, "homepage").startswith("holds U+001B (escape)")
        form.query_one("#field-homepage", Input).value = ""
        form.query_one("#field-license", Input).value = "AGPL-3.0"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "deprecated SPDX id; use AGPL-3.0-only or AGPL-3.0-or-later" in error_of(
            app, "license"
        )
        assert app.session.pending_count == 0


async def test_escape_closes_at_once_or_asks_when_something_was_typed(catalog_dir: Path) -> None:
    before = files_of(catalog_dir)
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_form(pilot, "a")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.view
        form = await open_form(pilot, "e")
        await pilot.press(*" X", "backspace")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DiscardScreen)
        await pilot.press("k")  # keep editing: the text is still there
        await pilot.pause()
        assert app.screen is form and form.values().name.endswith(" ")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert app.screen is app.view and app.session.pending_count == 0
        assert not app.session.can_undo
    assert files_of(catalog_dir) == before


async def test_e_edits_only_the_reasoning_and_the_save_writes_those_lines(
    catalog_dir: Path,
) -> None:
    path = catalog_dir / KAFKA
    old_text = path.read_text(encoding="utf-8")
    old = tomli.loads(old_text)["tools"][0]
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await highlight(app, pilot, "Apache Kafka")
        form = await open_form(pilot, "e")
        assert form.values().name == "Apache Kafka"
        area = form.query_one("#field-reasoning", TextArea)
        area.text = 'Kafka is now "the" [bold]event[/] backbone.\nSecond line.'
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert 'Kafka is now "the" [bold]event[/] backbone.' in detail(app)
        assert "Reasoning before:" in detail(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
    new_text = path.read_text(encoding="utf-8")
    table = tomli.loads(new_text)["tools"][0]
    assert table["reasoning"] == 'Kafka is now "the" [bold]event[/] backbone.\nSecond line.'
    [entry] = table["history"]
    assert (entry["from"], entry["to"], entry["previous_reasoning"]) == (
        "narrow", "narrow", old["reasoning"],
    )  # fmt: skip
    assert {k: v for k, v in table.items() if k not in ("reasoning", "history")} == {
        k: v for k, v in old.items() if k != "reasoning"
    }
    # Every line outside the reasoning and the new history table is unchanged.
    head = old_text[: old_text.index('reasoning = """')]
    tail = old_text[old_text.index("aliases = ") :]
    assert new_text.startswith(head) and tail in new_text


async def test_e_renames_keeping_the_old_name_findable_and_changes_segment_as_a_move(
    catalog_dir: Path,
) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await highlight(app, pilot, "Apache Kafka")
        form = await open_form(pilot, "e")
        form.query_one("#field-name", Input).value = "Kafka Streams"
        form.query_one("#field-segment").value = "middle"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await pilot.pause()
        kafka = app.catalog.find("Apache Kafka")
        assert kafka is not None and kafka.name == "Kafka Streams"
        assert kafka.aliases == ("Kafka", "Apache Kafka")
        assert app.active == 1 and highlighted(app) == "Kafka Streams"
        assert "Kafka Streams" in pane_names(app, 1)
        await pilot.press("/", *"apache kafka")
        await settle(pilot)
        assert highlighted(app) == "Kafka Streams"
        entry = kafka.history[-1]
        assert (entry.from_segment, entry.to_segment, entry.renamed_from) == (
            "narrow", "middle", "Apache Kafka",
        )  # fmt: skip


async def test_d_asks_naming_the_tool_and_removes_it_until_save_deletes_the_file(
    catalog_dir: Path,
) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await highlight(app, pilot, "Apache Kafka")
        narrow = pane_names(app, 2)
        at = narrow.index("Apache Kafka")
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, RemoveScreen)
        assert "Remove Apache Kafka from the catalog?" in screen_text(app)
        assert "tools/apache-kafka.toml" in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        assert pane_names(app, 2) == narrow
        await pilot.press("d", "y")
        await pilot.pause()
        assert pane_names(app, 2) == narrow[:at] + narrow[at + 1 :]
        assert highlighted(app) == narrow[at + 1]  # the tool that took its row
        assert app.catalog.find("Kafka") is None and "● 1 unsaved" in app.sub_title
        assert (catalog_dir / KAFKA).exists()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not (catalog_dir / KAFKA).exists()


async def test_undo_and_redo_across_adds_edits_moves_and_removals(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        loaded = [(t.name, t.segment, t.reasoning, t.aliases, t.history) for t in app.tools]
        panes = [pane_names(app, number) for number in range(4)]
        await highlight(app, pilot, "Apache Kafka")
        await pilot.press("L")  # a move
        await open_form(pilot, "a")  # an add, in Middle where Kafka now is
        await pilot.press(*"Feastly", "tab", "tab", *"Features.", "ctrl+s")
        await pilot.pause()
        form = await open_form(pilot, "e")  # an edit of the new tool
        form.query_one("#field-vendor", Input).value = "Tecton"
        await pilot.press("ctrl+s")
        await highlight(app, pilot, "Ray")
        await pilot.press("d", "y")  # a removal
        await pilot.pause()
        final = [(t.name, t.segment, t.vendor) for t in app.tools]
        assert app.session.pending_count == 3  # Kafka, Feastly, Ray
        for _ in range(4):
            await pilot.press("u")
            await pilot.pause()
        assert [(t.name, t.segment, t.reasoning, t.aliases, t.history) for t in app.tools] == loaded
        assert [pane_names(app, number) for number in range(4)] == panes
        assert "unsaved" not in app.sub_title
        for _ in range(4):
            await pilot.press("ctrl+r")
            await pilot.pause()
        assert [(t.name, t.segment, t.vendor) for t in app.tools] == final
        assert "● 3 unsaved" in app.sub_title


async def test_quit_asks_while_an_add_is_unsaved(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_form(pilot, "a")
        await pilot.press(*"Feastly", "tab", "tab", *"Features.", "ctrl+s", "q")
        await pilot.pause()
        assert isinstance(app.screen, QuitScreen)
        assert "1 unsaved change. Save it before quitting?" in screen_text(app)
        await pilot.press("c")


async def test_keys_are_listed_in_help_the_detail_and_the_palette(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 60)) as pilot:
        assert "Keys: e edit · m move · d remove · a add a tool · u undo" in detail(app)
        await pilot.press("question_mark")
        await pilot.pause()
        shown = app.screen.query_one("#help-body").content.plain  # type: ignore[attr-defined]
        for words in (
            "Add",
            "Edit",
            "Remove",
            "Accept the form",
            "Keep editing",
            "Remove it",
        ):
            assert words in shown
        await pilot.press("escape", "ctrl+p")
        await pilot.pause()
        await pilot.press(*"remove tool")
        await wait_for(pilot, "Remove tool…")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RemoveScreen)


async def test_a_round_trip_saves_nothing(catalog_dir: Path) -> None:
    # Issue 12, point 3: L, H, ctrl+s wrote twelve lines of history for no change.
    before = files_of(catalog_dir)
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        notes = record_notifications(app)
        await highlight(app, pilot, "Apache Kafka")
        await pilot.press("L", "H")
        await pilot.pause()
        assert "unsaved" not in app.sub_title
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert ("Nothing to save.", "information") in notes
    assert files_of(catalog_dir) == before


async def test_many_tool_files_offer_a_file_and_append_to_it(tmp_path: Path) -> None:
    root = tmp_path / "c"
    (root / "tools").mkdir(parents=True)
    from tests.corpus import SEGMENTS, tool

    (root / "segments.toml").write_text(SEGMENTS, encoding="utf-8")
    (root / "tools" / "a.toml").write_text(tool("A1") + "\n" + tool("A2"), encoding="utf-8")
    (root / "tools" / "b.toml").write_text(tool("B1", "other") + "\n" + tool("B2", "other"))
    app = make_app(root)
    async with app.run_test(size=(120, 40)) as pilot:
        await highlight(app, pilot, "B1")
        form = await open_form(pilot, "a")
        assert form.chosen_file() == root / "tools" / "b.toml"
        await pilot.press(*"New One", "tab", "tab", *"Why.", "ctrl+s")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
    names = [t["name"] for t in tomli.loads((root / "tools" / "b.toml").read_text())["tools"]]
    assert names == ["B1", "B2", "New One"]


async def test_a_tool_added_in_the_essay_view_is_announced_as_hidden(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        notes = record_notifications(app)
        await pilot.press("E")
        await open_form(pilot, "a")
        await pilot.press(*"Feastly", "tab", "tab", *"Features.", "ctrl+s")
        await pilot.pause()
        assert app.catalog.find("Feastly") is not None and "● 1 unsaved" in app.sub_title
        assert any("the essay view hides the tools added" in message for message, _ in notes)
        await pilot.press("E")
        await pilot.pause()
        await highlight(app, pilot, "Feastly")
        assert highlighted(app) == "Feastly"


async def test_a_burst_of_keys_in_the_edit_form_reaches_every_field_in_order(
    catalog_dir: Path,
) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await highlight(app, pilot, "Apache Kafka")
        await open_form(pilot, "e")
        keys = [*" XYZ", "backspace", "backspace", "backspace", "backspace", "tab", "tab", "tab"]
        keys += ["ctrl+u", *"Kafka, Kafka Streams, K8", "backspace", "backspace", *"ak"]
        await pilot.press(*keys, "ctrl+s")
        await pilot.pause()
        assert app.screen is app.view
        kafka = app.catalog.find("Apache Kafka")
        assert kafka is not None and kafka.aliases == ("Kafka", "Kafka Streams", "ak")
        assert kafka.name == "Apache Kafka"  # " XYZ" typed and erased


async def test_edit_and_remove_work_in_the_scale_view(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        assert app.view.scale.shown
        tool = app.view.current_tool()
        assert tool is not None
        form = await open_form(pilot, "e")
        assert form.values().name == tool.name
        form.query_one("#field-vendor", Input).value = "Someone Else"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert tool.vendor == "Someone Else" and "● 1 unsaved" in app.sub_title
        await pilot.press("d", "y")
        await pilot.pause()
        assert tool not in app.tools and app.view.scale.shown
        await pilot.press("u", "u")
        await pilot.pause()
        assert tool in app.tools and tool.vendor != "Someone Else"
        assert "unsaved" not in app.sub_title
