"""The segments' two orders (issue 12, point 6): panes, picker, number keys and H/L follow
the hand-holding scale as segments.toml states it; the markdown export keeps the essay's
list order; a catalog with segments of its own works the same way."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from mlseg_tui.catalog.load import load_catalog
from mlseg_tui.cli.commands import main
from mlseg_tui.domain.model import Catalog, Segment
from mlseg_tui.domain.segment_order import essay_ordered, neighbour, scale_ordered
from mlseg_tui.ui.screens.reason_prompt import ReasonPrompt
from mlseg_tui.ui.widgets.scale_axis import ScaleAxis, axis_text
from mlseg_tui.ui.widgets.tab_strip import TabStrip
from tests.conftest import make_app, settle
from tests.screen import screen_lines

# A catalog of its own: three segments, written in neither order, one off its scale.
OWN_SEGMENTS = """\
[[segments]]
id = "misc"
title = "Misc"
definition = "Not placed."
essay_position = 1

[[segments]]
id = "light"
title = "Light"
definition = "Light tools."
scale_position = 2
essay_position = 3

[[segments]]
id = "heavy"
title = "Heavy"
definition = "Heavy platforms."
scale_position = 1
essay_position = 2
"""


def tool(name: str, segment: str) -> str:
    return f'[[tools]]\nname = "{name}"\nsegment = "{segment}"\nreasoning = "Because."\n'


@pytest.fixture
def own_catalog(tmp_path: Path) -> Path:
    root = tmp_path / "own"
    root.mkdir()
    (root / "segments.toml").write_text(OWN_SEGMENTS, encoding="utf-8")
    for name, segment in [("Anvil", "heavy"), ("Feather", "light"), ("Odd", "misc")]:
        (root / f"{name.lower()}.toml").write_text(tool(name, segment), encoding="utf-8")
    return root


def segment(sid: str, scale: int | None, essay: int | None) -> Segment:
    return Segment(sid, sid.title(), "d", scale_position=scale, essay_position=essay)


def test_scale_order_runs_heavy_to_light_then_off_the_scale_in_essay_order() -> None:
    given = [
        segment("other", None, 4),
        segment("narrow", 3, 2),
        segment("aside", None, 1),
        segment("hand-holding", 1, 3),
        segment("middle", 2, None),
    ]
    assert [s.id for s in scale_ordered(given)] == [
        "hand-holding",
        "middle",
        "narrow",
        "aside",
        "other",
    ]
    assert [s.id for s in essay_ordered(given)] == [
        "aside",
        "narrow",
        "hand-holding",
        "other",
        "middle",
    ]
    # Without positions, the given order stands.
    plain = [segment(sid, None, None) for sid in ("b", "a", "c")]
    assert [s.id for s in scale_ordered(plain)] == ["b", "a", "c"]


def test_neighbours_step_along_the_display_order() -> None:
    catalog = Catalog(
        Path("."),
        [
            segment("narrow", 3, 2),
            segment("other", None, 4),
            segment("hand-holding", 1, 1),
            segment("middle", 2, 3),
        ],
        [],
    )
    assert catalog.segment_ids() == ["hand-holding", "middle", "narrow", "other"]
    assert catalog.neighbour("hand-holding", 1) == "middle"  # not the light end
    assert catalog.neighbour("middle", 1) == "narrow"
    assert catalog.neighbour("narrow", 1) == "other"
    assert catalog.neighbour("narrow", -1) == "middle"
    assert catalog.neighbour("hand-holding", -1) is None
    assert catalog.neighbour("other", 1) is None
    assert neighbour(catalog.segments, "nowhere", 1) is None


def test_the_bundled_segments_state_both_orders() -> None:
    catalog = load_catalog(Path(__file__).resolve().parent.parent / "catalog").catalog
    assert catalog is not None
    assert catalog.segment_ids() == ["hand-holding", "middle", "narrow", "other"]
    assert [s.id for s in catalog.essay_segments()] == [
        "hand-holding",
        "narrow",
        "middle",
        "other",
    ]


@pytest.mark.parametrize(
    ("fields", "line", "message"),
    [
        ("scale_position = 0\n", 7, "`scale_position` must be a whole number from 1"),
        ('scale_position = "1"\n', 7, "`scale_position` must be a whole number from 1"),
        ("essay_position = 1.5\n", 7, "`essay_position` must be a whole number from 1"),
        # A position taken twice: on the later table ("heavy"), naming the first.
        ("scale_position = 1\n", 13, "`scale_position` 1 is taken by segment 'light'"),
        ("essay_position = 2\n", 13, "`essay_position` 2 is taken by segment 'light'"),
    ],
)
def test_bad_positions_are_reported_on_their_segment(
    own_catalog: Path, fields: str, line: int, message: str
) -> None:
    # The "light" table: its positions replaced by `fields`.
    text = OWN_SEGMENTS.replace("scale_position = 2\nessay_position = 3\n", fields)
    (own_catalog / "segments.toml").write_text(text, encoding="utf-8")
    result = load_catalog(own_catalog)
    assert result.catalog is None
    expected = f"{own_catalog / 'segments.toml'}:{line}:1: error: {message}"
    assert expected in map(str, result.errors), result.errors


def test_a_catalog_needs_one_to_nine_segments(own_catalog: Path) -> None:
    tables = "".join(
        f'[[segments]]\nid = "s{n}"\ntitle = "S{n}"\ndefinition = "d"\n' for n in range(10)
    )
    (own_catalog / "segments.toml").write_text(tables, encoding="utf-8")
    result = load_catalog(own_catalog)
    assert result.catalog is None
    assert any("define from 1 to 9 [[segments]] (found 10)" in str(p) for p in result.errors)


def test_a_catalog_with_segments_of_its_own_loads_in_its_scale_order(own_catalog: Path) -> None:
    result = load_catalog(own_catalog)
    assert result.ok and result.catalog is not None
    assert result.catalog.segment_ids() == ["heavy", "light", "misc"]
    assert [s.id for s in result.catalog.essay_segments()] == ["misc", "heavy", "light"]


async def test_own_segments_show_in_scale_order_and_h_l_step_along_it(own_catalog: Path) -> None:
    app = make_app(own_catalog)
    async with app.run_test(size=(120, 30)) as pilot:
        assert [pane.segment_id for pane in app.panes] == ["heavy", "light", "misc"]
        anvil = app.catalog.find("Anvil")
        assert anvil is not None
        app.jump_to_tool(app.tools.index(anvil))
        await pilot.press("L")
        assert anvil.segment == "light"
        await pilot.press("L")
        assert anvil.segment == "misc"
        await pilot.press("H", "H")
        assert anvil.segment == "heavy"
        assert app.active == 0


def export_markdown(root: Path) -> str:
    result = CliRunner().invoke(main, ["export", "--format", "markdown", "--catalog", str(root)])
    assert result.exit_code == 0, result.output
    return result.output


def test_markdown_export_keeps_the_essays_list_order(own_catalog: Path) -> None:
    headings = [line for line in export_markdown(own_catalog).splitlines() if line[:3] == "## "]
    assert headings == ["## Misc", "## Heavy", "## Light"]
    bundled = Path(__file__).resolve().parent.parent / "catalog"
    headings = [line for line in export_markdown(bundled).splitlines() if line[:3] == "## "]
    assert headings == ["## Hand-holding", "## Narrow", "## Middle of the road", "## Other"]


async def test_the_wide_layout_shows_the_axis_over_the_panes_on_the_scale(
    catalog_dir: Path,
) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        axis = app.query_one(ScaleAxis)
        assert axis.region.area
        line = screen_lines(app)[axis.region.y]
        other = app.panes[3]
        assert line.startswith("◀ heavy") and "▶" in line[: other.region.x]
        assert line.index("▶") < other.region.x <= line.index("not on the scale")
        assert not app.query_one(TabStrip).display


async def test_the_narrow_layouts_mark_the_scale_in_the_tab_strip(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        tabs = app.query_one(TabStrip).content.plain  # type: ignore[union-attr]
        assert tabs.startswith("heavy ◀  Hand-holding")
        assert tabs.index("Middle") < tabs.index("Narrow") < tabs.index("▶ light")
        assert tabs.index("▶ light") < tabs.index("┆") < tabs.index("Other")
        assert not app.query_one(ScaleAxis).display


def test_the_axis_fits_its_width() -> None:
    for width in (3, 10, 30, 90):
        text = axis_text(width)
        assert len(text) == width and text.startswith("◀") and text.endswith("▶")
    assert "heavy" in axis_text(40) and "light" in axis_text(40)


@pytest.mark.parametrize("size", [(160, 40), (80, 24), (40, 12)])
async def test_number_keys_show_a_pane(catalog_dir: Path, size: tuple[int, int]) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=size) as pilot:
        for key, pane in [("3", 2), ("1", 0), ("4", 3), ("2", 1), ("9", 1)]:
            await pilot.press(key)
            assert app.active == pane, key
            assert app.focused is app.panes[pane]


async def test_number_keys_pick_in_the_move_picker_and_type_in_the_search(
    catalog_dir: Path,
) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        kafka = app.catalog.find("Apache Kafka")
        assert kafka is not None
        app.jump_to_tool(app.tools.index(kafka))
        await pilot.press("m", "2")  # the picker's 2: Middle of the road, not the pane
        await pilot.pause()
        assert isinstance(app.screen, ReasonPrompt)
        await pilot.press("1", "enter")  # typed into the reason
        await settle(pilot)
        assert kafka.segment == "middle" and kafka.reasoning == "1"
        await pilot.press("slash", "3", "d")
        await settle(pilot)
        assert app.search_text == "3d"
