"""An empty criteria list (`lifecycle = []`) is an answer, "none" (review finding 6): the
detail says so, the score counts it and the review does not list it as unanswered."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from mlseg_tui.catalog.load import load_catalog
from mlseg_tui.domain.criteria import answer_text, assess
from mlseg_tui.domain.review import UNANSWERED, review
from tests.conftest import make_app, settle
from tests.test_ui_browser import detail_text

BUNDLED = Path(__file__).resolve().parent.parent / "catalog"


def test_an_empty_list_reads_none_and_counts_as_answered() -> None:
    catalog = load_catalog(BUNDLED).catalog
    assert catalog is not None
    halide = next(tool for tool in catalog.tools if tool.name == "Halide")
    assert dict(halide.criteria)["lifecycle"] == ()
    assert answer_text(halide.criteria, "lifecycle") == "none"
    assert answer_text(halide.criteria, "no-such-criterion") == ""
    assert assess(catalog.metric, halide.criteria, halide.segment).score is not None
    items = review(catalog, dt.date(2026, 12, 5))
    assert not [i for i in items if i.kind == UNANSWERED and i.name == "Halide"]


async def test_the_detail_says_none_for_an_empty_answer(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 50)) as pilot:
        await pilot.press("slash", *"halidx", "backspace", "e", "enter")
        await settle(pilot)
        assert app.tools[app.panes[app.active].current_tool].name == "Halide"  # type: ignore[index]
        text = detail_text(app)
        assert "Lifecycle: none" in text and "not answered" not in text, text
