"""What a save writes for adds, edits, renames and removals (issue 13), byte for byte: in a
one-tool file, and in a many-tool file with comments, odd quoting, CRLF and a BOM."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mlseg_tui.catalog.load import load_catalog
from mlseg_tui.domain.edits import EditSession
from mlseg_tui.domain.model import Catalog, SourceRef, Tool
from mlseg_tui.store.catalog_store import CatalogStore
from tests.test_storage import BOM, MANY, ONE_TOOL, SEGMENTS, find, make_catalog

DAY = dt.date(2026, 3, 14)


@pytest.fixture(autouse=True)
def _no_load_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLSEG_NO_CACHE", "1")


@pytest.fixture(params=["lf", "crlf-bom"])
def encode(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    def encode(text: str) -> bytes:
        if request.param == "lf":
            return text.encode()
        return BOM + text.replace("\n", "\r\n").encode()

    return encode


def load(root: Path) -> tuple[Catalog, CatalogStore, EditSession]:
    result = load_catalog(root)
    assert result.ok and result.catalog is not None, result.problems
    store = CatalogStore(result)
    return result.catalog, store, EditSession(result.catalog)


def reloaded(root: Path) -> Catalog:
    result = load_catalog(root)
    assert not result.errors, result.problems
    assert result.catalog is not None
    return result.catalog


# --- one tool a file --------------------------------------------------------------------


def test_editing_fields_of_a_one_tool_file_changes_exactly_their_lines(tmp_path: Path) -> None:
    root = make_catalog(tmp_path / "c", {"tools/a.toml": ONE_TOOL})
    catalog, store, session = load(root)
    airflow = find(catalog, "Airflow")

    session.edit(airflow, {"aliases": ("Airflow", "AF"), "homepage": "https://airflow.apache.org"})
    session.edit(airflow, {"tags": ("orchestration", "dags")}, today=DAY)
    store.save(session)

    assert (root / "tools" / "a.toml").read_text(encoding="utf-8") == ONE_TOOL.replace(
        'aliases = ["Airflow"]\n',
        'aliases = ["Airflow", "AF"]\nhomepage = "https://airflow.apache.org"\n'
        'tags = ["orchestration", "dags"]\n',
    )


def test_a_rename_writes_the_name_the_alias_and_one_history_entry(tmp_path: Path) -> None:
    root = make_catalog(tmp_path / "c", {"tools/a.toml": ONE_TOOL})
    catalog, store, session = load(root)

    session.edit(find(catalog, "Airflow"), {"name": "Airflow 3"}, today=DAY)
    store.save(session)

    assert (root / "tools" / "a.toml").read_text(encoding="utf-8") == ONE_TOOL.replace(
        'name = "Apache Airflow"', 'name = "Airflow 3"'
    ).replace('aliases = ["Airflow"]', 'aliases = ["Airflow", "Apache Airflow"]') + (
        '\n[[tools.history]]\ndate = 2026-03-14\nfrom = "narrow"\nto = "narrow"\nreason = ""\n'
        'renamed_from = "Apache Airflow"\n'
    )
    assert reloaded(root).find("Apache Airflow") is not None


def test_clearing_a_field_removes_its_line_and_setting_it_back_adds_it_at_the_end(
    tmp_path: Path,
) -> None:
    root = make_catalog(tmp_path / "c", {"tools/a.toml": ONE_TOOL})
    catalog, store, session = load(root)
    airflow = find(catalog, "Airflow")

    session.edit(airflow, {"aliases": ()})
    store.save(session)
    text = (root / "tools" / "a.toml").read_text(encoding="utf-8")
    assert text == ONE_TOOL.replace('aliases = ["Airflow"]\n', "")
    session.undo()
    store.save(session)
    assert (root / "tools" / "a.toml").read_text(encoding="utf-8") == ONE_TOOL


def test_removing_the_one_tool_deletes_its_file_and_undo_writes_it_back(tmp_path: Path) -> None:
    root = make_catalog(tmp_path / "c", {"tools/a.toml": ONE_TOOL, "tools/b.toml": MANY})
    catalog, store, session = load(root)
    airflow = find(catalog, "Airflow")

    session.remove(airflow)
    report = store.save(session)

    path = root / "tools" / "a.toml"
    assert report.removed_files == [path] and report.written == [path] and not path.exists()
    assert reloaded(root).find("Airflow") is None
    session.undo()
    report = store.save(session)
    assert report.created == [path]
    back = reloaded(root).find("Airflow")
    assert back is not None
    assert (back.name, back.segment, back.reasoning, back.aliases) == (
        "Apache Airflow", "narrow", airflow.reasoning, ("Airflow",),
    )  # fmt: skip
    assert back.essay is not None and back.essay.listed_as == ("Airflow",)


def test_a_file_with_other_comments_keeps_them_when_its_tool_goes(tmp_path: Path) -> None:
    text = ONE_TOOL + "\n# Notes kept for later.\n"
    root = make_catalog(tmp_path / "c", {"tools/a.toml": text, "tools/b.toml": MANY})
    catalog, store, session = load(root)

    session.remove(find(catalog, "Airflow"))
    store.save(session)

    assert (root / "tools" / "a.toml").read_text(encoding="utf-8") == (
        "# Catalog entry for Apache Airflow.\n\n# Notes kept for later.\n"
    )


def test_an_added_tool_gets_a_file_named_from_it_never_replacing_one(tmp_path: Path) -> None:
    root = make_catalog(tmp_path / "c", {"tools/a.toml": ONE_TOOL})
    (root / "tools" / "feast.toml.bak").write_text("not a tool file")
    _catalog, store, session = load(root)
    taken = root / "tools" / "feast.toml"
    feast = Tool("Feast", "narrow", "Serves features.", SourceRef(taken, -1), tags=("ml",))
    session.add(feast, new_file=True)
    taken.write_text("# appeared meanwhile\n")  # created behind the app's back

    report = store.save(session)

    assert taken.read_text() == "# appeared meanwhile\n"
    assert report.created == [root / "tools" / "feast-2.toml"] and feast.source.index == 0
    assert (root / "tools" / "feast-2.toml").read_text(encoding="utf-8") == (
        '# Catalog entry for Feast.\n\n[[tools]]\nname = "Feast"\nsegment = "narrow"\n'
        'reasoning = "Serves features."\ntentative = false\ntags = ["ml"]\n'
    )
    assert not list(root.rglob(".*.tmp"))


# --- many tools a file ------------------------------------------------------------------


def test_removing_a_middle_tool_takes_its_table_and_comment_only(tmp_path: Path, encode) -> None:  # type: ignore[no-untyped-def]
    root = make_catalog(tmp_path / "c", {"imported.toml": encode(MANY)})
    catalog, store, session = load(root)

    session.remove(find(catalog, "Beta"))
    store.save(session)

    start = MANY.index("# --- Beta below ---")
    end = MANY.index("\n# Gamma's comment")
    expected = MANY[: start - 1] + MANY[end:]
    assert (root / "imported.toml").read_bytes() == encode(expected)
    assert [t.name for t in reloaded(root).tools] == ["Alpha", "Gamma"]
    assert find(catalog, "Gamma").source.index == 1


def test_removing_the_first_and_last_tools_keeps_the_file_heading(tmp_path: Path, encode) -> None:  # type: ignore[no-untyped-def]
    root = make_catalog(tmp_path / "c", {"imported.toml": encode(MANY)})
    catalog, store, session = load(root)

    session.remove(find(catalog, "Alpha"))
    session.remove(find(catalog, "Gamma"))
    store.save(session)

    beta = MANY[MANY.index("# --- Beta below ---") : MANY.index("\n# Gamma's comment")]
    assert (root / "imported.toml").read_bytes() == encode(
        "# Imported tools; comments are kept.\n\n" + beta
    )


def test_adding_appends_a_table_in_the_files_line_endings(tmp_path: Path, encode) -> None:  # type: ignore[no-untyped-def]
    root = make_catalog(tmp_path / "c", {"imported.toml": encode(MANY)})
    _catalog, store, session = load(root)
    path = root / "imported.toml"
    delta = Tool("Delta", "other", 'Says "hi"\nover two lines.', SourceRef(path, -1))
    delta.aliases = ("D",)
    session.add(delta)

    store.save(session)

    assert path.read_bytes() == encode(
        MANY + '\n[[tools]]\nname = "Delta"\nsegment = "other"\n'
        'reasoning = """\nSays "hi"\nover two lines."""\naliases = ["D"]\ntentative = false\n'
    )
    assert delta.source == SourceRef(path, 3)
    assert reloaded(root).find("D") is not None


COMBINED = """\
# Imported tools; comments are kept.

