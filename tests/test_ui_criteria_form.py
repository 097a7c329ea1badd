"""Review finding 8: the add/edit form answers the hand-holding criteria, with only the
values the catalog's segments.toml allows, and a save writes only the answers changed."""

from __future__ import annotations

from pathlib import Path

import tomli
from textual.widgets import Input, Select, SelectionList

from tests.conftest import make_app, settle
from tests.test_ui_edits import highlight
from tests.test_ui_tool_edits import KAFKA, open_form


def answer_lines(text: str) -> list[str]:
    start = text.index("[tools.criteria]")
    return text[start:].split("\n\n")[0].splitlines()


async def test_e_answers_the_criteria_and_the_save_writes_only_those_lines(
    catalog_dir: Path,
) -> None:
    path = catalog_dir / KAFKA
    old_text = path.read_text(encoding="utf-8")
    old = tomli.loads(old_text)["tools"][0]["criteria"]
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await highlight(app, pilot, "Apache Kafka")
        form = await open_form(pilot, "e")
        flexibility = form.query_one("#field-criterion-2", Select)
        assert flexibility.value == old["flexibility"]  # the form shows today's answers
        stages = form.query_one("#field-criterion-1", SelectionList)
        assert sorted(stages.selected) == sorted(old["lifecycle"])
        stages.focus()
        await pilot.pause()
        # A burst: to the last stage (monitor), tick it, untick it, tick it again.
        await pilot.press("end", "space", "space", "space")
        await pilot.pause()
        flexibility.value = "opinionated"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
    new_text = path.read_text(encoding="utf-8")
    new = tomli.loads(new_text)["tools"][0]
    assert new["criteria"]["flexibility"] == "opinionated"
    assert "monitor" in new["criteria"]["lifecycle"]
    assert "history" not in new  # answers are no move
    # Only the two answer lines changed; everything else is byte for byte as it was.
    changed = [
        (a, b) for a, b in zip(old_text.splitlines(), new_text.splitlines(), strict=True) if a != b
    ]
    assert [a.split(" = ")[0] for a, _ in changed] == ["lifecycle", "flexibility"]


async def test_a_new_tool_leaves_the_criteria_unanswered_unless_answered(
    catalog_dir: Path,
) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        form = await open_form(pilot, "a")
        await pilot.press(*"Zetaa", "backspace")
        form.query_one("#field-reasoning").text = "A test tool."  # type: ignore[attr-defined]
        assert form.values().criteria == ()  # nothing answered by itself
        form.query_one("#field-criterion-0", Select).value = "library"
        assert dict(form.values().criteria) == {"infrastructure": ("library",)}
        stages = form.query_one("#field-criterion-1", SelectionList)
        stages.focus()
        await pilot.pause()
        await pilot.press("space", "space")  # touched, then nothing ticked: the answer "none"
        await pilot.pause()
        assert dict(form.values().criteria)["lifecycle"] == ()
        assert form.query_one("#field-name", Input).value == "Zeta"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
    [written] = [p for p in (catalog_dir / "tools").glob("zeta*.toml")]
    table = tomli.loads(written.read_text(encoding="utf-8"))["tools"][0]
    assert table["criteria"] == {"infrastructure": "library", "lifecycle": []}
    assert '\ninfrastructure = "library"\n' in written.read_text(encoding="utf-8")  # bare keys