[[tools]]   # the first
name='Alpha Two'
segment   =   'narrow'   # literal, odd spacing
reasoning = 'Literal reasoning, with "quotes".'
tags = ["c"]
aliases = ["Alpha"]

[[tools.history]]
date = 2026-03-14
from = "narrow"
to = "narrow"
reason = ""
renamed_from = "Alpha"

# Gamma's comment
[[tools]]
name = "Gamma"
segment = "middle"
reasoning = "Plainer."
vendor = "G Inc."

[[tools.history]]
date = 2026-03-14
from = "middle"
to = "middle"
reason = ""
previous_reasoning = "Plain."

[[tools]]
name = "Beta"
segment = "narrow"
reasoning = "Back, new."
tentative = false
"""


def test_edit_rename_remove_and_add_in_one_save_of_one_file(tmp_path: Path, encode) -> None:  # type: ignore[no-untyped-def]
    root = make_catalog(tmp_path / "c", {"imported.toml": encode(MANY)})
    catalog, store, session = load(root)
    path = root / "imported.toml"
    session.edit(find(catalog, "Alpha"), {"name": "Alpha Two", "tags": ("c",)}, today=DAY)
    session.edit(find(catalog, "Gamma"), {"reasoning": "Plainer.", "vendor": "G Inc."}, today=DAY)
    session.remove(find(catalog, "Beta"))
    session.add(Tool("Beta", "narrow", "Back, new.", SourceRef(path, -1)))  # its name, freed

    report = store.save(session)

    assert report.ok and report.written == [path]
    # The quoting, spacing and comments of the lines not edited are the file's own.
    assert path.read_bytes() == encode(COMBINED)
    assert [t.name for t in reloaded(root).tools] == ["Alpha Two", "Gamma", "Beta"]
    assert [t.source.index for t in catalog.tools] == [0, 1, 2]


def test_a_save_that_frees_a_name_writes_the_taker_only_after_the_giver(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_catalog(tmp_path / "c", {"tools/a.toml": ONE_TOOL, "imported.toml": MANY})
    catalog, store, session = load(root)
    # Gamma takes the name "Apache Airflow", which the removal of a.toml's tool frees.
    session.remove(find(catalog, "Airflow"))
    session.edit(find(catalog, "Gamma"), {"name": "Apache Airflow"}, today=DAY)
    real_remove = __import__("mlseg_tui.store.atomic", fromlist=["remove_file"]).remove_file

    def failing(path: Path, before=None) -> None:  # type: ignore[no-untyped-def]
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("mlseg_tui.store.atomic.remove_file", failing)
    report = store.save(session)

    assert report.written == []
    assert report.failures[0] == (root / "tools" / "a.toml", "disk full")
    assert report.failures[1][0] == root / "imported.toml"
    assert "takes the name 'apache airflow'" in report.failures[1][1]
    assert report.pending == [root / "tools" / "a.toml", root / "imported.toml"]
    assert (root / "imported.toml").read_text(encoding="utf-8") == MANY
    assert session.pending_count == 2
    monkeypatch.setattr("mlseg_tui.store.atomic.remove_file", real_remove)
    report = store.save(session)
    assert report.ok and report.written == [root / "tools" / "a.toml", root / "imported.toml"]
    assert reloaded(root).find("Apache Airflow").name == "Apache Airflow"  # type: ignore[union-attr]


def test_segments_file_is_never_a_target(tmp_path: Path) -> None:
    root = make_catalog(tmp_path / "c", {"tools/a.toml": ONE_TOOL})
    assert (root / "segments.toml").read_text(encoding="utf-8") == SEGMENTS
